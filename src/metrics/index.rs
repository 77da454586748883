//! The key-question indices: ИНК (dissatisfaction) and ИЭЛ (emotional loyalty).

use std::iter::Sum;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metric::Metric;
use crate::metrics::answer::{KeyAnswer, SilentWeight};

/// Counts of answers to one key question: positive, negative, silent, and
/// negatives qualified as force majeure.
///
/// The four counters are disjoint: [`KeyTally::negative`] counts the
/// negatives *not* qualified as force majeure, [`KeyTally::force_majeure`]
/// the qualified ones. In SPEC.md's formulas `N` is their sum,
/// [`KeyTally::all_negative`], and `F` is `force_majeure`. Keeping them
/// disjoint means no combination of counts is invalid.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer, KeyTally, SilentWeight};
///
/// let tally: KeyTally = ["positive", "negative", "silent", "silent"]
///     .iter()
///     .map(|label| label.parse::<KeyAnswer>())
///     .collect::<Result<_, _>>()?;
/// let ink = tally.ink(SilentWeight::new(0.5)?)?;
/// assert_eq!(ink.value(), 50.0); // (1 + 0.5 * 2) / 4
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИНК")]
#[doc(alias = "ИЭЛ")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "RawKeyTally", into = "RawKeyTally")]
pub struct KeyTally {
    /// Indexed by [`KeyAnswer`] discriminant: an array rather than four
    /// fields so that counting an answer is an indexed add, not a branch.
    counts: [u64; 4],
}

const POSITIVE: usize = KeyAnswer::Positive as usize;
const NEGATIVE: usize = KeyAnswer::Negative as usize;
const SILENT: usize = KeyAnswer::Silent as usize;
const FORCE_MAJEURE: usize = KeyAnswer::ForceMajeure as usize;

/// The serialised form: the four counts by name.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeyTally {
    positive: u64,
    negative: u64,
    silent: u64,
    force_majeure: u64,
}

impl From<RawKeyTally> for KeyTally {
    fn from(raw: RawKeyTally) -> Self {
        KeyTally::from_counts(raw.positive, raw.negative, raw.silent, raw.force_majeure)
    }
}

impl From<KeyTally> for RawKeyTally {
    fn from(tally: KeyTally) -> Self {
        RawKeyTally {
            positive: tally.positive(),
            negative: tally.negative(),
            silent: tally.silent(),
            force_majeure: tally.force_majeure(),
        }
    }
}

impl KeyTally {
    /// An empty tally.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::KeyTally::new().is_empty());
    /// ```
    pub fn new() -> KeyTally {
        KeyTally::default()
    }

    /// A tally from its four disjoint counts; `negative` excludes the
    /// force-majeure negatives, which go in `force_majeure`.
    ///
    /// # Example
    ///
    /// ```
    /// let tally = cxmetrics::KeyTally::from_counts(6, 2, 1, 1);
    /// assert_eq!(tally.all_negative(), 3);
    /// assert_eq!(tally.total(), 10);
    /// ```
    pub fn from_counts(positive: u64, negative: u64, silent: u64, force_majeure: u64) -> KeyTally {
        KeyTally {
            counts: [positive, negative, silent, force_majeure],
        }
    }

    /// Adds one answer (saturating at `u64::MAX`).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, KeyTally};
    /// let mut tally = KeyTally::new();
    /// tally.push(KeyAnswer::ForceMajeure);
    /// assert_eq!((tally.force_majeure(), tally.negative()), (1, 0));
    /// ```
    #[inline]
    pub fn push(&mut self, answer: KeyAnswer) {
        let slot = &mut self.counts[answer as usize];
        *slot = slot.saturating_add(1);
    }

    /// How many answers were `answer`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer, KeyTally};
    /// assert_eq!(KeyTally::from_counts(1, 2, 3, 4).count(KeyAnswer::Silent), 3);
    /// ```
    pub fn count(&self, answer: KeyAnswer) -> u64 {
        self.counts[answer as usize]
    }

    /// Positive answers, `P`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::KeyTally::from_counts(1, 2, 3, 4).positive(), 1);
    /// ```
    pub fn positive(&self) -> u64 {
        self.counts[POSITIVE]
    }

    /// Negative answers not qualified as force majeure, `N - F`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::KeyTally::from_counts(1, 2, 3, 4).negative(), 2);
    /// ```
    pub fn negative(&self) -> u64 {
        self.counts[NEGATIVE]
    }

    /// Silent respondents, `S`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::KeyTally::from_counts(1, 2, 3, 4).silent(), 3);
    /// ```
    pub fn silent(&self) -> u64 {
        self.counts[SILENT]
    }

    /// Negative answers qualified as force majeure, `F`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::KeyTally::from_counts(1, 2, 3, 4).force_majeure(), 4);
    /// ```
    pub fn force_majeure(&self) -> u64 {
        self.counts[FORCE_MAJEURE]
    }

    /// All negative answers, force majeure included, `N` (saturating).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::KeyTally::from_counts(1, 2, 3, 4).all_negative(), 6);
    /// ```
    pub fn all_negative(&self) -> u64 {
        self.counts[NEGATIVE].saturating_add(self.counts[FORCE_MAJEURE])
    }

    /// All answers to the question, `P + N + S` with force majeure included:
    /// the `n` of the index (saturating).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::KeyTally::from_counts(1, 2, 3, 4).total(), 10);
    /// ```
    pub fn total(&self) -> u64 {
        self.counts[POSITIVE]
            .saturating_add(self.all_negative())
            .saturating_add(self.counts[SILENT])
    }

    /// Whether no answer has been counted.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(!cxmetrics::KeyTally::from_counts(0, 0, 1, 0).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Adds two tallies, reporting rather than saturating an overflow.
    ///
    /// # Errors
    ///
    /// [`Error::CountOverflow`] if a count or the total would exceed `u64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::KeyTally;
    /// let full = KeyTally::from_counts(u64::MAX, 0, 0, 0);
    /// assert!(full.checked_add(&KeyTally::from_counts(0, 1, 0, 0)).is_err());
    /// ```
    pub fn checked_add(&self, other: &KeyTally) -> Result<KeyTally, Error> {
        let sum = || -> Option<KeyTally> {
            let mut counts = [0u64; 4];
            for (sum, (a, b)) in counts.iter_mut().zip(self.counts.iter().zip(other.counts)) {
                *sum = a.checked_add(b)?;
            }
            counts.iter().try_fold(0u64, |acc, &c| acc.checked_add(c))?;
            let tally = KeyTally { counts };
            Some(tally)
        };
        sum().ok_or(Error::CountOverflow {
            metric: Metric::Ink,
        })
    }

    /// The dissatisfaction index ИНК over this key question, with silent
    /// respondents weighted by `k` and force-majeure negatives excluded,
    /// named plain "ИНК"; [`KeyTally::ink_staff`] and
    /// [`KeyTally::ink_office`] give the same number named ИНК@Персонал or
    /// ИНК@Офис, as a [`SurveyTally`](crate::SurveyTally) does.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if no answer is left once force-majeure answers are
    /// excluded.
    ///
    /// # Formula
    ///
    /// ```text
    /// ИНК = 100 * ((N - F) + k * S) / (P + N + S - F)      in [0, 100]
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// // P = 6, N = 3 of which F = 1, S = 2, k = 0.5:
    /// // 100 * (2 + 0.5 * 2) / (6 + 3 + 2 - 1) = 30
    /// let ink = KeyTally::from_counts(6, 2, 2, 1).ink(SilentWeight::new(0.5)?)?;
    /// assert_eq!(ink.value(), 30.0);
    /// assert_eq!((ink.n(), ink.denominator()), (11, 10));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК")]
    pub fn ink(&self, k: SilentWeight) -> Result<Ink, Error> {
        let denominator = u128::from(self.counts[POSITIVE])
            + u128::from(self.counts[NEGATIVE])
            + u128::from(self.counts[SILENT]);
        if denominator == 0 {
            return Err(Error::Empty {
                metric: Metric::Ink,
                force_majeure_excluded: self.counts[FORCE_MAJEURE],
            });
        }
        Ok(Ink {
            metric: Metric::Ink,
            tally: *self,
            k,
        })
    }

    /// [`KeyTally::ink`] over the staff key question, named ИНК@Персонал
    /// (in its result and in its errors).
    ///
    /// # Errors
    ///
    /// As [`KeyTally::ink`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, Metric, SilentWeight};
    /// let ink = KeyTally::from_counts(3, 1, 0, 0).ink_staff(SilentWeight::ZERO)?;
    /// assert_eq!((ink.metric(), ink.metric().to_string()), (Metric::InkStaff, "ИНК@Персонал".into()));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    pub fn ink_staff(&self, k: SilentWeight) -> Result<Ink, Error> {
        self.named_ink(k, Metric::InkStaff)
    }

    /// [`KeyTally::ink`] over the office key question, named ИНК@Офис.
    ///
    /// # Errors
    ///
    /// As [`KeyTally::ink`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, Metric, SilentWeight};
    /// let err = KeyTally::from_counts(0, 0, 0, 2).ink_office(SilentWeight::ZERO).unwrap_err();
    /// assert!(err.to_string().starts_with("ИНК@Офис"));
    /// ```
    #[doc(alias = "ИНК@Офис")]
    pub fn ink_office(&self, k: SilentWeight) -> Result<Ink, Error> {
        self.named_ink(k, Metric::InkOffice)
    }

    fn named_ink(&self, k: SilentWeight, metric: Metric) -> Result<Ink, Error> {
        self.ink(k)
            .map(|ink| ink.named(metric))
            .map_err(|e| e.for_metric(metric))
    }

    /// The emotional loyalty index ИЭЛ over the recommend question; a
    /// force-majeure negative counts as a plain negative here.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] if the tally is empty.
    ///
    /// # Formula
    ///
    /// ```text
    /// ИЭЛ = 100 * (P - N - k * S) / (P + N + S)      in [-100, 100]
    /// ```
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// // P = 7, N = 2 (one force majeure), S = 1, k = 1: 100 * (7 - 2 - 1) / 10
    /// let iel = KeyTally::from_counts(7, 1, 1, 1).iel(SilentWeight::ONE)?;
    /// assert_eq!(iel.value(), 40.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    #[doc(alias = "emotional loyalty")]
    pub fn iel(&self, k: SilentWeight) -> Result<Iel, Error> {
        if self.is_empty() {
            return Err(Error::empty(Metric::Iel));
        }
        Ok(Iel { tally: *self, k })
    }
}

impl Add for KeyTally {
    type Output = KeyTally;
    /// Saturating addition of counts; see [`KeyTally::checked_add`].
    fn add(mut self, other: KeyTally) -> KeyTally {
        self += other;
        self
    }
}

impl AddAssign for KeyTally {
    fn add_assign(&mut self, other: KeyTally) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            *mine = mine.saturating_add(theirs);
        }
    }
}

impl<'a> AddAssign<&'a KeyTally> for KeyTally {
    fn add_assign(&mut self, other: &'a KeyTally) {
        *self += *other;
    }
}

impl Sum for KeyTally {
    fn sum<I: Iterator<Item = KeyTally>>(iter: I) -> KeyTally {
        iter.fold(KeyTally::new(), Add::add)
    }
}

impl<'a> Sum<&'a KeyTally> for KeyTally {
    fn sum<I: Iterator<Item = &'a KeyTally>>(iter: I) -> KeyTally {
        iter.copied().sum()
    }
}

impl Extend<KeyAnswer> for KeyTally {
    fn extend<I: IntoIterator<Item = KeyAnswer>>(&mut self, answers: I) {
        answers.into_iter().for_each(|a| self.push(a));
    }
}

impl<'a> Extend<&'a KeyAnswer> for KeyTally {
    fn extend<I: IntoIterator<Item = &'a KeyAnswer>>(&mut self, answers: I) {
        answers.into_iter().for_each(|&a| self.push(a));
    }
}

impl FromIterator<KeyAnswer> for KeyTally {
    fn from_iter<I: IntoIterator<Item = KeyAnswer>>(answers: I) -> Self {
        let mut tally = KeyTally::new();
        tally.extend(answers);
        tally
    }
}

impl<'a> FromIterator<&'a KeyAnswer> for KeyTally {
    fn from_iter<I: IntoIterator<Item = &'a KeyAnswer>>(answers: I) -> Self {
        let mut tally = KeyTally::new();
        tally.extend(answers);
        tally
    }
}

/// A dissatisfaction index (ИНК@Персонал or ИНК@Офис) with every component
/// behind it, so it can be reconciled with another system.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer::*, SilentWeight};
/// let ink = cxmetrics::ink([Positive, Negative, ForceMajeure, Silent], SilentWeight::ZERO)?;
/// assert_eq!(ink.value(), 100.0 / 3.0);
/// assert_eq!(ink.force_majeure_excluded(), 1);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИНК")]
#[doc(alias = "ИНК@Персонал")]
#[doc(alias = "ИНК@Офис")]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ink {
    metric: Metric,
    tally: KeyTally,
    k: SilentWeight,
}

impl Ink {
    /// The index in percent, `[0, 100]`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer::*, SilentWeight};
    /// assert_eq!(cxmetrics::ink([Silent, Positive], SilentWeight::ONE)?.value(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        let t = &self.tally;
        let numerator = t.counts[NEGATIVE] as f64 + self.k.get() * t.counts[SILENT] as f64;
        100.0 * numerator / self.denominator() as f64
    }

    /// The index as a fraction in `[0, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// assert_eq!(KeyTally::from_counts(3, 1, 0, 0).ink(SilentWeight::ZERO)?.fraction(), 0.25);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИНК@Персонал")]
    #[doc(alias = "ИНК@Офис")]
    pub fn fraction(&self) -> f64 {
        let t = &self.tally;
        (t.counts[NEGATIVE] as f64 + self.k.get() * t.counts[SILENT] as f64)
            / self.denominator() as f64
    }

    /// Which index this is: [`Metric::InkStaff`], [`Metric::InkOffice`], or
    /// [`Metric::Ink`] when computed from a bare tally.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, Metric, SilentWeight};
    /// let ink = KeyTally::from_counts(1, 0, 0, 0).ink(SilentWeight::ZERO)?;
    /// assert_eq!(ink.metric(), Metric::Ink);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn metric(&self) -> Metric {
        self.metric
    }

    pub(crate) fn named(self, metric: Metric) -> Ink {
        Ink { metric, ..self }
    }

    /// The counts the index was computed from.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// let tally = KeyTally::from_counts(1, 2, 3, 4);
    /// assert_eq!(tally.ink(SilentWeight::ZERO)?.tally(), tally);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn tally(&self) -> KeyTally {
        self.tally
    }

    /// The silent-respondent weight used.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// let k = SilentWeight::new(0.2)?;
    /// assert_eq!(KeyTally::from_counts(1, 0, 0, 0).ink(k)?.k(), k);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn k(&self) -> SilentWeight {
        self.k
    }

    /// Answers to the key question, `P + N + S`, force majeure included.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// assert_eq!(KeyTally::from_counts(1, 2, 3, 4).ink(SilentWeight::ZERO)?.n(), 10);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.tally.total()
    }

    /// The denominator `P + N + S - F` (saturating).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// assert_eq!(KeyTally::from_counts(1, 2, 3, 4).ink(SilentWeight::ZERO)?.denominator(), 6);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn denominator(&self) -> u64 {
        let t = &self.tally;
        t.counts[POSITIVE]
            .saturating_add(t.counts[NEGATIVE])
            .saturating_add(t.counts[SILENT])
    }

    /// Force-majeure negatives left out of numerator and denominator, `F`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// let ink = KeyTally::from_counts(1, 2, 3, 4).ink(SilentWeight::ZERO)?;
    /// assert_eq!(ink.force_majeure_excluded(), 4);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn force_majeure_excluded(&self) -> u64 {
        self.tally.counts[FORCE_MAJEURE]
    }
}

/// The emotional loyalty index ИЭЛ with every component behind it.
///
/// # ИЭЛ or NPS?
///
/// Both ask whether the customer would recommend you; they differ in what
/// the customer is asked and who is counted.
///
/// - **NPS** needs the 0-10 "how likely are you to recommend" score:
///   promoters (9-10) minus detractors (0-6). Use it where that scale is
///   asked and you compare with other companies or published benchmarks,
///   which are all on this scale. A customer who gives no score is not in
///   it.
/// - **ИЭЛ** is NPS adapted to retail and services (SPEC, "The metrics"):
///   the recommend key question answered positive, negative or silent at
///   the point of service, and the silent counted against the index with
///   the weight `k`. Use it where customers are asked face to face or in a
///   short form without a scale, and where silence means something: a
///   customer who will not say is not a promoter, and a desk whose staff
///   keep unhappy customers from answering should not look better for it.
///   It is for tracking one business over time and across its offices
///   with the same `k`, not for comparing with other companies' NPS.
///
/// When a survey asks both, report both: NPS for the outside view, ИЭЛ for
/// the offices, and read a gap between them as the silent share at work.
/// With `k = 0` ИЭЛ is the NPS formula over the three answers: positive
/// minus negative, out of all who were asked.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer::*, SilentWeight};
/// let iel = cxmetrics::iel([Positive, Positive, Negative, Silent], SilentWeight::ONE)?;
/// assert_eq!(iel.value(), 0.0);
/// assert_eq!(iel.n(), 4);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИЭЛ")]
#[doc(alias = "emotional loyalty index")]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Iel {
    tally: KeyTally,
    k: SilentWeight,
}

impl Iel {
    /// The index in percent, `[-100, 100]`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyAnswer::*, SilentWeight};
    /// assert_eq!(cxmetrics::iel([Positive, Silent], SilentWeight::ZERO)?.value(), 50.0);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        let t = &self.tally;
        let numerator = t.counts[POSITIVE] as f64
            - t.all_negative() as f64
            - self.k.get() * t.counts[SILENT] as f64;
        100.0 * numerator / self.n() as f64
    }

    /// ИЭЛ as a fraction in `[-1, 1]`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// assert_eq!(KeyTally::from_counts(3, 1, 0, 0).iel(SilentWeight::ZERO)?.fraction(), 0.5);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    #[doc(alias = "ИЭЛ")]
    pub fn fraction(&self) -> f64 {
        let t = &self.tally;
        (t.counts[POSITIVE] as f64
            - t.all_negative() as f64
            - self.k.get() * t.counts[SILENT] as f64)
            / self.n() as f64
    }

    /// The counts the index was computed from.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// let tally = KeyTally::from_counts(1, 2, 3, 4);
    /// assert_eq!(tally.iel(SilentWeight::ZERO)?.tally(), tally);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn tally(&self) -> KeyTally {
        self.tally
    }

    /// The silent-respondent weight used.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// assert_eq!(KeyTally::from_counts(1, 0, 0, 0).iel(SilentWeight::ONE)?.k(), SilentWeight::ONE);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn k(&self) -> SilentWeight {
        self.k
    }

    /// Answers to the recommend question, `P + N + S`: the denominator.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{KeyTally, SilentWeight};
    /// assert_eq!(KeyTally::from_counts(1, 2, 3, 4).iel(SilentWeight::ONE)?.n(), 10);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.tally.total()
    }
}

/// ИНК of key-question answers in one call.
///
/// # Errors
///
/// [`Error::Empty`] if no answer is left once force-majeure answers are excluded.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer::*, SilentWeight};
/// let k = SilentWeight::new(0.3)?;
/// // 100 * (1 + 0.3 * 1) / (2 + 1 + 1) = 32.5
/// let ink = cxmetrics::ink([Positive, Positive, Negative, Silent, ForceMajeure], k)?;
/// assert!((ink.value() - 32.5).abs() < 1e-12);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИНК")]
pub fn ink<I: IntoIterator<Item = KeyAnswer>>(answers: I, k: SilentWeight) -> Result<Ink, Error> {
    answers.into_iter().collect::<KeyTally>().ink(k)
}

/// ИНК@Персонал of staff-question answers in one call.
///
/// # Errors
///
/// As [`ink`], naming ИНК@Персонал.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer::*, Metric, SilentWeight};
/// let ink = cxmetrics::ink_staff([Positive, Negative], SilentWeight::ZERO)?;
/// assert_eq!((ink.value(), ink.metric()), (50.0, Metric::InkStaff));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИНК@Персонал")]
pub fn ink_staff<I: IntoIterator<Item = KeyAnswer>>(
    answers: I,
    k: SilentWeight,
) -> Result<Ink, Error> {
    answers.into_iter().collect::<KeyTally>().ink_staff(k)
}

/// ИНК@Офис of office-question answers in one call.
///
/// # Errors
///
/// As [`ink`], naming ИНК@Офис.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer::*, Metric, SilentWeight};
/// let ink = cxmetrics::ink_office([Silent, Positive], SilentWeight::ONE)?;
/// assert_eq!((ink.value(), ink.metric()), (50.0, Metric::InkOffice));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИНК@Офис")]
pub fn ink_office<I: IntoIterator<Item = KeyAnswer>>(
    answers: I,
    k: SilentWeight,
) -> Result<Ink, Error> {
    answers.into_iter().collect::<KeyTally>().ink_office(k)
}

/// ИЭЛ of recommend-question answers in one call. [`Iel`] says when to
/// use it rather than NPS.
///
/// # Errors
///
/// [`Error::Empty`] for no answers.
///
/// # Example
///
/// ```
/// use cxmetrics::{KeyAnswer::*, SilentWeight};
/// assert_eq!(cxmetrics::iel([Positive, Negative], SilentWeight::ONE)?.value(), 0.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[doc(alias = "ИЭЛ")]
pub fn iel<I: IntoIterator<Item = KeyAnswer>>(answers: I, k: SilentWeight) -> Result<Iel, Error> {
    answers.into_iter().collect::<KeyTally>().iel(k)
}
