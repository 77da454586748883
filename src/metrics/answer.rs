//! Answers to a key question and the silent-respondent weight `k`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// An answer to a key question (a yes/no question at the end of a contact).
///
/// "Not asked" is not an answer: represent it as `None` in an
/// `Option<KeyAnswer>`. [`KeyAnswer::Silent`] means the customer was asked
/// and gave no answer.
///
/// Labels parse with ASCII case ignored: `positive`, `negative`, `silent`,
/// `force_majeure`.
///
/// # Example
///
/// ```
/// use cxmetrics::KeyAnswer;
///
/// let answer: KeyAnswer = "Force_Majeure".parse()?;
/// assert_eq!(answer, KeyAnswer::ForceMajeure);
/// assert!(answer.is_negative());
/// assert_eq!(answer.to_string(), "force_majeure");
/// assert!("maybe".parse::<KeyAnswer>().is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyAnswer {
    /// The customer answered yes (satisfied, would recommend).
    Positive,
    /// The customer answered no, and the cause was not qualified as force majeure.
    Negative,
    /// The customer was asked and did not answer ("Молчун").
    #[doc(alias = "Молчун")]
    Silent,
    /// A negative answer that an independent reviewer qualified as force
    /// majeure: the cause was outside the control of those being measured.
    #[doc(alias = "форс-мажор")]
    ForceMajeure,
}

impl KeyAnswer {
    /// Every answer, in label order.
    ///
    /// # Example
    ///
    /// ```
    /// let labels: Vec<&str> = cxmetrics::KeyAnswer::ALL.iter().map(|a| a.label()).collect();
    /// assert_eq!(labels, ["positive", "negative", "silent", "force_majeure"]);
    /// ```
    pub const ALL: [KeyAnswer; 4] = [
        KeyAnswer::Positive,
        KeyAnswer::Negative,
        KeyAnswer::Silent,
        KeyAnswer::ForceMajeure,
    ];

    /// The canonical label: `positive`, `negative`, `silent` or `force_majeure`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::KeyAnswer::Silent.label(), "silent");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            KeyAnswer::Positive => "positive",
            KeyAnswer::Negative => "negative",
            KeyAnswer::Silent => "silent",
            KeyAnswer::ForceMajeure => "force_majeure",
        }
    }

    /// Whether the customer said no, force majeure or not.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::KeyAnswer;
    /// assert!(KeyAnswer::Negative.is_negative());
    /// assert!(!KeyAnswer::Silent.is_negative());
    /// ```
    pub const fn is_negative(self) -> bool {
        matches!(self, KeyAnswer::Negative | KeyAnswer::ForceMajeure)
    }

    /// Parses a label from bytes, ignoring ASCII case, without allocating.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownAnswer`] for any other label.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::KeyAnswer;
    /// assert_eq!(KeyAnswer::from_label(b"NEGATIVE")?, KeyAnswer::Negative);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[inline]
    pub fn from_label(label: &[u8]) -> Result<KeyAnswer, Error> {
        // Exports almost always spell labels in lower case: recognised
        // without a branch on which label it is first, and letter by
        // letter only when that fails.
        if label.len() <= 16 {
            let mut window = [0; 16];
            window[..label.len()].copy_from_slice(label);
            if let Some(Some(answer)) = classify_label(&window, label.len()) {
                return Ok(answer);
            }
        }
        // The length picks the candidates, so most labels are compared once.
        let answer = match label.len() {
            8 if label.eq_ignore_ascii_case(b"positive") => KeyAnswer::Positive,
            8 if label.eq_ignore_ascii_case(b"negative") => KeyAnswer::Negative,
            6 if label.eq_ignore_ascii_case(b"silent") => KeyAnswer::Silent,
            13 if label.eq_ignore_ascii_case(b"force_majeure") => KeyAnswer::ForceMajeure,
            _ => return Err(unknown_answer(label)),
        };
        Ok(answer)
    }
}

/// The four labels in lower case as little-endian words with their lengths,
/// at the low four bits of their first letter, which differ: `p` 0, `s` 3,
/// `f` 6, `n` 14. The other slots hold a length no field of a window has.
const LOWER_CASE: [(KeyAnswer, u128, usize); 16] = {
    const fn word(label: &[u8]) -> u128 {
        let mut bytes = [0; 16];
        let mut i = 0;
        while i < label.len() {
            bytes[i] = label[i];
            i += 1;
        }
        u128::from_le_bytes(bytes)
    }
    let mut table = [(KeyAnswer::Positive, 0, usize::MAX); 16];
    table[(b'p' & 15) as usize] = (KeyAnswer::Positive, word(b"positive"), 8);
    table[(b'n' & 15) as usize] = (KeyAnswer::Negative, word(b"negative"), 8);
    table[(b's' & 15) as usize] = (KeyAnswer::Silent, word(b"silent"), 6);
    table[(b'f' & 15) as usize] = (KeyAnswer::ForceMajeure, word(b"force_majeure"), 13);
    table
};

/// What a field of `len` bytes holds, read from the 16 bytes that start at
/// it (the field's own and whatever follows): `Some(None)` when it is
/// empty, `Some(Some(answer))` for a label spelled as [`KeyAnswer::label`]
/// gives it, and `None` for anything else.
///
/// No branch depends on the field: its first letter picks the one
/// candidate, and one masked compare of the window checks it. Which labels
/// come, and which questions went unanswered, are as random in an export
/// as the answers, and a branch on them mispredicted on about every other
/// field.
#[inline(always)]
pub(crate) fn classify_label(window: &[u8; 16], len: usize) -> Option<Option<KeyAnswer>> {
    let (answer, word, word_len) = LOWER_CASE[usize::from(window[0] & 15)];
    // The field's own bytes are the low `len` bytes of the window.
    let bits = u32::try_from(8 * len).unwrap_or(u32::MAX);
    let mask = u128::MAX
        .checked_shr(128u32.saturating_sub(bits))
        .unwrap_or(0);
    let same = (u128::from_le_bytes(*window) & mask == word) & (len == word_len);
    match (len == 0, same) {
        (true, _) => Some(None),
        (false, true) => Some(Some(answer)),
        (false, false) => None,
    }
}

#[cold]
fn unknown_answer(label: &[u8]) -> Error {
    Error::UnknownAnswer {
        label: String::from_utf8_lossy(label).into_owned(),
    }
}

impl From<Option<bool>> for KeyAnswer {
    /// A yes/no key question that was asked, as a record often stores it:
    /// `Some(true)` positive, `Some(false)` negative, `None` silent (asked,
    /// no answer). A question not asked is no `KeyAnswer` at all, and
    /// force majeure needs its own field: say [`KeyAnswer::ForceMajeure`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::KeyAnswer;
    /// assert_eq!(KeyAnswer::from(Some(true)), KeyAnswer::Positive);
    /// assert_eq!(KeyAnswer::from(Some(false)), KeyAnswer::Negative);
    /// assert_eq!(KeyAnswer::from(None), KeyAnswer::Silent);
    /// ```
    fn from(liked: Option<bool>) -> KeyAnswer {
        match liked {
            Some(true) => KeyAnswer::Positive,
            Some(false) => KeyAnswer::Negative,
            None => KeyAnswer::Silent,
        }
    }
}

impl FromStr for KeyAnswer {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        KeyAnswer::from_label(s.as_bytes())
    }
}

impl fmt::Display for KeyAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for KeyAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for KeyAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let label = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        label.parse().map_err(serde::de::Error::custom)
    }
}

/// The correction weight `k` in `[0, 1]` with which silent respondents count
/// as dissatisfied in ИНК and against loyalty in ИЭЛ.
///
/// The methodology publishes no value, so there is no default: every index
/// takes `k` explicitly and reports the `k` it used.
///
/// # Example
///
/// ```
/// use cxmetrics::SilentWeight;
///
/// let k = SilentWeight::new(0.3)?;
/// assert_eq!(k.get(), 0.3);
/// assert!(SilentWeight::new(1.5).is_err());
/// assert!(SilentWeight::new(f64::NAN).is_err());
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "k")]
#[doc(alias = "correction weight")]
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct SilentWeight(f64);

impl SilentWeight {
    /// `k = 0`: silence counts for nothing but stays in the denominator.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::SilentWeight::ZERO.get(), 0.0);
    /// ```
    pub const ZERO: SilentWeight = SilentWeight(0.0);
    /// `k = 1`: silence counts as a negative answer.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::SilentWeight::ONE.get(), 1.0);
    /// ```
    pub const ONE: SilentWeight = SilentWeight(1.0);

    /// Validates a weight.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidWeight`] unless `0.0 <= k <= 1.0` (NaN is rejected).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::SilentWeight::new(-0.1).is_err());
    /// ```
    pub fn new(k: f64) -> Result<SilentWeight, Error> {
        if (0.0..=1.0).contains(&k) {
            // Normalise -0.0 so that equal weights print and serialise alike.
            Ok(SilentWeight(k + 0.0))
        } else {
            Err(Error::InvalidWeight { value: k })
        }
    }

    /// The weight as a number in `[0, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::SilentWeight::ONE.get(), 1.0);
    /// ```
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for SilentWeight {
    type Error = Error;
    fn try_from(k: f64) -> Result<Self, Error> {
        SilentWeight::new(k)
    }
}

impl From<SilentWeight> for f64 {
    fn from(k: SilentWeight) -> f64 {
        k.0
    }
}

impl fmt::Display for SilentWeight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "k = {}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Labels with one byte changed, cut or extended: recognised
        /// exactly when a letter-by-letter comparison says so.
        #[test]
        fn labels_are_recognised_exactly(
            word in prop::sample::select(KeyAnswer::ALL.to_vec()),
            at in 0usize..16,
            byte in any::<u8>(),
            cut in 0usize..16,
            change in 0u8..4,
        ) {
            let mut label = word.label().as_bytes().to_vec();
            match change {
                0 => {}
                1 => if let Some(b) = label.get_mut(at) { *b = byte },
                2 => label.truncate(cut),
                _ => label.insert(at.min(label.len()), byte),
            }
            let naive = KeyAnswer::ALL
                .into_iter()
                .find(|a| label.eq_ignore_ascii_case(a.label().as_bytes()));
            prop_assert_eq!(KeyAnswer::from_label(&label).ok(), naive);
            // In a window whose bytes behind the field are anything.
            let exact = KeyAnswer::ALL.into_iter().find(|a| label == a.label().as_bytes());
            if label.len() <= 16 {
                let mut window = [byte; 16];
                window[..label.len()].copy_from_slice(&label);
                let want = if label.is_empty() { Some(None) } else { exact.map(Some) };
                prop_assert_eq!(classify_label(&window, label.len()), want);
            }
        }
    }

    #[test]
    fn every_label_parses_in_any_case() {
        for answer in KeyAnswer::ALL {
            let label = answer.label();
            assert_eq!(KeyAnswer::from_label(label.as_bytes()), Ok(answer));
            assert_eq!(
                KeyAnswer::from_label(label.to_uppercase().as_bytes()),
                Ok(answer)
            );
        }
        for bad in [
            "",
            "positiv",
            "positivee",
            "force majeure",
            "silent ",
            "NEGATIVE\0",
        ] {
            assert!(KeyAnswer::from_label(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }
}
