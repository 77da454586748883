//! The support desk as one self-contained HTML page: what a support lead
//! acts on today first (tickets overdue and not at the top, owners outside
//! the funnel), then how long customers wait, per group, as Kaplan-Meier
//! curves with their medians, and the month-end table of owners.

use std::fmt::Write as _;

use crate::monitoring::funnel::FunnelPosition;
use crate::statistics::survival::{Quantile, Reached};
use crate::tickets::measures::{ShareCell, TicketReport, TimeToResolution};

use super::html::{STYLE, escape};

/// Colours of the curves, one per group (then repeated).
const PALETTE: [&str; 6] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
];

/// Wide tables scroll inside their own box and curves shrink to the
/// screen, so a phone never scrolls the page sideways.
const TICKETS_STYLE: &str = ".scroll{overflow-x:auto;max-width:100%}\
     figure.chart svg{max-width:100%;height:auto}";

/// How many overdue tickets the page lists before folding the rest.
const LISTED: usize = 25;

/// The ticket report as one HTML page, fetching nothing; every name from
/// the log is escaped.
///
/// # Example
///
/// ```
/// use cxmetrics::{DeskOptions, TicketReader, TicketReaderOptions};
/// let log = "ticket_id,timestamp,event,owner,level\n\
///            T1,2026-03-02T09:00:00Z,opened,anna,1\n\
///            T1,2026-03-02T11:00:00Z,resolved,anna,1\n";
/// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
/// let report = cxmetrics::read_tickets(&mut reader, DeskOptions::default())?;
/// let page = cxmetrics::charts::tickets_html(&report, "log.csv");
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.find("id=\"today\"").unwrap() < page.find("id=\"owners\"").unwrap());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn tickets_html(report: &TicketReport, source: &str) -> String {
    let mut page = String::new();
    let s = &report.summary;
    let d = &report.deadline;
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\
         <title>Support desk: {}</title><style>{STYLE}{TICKETS_STYLE}</style></head>\n<body><main>\n\
         <h1>Support desk</h1><p class=\"sub\">{} · {} tickets · {} events used of {} read, {} rejected · \
         as of {} · {} % intervals</p>\n",
        escape(source),
        escape(source),
        s.tickets,
        s.rows.used,
        s.rows.read,
        s.rows.rejected,
        s.as_of.map_or("-".to_string(), |t| t.to_string()),
        (s.level * 100.0).round()
    );

    // What to act on today.
    let _ = write!(
        page,
        "<section id=\"today\" class=\"attention\"><h2>Act on today</h2><p>{} past the {} h deadline and \
         not held at the top level ({}), oldest first. Of all {} breaches, a top-level owner held {} \
         within {} h of the breach.</p>",
        count(d.overdue.len() as u64, "ticket"),
        d.hours,
        d.top_level,
        d.breached,
        share_text(&d.at_top_within_grace),
        d.grace_hours
    );
    if !d.overdue.is_empty() {
        page.push_str(
            "<div class=\"scroll\"><table id=\"overdue\"><thead><tr><th>ticket</th><th>breached</th><th>hours overdue</th>\
             <th>held by</th><th>level</th></tr></thead><tbody>",
        );
        for (i, o) in d.overdue.iter().enumerate() {
            if i == LISTED {
                let _ = write!(
                    page,
                    "</tbody></table><details><summary>{} more</summary><table><tbody>",
                    d.overdue.len() - LISTED
                );
            }
            let _ = write!(
                page,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.1}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(&o.ticket),
                o.breached_at,
                o.hours_overdue,
                escape(o.holder.as_deref().unwrap_or("nobody")),
                o.level.map_or("-".to_string(), |l| l.to_string())
            );
        }
        page.push_str("</tbody></table>");
        if d.overdue.len() > LISTED {
            page.push_str("</details>");
        }
        page.push_str("</div>");
    }
    let outside: Vec<String> = report
        .owners
        .iter()
        .filter(|o| {
            matches!(
                o.funnel,
                Some(FunnelPosition::Below998 | FunnelPosition::Above998)
            )
        })
        .map(|o| {
            format!(
                "<li><b>{}</b> (level {}), {}: solved {} of {} ended takes, {} %, {} the 99.8 % funnel limits</li>",
                escape(&o.owner),
                o.level,
                o.month,
                o.solve_share.count,
                o.solve_share.n,
                share_interval(&o.solve_share),
                if o.funnel == Some(FunnelPosition::Below998) {
                    "below"
                } else {
                    "above"
                }
            )
        })
        .collect();
    let _ = writeln!(
        page,
        "<h3>Owners outside the funnel</h3><p class=\"sub\">The share of an owner's ended takes that they \
         solved rather than passed on, against the pooled share of the owners of their level that month, at their own number of takes: \
         only those beyond the 99.8 % limits are more than chance.</p>{}{}</section>",
        report
            .owner_funnels
            .iter()
            .map(|f| format!(
                "<p class=\"sub\">{}, level {} (pooled {:.1} %): {}.</p>",
                f.month,
                f.level,
                f.target,
                escape(&f.overdispersion.describe("owners"))
            ))
            .collect::<String>(),
        if outside.is_empty() {
            "<p>None.</p>".to_string()
        } else {
            format!("<ul>{}</ul>", outside.join(""))
        }
    );

    // How long customers wait.
    let t = &report.resolution_time;
    let _ = write!(
        page,
        "<section id=\"waiting\"><h2>How long customers wait</h2><p class=\"sub\">The share of tickets \
         still waiting after each number of hours, per {} (Kaplan-Meier). A ticket still open when the \
         log ends counts as waiting at least until then, never as dropped; the dashed lines are the \
         medians.</p>",
        escape(&t.by)
    );
    for (what, times) in [("first", &t.first), ("full", &t.full)] {
        let _ = write!(
            page,
            "<figure class=\"chart\" id=\"curve-{what}\" data-kind=\"resolution\">{}<figcaption><b>Time to {what} resolution</b>: {}{}</figcaption></figure>",
            curves_svg(times),
            legend(times),
            times
                .log_rank
                .as_ref()
                .map_or(String::new(), |test| format!(
                    "<br />Log-rank test across {}: chi-square {:.2} on {} df, p {}.",
                    escape(&t.by),
                    test.chi_square(),
                    test.degrees_of_freedom(),
                    escape(&crate::print::p_value(test.p_value()))
                ))
        );
    }
    page.push_str("</section>\n");

    // Satisfaction, one-touch, reopenings.
    let _ = write!(
        page,
        "<section id=\"quality\"><h2>Solved well?</h2><p>One-touch resolution: {}. Reopened at least once: {}.</p>",
        share_text(&report.one_touch.overall),
        share_text(&report.reopen_rate)
    );
    if let Some(joined) = &report.satisfaction {
        let _ = write!(
            page,
            "<p class=\"sub\">{} surveys joined: {} matched a ticket, {} did not.</p><div class=\"scroll\"><table id=\"satisfaction\">\
             <thead><tr><th>by</th><th>surveys</th><th>NPS</th><th>CSAT %</th><th>ИНК@Персонал %</th></tr></thead><tbody>",
            joined.rows.used, joined.matched, joined.unmatched
        );
        for row in joined.by_level.iter().chain(&joined.by_path) {
            let m = &row.metrics;
            let cell = |c: &crate::reports::row::MetricCell| match (c.value, c.ci_low, c.ci_high) {
                (Some(v), Some(l), Some(h)) => crate::print::interval(v, l, h, 1),
                (Some(v), _, _) => crate::print::fixed(v, 1),
                _ => "-".to_string(),
            };
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&row.group),
                m.responses,
                cell(&m.nps),
                cell(&m.csat),
                cell(&m.ink_staff)
            );
        }
        page.push_str("</tbody></table></div>");
    }
    page.push_str("</section>\n");

    // The month-end table.
    page.push_str(
        "<section id=\"owners\"><h2>Who solved how many</h2><div class=\"scroll\"><table id=\"owner-table\"><thead><tr><th>month</th>\
         <th>owner</th><th>level</th><th>taken</th><th>solved</th><th>reopened later</th><th>passed on</th>\
         <th>passed up</th><th>breached</th><th>open at end</th><th>solve share %</th></tr></thead><tbody>",
    );
    for o in &report.owners {
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            o.month,
            escape(&o.owner),
            o.level,
            o.taken,
            o.solved,
            o.solved_then_reopened,
            o.passed_on,
            o.passed_up,
            o.breached_while_held,
            o.open_at_month_end,
            share_interval(&o.solve_share)
        );
    }
    page.push_str("</tbody></table></div></section>\n");

    // The backlog.
    page.push_str(
        "<section id=\"backlog\"><h2>Backlog</h2><div class=\"scroll\"><table><thead><tr><th>period</th><th>open at start</th>\
         <th>opened</th><th>reopened</th><th>resolved</th><th>open at end</th></tr></thead><tbody>",
    );
    for b in &report.backlog {
        let _ = write!(
            page,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            b.period, b.open_start, b.opened, b.reopened, b.resolved, b.open_end
        );
    }
    page.push_str("</tbody></table></div></section>\n</main></body></html>\n");
    page
}

fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn share_interval(s: &ShareCell) -> String {
    match (s.value, s.ci_low, s.ci_high) {
        (Some(v), Some(l), Some(h)) => crate::print::interval(v, l, h, 1),
        (Some(v), _, _) => crate::print::fixed(v, 1),
        _ => "-".to_string(),
    }
}

fn share_text(s: &ShareCell) -> String {
    match s.value {
        Some(_) => format!("{} of {} ({} %)", s.count, s.n, share_interval(s)),
        None => "-".to_string(),
    }
}

fn reached(r: Reached) -> String {
    match r {
        Reached::At(hours) => crate::print::fixed(hours, 1),
        Reached::NotReached => "not reached".to_string(),
    }
}

fn quantile_text(q: &Quantile) -> String {
    format!(
        "{} h [{}, {}]",
        reached(q.time),
        reached(q.ci_low),
        reached(q.ci_high)
    )
}

fn legend(times: &TimeToResolution) -> String {
    let groups: Vec<String> = times
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            format!(
                "<span style=\"color:{}\">■</span> {}: {} tickets, {} resolved, median {}",
                PALETTE[i % PALETTE.len()],
                escape(if g.group.is_empty() {
                    "(none)"
                } else {
                    &g.group
                }),
                g.tickets,
                g.resolved,
                quantile_text(&g.median)
            )
        })
        .collect();
    format!(
        "all {} tickets: median {}, 90th percentile {}.<br />{}",
        times.overall.tickets,
        quantile_text(&times.overall.median),
        quantile_text(&times.overall.p90),
        groups.join("<br />")
    )
}

/// Each group's curve as steps on shared axes: hours across (up to where
/// the slowest group's curve falls to 5 %, or its last time), the share
/// still waiting up.
fn curves_svg(times: &TimeToResolution) -> String {
    let (width, height) = (720.0, 300.0);
    let (left, right, top, bottom) = (52.0, width - 16.0, 12.0, height - 36.0);
    let reach = |curve: &[(f64, f64)]| {
        curve
            .iter()
            .find(|&&(_, s)| s <= 0.05)
            .or(curve.last())
            .map_or(1.0, |&(t, _)| t)
    };
    let end = times
        .groups
        .iter()
        .map(|g| reach(&g.curve))
        .fold(reach(&times.overall.curve), f64::max)
        .max(1.0);
    let x_of = |t: f64| left + (t.min(end) / end) * (right - left);
    let y_of = |s: f64| bottom - s * (bottom - top);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"share of tickets still waiting by hours\" font-size=\"12\">"
    );
    for share in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let y = y_of(share);
        let _ = write!(
            svg,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e4e4e4\" />\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{}%</text>",
            left - 4.0,
            y + 4.0,
            (share * 100.0) as u32
        );
    }
    for i in 0..=4 {
        let t = end * f64::from(i) / 4.0;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{} h</text>",
            x_of(t),
            bottom + 16.0,
            crate::print::fixed(t, if end < 10.0 { 1 } else { 0 })
        );
    }
    let _ = write!(
        svg,
        "<line x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{bottom}\" stroke=\"#999\" />\
         <line x1=\"{left}\" x2=\"{right}\" y1=\"{bottom}\" y2=\"{bottom}\" stroke=\"#999\" />\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">hours (the axis ends where the slowest group is 95 % done)</text>",
        (left + right) / 2.0,
        height - 4.0
    );
    for (i, g) in times.groups.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let mut path = String::new();
        let mut last_y = y_of(1.0);
        for (j, &(t, s)) in g.curve.iter().enumerate() {
            let (x, y) = (x_of(t), y_of(s));
            if j == 0 {
                let _ = write!(path, "M{x:.1} {y:.1}");
            } else {
                let _ = write!(path, " H{x:.1} V{y:.1}");
            }
            last_y = y;
            if t >= end {
                break;
            }
        }
        let _ = write!(path, " H{right:.1} V{last_y:.1}");
        let _ = write!(
            svg,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"><title>{}</title></path>",
            escape(&g.group)
        );
        if let Reached::At(median) = g.median.time {
            let x = x_of(median);
            let _ = write!(
                svg,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{bottom}\" stroke=\"{colour}\" stroke-dasharray=\"4 3\" />",
                y_of(0.5)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
