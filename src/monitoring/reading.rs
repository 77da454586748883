//! A value read in words ("good", "excellent"), given only where the
//! confidence interval leaves no doubt which band the value is in.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::error::Error;

/// Labelled bands of a metric's values, split at increasing thresholds: a
/// value above a threshold (and up to the next) is in the band labelled
/// after it, a value up to the first threshold in the lowest band.
///
/// [`ReadingBands::nps`] is SPEC's common reading of NPS: above 0 good,
/// above 50 excellent.
///
/// # Example
///
/// ```
/// use cxmetrics::{ReadingBands, Verdict};
/// let bands = ReadingBands::nps();
/// assert_eq!(bands.to_string(), "poor <= 0 < good <= 50 < excellent");
/// assert_eq!(bands.verdict(12.0, 31.5).to_string(), "good");
/// assert_eq!(bands.verdict(44.0, 58.0), Verdict::Undecided); // straddles 50
/// let custom: ReadingBands = "weak,20,strong".parse()?;
/// assert_eq!(custom.label(20.0), "weak");
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ReadingBands {
    lowest: String,
    above: Vec<(f64, String)>,
}

impl ReadingBands {
    /// NPS read as SPEC reads it: `poor` up to 0, `good` above 0 up to 50,
    /// `excellent` above 50.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ReadingBands::nps().label(55.0), "excellent");
    /// ```
    pub fn nps() -> ReadingBands {
        ReadingBands {
            lowest: "poor".to_string(),
            above: vec![(0.0, "good".to_string()), (50.0, "excellent".to_string())],
        }
    }

    /// The lowest band's label, then each threshold with the label of the
    /// band above it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidReading`] for thresholds that are not finite and
    /// increasing, or labels that are empty, repeated or `undecided`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ReadingBands;
    /// let bands = ReadingBands::new("low", &[(30.0, "high")])?;
    /// assert_eq!(bands.to_string(), "low <= 30 < high");
    /// assert!(ReadingBands::new("low", &[(30.0, "low")]).is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn new(lowest: &str, above: &[(f64, &str)]) -> Result<ReadingBands, Error> {
        let bands = ReadingBands {
            lowest: lowest.to_string(),
            above: above.iter().map(|&(t, l)| (t, l.to_string())).collect(),
        };
        let invalid = |detail: String| Error::InvalidReading {
            text: bands.to_string(),
            detail,
        };
        if let Some(&(t, _)) = above.iter().find(|(t, _)| !t.is_finite()) {
            return Err(invalid(format!("threshold {t} is not a finite number")));
        }
        if let Some(pair) = above.windows(2).find(|w| w[0].0 >= w[1].0) {
            return Err(invalid(format!(
                "thresholds must increase, but {} is followed by {}",
                pair[0].0, pair[1].0
            )));
        }
        let mut labels: Vec<&str> = std::iter::once(lowest)
            .chain(above.iter().map(|&(_, l)| l))
            .collect();
        if let Some(label) = labels
            .iter()
            .find(|l| l.trim().is_empty() || l.eq_ignore_ascii_case("undecided"))
        {
            return Err(invalid(format!(
                "label {label:?} is empty or reserved for an interval that straddles bands"
            )));
        }
        labels.sort_unstable();
        if let Some(pair) = labels.windows(2).find(|w| w[0] == w[1]) {
            return Err(invalid(format!("label {:?} names two bands", pair[0])));
        }
        Ok(bands)
    }

    /// These bands, if every threshold lies within `low..=high`, the values
    /// the metric can take: a threshold outside them would name a band no
    /// value can be in.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidReading`] naming the first threshold outside the range.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::ReadingBands;
    /// let bands: ReadingBands = "low,200,high".parse()?;
    /// let err = bands.within(-100.0, 100.0).unwrap_err();
    /// assert!(err.to_string().contains("threshold 200 is outside -100..=100"));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn within(self, low: f64, high: f64) -> Result<ReadingBands, Error> {
        match self.above.iter().find(|(t, _)| !(low..=high).contains(t)) {
            Some(&(t, _)) => Err(Error::InvalidReading {
                text: self.to_string(),
                detail: format!("threshold {t} is outside {low}..={high}, the values it reads"),
            }),
            None => Ok(self),
        }
    }

    /// Bands for NPS from their text form (`poor,0,good,50,excellent`):
    /// as [`str::parse`], with every threshold within NPS's -100..=100.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidReading`] for a text that is not labels and
    /// increasing thresholds alternating, for an empty, repeated or
    /// reserved label, and for a threshold outside -100..=100.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Error, ReadingBands};
    /// let bands = ReadingBands::parse_nps("poor,0,good,50,excellent")?;
    /// assert_eq!(bands, ReadingBands::nps());
    /// for bad in ["a,200,b", "a,50,b,10,c", "a,10,b,10,c", ",0,b", "a,x,b"] {
    ///     assert!(matches!(ReadingBands::parse_nps(bad), Err(Error::InvalidReading { .. })), "{bad}");
    /// }
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn parse_nps(text: &str) -> Result<ReadingBands, Error> {
        text.parse::<ReadingBands>()?.within(-100.0, 100.0)
    }

    /// The label of the band `value` is in.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ReadingBands::nps().label(-3.0), "poor");
    /// ```
    pub fn label(&self, value: f64) -> &str {
        self.above
            .iter()
            .rev()
            .find(|(threshold, _)| value > *threshold)
            .map_or(&self.lowest, |(_, label)| label)
    }

    /// The band an interval `[low, high]` lies wholly inside, or
    /// [`Verdict::Undecided`] if it straddles a threshold.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::ReadingBands::nps().verdict(2.0, 48.0).to_string(), "good");
    /// ```
    pub fn verdict(&self, low: f64, high: f64) -> Verdict {
        let band = self.label(low);
        if band == self.label(high) {
            Verdict::Band(band.to_string())
        } else {
            Verdict::Undecided
        }
    }
}

impl fmt::Display for ReadingBands {
    /// `poor <= 0 < good <= 50 < excellent`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lowest)?;
        for (threshold, label) in &self.above {
            write!(f, " <= {threshold} < {label}")?;
        }
        Ok(())
    }
}

impl FromStr for ReadingBands {
    type Err = Error;

    /// Labels and thresholds alternating, comma-separated:
    /// `poor,0,good,50,excellent`.
    fn from_str(s: &str) -> Result<ReadingBands, Error> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        let invalid = |detail: &str| Error::InvalidReading {
            text: s.to_string(),
            detail: detail.to_string(),
        };
        if parts.len().is_multiple_of(2) {
            return Err(invalid(
                "expected labels and thresholds alternating, starting and ending with a label, e.g. poor,0,good,50,excellent",
            ));
        }
        let mut above = Vec::new();
        for pair in parts[1..].chunks(2) {
            let threshold: f64 = pair[0]
                .parse()
                .map_err(|_| invalid(&format!("threshold {:?} is not a number", pair[0])))?;
            above.push((threshold, pair[1]));
        }
        ReadingBands::new(parts[0], &above)
    }
}

impl Serialize for ReadingBands {
    /// As its display form.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A value's reading: its band's label where the whole interval is in one
/// band, `undecided` where it is not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The interval lies wholly inside the band with this label.
    Band(String),
    /// The interval straddles a threshold: the data cannot tell.
    Undecided,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Band(label) => f.write_str(label),
            Verdict::Undecided => f.write_str("undecided"),
        }
    }
}

impl Serialize for Verdict {
    /// As its display form.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
