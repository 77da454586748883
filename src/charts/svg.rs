//! The three charts as SVG documents: a trend with its intervals, a
//! control chart with its limits and signals, a funnel plot.

use std::fmt::Display;

use plotters::coord::Shift;
use plotters::coord::combinators::{BindKeyPoints, IntoLogRange};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::visible;

use crate::error::Error;
use crate::input::period::PeriodKey;
use crate::metric::Metric;
use crate::monitoring::control::{ControlChart, Direction};
use crate::monitoring::funnel::{Funnel, FunnelMethod, FunnelPosition};
use crate::reports::monitor::Series;
use crate::reports::row::ReportOptions;

/// Width and height of every chart, in SVG user units (pixels).
pub const CHART_SIZE: (u32, u32) = (760, 440);

/// Okabe and Ito's colours, told apart with any colour vision.
const COLOURS: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x00, 0x00),
];
const SIGNAL: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const GREY: RGBColor = RGBColor(0x70, 0x70, 0x70);

/// The most series one trend chart tells apart.
pub const MAX_TREND_SERIES: usize = COLOURS.len();

fn chart_error(e: impl Display) -> Error {
    Error::Chart {
        detail: e.to_string(),
    }
}

/// `+1.25`, `-0.5`: a signed value at the metric's precision.
fn signed(value: f64, metric: Metric) -> String {
    crate::print::signed(value, decimals(metric))
}

/// Decimals a metric's values are shown with, as in the report's table.
pub(crate) fn decimals(metric: Metric) -> usize {
    match metric {
        Metric::Ces => 2,
        Metric::ForceMajeureLevel => 3,
        _ => 1,
    }
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// The parameters a chart of `metric` states: its `k`, if it has one, and
/// the level of its intervals, if it draws any.
fn parameters(metric: Metric, options: &ReportOptions, intervals: bool) -> String {
    let mut parts = Vec::new();
    if matches!(metric, Metric::InkStaff | Metric::InkOffice | Metric::Iel) {
        parts.push(format!("k = {}", options.k_for(metric).get()));
    }
    if intervals {
        parts.push(format!("{} intervals", options.level));
    }
    parts.join(", ")
}

/// The font size asked of plotters for 12-pixel text: its SVG backend
/// writes a font at 1/1.24 of the size asked.
const TEXT: u32 = 15;

/// Characters of subtitle text that fit across a chart.
const LINE_CHARS: usize = 104;
/// Subtitle lines at most; the last one says what was left out.
const MAX_LINES: usize = 4;

/// Subtitle paragraphs broken into lines at spaces, at most [`MAX_LINES`].
fn wrapped(paragraphs: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in paragraphs {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > LINE_CHARS {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push_str(" … (all in the JSON)");
        }
    }
    lines
}

/// Draws a title and a subtitle at the top; returns the area below.
fn titled<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    title: &str,
    subtitle: &[String],
) -> Result<DrawingArea<SVGBackend<'a>, Shift>, Error> {
    let subtitle = wrapped(subtitle);
    root.fill(&WHITE).map_err(chart_error)?;
    let height = 32 + 18 * subtitle.len() as i32;
    let (top, body) = root.split_vertically(height);
    let title_style = ("sans-serif", 22).into_font().color(&BLACK);
    top.draw_text(&visible(title), &title_style, (12, 8))
        .map_err(chart_error)?;
    let note_style = ("sans-serif", TEXT).into_font().color(&GREY);
    for (i, line) in subtitle.iter().enumerate() {
        top.draw_text(&visible(line), &note_style, (12, 34 + 18 * i as i32))
            .map_err(chart_error)?;
    }
    Ok(body)
}

/// A line in the key below a chart.
struct Key {
    colour: RGBColor,
    mark: Mark,
    text: String,
}

/// How a key shows what it names.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Line,
    Dashed,
    Dot,
}

impl Key {
    fn new(colour: RGBColor, mark: Mark, text: impl Into<String>) -> Key {
        Key {
            colour,
            mark,
            text: text.into(),
        }
    }
}

/// Splits the body into the plot and a key below it, and draws the key
/// there (two columns when it is long), so that it never hides data.
fn with_key<'a>(
    body: DrawingArea<SVGBackend<'a>, Shift>,
    keys: &[Key],
) -> Result<DrawingArea<SVGBackend<'a>, Shift>, Error> {
    let columns = if keys.len() > 3 { 2 } else { 1 };
    let rows = keys.len().div_ceil(columns) as u32;
    let (width, height) = body.dim_in_pixel();
    let (plot, strip) = body.split_vertically(height.saturating_sub(rows * 18 + 6));
    let style = ("sans-serif", TEXT).into_font().color(&BLACK);
    let column_width = (width as i32 - 80) / columns as i32;
    for (i, key) in keys.iter().enumerate() {
        let x = 70 + (i % columns) as i32 * column_width;
        let y = 4 + (i / columns) as i32 * 18 + 7;
        let line = key.colour.stroke_width(2);
        match key.mark {
            Mark::Dashed => {
                for dash in 0..3 {
                    let x0 = x + dash * 8;
                    strip
                        .draw(&PathElement::new(vec![(x0, y), (x0 + 5, y)], line))
                        .map_err(chart_error)?;
                }
            }
            Mark::Line => strip
                .draw(&PathElement::new(vec![(x, y), (x + 21, y)], line))
                .map_err(chart_error)?,
            Mark::Dot => strip
                .draw(&Circle::new((x + 10, y), 4, key.colour.filled()))
                .map_err(chart_error)?,
        }
        strip
            .draw_text(&visible(&key.text), &style, (x + 28, y - 7))
            .map_err(chart_error)?;
    }
    Ok(plot)
}

/// The y range that shows every value given, padded, within the metric's
/// bounds where it has them.
pub(crate) fn y_range(values: impl IntoIterator<Item = f64>, metric: Metric) -> (f64, f64) {
    let (mut low, mut high) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    if low > high {
        (low, high) = (0.0, 1.0);
    }
    let pad = ((high - low) * 0.08).max(match metric {
        Metric::Ces => 0.05,
        Metric::ForceMajeureLevel => 0.005,
        _ => 0.5,
    });
    let (floor, ceiling) = metric.range();
    ((low - pad).max(floor), (high + pad).min(ceiling))
}

fn y_description(metric: Metric) -> String {
    format!("{metric}, {}", metric.unit())
}

/// A chart on `body` of values over periods: x is each period's place on
/// its time line from the first ([`PeriodKey::index`]), labelled with the
/// period, y the metric in its unit.
fn period_chart<'a, 'b>(
    body: &'a DrawingArea<SVGBackend<'b>, Shift>,
    periods: &[PeriodKey],
    (low, high): (f64, f64),
    metric: Metric,
) -> Result<PlotArea<'a, 'b>, Error> {
    let start = periods.iter().map(|p| p.index()).min().unwrap_or(0);
    let end = periods.iter().map(|p| p.index()).max().unwrap_or(0);
    let kind = periods.first().map_or("period", |p| p.period().name());
    let mut chart = ChartBuilder::on(body)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5..(end - start) as f64 + 0.5, low..high)
        .map_err(chart_error)?;
    let label_of = |x: &f64| {
        periods
            .iter()
            .find(|p| (p.index() - start) as f64 == x.round() && (x - x.round()).abs() < 1e-9)
            .map_or_else(String::new, |p| p.to_string())
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(0)
        .x_labels(((end - start) as usize + 1).min(13))
        .x_label_formatter(&label_of)
        .label_style(("sans-serif", TEXT))
        .axis_desc_style(("sans-serif", TEXT))
        .x_desc(kind)
        .y_desc(y_description(metric))
        .draw()
        .map_err(chart_error)?;
    Ok(chart)
}

/// A chart's plotting area, in the metric's units over period places or
/// numbers of answers.
type PlotArea<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Values joined by a line, each marked with a dot.
fn line_with_dots(
    chart: &mut PlotArea,
    points: &[(f64, f64)],
    colour: RGBColor,
) -> Result<(), Error> {
    chart
        .draw_series(LineSeries::new(points.to_vec(), colour.stroke_width(2)))
        .map_err(chart_error)?;
    chart
        .draw_series(
            points
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 4, colour.filled())),
        )
        .map_err(chart_error)?;
    Ok(())
}

/// A trend chart: each series' values over its periods with their
/// intervals as whiskers, its least-squares or Cochran-Armitage trend as a
/// dashed line, and flagged period-over-period changes ringed.
///
/// All series must be of one metric; at most [`MAX_TREND_SERIES`].
///
/// # Errors
///
/// [`Error::Chart`] for no series, too many, series of different metrics,
/// or a drawing failure.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight, Metric};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// let by = GroupBy { period: Some(Period::Month), office_days: false, ..GroupBy::default() };
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let report = Report::new(&table, None, options.clone())?;
/// let nps: Vec<_> = report.monitoring.series.iter().filter(|s| s.metric == Metric::Nps).collect();
/// let svg = cxmetrics::charts::trend_svg(&nps, &options)?;
/// assert!(svg.starts_with("<svg") && svg.contains("2026-06"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn trend_svg(series: &[&Series], options: &ReportOptions) -> Result<String, Error> {
    let Some(first) = series.first() else {
        return Err(chart_error("no series to draw"));
    };
    let metric = first.metric;
    if series.len() > MAX_TREND_SERIES {
        return Err(chart_error(format!(
            "{} series are too many to tell apart on one chart (at most {MAX_TREND_SERIES}); choose units",
            series.len()
        )));
    }
    if let Some(other) = series.iter().find(|s| s.metric != metric) {
        return Err(chart_error(format!(
            "series of {metric} and of {} on one chart",
            other.metric
        )));
    }
    let periods: Vec<_> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.period))
        .collect();
    let start = periods.iter().map(|p| p.index()).min().unwrap_or(0);
    let x_of = |index: i64| (index - start) as f64;
    let kind = periods.first().map_or("period", |p| p.period().name());

    let mut subtitle = vec![format!(
        "{}; whiskers: each value's interval; dashed: trend ({}); ringed: change flagged after {} correction",
        parameters(metric, options, true),
        crate::monitoring::trend::TrendMethod::for_metric(metric).name(),
        options.correction
    )];
    if let [only] = series {
        subtitle.push(trend_text(only, kind));
    }
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, CHART_SIZE).into_drawing_area();
        let body = titled(
            &root,
            &format!("{metric} by {kind}{}", by_units(series)),
            &subtitle,
        )?;
        let keys: Vec<Key> = series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let text = match (&s.trend, series.len()) {
                    (Some(t), n) if n > 1 => format!(
                        "{}: trend {} per {kind}, {}",
                        s.label(),
                        signed(t.slope(), metric),
                        p_text(t.p_value())
                    ),
                    _ => s.label(),
                };
                Key::new(COLOURS[i % COLOURS.len()], Mark::Line, text)
            })
            .collect();
        let body = with_key(body, &keys)?;
        let values = series.iter().flat_map(|s| {
            s.points
                .iter()
                .flat_map(|p| [p.cell.value, p.cell.ci_low, p.cell.ci_high])
                .flatten()
        });
        let mut chart = period_chart(&body, &periods, y_range(values, metric), metric)?;

        for (i, s) in series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            // Series side by side within a period, so whiskers do not hide
            // each other.
            let shift = if series.len() > 1 {
                (i as f64 - (series.len() - 1) as f64 / 2.0) * 0.3 / series.len() as f64
            } else {
                0.0
            };
            let at = |p: &crate::reports::monitor::SeriesPoint| x_of(p.period.index()) + shift;
            let drawn: Vec<(f64, f64)> = s
                .points
                .iter()
                .filter_map(|p| p.cell.value.map(|v| (at(p), v)))
                .collect();
            for p in &s.points {
                if let (Some(lo), Some(hi)) = (p.cell.ci_low, p.cell.ci_high) {
                    let x = at(p);
                    chart
                        .draw_series([
                            PathElement::new(vec![(x, lo), (x, hi)], colour.stroke_width(1)),
                            PathElement::new(vec![(x - 0.06, lo), (x + 0.06, lo)], colour),
                            PathElement::new(vec![(x - 0.06, hi), (x + 0.06, hi)], colour),
                        ])
                        .map_err(chart_error)?;
                }
            }
            line_with_dots(&mut chart, &drawn, colour)?;
            let flagged = s
                .points
                .iter()
                .filter(|p| p.change.is_some_and(|c| c.flagged))
                .filter_map(|p| p.cell.value.map(|v| (at(p), v)));
            chart
                .draw_series(flagged.map(|(x, y)| Circle::new((x, y), 9, SIGNAL.stroke_width(2))))
                .map_err(chart_error)?;
            if let (Some(trend), Some(control)) = (&s.trend, &s.control) {
                let line = fitted_line(trend.slope(), control, |p| x_of(p.index()) + shift);
                chart
                    .draw_series(DashedLineSeries::new(line, 7, 5, colour.stroke_width(1)))
                    .map_err(chart_error)?;
            }
        }
        root.present().map_err(chart_error)?;
    }
    Ok(text)
}

/// ` (Kazan-Central)` for one unit, ` and office` for several, nothing for
/// the series of all responses.
fn by_units(series: &[&Series]) -> String {
    match series {
        [only] if only.label() != "all responses" => format!(" · {}", only.label()),
        _ => String::new(),
    }
}

fn trend_text(series: &Series, kind: &str) -> String {
    match (&series.trend, &series.trend_note) {
        (Some(t), _) => format!(
            "trend {} per {kind} [{}, {}], {} ({}, {} periods, n = {})",
            signed(t.slope(), series.metric),
            signed(t.low(), series.metric),
            signed(t.high(), series.metric),
            p_text(t.p_value()),
            t.method().name(),
            t.periods(),
            t.n()
        ),
        (None, Some(note)) => format!("no trend: {note}"),
        (None, None) => "no trend".to_string(),
    }
}

/// The fitted line over the chart's periods: through the pooled value at
/// the answer-weighted mean period, with the trend's slope.
fn fitted_line(
    slope: f64,
    control: &ControlChart,
    x_of: impl Fn(&PeriodKey) -> f64,
) -> Vec<(f64, f64)> {
    let points = control.points();
    let n: f64 = points.iter().map(|p| p.n as f64).sum();
    let mean_index = points
        .iter()
        .map(|p| p.n as f64 * p.period.index() as f64)
        .sum::<f64>()
        / n;
    let at = |p: &crate::monitoring::control::ControlPoint| {
        (
            x_of(&p.period),
            control.centre() + slope * (p.period.index() as f64 - mean_index),
        )
    };
    match (points.first(), points.last()) {
        (Some(a), Some(b)) => vec![at(a), at(b)],
        _ => Vec::new(),
    }
}

/// A control chart of one series: values, the centre line, each period's
/// 3-sigma limits, and the periods that break a run rule marked and
/// listed.
///
/// # Errors
///
/// [`Error::Chart`] if the series has no control chart (no answers) or
/// drawing fails.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, GroupBy, Period, ReaderOptions, Report, ReportOptions, ResponseReader, SilentWeight, Metric};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// let by = GroupBy { period: Some(Period::Month), office_days: false, ..GroupBy::default() };
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, by)?;
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let report = Report::new(&table, None, options.clone())?;
/// let ink = report.monitoring.series.iter().find(|s| s.metric == Metric::InkStaff).unwrap();
/// let svg = cxmetrics::charts::control_svg(ink, &options)?;
/// assert!(svg.contains("control chart") && svg.contains("k = 0.5"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn control_svg(series: &Series, options: &ReportOptions) -> Result<String, Error> {
    let Some(control) = &series.control else {
        return Err(chart_error(format!(
            "{} of {} has no answers to chart",
            series.metric,
            series.label()
        )));
    };
    let metric = series.metric;
    let points = control.points();
    let start = points.first().map_or(0, |p| p.period.index());
    let end = points.last().map_or(0, |p| p.period.index());
    let x_of = |index: i64| (index - start) as f64;
    let kind = points
        .first()
        .map_or("period", |p| p.period.period().name());
    let signals: Vec<String> = control
        .signals()
        .iter()
        .map(|s| {
            let way = match s.direction {
                Direction::Up => "up",
                Direction::Down => "down",
            };
            format!("{} {} ({way})", s.period, s.rule.describe())
        })
        .collect();
    let subtitle = vec![
        format!(
            "centre {:.*} (all periods pooled); limits centre ± 3σ/√n with each period's n; {}",
            decimals(metric),
            control.centre(),
            parameters(metric, options, false)
        ),
        if signals.is_empty() {
            "no signals: no point beyond the limits, no run of 8 on one side, no 6 steadily moving"
                .to_string()
        } else {
            format!("signals: {}", signals.join("; "))
        },
    ];
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, CHART_SIZE).into_drawing_area();
        let title = format!("{metric} control chart by {kind}{}", by_units(&[series]));
        let body = titled(&root, &title, &subtitle)?;
        let body = with_key(
            body,
            &[
                Key::new(COLOURS[0], Mark::Line, series.label()),
                Key::new(GREY, Mark::Line, "centre line"),
                Key::new(GREY, Mark::Dashed, "3σ control limits"),
                Key::new(SIGNAL, Mark::Dot, "signal (a run rule broken)"),
            ],
        )?;
        let values = points
            .iter()
            .flat_map(|p| [p.value, p.lower, p.upper])
            .chain([control.centre()]);
        let periods: Vec<PeriodKey> = points.iter().map(|p| p.period).collect();
        let mut chart = period_chart(&body, &periods, y_range(values, metric), metric)?;
        let colour = COLOURS[0];
        chart
            .draw_series(LineSeries::new(
                [
                    (-0.5, control.centre()),
                    (x_of(end) + 0.5, control.centre()),
                ],
                GREY.stroke_width(1),
            ))
            .map_err(chart_error)?;
        // Limits as steps: each period's own, half a period either side.
        for limit in [true, false] {
            let mut steps = Vec::new();
            for p in points {
                let x = x_of(p.period.index());
                let y = if limit { p.upper } else { p.lower };
                steps.extend([(x - 0.5, y), (x + 0.5, y)]);
            }
            chart
                .draw_series(DashedLineSeries::new(steps, 6, 4, GREY.stroke_width(1)))
                .map_err(chart_error)?;
        }
        let drawn: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (x_of(p.period.index()), p.value))
            .collect();
        line_with_dots(&mut chart, &drawn, colour)?;
        let signalled = points
            .iter()
            .filter(|p| control.signals().iter().any(|s| s.period == p.period))
            .map(|p| (x_of(p.period.index()), p.value));
        chart
            .draw_series(signalled.map(|(x, y)| Circle::new((x, y), 6, SIGNAL.filled())))
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(text)
}

/// A change in time: each period's value, and the two lines of a
/// segmented regression fitted before and after the change (SPEC: "A
/// change in time"), with the level and slope change and their intervals
/// in the subtitle. `periods` and `values` are the fitted series, in
/// order; `fit.fitted` holds a fitted value for each.
///
/// # Errors
///
/// [`Error::Chart`] if the drawing backend fails, or the series and the
/// fit do not match.
///
/// # Example
///
/// ```
/// use cxmetrics::charts::change_svg;
/// use cxmetrics::{ConfidenceLevel, Period, ReportOptions, SegmentedRegression, SilentWeight, Metric};
/// let weeks: Vec<_> = (0..20).map(|i| Period::Week.key(cxmetrics::jiff::civil::date(2026, 1, 5).checked_add(cxmetrics::jiff::Span::new().weeks(i)).unwrap())).collect();
/// let values: Vec<f64> = (0..20).map(|t| if t < 10 { 40.0 + t as f64 } else { 50.0 + t as f64 }).collect();
/// let fit = SegmentedRegression::fit(&values, 10, ConfidenceLevel::P95)?;
/// let options = ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95);
/// let svg = change_svg(Metric::Nps, &weeks, &values, &fit, &options)?;
/// assert!(svg.starts_with("<svg") && svg.contains("level change +10.0"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn change_svg(
    metric: Metric,
    periods: &[PeriodKey],
    values: &[f64],
    fit: &crate::SegmentedRegression,
    options: &ReportOptions,
) -> Result<String, Error> {
    if periods.len() != values.len() || fit.fitted.len() != values.len() {
        return Err(chart_error(
            "the periods, values and fitted values differ in number",
        ));
    }
    let start = periods.iter().map(|p| p.index()).min().unwrap_or(0);
    let x_of = |p: &PeriodKey| (p.index() - start) as f64;
    let kind = periods.first().map_or("period", |p| p.period().name());
    let places = decimals(metric);
    let coefficient = |c: &crate::Coefficient, what: &str| {
        format!(
            "{what} {} [{:.*}, {:.*}], p {}",
            signed(c.estimate, metric),
            places,
            c.ci_low,
            places,
            c.ci_high,
            crate::print::p_value(c.p_value)
        )
    };
    let subtitle = vec![
        format!(
            "{}; {} per {kind}; Newey-West errors (lag {}), {} % intervals; {}",
            coefficient(&fit.level_change, "level change"),
            coefficient(&fit.slope_change, "slope change"),
            fit.lag,
            fit.level * 100.0,
            parameters(metric, options, false)
        ),
        format!(
            "{} {kind}s before the change, {} from it on; each line fitted to its side",
            fit.periods_before, fit.periods_after
        ),
    ];
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, CHART_SIZE).into_drawing_area();
        let title = format!("{metric} by {kind}: before and after the change");
        let body = titled(&root, &title, &subtitle)?;
        let body = with_key(
            body,
            &[
                Key::new(COLOURS[0], Mark::Dot, "each period's value"),
                Key::new(GREY, Mark::Line, "the line fitted before"),
                Key::new(SIGNAL, Mark::Line, "the line fitted from the change on"),
            ],
        )?;
        let range = y_range(values.iter().chain(&fit.fitted).copied(), metric);
        let mut chart = period_chart(&body, periods, range, metric)?;
        let points: Vec<(f64, f64)> = periods
            .iter()
            .map(x_of)
            .zip(values.iter().copied())
            .collect();
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 3, COLOURS[0].filled())),
            )
            .map_err(chart_error)?;
        let fitted: Vec<(f64, f64)> = periods
            .iter()
            .map(x_of)
            .zip(fit.fitted.iter().copied())
            .collect();
        let (before, after) = fitted.split_at(fit.periods_before.min(fitted.len()));
        for (side, colour) in [(before, GREY), (after, SIGNAL)] {
            chart
                .draw_series(LineSeries::new(side.to_vec(), colour.stroke_width(2)))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(text)
}

/// A funnel plot: each unit's value against its answers, the pooled
/// target, and the 95 % and 99.8 % limits as curves, on a logarithmic
/// axis of answers; units outside the 95 % limits are coloured and named,
/// those outside the 99.8 % limits first, and a name that would overlap
/// another is left out (the chart says how many).
///
/// # Errors
///
/// [`Error::Chart`] if drawing fails.
///
/// # Example
///
/// ```
/// use cxmetrics::{ConfidenceLevel, Funnel, ReportOptions, Scored, SilentWeight, Metric};
/// let ink = |bad, n| Scored::new(Metric::InkStaff, vec![(100.0, bad), (0.0, n - bad)]);
/// let funnel = Funnel::new(vec![("a".to_string(), ink(2, 10)?), ("b".to_string(), ink(60, 300)?), ("c".to_string(), ink(202, 2690)?)])?;
/// let options = ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95);
/// let svg = cxmetrics::charts::funnel_svg(&funnel, |k| k.clone(), "staff", &options)?;
/// assert!(svg.contains("99.8 %"));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn funnel_svg<K>(
    funnel: &Funnel<K>,
    label: impl Fn(&K) -> String,
    unit_name: &str,
    options: &ReportOptions,
) -> Result<String, Error> {
    let metric = funnel.metric();
    let units = funnel.units();
    let max_n = units.iter().map(|u| u.n).max().unwrap_or(1).max(1);
    let min_n = units.iter().map(|u| u.n).min().unwrap_or(1).max(1);
    // The curves from half the smallest unit's answers to past the largest.
    let from = (min_n / 2).max(1);
    let to = max_n + max_n / 20 + 1;
    let mut ns: Vec<u64> = (0..=160)
        .map(|i| {
            let f = i as f64 / 160.0;
            ((from as f64).ln() * (1.0 - f) + (to as f64).ln() * f)
                .exp()
                .round() as u64
        })
        .collect();
    ns.dedup();
    let limits: Vec<_> = ns.iter().map(|&n| funnel.limits_at(n)).collect();
    let spread = funnel.overdispersion();
    let method = match funnel.method() {
        _ if spread.applied => format!(
            "normal limits widened by the spread between units beyond chance, τ² = {:.1} (φ = {:.2}; Spiegelhalter 2005, 6.2)",
            spread.tau2, spread.phi
        ),
        FunnelMethod::Binomial => {
            "exact binomial limits, interpolated (Spiegelhalter 2005)".to_string()
        }
        FunnelMethod::Normal => {
            "normal limits from the pooled variance (Spiegelhalter 2005)".to_string()
        }
    };
    let outside = units
        .iter()
        .filter(|u| u.position != FunnelPosition::Inside)
        .count();
    let subtitle = vec![
        format!(
            "target {:.*} (all answers pooled); {method}; {}",
            decimals(metric),
            funnel.target(),
            parameters(metric, options, false)
        ),
        format!(
            "{} units; {outside} outside the 95 % limits (named, those outside 99.8 % first); a unit inside is not distinguishable from the target",
            units.len()
        ),
    ];
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, CHART_SIZE).into_drawing_area();
        let body = titled(
            &root,
            &format!("{metric} by {unit_name}: funnel plot"),
            &subtitle,
        )?;
        let body = with_key(
            body,
            &[
                Key::new(BLACK, Mark::Line, "target (pooled value)"),
                Key::new(GREY, Mark::Dashed, "95 % limits"),
                Key::new(GREY, Mark::Line, "99.8 % limits"),
                Key::new(COLOURS[0], Mark::Dot, "inside the 95 % limits"),
                Key::new(COLOURS[1], Mark::Dot, "outside 95 %, inside 99.8 %"),
                Key::new(SIGNAL, Mark::Dot, "outside the 99.8 % limits"),
            ],
        )?;
        // The y range shows the units and the limits from the median
        // unit's n on; the widest limits at the smallest n are clipped.
        let mut sorted: Vec<u64> = units.iter().map(|u| u.n).collect();
        sorted.sort_unstable();
        let median_n = sorted.get(sorted.len() / 2).copied().unwrap_or(1);
        let at_median = funnel.limits_at(median_n.max(1));
        let values = units.iter().map(|u| u.value).chain([
            at_median.outer_low,
            at_median.outer_high,
            funnel.target(),
        ]);
        let (low, high) = y_range(values, metric);
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(
                (from as f64..to as f64)
                    .log_scale()
                    .with_key_points(log_ticks(from as f64, to as f64)),
                low..high,
            )
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .label_style(("sans-serif", TEXT))
            .axis_desc_style(("sans-serif", TEXT))
            .x_label_formatter(&|n| format!("{n:.0}"))
            .x_desc("answers (n)")
            .y_desc(y_description(metric))
            .draw()
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(
                [(from as f64, funnel.target()), (to as f64, funnel.target())],
                BLACK.stroke_width(1),
            ))
            .map_err(chart_error)?;
        for outer in [false, true] {
            for high_side in [false, true] {
                let curve: Vec<(f64, f64)> = ns
                    .iter()
                    .zip(&limits)
                    .map(|(&n, l)| {
                        let y = match (outer, high_side) {
                            (false, false) => l.inner_low,
                            (false, true) => l.inner_high,
                            (true, false) => l.outer_low,
                            (true, true) => l.outer_high,
                        };
                        (n as f64, y)
                    })
                    .collect();
                let curve = clipped(&curve, low, high);
                if outer {
                    chart.draw_series(LineSeries::new(curve, GREY.stroke_width(1)))
                } else {
                    chart.draw_series(DashedLineSeries::new(curve, 6, 4, GREY.stroke_width(1)))
                }
                .map_err(chart_error)?;
            }
        }
        let colour_of = |position: FunnelPosition| match position {
            FunnelPosition::Inside => COLOURS[0],
            FunnelPosition::Above95 | FunnelPosition::Below95 => COLOURS[1],
            FunnelPosition::Above998 | FunnelPosition::Below998 => SIGNAL,
        };
        chart
            .draw_series(
                units
                    .iter()
                    .map(|u| Circle::new((u.n as f64, u.value), 4, colour_of(u.position).filled())),
            )
            .map_err(chart_error)?;
        // Names of the units outside the limits, those outside 99.8 % first;
        // a name that would overlap one already placed (or leave the
        // plot) is tried on the other side, then left out and counted.
        let name_style = ("sans-serif", TEXT).into_font().color(&BLACK);
        let mut named: Vec<_> = units
            .iter()
            .filter(|u| u.position != FunnelPosition::Inside)
            .collect();
        named.sort_by_key(|u| {
            matches!(
                u.position,
                FunnelPosition::Above95 | FunnelPosition::Below95
            )
        });
        let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
        // Every unit's dot is taken already: a name never covers a point.
        let mut placed: Vec<(i32, i32, i32, i32)> = units
            .iter()
            .map(|u| {
                let (x, y) = chart.backend_coord(&(u.n as f64, u.value));
                (x - 4, y - 4, x + 4, y + 4)
            })
            .collect();
        let mut texts = Vec::new();
        let mut left_out = 0usize;
        for u in named {
            let text = visible(&label(&u.key)).into_owned();
            let (px, py) = chart.backend_coord(&(u.n as f64, u.value));
            // About 7 pixels a character at 12 pixels, 15 high.
            let width = 7 * text.chars().count() as i32 + 4;
            let height = 15;
            let tries = [
                (6, -height - 2, true),
                (-6, -height - 2, false),
                (6, 3, true),
                (-6, 3, false),
            ];
            let fits = tries.iter().find_map(|&(dx, dy, anchor)| {
                let x0 = if anchor { px + dx } else { px + dx - width };
                let rect = (x0, py + dy, x0 + width, py + dy + height);
                let inside = rect.0 >= plot_x.start
                    && rect.2 <= plot_x.end
                    && rect.1 >= plot_y.start
                    && rect.3 <= plot_y.end;
                let clear = placed
                    .iter()
                    .all(|p| rect.2 <= p.0 || p.2 <= rect.0 || rect.3 <= p.1 || p.3 <= rect.1);
                (inside && clear).then_some((rect, dx, dy, anchor))
            });
            match fits {
                Some((rect, dx, dy, anchor)) => {
                    placed.push(rect);
                    texts.push((u.n as f64, u.value, text, dx, dy, anchor));
                }
                None => left_out += 1,
            }
        }
        chart
            .draw_series(texts.into_iter().map(|(x, y, text, dx, dy, anchor)| {
                EmptyElement::at((x, y))
                    + Text::new(
                        text,
                        (dx, dy),
                        name_style.pos(Pos::new(
                            if anchor { HPos::Left } else { HPos::Right },
                            VPos::Top,
                        )),
                    )
            }))
            .map_err(chart_error)?;
        if left_out > 0 {
            let note = ("sans-serif", TEXT).into_font().color(&GREY);
            root.draw_text(
                &format!(
                    "{left_out} name{} left out where {} would overlap",
                    if left_out == 1 { "" } else { "s" },
                    if left_out == 1 { "it" } else { "they" }
                ),
                &note.pos(Pos::new(HPos::Right, VPos::Top)),
                (CHART_SIZE.0 as i32 - 12, 12),
            )
            .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(text)
}

/// Round numbers of answers to mark on a logarithmic axis from `from` to
/// `to`: 1, 2 and 5 (and 3 and 7 on a short axis) times powers of ten,
/// at least two and at most about eight.
fn log_ticks(from: f64, to: f64) -> Vec<f64> {
    let mut sets: [&[f64]; 3] = [&[1.0, 1.5, 2.0, 3.0, 5.0, 7.0], &[1.0, 2.0, 5.0], &[1.0]];
    let within = |multiples: &[f64]| {
        let mut out = Vec::new();
        let mut power = 10f64.powf(from.max(1.0).log10().floor());
        while power <= to {
            out.extend(
                multiples
                    .iter()
                    .map(|m| m * power)
                    .filter(|v| (from..=to).contains(v)),
            );
            power *= 10.0;
        }
        out
    };
    let mut chosen = within(sets[0]);
    for set in &mut sets[1..] {
        if chosen.len() <= 8 {
            break;
        }
        chosen = within(set);
    }
    if chosen.len() < 2 {
        chosen = vec![from, to];
    }
    chosen
}

/// The part of a curve inside `low..=high` in y, ending where it crosses
/// an edge rather than running along it.
fn clipped(curve: &[(f64, f64)], low: f64, high: f64) -> Vec<(f64, f64)> {
    let inside = |y: f64| (low..=high).contains(&y);
    let crossing = |(x0, y0): (f64, f64), (x1, y1): (f64, f64), edge: f64| {
        (x0 + (x1 - x0) * (edge - y0) / (y1 - y0), edge)
    };
    let edge_between = |a: f64, b: f64| if a.max(b) > high { high } else { low };
    let mut out = Vec::new();
    for (i, &point) in curve.iter().enumerate() {
        if inside(point.1) {
            if let Some(&previous) = i.checked_sub(1).and_then(|j| curve.get(j))
                && !inside(previous.1)
            {
                out.push(crossing(previous, point, edge_between(previous.1, point.1)));
            }
            out.push(point);
        } else if let Some(&previous) = i.checked_sub(1).and_then(|j| curve.get(j))
            && inside(previous.1)
        {
            out.push(crossing(previous, point, edge_between(previous.1, point.1)));
        }
    }
    out
}

/// The document without its XML namespace declaration, which an SVG
/// inside HTML does not need: nothing in it then names an address.
pub(crate) fn inline(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// The axes a metric's trend panels share: the periods' places on their
/// time line and the metric's range.
pub(crate) struct PanelAxes {
    /// First period's place ([`PeriodKey::index`]).
    pub(crate) start: i64,
    /// Last period's place.
    pub(crate) end: i64,
    /// Bottom of the value axis.
    pub(crate) low: f64,
    /// Top of the value axis.
    pub(crate) high: f64,
    /// The first period, as a label.
    pub(crate) first: String,
    /// The last period, as a label.
    pub(crate) last: String,
}

/// Size of a trend panel, in pixels.
const PANEL: (f64, f64) = (300.0, 150.0);

/// Hex of a colour, for hand-written SVG.
fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// About `count` round tick values from `low` to `high`: steps of 1, 2 or
/// 5 times a power of ten.
fn ticks(low: f64, high: f64, count: usize) -> (Vec<f64>, usize) {
    let span = high - low;
    if span.is_nan() || span <= 0.0 || !span.is_finite() {
        return (vec![low], 1);
    }
    let rough = span / count.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&st| st >= rough)
        .unwrap_or(10.0 * power);
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let mut out = Vec::new();
    let mut t = (low / step).ceil() * step;
    while t <= high + step * 1e-9 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    (out, decimals)
}

/// One unit's panel of a metric over the periods, on shared axes, as an
/// SVG element for an HTML page: each period's value with its interval as
/// a whisker, the control chart's centre as a grey line, the trend dashed
/// (orange when flagged), control signals as filled orange dots, flagged
/// changes ringed. Text is 12 pixels; the unit's name is the caption the
/// page gives it.
pub(crate) fn trend_panel(series: &Series, axes: &PanelAxes) -> Result<String, Error> {
    use std::fmt::Write as _;
    let (width, height) = PANEL;
    let (left, right, top, bottom) = (46.0, width - 10.0, 8.0, height - 22.0);
    let places = (axes.end - axes.start + 1).max(1) as f64;
    let x_of = |index: i64| {
        left + (index - axes.start) as f64 * (right - left) / places + (right - left) / places / 2.0
    };
    let span = axes.high - axes.low;
    let y_of = |v: f64| {
        let f = if span > 0.0 {
            (v - axes.low) / span
        } else {
            0.5
        };
        bottom - f.clamp(0.0, 1.0) * (bottom - top)
    };
    let colour = hex(COLOURS[0]);
    let signal = hex(SIGNAL);
    let grey = hex(GREY);
    let mut svg = String::new();
    let w = |svg: &mut String, text: std::fmt::Arguments| {
        let _ = svg.write_fmt(text);
    };
    w(
        &mut svg,
        format_args!(
            "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
             aria-label=\"{} over {}s\" font-size=\"12\">",
            series.metric,
            series
                .points
                .first()
                .map_or("period", |p| p.period.period().name())
        ),
    );
    // Value axis: round ticks with light lines.
    let (marks, d) = ticks(axes.low, axes.high, 3);
    for t in marks {
        let y = y_of(t);
        w(
            &mut svg,
            format_args!(
                "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e4e4e4\" />\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{t:.d$}</text>",
                left - 4.0,
                y + 4.0
            ),
        );
    }
    w(
        &mut svg,
        format_args!(
            "<line x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{bottom}\" stroke=\"#999\" />\
             <line x1=\"{left}\" x2=\"{right}\" y1=\"{bottom}\" y2=\"{bottom}\" stroke=\"#999\" />\
             <text x=\"{left}\" y=\"{:.1}\" fill=\"#333\">{}</text>\
             <text x=\"{right}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            height - 6.0,
            super::html::escape(&axes.first),
            height - 6.0,
            super::html::escape(&axes.last)
        ),
    );
    if let Some(control) = &series.control {
        let y = y_of(control.centre());
        w(
            &mut svg,
            format_args!(
                "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{grey}\" stroke-width=\"1\" />"
            ),
        );
    }
    // Whiskers, then the line and dots over them.
    let mut line = Vec::new();
    for p in &series.points {
        let x = x_of(p.period.index());
        if let (Some(lo), Some(hi)) = (p.cell.ci_low, p.cell.ci_high) {
            w(
                &mut svg,
                format_args!(
                    "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-opacity=\"0.5\" stroke-width=\"2\" />",
                    y_of(lo),
                    y_of(hi)
                ),
            );
        }
        if let Some(v) = p.cell.value {
            line.push(format!("{x:.1},{:.1}", y_of(v)));
        }
    }
    if let (Some(trend), Some(control)) = (&series.trend, &series.control) {
        let ends = fitted_line(trend.slope(), control, |p| x_of(p.index()));
        if let [(x0, y0), (x1, y1)] = ends[..] {
            let stroke = if series.trend_flagged { &signal } else { &grey };
            w(
                &mut svg,
                format_args!(
                    "<line x1=\"{x0:.1}\" x2=\"{x1:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{stroke}\" stroke-width=\"2\" stroke-dasharray=\"6 4\" />",
                    y_of(y0),
                    y_of(y1)
                ),
            );
        }
    }
    w(
        &mut svg,
        format_args!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" />",
            line.join(" ")
        ),
    );
    let signalled = |period: PeriodKey| {
        series
            .control
            .as_ref()
            .is_some_and(|c| c.signals().iter().any(|s| s.period == period))
    };
    for p in &series.points {
        let Some(v) = p.cell.value else { continue };
        let (x, y) = (x_of(p.period.index()), y_of(v));
        let fill = if signalled(p.period) {
            &signal
        } else {
            &colour
        };
        // A partial period (cut by the data's first or last date) is
        // hollow: its value covers only part of it, and the trend leaves
        // it out.
        if p.partial {
            w(
                &mut svg,
                format_args!(
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#fff\" stroke=\"{fill}\" stroke-width=\"2\"><title>{} (partial)</title></circle>",
                    p.period
                ),
            );
        } else {
            w(
                &mut svg,
                format_args!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{fill}\" />"),
            );
        }
        if p.change.is_some_and(|c| c.flagged) {
            w(
                &mut svg,
                format_args!(
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\" fill=\"none\" stroke=\"{signal}\" stroke-width=\"2\" />"
                ),
            );
        }
    }
    svg.push_str("</svg>");
    Ok(svg)
}
