//! Many comparisons at once: p-values adjusted so that a report of dozens
//! of period-over-period changes does not flag noise by sheer number.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A multiple-comparison correction of p-values.
///
/// # Example
///
/// ```
/// use cxmetrics::Correction;
/// let close = |a: Vec<f64>, b: [f64; 4]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-15);
/// let p = [0.01, 0.04, 0.03, 0.005];
/// // Holm: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1, never decreasing.
/// assert!(close(Correction::Holm.adjust(&p), [0.03, 0.06, 0.06, 0.02]));
/// // Benjamini-Hochberg: times 4/1, 4/2, 4/3, 4/4, never increasing from the top.
/// assert!(close(Correction::BenjaminiHochberg.adjust(&p), [0.02, 0.04, 0.04, 0.02]));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    /// Holm's step-down method (1979): controls the chance of any false
    /// flag (the family-wise error rate) at the level, for any dependence
    /// between the tests. The default: a flag is a claim about this unit.
    #[default]
    Holm,
    /// Benjamini and Hochberg's step-up method (1995): controls the
    /// expected share of false flags among the flags (the false discovery
    /// rate), for independent or positively dependent tests; flags more.
    BenjaminiHochberg,
    /// No correction: each comparison at the level on its own.
    None,
}

impl Correction {
    /// The adjusted p-values, in the order given; each is compared with
    /// `1 - level` as a plain p-value would be. Adjusted values are never
    /// below the raw ones (so a flagged change's interval always leaves 0
    /// out) and never above 1.
    ///
    /// # Example
    ///
    /// ```
    /// let adjusted = cxmetrics::Correction::Holm.adjust(&[0.01, 0.02]);
    /// assert_eq!(adjusted, vec![0.02, 0.02]); // 0.01 · 2, then 0.02 · 1 kept at 0.02
    /// ```
    pub fn adjust(self, p_values: &[f64]) -> Vec<f64> {
        let m = p_values.len();
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]).then(a.cmp(&b)));
        let mut adjusted = vec![0.0; m];
        match self {
            Correction::None => adjusted.copy_from_slice(p_values),
            Correction::Holm => {
                let mut running = 0.0f64;
                for (rank, &i) in order.iter().enumerate() {
                    running = running.max(((m - rank) as f64 * p_values[i]).min(1.0));
                    adjusted[i] = running;
                }
            }
            Correction::BenjaminiHochberg => {
                let mut running = 1.0f64;
                for (rank, &i) in order.iter().enumerate().rev() {
                    running = running.min((m as f64 / (rank + 1) as f64 * p_values[i]).min(1.0));
                    adjusted[i] = running;
                }
            }
        }
        adjusted
    }

    /// Each p-value adjusted within its family (`family[i]` is item i's;
    /// an item without a p-value is in none), and the largest family's
    /// size: the correction of SPEC's "Segments" for a run that prints
    /// several comparisons.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::Correction;
    /// // Two families: {0.01, 0.04} and {0.03}; the third item has no test.
    /// let (adjusted, largest) = Correction::Holm.adjust_in_families(
    ///     &[Some(0.01), Some(0.03), None, Some(0.04)],
    ///     &[0, 1, 0, 0],
    /// );
    /// assert_eq!(adjusted, vec![Some(0.02), Some(0.03), None, Some(0.04)]);
    /// assert_eq!(largest, 2);
    /// ```
    pub fn adjust_in_families(
        self,
        p_values: &[Option<f64>],
        family: &[usize],
    ) -> (Vec<Option<f64>>, usize) {
        let mut adjusted = vec![None; p_values.len()];
        let mut families: Vec<usize> = family.to_vec();
        families.sort_unstable();
        families.dedup();
        let mut largest = 0;
        for f in families {
            let members: Vec<usize> = (0..p_values.len())
                .filter(|&i| family.get(i) == Some(&f) && p_values[i].is_some())
                .collect();
            let p: Vec<f64> = members.iter().filter_map(|&i| p_values[i]).collect();
            largest = largest.max(members.len());
            for (&i, a) in members.iter().zip(self.adjust(&p)) {
                adjusted[i] = Some(a);
            }
        }
        (adjusted, largest)
    }

    /// The name used on command lines and in reports: `holm`, `bh`, `none`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Correction::BenjaminiHochberg.name(), "bh");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Correction::Holm => "holm",
            Correction::BenjaminiHochberg => "bh",
            Correction::None => "none",
        }
    }
}

impl fmt::Display for Correction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Correction::Holm => "Holm",
            Correction::BenjaminiHochberg => "Benjamini-Hochberg",
            Correction::None => "no correction",
        })
    }
}

impl FromStr for Correction {
    type Err = String;

    /// `holm`, `bh` or `none`.
    fn from_str(s: &str) -> Result<Correction, String> {
        [
            Correction::Holm,
            Correction::BenjaminiHochberg,
            Correction::None,
        ]
        .into_iter()
        .find(|c| s.eq_ignore_ascii_case(c.name()))
        .ok_or_else(|| format!("unknown correction {s:?}: expected holm, bh or none"))
    }
}
