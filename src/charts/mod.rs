//! Pictures of the monitoring facts (feature `plotters`): trend, control
//! and funnel charts as SVG, and the whole report as one self-contained
//! HTML page.
//!
//! Charts are drawn with plotters' SVG backend alone: no system fonts or
//! native libraries are read, so they draw the same on any machine, and
//! their text is set by the viewer in its own sans-serif.

mod before_after;
mod change;
mod html;
mod page;
mod reasons;
mod recovery;
mod segments;
mod svg;
mod tickets;

use std::borrow::Cow;

/// Whether `c` would act on the page instead of showing: a control
/// character, or a bidirectional override or isolate that reorders the
/// text around it (U+202A-U+202E, U+2066-U+2069).
fn acts_on_text(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that would act on the page (see
/// [`acts_on_text`]) written as a visible escape such as `\u{1b}`: a key
/// from the data is shown, never obeyed, and the SVG stays valid XML (which
/// admits no control characters but tab and line breaks, and those would
/// break a label).
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_text(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

pub use before_after::paired_html;
pub use change::change_html;
pub use html::{MAX_TREND_CHARTS, html_report};
pub use reasons::{pareto_svg, reasons_html};
pub use recovery::recovery_html;
pub use segments::segments_html;
pub use svg::{CHART_SIZE, MAX_TREND_SERIES, change_svg, control_svg, funnel_svg, trend_svg};
pub use tickets::tickets_html;
