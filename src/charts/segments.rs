//! Segments compared as one self-contained HTML page: the differences
//! that are more than noise after the correction first, then every
//! comparison.

use std::fmt::Write as _;

use crate::input::rejections::RowCounts;
use crate::monitoring::correction::Correction;
use crate::reports::segments::{CorrectionFamily, SegmentComparisons, SegmentLine};

use super::html::escape;
use super::page;

/// The segments view as one HTML page, fetching nothing; `column` is the
/// column the segments come from and `source` the file's name, both
/// escaped with every label.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, ConfidenceLevel, Correction, CorrectionFamily, NpsScore, ReportOptions, RowCounts, SegmentComparisons, SilentWeight, SurveyTally, SurveyScales};
/// let segment = |promoters: usize, detractors: usize| -> Result<SurveyTally, cxmetrics::Error> {
///     let mut s = SurveyTally::new(SurveyScales::default());
///     for i in 0..promoters + detractors {
///         let score = if i < promoters { 10 } else { 0 };
///         s.push_answers(Answers { nps: Some(NpsScore::new(score)?), ..Answers::default() })?;
///     }
///     Ok(s)
/// };
/// let (phone, chat) = (segment(50, 50)?, segment(90, 10)?);
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let view = SegmentComparisons::new(&[("phone", &phone), ("chat", &chat)], Some("phone"), &options, Correction::Holm, CorrectionFamily::All)?;
/// let page = cxmetrics::charts::segments_html(&view, "channel", "survey.csv", RowCounts { read: 200, used: 200, rejected: 0 });
/// let first = &page[..page.find("id=\"all\"").unwrap()];
/// assert!(first.contains("<b>chat</b> − <b>phone</b>, NPS"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn segments_html(
    view: &SegmentComparisons,
    column: &str,
    source: &str,
    rows: RowCounts,
) -> String {
    let level = (view.level * 100.0).round();
    let against = match &view.reference {
        Some(reference) => format!("each against <b>{}</b>", escape(reference)),
        None => "every pair".to_string(),
    };
    let correction = match view.correction {
        Correction::Holm => "Holm",
        Correction::BenjaminiHochberg => "Benjamini-Hochberg",
        Correction::None => "no correction",
    };
    let family = match view.family {
        CorrectionFamily::All => format!("all {} comparisons together", view.family_size),
        CorrectionFamily::Metric => format!(
            "each metric's comparisons together (at most {})",
            view.family_size
        ),
    };
    let segments: Vec<String> = view.segments.iter().map(|s| escape(s)).collect();
    let mut out = page::start(
        &format!("Segments of {column}: {source}"),
        &format!("Which segments of {column} differ?"),
        &format!(
            "{} · {} rows read, {} used, {} rejected · {} segments ({}), {against} · p-values by {correction}, \
             {family} · {level} % intervals, not corrected",
            escape(source),
            rows.read,
            rows.used,
            rows.rejected,
            segments.len(),
            segments.join(", ")
        ),
        "",
    );

    let found: Vec<&SegmentLine> = view
        .comparisons
        .iter()
        .filter(|l| l.significant == Some(true))
        .collect();
    out.push_str(
        "<section id=\"different\" class=\"attention\"><h2>Differences more than noise</h2>",
    );
    if found.is_empty() {
        let _ = write!(
            out,
            "<p>None: after {correction} over {family}, no difference's corrected p is at most {}.</p>",
            crate::print::fixed(1.0 - view.level, 2)
        );
    } else {
        out.push_str("<ul>");
        for line in found {
            let c = &line.comparison;
            let (word, class) = match (c.difference.is_some_and(|d| d > 0.0), c.higher_is_better) {
                (true, true) | (false, false) => ("better", "better"),
                _ => ("worse", "why"),
            };
            let _ = write!(
                out,
                "<li><b>{}</b> − <b>{}</b>, {}: <span class=\"{class}\">{word}</span>, {} against {}, {}; \
                 corrected p {}.</li>",
                escape(&line.segment),
                escape(&line.against),
                c.metric,
                page::value(c.b),
                page::value(c.a),
                page::difference(&line.comparison),
                escape(
                    &line
                        .adjusted_p
                        .map_or("-".to_string(), crate::print::p_value)
                )
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");

    out.push_str(
        "<section id=\"all\"><h2>Every comparison</h2><div class=\"scroll\"><table class=\"plain\"><thead><tr>\
         <th>segment</th><th>against</th><th>metric</th><th>value</th><th>n</th><th>other</th><th>n</th>\
         <th>difference [interval]</th><th>p</th><th>corrected p</th><th>more than noise</th></tr></thead><tbody>",
    );
    for line in view.comparisons.iter().filter(|l| l.comparison.is_asked()) {
        let c = &line.comparison;
        let p = |p: Option<f64>| escape(&p.map_or("-".to_string(), crate::print::p_value));
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td>\
             <td>{}</td></tr>",
            escape(&line.segment),
            escape(&line.against),
            c.metric,
            page::value(c.b),
            c.b_n,
            page::value(c.a),
            c.a_n,
            page::difference(&line.comparison),
            p(c.p_value),
            p(line.adjusted_p),
            match (line.significant, &c.note) {
                (Some(true), _) => "yes".to_string(),
                (Some(false), _) => "no".to_string(),
                (None, note) => escape(note.as_deref().unwrap_or("-")),
            }
        );
    }
    out.push_str(
        "</tbody></table></div><p class=\"sub\">Shares by Newcombe's hybrid score interval and the p that \
         inverts it, NPS and ИЭЛ by the two-sample adjusted Wald, means by Welch's t. For ИНК a higher value \
         is more dissatisfaction.</p></section>",
    );
    page::end(out)
}
