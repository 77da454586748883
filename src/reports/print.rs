//! Numbers as a reader sees them: never `-0.00`, and an interval that
//! leaves 0 out printed with digits enough to show it. The programs and
//! the HTML report print through these.

/// The decimal places an interval's bounds need: `decimals`, or more (up
/// to 6) where an interval that leaves 0 out would otherwise print a bound
/// as zero, as `[0.00, 0.41]` would for a trend of `[0.004, 0.41]`.
///
/// # Example
///
/// ```
/// use cxmetrics::print::interval_decimals;
/// assert_eq!(interval_decimals(0.004, 0.41, 2), 3); // [0.004, 0.410]
/// assert_eq!(interval_decimals(-0.5, 0.41, 2), 2); // holds 0: as asked
/// assert_eq!(interval_decimals(1e-9, 2.0, 2), 6); // at most 6
/// ```
pub fn interval_decimals(low: f64, high: f64, decimals: usize) -> usize {
    let leaves_out_zero = low > 0.0 || high < 0.0;
    let shown_as_zero = |bound: f64, d: usize| is_zero_text(&fixed(bound, d));
    let mut d = decimals;
    while leaves_out_zero && d < MAX_DECIMALS && (shown_as_zero(low, d) || shown_as_zero(high, d)) {
        d += 1;
    }
    d
}

/// The most places [`interval_decimals`] adds up to.
const MAX_DECIMALS: usize = 6;

/// `value` with `decimals` places; a value that rounds to zero prints as
/// zero, never `-0.0`.
///
/// # Example
///
/// ```
/// use cxmetrics::print::fixed;
/// assert_eq!(fixed(-0.0001, 2), "0.00");
/// assert_eq!(fixed(-0.0, 1), "0.0");
/// assert_eq!(fixed(-2.345, 1), "-2.3");
/// ```
pub fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(digits) if is_zero_text(digits) => digits.to_string(),
        _ => text,
    }
}

/// As [`fixed`], with a `+` before a value above zero: a difference or a
/// slope.
///
/// # Example
///
/// ```
/// use cxmetrics::print::signed;
/// assert_eq!(signed(0.25, 2), "+0.25");
/// assert_eq!(signed(-0.001, 2), "0.00");
/// assert_eq!(signed(-1.5, 1), "-1.5");
/// ```
pub fn signed(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if text.starts_with('-') || is_zero_text(&text) {
        text
    } else {
        format!("+{text}")
    }
}

/// An estimate and its interval, `value [low, high]`, with the digits of
/// [`interval_decimals`].
///
/// # Example
///
/// ```
/// use cxmetrics::print::interval;
/// assert_eq!(interval(0.2, 0.004, 0.41, 2), "0.200 [0.004, 0.410]");
/// assert_eq!(interval(-0.0, -1.0, 1.0, 1), "0.0 [-1.0, 1.0]");
/// ```
pub fn interval(value: f64, low: f64, high: f64, decimals: usize) -> String {
    let d = interval_decimals(low, high, decimals);
    format!(
        "{} [{}, {}]",
        fixed(value, d),
        fixed(low, d),
        fixed(high, d)
    )
}

/// As [`interval`], each number signed: a difference or a slope.
///
/// # Example
///
/// ```
/// use cxmetrics::print::signed_interval;
/// assert_eq!(signed_interval(0.2, 0.004, 0.41, 2), "+0.200 [+0.004, +0.410]");
/// assert_eq!(signed_interval(-0.0001, -0.3, 0.3, 2), "0.00 [-0.30, +0.30]");
/// ```
pub fn signed_interval(value: f64, low: f64, high: f64, decimals: usize) -> String {
    let d = interval_decimals(low, high, decimals);
    format!(
        "{} [{}, {}]",
        signed(value, d),
        signed(low, d),
        signed(high, d)
    )
}

/// A p-value as it follows its name: `= 0.0123`, or `< 0.0001` below
/// that, where four decimals would print zero.
///
/// # Example
///
/// ```
/// use cxmetrics::print::p_value;
/// assert_eq!(p_value(0.04876), "= 0.0488");
/// assert_eq!(p_value(4.17e-5), "< 0.0001");
/// ```
pub fn p_value(p: f64) -> String {
    if p < 1e-4 {
        "< 0.0001".to_string()
    } else {
        format!("= {p:.4}")
    }
}

/// Whether a printed number is zero (its digits all `0`).
fn is_zero_text(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b'0' | b'.' | b'-' | b'+'))
}
