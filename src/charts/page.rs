//! The frame of the one-view pages (recovery, reasons): the report's
//! style, a title and a line of what was read, then the sections.

use crate::reports::segments::MetricComparison;

use super::html::{STYLE, escape};

/// What the one-view pages add to the report's style: a box for what
/// needs attention and plain tables that scroll inside their own box
/// (charts keep their size and scroll, as the report's do).
const PAGE_STYLE: &str = ".attention{background:#fff;border:2px solid #d55e00;border-radius:8px;padding:.2rem 1rem .6rem}\
     .attention h2{border:0;margin:.4rem 0}.attention ul{padding-left:1.3rem}.attention li{margin:.2rem 0}\
     .scroll{overflow-x:auto;max-width:100%}\
     table.plain{border-collapse:collapse;background:#fff;font-size:.9rem}\
     table.plain th,table.plain td{border:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top}\
     table.plain th{background:#f0f0f0}table.plain td.num{text-align:right;font-weight:400}";

/// The page up to its first section: `title` (text, escaped) in the tab,
/// `heading` (text, escaped) on the page, `sub` (HTML, escaped by the
/// caller) under it, and `style` after the shared rules.
pub(crate) fn start(title: &str, heading: &str, sub: &str, style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\
         <title>{}</title><style>{STYLE}{PAGE_STYLE}{style}</style></head>\n<body><main>\n\
         <h1>{}</h1><p class=\"sub\">{sub}</p>\n",
        escape(title),
        escape(heading)
    )
}

/// The page closed.
pub(crate) fn end(mut page: String) -> String {
    page.push_str("\n</main></body></html>\n");
    page
}

/// A value with two decimals, `-` without one.
pub(crate) fn value(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| crate::print::fixed(v, 2))
}

/// A comparison's difference with its interval and unit:
/// `+1.08 [-2.77, +4.79] points`, `-` without one.
pub(crate) fn difference(c: &MetricComparison) -> String {
    let unit = if c.mean { "scale points" } else { "points" };
    match (c.difference, c.ci_low, c.ci_high) {
        (Some(d), Some(low), Some(high)) => format!(
            "{} [{}, {}] {unit}",
            crate::print::signed(d, 2),
            crate::print::signed(low, 2),
            crate::print::signed(high, 2)
        ),
        _ => "-".to_string(),
    }
}
