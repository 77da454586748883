//! Other systems' spellings of the key-question answers: `yes`, `да`, `1`
//! for positive, and the like.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::metrics::answer::KeyAnswer;

/// A vocabulary of answer labels beyond the standard ones.
///
/// The standard labels (`positive`, `negative`, `silent`,
/// `force_majeure`, in any ASCII case) are always understood; each label
/// added here stands for one answer and is matched after Unicode
/// lower-casing, so `ДА`, `Да` and `да` are one label.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, Labels};
/// let mut labels = Labels::new();
/// labels.add(KeyAnswer::Positive, "Да")?;
/// labels.add(KeyAnswer::Negative, "нет")?;
/// assert_eq!(labels.parse("ДА".as_bytes())?, KeyAnswer::Positive);
/// assert_eq!(labels.parse(b"Silent")?, KeyAnswer::Silent);
/// assert!(labels.parse(b"maybe").is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels {
    /// Lower-cased label to answer.
    added: BTreeMap<String, KeyAnswer>,
}

impl Labels {
    /// The standard labels only.
    pub fn new() -> Labels {
        Labels::default()
    }

    /// Adds `label` as a spelling of `answer`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLabel`] for an empty label (an empty cell means "not
    /// asked"), or one that already stands for another answer, standard
    /// labels included.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, Labels};
    /// let mut labels = Labels::new();
    /// labels.add(KeyAnswer::Positive, "1")?;
    /// assert!(labels.add(KeyAnswer::Negative, "1").is_err());
    /// assert!(labels.add(KeyAnswer::Silent, "Negative").is_err());
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn add(&mut self, answer: KeyAnswer, label: &str) -> Result<(), Error> {
        let folded = label.to_lowercase();
        let invalid = |detail: String| Error::InvalidLabel {
            label: label.to_string(),
            detail,
        };
        if folded.is_empty() {
            return Err(invalid(
                "an empty cell means the question was not asked".into(),
            ));
        }
        let taken = KeyAnswer::from_label(folded.as_bytes())
            .ok()
            .or_else(|| self.added.get(&folded).copied());
        match taken {
            Some(other) if other != answer => Err(invalid(format!("it already means {other}"))),
            _ => {
                self.added.insert(folded, answer);
                Ok(())
            }
        }
    }

    /// Whether only the standard labels are understood.
    pub fn is_standard(&self) -> bool {
        self.added.is_empty()
    }

    /// The answer a label stands for.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownAnswer`] for a label that is neither standard nor
    /// added.
    pub fn parse(&self, label: &[u8]) -> Result<KeyAnswer, Error> {
        let standard = KeyAnswer::from_label(label);
        if standard.is_ok() || self.added.is_empty() {
            return standard;
        }
        let added = std::str::from_utf8(label)
            .ok()
            .and_then(|text| self.added.get(&text.to_lowercase()).copied());
        added.map_or(standard, Ok)
    }
}
