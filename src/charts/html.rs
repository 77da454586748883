//! A report as one self-contained HTML page: the accounting, the table,
//! the trend facts and charts, and the funnels, with no scripts, fonts or
//! anything else fetched from elsewhere.

use std::fmt::Write as _;

use crate::charts::svg::{MAX_TREND_SERIES, decimals, funnel_svg, inline, trend_svg};
use crate::error::Error;
use crate::monitoring::funnel::FunnelPosition;
use crate::monitoring::scored::Tracked;
use crate::reports::monitor::Series;
use crate::reports::report::{MetricCell, Report, ReportRow};

/// The most trend charts a page draws per metric; the units with the most
/// answers come first, and the rest are in the JSON.
pub const MAX_TREND_CHARTS: usize = 4;

/// A trend table longer than this starts folded, behind its summary line.
const MAX_OPEN_ROWS: usize = 60;

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fafafa;line-height:1.45}\
main{max-width:1400px;margin:0 auto;padding:1rem}\
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}\
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}\
table{border-collapse:collapse;font-size:.85rem;background:#fff}\
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:right;white-space:nowrap}\
th{background:#f0f0f0;position:sticky;top:0}td.key,th.key{text-align:left}\
tr.total td{font-weight:600;background:#f6f6f6}\
.ci{color:#666;font-size:.8em}.verdict{font-size:.8em;padding:0 .3em;border-radius:.3em;background:#e8f0fe}\
.flag{color:#b34700;font-weight:600}\
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,600px),1fr));gap:1rem}\
figure.chart{margin:0;background:#fff;border:1px solid #ddd;padding:.5rem;min-width:0}\
figure.chart svg{width:100%;min-width:560px;height:auto;display:block}\
figcaption{font-size:.85rem;color:#444}\
@media (max-width:600px){main{padding:.5rem}th,td{padding:.2rem .3rem}}";

/// Escapes text for HTML, in element content and in quoted attributes,
/// with control characters and bidirectional overrides made visible.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::visible(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn cell_html(cell: &MetricCell, decimals: usize) -> String {
    let shown = match (cell.value, cell.ci_low, cell.ci_high) {
        (Some(v), Some(l), Some(h)) => {
            format!("{v:.decimals$} <span class=\"ci\">[{l:.decimals$}, {h:.decimals$}]</span>")
        }
        (Some(v), _, _) => format!("{v:.decimals$}"),
        _ => "–".to_string(),
    };
    if cell.is_small_sample() {
        format!(
            "{shown}<span class=\"flag\" title=\"fewer than {} answers: the interval rests on the method's approximations\">*</span>",
            crate::reports::report::SMALL_SAMPLE
        )
    } else {
        shown
    }
}

/// The report as one HTML page, readable on a laptop and a phone: what
/// was read, every metric per group with its interval and NPS reading,
/// the trend facts with a trend chart per metric, and a funnel per
/// metric. `source` names the input in the heading.
///
/// # Errors
///
/// [`Error::Chart`] if a chart cannot be drawn.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// let by = GroupBy { office: true, period: Some(Period::Month), office_days: false, ..GroupBy::default() };
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
/// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95))?;
/// let page = cxmetrics::charts::html_report(&report, "responses.csv")?;
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(!page.contains("http") && !page.contains("<script"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn html_report(report: &Report, source: &str) -> Result<String, Error> {
    let mut page = String::new();
    let s = &report.summary;
    let o = &s.options;
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Customer-experience report: {}</title><style>{STYLE}</style></head>\n<body><main>\n\
         <h1>Customer-experience report</h1>\n",
        escape(source)
    );

    // What was read.
    let _ = write!(
        page,
        "<section id=\"accounting\"><h2>What was read</h2><dl>\
         <dt>responses</dt><dd>{}</dd>\
         <dt>rows</dt><dd>{} read, {} used, {} rejected</dd>\
         <dt>grouped by</dt><dd>{}</dd>\
         <dt>k</dt><dd>ИНК@Персонал {}, ИНК@Офис {}, ИЭЛ {}</dd>\
         <dt>intervals</dt><dd>{} (Wilson for shares and ИНК, adjusted Wald for NPS and ИЭЛ, t for means)</dd>\
         <dt>NPS reading</dt><dd>{} (a verdict only where the whole interval is in one band)</dd>\
         <dt>changes</dt><dd>period over period, flagged after {} correction per metric</dd>",
        escape(source),
        s.rows_read,
        s.rows_used,
        s.rows_rejected,
        escape(&s.group_by),
        o.k_staff.get(),
        o.k_office.get(),
        o.k_iel.get(),
        o.level,
        escape(&o.nps_reading.to_string()),
        o.correction
    );
    if !s.missing_columns.is_empty() {
        let _ = write!(
            page,
            "<dt>not in the file</dt><dd>{}</dd>",
            escape(&s.missing_columns.join(", "))
        );
    }
    if let Some(t) = &s.traffic {
        let _ = write!(
            page,
            "<dt>traffic</dt><dd>{} rows read, {} used, {} rejected; office-days with surveys but no traffic: {}</dd>",
            t.rows.read,
            t.rows.used,
            t.rows.rejected,
            t.unmatched.len()
        );
    }
    if report.monitoring.undated_responses > 0 {
        let _ = write!(
            page,
            "<dt>undated</dt><dd>{} responses without a period, left out of trends</dd>",
            report.monitoring.undated_responses
        );
    }
    page.push_str("</dl>");
    if !s.rejections.is_empty() {
        page.push_str("<details><summary>rejected rows</summary><ul>");
        for r in &s.rejections {
            let _ = write!(page, "<li>{}</li>", escape(&r.to_string()));
        }
        let more = s.rows_rejected.saturating_sub(s.rejections.len() as u64);
        if more > 0 {
            let _ = write!(page, "<li>… and {more} more</li>");
        }
        page.push_str("</ul></details>");
    }
    page.push_str("</section>\n");

    // The table.
    page.push_str(
        "<section id=\"table\"><h2>Every metric per group</h2><div class=\"scroll\"><table>\
         <thead><tr><th class=\"key\">group</th><th>n</th>",
    );
    for metric in Tracked::ALL {
        let _ = write!(page, "<th>{}</th>", escape(&header(metric)));
    }
    page.push_str("<th>conversion</th><th>coverage</th></tr></thead><tbody>\n");
    let row_html = |row: &ReportRow, label: &str, class: &str| {
        let mut tr = format!(
            "<tr class=\"{class}\" data-group=\"{}\"><td class=\"key\">{}</td><td>{}</td>",
            escape(label),
            escape(label),
            row.responses
        );
        for metric in Tracked::ALL {
            let mut cell = cell_html(row.cell(metric), decimals(metric));
            if let (Tracked::Nps, Some(verdict)) = (metric, &row.nps.verdict) {
                let _ = write!(
                    cell,
                    " <span class=\"verdict\">{}</span>",
                    escape(&verdict.to_string())
                );
            }
            let _ = write!(tr, "<td>{cell}</td>");
        }
        let _ = writeln!(
            tr,
            "<td>{}</td><td>{}</td></tr>",
            cell_html(&row.exact_conversion, 3),
            cell_html(&row.visitor_coverage, 3)
        );
        tr
    };
    for row in &report.groups {
        page.push_str(&row_html(row, &row.label(), "group"));
    }
    page.push_str(&row_html(&report.total, "total", "total"));
    page.push_str("</tbody></table></div></section>\n");

    trends(&mut page, report)?;
    funnels(&mut page, report)?;

    page.push_str(
        "<section id=\"methods\"><h2>How to read this</h2><ul>\
         <li>Trend: the slope per period of a least-squares line (NPS, ИЭЛ, CES) or the Cochran-Armitage test (shares), on the answers behind each period; its interval leaves 0 out exactly when p is below 1 − level.</li>\
         <li>Flagged trend or change: one whose p-value stays below 1 − level after the stated correction over all of the metric's trends (or period-over-period changes) in the report, so that following many units does not flag noise.</li>\
         <li>Funnel: each unit against its number of answers, with 95 % and 99.8 % limits around the pooled value (Spiegelhalter 2005). Units inside the funnel are not distinguishable from the whole; a league table would rank their noise.</li>\
         </ul></section>\n</main></body></html>\n",
    );
    Ok(page)
}

fn header(metric: Tracked) -> String {
    match metric {
        Tracked::Csat | Tracked::InkStaff | Tracked::InkOffice => format!("{metric} %"),
        Tracked::ForceMajeureLevel => "force majeure".to_string(),
        _ => metric.to_string(),
    }
}

/// The trend facts of every series, then per metric a chart of the units
/// with the most answers.
fn trends(page: &mut String, report: &Report) -> Result<(), Error> {
    let monitoring = &report.monitoring;
    if monitoring.series.is_empty() {
        return Ok(());
    }
    let options = &report.summary.options;
    // A summary line that stays visible; the table folds when it is long.
    let significant = monitoring.series.iter().filter(|s| s.trend_flagged).count();
    let flagged = monitoring
        .series
        .iter()
        .flat_map(|s| &s.points)
        .filter(|p| p.change.is_some_and(|c| c.flagged))
        .count();
    let signals: usize = monitoring
        .series
        .iter()
        .filter_map(|s| s.control.as_ref())
        .map(|c| c.signals().len())
        .sum();
    let _ = write!(
        page,
        "<section id=\"trends\"><h2>Is it moving?</h2>\
         <details{}><summary>{} series (unit and metric): {significant} trends and {flagged} \
         period-over-period changes flagged after {} correction; {signals} control-chart signals</summary>",
        if monitoring.series.len() <= MAX_OPEN_ROWS {
            " open"
        } else {
            ""
        },
        monitoring.series.len(),
        report.summary.options.correction
    );
    page.push_str(
        "<div class=\"scroll\"><table>\
         <thead><tr><th class=\"key\">metric</th><th class=\"key\">unit</th><th>periods</th>\
         <th>slope per period [interval]</th><th>p</th><th>adjusted p</th><th class=\"key\">method</th>\
         <th class=\"key\">flagged changes</th><th class=\"key\">control signals</th></tr></thead><tbody>\n",
    );
    for series in &monitoring.series {
        let d = decimals(series.metric);
        let (slope, p, adjusted, method) = match (&series.trend, series.trend_adjusted_p) {
            (Some(t), Some(adjusted)) => (
                format!(
                    "{:+.d$} <span class=\"ci\">[{:+.d$}, {:+.d$}]</span>",
                    t.slope(),
                    t.low(),
                    t.high()
                ),
                format!("{:.3}", t.p_value()),
                if series.trend_flagged {
                    format!("<span class=\"flag\">{adjusted:.3}</span>")
                } else {
                    format!("{adjusted:.3}")
                },
                t.method().name().to_string(),
            ),
            _ => (
                "–".to_string(),
                "–".to_string(),
                "–".to_string(),
                escape(series.trend_note.as_deref().unwrap_or("")),
            ),
        };
        let flagged: Vec<String> = series
            .points
            .iter()
            .filter_map(|p| {
                let c = p.change.filter(|c| c.flagged)?;
                Some(format!("{} {:+.d$}", p.period, c.difference))
            })
            .collect();
        let signals: Vec<String> = series
            .control
            .iter()
            .flat_map(|c| c.signals())
            .map(|s| format!("{} {}", s.period, s.rule.describe()))
            .collect();
        let _ = writeln!(
            page,
            "<tr data-series=\"{}\"><td class=\"key\">{}</td><td class=\"key\">{}</td><td>{}</td><td>{slope}</td><td>{p}</td><td>{adjusted}</td>\
             <td class=\"key\">{method}</td><td class=\"key\">{}</td><td class=\"key\">{}</td></tr>",
            escape(&format!(
                "{} {}",
                series.metric.metric().key(),
                series.label()
            )),
            escape(&series.metric.to_string()),
            escape(&series.label()),
            series.points.len(),
            escape(&flagged.join("; ")),
            escape(&signals.join("; "))
        );
    }
    page.push_str("</tbody></table></div></details>\n<div class=\"charts\">\n");
    for metric in Tracked::ALL {
        let mut of_metric: Vec<&Series> = monitoring
            .series
            .iter()
            .filter(|s| s.metric == metric && s.trend.is_some())
            .collect();
        if of_metric.is_empty() {
            continue;
        }
        let total = of_metric.len();
        // The units with the most answers, then in key order, so that a
        // unit keeps its colour from metric to metric.
        of_metric.sort_by_key(|s| std::cmp::Reverse(s.trend.map_or(0, |t| t.n())));
        of_metric.truncate(MAX_TREND_SERIES * MAX_TREND_CHARTS);
        of_metric.sort_by(|a, b| a.key.cmp(&b.key));
        for (i, chunk) in of_metric.chunks(MAX_TREND_SERIES).enumerate() {
            let svg = trend_svg(chunk, options)?;
            let shown = chunk.len() + i * MAX_TREND_SERIES;
            let more = if i + 1 == of_metric.len().div_ceil(MAX_TREND_SERIES) && total > shown {
                format!(
                    "; {} more units with fewer answers are in the table above and the JSON",
                    total - shown
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                page,
                "<figure class=\"chart\" data-kind=\"trend\" data-metric=\"{}\"><div class=\"scroll\">{}</div><figcaption>{} trend: {}{more}</figcaption></figure>",
                metric.metric().key(),
                inline(&svg),
                escape(&metric.to_string()),
                escape(
                    &chunk
                        .iter()
                        .map(|s| s.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            );
        }
    }
    page.push_str("</div></section>\n");
    Ok(())
}

/// A funnel per metric over the report's units.
fn funnels(page: &mut String, report: &Report) -> Result<(), Error> {
    let monitoring = &report.monitoring;
    if monitoring.funnels.is_empty() {
        return Ok(());
    }
    let units: Vec<&str> = report
        .summary
        .group_by
        .split(", ")
        .filter(|g| ["office", "staff", "channel"].contains(g))
        .collect();
    let unit_name = units.join(" / ");
    page.push_str(
        "<section id=\"funnels\"><h2>Really different, or just small?</h2><div class=\"charts\">\n",
    );
    for funnel in &monitoring.funnels {
        let svg = funnel_svg(
            funnel,
            |key| key.label(),
            &unit_name,
            &report.summary.options,
        )?;
        let outside: Vec<String> = funnel
            .units()
            .iter()
            .filter(|u| u.position != FunnelPosition::Inside)
            .map(|u| format!("{} ({})", u.key.label(), u.position.describe()))
            .collect();
        let _ = writeln!(
            page,
            "<figure class=\"chart\" data-kind=\"funnel\" data-metric=\"{}\"><div class=\"scroll\">{}</div><figcaption>{} by {}: {}</figcaption></figure>",
            funnel.metric().metric().key(),
            inline(&svg),
            escape(&funnel.metric().to_string()),
            escape(&unit_name),
            escape(&if outside.is_empty() {
                "every unit inside the 95 % limits".to_string()
            } else {
                outside.join("; ")
            })
        );
    }
    page.push_str("</div></section>\n");
    Ok(())
}
