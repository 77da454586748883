//! A report as one self-contained HTML page built around its findings:
//! first what needs attention, then the totals and their accounting, the
//! details each finding links to (trend panels, funnels), a glossary, and
//! the full table last. Nothing is fetched from elsewhere; the one inline
//! script only sorts the table, and the page reads the same without it.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::charts::svg::{PanelAxes, decimals, funnel_svg, inline, trend_panel, y_range};
use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::index::KeyTally;
use crate::metrics::nps::Nps;
use crate::monitoring::control::{Direction, RunRule};
use crate::monitoring::funnel::FunnelPosition;
use crate::monitoring::reading::Verdict;
use crate::reports::monitor::Series;
use crate::reports::report::Report;
use crate::reports::row::{MetricCell, ReportRow, SMALL_SAMPLE};
use crate::reports::tabulate::GroupKey;
use crate::statistics::interval::{NetMethod, ShareMethod};
use crate::statistics::share::Share;

/// The most trend panels a page draws per metric: the units with a
/// finding first, then those with the most answers; the rest are in the
/// table and the JSON.
pub const MAX_TREND_CHARTS: usize = 60;

/// Findings shown on the first screen; the others are listed, folded,
/// right below them.
const MAX_FINDINGS: usize = 10;

/// Visitor coverage below this is too low to trust: fewer than one
/// visitor in twenty answered, so the group's indices may not stand for
/// its customers.
const LOW_COVERAGE: f64 = 0.05;

/// Units outside a funnel's limits listed beside it before the rest fold.
const MAX_LISTED: usize = 12;

/// A metric's panels start folded when there are more than this many and
/// none of them has a finding.
const OPEN_PANELS: usize = 12;

pub(crate) const STYLE: &str = "\
*{box-sizing:border-box}\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fafafa;line-height:1.45;font-size:16px}\
main{max-width:1280px;margin:0 auto;padding:.8rem 1rem}\
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ddd}\
h3{font-size:1.05rem;margin:1rem 0 .3rem}\
p.sub{margin:0 0 .6rem;color:#444}\
a{color:#0b5394}\
#attention{background:#fff;border:2px solid #d55e00;border-radius:8px;padding:.2rem 1rem .6rem}\
#attention.calm{border-color:#009e73}\
#attention h2{border:0;margin:.4rem 0}\
ol.findings{margin:.2rem 0;padding-left:1.6rem}ol.findings li{margin:.25rem 0}\
.why{color:#8a3a00;font-weight:600}.better{color:#00664a;font-weight:600}\
.num{font-weight:700;white-space:nowrap}\
.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.5rem}\
.tile{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.3rem .5rem}\
.tile .m{font-size:.85rem;color:#444}.tile .v{font-size:1.3rem;font-weight:700}.tile .ci{white-space:normal}\
dl.acc{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.6rem 0}dl.acc dt{font-weight:600}dl.acc dd{margin:0}\
.ci,.n{color:#555;font-size:.8rem;white-space:nowrap}\
.verdict{font-size:.75rem;padding:0 .3em;border-radius:.3em;background:#e8f0fe;white-space:nowrap}\
.verdict.low{background:#fde2d2}\
.flag{color:#b34700;font-weight:700}\
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.6rem}\
figure.panel{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.3rem;min-width:0}\
figure.panel.hit{border:2px solid #d55e00}\
figure.panel svg{display:block;width:300px;max-width:100%;height:auto}\
figure.panel figcaption,figure.panel p.note{font-size:.8rem;color:#333;margin:0}\
svg text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\
.charts{display:grid;grid-template-columns:1fr;gap:1rem}\
figure.chart{margin:0;background:#fff;border:1px solid #ddd;padding:.5rem;min-width:0;overflow-x:auto}\
figure.chart svg{display:block;width:760px;max-width:none;height:auto}\
figcaption{font-size:.9rem;color:#333}figure.chart ul{margin:.3rem 0;padding-left:1.2rem}\
@media (min-width:1100px){figure.chart{display:grid;grid-template-columns:760px 1fr;gap:1rem;align-items:start}}\
dl.glossary dt{font-weight:700;margin-top:.5rem}dl.glossary dd{margin:0 0 0 1rem}\
code{font-size:.9em;background:#f0f0f0;padding:0 .2em}\
table#groups{border-collapse:collapse;font-size:.85rem;background:#fff;width:100%}\
#groups th,#groups td{border:1px solid #ddd;padding:.25rem .35rem;text-align:right;vertical-align:top}\
#groups th{background:#f0f0f0;position:sticky;top:0;white-space:nowrap}\
#groups th.sortable{cursor:pointer}#groups th[aria-sort=ascending]::after{content:' \\25B2'}#groups th[aria-sort=descending]::after{content:' \\25BC'}\
#groups td.key,#groups th.key{text-align:left}\
#groups td .v{font-weight:600;white-space:nowrap}#groups td .ci,#groups td .n{display:block}\
#groups tfoot td{font-weight:600;background:#f6f6f6}\
#groups tr:target td{background:#fff3cd}\
.parts{display:none;color:#444;font-size:.75rem;white-space:normal}\
#show-parts:checked~div .parts{display:block}\
label.toggle{display:inline-block;margin:.3rem 0;font-size:.9rem;cursor:pointer}\
@media (max-width:700px){\
main{padding:.5rem}figure.chart::before{content:'The chart keeps its size so that its text stays readable: scroll it sideways.';display:block;font-size:.8rem;color:#555}dl.acc{grid-template-columns:1fr;gap:0}dl.acc dd{margin-bottom:.3rem}\
#groups thead{display:none}\
table#groups,#groups tbody,#groups tfoot,#groups tr,#groups td{display:block;width:auto}\
#groups tr{border:1px solid #ccc;border-radius:6px;margin:0 0 .7rem;background:#fff;padding:.3rem .5rem}\
#groups td{border:0;border-bottom:1px solid #eee;text-align:left;display:grid;grid-template-columns:8.5rem 1fr;gap:.4rem;padding:.2rem 0}\
#groups td::before{content:attr(data-label);font-weight:600}\
#groups td.key{display:block;font-size:1rem;font-weight:700}#groups td.key::before{content:none}\
#groups td .ci,#groups td .n{display:inline;white-space:normal}\
}";

/// Sorts the table by the column whose header is clicked (or given Enter),
/// on each cell's `data-v`; cells without a value go last either way. It
/// holds no `<` or `&`, so the page stays well-formed XML too.
const SCRIPT: &str = "(function(){var t=document.getElementById('groups');if(!t||!t.tHead)return;\
var hs=t.tHead.rows[0].cells;\
function sort(c,h){var b=t.tBodies[0];var rows=Array.prototype.slice.call(b.rows);\
var dir=h.getAttribute('aria-sort')==='ascending'?-1:1;\
for(var j=0;j!==hs.length;j++)hs[j].removeAttribute('aria-sort');\
h.setAttribute('aria-sort',dir===1?'ascending':'descending');\
rows.sort(function(x,y){var a=x.cells[c].getAttribute('data-v'),z=y.cells[c].getAttribute('data-v');\
var na=(a===null||a===''),nz=(z===null||z==='');if(na)return nz?0:1;if(nz)return -1;\
var p=parseFloat(a),q=parseFloat(z);return dir*((isNaN(p)||isNaN(q))?a.localeCompare(z):p-q)});\
rows.forEach(function(r){b.appendChild(r)})}\
Array.prototype.forEach.call(hs,function(h,c){h.classList.add('sortable');h.tabIndex=0;h.title='sort by this column';\
h.addEventListener('click',function(){sort(c,h)});\
h.addEventListener('keydown',function(e){if(e.key==='Enter')sort(c,h)})})})();";

/// Escapes text for HTML, in element content and in quoted attributes,
/// with control characters and bidirectional overrides made visible.
pub(crate) fn escape(text: &str) -> String {
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

/// Whether a higher value of `metric` is worse (the dissatisfaction
/// indices and the force-majeure level) rather than better.
pub(crate) fn higher_is_worse(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::InkStaff | Metric::InkOffice | Metric::ForceMajeureLevel
    )
}

/// A value at its metric's precision, with `%` for percent metrics.
fn amount(metric: Metric, value: f64) -> String {
    let d = decimals(metric);
    match metric {
        Metric::Csat | Metric::InkStaff | Metric::InkOffice => {
            format!("{} %", crate::print::fixed(value, d))
        }
        _ => crate::print::fixed(value, d),
    }
}

/// A limit shown within the values the metric can take: normal limits
/// around a share near 0 can reach below it, where no value can be.
fn within_range(metric: Metric, limit: f64) -> f64 {
    let (low, high) = metric.range();
    limit.clamp(low, high)
}

/// `[low, high]` at the metric's precision.
fn bracket(metric: Metric, low: f64, high: f64) -> String {
    let d = crate::print::interval_decimals(low, high, decimals(metric));
    format!(
        "[{}, {}]",
        crate::print::fixed(low, d),
        crate::print::fixed(high, d)
    )
}

fn cell_interval(metric: Metric, cell: &MetricCell) -> String {
    match (cell.ci_low, cell.ci_high) {
        (Some(l), Some(h)) => format!(" {}", bracket(metric, l, h)),
        _ => String::new(),
    }
}

/// A signed estimate and its bracketed interval, with digits enough to
/// show an interval that leaves 0 out, never `-0`: `("+0.004", "[+0.001,
/// +0.007]")`.
fn signed_pair(value: f64, low: f64, high: f64, decimals: usize) -> (String, String) {
    use crate::print::{interval_decimals, signed};
    let d = interval_decimals(low, high, decimals);
    (
        signed(value, d),
        format!("[{}, {}]", signed(low, d), signed(high, d)),
    )
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// What kind of test flagged a finding, in the order findings rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Funnel,
    ControlBeyond,
    Trend,
    Change,
    ControlRun,
    PoorNps,
    LowCoverage,
}

/// One line of "Needs attention".
struct Finding {
    kind: Kind,
    /// Whether it is bad news (ranked before good news).
    worse: bool,
    /// Larger is stronger, within a kind.
    strength: f64,
    /// The metric's key, or `visitor_coverage`.
    metric: &'static str,
    /// The number the sentence cites, at full precision.
    value: f64,
    /// The sentence, already escaped.
    html: String,
    /// Where its detail is.
    anchor: String,
}

/// The report's findings, worst first.
fn findings(report: &Report, drawn: &HashSet<usize>) -> Vec<Finding> {
    let options = &report.summary.options;
    let correction = options.correction;
    let mut found = Vec::new();
    let panel = |i: usize, metric: Metric| {
        if drawn.contains(&i) {
            format!("panel-{i}")
        } else {
            format!("trend-{}", metric.key())
        }
    };

    // A funnel over too few units places none: its limits say nothing.
    for funnel in report
        .monitoring
        .funnels
        .iter()
        .filter(|f| !f.too_few_units())
    {
        let metric = funnel.metric();
        for unit in funnel.units() {
            let above = match unit.position {
                FunnelPosition::Above998 => true,
                FunnelPosition::Below998 => false,
                _ => continue,
            };
            let l = unit.limits;
            let own = pooled_interval(report, metric, &unit.key, unit.value)
                .map(|(low, high)| format!(" {}", bracket(metric, low, high)))
                .unwrap_or_default();
            let width = if above {
                l.outer_high - funnel.target()
            } else {
                funnel.target() - l.outer_low
            };
            let beyond = if above {
                unit.value - l.outer_high
            } else {
                l.outer_low - unit.value
            };
            // Enough decimals that the value and the limit it passed
            // do not read as equal.
            let limit = if above { l.outer_high } else { l.outer_low };
            let mut d = decimals(metric);
            while d < 6 && format!("{:.d$}", unit.value) == format!("{limit:.d$}") {
                d += 1;
            }
            let unit_sign = if amount(metric, 0.0).ends_with('%') {
                " %"
            } else {
                ""
            };
            found.push(Finding {
                kind: Kind::Funnel,
                worse: above == higher_is_worse(metric),
                strength: if width > 0.0 { beyond / width } else { beyond },
                metric: metric.key(),
                value: unit.value,
                html: format!(
                    "<b>{}</b> of <b>{}</b>: <span class=\"num\">{:.d$}{unit_sign}</span>{} on {} answers{}, \
                     <span class=\"why\">{} the 99.8 % funnel limits [{:.d$}, {:.d$}]</span> around the pooled {}.",
                    escape(&metric.to_string()),
                    escape(&unit.key.label()),
                    unit.value,
                    own,
                    unit.n,
                    // The funnel's n is what the value stands on; for ИНК
                    // the table's n also counts force majeure.
                    if matches!(metric, Metric::InkStaff | Metric::InkOffice) {
                        " (force majeure left out)"
                    } else {
                        ""
                    },
                    if above { "above" } else { "below" },
                    within_range(metric, l.outer_low),
                    within_range(metric, l.outer_high),
                    amount(metric, funnel.target())
                ),
                anchor: format!("funnel-{}", metric.key()),
            });
        }
    }

    for (i, series) in report.monitoring.series.iter().enumerate() {
        let metric = series.metric;
        let label = escape(&series.label());
        let name = escape(&metric.to_string());
        if let Some(control) = &series.control {
            let signals = control.signals();
            // The strongest signal speaks for the series: beyond the
            // limits before a run, the farthest from the centre first.
            let distance = |period| {
                control
                    .points()
                    .iter()
                    .find(|p| p.period == period)
                    .map(|p| {
                        let limit = if p.value >= control.centre() {
                            p.upper
                        } else {
                            p.lower
                        };
                        let half = (limit - control.centre()).abs();
                        let off = (p.value - control.centre()).abs();
                        if half > 0.0 { off / half } else { off }
                    })
                    .unwrap_or(0.0)
            };
            let strongest = signals.iter().max_by(|a, b| {
                let key = |s: &crate::monitoring::control::Signal| {
                    (s.rule == RunRule::BeyondLimits, distance(s.period))
                };
                let (ka, kb) = (key(a), key(b));
                ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
            });
            let point = strongest.and_then(|s| {
                let cell = series.points.iter().find(|p| p.period == s.period)?;
                let value = cell.cell.value?;
                Some((s, cell, value))
            });
            if let Some((signal, at, value)) = point {
                let up = signal.direction == Direction::Up;
                let others = signals.len() - 1;
                found.push(Finding {
                    kind: if signal.rule == RunRule::BeyondLimits {
                        Kind::ControlBeyond
                    } else {
                        Kind::ControlRun
                    },
                    worse: up == higher_is_worse(metric),
                    strength: distance(signal.period),
                    metric: metric.key(),
                    value,
                    html: format!(
                        "<b>{name}</b> of <b>{label}</b> in {}: <span class=\"num\">{}</span>{}, n = {}, \
                         <span class=\"why\">control-chart signal: {} ({})</span> against its centre {}{}.",
                        at.period,
                        amount(metric, value),
                        cell_interval(metric, &at.cell),
                        at.cell.n,
                        signal.rule.describe(),
                        if up { "up" } else { "down" },
                        amount(metric, control.centre()),
                        match others {
                            0 => String::new(),
                            1 => "; 1 more signal in this series".to_string(),
                            n => format!("; {n} more signals in this series"),
                        }
                    ),
                    anchor: panel(i, metric),
                });
            }
        }
        if let (true, Some(trend), Some(adjusted)) =
            (series.trend_flagged, &series.trend, series.trend_adjusted_p)
        {
            let kind = series
                .points
                .first()
                .map_or("period", |p| p.period.period().name());
            let d = decimals(metric);
            let up = trend.slope() > 0.0;
            found.push(Finding {
                kind: Kind::Trend,
                worse: up == higher_is_worse(metric),
                strength: 1.0 - adjusted,
                metric: metric.key(),
                value: trend.slope(),
                html: format!(
                    "<b>{name}</b> of <b>{label}</b> is {} <span class=\"num\">{} per {kind}</span> \
                     {} over {} {kind}s, n = {}: \
                     <span class=\"why\">a trend that stays significant after {correction} correction \
                     (adjusted {})</span>.",
                    if up { "rising" } else { "falling" },
                    signed_pair(trend.slope(), trend.low(), trend.high(), d).0,
                    signed_pair(trend.slope(), trend.low(), trend.high(), d).1,
                    trend.periods(),
                    trend.n(),
                    p_text(adjusted)
                ),
                anchor: panel(i, metric),
            });
        }
        let mut previous: Option<f64> = None;
        for point in &series.points {
            if let (Some(change), Some(before), Some(now)) = (
                point.change.filter(|c| c.flagged),
                previous,
                point.cell.value,
            ) {
                let d = decimals(metric);
                let up = change.difference > 0.0;
                found.push(Finding {
                    kind: Kind::Change,
                    worse: up == higher_is_worse(metric),
                    strength: 1.0 - change.adjusted_p,
                    metric: metric.key(),
                    value: change.difference,
                    html: format!(
                        "<b>{name}</b> of <b>{label}</b> went from {} in {} to {} in {}: \
                         <span class=\"num\">{}</span> {}, \
                         <span class=\"why\">a period-over-period change flagged after {correction} \
                         correction (adjusted {})</span>.",
                        amount(metric, before),
                        change.from,
                        amount(metric, now),
                        point.period,
                        signed_pair(change.difference, change.ci_low, change.ci_high, d).0,
                        signed_pair(change.difference, change.ci_low, change.ci_high, d).1,
                        p_text(change.adjusted_p)
                    ),
                    anchor: panel(i, metric),
                });
            }
            if point.cell.value.is_some() {
                previous = point.cell.value;
            }
        }
    }

    // NPS whose whole interval is in the lowest band, and coverage too low
    // to trust, per group and in total.
    let lowest = options.nps_reading.label(f64::NEG_INFINITY).to_string();
    let rows = report
        .groups
        .iter()
        .enumerate()
        .map(|(i, row)| (format!("row-{i}"), row))
        .chain([("row-total".to_string(), &report.total)]);
    for (anchor, row) in rows {
        let label = escape(&row.label());
        if let (Some(Verdict::Band(band)), Some(value), Some(high)) =
            (&row.nps.verdict, row.nps.value, row.nps.ci_high)
            && *band == lowest
        {
            found.push(Finding {
                    kind: Kind::PoorNps,
                    worse: true,
                    strength: -high,
                    metric: Metric::Nps.key(),
                    value,
                    html: format!(
                        "<b>NPS</b> of <b>{label}</b>: <span class=\"num\">{}</span>{}, n = {}: \
                         <span class=\"why\">the whole interval lies in the band read as “{}”</span>.",
                        amount(Metric::Nps, value),
                        cell_interval(Metric::Nps, &row.nps),
                        row.nps.n,
                        escape(band)
                    ),
                    anchor: anchor.clone(),
                });
        }
        let coverage = &row.visitor_coverage;
        if let (true, Some(value)) = (report.summary.traffic.is_some(), coverage.value)
            && value < LOW_COVERAGE
        {
            let interval = match (coverage.ci_low, coverage.ci_high) {
                (Some(l), Some(h)) => format!(" [{l:.3}, {h:.3}]"),
                _ => String::new(),
            };
            found.push(Finding {
                    kind: Kind::LowCoverage,
                    worse: true,
                    strength: -value,
                    metric: "visitor_coverage",
                    value,
                    html: format!(
                        "<b>Visitor coverage</b> of <b>{label}</b>: <span class=\"num\">{value:.3}</span>{interval} \
                         ({} surveys): <span class=\"why\">under {LOW_COVERAGE}, too few visitors answered \
                         for its indices to stand for its customers</span>.",
                        coverage.n
                    ),
                    anchor,
                });
        }
    }

    found.sort_by(|a, b| {
        (!a.worse, a.kind)
            .cmp(&(!b.worse, b.kind))
            .then(b.strength.total_cmp(&a.strength))
    });
    found
}

/// The interval of a funnel unit's value, from its groups' counts added
/// over the periods, computed as the report computes a row's; `None` for
/// CES (its answers' spread is not in the rows) or if the counts do not
/// give back the funnel's value.
fn pooled_interval(
    report: &Report,
    metric: Metric,
    unit: &GroupKey,
    value: f64,
) -> Option<(f64, f64)> {
    let rows: Vec<&ReportRow> = report
        .groups
        .iter()
        .filter(|row| {
            row.key.office == unit.office
                && row.key.staff == unit.staff
                && row.key.channel == unit.channel
                && row.key.segment == unit.segment
        })
        .collect();
    // One group per unit (no period): its row's interval is the unit's.
    if let [row] = rows[..]
        && let Some(cell) = row.cell(metric)
        && cell.value == Some(value)
    {
        return cell.ci_low.zip(cell.ci_high);
    }
    let sum = |count: &dyn Fn(&ReportRow) -> u64| {
        rows.iter()
            .try_fold(0u64, |total, row| total.checked_add(count(row)))
    };
    // A share's count from its value and n: exact, since the value is
    // 100 · count / n (or count / n) computed from integers.
    let count_of = |cell: &MetricCell, scale: f64| {
        cell.value
            .map_or(0, |v| (v / scale * cell.n as f64).round() as u64)
    };
    let options = &report.summary.options;
    let level = options.level;
    let k = options.k_for(metric);
    let (recomputed, interval) = match metric {
        Metric::Nps => {
            let nps = Nps::from_counts(
                sum(&|r| r.nps.detractors)?,
                sum(&|r| r.nps.passives)?,
                sum(&|r| r.nps.promoters)?,
            )
            .ok()?;
            (
                nps.value(),
                nps.interval(level, NetMethod::AdjustedWald).ok()?,
            )
        }
        Metric::InkStaff | Metric::InkOffice | Metric::Iel => {
            let cell = |r: &ReportRow| match metric {
                Metric::InkStaff => r.ink_staff,
                Metric::InkOffice => r.ink_office,
                _ => r.iel,
            };
            let f = sum(&|r| cell(r).force_majeure)?;
            let tally = KeyTally::from_counts(
                sum(&|r| cell(r).positive)?,
                sum(&|r| cell(r).negative)?.checked_sub(f)?,
                sum(&|r| cell(r).silent)?,
                f,
            );
            match metric {
                Metric::InkStaff | Metric::InkOffice => {
                    let ink = if metric == Metric::InkStaff {
                        tally.ink_staff(k)
                    } else {
                        tally.ink_office(k)
                    }
                    .ok()?;
                    (ink.value(), ink.interval(level, ShareMethod::Wilson).ok()?)
                }
                _ => {
                    let iel = tally.iel(k).ok()?;
                    (
                        iel.value(),
                        iel.interval(level, NetMethod::AdjustedWald).ok()?,
                    )
                }
            }
        }
        Metric::Csat => {
            let share =
                Share::new(sum(&|r| count_of(&r.csat, 100.0))?, sum(&|r| r.csat.n)?).ok()?;
            (
                share.value(),
                share.interval(level, ShareMethod::Wilson).ok()?,
            )
        }
        Metric::ForceMajeureLevel => {
            let share = Share::new(
                sum(&|r| count_of(&r.force_majeure_level, 1.0))?,
                sum(&|r| r.force_majeure_level.n)?,
            )
            .ok()?;
            (
                share.value() / 100.0,
                share
                    .interval(level, ShareMethod::Wilson)
                    .ok()?
                    .as_fraction(),
            )
        }
        _ => return None,
    };
    ((recomputed - value).abs() <= 1e-9 * value.abs().max(1.0))
        .then(|| (interval.low(), interval.high()))
}

fn finding_html(finding: &Finding) -> String {
    format!(
        "<li class=\"finding\" data-kind=\"{:?}\" data-metric=\"{}\" data-value=\"{}\">{}{} <a href=\"#{}\">details</a></li>\n",
        finding.kind,
        finding.metric,
        finding.value,
        if finding.worse {
            ""
        } else {
            "<span class=\"better\">(better)</span> "
        },
        finding.html,
        finding.anchor
    )
}

/// The report as one HTML page, readable on a laptop and a phone: first
/// what needs attention (at most about ten findings, ranked, each with
/// its number, interval and the test that flagged it, linking to its
/// detail), then the totals with the accounting of rows and the
/// parameters, the trend panels per metric (one per unit, shared axes),
/// a funnel per metric, a glossary of the metrics, and the full table,
/// sortable by any column. `source` names the input in the heading.
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
/// // What needs attention comes first, the full table last.
/// assert!(page.find("id=\"attention\"") < page.find("id=\"groups\""));
/// assert!(!page.contains("http") && !page.contains("<script src"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn html_report(report: &Report, source: &str) -> Result<String, Error> {
    let s = &report.summary;
    let o = &s.options;
    let plan = panel_plan(report);
    let drawn: HashSet<usize> = plan.iter().flat_map(|p| p.shown.iter().copied()).collect();
    let found = findings(report, &drawn);

    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\
         <title>Customer-experience report: {}</title><style>{STYLE}</style></head>\n<body><main>\n\
         <h1>Customer-experience report</h1>\n\
         <p class=\"sub\">{} · grouped by {} · {} rows used · k = {} · {} intervals · \
         <a href=\"#glossary\">what the numbers mean</a></p>\n",
        escape(source),
        escape(source),
        escape(&s.group_by),
        s.rows_used,
        k_text(report),
        o.level
    );

    // What needs attention.
    if found.is_empty() {
        page.push_str(
            "<section id=\"attention\" class=\"calm\"><h2>Needs attention</h2>\
             <p class=\"none\">Nothing needs attention: no signal, trend or outlier passed its test.</p>",
        );
    } else {
        let worse = found.iter().filter(|f| f.worse).count();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let _ = writeln!(
            page,
            "<section id=\"attention\"><h2>Needs attention</h2><p class=\"sub\">{}. \
             Bad news first, then by test: funnel outliers at 99.8 %, control-chart signals (over {} series, \
             chance alone would give about {}), trends and changes significant after {} correction, NPS \
             intervals wholly in the lowest band{}.</p>\
             <ol class=\"findings\">",
            match (worse, found.len() - worse) {
                (w, 0) => format!("{w} finding{}, all bad news", plural(w)),
                (0, b) => format!("{b} finding{}, all better than the rest", plural(b)),
                (w, b) => format!("{} findings: {w} bad news, {b} better than the rest", w + b),
            },
            report.monitoring.control_series,
            crate::print::fixed(report.monitoring.expected_control_signals, 1),
            o.correction,
            if s.traffic.is_some() {
                ", visitor coverage too low to trust"
            } else {
                ""
            }
        );
        for finding in found.iter().take(MAX_FINDINGS) {
            page.push_str(&finding_html(finding));
        }
        page.push_str("</ol>");
        if found.len() > MAX_FINDINGS {
            let _ = writeln!(
                page,
                "<details><summary>{} more findings, ranked below these</summary>\
                 <ol class=\"findings\" start=\"{}\">",
                found.len() - MAX_FINDINGS,
                MAX_FINDINGS + 1
            );
            for finding in found.iter().skip(MAX_FINDINGS) {
                page.push_str(&finding_html(finding));
            }
            page.push_str("</ol></details>");
        }
    }
    page.push_str("</section>\n");

    totals(&mut page, report);
    trends(&mut page, report, &plan)?;
    funnels(&mut page, report)?;
    glossary(&mut page, report);
    table(&mut page, report);

    let _ = writeln!(page, "</main><script>{SCRIPT}</script></body></html>");
    Ok(page)
}

/// `k` as the page states it: one value, or one per index.
fn k_text(report: &Report) -> String {
    let o = &report.summary.options;
    let (a, b, c) = (o.k_staff.get(), o.k_office.get(), o.k_iel.get());
    if a == b && b == c {
        format!("{a}")
    } else {
        format!("{a} (ИНК@Персонал), {b} (ИНК@Офис), {c} (ИЭЛ)")
    }
}

/// The metrics the report has values of, in report order.
fn metrics_shown(report: &Report) -> Vec<Metric> {
    Metric::TRACKED
        .into_iter()
        .filter(|&m| report.total.cell(m).is_some_and(|c| c.value.is_some()))
        .collect()
}

/// The totals as tiles, then the accounting of rows and the parameters.
fn totals(page: &mut String, report: &Report) {
    let s = &report.summary;
    let o = &s.options;
    page.push_str("<section id=\"totals\"><h2>All responses</h2><div class=\"totals\">");
    for metric in metrics_shown(report) {
        if let Some(cell) = report.total.cell(metric)
            && let Some(value) = cell.value
        {
            let _ = write!(
                page,
                "<div class=\"tile\" data-metric=\"{}\"><div class=\"m\">{}</div><div class=\"v\">{}</div>\
                 <div class=\"ci\">{} · n = {}</div></div>",
                metric.key(),
                escape(&metric.to_string()),
                amount(metric, value),
                cell_interval(metric, cell).trim(),
                cell.n
            );
        }
    }
    page.push_str("</div><dl class=\"acc\">");
    let _ = write!(
        page,
        "<dt>rows</dt><dd>{} read, {} used, {} rejected</dd>\
         <dt>responses</dt><dd>{}, grouped by {} into {} groups</dd>\
         <dt>k</dt><dd>{} (weight of a silent answer in ИНК@Персонал, ИНК@Офис and ИЭЛ)</dd>\
         <dt>confidence level</dt><dd>{} (Wilson for shares and ИНК, adjusted Wald for NPS and ИЭЛ, t for means)</dd>\
         <dt>NPS reading</dt><dd>{} (a verdict only where the whole interval is in one band)</dd>\
         <dt>multiple tests</dt><dd>trends and period-over-period changes flagged after {} correction per metric</dd>",
        s.rows_read,
        s.rows_used,
        s.rows_rejected,
        report.total.responses,
        escape(&s.group_by),
        report.groups.len(),
        k_text(report),
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
            "<dt>traffic</dt><dd>{} rows read, {} used, {} rejected; office-days with surveys but no traffic: {}; \
             more surveys than visitors: {}; zero visitors: {}</dd>",
            t.rows.read,
            t.rows.used,
            t.rows.rejected,
            t.unmatched.len(),
            t.data_errors.len(),
            t.zero_visitors.len()
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
}

/// The panels of one metric: which series are drawn, in order.
struct MetricPanels {
    metric: Metric,
    /// Indices into the report's series, drawn in this order.
    shown: Vec<usize>,
    /// Series of the metric with a trend, drawn or not.
    total: usize,
}

/// Whether a series has anything the findings cite.
fn has_finding(series: &Series) -> bool {
    series.trend_flagged
        || series
            .control
            .as_ref()
            .is_some_and(|c| !c.signals().is_empty())
        || series
            .points
            .iter()
            .any(|p| p.change.is_some_and(|c| c.flagged))
}

/// Per metric, the series drawn as panels: those with a finding first,
/// then those with the most answers, at most [`MAX_TREND_CHARTS`].
fn panel_plan(report: &Report) -> Vec<MetricPanels> {
    let series = &report.monitoring.series;
    Metric::TRACKED
        .into_iter()
        .filter_map(|metric| {
            let mut of_metric: Vec<usize> = (0..series.len())
                .filter(|&i| series[i].metric == metric && series[i].control.is_some())
                .collect();
            if of_metric.is_empty() {
                return None;
            }
            let total = of_metric.len();
            let answers = |i: usize| series[i].points.iter().map(|p| p.cell.n).sum::<u64>();
            of_metric.sort_by_key(|&i| (!has_finding(&series[i]), std::cmp::Reverse(answers(i))));
            of_metric.truncate(MAX_TREND_CHARTS);
            // Flagged first, then in key order, so a unit sits in the same
            // place from metric to metric.
            of_metric.sort_by(|&a, &b| {
                (!has_finding(&series[a]), &series[a].key)
                    .cmp(&(!has_finding(&series[b]), &series[b].key))
            });
            Some(MetricPanels {
                metric,
                shown: of_metric,
                total,
            })
        })
        .collect()
}

/// Per metric, one small panel per unit over the periods, on axes shared
/// by the metric's panels.
fn trends(page: &mut String, report: &Report, plan: &[MetricPanels]) -> Result<(), Error> {
    if plan.is_empty() {
        return Ok(());
    }
    let series = &report.monitoring.series;
    let o = &report.summary.options;
    let _ = writeln!(
        page,
        "<section id=\"trends\"><h2>Is it moving?</h2><p class=\"sub\">One panel per unit and metric, \
         on the metric's shared axes. Dots: each period's value, whiskers: its {} interval; \
         grey line: the centre of its control chart; dashed line: the trend (orange when significant \
         after {} correction); filled orange dot: a control-chart signal; ringed: a flagged \
         period-over-period change; hollow: a partial period, cut by the data's first or last date \
         ({}). Panels with a finding come first, outlined.</p>",
        o.level,
        o.correction,
        if o.partial_periods_in_trends {
            "taken into the trend"
        } else {
            "left out of the trend"
        }
    );
    for panels in plan {
        let metric = panels.metric;
        let key = metric.key();
        let drawn: Vec<&Series> = panels.shown.iter().map(|&i| &series[i]).collect();
        let periods: Vec<_> = drawn
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.period))
            .collect();
        let (Some(first), Some(last)) = (
            periods.iter().min_by_key(|p| p.index()),
            periods.iter().max_by_key(|p| p.index()),
        ) else {
            continue;
        };
        let values = drawn.iter().flat_map(|s| {
            s.points
                .iter()
                .flat_map(|p| [p.cell.value, p.cell.ci_low, p.cell.ci_high])
                .flatten()
        });
        let (low, high) = y_range(values, metric);
        let axes = PanelAxes {
            start: first.index(),
            end: last.index(),
            low,
            high,
            first: first.to_string(),
            last: last.to_string(),
        };
        let hits = drawn.iter().filter(|s| has_finding(s)).count();
        let kind = first.period().name();
        let open = hits > 0 || drawn.len() <= OPEN_PANELS;
        let _ = writeln!(
            page,
            "<section class=\"metric-trends\" id=\"trend-{key}\" data-kind=\"trend\" data-metric=\"{key}\">\
             <details{}><summary><h3 style=\"display:inline\">{} by {kind}</h3> · {} units{}, {}</summary>\
             <div class=\"panels\">",
            if open { " open=\"open\"" } else { "" },
            escape(&metric.to_string()),
            panels.total,
            if panels.total > drawn.len() {
                format!(
                    " ({} drawn: those with a finding, then the most answers; all in the table and the JSON)",
                    drawn.len()
                )
            } else {
                String::new()
            },
            match hits {
                0 => "nothing flagged".to_string(),
                1 => "1 with a finding".to_string(),
                n => format!("{n} with a finding"),
            }
        );
        for &i in &panels.shown {
            let s = &series[i];
            let hit = has_finding(s);
            let svg = trend_panel(s, &axes)?;
            let trend = match (&s.trend, s.trend_adjusted_p) {
                (Some(t), Some(adjusted)) => {
                    let d = decimals(metric);
                    let (slope, interval) = signed_pair(t.slope(), t.low(), t.high(), d);
                    let text = format!(
                        "trend {slope} per {kind} {interval}, adjusted {}",
                        p_text(adjusted)
                    );
                    if s.trend_flagged {
                        format!("<span class=\"flag\">{text}</span>")
                    } else {
                        text
                    }
                }
                _ => escape(s.trend_note.as_deref().unwrap_or("no trend")),
            };
            let signals = s.control.as_ref().map_or(0, |c| c.signals().len());
            let changes = s
                .points
                .iter()
                .filter(|p| p.change.is_some_and(|c| c.flagged))
                .count();
            let mut notes = Vec::new();
            if signals > 0 {
                notes.push(format!(
                    "<span class=\"flag\">{signals} control signal{}</span>",
                    if signals == 1 { "" } else { "s" }
                ));
            }
            if changes > 0 {
                notes.push(format!(
                    "<span class=\"flag\">{changes} flagged change{}</span>",
                    if changes == 1 { "" } else { "s" }
                ));
            }
            let _ = writeln!(
                page,
                "<figure class=\"panel{}\" id=\"panel-{i}\" data-series=\"{}\"><figcaption><b>{}</b></figcaption>{}\
                 <p class=\"note\">{trend}{}{}</p></figure>",
                if hit { " hit" } else { "" },
                escape(&format!("{key} {}", s.label())),
                escape(&s.label()),
                inline(&svg),
                if notes.is_empty() { "" } else { "; " },
                notes.join(", ")
            );
        }
        page.push_str("</div></details></section>\n");
    }
    page.push_str("</section>\n");
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
        .filter(|g| {
            ["office", "staff", "channel"].contains(g)
                || report.summary.segment_column.as_deref() == Some(*g)
        })
        .collect();
    let unit_name = units.join(" / ");
    page.push_str(
        "<section id=\"funnels\"><h2>Really different, or just small?</h2><p class=\"sub\">Each unit's value \
         against its number of answers (log scale), pooled over periods, with the 95 % and 99.8 % limits \
         chance allows around the pooled value. A unit inside the limits is not distinguishable from the \
         whole; ranking those would rank noise.</p><div class=\"charts\">\n",
    );
    for funnel in &monitoring.funnels {
        let metric = funnel.metric();
        if funnel.too_few_units() {
            let _ = writeln!(
                page,
                "<figure class=\"chart\" id=\"funnel-{}\" data-kind=\"funnel\" data-metric=\"{}\"><figcaption><b>{} by {}</b>: \
                 too few units ({} with answers, fewer than {}) for funnel limits to mean anything; none is placed.</figcaption></figure>",
                metric.key(),
                metric.key(),
                escape(&metric.to_string()),
                escape(&unit_name),
                funnel.units().len(),
                crate::MIN_FUNNEL_UNITS
            );
            continue;
        }
        let svg = funnel_svg(
            funnel,
            |key| key.label(),
            &unit_name,
            &report.summary.options,
        )?;
        let mut outside: Vec<_> = funnel
            .units()
            .iter()
            .filter(|u| u.position != FunnelPosition::Inside)
            .collect();
        outside.sort_by_key(|u| {
            matches!(
                u.position,
                FunnelPosition::Above95 | FunnelPosition::Below95
            )
        });
        let listed: Vec<String> = outside
            .iter()
            .map(|u| {
                format!(
                    "{}: {} (n = {}, {})",
                    escape(&u.key.label()),
                    amount(metric, u.value),
                    u.n,
                    u.position.describe()
                )
            })
            .collect();
        let _ = writeln!(
            page,
            "<figure class=\"chart\" id=\"funnel-{}\" data-kind=\"funnel\" data-metric=\"{}\">{}<figcaption><b>{} by {}</b>: {} {}</figcaption></figure>",
            metric.key(),
            metric.key(),
            inline(&svg),
            escape(&metric.to_string()),
            escape(&unit_name),
            // Whether the limits are chance's alone or allow for real
            // differences between units changes what "outside" means.
            escape(&format!(
                "{}.",
                capitalised(&funnel.overdispersion().describe("units"))
            )),
            if listed.is_empty() {
                "every unit inside the 95 % limits.".to_string()
            } else {
                let (first, rest) = listed.split_at(listed.len().min(MAX_LISTED));
                format!(
                    "{} of {} units outside the 95 % limits, those outside 99.8 % first:<ul><li>{}</li></ul>{}",
                    listed.len(),
                    funnel.units().len(),
                    first.join("</li><li>"),
                    if rest.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "<details><summary>{} more</summary><ul><li>{}</li></ul></details>",
                            rest.len(),
                            rest.join("</li><li>")
                        )
                    }
                )
            }
        );
    }
    page.push_str("</div></section>\n");
    Ok(())
}

/// What each metric means, its formula (as SPEC.md writes it), and the
/// parameters this report used.
fn glossary(page: &mut String, report: &Report) {
    let o = &report.summary.options;
    let _ = writeln!(
        page,
        "<section id=\"glossary\"><h2>What the numbers mean</h2><dl class=\"glossary\">\
<dt>NPS (Net Promoter Score)</dt><dd>From “How likely are you to recommend us?” on 0-10: promoters answer 9-10, \
passives 7-8, detractors 0-6. <code>NPS = % promoters − % detractors</code>, from −100 to 100. Read here as {}: \
a verdict is given only when the whole interval lies in one band.</dd>\
<dt>CSAT (Customer Satisfaction)</dt><dd>Share of satisfaction answers in the top box: 4 and 5 on a 1-5 scale \
(top-2-box) unless the survey says otherwise, in %. The mean score is among the components.</dd>\
<dt>CES (Customer Effort Score)</dt><dd>Mean effort answer on 1-7, where 7 is very easy; the share of easy \
answers (5-7) is among the components. Higher is easier.</dd>\
<dt>ИНК@Персонал (staff dissatisfaction index)</dt><dd>Over “Are you satisfied with the work of your client \
manager?”: <code>100 × ((N − F) + k × S) / (P + N + S − F)</code>, in %, where P, N and S count positive, \
negative and silent answers and F the negatives an independent reviewer qualified as force majeure (outside \
the staff's control; they leave the index). Lower is better. k = {}.</dd>\
<dt>ИНК@Офис (office dissatisfaction index)</dt><dd>The same formula over “Did you like the setting and \
organisation of our office?”: the quality of the office and its business processes. Lower is better. k = {}.</dd>\
<dt>ИЭЛ (emotional loyalty index)</dt><dd>NPS adapted to retail and services, over “Would you recommend our \
company to people you know?”: <code>100 × (P − N − k × S) / (P + N + S)</code>, from −100 to 100. Higher is \
better. k = {}.</dd>\
<dt>force-majeure level</dt><dd>Force-majeure situations / surveys, a fraction.</dd>\
<dt>exact conversion, visitor coverage</dt><dd>Surveys / transactions, and surveys / visitors (from a traffic \
file): whether the survey sample can stand for the customers. Coverage cannot exceed 1.</dd>\
<dt>k (weight of silence)</dt><dd>A silent respondent was asked the key question and gave no answer; some \
of them are unhappy and will not say so. k in [0, 1] is the share of silent answers counted as dissatisfied. \
It is a choice, not a measurement, and moves the indices a lot where most customers stay silent; this report \
used k = {}.</dd>\
<dt>interval, n</dt><dd>Every value comes with its {} confidence interval: the range the value could take by \
chance given its n answers. A value marked <span class=\"flag\">*</span> stands on fewer than {SMALL_SAMPLE} \
answers.</dd>\
<dt>trend</dt><dd>Slope per period (least squares on every answer for NPS, ИЭЛ and CES; Cochran-Armitage for \
shares), flagged only if its p-value stays below {} after {} correction over all of the metric's trends, so \
that following many units does not flag noise.</dd>\
<dt>control chart</dt><dd>Each period against the pooled centre, with limits centre ± 3σ/√n that follow each \
period's n. A signal is a point beyond the limits, 8 in a row on one side, or 6 steadily moving.</dd>\
<dt>funnel plot</dt><dd>Each unit against its number of answers, with 95 % and 99.8 % limits around the pooled \
value (Spiegelhalter 2005). Only units outside the 99.8 % limits are findings.</dd>\
</dl></section>",
        escape(&o.nps_reading.to_string()),
        o.k_staff.get(),
        o.k_office.get(),
        o.k_iel.get(),
        k_text(report),
        o.level,
        1.0 - o.level.get(),
        o.correction
    );
}

fn header(metric: Metric) -> String {
    match metric {
        Metric::Csat | Metric::InkStaff | Metric::InkOffice => format!("{metric} %"),
        Metric::ForceMajeureLevel => "force majeure".to_string(),
        _ => metric.to_string(),
    }
}

/// A cell of the table: the value, its interval and n, and the metric's
/// components (shown with the toggle above the table).
fn cell_html(label: &str, cell: &MetricCell, decimals: usize, extra: &str, parts: &str) -> String {
    let d = decimals;
    let value = match cell.value {
        Some(v) => format!("<span class=\"v\">{v:.d$}</span>"),
        None => "<span class=\"v\">–</span>".to_string(),
    };
    let small = if cell.is_small_sample() {
        format!(
            "<span class=\"flag\" title=\"fewer than {SMALL_SAMPLE} answers: the interval rests on the method's approximations\">*</span>"
        )
    } else {
        String::new()
    };
    let interval = match (cell.ci_low, cell.ci_high) {
        (Some(l), Some(h)) => format!(" <span class=\"ci\">[{l:.d$}, {h:.d$}]</span>"),
        _ => String::new(),
    };
    let parts = if parts.is_empty() {
        String::new()
    } else {
        format!("<span class=\"parts\">{parts}</span>")
    };
    format!(
        "<td data-label=\"{}\" data-v=\"{}\"><div>{value}{small}{extra}{interval} <span class=\"n\">n {}</span>{parts}</div></td>",
        escape(label),
        cell.value.map_or(String::new(), |v| v.to_string()),
        cell.n
    )
}

fn row_html(report: &Report, row: &ReportRow, id: &str, label: &str) -> String {
    let lowest = report
        .summary
        .options
        .nps_reading
        .label(f64::NEG_INFINITY)
        .to_string();
    let mut tr = format!(
        "<tr id=\"{id}\" data-group=\"{}\"><td class=\"key\" data-v=\"{}\">{}</td><td data-label=\"responses\" data-v=\"{}\"><div>{}</div></td>",
        escape(label),
        escape(label),
        escape(label),
        row.responses,
        row.responses
    );
    for metric in metrics_shown(report) {
        let Some(cell) = row.cell(metric) else {
            continue;
        };
        let (extra, parts) = match metric {
            Metric::Nps => (
                row.nps
                    .verdict
                    .as_ref()
                    .map(|v| {
                        let low = matches!(v, Verdict::Band(b) if *b == lowest);
                        format!(
                            " <span class=\"verdict{}\">{}</span>",
                            if low { " low" } else { "" },
                            escape(&v.to_string())
                        )
                    })
                    .unwrap_or_default(),
                format!(
                    "promoters\u{a0}{} · passives\u{a0}{} · detractors\u{a0}{}",
                    row.nps.promoters, row.nps.passives, row.nps.detractors
                ),
            ),
            Metric::Csat => (
                String::new(),
                row.csat
                    .mean
                    .value
                    .map(|m| format!("mean\u{a0}{m:.2}"))
                    .unwrap_or_default(),
            ),
            Metric::Ces => (
                String::new(),
                row.ces
                    .easy_share
                    .value
                    .map(|e| format!("easy\u{a0}{e:.1}\u{a0}%"))
                    .unwrap_or_default(),
            ),
            Metric::InkStaff | Metric::InkOffice | Metric::Iel => {
                let c = match metric {
                    Metric::InkStaff => &row.ink_staff,
                    Metric::InkOffice => &row.ink_office,
                    _ => &row.iel,
                };
                (
                    String::new(),
                    format!(
                        "P\u{a0}{} · N\u{a0}{} · S\u{a0}{} · F\u{a0}{} · denominator\u{a0}{} · k\u{a0}{}",
                        c.positive, c.negative, c.silent, c.force_majeure, c.denominator, c.k
                    ),
                )
            }
            _ => (String::new(), String::new()),
        };
        tr.push_str(&cell_html(
            &header(metric),
            cell,
            decimals(metric),
            &extra,
            &parts,
        ));
    }
    if report.summary.traffic.is_some() {
        tr.push_str(&cell_html("conversion", &row.exact_conversion, 3, "", ""));
        tr.push_str(&cell_html("coverage", &row.visitor_coverage, 3, "", ""));
    }
    tr.push_str("</tr>\n");
    tr
}

/// Every group's metrics, sortable, with the total in the footer.
fn table(page: &mut String, report: &Report) {
    let _ = write!(
        page,
        "<section id=\"table\"><h2>Every metric per group</h2><p class=\"sub\">{} groups. Each cell: the value, \
         its {} interval and n. Click a column's header to sort by it.</p>\
         <input type=\"checkbox\" id=\"show-parts\" /><label class=\"toggle\" for=\"show-parts\"> show components \
         (promoters, passives, detractors; P, N, S, F of the indices; CSAT mean; CES easy share)</label>\
         <div><table id=\"groups\"><thead><tr><th class=\"key\">group</th><th>responses</th>",
        report.groups.len(),
        report.summary.options.level
    );
    for metric in metrics_shown(report) {
        let _ = write!(page, "<th>{}</th>", escape(&header(metric)));
    }
    if report.summary.traffic.is_some() {
        page.push_str("<th>conversion</th><th>coverage</th>");
    }
    page.push_str("</tr></thead><tbody>\n");
    for (i, row) in report.groups.iter().enumerate() {
        page.push_str(&row_html(report, row, &format!("row-{i}"), &row.label()));
    }
    page.push_str("</tbody><tfoot>");
    page.push_str(&row_html(report, &report.total, "row-total", "total"));
    page.push_str("</tfoot></table></div></section>\n");
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
