//! Comparisons of two independent samples: two periods, two offices, two
//! staff members. Each gives the difference, its confidence interval and a
//! two-sided p-value.

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::index::{Iel, Ink};
use crate::metrics::nps::Nps;
use crate::metrics::scale_tally::ScaleSummary;
use crate::metrics::scale_tally::{Ces, Csat};
use crate::statistics::confidence::{Confidence, ConfidenceLevel, PairConfidence};
use crate::statistics::distribution::{normal_quantile, normal_two_sided, t_two_sided};
use crate::statistics::interval::{Interval, Method, NetMethod};
use crate::statistics::interval::{ShareSample, Unit, wilson_bounds};
use crate::statistics::mean::MeanEstimate;
use crate::statistics::metric_intervals::InkMoments;
use crate::statistics::net::NetCounts;

/// The difference `a - b` of a metric between two independent samples, with
/// its confidence interval and the two-sided p-value of "no difference".
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NpsTally};
///
/// let march = NpsTally::from_counts([10, 5, 5, 5, 5, 5, 15, 30, 30, 40, 50]).nps()?;
/// let april = NpsTally::from_counts([5, 2, 2, 3, 3, 5, 10, 25, 25, 60, 80]).nps()?;
/// let change = april.compare(&march, ConfidenceLevel::P95)?;
/// assert!(change.difference() > 0.0);
/// assert!(change.is_significant());
/// assert!(change.interval().low() > 0.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    interval: Interval,
    statistic: f64,
    p_value: f64,
    shares: Option<ShareTest>,
    effective_n: (f64, f64),
    /// The interval's centre and standard error, in the result's unit,
    /// where the interval is centre ± quantile · SE (net scores by Wald
    /// or adjusted Wald; means by Welch).
    centre_se: Option<(f64, f64)>,
}

/// The classic two-proportion z statistics beside a share comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ShareTest {
    pooled_share: f64,
    pooled_z: f64,
    unpooled_z: f64,
}

impl Comparison {
    /// `a - b`, in the metric's units.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::nps([10, 10])?;
    /// let b = cxmetrics::nps([10, 0])?;
    /// assert_eq!(a.compare(&b, ConfidenceLevel::P95)?.difference(), 100.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn difference(&self) -> f64 {
        self.interval.estimate()
    }

    /// The confidence interval of the difference.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Method};
    /// let a = cxmetrics::nps([10, 10])?;
    /// let b = cxmetrics::nps([10, 0])?;
    /// let ci = a.compare(&b, ConfidenceLevel::P95)?.interval();
    /// assert!(ci.low() < 0.0); // two answers each: no evidence either way
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn interval(&self) -> Interval {
        self.interval
    }

    /// The test statistic: `z` for shares and net scores, Welch's `t` for means.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::nps([10, 0])?;
    /// assert_eq!(a.compare(&a, ConfidenceLevel::P95)?.statistic(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn statistic(&self) -> f64 {
        self.statistic
    }

    /// The two-sided p-value of the hypothesis that both samples come from
    /// populations with the same value.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::nps([10, 0])?;
    /// assert_eq!(a.compare(&a, ConfidenceLevel::P95)?.p_value(), 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn p_value(&self) -> f64 {
        self.p_value
    }

    /// For two shares, the classic z statistic with the pooled proportion
    /// (as statsmodels' `proportions_ztest` and R's `prop.test` without
    /// continuity correction compute it), for checking against them;
    /// `None` for other comparisons. The p-value is not taken from it but
    /// from the interval, so that the two never disagree.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let a = cxmetrics::csat([5, 5, 5, 2], Scale::CSAT)?;
    /// let b = cxmetrics::csat([5, 2, 2, 2], Scale::CSAT)?;
    /// assert!(a.compare(&b, ConfidenceLevel::P95)?.pooled_z().is_some());
    /// assert!(a.compare_means(&b, ConfidenceLevel::P95)?.pooled_z().is_none());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn pooled_z(&self) -> Option<f64> {
        self.shares.map(|t| t.pooled_z)
    }

    /// For two shares, the z statistic with each sample's own variance,
    /// `d / sqrt(pa (1 - pa) / na + pb (1 - pb) / nb)` (the Wald test);
    /// `None` for other comparisons.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let a = cxmetrics::csat([5, 5, 5, 2], Scale::CSAT)?; // 3/4
    /// let b = cxmetrics::csat([5, 2, 2, 2], Scale::CSAT)?; // 1/4
    /// let z = a.compare(&b, ConfidenceLevel::P95)?.unpooled_z().unwrap();
    /// assert!((z - 0.5 / (2.0 * 0.1875f64 / 4.0).sqrt()).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn unpooled_z(&self) -> Option<f64> {
        self.shares.map(|t| t.unpooled_z)
    }

    /// For two shares, the two-sided p-value of the pooled z test
    /// ([`Comparison::pooled_z`]: statsmodels' `proportions_ztest`, R's
    /// `prop.test(correct = FALSE)`), to set beside theirs; `None` for other
    /// comparisons. The verdict is [`Comparison::p_value`]'s, which the
    /// interval inverts.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// // 3/4 against 1/4: pooled 1/2, z = 0.5 / sqrt(0.25 (1/4 + 1/4)) = 1.41421.
    /// let a = cxmetrics::csat([5, 5, 5, 2], Scale::CSAT)?;
    /// let b = cxmetrics::csat([5, 2, 2, 2], Scale::CSAT)?;
    /// let c = a.compare(&b, ConfidenceLevel::P95)?;
    /// assert!((c.pooled_p_value().unwrap() - 0.15729920705028522).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn pooled_p_value(&self) -> Option<f64> {
        self.shares.map(|t| normal_two_sided(t.pooled_z))
    }

    /// For two shares, the two-sided p-value of the unpooled (Wald) z test
    /// ([`Comparison::unpooled_z`]); `None` for other comparisons.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// // 3/4 against 1/4: z = 0.5 / sqrt(2 · 0.1875 / 4) = 1.63299.
    /// let a = cxmetrics::csat([5, 5, 5, 2], Scale::CSAT)?;
    /// let b = cxmetrics::csat([5, 2, 2, 2], Scale::CSAT)?;
    /// let c = a.compare(&b, ConfidenceLevel::P95)?;
    /// assert!((c.unpooled_p_value().unwrap() - 0.10247043485974938).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn unpooled_p_value(&self) -> Option<f64> {
        self.shares.map(|t| normal_two_sided(t.unpooled_z))
    }

    /// For two shares, the pooled share in percent, `(xa + xb) / (na + nb)`,
    /// that [`Comparison::pooled_z`] uses; `None` for other comparisons.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let a = cxmetrics::csat([5, 5, 5, 2], Scale::CSAT)?;
    /// let b = cxmetrics::csat([5, 2, 2, 2], Scale::CSAT)?;
    /// assert_eq!(a.compare(&b, ConfidenceLevel::P95)?.pooled_share(), Some(50.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn pooled_share(&self) -> Option<f64> {
        self.shares.map(|t| 100.0 * t.pooled_share)
    }

    /// The centre of the interval, where it is not the raw difference: for
    /// NPS and ИЭЛ by the adjusted Wald, the difference of the adjusted
    /// estimates (3/4 added to promoters and detractors, 3 to n), which
    /// R's `nps_test` and MeasuringU report; for Wald and Welch, the raw
    /// difference. `None` for shares (Newcombe's interval has no centre).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::Nps::from_counts(20, 5, 75)?; // 75 promoters, 20 detractors of 100
    /// let b = cxmetrics::Nps::from_counts(30, 20, 50)?;
    /// let c = a.compare(&b, ConfidenceLevel::P95)?;
    /// assert_eq!(c.difference(), 35.0);
    /// // (75.75 - 20.75) / 103 - (50.75 - 30.75) / 103
    /// assert!((c.adjusted_difference().unwrap() - 100.0 * 35.0 / 103.0).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn adjusted_difference(&self) -> Option<f64> {
        self.centre_se.map(|(centre, _)| centre)
    }

    /// The standard error the interval and the test use, in the result's
    /// unit (points for NPS and ИЭЛ, scale points for means); `None` for
    /// shares.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::Nps::from_counts(20, 5, 75)?;
    /// let b = cxmetrics::Nps::from_counts(30, 20, 50)?;
    /// let c = a.compare(&b, ConfidenceLevel::P95)?;
    /// let (centre, se) = (c.adjusted_difference().unwrap(), c.standard_error().unwrap());
    /// assert!((c.statistic() - centre / se).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn standard_error(&self) -> Option<f64> {
        self.centre_se.map(|(_, se)| se)
    }

    /// The sample sizes the comparison used for `a` and `b`: the answers
    /// (adjusted ones for the adjusted Wald), or the effective sizes after
    /// a design effect (ИНК with silent answers), survey weights or the
    /// finite population correction (infinite for a census).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::nps([10, 10, 0])?;
    /// let b = cxmetrics::nps([10, 0])?;
    /// assert_eq!(a.compare(&b, ConfidenceLevel::P95)?.effective_n(), (6.0, 5.0)); // n + 3
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn effective_n(&self) -> (f64, f64) {
        self.effective_n
    }

    /// Whether the p-value is below `1 - level`, the interval's error rate.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::nps([10, 0])?;
    /// assert!(!a.compare(&a, ConfidenceLevel::P95)?.is_significant());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn is_significant(&self) -> bool {
        self.p_value < self.interval.level().alpha()
    }
}

/// `difference / se` with the conventions for a zero standard error: no
/// difference is no evidence (z = 0); a difference with no spread in either
/// sample cannot arise from counts with the adjustments used here.
fn z_of(difference: f64, se: f64) -> f64 {
    if se > 0.0 { difference / se } else { 0.0 }
}

/// Two net scores, each with its actual number of answers beside its
/// (possibly effective) counts.
pub(crate) fn net_comparison(
    (a, answers_a): (NetCounts, u64),
    (b, answers_b): (NetCounts, u64),
    confidence: PairConfidence,
    method: NetMethod,
    metric: Metric,
) -> Result<Comparison, Error> {
    let (side_a, side_b) = confidence.sides();
    let level = confidence.level();
    let difference = a.mean() - b.mean();
    let (centre, se, n_a, n_b) = match method {
        NetMethod::Tango => {
            return Err(Error::UnsupportedMethod {
                method: Method::Net(method),
                purpose: "two-sample comparisons (use the adjusted Wald)",
            });
        }
        NetMethod::TrinomialT => {
            // Welch's test on the per-answer scores.
            let mean = |c: NetCounts, answers: u64| {
                MeanEstimate::weighted(
                    c.mean(),
                    c.variance() * c.n / (c.n - 1.0),
                    c.n,
                    answers,
                    metric,
                )
            };
            return welch(
                (mean(a, answers_a)?, side_a, answers_a),
                (mean(b, answers_b)?, side_b, answers_b),
                metric,
                level,
                Method::Net(method),
                Unit::Points,
            );
        }
        NetMethod::AdjustedWald | NetMethod::Wald => {
            // Rocks (2016) recommends the adjusted Wald for differences too:
            // the pseudo-counts keep the variance positive even when a sample
            // is unanimous. The statistic is the interval's own centre over
            // its own standard error, as R's `nps_test(test =
            // "adjusted.wald")` computes it, so the test rejects exactly when
            // the interval excludes 0.
            let (a_est, b_est) = if method == NetMethod::AdjustedWald {
                (a.adjusted(), b.adjusted())
            } else {
                (a, b)
            };
            let n_a = side_a.effective_n(answers_a, a_est.n)?;
            let n_b = side_b.effective_n(answers_b, b_est.n)?;
            let se = (a_est.variance() / n_a + b_est.variance() / n_b).sqrt();
            (a_est.mean() - b_est.mean(), se, n_a, n_b)
        }
    };
    let half = level.z() * se;
    let interval = Interval::new(
        difference,
        centre - half,
        centre + half,
        level,
        Method::Net(method),
    )
    .clamped(-2.0, 2.0)
    .scaled_around(100.0 * difference, Unit::Points);
    Ok(Comparison {
        p_value: agreeing_p(net_p(centre, se), &interval),
        interval,
        statistic: z_of(centre, se),
        shares: None,
        effective_n: (n_a, n_b),
        centre_se: Some((100.0 * centre, 100.0 * se)),
    })
}

/// `p` as the test that `interval` inverts decides it at a tie. The two
/// are computed apart (a quantile for the bounds, a tail probability for
/// p), so where the difference sits on a bound they can round to opposite
/// sides: p = 0.5000000000000022 at level 0.5 beside a lower bound of
/// 1e-14. Only there, within 1e-12 of the level, does the interval decide
/// and p move to just below or at it; any wider disagreement is left to
/// show (the consistency property tests look for one).
fn agreeing_p(p: f64, interval: &Interval) -> f64 {
    let alpha = interval.level().alpha();
    if (p - alpha).abs() > 1e-12 {
        return p;
    }
    let excludes_zero = interval.low() > 0.0 || interval.high() < 0.0;
    match (excludes_zero, p < alpha) {
        (true, false) => alpha.next_down(),
        (false, true) => alpha,
        _ => p,
    }
}

/// The p-value of a net difference: from its z, except that a difference
/// with no spread at all (plain Wald, both samples unanimous) is certain.
fn net_p(centre: f64, se: f64) -> f64 {
    if se > 0.0 {
        normal_two_sided(centre / se)
    } else if centre == 0.0 {
        1.0
    } else {
        0.0
    }
}

/// Newcombe's hybrid score interval (1998, method 10) from the Wilson
/// bounds of each share.
fn newcombe(a: ShareSample, b: ShareSample, level: ConfidenceLevel) -> (f64, f64) {
    newcombe_at(a, b, level.z())
}

/// Newcombe's interval at the normal quantile `z`.
fn newcombe_at(a: ShareSample, b: ShareSample, z: f64) -> (f64, f64) {
    let wilson = |s: ShareSample| {
        let (low, high) = wilson_bounds(s, z);
        (low.clamp(0.0, 1.0), high.clamp(0.0, 1.0))
    };
    let (l1, u1) = wilson(a);
    let (l2, u2) = wilson(b);
    let difference = a.p - b.p;
    let low = difference - ((a.p - l1).powi(2) + (u2 - b.p).powi(2)).sqrt();
    let high = difference + ((u1 - a.p).powi(2) + (b.p - l2).powi(2)).sqrt();
    (low, high)
}

/// The p-value of the test that Newcombe's interval inverts: one minus the
/// highest level whose interval still excludes 0. So the test rejects at a
/// level exactly when that level's interval excludes 0, where a z-test
/// beside the interval could say the opposite.
fn newcombe_p(a: ShareSample, b: ShareSample) -> Result<f64, Error> {
    let difference = a.p - b.p;
    if difference == 0.0 {
        return Ok(1.0);
    }
    let excludes_zero = |level: f64| -> Result<bool, Error> {
        let (low, high) = newcombe(a, b, ConfidenceLevel::new(level)?);
        Ok(low > 0.0 || high < 0.0)
    };
    // The highest level whose normal quantile is finite, about 8 sigma.
    let (mut excludes, mut includes) = (f64::MIN_POSITIVE, 1.0 - 1e-15);
    if excludes_zero(includes)? {
        return Ok(1.0 - includes);
    }
    // The boundary in z first, where a step costs no quantile: then a
    // bracket of levels a hair either side of it, checked, so that the
    // bisection in levels below needs a dozen quantiles, not sixty. Where
    // the check fails the full bracket stays, so the z only saves steps.
    let p = normal_two_sided(newcombe_z(a, b, ConfidenceLevel::new(includes)?.z()));
    for margin in [1e-12, 1e-6] {
        let (low, high) = (1.0 - p * (1.0 + margin), 1.0 - p * (1.0 - margin));
        if low > excludes && high < includes && excludes_zero(low)? && !excludes_zero(high)? {
            (excludes, includes) = (low, high);
            break;
        }
    }
    // Bisect to adjacent levels, the lower excluding 0, the higher not.
    loop {
        let mid = 0.5 * (excludes + includes);
        if mid <= excludes || mid >= includes {
            return Ok(1.0 - includes);
        }
        if excludes_zero(mid)? {
            excludes = mid;
        } else {
            includes = mid;
        }
    }
}

/// The normal quantile below `z_max` at which Newcombe's interval of
/// `a - b` (not 0) reaches 0, to about 14 digits: the bound towards 0 as a
/// function of `z` falls from `|a - b|` at 0 to at most 0 at `z_max`, and
/// the Illinois form of regula falsi finds where in about ten steps, where
/// halving the bracket to adjacent numbers took sixty.
fn newcombe_z(a: ShareSample, b: ShareSample, z_max: f64) -> f64 {
    let difference = a.p - b.p;
    // Above 0 while the interval leaves 0 out.
    let gap = |z: f64| {
        let (low, high) = newcombe_at(a, b, z);
        if difference > 0.0 { low } else { -high }
    };
    let (mut z_out, mut gap_out) = (0.0, difference.abs());
    let (mut z_in, mut gap_in) = (z_max, gap(z_max));
    // Which end moved last: -1 the one outside, 1 the one inside.
    let mut moved = 0;
    for _ in 0..200 {
        if z_in - z_out <= 1e-14 * z_in {
            break;
        }
        let secant = (z_out * gap_in - z_in * gap_out) / (gap_in - gap_out);
        let z = if secant > z_out && secant < z_in {
            secant
        } else {
            0.5 * (z_out + z_in)
        };
        let g = gap(z);
        if g > 0.0 {
            (z_out, gap_out) = (z, g);
            if moved == -1 {
                gap_in *= 0.5;
            }
            moved = -1;
        } else {
            (z_in, gap_in) = (z, g);
            if moved == 1 {
                gap_out *= 0.5;
            }
            moved = 1;
        }
    }
    z_out
}

/// Newcombe's interval with the p-value of the test it inverts; the pooled
/// and unpooled z beside it for reference. `pooled` is the pooled share and
/// `pooled_variance` the per-answer variance of both samples together.
fn share_comparison(
    a: ShareSample,
    b: ShareSample,
    (pooled, pooled_variance): (f64, f64),
    level: ConfidenceLevel,
) -> Result<Comparison, Error> {
    let difference = a.p - b.p;
    let (low, high) = newcombe(a, b, level);
    let p_value = newcombe_p(a, b)?;
    // The normal deviate of that p-value, signed as the difference.
    let statistic = if p_value >= 1.0 {
        0.0
    } else {
        normal_quantile(1.0 - p_value / 2.0).copysign(difference)
    };
    let pooled_se = (pooled_variance * (1.0 / a.n + 1.0 / b.n)).sqrt();
    let unpooled_se = (a.p * (1.0 - a.p) / a.n + b.p * (1.0 - b.p) / b.n).sqrt();
    let interval = Interval::new(difference, low, high, level, Method::Newcombe)
        .scaled_around(100.0 * difference, Unit::Percent);
    Ok(Comparison {
        p_value: agreeing_p(p_value, &interval),
        interval,
        statistic,
        shares: Some(ShareTest {
            pooled_share: pooled,
            pooled_z: z_of(difference, pooled_se),
            unpooled_z: z_of(difference, unpooled_se),
        }),
        effective_n: (a.n, b.n),
        centre_se: None,
    })
}

/// A comparison of `x1` of `n1` with `x2` of `n2`.
pub(crate) fn plain_share_comparison(
    (x1, n1): (u64, u64),
    (x2, n2): (u64, u64),
    confidence: PairConfidence,
) -> Result<Comparison, Error> {
    share_comparison_of(
        (x1 as f64, n1 as f64, n1),
        (x2 as f64, n2 as f64, n2),
        confidence,
    )
}

/// A comparison of two shares given as `(successes, n, answers)`: the
/// counts may be effective ones (of weighted answers), `answers` is the
/// actual number, for the finite population correction.
pub(crate) fn share_comparison_of(
    (x1, n1, answers1): (f64, f64, u64),
    (x2, n2, answers2): (f64, f64, u64),
    confidence: PairConfidence,
) -> Result<Comparison, Error> {
    let (side_a, side_b) = confidence.sides();
    let pooled = (x1 + x2) / (n1 + n2);
    share_comparison(
        ShareSample {
            p: x1 / n1,
            n: side_a.effective_n(answers1, n1)?,
        },
        ShareSample {
            p: x2 / n2,
            n: side_b.effective_n(answers2, n2)?,
        },
        (pooled, pooled * (1.0 - pooled)),
        confidence.level(),
    )
}

impl Nps {
    /// Compares this NPS (`a`) with another sample's (`b`): `a - b` in points.
    ///
    /// # Errors
    ///
    /// None for valid inputs; the `Result` is kept for symmetry with the
    /// comparisons that can fail.
    ///
    /// # Formula
    ///
    /// ```text
    /// var(NPS) = (p + d - (p - d)²) / n            per sample, adjusted (Rocks 2016):
    ///                                                p, d from counts + 3/4, n + 3
    /// CI: (NPS'a - NPS'b) ± z sqrt(var_a + var_b), clamped to [-200, 200]
    /// z = (NPS'a - NPS'b) / sqrt(var_a + var_b),  p = 2 (1 - Φ(|z|))
    /// ```
    ///
    /// The statistic is the interval's centre over its standard error, as
    /// R's `nps_test(test = "adjusted.wald")` has it, so `p < 1 - level`
    /// exactly when the interval excludes 0. [`Nps::compare_with`] takes
    /// the plain Wald method instead (R's default).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ConfidenceLevel;
    /// let a = cxmetrics::nps([10; 40].into_iter().chain([0; 10]))?; // NPS 60
    /// let b = cxmetrics::nps([10; 25].into_iter().chain([0; 25]))?; // NPS 0
    /// let c = a.compare(&b, ConfidenceLevel::P95)?;
    /// assert_eq!(c.difference(), 60.0);
    /// // Adjusted: (40.75 - 10.75) / 53 against (25.75 - 25.75) / 53, z = 3.2346.
    /// assert!((c.statistic() - 3.234628385770733).abs() < 1e-9);
    /// assert!((c.p_value() - 0.0012180114665638344).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        other: &Nps,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        self.compare_with(other, confidence, NetMethod::AdjustedWald)
    }

    /// [`Nps::compare`] by a chosen method: [`NetMethod::Wald`] uses the
    /// raw shares and variances, as R's `nps_test` does by default.
    ///
    /// # Errors
    ///
    /// None for valid inputs.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, NetMethod};
    /// let a = cxmetrics::nps([10; 40].into_iter().chain([0; 10]))?;
    /// let b = cxmetrics::nps([10; 25].into_iter().chain([0; 25]))?;
    /// let c = a.compare_with(&b, ConfidenceLevel::P95, NetMethod::Wald)?;
    /// // Wald: var = (0.8 + 0.2 - 0.36) / 50 + (0.5 + 0.5 - 0) / 50 = 0.0328
    /// assert!((c.statistic() - 0.6 / 0.0328f64.sqrt()).abs() < 1e-12);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare_with(
        &self,
        other: &Nps,
        confidence: impl Into<PairConfidence>,
        method: NetMethod,
    ) -> Result<Comparison, Error> {
        net_comparison(
            (self.net_counts(), self.total()),
            (other.net_counts(), other.total()),
            confidence.into(),
            method,
            Metric::Nps,
        )
    }
}

impl Iel {
    /// Compares this ИЭЛ (`a`) with another sample's (`b`): `a - b` in points.
    ///
    /// Each sample keeps its own `k`; compare samples with the same `k`
    /// unless the difference in `k` is the point.
    ///
    /// # Errors
    ///
    /// None for valid inputs; the `Result` is kept for symmetry.
    ///
    /// # Formula
    ///
    /// As [`Nps::compare`], with per-answer scores `+1`, `-1`, `-k` (see [`Iel::interval`]).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyTally, SilentWeight};
    /// let k = SilentWeight::new(0.5)?;
    /// let a = KeyTally::from_counts(70, 10, 20, 0).iel(k)?;
    /// let b = KeyTally::from_counts(70, 10, 20, 0).iel(k)?;
    /// assert_eq!(a.compare(&b, ConfidenceLevel::P95)?.p_value(), 1.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn compare(
        &self,
        other: &Iel,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        self.compare_with(other, confidence, NetMethod::AdjustedWald)
    }

    /// [`Iel::compare`] by a chosen method.
    ///
    /// # Errors
    ///
    /// None for valid inputs.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyTally, NetMethod, SilentWeight};
    /// let k = SilentWeight::new(0.5)?;
    /// let a = KeyTally::from_counts(70, 10, 20, 0).iel(k)?;
    /// let b = KeyTally::from_counts(50, 30, 20, 0).iel(k)?;
    /// let c = a.compare_with(&b, ConfidenceLevel::P95, NetMethod::Wald)?;
    /// assert!((c.difference() - 40.0).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn compare_with(
        &self,
        other: &Iel,
        confidence: impl Into<PairConfidence>,
        method: NetMethod,
    ) -> Result<Comparison, Error> {
        net_comparison(
            (self.net_counts(), self.n()),
            (other.net_counts(), other.n()),
            confidence.into(),
            method,
            Metric::Iel,
        )
    }
}

impl Ink {
    /// Compares this ИНК (`a`) with another sample's (`b`): `a - b` in
    /// percentage points.
    ///
    /// # Errors
    ///
    /// [`Error::Distribution`] only if a quantile cannot be evaluated.
    ///
    /// # Formula
    ///
    /// ```text
    /// CI: Newcombe's hybrid score interval from each sample's Wilson
    ///     interval at its effective sample size (see Ink::interval)
    /// z = (a - b) / sqrt(v_pooled (1/m_a + 1/m_b)),  v_pooled the per-answer
    ///     variance of both samples taken together, so that a real
    ///     difference is never tested against zero spread
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, KeyTally, SilentWeight};
    /// let k = SilentWeight::new(0.3)?;
    /// let small = KeyTally::from_counts(8, 2, 2, 0).ink(k)?;       // 12 answers
    /// let large = KeyTally::from_counts(700, 90, 110, 0).ink(k)?;  // 900 answers
    /// let c = small.compare(&large, ConfidenceLevel::P95)?;
    /// assert!(c.difference() > 0.0);
    /// assert!(!c.is_significant()); // 12 answers cannot tell these apart
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    #[doc(alias = "ИНК@Офис")]
    pub fn compare(
        &self,
        other: &Ink,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        ink_comparison(
            InkMoments::of(self),
            InkMoments::of(other),
            confidence.into(),
        )
    }
}

/// Two ИНК samples, each at its effective sample size.
pub(crate) fn ink_comparison(
    a: InkMoments,
    b: InkMoments,
    confidence: PairConfidence,
) -> Result<Comparison, Error> {
    let (side_a, side_b) = confidence.sides();
    let (na, nb) = (a.n_eff(), b.n_eff());
    let mean = (a.mean() * na + b.mean() * nb) / (na + nb);
    let second = (a.second() * na + b.second() * nb) / (na + nb);
    share_comparison(
        ShareSample {
            p: a.mean(),
            n: side_a.effective_n(a.answers, na / a.design_effect())?,
        },
        ShareSample {
            p: b.mean(),
            n: side_b.effective_n(b.answers, nb / b.design_effect())?,
        },
        (mean, (second - mean * mean).max(0.0)),
        confidence.level(),
    )
}

impl Csat {
    /// Compares the top-box shares of this sample (`a`) and another (`b`):
    /// `a - b` in percentage points.
    ///
    /// # Errors
    ///
    /// [`Error::Distribution`] only if a quantile cannot be evaluated.
    ///
    /// # Formula
    ///
    /// ```text
    /// CI: Newcombe (1998) method 10, from the Wilson intervals (l, u) of each share:
    ///     d - sqrt((pa - la)² + (ub - pb)²),  d + sqrt((ua - pa)² + (pb - lb)²)
    /// z = d / sqrt(p (1 - p) (1/na + 1/nb)),  p the pooled share
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, CsatTally, Scale};
    /// // Newcombe (1998): 56/70 - 48/80 = 0.2, interval 0.0524 to 0.3339.
    /// let a = CsatTally::from_counts(Scale::CSAT, &[14, 0, 0, 0, 56])?.csat()?;
    /// let b = CsatTally::from_counts(Scale::CSAT, &[32, 0, 0, 0, 48])?.csat()?;
    /// let ci = a.compare(&b, ConfidenceLevel::P95)?.interval();
    /// assert!((ci.low() - 5.24).abs() < 0.005 && (ci.high() - 33.39).abs() < 0.005);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        other: &Csat,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        plain_share_comparison(
            (self.top_box(), self.total()),
            (other.top_box(), other.total()),
            confidence.into(),
        )
    }

    /// Compares the mean scores with Welch's t-test: `a - b` in scale points.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewAnswers`] if a sample has fewer than two answers;
    /// [`Error::ZeroVariance`] if neither sample varies at all.
    ///
    /// # Formula
    ///
    /// ```text
    /// se² = sa²/na + sb²/nb,  df = se⁴ / ((sa²/na)²/(na-1) + (sb²/nb)²/(nb-1))
    /// CI: (ma - mb) ± t(df, 1-α/2) se;   t = (ma - mb) / se
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let a = cxmetrics::csat([5, 4, 5, 4, 5], Scale::CSAT)?;
    /// let b = cxmetrics::csat([2, 3, 2, 3, 1], Scale::CSAT)?;
    /// assert!(a.compare_means(&b, ConfidenceLevel::P95)?.is_significant());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare_means(
        &self,
        other: &Csat,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        scale_welch(&self.0, &other.0, Metric::Csat, confidence.into())
    }
}

impl Ces {
    /// Compares CES, the mean effort scores, with Welch's t-test: `a - b`.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewAnswers`] if a sample has fewer than two answers;
    /// [`Error::ZeroVariance`] if neither sample varies at all.
    ///
    /// # Formula
    ///
    /// As [`Csat::compare_means`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let a = cxmetrics::ces([7, 6, 7, 5], Scale::CES)?;
    /// let b = cxmetrics::ces([6, 7, 5, 7], Scale::CES)?;
    /// assert_eq!(a.compare(&b, ConfidenceLevel::P95)?.difference(), 0.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare(
        &self,
        other: &Ces,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        scale_welch(&self.0, &other.0, Metric::Ces, confidence.into())
    }

    /// Compares the easy shares: `a - b` in percentage points.
    ///
    /// # Errors
    ///
    /// As [`Csat::compare`].
    ///
    /// # Formula
    ///
    /// As [`Csat::compare`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, Scale};
    /// let a = cxmetrics::ces([7, 6, 7, 5], Scale::CES)?;
    /// let b = cxmetrics::ces([1, 2, 7, 7], Scale::CES)?;
    /// assert_eq!(a.compare_easy_share(&b, ConfidenceLevel::P95)?.difference(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn compare_easy_share(
        &self,
        other: &Ces,
        confidence: impl Into<PairConfidence>,
    ) -> Result<Comparison, Error> {
        plain_share_comparison(
            (self.easy(), self.total()),
            (other.easy(), other.total()),
            confidence.into(),
        )
    }
}

fn scale_welch(
    a: &ScaleSummary,
    b: &ScaleSummary,
    metric: Metric,
    confidence: PairConfidence,
) -> Result<Comparison, Error> {
    let (side_a, side_b) = confidence.sides();
    welch(
        (MeanEstimate::of_scale(a, metric)?, side_a, a.total),
        (MeanEstimate::of_scale(b, metric)?, side_b, b.total),
        metric,
        confidence.level(),
        Method::Welch,
        Unit::ScalePoints,
    )
}

/// Welch's t-test of two means, each with its own finite population
/// correction; `method` names it (Welch, or the trinomial t of net scores).
pub(crate) fn welch(
    (a, side_a, answers_a): (MeanEstimate, Confidence, u64),
    (b, side_b, answers_b): (MeanEstimate, Confidence, u64),
    metric: Metric,
    level: ConfidenceLevel,
    method: Method,
    unit: Unit,
) -> Result<Comparison, Error> {
    let n_a = side_a.effective_n(answers_a, a.n())?;
    let n_b = side_b.effective_n(answers_b, b.n())?;
    let va = a.variance() / n_a;
    let vb = b.variance() / n_b;
    let se2 = va + vb;
    if se2 <= 0.0 {
        return Err(Error::ZeroVariance { metric });
    }
    // Welch-Satterthwaite, with each side's own degrees of freedom.
    let df = se2 * se2 / (va * va / a.degrees_of_freedom() + vb * vb / b.degrees_of_freedom());
    let se = se2.sqrt();
    let difference = a.mean() - b.mean();
    let statistic = difference / se;
    let half = level.t(df)? * se;
    let interval = Interval::new(
        difference,
        difference - half,
        difference + half,
        level,
        method,
    );
    let interval = interval.scaled_around(unit.per_whole() * difference, unit);
    Ok(Comparison {
        p_value: agreeing_p(t_two_sided(statistic, df), &interval),
        interval,
        statistic,
        shares: None,
        effective_n: (n_a, n_b),
        centre_se: Some((unit.per_whole() * difference, unit.per_whole() * se)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The z that `newcombe_z` finds is where Newcombe's interval
        /// reaches 0: it leaves 0 out there and takes it in a hair above.
        #[test]
        fn newcombe_z_is_where_the_interval_reaches_zero(
            (x1, n1) in (1u64..2000).prop_flat_map(|n| (0..=n, Just(n))),
            (x2, n2) in (1u64..2000).prop_flat_map(|n| (0..=n, Just(n))),
        ) {
            let a = ShareSample { p: x1 as f64 / n1 as f64, n: n1 as f64 };
            let b = ShareSample { p: x2 as f64 / n2 as f64, n: n2 as f64 };
            prop_assume!(a.p != b.p);
            let z_max = ConfidenceLevel::new(1.0 - 1e-15).unwrap().z();
            let excludes = |z: f64| {
                let (low, high) = newcombe_at(a, b, z);
                low > 0.0 || high < 0.0
            };
            prop_assume!(!excludes(z_max));
            let z = newcombe_z(a, b, z_max);
            prop_assert!(excludes(z), "z {z}");
            prop_assert!(!excludes(z * (1.0 + 1e-12)), "z {z}");
        }
    }
}
