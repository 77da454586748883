//! Tallies of weighted answers for every metric, mergeable by adding.

use std::marker::PhantomData;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::answer::{KeyAnswer, SilentWeight};
use crate::metrics::nps::NpsBands;
use crate::metrics::scale::{NpsScore, Scale};
use crate::metrics::scale_tally::ScaleKind;
use crate::metrics::scale_tally::{CesKind, CsatKind};
use crate::metrics::tally::Tally;
use crate::statistics::mean::MeanEstimate;
use crate::statistics::metric_intervals::InkMoments;
use crate::statistics::net::NetCounts;

use super::{Pooled, Weight, WeightedCount, WeightedInk, WeightedNet, WeightedShare};

/// Weighted NPS answers: one [`WeightedCount`] per score 0..=10.
///
/// # Example
///
/// ```
/// use cxmetrics::WeightedNpsTally;
/// let tally = WeightedNpsTally::try_from_pairs([(10, 1.2), (9, 0.8), (3, 1.0)])?;
/// let monday = tally;
/// let both = monday + tally; // merge by adding
/// assert_eq!(both.nps()?.answers(), 6);
/// assert_eq!(both.nps()?.value(), tally.nps()?.value());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedNpsTally {
    counts: [WeightedCount; 11],
}

impl WeightedNpsTally {
    /// An empty tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::WeightedNpsTally::new().nps().is_err());
    /// ```
    pub fn new() -> WeightedNpsTally {
        WeightedNpsTally::default()
    }

    /// Counts `(score, weight)` pairs, validating both.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] or [`Error::InvalidInput`] for the first
    /// invalid pair (the score error with its position).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::WeightedNpsTally::try_from_pairs([(11, 1.0)]).is_err());
    /// assert!(cxmetrics::WeightedNpsTally::try_from_pairs([(10, -1.0)]).is_err());
    /// ```
    pub fn try_from_pairs<I: IntoIterator<Item = (u8, f64)>>(
        pairs: I,
    ) -> Result<WeightedNpsTally, Error> {
        let mut tally = WeightedNpsTally::new();
        for (index, (score, weight)) in pairs.into_iter().enumerate() {
            tally.push(
                NpsScore::new(score).map_err(|e| e.at(index))?,
                Weight::new(weight)?,
            );
        }
        Ok(tally)
    }

    /// Adds one answer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, Weight, WeightedNpsTally};
    /// let mut tally = WeightedNpsTally::new();
    /// tally.push(NpsScore::new(10)?, Weight::new(2.0)?);
    /// assert_eq!(tally.count(NpsScore::new(10)?).weight(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push(&mut self, score: NpsScore, weight: Weight) {
        self.counts[usize::from(score.get())].push(weight);
    }

    /// The weighted count of one score.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsScore, WeightedNpsTally};
    /// assert_eq!(WeightedNpsTally::new().count(NpsScore::new(3)?).answers(), 0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn count(&self, score: NpsScore) -> WeightedCount {
        self.counts[usize::from(score.get())]
    }

    /// Weighted NPS.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without answers; [`Error::ZeroWeight`] if their
    /// weights sum to 0.
    ///
    /// # Formula
    ///
    /// ```text
    /// NPS = 100 (Σw promoters - Σw detractors) / Σw,   n_eff = (Σw)² / Σw²
    /// effective counts: Σw of each group times Σw / Σw²
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// let tally = cxmetrics::WeightedNpsTally::try_from_pairs([(10, 2.0), (0, 1.0), (8, 1.0)])?;
    /// assert_eq!(tally.nps()?.value(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn nps(&self) -> Result<WeightedNet, Error> {
        self.nps_with(NpsBands::STANDARD)
    }

    /// Weighted NPS with other bands on the 0..=10 scale.
    ///
    /// # Errors
    ///
    /// As [`WeightedNpsTally::nps`], and [`Error::ScoreOutOfScale`] for a
    /// counted score outside the bands' scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{NpsBands, WeightedNpsTally};
    /// let tally = WeightedNpsTally::try_from_pairs([(8, 1.0), (0, 1.0)])?;
    /// assert_eq!(tally.nps_with(NpsBands::new(0, 6, 8, 10)?)?.value(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn nps_with(&self, bands: NpsBands) -> Result<WeightedNet, Error> {
        let mut groups = [WeightedCount::default(); 3];
        for (score, count) in (0u8..=10).zip(self.counts.iter()) {
            if count.answers > 0 {
                groups[bands.category(score)? as usize] += *count;
            }
        }
        let [detractors, passives, promoters] = groups;
        let pooled = Pooled::of(&groups, Metric::Nps)?;
        let counts = NetCounts {
            positive: pooled.effective(promoters.weight),
            negative: pooled.effective(detractors.weight),
            silent: pooled.effective(passives.weight),
            k: 0.0,
            n: pooled.n_eff(),
        };
        Ok(WeightedNet {
            metric: Metric::Nps,
            value: 100.0 * (promoters.weight - detractors.weight) / pooled.count.weight,
            counts,
            answers: pooled.count.answers,
            weight: pooled.count.weight,
        })
    }
}

impl AddAssign for WeightedNpsTally {
    fn add_assign(&mut self, other: WeightedNpsTally) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }
}

impl Add for WeightedNpsTally {
    type Output = WeightedNpsTally;
    fn add(mut self, other: WeightedNpsTally) -> WeightedNpsTally {
        self += other;
        self
    }
}

/// Weighted answers on a CSAT or CES scale: one [`WeightedCount`] per point.
/// See [`WeightedCsatTally`] and [`WeightedCesTally`].
///
/// # Example
///
/// ```
/// use cxmetrics::{Scale, Weight, WeightedCsatTally};
/// let mut tally = WeightedCsatTally::new(Scale::CSAT);
/// tally.push(5, Weight::new(2.0)?)?;
/// tally.push(3, Weight::new(1.0)?)?;
/// assert!((tally.mean()?.mean() - 13.0 / 3.0).abs() < 1e-15);
/// assert!(tally.push(6, Weight::ONE).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawWeightedScaleTally", into = "RawWeightedScaleTally")]
#[serde(bound = "K: ScaleKind")]
pub struct WeightedScaleTally<K> {
    scale: Scale,
    /// Indexed by score; only the scale's points are used.
    counts: [WeightedCount; 11],
    kind: PhantomData<K>,
}

/// Weighted CSAT answers.
pub type WeightedCsatTally = WeightedScaleTally<CsatKind>;
/// Weighted CES answers.
pub type WeightedCesTally = WeightedScaleTally<CesKind>;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeightedScaleTally {
    scale: Scale,
    counts: Vec<WeightedCount>,
}

impl<K: ScaleKind> TryFrom<RawWeightedScaleTally> for WeightedScaleTally<K> {
    type Error = Error;
    fn try_from(raw: RawWeightedScaleTally) -> Result<Self, Error> {
        if raw.counts.len() != raw.scale.points() {
            return Err(Error::CountsLength {
                metric: K::METRIC,
                expected: raw.scale.points(),
                found: raw.counts.len(),
            });
        }
        let mut tally = WeightedScaleTally::new(raw.scale);
        for (point, count) in (raw.scale.low()..=raw.scale.high()).zip(raw.counts) {
            tally.counts[usize::from(point)] = count;
        }
        Ok(tally)
    }
}

impl<K: ScaleKind> From<WeightedScaleTally<K>> for RawWeightedScaleTally {
    fn from(tally: WeightedScaleTally<K>) -> Self {
        RawWeightedScaleTally {
            scale: tally.scale,
            counts: tally.points().map(|(_, count)| *count).collect(),
        }
    }
}

impl<K: ScaleKind> Default for WeightedScaleTally<K> {
    fn default() -> Self {
        WeightedScaleTally::new(K::DEFAULT_SCALE)
    }
}

impl<K: ScaleKind> WeightedScaleTally<K> {
    /// An empty tally on `scale`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, WeightedCesTally};
    /// assert!(WeightedCesTally::new(Scale::CES).share().is_err());
    /// ```
    pub fn new(scale: Scale) -> Self {
        WeightedScaleTally {
            scale,
            counts: [WeightedCount::default(); 11],
            kind: PhantomData,
        }
    }

    /// Adds one answer.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a score off the scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCesTally};
    /// let mut tally = WeightedCesTally::new(Scale::CES);
    /// assert!(tally.push(0, Weight::ONE).is_err());
    /// ```
    pub fn push(&mut self, score: u8, weight: Weight) -> Result<(), Error> {
        if !self.scale.contains(score) {
            return Err(self.scale.out_of_scale(K::METRIC, i128::from(score)));
        }
        self.counts[usize::from(score)].push(weight);
        Ok(())
    }

    /// Adds another tally on the same scale.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the scales differ.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut a = WeightedCsatTally::new(Scale::CSAT);
    /// a.push(5, Weight::ONE)?;
    /// let b = a;
    /// a.merge(&b)?;
    /// assert_eq!(a.share()?.answers(), 2);
    /// assert!(a.merge(&WeightedCsatTally::new(Scale::new(1, 7, 6)?)).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: &Self) -> Result<(), Error> {
        if self.scale != other.scale {
            return Err(Error::ScaleMismatch {
                metric: K::METRIC,
                left: self.scale.to_string(),
                right: other.scale.to_string(),
            });
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        Ok(())
    }

    /// The scale.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, WeightedCsatTally};
    /// assert_eq!(WeightedCsatTally::default().scale(), Scale::CSAT);
    /// ```
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The weighted count of one point (empty off the scale).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(0.5)?)?;
    /// assert_eq!(tally.count(4).weight(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn count(&self, point: u8) -> WeightedCount {
        self.counts
            .get(usize::from(point))
            .copied()
            .unwrap_or_default()
    }

    fn points(&self) -> impl Iterator<Item = (u8, &WeightedCount)> {
        (self.scale.low()..=self.scale.high()).map(|p| (p, &self.counts[usize::from(p)]))
    }

    /// The weighted share at or above the scale's threshold: CSAT's top
    /// box, CES's easy share.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without answers; [`Error::ZeroWeight`] if their
    /// weights sum to 0.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCsatTally};
    /// let mut tally = WeightedCsatTally::new(Scale::CSAT);
    /// tally.push(4, Weight::new(3.0)?)?;
    /// tally.push(3, Weight::new(1.0)?)?;
    /// assert_eq!(tally.share()?.value(), 75.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn share(&self) -> Result<WeightedShare, Error> {
        let pooled = Pooled::of(self.points().map(|(_, c)| c), K::METRIC)?;
        let good = self
            .points()
            .filter(|(p, _)| *p >= self.scale.threshold())
            .fold(WeightedCount::default(), |a, (_, &b)| a + b);
        Ok(WeightedShare {
            metric: K::METRIC,
            value: 100.0 * good.weight / pooled.count.weight,
            successes: pooled.effective(good.weight),
            n_eff: pooled.n_eff(),
            answers: pooled.count.answers,
            weight: pooled.count.weight,
        })
    }

    /// The weighted mean score with its t interval's numbers: `n_eff - 1`
    /// degrees of freedom (Kish) and the squared standard error, the
    /// larger of two estimates:
    ///
    /// ```text
    /// Kish:       Σw (x - mean)² / Σw · 1 / (n_eff - 1)
    /// linearised: n / (n - 1) · Σw² (x - mean)² / (Σw)²   (the sandwich of a ratio mean)
    /// ```
    ///
    /// Each understates in its own case: Kish's when the weights move with
    /// the answers (a stratum weighted up that also scores lower: 95 %
    /// intervals covered 93.7 % at n = 10 000), the linearised one at small
    /// n, where it is biased down (89 % at n = 10). The larger covers
    /// 94.2-94.8 % from n = 100 (94.8 % at 10 000) and 91.5 % at n = 10,
    /// where the plain t interval of
    /// the same skewed scores covers 92.8 % (`interval_coverage`, 4 000
    /// samples a cell). With unit weights both are `s² / n`.
    ///
    /// The result's variance is that of one effective answer (`n_eff`
    /// times the squared standard error).
    ///
    /// # Errors
    ///
    /// As [`WeightedScaleTally::share`], and [`Error::TooFewAnswers`] for
    /// fewer than two answers or an effective sample size of 1 or less.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Scale, Weight, WeightedCesTally};
    /// let mut tally = WeightedCesTally::new(Scale::CES);
    /// tally.push(7, Weight::ONE)?;
    /// tally.push(5, Weight::ONE)?;
    /// let plain = cxmetrics::ces([7, 5], Scale::CES)?.mean_estimate()?;
    /// assert_eq!(tally.mean()?, plain);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn mean(&self) -> Result<MeanEstimate, Error> {
        let pooled = Pooled::of(self.points().map(|(_, c)| c), K::METRIC)?;
        let total = pooled.count.weight;
        let sum: f64 = self.points().map(|(p, c)| f64::from(p) * c.weight).sum();
        let mean = sum / total;
        let squares: f64 = self
            .points()
            .map(|(p, c)| {
                let deviation = f64::from(p) - mean;
                c.weight * deviation * deviation
            })
            .sum();
        let n_eff = pooled.n_eff();
        // Both as the variance of one effective answer (the mean's squared
        // standard error times n_eff). Kish's: Σw (x - m)² · (Σw / Σw²) /
        // (n_eff - 1), exactly Σ (x - m)² / (n - 1) with unit weights.
        let kish = pooled.effective(squares) / (n_eff - 1.0);
        // The linearised one, from each score's sum of squared weights.
        let sandwich: f64 = self
            .points()
            .map(|(p, c)| {
                let deviation = f64::from(p) - mean;
                c.weight_squared * deviation * deviation
            })
            .sum();
        let n = pooled.count.answers as f64;
        let linearised = n / (n - 1.0) * sandwich / (total * total) * n_eff;
        // Kish's unless the linearised one is larger by more than rounding:
        // with unit weights, where the two agree, exactly the plain s².
        let variance = if linearised > kish * (1.0 + 1e-9) {
            linearised
        } else {
            kish
        };
        MeanEstimate::weighted(mean, variance, n_eff, pooled.count.answers, K::METRIC)
    }
}

/// Weighted answers to a key question: one [`WeightedCount`] per
/// [`KeyAnswer`], for weighted ИНК and ИЭЛ.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
/// let mut tally = WeightedKeyTally::new();
/// tally.push(KeyAnswer::Positive, Weight::new(3.0)?);
/// tally.push(KeyAnswer::Negative, Weight::new(1.0)?);
/// assert_eq!(tally.ink(SilentWeight::ZERO)?.value(), 25.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedKeyTally {
    positive: WeightedCount,
    negative: WeightedCount,
    silent: WeightedCount,
    force_majeure: WeightedCount,
}

impl WeightedKeyTally {
    /// An empty tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::WeightedKeyTally::new().iel(cxmetrics::SilentWeight::ZERO).is_err());
    /// ```
    pub fn new() -> WeightedKeyTally {
        WeightedKeyTally::default()
    }

    /// Adds one answer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Silent, Weight::new(2.0)?);
    /// assert_eq!(tally.count(KeyAnswer::Silent).weight(), 2.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push(&mut self, answer: KeyAnswer, weight: Weight) {
        self.slot(answer).push(weight);
    }

    fn slot(&mut self, answer: KeyAnswer) -> &mut WeightedCount {
        match answer {
            KeyAnswer::Positive => &mut self.positive,
            KeyAnswer::Negative => &mut self.negative,
            KeyAnswer::Silent => &mut self.silent,
            KeyAnswer::ForceMajeure => &mut self.force_majeure,
        }
    }

    /// The weighted count of one answer.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, WeightedKeyTally};
    /// assert_eq!(WeightedKeyTally::new().count(KeyAnswer::Positive).answers(), 0);
    /// ```
    pub fn count(&self, answer: KeyAnswer) -> WeightedCount {
        match answer {
            KeyAnswer::Positive => self.positive,
            KeyAnswer::Negative => self.negative,
            KeyAnswer::Silent => self.silent,
            KeyAnswer::ForceMajeure => self.force_majeure,
        }
    }

    /// Weighted ИНК: `100 (Σw_N + k Σw_S) / (Σw_P + Σw_N + Σw_S)`,
    /// force-majeure answers left out as in the unweighted index.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if no answer is left after force-majeure
    /// exclusion; [`Error::ZeroWeight`] if their weights sum to 0.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Silent, Weight::new(2.0)?);
    /// tally.push(KeyAnswer::Positive, Weight::new(2.0)?);
    /// tally.push(KeyAnswer::ForceMajeure, Weight::new(5.0)?);
    /// assert_eq!(tally.ink(SilentWeight::new(0.5)?)?.value(), 25.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    #[doc(alias = "ИНК@Офис")]
    pub fn ink(&self, k: SilentWeight) -> Result<WeightedInk, Error> {
        let pooled = Pooled::of([&self.positive, &self.negative, &self.silent], Metric::Ink)?;
        let numerator = self.negative.weight + k.get() * self.silent.weight;
        Ok(WeightedInk {
            value: 100.0 * numerator / pooled.count.weight,
            moments: InkMoments {
                answers: pooled.count.answers,
                positive: pooled.effective(self.positive.weight),
                negative: pooled.effective(self.negative.weight),
                silent: pooled.effective(self.silent.weight),
                k: k.get(),
            },
            weight: pooled.count.weight,
        })
    }

    /// Weighted ИЭЛ: `100 (Σw_P - Σw_N - k Σw_S) / Σw`, force-majeure
    /// answers counted as negative.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without answers; [`Error::ZeroWeight`] if their
    /// weights sum to 0.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, SilentWeight, Weight, WeightedKeyTally};
    /// let mut tally = WeightedKeyTally::new();
    /// tally.push(KeyAnswer::Positive, Weight::new(3.0)?);
    /// tally.push(KeyAnswer::ForceMajeure, Weight::new(1.0)?);
    /// assert_eq!(tally.iel(SilentWeight::ZERO)?.value(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn iel(&self, k: SilentWeight) -> Result<WeightedNet, Error> {
        let all = [
            &self.positive,
            &self.negative,
            &self.silent,
            &self.force_majeure,
        ];
        let pooled = Pooled::of(all, Metric::Iel)?;
        let negative = self.negative.weight + self.force_majeure.weight;
        let numerator = self.positive.weight - negative - k.get() * self.silent.weight;
        Ok(WeightedNet {
            metric: Metric::Iel,
            value: 100.0 * numerator / pooled.count.weight,
            counts: NetCounts {
                positive: pooled.effective(self.positive.weight),
                negative: pooled.effective(negative),
                silent: pooled.effective(self.silent.weight),
                k: k.get(),
                n: pooled.n_eff(),
            },
            answers: pooled.count.answers,
            weight: pooled.count.weight,
        })
    }
}

impl AddAssign for WeightedKeyTally {
    fn add_assign(&mut self, other: WeightedKeyTally) {
        self.positive += other.positive;
        self.negative += other.negative;
        self.silent += other.silent;
        self.force_majeure += other.force_majeure;
    }
}

impl Add for WeightedKeyTally {
    type Output = WeightedKeyTally;
    fn add(mut self, other: WeightedKeyTally) -> WeightedKeyTally {
        self += other;
        self
    }
}

impl Tally for WeightedNpsTally {
    type Item = (NpsScore, Weight);

    fn push(&mut self, (score, weight): (NpsScore, Weight)) -> Result<(), Error> {
        WeightedNpsTally::push(self, score, weight);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        *self += *other;
        Ok(())
    }
}

impl<K: ScaleKind> Tally for WeightedScaleTally<K> {
    type Item = (u8, Weight);

    fn push(&mut self, (score, weight): (u8, Weight)) -> Result<(), Error> {
        WeightedScaleTally::push(self, score, weight)
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        WeightedScaleTally::merge(self, other)
    }
}

impl Tally for WeightedKeyTally {
    type Item = (KeyAnswer, Weight);

    fn push(&mut self, (answer, weight): (KeyAnswer, Weight)) -> Result<(), Error> {
        WeightedKeyTally::push(self, answer, weight);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        *self += *other;
        Ok(())
    }
}
