//! The reasons that cost the most as one self-contained HTML page: the
//! reasons whose cost to NPS is more than noise first, then the Pareto
//! chart of how often each is given, then both tables.

use std::fmt::Write as _;

use crate::input::rejections::RowCounts;
use crate::reports::reasons::{ReasonRow, Reasons};

use super::html::escape;
use super::page;

/// How many reasons the page names first.
const TOP: usize = 5;
/// How many bars the Pareto chart draws; the rest are one bar.
const BARS: usize = 15;

/// The reasons as one HTML page, fetching nothing: the costliest reasons
/// first (those whose impact on NPS is above 0 with its whole interval),
/// the Pareto chart, then the tables by impact and by count. `column` is
/// the reason column's name and `source` the file's; every label is
/// escaped.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NpsTally, ReasonTally, Reasons, RowCounts};
/// let tally = |promoters: u64, detractors: u64| {
///     let mut counts = [0u64; 11];
///     (counts[10], counts[0]) = (promoters, detractors);
///     ReasonTally { responses: promoters + detractors, nps: NpsTally::from_counts(counts) }
/// };
/// let reasons = Reasons::new(
///     vec![("billing".into(), tally(10, 30)), ("<script>".into(), tally(15, 5))],
///     tally(30, 10),
///     ConfidenceLevel::P95,
/// )?;
/// let rows = RowCounts { read: 100, used: 100, rejected: 0 };
/// let page = cxmetrics::charts::reasons_html(&reasons, "reason", "export.csv", rows);
/// assert!(page.find("id=\"costliest\"").unwrap() < page.find("id=\"pareto\"").unwrap());
/// assert!(page.contains("&lt;script&gt;") && !page.contains("<script>"));
/// // Every reason has 10 responses or more: no mark, and no legend for it.
/// assert!(!page.contains(" *<") && !page.contains("* fewer than 10"));
///
/// let few = Reasons::new(vec![("lost card".into(), tally(2, 3))], tally(30, 10), ConfidenceLevel::P95)?;
/// let page = cxmetrics::charts::reasons_html(&few, "reason", "export.csv", rows);
/// assert!(page.contains("lost card *<") && page.contains("* fewer than 10 responses"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn reasons_html(reasons: &Reasons, column: &str, source: &str, rows: RowCounts) -> String {
    let with_reason: u64 = reasons.pareto.iter().map(|r| r.responses).sum();
    let level = (reasons.level * 100.0).round();
    let mut out = page::start(
        &format!("Reasons: {source}"),
        "The reasons that cost the most",
        &format!(
            "{} · {} rows read, {} used, {} rejected · column <code>{}</code>: {} responses give one of {} \
             reasons, {} give none (counted in every NPS, not a reason) · {level} % intervals",
            escape(source),
            rows.read,
            rows.used,
            rows.rejected,
            escape(column),
            with_reason,
            reasons.pareto.len(),
            reasons.without_reason
        ),
        "",
    );

    let costly: Vec<&ReasonRow> = reasons
        .by_impact
        .iter()
        .filter(|r| r.impact_ci_low.is_some_and(|low| low > 0.0))
        .take(TOP)
        .collect();
    out.push_str("<section id=\"costliest\" class=\"attention\"><h2>Fix these first</h2>");
    if costly.is_empty() {
        let _ = write!(
            out,
            "<p>No reason costs NPS more than chance would: every impact's {level} % interval reaches 0 or \
             below.</p>"
        );
    } else {
        out.push_str(
            "<p>The points overall NPS would gain if the customers giving each reason scored like everyone \
             else, largest first; each interval is above 0.</p><ol>",
        );
        for r in &costly {
            let _ = write!(
                out,
                "<li><b>{}</b>: {} points [{}, {}]. {} responses ({} % of those with a reason), NPS {} \
                 against {} for the rest.{}</li>",
                escape(&r.reason),
                number(r.impact, 2),
                number(r.impact_ci_low, 2),
                number(r.impact_ci_high, 2),
                r.responses,
                crate::print::fixed(r.share, 1),
                number(r.nps, 1),
                number(r.nps_rest, 1),
                if r.small_sample {
                    " <span class=\"flag\">Fewer than 10 responses.</span>"
                } else {
                    ""
                }
            );
        }
        out.push_str("</ol>");
    }
    out.push_str("</section>");

    let _ = write!(
        out,
        "<section id=\"pareto\"><h2>How often each reason is given</h2><p class=\"sub\">Reasons by count, most \
         first, and the cumulative share of the responses that give a reason: the few reasons left of the \
         80 % line are most of the contacts.</p><figure class=\"chart\">{}<figcaption>Responses per reason \
         (bars) and the cumulative share (line).</figcaption></figure></section>",
        pareto_svg(reasons)
    );

    for (id, title, rows) in [
        ("by-impact", "By impact on NPS", &reasons.by_impact),
        ("by-count", "By count (the Pareto table)", &reasons.pareto),
    ] {
        let _ = write!(
            out,
            "<section id=\"{id}\"><h2>{title}</h2><div class=\"scroll\"><table class=\"plain\"><thead><tr>\
             <th>reason</th><th>responses</th><th>share %</th><th>cumulative %</th><th>NPS</th>\
             <th>NPS of the rest</th><th>impact on NPS [interval]</th></tr></thead><tbody>"
        );
        for r in rows {
            let _ = write!(
                out,
                "<tr><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} [{}, {}]</td></tr>",
                escape(&r.reason),
                if r.small_sample { " *" } else { "" },
                r.responses,
                crate::print::fixed(r.share, 1),
                crate::print::fixed(r.cumulative_share, 1),
                number(r.nps, 1),
                number(r.nps_rest, 1),
                number(r.impact, 2),
                number(r.impact_ci_low, 2),
                number(r.impact_ci_high, 2)
            );
        }
        out.push_str("</tbody></table></div></section>");
    }
    // The mark's legend only where a row carries the mark.
    if reasons.pareto.iter().any(|r| r.small_sample) {
        out.push_str("<p class=\"sub\">* fewer than 10 responses.</p>");
    }
    out.push_str(
        "<p class=\"sub\">Impact: n<sub>r</sub> (NPS<sub>rest</sub> − NPS<sub>r</sub>) / n<sub>all</sub>, \
         with a Wald interval holding n<sub>r</sub> / n<sub>all</sub> fixed; n<sub>all</sub> counts every NPS \
         answer, with or without a reason.</p>",
    );
    page::end(out)
}

fn number(v: Option<f64>, decimals: usize) -> String {
    v.map_or("-".to_string(), |v| crate::print::fixed(v, decimals))
}

/// The Pareto chart: a bar per reason by count (the first 15, the rest as
/// one bar), the cumulative share as a line, and the 80 % line.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, NpsTally, ReasonTally, Reasons};
/// let tally = |n: u64| ReasonTally { responses: n, nps: NpsTally::default() };
/// let reasons = Reasons::new(vec![("billing".into(), tally(30)), ("delivery".into(), tally(10))], tally(0), ConfidenceLevel::P95)?;
/// let svg = cxmetrics::charts::pareto_svg(&reasons);
/// assert_eq!(svg.matches("<rect").count(), 2);
/// assert!(svg.contains("<title>75.0 %</title>")); // billing is 30 of 40
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn pareto_svg(reasons: &Reasons) -> String {
    let mut bars: Vec<(String, u64, f64)> = reasons
        .pareto
        .iter()
        .take(BARS)
        .map(|r| (r.reason.clone(), r.responses, r.cumulative_share))
        .collect();
    if reasons.pareto.len() > BARS {
        let rest = &reasons.pareto[BARS..];
        bars.push((
            format!("{} more", rest.len()),
            rest.iter().map(|r| r.responses).sum(),
            100.0,
        ));
    }
    let (width, height) = (760.0, 340.0);
    let (left, right, top, bottom) = (56.0, width - 56.0, 16.0, height - 84.0);
    let most = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    let slot = (right - left) / bars.len().max(1) as f64;
    let y_count = |n: f64| bottom - n / most * (bottom - top);
    let y_share = |s: f64| bottom - s / 100.0 * (bottom - top);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"reasons by count with their cumulative share\" font-size=\"12\">"
    );
    for share in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = y_share(share);
        let _ = write!(
            svg,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#eee\" />\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#333\">{share} %</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            right + 6.0,
            y + 4.0,
            left - 6.0,
            y + 4.0,
            crate::print::fixed(most * share / 100.0, 0)
        );
    }
    let eighty = y_share(80.0);
    let _ = write!(
        svg,
        "<line x1=\"{left}\" x2=\"{right}\" y1=\"{eighty:.1}\" y2=\"{eighty:.1}\" stroke=\"#d55e00\" stroke-dasharray=\"5 4\" />\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#d55e00\">80 %</text>",
        right - 4.0,
        eighty - 4.0
    );
    let mut line = String::new();
    for (i, (reason, count, cumulative)) in bars.iter().enumerate() {
        let x = left + slot * i as f64;
        let y = y_count(*count as f64);
        let centre = x + slot / 2.0;
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4e79a7\"><title>{}: {count}</title></rect>\
             <text transform=\"translate({centre:.1},{:.1}) rotate(-40)\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
            x + slot * 0.15,
            slot * 0.7,
            bottom - y,
            escape(reason),
            bottom + 14.0,
            escape(&shortened(reason))
        );
        let _ = write!(
            line,
            "{}{centre:.1} {:.1}",
            if i == 0 { "M" } else { " L" },
            y_share(*cumulative)
        );
        let _ = write!(
            svg,
            "<circle cx=\"{centre:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#e15759\"><title>{} %</title></circle>",
            y_share(*cumulative),
            crate::print::fixed(*cumulative, 1)
        );
    }
    let _ = write!(
        svg,
        "<path d=\"{line}\" fill=\"none\" stroke=\"#e15759\" stroke-width=\"2\" />\
         <line x1=\"{left}\" x2=\"{right}\" y1=\"{bottom}\" y2=\"{bottom}\" stroke=\"#999\" />\
         <text x=\"12\" y=\"{:.1}\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\" fill=\"#333\">responses</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" transform=\"rotate(90 {:.1} {:.1})\" text-anchor=\"middle\" fill=\"#e15759\">cumulative share</text>",
        (top + bottom) / 2.0,
        (top + bottom) / 2.0,
        width - 10.0,
        (top + bottom) / 2.0,
        width - 10.0,
        (top + bottom) / 2.0
    );
    svg.push_str("</svg>");
    svg
}

/// A label short enough for its slanted place under a bar.
fn shortened(label: &str) -> String {
    if label.chars().count() > 18 {
        label.chars().take(17).chain(['…']).collect()
    } else {
        label.to_string()
    }
}
