//! A change in time (SPEC: "A change in time"): a segmented regression of
//! a series of period values on a line before a date and a line after it,
//! with Newey-West standard errors, so that the level change and the slope
//! change at the date carry intervals that allow for autocorrelated
//! periods.

use serde::Serialize;

use crate::error::Error;
use crate::statistics::confidence::ConfidenceLevel;
use crate::statistics::distribution::{t_quantile_upper, t_two_sided};

/// The fewest periods on each side of the change.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::SEGMENT_MIN_PERIODS, 8);
/// ```
pub const SEGMENT_MIN_PERIODS: usize = 8;

/// One coefficient of a regression: its estimate, Newey-West standard
/// error, t statistic on `n - 4` degrees of freedom, p and interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Coefficient {
    /// The estimate.
    pub estimate: f64,
    /// Its standard error.
    pub standard_error: f64,
    /// `estimate / standard_error`.
    pub t: f64,
    /// The two-sided p-value of "it is 0".
    pub p_value: f64,
    /// The interval's lower bound.
    pub ci_low: f64,
    /// The interval's upper bound.
    pub ci_high: f64,
}

/// The segmented regression `y = b0 + b1 t + b2 D + b3 (t - m) D` over
/// periods `t = 0..n-1`, `m` of them before the change, `D = 1` from the
/// first period after: `b2` is the level change at that period, `b3` the
/// slope change.
///
/// Ordinary least squares on the periods' values; standard errors by
/// Newey-West (Bartlett kernel, lag `floor(4 (n / 100)^(2/9))`, the
/// small-sample factor `n / (n - 4)`), t with `n - 4` degrees of freedom,
/// as statsmodels' `OLS(...).fit(cov_type="HAC", cov_kwds={"maxlags": lag,
/// "use_correction": True}, use_t=True)`.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, SegmentedRegression};
/// // Ten weeks on the line 40 + t, then ten on 50 + t: at the first week
/// // after, 60 against the 50 the first line reaches, so a level change of
/// // 10 and no slope change.
/// let weeks: Vec<f64> = (0..20).map(|t| if t < 10 { 40.0 + t as f64 } else { 50.0 + t as f64 }).collect();
/// let fit = SegmentedRegression::fit(&weeks, 10, ConfidenceLevel::P95)?;
/// assert!((fit.level_change.estimate - 10.0).abs() < 1e-9);
/// assert!(fit.slope_change.estimate.abs() < 1e-9);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentedRegression {
    /// Periods before the change.
    pub periods_before: usize,
    /// Periods from the change on.
    pub periods_after: usize,
    /// The Newey-West lag.
    pub lag: usize,
    /// `b0`: the line before, at the first period.
    pub intercept: Coefficient,
    /// `b1`: the slope before, per period.
    pub slope: Coefficient,
    /// `b2`: the level change at the first period after.
    pub level_change: Coefficient,
    /// `b3`: the slope change, per period.
    pub slope_change: Coefficient,
    /// The fitted value of every period, for drawing the two lines.
    pub fitted: Vec<f64>,
    /// The interval's confidence level.
    pub level: f64,
}

impl SegmentedRegression {
    /// Fits the two lines to `values` (one per period, in order), the first
    /// `periods_before` of them before the change.
    ///
    /// # Errors
    ///
    /// [`Error::TooFewPeriodsOnASide`] with fewer than
    /// [`SEGMENT_MIN_PERIODS`] periods on a side; [`Error::InvalidInput`]
    /// for a value that is not finite.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, SegmentedRegression};
    /// let err = SegmentedRegression::fit(&[1.0; 12], 5, ConfidenceLevel::P95).unwrap_err();
    /// assert_eq!(err.to_string(), "a change at a date needs at least 8 periods on each side; before it there are 5");
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fit(
        values: &[f64],
        periods_before: usize,
        level: ConfidenceLevel,
    ) -> Result<SegmentedRegression, Error> {
        let times: Vec<f64> = (0..values.len()).map(|t| t as f64).collect();
        SegmentedRegression::fit_at(&times, values, periods_before, level)
    }

    /// As [`SegmentedRegression::fit`], with each value's period number
    /// given (`times`, increasing), for a series with periods missing: the
    /// change is at `times[periods_before]`, and `m` in the model is that
    /// period's number.
    ///
    /// # Errors
    ///
    /// As [`SegmentedRegression::fit`]; [`Error::InvalidInput`] for times
    /// not strictly increasing or of another length than the values.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, SegmentedRegression};
    /// // Weeks 0..20 with week 5 missing, on 40 + t before week 10 and 50 + t from it.
    /// let times: Vec<f64> = (0..20).filter(|&t| t != 5).map(f64::from).collect();
    /// let values: Vec<f64> = times.iter().map(|&t| if t < 10.0 { 40.0 + t } else { 50.0 + t }).collect();
    /// let fit = SegmentedRegression::fit_at(&times, &values, 9, ConfidenceLevel::P95)?;
    /// assert!((fit.level_change.estimate - 10.0).abs() < 1e-9);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn fit_at(
        times: &[f64],
        values: &[f64],
        periods_before: usize,
        level: ConfidenceLevel,
    ) -> Result<SegmentedRegression, Error> {
        let n = values.len();
        if times.len() != n
            || times
                .windows(2)
                .any(|w| w[0].partial_cmp(&w[1]) != Some(std::cmp::Ordering::Less))
        {
            return Err(Error::InvalidInput {
                what: "the periods' numbers",
                value: times.len() as f64,
                expected: "one strictly increasing number per value",
            });
        }
        let periods_after = n.saturating_sub(periods_before);
        for (side, found) in [("before", periods_before.min(n)), ("after", periods_after)] {
            if found < SEGMENT_MIN_PERIODS {
                return Err(Error::TooFewPeriodsOnASide {
                    side,
                    needed: SEGMENT_MIN_PERIODS,
                    found,
                });
            }
        }
        if let Some(&bad) = values.iter().find(|v| !v.is_finite()) {
            return Err(Error::InvalidInput {
                what: "a period's value",
                value: bad,
                expected: "a finite number",
            });
        }
        let m = times[periods_before];
        let row = |t: f64| -> [f64; 4] {
            let after = if t >= m { 1.0 } else { 0.0 };
            [1.0, t, after, (t - m) * after]
        };
        let rows: Vec<[f64; 4]> = times.iter().map(|&t| row(t)).collect();
        // X'X and X'y.
        let mut xtx = [[0.0; 4]; 4];
        let mut xty = [0.0; 4];
        for (x, &y) in rows.iter().zip(values) {
            for i in 0..4 {
                xty[i] += x[i] * y;
                for j in 0..4 {
                    xtx[i][j] += x[i] * x[j];
                }
            }
        }
        let inverse = invert(xtx).ok_or_else(|| Error::Inconsistent {
            detail: "the periods do not determine two lines".to_string(),
        })?;
        let beta: [f64; 4] = std::array::from_fn(|i| (0..4).map(|j| inverse[i][j] * xty[j]).sum());
        let fitted: Vec<f64> = rows
            .iter()
            .map(|x| (0..4).map(|i| x[i] * beta[i]).sum())
            .collect();
        let residuals: Vec<f64> = values.iter().zip(&fitted).map(|(y, f)| y - f).collect();
        // Newey-West: S = Σ e² x xᵀ + Σ_l w_l Σ_t e_t e_(t-l) (x_t x_(t-l)ᵀ + x_(t-l) x_tᵀ).
        let nf = n as f64;
        let lag = (4.0 * (nf / 100.0).powf(2.0 / 9.0)).floor() as usize;
        let mut s = [[0.0; 4]; 4];
        for l in 0..=lag {
            let weight = if l == 0 {
                1.0
            } else {
                1.0 - l as f64 / (lag as f64 + 1.0)
            };
            for t in l..n {
                let product = residuals[t] * residuals[t - l];
                for i in 0..4 {
                    for j in 0..4 {
                        let term = if l == 0 {
                            rows[t][i] * rows[t][j]
                        } else {
                            rows[t][i] * rows[t - l][j] + rows[t - l][i] * rows[t][j]
                        };
                        s[i][j] += weight * product * term;
                    }
                }
            }
        }
        let sandwich = multiply(multiply(inverse, s), inverse);
        let df = nf - 4.0;
        let factor = nf / df;
        let quantile = t_quantile_upper(level.alpha() / 2.0, df)?;
        let coefficient = |i: usize| {
            let se = (factor * sandwich[i][i]).max(0.0).sqrt();
            let t = if se > 0.0 { beta[i] / se } else { 0.0 };
            Coefficient {
                estimate: beta[i],
                standard_error: se,
                t,
                p_value: if se > 0.0 { t_two_sided(t, df) } else { 1.0 },
                ci_low: beta[i] - quantile * se,
                ci_high: beta[i] + quantile * se,
            }
        };
        Ok(SegmentedRegression {
            periods_before,
            periods_after,
            lag,
            intercept: coefficient(0),
            slope: coefficient(1),
            level_change: coefficient(2),
            slope_change: coefficient(3),
            fitted,
            level: level.get(),
        })
    }
}

type Matrix = [[f64; 4]; 4];

fn multiply(a: Matrix, b: Matrix) -> Matrix {
    std::array::from_fn(|i| std::array::from_fn(|j| (0..4).map(|k| a[i][k] * b[k][j]).sum()))
}

/// The inverse by Gauss-Jordan elimination with partial pivoting; `None`
/// for a singular matrix.
fn invert(mut a: Matrix) -> Option<Matrix> {
    let mut inverse: Matrix =
        std::array::from_fn(|i| std::array::from_fn(|j| f64::from(u8::from(i == j))));
    for column in 0..4 {
        let pivot =
            (column..4).max_by(|&x, &y| a[x][column].abs().total_cmp(&a[y][column].abs()))?;
        if a[pivot][column].abs() < 1e-12 {
            return None;
        }
        a.swap(column, pivot);
        inverse.swap(column, pivot);
        let scale = a[column][column];
        for j in 0..4 {
            a[column][j] /= scale;
            inverse[column][j] /= scale;
        }
        for row in 0..4 {
            if row != column {
                let factor = a[row][column];
                for j in 0..4 {
                    a[row][j] -= factor * a[column][j];
                    inverse[row][j] -= factor * inverse[column][j];
                }
            }
        }
    }
    Some(inverse)
}
