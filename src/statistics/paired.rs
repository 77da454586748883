//! Paired samples: the same customers asked before and after (SPEC:
//! "Before and after, paired"). Tables have rows = before and columns =
//! after; every change is after minus before.
//!
//! A yes/no answer (a CSAT top box, a problem solved) moves between two
//! states, and its change is the paired difference of two proportions:
//! Tango's score interval and McNemar's chi-square, the test that interval
//! inverts. NPS moves each customer between detractor, passive and
//! promoter: its change is the mean change of the -1/0/+1 code (Wald), and
//! the Stuart-Maxwell test says separately whether the mix of the three
//! groups moved.

use serde::Serialize;

use crate::error::Error;
use crate::metric::Metric;
use crate::statistics::confidence::ConfidenceLevel;
use crate::statistics::distribution::{chi_square_upper_tail, normal_two_sided};
use crate::statistics::net::NetCounts;

/// Below this many discordant pairs the exact binomial McNemar p is given
/// beside the chi-square one.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::EXACT_MCNEMAR_BELOW, 25);
/// ```
pub const EXACT_MCNEMAR_BELOW: u64 = 25;

/// A change between paired answers, after minus before, with its interval
/// and the test that decides it.
///
/// # Example
///
/// See [`PairedShare`] and [`PairedNps`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PairedChange {
    /// Pairs (customers asked before and after).
    pub pairs: u64,
    /// After minus before: percentage points for a share, points for NPS.
    pub change: f64,
    /// The interval's lower bound, in the change's unit.
    pub ci_low: f64,
    /// The interval's upper bound.
    pub ci_high: f64,
    /// The interval's confidence level.
    pub level: f64,
    /// McNemar's chi-square (1 degree of freedom) for a share; `z` for NPS.
    pub statistic: f64,
    /// The two-sided p-value of "no change", which the interval inverts.
    pub p_value: f64,
    /// For a share with fewer than [`EXACT_MCNEMAR_BELOW`] discordant
    /// pairs, the exact binomial McNemar p, printed beside `p_value`.
    pub exact_p_value: Option<f64>,
}

impl PairedChange {
    /// Whether the p-value is below `1 - level`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, PairedShare};
    /// let change = PairedShare::new([[794, 150], [86, 570]])?.change(ConfidenceLevel::P95)?;
    /// assert!(change.is_significant());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn is_significant(&self) -> bool {
        self.p_value < 1.0 - self.level
    }
}

/// A yes/no answer of the same customers before and after: a 2×2 table,
/// rows before (yes, no), columns after (yes, no).
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, PairedShare};
/// // Agresti (2013, table 11.1): approval of the prime minister in two
/// // surveys of the same 1 600 people.
/// let approval = PairedShare::new([[794, 150], [86, 570]])?;
/// let change = approval.change(ConfidenceLevel::P95)?;
/// assert_eq!(change.change, -4.0); // 59.0 % to 55.0 %
/// assert!((change.statistic - 17.356).abs() < 1e-3); // McNemar, as Agresti
/// assert!(change.ci_high < 0.0 && change.exact_p_value.is_none());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PairedShare {
    table: [[u64; 2]; 2],
    pairs: u64,
}

impl PairedShare {
    /// The table of pairs: `table[before][after]`, index 0 for yes.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without pairs; [`Error::CountOverflow`] for counts
    /// whose total passes `u64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::PairedShare::new([[0, 0], [0, 0]]).is_err());
    /// ```
    pub fn new(table: [[u64; 2]; 2]) -> Result<PairedShare, Error> {
        let pairs = total(table.iter().flatten(), Metric::Share)?;
        if pairs == 0 {
            return Err(Error::empty(Metric::Share));
        }
        Ok(PairedShare { table, pairs })
    }

    /// The table, `table[before][after]`, index 0 for yes.
    pub fn table(&self) -> [[u64; 2]; 2] {
        self.table
    }

    /// The discordant pairs: (yes before and no after, no before and yes
    /// after).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::PairedShare::new([[794, 150], [86, 570]])?.discordant(), (150, 86));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn discordant(&self) -> (u64, u64) {
        (self.table[0][1], self.table[1][0])
    }

    /// The change of the share, after minus before, with Tango's score
    /// interval and McNemar's test (no continuity correction).
    ///
    /// # Errors
    ///
    /// None in practice: the table has pairs.
    ///
    /// # Formula
    ///
    /// ```text
    /// b = yes→no, c = no→yes, n pairs;  change = 100 (c - b) / n
    /// McNemar: χ² = (c - b)² / (b + c)  (0 with p = 1 when b + c = 0)
    /// Tango (1998): every Δ whose score statistic
    ///     (c - b - n Δ) / sqrt(n (2 q + Δ (1 - Δ)))  lies within ±z,
    ///     q the restricted maximum likelihood of b / n under Δ;
    ///     at Δ = 0 it is McNemar's z, so p and interval never disagree
    /// exact (b + c < 25): p = min(1, 2 P(X <= min(b, c))), X ~ Binomial(b + c, 1/2)
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, PairedShare};
    /// // 2 customers lost, 9 won: 11 discordant pairs, so the exact p too.
    /// let change = PairedShare::new([[30, 2], [9, 19]])?.change(ConfidenceLevel::P95)?;
    /// assert_eq!(change.exact_p_value, Some(134.0 / 2048.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn change(&self, level: ConfidenceLevel) -> Result<PairedChange, Error> {
        let (lost, won) = self.discordant();
        let n = self.pairs as f64;
        let discordant = lost.saturating_add(won);
        // Won pairs are "promoters" of the change, lost ones "detractors":
        // the difference of two shares of one multinomial sample.
        let counts = NetCounts::nps(won as f64, (self.pairs - discordant) as f64, lost as f64);
        let (low, high) = counts.tango_interval(level.z())?;
        let chi_square = if discordant == 0 {
            0.0
        } else {
            let d = won as f64 - lost as f64;
            d * d / discordant as f64
        };
        Ok(PairedChange {
            pairs: self.pairs,
            change: 100.0 * (won as f64 - lost as f64) / n,
            ci_low: 100.0 * low,
            ci_high: 100.0 * high,
            level: level.get(),
            statistic: chi_square,
            p_value: chi_square_upper_tail(chi_square, 1.0),
            exact_p_value: (discordant < EXACT_MCNEMAR_BELOW)
                .then(|| exact_mcnemar(lost.min(won), discordant)),
        })
    }
}

/// The two-sided exact McNemar p: `min(1, 2 P(X <= k))` for `X ~
/// Binomial(m, 1/2)`, summed exactly (m < 25, so every term is a whole
/// number over 2^m).
fn exact_mcnemar(k: u64, m: u64) -> f64 {
    if m == 0 {
        return 1.0;
    }
    let mut term = 1u64; // C(m, 0)
    let mut tail = 0u64;
    for i in 0..=k {
        tail += term;
        term = term * (m - i) / (i + 1);
    }
    (2.0 * tail as f64 / 2f64.powi(m as i32)).min(1.0)
}

/// NPS of the same customers before and after: a 3×3 table of moves,
/// rows before, columns after, in the order detractor, passive, promoter.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, PairedNps};
/// // 100 customers: 10 detractors became promoters, 4 promoters detractors.
/// let moves = PairedNps::new([[20, 5, 10], [3, 30, 2], [4, 1, 25]])?;
/// let change = moves.change(ConfidenceLevel::P95)?;
/// assert_eq!(moves.before_nps(), -5.0); // 30 promoters, 35 detractors
/// assert_eq!(moves.after_nps(), 10.0);  // 37 promoters, 27 detractors
/// assert!((change.change - 15.0).abs() < 1e-12);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PairedNps {
    table: [[u64; 3]; 3],
    pairs: u64,
}

/// Whether the mix of detractors, passives and promoters moved: the
/// Stuart-Maxwell test of marginal homogeneity.
///
/// # Example
///
/// See [`PairedNps::mix`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MixTest {
    /// The chi-square statistic.
    pub chi_square: f64,
    /// Its degrees of freedom: 2, or the rank of the covariance of the
    /// marginal differences when that is singular.
    pub degrees_of_freedom: u32,
    /// The p-value.
    pub p_value: f64,
}

impl PairedNps {
    /// The table of moves: `table[before][after]`, 0 detractor, 1
    /// passive, 2 promoter.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without pairs; [`Error::CountOverflow`] for counts
    /// whose total passes `u64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::PairedNps::new([[0; 3]; 3]).is_err());
    /// ```
    pub fn new(table: [[u64; 3]; 3]) -> Result<PairedNps, Error> {
        let pairs = total(table.iter().flatten(), Metric::Nps)?;
        if pairs == 0 {
            return Err(Error::empty(Metric::Nps));
        }
        Ok(PairedNps { table, pairs })
    }

    /// The table, `table[before][after]`.
    pub fn table(&self) -> [[u64; 3]; 3] {
        self.table
    }

    /// NPS before, in points.
    pub fn before_nps(&self) -> f64 {
        let row = |i: usize| self.table[i].iter().sum::<u64>() as f64;
        100.0 * (row(2) - row(0)) / self.pairs as f64
    }

    /// NPS after, in points.
    pub fn after_nps(&self) -> f64 {
        let column = |j: usize| self.table.iter().map(|row| row[j]).sum::<u64>() as f64;
        100.0 * (column(2) - column(0)) / self.pairs as f64
    }

    /// The change of NPS, after minus before: the mean change of each
    /// customer's -1/0/+1 code, its variance divided by n, a Wald
    /// interval and the z test, which decides significance.
    ///
    /// # Errors
    ///
    /// None in practice: the table has pairs.
    ///
    /// # Formula
    ///
    /// ```text
    /// d = code(after) - code(before) for each customer, in -2..=2
    /// change = 100 mean(d);  SE = 100 sqrt(var(d) / n), var dividing by n
    /// interval: change ± z SE;  z = change / SE  (nobody moved: 0, p = 1)
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, PairedNps};
    /// // Nobody moved: no change, p = 1, the interval the point.
    /// let still = PairedNps::new([[5, 0, 0], [0, 5, 0], [0, 0, 5]])?.change(ConfidenceLevel::P95)?;
    /// assert_eq!((still.change, still.p_value, still.ci_low, still.ci_high), (0.0, 1.0, 0.0, 0.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn change(&self, level: ConfidenceLevel) -> Result<PairedChange, Error> {
        let n = self.pairs as f64;
        let mut sum = 0.0;
        let mut squares = 0.0;
        for (before, row) in self.table.iter().enumerate() {
            for (after, &count) in row.iter().enumerate() {
                let d = after as f64 - before as f64;
                sum += count as f64 * d;
                squares += count as f64 * d * d;
            }
        }
        let mean = sum / n;
        let variance = (squares / n - mean * mean).max(0.0);
        let se = (variance / n).sqrt();
        let (statistic, p_value) = if se > 0.0 {
            let z = mean / se;
            (z, normal_two_sided(z))
        } else if mean == 0.0 {
            (0.0, 1.0)
        } else {
            // Every customer moved the same way: no spread to test with.
            (f64::INFINITY.copysign(mean), 0.0)
        };
        let half = level.z() * se;
        Ok(PairedChange {
            pairs: self.pairs,
            change: 100.0 * mean,
            ci_low: 100.0 * (mean - half),
            ci_high: 100.0 * (mean + half),
            level: level.get(),
            statistic,
            p_value,
            exact_p_value: None,
        })
    }

    /// The Stuart-Maxwell test: did the mix of detractors, passives and
    /// promoters move (which it can without any change of NPS)?
    ///
    /// # Formula
    ///
    /// ```text
    /// d_i = row_i - column_i for detractors and passives (i = 0, 1)
    /// S_ii = row_i + column_i - 2 n_ii,  S_ij = -(n_ij + n_ji)
    /// χ² = dᵀ S⁻¹ d on 2 degrees of freedom; with S singular (one pair of
    /// groups exchanged customers) its Moore-Penrose inverse, on rank(S)
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::PairedNps;
    /// // Passives and promoters swapped places, 10 each way: NPS moved 0,
    /// // the mix did not either.
    /// let swap = PairedNps::new([[10, 0, 0], [0, 5, 10], [0, 10, 5]])?;
    /// assert_eq!(swap.mix().chi_square, 0.0);
    /// // Of 20 passives, 10 became promoters and 10 detractors: NPS the
    /// // same (0), the mix not. By hand: d = (-10, 20), S = [[10, -10],
    /// // [-10, 20]], χ² = dᵀ S⁻¹ d = 20 on 2 degrees of freedom.
    /// let split = PairedNps::new([[10, 0, 0], [10, 0, 10], [0, 0, 10]])?;
    /// assert_eq!((split.before_nps(), split.after_nps()), (0.0, 0.0));
    /// let mix = split.mix();
    /// assert_eq!((mix.chi_square, mix.degrees_of_freedom), (20.0, 2));
    /// assert!((mix.p_value - (-10f64).exp()).abs() < 1e-15);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mix(&self) -> MixTest {
        let t = &self.table;
        let row = |i: usize| t[i].iter().map(|&c| i128::from(c)).sum::<i128>();
        let column = |j: usize| t.iter().map(|r| i128::from(r[j])).sum::<i128>();
        let d = [row(0) - column(0), row(1) - column(1)];
        let a = row(0) + column(0) - 2 * i128::from(t[0][0]);
        let c = row(1) + column(1) - 2 * i128::from(t[1][1]);
        let b = -(i128::from(t[0][1]) + i128::from(t[1][0]));
        // Whether S is singular is decided on the integers.
        let determinant = a * c - b * b;
        let (d0, d1) = (d[0] as f64, d[1] as f64);
        let (a, b, c) = (a as f64, b as f64, c as f64);
        let (chi_square, rank) = if determinant != 0 {
            let det = determinant as f64;
            ((c * d0 * d0 - 2.0 * b * d0 * d1 + a * d1 * d1) / det, 2)
        } else if a + c > 0.0 {
            // Rank one: S = λ v vᵀ with λ its trace, so S⁺ = S / λ².
            let trace = a + c;
            (
                (a * d0 * d0 + 2.0 * b * d0 * d1 + c * d1 * d1) / (trace * trace),
                1,
            )
        } else {
            (0.0, 0)
        };
        MixTest {
            chi_square,
            degrees_of_freedom: rank,
            p_value: chi_square_upper_tail(chi_square, f64::from(rank)),
        }
    }
}

/// Scores of the same customers before and after (a CSAT or CES score):
/// the paired t test, which decides, and the Wilcoxon signed-rank test
/// beside it.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, PairedScores};
/// // Twelve customers' CSAT before and after: two did not move.
/// let before = [3, 5, 2, 4, 4, 1, 5, 3, 2, 4, 5, 3];
/// let after = [4, 5, 3, 5, 3, 2, 5, 4, 4, 5, 4, 4];
/// let scores = PairedScores::new(before.into_iter().zip(after))?;
/// let t = scores.t_test(ConfidenceLevel::P95)?;
/// assert!((t.change - 7.0 / 12.0).abs() < 1e-12);
/// let w = scores.signed_rank();
/// assert_eq!((w.nonzero, w.w_plus, w.w_minus), (10, 45.0, 10.0));
/// assert_eq!(w.p_value, 94.0 / 1024.0); // scipy.stats.wilcoxon: 0.091796875
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairedScores {
    /// After minus before, one per customer.
    differences: Vec<i64>,
}

/// How a signed-rank p-value was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignedRankMethod {
    /// The exact distribution of the rank sum: at most 50 non-zero
    /// differences, no ties and no zeros.
    Exact,
    /// Every sign of the midranks enumerated: at most 13 non-zero
    /// differences, with ties or zeros.
    Permutation,
    /// The normal approximation with the tie correction, no continuity
    /// correction.
    Normal,
    /// No difference but zero: nothing to rank, p = 1.
    NoChange,
}

/// The Wilcoxon signed-rank test of paired scores.
///
/// # Example
///
/// See [`PairedScores`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SignedRank {
    /// The differences that are not zero (zeros are dropped).
    pub nonzero: u64,
    /// The sum of the ranks of the positive differences.
    pub w_plus: f64,
    /// The sum of the ranks of the negative differences.
    pub w_minus: f64,
    /// The two-sided p-value.
    pub p_value: f64,
    /// How it was found.
    pub method: SignedRankMethod,
}

/// The most non-zero differences the exact distribution is used for.
const EXACT_SIGNED_RANK_MAX: usize = 50;
/// The most non-zero differences whose signs are all enumerated.
const PERMUTATION_SIGNED_RANK_MAX: usize = 13;

impl PairedScores {
    /// The pairs, `(before, after)` for each customer.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without pairs; [`Error::InvalidInput`] for a
    /// difference beyond `i64`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::PairedScores::new(std::iter::empty()).is_err());
    /// ```
    pub fn new(pairs: impl IntoIterator<Item = (i64, i64)>) -> Result<PairedScores, Error> {
        let differences = pairs
            .into_iter()
            .map(|(before, after)| {
                after.checked_sub(before).ok_or(Error::InvalidInput {
                    what: "a paired difference",
                    value: after as f64 - before as f64,
                    expected: "a difference of two scores within i64",
                })
            })
            .collect::<Result<Vec<i64>, Error>>()?;
        if differences.is_empty() {
            return Err(Error::empty(Metric::Mean));
        }
        Ok(PairedScores { differences })
    }

    /// The paired t test: the mean of the differences, after minus before,
    /// with Student's t interval on `n - 1` degrees of freedom; it decides
    /// significance. `statistic` is t.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewAnswers`] for a single pair; [`Error::NoSpread`] when
    /// every difference is the same and not zero (the test is undefined).
    /// All differences zero is no change: p = 1, the interval the point.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, PairedScores};
    /// let still = PairedScores::new([(3, 3), (4, 4)])?.t_test(ConfidenceLevel::P95)?;
    /// assert_eq!((still.change, still.p_value), (0.0, 1.0));
    /// assert!(PairedScores::new([(3, 4), (4, 5)])?.t_test(ConfidenceLevel::P95).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn t_test(&self, level: ConfidenceLevel) -> Result<PairedChange, Error> {
        let count = self.differences.len();
        if count < 2 {
            return Err(Error::TooFewAnswers {
                metric: Metric::Mean,
                needed: 2,
                found: count as u64,
            });
        }
        let n = count as f64;
        let mean = self.differences.iter().map(|&d| d as f64).sum::<f64>() / n;
        let squares: f64 = self
            .differences
            .iter()
            .map(|&d| (d as f64 - mean).powi(2))
            .sum();
        let se = (squares / (n - 1.0) / n).sqrt();
        let first = self.differences[0];
        let all_same = self.differences.iter().all(|&d| d == first);
        if all_same && first != 0 {
            return Err(Error::NoSpread { n: count as u64 });
        }
        let df = n - 1.0;
        let (statistic, p_value, half) = if all_same {
            (0.0, 1.0, 0.0)
        } else {
            let t = mean / se;
            let quantile =
                crate::statistics::distribution::t_quantile_upper(level.alpha() / 2.0, df)?;
            (
                t,
                crate::statistics::distribution::t_two_sided(t, df),
                quantile * se,
            )
        };
        Ok(PairedChange {
            pairs: count as u64,
            change: mean,
            ci_low: mean - half,
            ci_high: mean + half,
            level: level.get(),
            statistic,
            p_value,
            exact_p_value: None,
        })
    }

    /// The Wilcoxon signed-rank test, zero differences dropped: the exact
    /// distribution for at most 50 non-zero differences without ties or
    /// zeros; otherwise, for at most 13, every sign of the midranks
    /// enumerated; otherwise the normal approximation with the tie
    /// correction and no continuity correction (scipy's `wilcoxon` with its
    /// defaults). Two-sided: twice the smaller tail, at most 1.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{PairedScores, SignedRankMethod};
    /// // Ten distinct non-zero differences: the exact distribution.
    /// let d = [15, -2, 31, 22, -11, 7, 40, 29, -4, 18];
    /// let w = PairedScores::new(d.into_iter().map(|d| (0, d)))?.signed_rank();
    /// assert_eq!((w.w_minus, w.method), (7.0, SignedRankMethod::Exact));
    /// assert_eq!(w.p_value, 38.0 / 1024.0); // scipy: 0.037109375
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn signed_rank(&self) -> SignedRank {
        let had_zeros = self.differences.contains(&0);
        let mut nonzero: Vec<i64> = self
            .differences
            .iter()
            .copied()
            .filter(|&d| d != 0)
            .collect();
        let n = nonzero.len();
        if n == 0 {
            return SignedRank {
                nonzero: 0,
                w_plus: 0.0,
                w_minus: 0.0,
                p_value: 1.0,
                method: SignedRankMethod::NoChange,
            };
        }
        // Doubled midranks of |d|: whole numbers even where ties share a rank.
        nonzero.sort_by_key(|d| d.unsigned_abs());
        let mut doubled = vec![0u64; n];
        let mut tie_sizes = Vec::new();
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            while end < n && nonzero[end].unsigned_abs() == nonzero[start].unsigned_abs() {
                end += 1;
            }
            // Ranks start + 1 ..= end, averaged and doubled.
            let rank2 = (start + 1 + end) as u64;
            doubled[start..end].fill(rank2);
            tie_sizes.push((end - start) as u64);
            start = end;
        }
        let plus2: u64 = (0..n).filter(|&i| nonzero[i] > 0).map(|i| doubled[i]).sum();
        let total2: u64 = doubled.iter().sum();
        let minus2 = total2 - plus2;
        let ties = tie_sizes.iter().any(|&t| t > 1);
        let smaller2 = plus2.min(minus2);
        let (p_value, method) = if n <= EXACT_SIGNED_RANK_MAX && !ties && !had_zeros {
            // Ranks 1..=n: count the sign patterns by their positive rank sum.
            let max = n * (n + 1) / 2;
            let mut ways = vec![0u64; max + 1];
            ways[0] = 1;
            for rank in 1..=n {
                for sum in (rank..=max).rev() {
                    ways[sum] += ways[sum - rank];
                }
            }
            let tail: u64 = ways[..=(smaller2 / 2) as usize].iter().sum();
            (
                (2.0 * tail as f64 / 2f64.powi(n as i32)).min(1.0),
                SignedRankMethod::Exact,
            )
        } else if n <= PERMUTATION_SIGNED_RANK_MAX {
            let (mut low, mut high) = (0u64, 0u64);
            for signs in 0u32..(1 << n) {
                let sum: u64 = (0..n)
                    .filter(|&i| signs >> i & 1 == 1)
                    .map(|i| doubled[i])
                    .sum();
                low += u64::from(sum <= plus2);
                high += u64::from(sum >= plus2);
            }
            let tail = low.min(high) as f64 / f64::from(1u32 << n);
            ((2.0 * tail).min(1.0), SignedRankMethod::Permutation)
        } else {
            let nf = n as f64;
            let mean = nf * (nf + 1.0) / 4.0;
            let correction: f64 = tie_sizes
                .iter()
                .map(|&t| (t * t * t - t) as f64)
                .sum::<f64>()
                / 48.0;
            let variance = nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - correction;
            let z = (plus2 as f64 / 2.0 - mean) / variance.sqrt();
            (normal_two_sided(z), SignedRankMethod::Normal)
        };
        SignedRank {
            nonzero: n as u64,
            w_plus: plus2 as f64 / 2.0,
            w_minus: minus2 as f64 / 2.0,
            p_value,
            method,
        }
    }
}

/// The sum of counts, or the overflow named.
fn total<'a>(mut counts: impl Iterator<Item = &'a u64>, metric: Metric) -> Result<u64, Error> {
    counts
        .try_fold(0u64, |sum, &c| sum.checked_add(c))
        .ok_or(Error::CountOverflow { metric })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_mcnemar_by_hand() {
        // m = 11, k = 2: (1 + 11 + 55) / 2048, doubled.
        assert_eq!(exact_mcnemar(2, 11), 134.0 / 2048.0);
        // Balanced: the two tails cover everything.
        assert_eq!(exact_mcnemar(5, 10), 1.0);
        assert_eq!(exact_mcnemar(0, 0), 1.0);
    }
}
