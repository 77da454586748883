//! Before and after, paired, as one self-contained HTML page: what changed
//! first, then who moved where between detractor, passive and promoter,
//! then every test.

use std::fmt::Write as _;

use crate::input::rejections::RowCounts;
use crate::reports::before_after::BeforeAfter;
use crate::statistics::paired::PairedChange;

use super::html::escape;
use super::page;

/// The table of moves: the diagonal (no move) grey, a move up green, a
/// move down orange.
const MOVES_STYLE: &str = "table.moves td.same{background:#f3f3f3}table.moves td.up{background:#e3f4ec}\
     table.moves td.down{background:#fde9dc}.up-word{color:#00664a;font-weight:700}\
     .down-word{color:#b34700;font-weight:700}.flat-word{color:#555;font-weight:700}";

/// The paired view as one HTML page, fetching nothing; `source` is the
/// file's name, escaped.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, ConfidenceLevel, NpsScore, Pairing, Phase, RowCounts, SurveyScales};
/// let nps = |score| Answers { nps: NpsScore::new(score).ok(), ..Answers::default() };
/// let mut pairing = Pairing::new(SurveyScales::default());
/// for (i, customer) in ["a", "b", "c", "d"].into_iter().enumerate() {
///     pairing.push(Some(customer), Some(Phase::Before), (None, 2 * i as u64), nps(3));
///     pairing.push(Some(customer), Some(Phase::After), (None, 2 * i as u64 + 1), nps(10));
/// }
/// let view = pairing.finish(ConfidenceLevel::P95);
/// let page = cxmetrics::charts::paired_html(&view, "survey.csv", RowCounts { read: 8, used: 8, rejected: 0 });
/// assert!(page.find("id=\"changes\"").unwrap() < page.find("id=\"moves\"").unwrap());
/// assert!(page.contains("<td class=\"num up\">4</td>")); // four detractors became promoters
/// ```
pub fn paired_html(view: &BeforeAfter, source: &str, rows: RowCounts) -> String {
    let c = &view.counts;
    let level = (view.level * 100.0).round();
    let mut out = page::start(
        &format!("Before and after: {source}"),
        "Did scores rise after contact?",
        &format!(
            "{} · {} rows read, {} used, {} rejected · {} customers: {} pairs (each customer's last answer \
             before and first after), {} before only and {} after only, in no test · {} answers without a \
             customer, {} neither before nor after · every change is after − before · {level} % intervals",
            escape(source),
            rows.read,
            rows.used,
            rows.rejected,
            c.customers,
            c.pairs,
            c.only_before,
            c.only_after,
            c.without_customer,
            c.without_phase
        ),
        MOVES_STYLE,
    );

    out.push_str("<section id=\"changes\" class=\"attention\"><h2>What changed</h2><ul>");
    let mut any = false;
    if let Some(n) = &view.nps {
        any = true;
        let _ = write!(
            out,
            "<li>NPS: {}; from {} to {} ({} pairs).</li>",
            moved(&n.change, "points"),
            crate::print::fixed(n.before, 1),
            crate::print::fixed(n.after, 1),
            n.change.pairs
        );
    }
    if let Some(s) = &view.csat_top_box {
        any = true;
        let _ = write!(
            out,
            "<li>CSAT top box: {} ({} pairs).</li>",
            moved(&s.change, "points"),
            s.change.pairs
        );
    }
    for (name, means) in [("CSAT mean", &view.csat_mean), ("CES", &view.ces)] {
        let Some(m) = means else { continue };
        any = true;
        match (&m.t_test, &m.t_test_note) {
            (Some(t), _) => {
                let _ = write!(
                    out,
                    "<li>{name}: {} ({} pairs).</li>",
                    moved(t, "scale points"),
                    t.pairs
                );
            }
            (None, note) => {
                let _ = write!(
                    out,
                    "<li>{name}: {}.</li>",
                    escape(note.as_deref().unwrap_or("no test"))
                );
            }
        }
    }
    if !any {
        out.push_str("<li>No customer answered both before and after: nothing to compare.</li>");
    }
    let _ = write!(
        out,
        "</ul><p class=\"sub\">A change counts when its test's p is below {}: the paired tests of SPEC \
         (Tango and McNemar for the top box, the change of the −1/0/+1 code for NPS, the paired t test for \
         means). The same customers are compared, so who stopped answering does not move the result; who \
         answered only once is left out.</p></section>",
        crate::print::fixed(1.0 - view.level, 2)
    );

    if let Some(n) = &view.nps {
        let names = ["detractor", "passive", "promoter"];
        out.push_str(
            "<section id=\"moves\"><h2>Who moved where (NPS)</h2><p class=\"sub\">Customers by their group \
             before (rows) and after (columns): green moved up, orange moved down.</p><div class=\"scroll\">\
             <table class=\"plain moves\"><thead><tr><th>before \\ after</th>",
        );
        for name in names {
            let _ = write!(out, "<th>{name}</th>");
        }
        out.push_str("<th>all</th></tr></thead><tbody>");
        for (i, row) in n.table.iter().enumerate() {
            let _ = write!(out, "<tr><th>{}</th>", names[i]);
            for (j, count) in row.iter().enumerate() {
                let class = match j.cmp(&i) {
                    std::cmp::Ordering::Equal => "same",
                    std::cmp::Ordering::Greater => "up",
                    std::cmp::Ordering::Less => "down",
                };
                let _ = write!(out, "<td class=\"num {class}\">{count}</td>");
            }
            let _ = write!(
                out,
                "<td class=\"num\">{}</td></tr>",
                row.iter().sum::<u64>()
            );
        }
        out.push_str("</tbody></table></div>");
        let _ = write!(
            out,
            "<p>Did the mix of the three groups move? Stuart-Maxwell χ² {} on {} df, p {}: {}.</p></section>",
            crate::print::fixed(n.mix.chi_square, 2),
            n.mix.degrees_of_freedom,
            p_text(n.mix.p_value),
            if n.mix.p_value < 1.0 - view.level {
                "the mix moved"
            } else {
                "no move of the mix distinguishable from chance"
            }
        );
    }

    out.push_str(
        "<section id=\"tests\"><h2>Every test</h2><div class=\"scroll\"><table class=\"plain\"><thead><tr>\
         <th>metric</th><th>pairs</th><th>change [interval]</th><th>test</th><th>p</th><th>beside it</th>\
         </tr></thead><tbody>",
    );
    if let Some(s) = &view.csat_top_box {
        test_row(
            &mut out,
            "CSAT top box",
            &s.change,
            "points (Tango)",
            "McNemar χ²",
            s.change.exact_p_value.map_or_else(String::new, |p| {
                format!("exact McNemar p {}", crate::print::p_value(p))
            }),
        );
    }
    if let Some(n) = &view.nps {
        test_row(
            &mut out,
            "NPS",
            &n.change,
            "points (Wald)",
            "z",
            format!("Stuart-Maxwell p {}", crate::print::p_value(n.mix.p_value)),
        );
    }
    for (name, means) in [("CSAT mean", &view.csat_mean), ("CES", &view.ces)] {
        let Some(m) = means else { continue };
        let w = &m.signed_rank;
        let beside = format!(
            "Wilcoxon signed-rank on {} non-zero: W+ {}, W− {}, p {}",
            w.nonzero,
            crate::print::fixed(w.w_plus, 1),
            crate::print::fixed(w.w_minus, 1),
            crate::print::p_value(w.p_value)
        );
        match &m.t_test {
            Some(t) => test_row(&mut out, name, t, "scale points (paired t)", "t", beside),
            None => {
                let _ = write!(
                    out,
                    "<tr><td>{name}</td><td></td><td>{}</td><td></td><td></td><td>{}</td></tr>",
                    escape(m.t_test_note.as_deref().unwrap_or("-")),
                    escape(&beside)
                );
            }
        }
    }
    out.push_str("</tbody></table></div></section>");
    page::end(out)
}

/// `rose by 18.8 points [10.1, 27.4], p < 0.0001` in words and colour.
fn moved(change: &PairedChange, unit: &str) -> String {
    let (word, class) = if !change.is_significant() {
        ("no change distinguishable from chance:", "flat-word")
    } else if change.change > 0.0 {
        ("rose", "up-word")
    } else {
        ("fell", "down-word")
    };
    format!(
        "<span class=\"{class}\">{word}</span> {} {unit} [{}, {}], p {}",
        crate::print::signed(change.change, 2),
        crate::print::signed(change.ci_low, 2),
        crate::print::signed(change.ci_high, 2),
        p_text(change.p_value)
    )
}

/// A p-value as the page writes it, `<` escaped.
fn p_text(p: f64) -> String {
    escape(&crate::print::p_value(p))
}

fn test_row(
    out: &mut String,
    name: &str,
    change: &PairedChange,
    unit: &str,
    statistic: &str,
    beside: String,
) {
    let _ = write!(
        out,
        "<tr><td>{name}</td><td class=\"num\">{}</td><td class=\"num\">{} [{}, {}] {unit}</td>\
         <td>{statistic} {}</td><td class=\"num\">{}</td><td>{}</td></tr>",
        change.pairs,
        crate::print::signed(change.change, 2),
        crate::print::signed(change.ci_low, 2),
        crate::print::signed(change.ci_high, 2),
        crate::print::fixed(change.statistic, 2),
        p_text(change.p_value),
        escape(&beside)
    );
}
