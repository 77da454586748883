//! Net scores (NPS, ИЭЛ) as the mean of per-answer scores +1, 0, -1 (and
//! -k for silent answers of ИЭЛ): their variance, the adjusted Wald counts of
//! Rocks (2016), Tango's (1998) score statistic, and their intervals.

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::index::Iel;
use crate::metrics::nps::Nps;
use crate::statistics::confidence::Confidence;
use crate::statistics::interval::NetMethod;
use crate::statistics::interval::{Interval, Method, Unit};

/// A net score's counts, as `f64` so that adjusted and effective (weighted)
/// counts fit: the mean of per-answer scores `+1` (positive), `-1`
/// (negative) and `-k` (silent) over `n` answers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct NetCounts {
    pub positive: f64,
    pub negative: f64,
    pub silent: f64,
    pub k: f64,
    pub n: f64,
}

impl NetCounts {
    /// NPS counts: passives are silent answers with `k = 0`, scoring 0.
    pub(crate) fn nps(promoters: f64, passives: f64, detractors: f64) -> NetCounts {
        NetCounts {
            positive: promoters,
            negative: detractors,
            silent: passives,
            k: 0.0,
            n: promoters + passives + detractors,
        }
    }

    /// The same shares over `n` answers: how the finite population
    /// correction enters Tango's score, as a larger sample.
    pub(crate) fn scaled_to(self, n: f64) -> NetCounts {
        let scale = n / self.n;
        NetCounts {
            positive: self.positive * scale,
            negative: self.negative * scale,
            silent: self.silent * scale,
            n,
            ..self
        }
    }

    /// Rocks' adjustment: 3/4 of a promoter, 3/4 of a detractor and 3/2 of
    /// an answer that scores 0.
    pub(crate) fn adjusted(self) -> NetCounts {
        NetCounts {
            positive: self.positive + 0.75,
            negative: self.negative + 0.75,
            n: self.n + 3.0,
            ..self
        }
    }

    /// Mean score in `[-1, 1]`.
    pub(crate) fn mean(&self) -> f64 {
        (self.positive - self.negative - self.k * self.silent) / self.n
    }

    /// Variance of one answer's score: `E[X²] - E[X]²` (with `n`, as R's
    /// `nps_var`).
    pub(crate) fn variance(&self) -> f64 {
        let second = (self.positive + self.negative + self.k * self.k * self.silent) / self.n;
        (second - self.mean().powi(2)).max(0.0)
    }

    /// The counts as a trinomial of +1, 0 and -1 scores for Tango's
    /// method, `(promoters, detractors, n)`: silent answers score 0 (k = 0)
    /// or -1 (k = 1); any other `k` leaves a fourth score value, outside
    /// its model.
    fn trinomial(&self) -> Result<(f64, f64, f64), Error> {
        if self.k == 0.0 || self.silent == 0.0 {
            Ok((self.positive, self.negative, self.n))
        } else if self.k == 1.0 {
            Ok((self.positive, self.negative + self.silent, self.n))
        } else {
            Err(Error::UnsupportedMethod {
                method: Method::Net(NetMethod::Tango),
                purpose: "ИЭЛ with 0 < k < 1 (a silent answer is then neither 0 nor -1)",
            })
        }
    }

    /// Tango's score interval of the net score, as fractions, at the
    /// normal quantile `z`.
    pub(crate) fn tango_interval(&self, z: f64) -> Result<(f64, f64), Error> {
        tango_bounds(self, z)
    }

    /// Tango's score statistic for "the net score is `delta`" (a fraction).
    pub(crate) fn tango_score(&self, delta: f64) -> Result<f64, Error> {
        let (promoters, detractors, n) = self.trinomial()?;
        Ok(tango_score(promoters, detractors, n, delta))
    }
}

/// Tango's (1998) score statistic for a difference of two shares of one
/// multinomial sample, here promoters minus detractors, at `delta`:
///
/// ```text
/// T = (P - D - n δ) / sqrt(n (2 q + δ (1 - δ)))
/// q = (sqrt(B² - 4 A C) - B) / (2 A),  A = 2n,  B = -D - P + (2n - P + D) δ,
///     C = -D δ (1 - δ)      (the detractor share's maximum likelihood under δ)
/// ```
fn tango_score(promoters: f64, detractors: f64, n: f64, delta: f64) -> f64 {
    let a = 2.0 * n;
    let b = -detractors - promoters + (2.0 * n - promoters + detractors) * delta;
    let c = -detractors * delta * (1.0 - delta);
    let q = ((b * b - 4.0 * a * c).max(0.0).sqrt() - b) / (2.0 * a);
    let spread = n * (2.0 * q + delta * (1.0 - delta));
    let centre = promoters - detractors - n * delta;
    if spread > 0.0 {
        centre / spread.sqrt()
    } else if centre == 0.0 {
        0.0
    } else {
        f64::INFINITY.copysign(centre)
    }
}

/// The bounds of Tango's interval: the net scores whose score statistic
/// lies within `±z`, found by bisection (the statistic falls as δ grows).
/// They end exactly at ±1 when every answer is a promoter (detractor), as
/// R's `iterative` has it.
fn tango_bounds(counts: &NetCounts, z: f64) -> Result<(f64, f64), Error> {
    let (promoters, detractors, n) = counts.trinomial()?;
    let score = |delta: f64| tango_score(promoters, detractors, n, delta);
    let boundary = |mut inside: f64, mut outside: f64, is_inside: &dyn Fn(f64) -> bool| {
        for _ in 0..200 {
            let mid = 0.5 * (inside + outside);
            if mid == inside || mid == outside {
                break;
            }
            if is_inside(mid) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        0.5 * (inside + outside)
    };
    let estimate = (promoters - detractors) / n;
    let high = if promoters >= n {
        1.0
    } else {
        boundary(estimate, 1.0, &|delta| score(delta) > -z)
    };
    let low = if detractors >= n {
        -1.0
    } else {
        boundary(estimate, -1.0, &|delta| score(delta) < z)
    };
    Ok((low, high))
}

/// An interval for a net score, in points of `[-100, 100]`, around the
/// metric's own value `estimate`; `answers` is the actual number of answers
/// (for the finite population correction), `counts` may be effective ones.
pub(crate) fn net_interval(
    estimate: f64,
    counts: NetCounts,
    answers: u64,
    confidence: Confidence,
    method: NetMethod,
    metric: Metric,
) -> Result<Interval, Error> {
    let level = confidence.level();
    let sampling = confidence.sampling(answers)?;
    let (low, high) = match method {
        NetMethod::AdjustedWald | NetMethod::Wald => {
            let used = match method {
                NetMethod::AdjustedWald => counts.adjusted(),
                _ => counts,
            };
            match sampling.effective(used.n) {
                None => (counts.mean(), counts.mean()),
                Some(n_eff) => {
                    let half = level.z() * (used.variance() / n_eff).sqrt();
                    (used.mean() - half, used.mean() + half)
                }
            }
        }
        NetMethod::TrinomialT => {
            if counts.n < 2.0 || answers < 2 {
                return Err(Error::TooFewAnswers {
                    metric,
                    needed: 2,
                    found: answers,
                });
            }
            match sampling.effective(counts.n) {
                None => (counts.mean(), counts.mean()),
                Some(n_eff) => {
                    let sample_variance = counts.variance() * counts.n / (counts.n - 1.0);
                    let half = level.t(counts.n - 1.0)? * (sample_variance / n_eff).sqrt();
                    (counts.mean() - half, counts.mean() + half)
                }
            }
        }
        NetMethod::Tango => match sampling.effective(counts.n) {
            None => (counts.mean(), counts.mean()),
            Some(n_eff) => tango_bounds(&counts.scaled_to(n_eff), level.z())?,
        },
    };
    Ok(
        Interval::new(estimate, low, high, level, Method::Net(method))
            .clamped(-1.0, 1.0)
            .scaled_around(estimate, Unit::Points),
    )
}

/// The numbers behind a net score's adjusted Wald interval (Rocks 2016):
/// the adjusted counts, the estimate they give, its variance and standard
/// error.
///
/// # Example
///
/// ```
/// // 20 detractors, 5 passives, 75 promoters.
/// let nps = cxmetrics::Nps::from_counts(20, 5, 75)?;
/// let adjusted = nps.adjusted();
/// assert_eq!(adjusted.promoters(), 75.75);
/// assert_eq!(adjusted.detractors(), 20.75);
/// assert_eq!(adjusted.n(), 103.0);
/// assert!((adjusted.estimate() - 100.0 * 55.0 / 103.0).abs() < 1e-12);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdjustedNet {
    counts: NetCounts,
}

impl AdjustedNet {
    pub(crate) fn of(counts: NetCounts) -> AdjustedNet {
        AdjustedNet {
            counts: counts.adjusted(),
        }
    }

    /// Promoters (positive answers) plus 3/4.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([10])?.adjusted().promoters(), 1.75);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn promoters(&self) -> f64 {
        self.counts.positive
    }

    /// Detractors (negative answers) plus 3/4.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([10])?.adjusted().detractors(), 0.75);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn detractors(&self) -> f64 {
        self.counts.negative
    }

    /// Answers plus 3.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([10])?.adjusted().n(), 4.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n(&self) -> f64 {
        self.counts.n
    }

    /// The adjusted net score, in points: the centre of the adjusted Wald
    /// interval.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([10])?.adjusted().estimate(), 25.0); // (1.75 - 0.75) / 4
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn estimate(&self) -> f64 {
        100.0 * self.counts.mean()
    }

    /// The adjusted variance of one answer's score, as a fraction
    /// (R's `nps_var` of the adjusted counts).
    ///
    /// # Example
    ///
    /// ```
    /// // p' = 1.75/4, d' = 0.75/4: p' + d' - (p' - d')² = 0.625 - 0.0625
    /// assert_eq!(cxmetrics::nps([10])?.adjusted().variance(), 0.5625);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn variance(&self) -> f64 {
        self.counts.variance()
    }

    /// The adjusted standard error, in points: `100 sqrt(variance / n)`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::nps([10])?.adjusted().standard_error(), 37.5); // 100 * sqrt(0.5625 / 4)
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn standard_error(&self) -> f64 {
        100.0 * (self.counts.variance() / self.counts.n).sqrt()
    }
}

/// The variance and standard error of a net score from its raw counts.
pub(crate) fn raw_spread(counts: NetCounts) -> (f64, f64) {
    let variance = counts.variance();
    (variance, 100.0 * (variance / counts.n).sqrt())
}

impl Nps {
    /// The counts as a net score's: promoters +1, passives 0, detractors -1.
    pub(crate) fn net_counts(&self) -> NetCounts {
        NetCounts::nps(
            self.promoters() as f64,
            self.passives() as f64,
            self.detractors() as f64,
        )
    }
}

impl Iel {
    /// The counts as a net score's: positive +1, negative (force majeure
    /// included) -1, silent -k.
    pub(crate) fn net_counts(&self) -> NetCounts {
        let tally = self.tally();
        NetCounts {
            positive: tally.positive() as f64,
            negative: tally.all_negative() as f64,
            silent: tally.silent() as f64,
            k: self.k().get(),
            n: tally.total() as f64,
        }
    }
}
