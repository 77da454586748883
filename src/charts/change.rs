//! A change in time as one self-contained HTML page: what the fitted lines
//! say about the level and the slope first, then the chart, then every
//! period.

use std::fmt::Write as _;

use crate::error::Error;
use crate::input::rejections::RowCounts;
use crate::reports::change::{CHANGE_FEW_ANSWERS, ChangeInTime};
use crate::reports::row::ReportOptions;
use crate::statistics::segmented::Coefficient;

use super::html::{escape, higher_is_worse};
use super::page;
use super::svg::{change_svg, inline};

/// The change view as one HTML page, fetching nothing; `source` is the
/// file's name, escaped.
///
/// # Errors
///
/// [`Error::Chart`] if the chart cannot be drawn.
///
/// # Example
///
/// ```
/// use cxmetrics::jiff::civil::date;
/// use cxmetrics::{Answers, ChangeInTime, ConfidenceLevel, GroupKey, Groups, NpsScore, Period, ReportOptions, RowCounts, SilentWeight, Metric};
/// let mut groups: Groups<GroupKey> = Groups::new();
/// for week in 0..20 {
///     let day = date(2026, 1, 5).checked_add(cxmetrics::jiff::Span::new().weeks(week))?;
///     let key = GroupKey { period: Some(Period::Week.key(day)), ..GroupKey::default() };
///     for i in 0..100 {
///         let score = if i < 40 + week + if week < 9 { 0 } else { 10 } { 10 } else { 7 };
///         groups.push_record(key.clone(), &Answers { nps: NpsScore::new(score).ok(), ..Answers::default() })?;
///     }
/// }
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let change = ChangeInTime::new(&groups, Metric::Nps, date(2026, 3, 9), &options)?;
/// let page = cxmetrics::charts::change_html(&change, &options, "weeks.csv", RowCounts { read: 2000, used: 2000, rejected: 0 })?;
/// assert!(page.find("id=\"verdict\"").unwrap() < page.find("<svg").unwrap());
/// assert!(page.contains("stepped up"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn change_html(
    change: &ChangeInTime,
    options: &ReportOptions,
    source: &str,
    rows: RowCounts,
) -> Result<String, Error> {
    let fit = &change.fit;
    let metric = change.metric;
    let kind = change
        .periods
        .first()
        .map_or("period", |p| p.period.period().name());
    let unit = metric.unit();
    let level = (fit.level * 100.0).round();
    let mut out = page::start(
        &format!("{metric} around {}: {source}", change.change_at),
        &format!("Did {metric} change on {}?", change.change_at),
        &format!(
            "{} · {} rows read, {} used, {} rejected · {metric} per {kind}: {} {kind}s before, {} from the \
             date on{}{} · {level} % intervals",
            escape(source),
            rows.read,
            rows.used,
            rows.rejected,
            fit.periods_before,
            fit.periods_after,
            change.left_out_period.map_or_else(String::new, |p| format!(
                " · {p} holds the date without starting on it: it mixes both sides and is left out"
            )),
            if change.undated_responses > 0 {
                format!(" · {} responses without a date", change.undated_responses)
            } else {
                String::new()
            }
        ),
        "",
    );

    let few = change.periods.iter().filter(|p| p.few_answers).count();
    let worse = higher_is_worse(metric);
    let _ = write!(
        out,
        "<section id=\"verdict\" class=\"attention\"><h2>What the two lines say</h2><ul>\
         <li>Level on {1}: {0}.</li><li>Slope per {kind}: {2}.</li></ul>{3}<p class=\"sub\">Two lines fitted by \
         least squares, one before the date and one from it; Newey-West errors (lag {4}), t on {5} degrees of \
         freedom. A change at the date is not proof that what happened on it caused the change.</p></section>",
        moved(
            &fit.level_change,
            unit,
            ("stepped up", "stepped down"),
            worse
        ),
        change.change_at,
        moved(
            &fit.slope_change,
            unit,
            ("rising faster", "falling faster"),
            worse
        ),
        if few > 0 {
            format!(
                "<p><span class=\"flag\">{few} of the {kind}s</span> rest on fewer than {CHANGE_FEW_ANSWERS} \
                 answers.</p>"
            )
        } else {
            String::new()
        },
        fit.lag,
        change.periods.len().saturating_sub(4)
    );

    let periods: Vec<_> = change.periods.iter().map(|p| p.period).collect();
    let values: Vec<f64> = change.periods.iter().map(|p| p.value).collect();
    let svg = change_svg(metric, &periods, &values, fit, options)?;
    let _ = write!(
        out,
        "<section id=\"chart\"><h2>{metric} per {kind}</h2><figure class=\"chart\">{}<figcaption>Each {kind}'s \
         value and the two fitted lines.</figcaption></figure></section>",
        inline(&svg)
    );

    let _ = write!(
        out,
        "<section id=\"periods\"><h2>Every {kind}</h2><div class=\"scroll\"><table class=\"plain\"><thead><tr>\
         <th>{kind}</th><th>answers</th><th>value</th><th>fitted</th><th>note</th></tr></thead><tbody>"
    );
    for p in &change.periods {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            p.period,
            p.answers,
            crate::print::fixed(p.value, 2),
            crate::print::fixed(p.fitted, 2),
            if p.few_answers {
                format!("fewer than {CHANGE_FEW_ANSWERS} answers")
            } else {
                String::new()
            }
        );
    }
    out.push_str("</tbody></table></div></section>");
    Ok(page::end(out))
}

/// `stepped up, +7.84 points [+2.08, +13.59], p = 0.0107` in words, the
/// word green when the move is good for customers (down, for a metric
/// where higher is worse) and orange when it is not.
fn moved(c: &Coefficient, unit: &str, (up, down): (&str, &str), higher_is_worse: bool) -> String {
    let class = |rose: bool| {
        if rose != higher_is_worse {
            "better"
        } else {
            "why"
        }
    };
    let word = if c.ci_low > 0.0 {
        format!("<span class=\"{}\">{up}</span>", class(true))
    } else if c.ci_high < 0.0 {
        format!("<span class=\"{}\">{down}</span>", class(false))
    } else {
        "no change distinguishable from chance".to_string()
    };
    format!(
        "{word}, {} {unit} [{}, {}], p {}",
        crate::print::signed(c.estimate, 2),
        crate::print::signed(c.ci_low, 2),
        crate::print::signed(c.ci_high, 2),
        escape(&crate::print::p_value(c.p_value))
    )
}
