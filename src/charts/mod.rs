//! Pictures of the monitoring facts (feature `plotters`): trend, control
//! and funnel charts as SVG, and the whole report as one self-contained
//! HTML page.
//!
//! Charts are drawn with plotters' SVG backend alone: no system fonts or
//! native libraries are read, so they draw the same on any machine, and
//! their text is set by the viewer in its own sans-serif.

mod html;
mod svg;

pub use html::{MAX_TREND_CHARTS, html_report};
pub use svg::{CHART_SIZE, MAX_TREND_SERIES, control_svg, funnel_svg, trend_svg};
