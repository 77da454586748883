//! Service recovery as one self-contained HTML page: the verdicts first
//! (what a manager reads), what they cannot prove right under them, then
//! each segment's differences drawn against the margin, and the tables.

use std::fmt::Write as _;

use crate::input::rejections::RowCounts;
use crate::reports::recovery::{Recovery, RecoveryLine, RecoveryVerdict};

use super::html::escape;
use super::page;

/// The verdicts' colours and the caveat's box.
const RECOVERY_STYLE: &str = ".v-better{color:#00664a;font-weight:700}.v-worse{color:#b34700;font-weight:700}\
     .v-noworse{color:#0b5394;font-weight:700}.v-unclear{color:#555;font-weight:700}\
     p.caveat{background:#fff8e1;border-left:4px solid #e0a800;padding:.4rem .7rem}";

/// The recovery view as one HTML page, fetching nothing; `problem` is the
/// column the segments come from and `source` the file's name, both
/// escaped with every label from the data.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, ConfidenceLevel, Recovery, RecoveryMargins, ReportOptions, RowCounts, SilentWeight, SurveyTally, SurveyScales};
/// let customers = |satisfied: u64, all: u64| -> Result<SurveyTally, cxmetrics::Error> {
///     let mut s = SurveyTally::new(SurveyScales::default());
///     for i in 0..all {
///         s.push_answers(Answers { csat: Some(if i < satisfied { 5 } else { 2 }), ..Answers::default() })?;
///     }
///     Ok(s)
/// };
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let view = Recovery::new(("none", &customers(890, 1000)?), &[("<resolved>", &customers(470, 500)?)], &options, RecoveryMargins::default());
/// let rows = RowCounts { read: 1500, used: 1500, rejected: 0 };
/// let page = cxmetrics::charts::recovery_html(&view, "problem", "hotel.csv", rows);
/// assert!(page.find("id=\"verdicts\"").unwrap() < page.find("<svg").unwrap());
/// assert!(page.contains("&lt;resolved&gt;") && !page.contains("<resolved>"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn recovery_html(view: &Recovery, problem: &str, source: &str, rows: RowCounts) -> String {
    let level = (view.level * 100.0).round();
    let mut out = page::start(
        &format!("Service recovery: {source}"),
        "Did resolving the problem win customers back?",
        &format!(
            "{} · {} rows read, {} used, {} rejected · segments of <code>{}</code> against <b>{}</b> ({} responses) \
             · {level} % intervals, uncorrected (two comparisons fixed in advance)",
            escape(source),
            rows.read,
            rows.used,
            rows.rejected,
            escape(problem),
            escape(&view.none),
            view.none_responses
        ),
        RECOVERY_STYLE,
    );

    out.push_str("<section id=\"verdicts\" class=\"attention\"><h2>What the answers say</h2><ul>");
    for segment in &view.versus_none {
        let judged: Vec<&RecoveryLine> = segment.judged().collect();
        if judged.is_empty() {
            let _ = write!(
                out,
                "<li><b>{}</b> ({} responses): too few answers to compare with <b>{}</b>.</li>",
                escape(&segment.segment),
                segment.responses,
                escape(&view.none)
            );
            continue;
        }
        let _ = write!(
            out,
            "<li><b>{}</b> against <b>{}</b> ({} responses):<ul>",
            escape(&segment.segment),
            escape(&view.none),
            segment.responses
        );
        for line in judged {
            let _ = write!(out, "<li>{}</li>", sentence(line));
        }
        out.push_str("</ul></li>");
    }
    let _ = write!(
        out,
        "</ul><p class=\"caveat\"><b>What this does not prove:</b> {}.</p></section>",
        escape(view.caveat)
    );

    out.push_str(
        "<section id=\"differences\"><h2>Each difference against its margin</h2><p class=\"sub\">\
         Each line is a segment minus no problem, with its interval; right is better for the customer \
         (for ИНК, where a higher value is more dissatisfaction, the difference is drawn turned round). \
         Differences are in margins, so that points and scale points share one axis: the dashed line is \
         −1 margin, the bound of <i>no worse</i>.</p><div class=\"charts\">",
    );
    for segment in &view.versus_none {
        let judged: Vec<&RecoveryLine> = segment.judged().collect();
        if judged.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<figure class=\"chart\">{}<figcaption>{} − {}</figcaption></figure>",
            forest_svg(&judged),
            escape(&segment.segment),
            escape(&view.none)
        );
    }
    out.push_str("</div></section>");

    out.push_str("<section id=\"tables\"><h2>Every metric</h2>");
    for segment in &view.versus_none {
        let _ = write!(
            out,
            "<h3>{} − {}</h3><div class=\"scroll\"><table class=\"plain\"><thead><tr><th>metric</th>\
             <th>{}</th><th>n</th><th>{}</th><th>n</th><th>difference [interval]</th><th>margin</th>\
             <th>verdict</th></tr></thead><tbody>",
            escape(&segment.segment),
            escape(&view.none),
            escape(&view.none),
            escape(&segment.segment)
        );
        for line in segment.metrics.iter().filter(|l| l.comparison.is_asked()) {
            let c = &line.comparison;
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>\
                 <td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                c.metric,
                page::value(c.a),
                c.a_n,
                page::value(c.b),
                c.b_n,
                page::difference(&line.comparison),
                line.margin,
                line.verdict
                    .map_or_else(|| escape(c.note.as_deref().unwrap_or("-")), verdict_html),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    let _ = write!(
        out,
        "<p class=\"sub\">The first verdict that holds: <b>better</b>, the interval is above 0; <b>worse</b>, \
         below 0; <b>no worse</b>, above −margin ({} points for percentages and NPS-like scores, {} scale \
         points for means); else <b>unclear</b>. NPS and ИЭЛ by the two-sample adjusted Wald, shares by \
         Newcombe's hybrid score interval, means by Welch.</p></section>",
        view.margins.points, view.margins.scale
    );
    page::end(out)
}

/// A verdict as coloured words.
fn verdict_html(verdict: RecoveryVerdict) -> String {
    let class = match verdict {
        RecoveryVerdict::Better => "v-better",
        RecoveryVerdict::Worse => "v-worse",
        RecoveryVerdict::NoWorse => "v-noworse",
        RecoveryVerdict::Unclear => "v-unclear",
    };
    format!("<span class=\"{class}\">{}</span>", verdict.name())
}

/// One verdict in words, with the values that support it.
fn sentence(line: &RecoveryLine) -> String {
    let c = &line.comparison;
    let turned = if c.higher_is_better {
        ""
    } else {
        " (higher is more dissatisfaction)"
    };
    format!(
        "{}{turned}: {} — {} against {}, {}",
        c.metric,
        line.verdict.map_or_else(String::new, verdict_html),
        page::value(c.b),
        page::value(c.a),
        page::difference(&line.comparison)
    )
}

/// The differences of one segment as a forest plot in units of their
/// margins, right = better for the customer.
fn forest_svg(lines: &[&RecoveryLine]) -> String {
    let row = 34.0;
    let (width, left, right, top) = (760.0, 110.0, 430.0, 24.0);
    let height = top + row * lines.len() as f64 + 34.0;
    // Each line turned so that right is better, in margins.
    let spans: Vec<(f64, f64, f64)> = lines
        .iter()
        .filter_map(|l| {
            let c = &l.comparison;
            let sign = if c.higher_is_better { 1.0 } else { -1.0 };
            let m = l.margin.max(f64::MIN_POSITIVE);
            let (d, low, high) = (c.difference?, c.ci_low?, c.ci_high?);
            let (a, b) = (sign * low / m, sign * high / m);
            Some((sign * d / m, a.min(b), a.max(b)))
        })
        .collect();
    let lowest = spans.iter().map(|s| s.1).fold(-2.0, f64::min).floor();
    let highest = spans.iter().map(|s| s.2).fold(2.0, f64::max).ceil();
    let x_of = |v: f64| left + (v - lowest) / (highest - lowest) * (right - left);
    let bottom = top + row * lines.len() as f64;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"differences against the margin\" font-size=\"13\">"
    );
    // Ticks: whole margins, at most about ten of them.
    let step = ((highest - lowest) / 10.0).ceil().max(1.0);
    let mut tick = (lowest / step).ceil() * step;
    while tick <= highest {
        let x = x_of(tick);
        let _ = write!(
            svg,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{bottom}\" stroke=\"#eee\" />\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            bottom + 16.0,
            crate::print::fixed(tick, 0)
        );
        tick += step;
    }
    let (zero, margin) = (x_of(0.0), x_of(-1.0));
    let _ = write!(
        svg,
        "<line x1=\"{zero:.1}\" x2=\"{zero:.1}\" y1=\"{:.1}\" y2=\"{bottom}\" stroke=\"#333\" />\
         <line x1=\"{margin:.1}\" x2=\"{margin:.1}\" y1=\"{:.1}\" y2=\"{bottom}\" stroke=\"#0b5394\" stroke-dasharray=\"5 4\" />\
         <text x=\"{margin:.1}\" y=\"14\" text-anchor=\"end\" fill=\"#0b5394\">−1 margin</text>\
         <text x=\"{zero:.1}\" y=\"14\" text-anchor=\"start\" fill=\"#333\"> 0</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">difference in margins (← worse · better →)</text>",
        top - 6.0,
        top - 6.0,
        (left + right) / 2.0,
        bottom + 32.0
    );
    for (i, (line, &(d, low, high))) in lines.iter().zip(&spans).enumerate() {
        let y = top + row * (i as f64 + 0.5);
        let colour = match line.verdict {
            Some(RecoveryVerdict::Better) => "#00664a",
            Some(RecoveryVerdict::Worse) => "#b34700",
            Some(RecoveryVerdict::NoWorse) => "#0b5394",
            _ => "#555",
        };
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"3\" />\
             <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{colour}\" />\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"{colour}\">{} · {}</text>",
            left - 8.0,
            y + 4.0,
            line.comparison.metric,
            x_of(low),
            x_of(high),
            x_of(d),
            right + 10.0,
            y + 4.0,
            line.verdict.map_or("", RecoveryVerdict::name),
            escape(&page::difference(&line.comparison))
        );
    }
    svg.push_str("</svg>");
    svg
}
