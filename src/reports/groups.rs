//! Tallies per group, keyed by anything ordered: an office, a staff
//! member, a day, a tuple of these, a key of the caller's own.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::metrics::response::Record;
use crate::metrics::scale::SurveyScales;
use crate::metrics::tally::Tally;
use crate::reports::survey_tally::SurveyTally;

/// One tally per key, of any [`Tally`] type: a whole [`SurveyTally`] (the
/// default), or just an [`NpsTally`](crate::NpsTally), a
/// [`KeyTally`](crate::KeyTally), a weighted tally, ...
///
/// Groups are kept in key order. Two `Groups` merge group by group, so
/// daily results roll up into months. New groups start from a copy of the
/// groups' empty tally (for summaries, one on the survey's scales).
///
/// In JSON (and any serde format) groups are a list of `{"key": ..., "tally":
/// ...}` entries beside the empty tally, so any serialisable key works,
/// tuples and structs included; reading them back refuses a key listed
/// twice and any tally whose counts do not add up.
///
/// # Example
///
/// ```
/// use cxmetrics::{Groups, NpsScore, NpsTally};
///
/// // NPS per (office, day), from records of any shape.
/// let mut daily: Groups<(String, u32), NpsTally> = Groups::new();
/// daily.push(("Kazan".into(), 1), NpsScore::try_from(10i32)?)?;
/// daily.push(("Kazan".into(), 2), NpsScore::try_from(3i64)?)?;
/// daily.push(("Omsk".into(), 1), NpsScore::try_from(9u16)?)?;
///
/// // Stored as JSON, read back, rolled up by office.
/// let json = serde_json::to_string(&daily).unwrap();
/// let back: Groups<(String, u32), NpsTally> = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, daily);
/// let by_office = back.regroup(|(office, _day)| office.clone())?;
/// assert_eq!(by_office.get(&"Kazan".to_string()).unwrap().nps()?.value(), 0.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Groups<K, T = SurveyTally> {
    empty: T,
    groups: BTreeMap<K, T>,
}

impl<K: Ord, T: Tally> Default for Groups<K, T> {
    fn default() -> Self {
        Groups::new()
    }
}

impl<K: Ord, T: Tally> Groups<K, T> {
    /// No groups yet; new ones start from `T::default()`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, KeyTally};
    /// assert!(Groups::<String, KeyTally>::new().is_empty());
    /// ```
    pub fn new() -> Groups<K, T> {
        Groups::starting_from(T::default())
    }

    /// No groups yet; new ones start from a copy of `empty` (a tally on
    /// the survey's own scale, say).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Groups, Scale};
    /// let mut groups = Groups::starting_from(CsatTally::new(Scale::new(1, 10, 9)?));
    /// groups.push("A", 10)?;
    /// assert_eq!(groups.get(&"A").unwrap().scale(), Scale::new(1, 10, 9)?);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn starting_from(empty: T) -> Groups<K, T> {
        Groups {
            empty,
            groups: BTreeMap::new(),
        }
    }

    /// The tally new groups start from.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, NpsTally};
    /// assert!(Groups::<u8, NpsTally>::new().empty().is_empty());
    /// ```
    pub fn empty(&self) -> &T {
        &self.empty
    }

    /// Counts one observation in the group `key`.
    ///
    /// # Errors
    ///
    /// Whatever the tally refuses (a score off its scale); nothing is
    /// counted then, and no group is created.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{CsatTally, Groups};
    /// let mut groups: Groups<&str, CsatTally> = Groups::new();
    /// groups.push("2026-03", 5)?;
    /// assert!(groups.push("2026-04", 0).is_err());
    /// assert_eq!(groups.len(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push(&mut self, key: K, item: T::Item) -> Result<(), Error> {
        match self.groups.get_mut(&key) {
            Some(tally) => tally.push(item),
            None => {
                let mut tally = self.empty.clone();
                tally.push(item)?;
                self.groups.insert(key, tally);
                Ok(())
            }
        }
    }

    /// Merges a whole tally into the group `key`.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the tally is on other scales than the
    /// groups'; nothing changes then.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyTally};
    /// let mut groups = Groups::with_scales(Default::default());
    /// groups.add("A", &SurveyTally::default())?;
    /// assert_eq!(groups.len(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn add(&mut self, key: K, tally: &T) -> Result<(), Error> {
        let mut merged = match self.groups.get(&key) {
            Some(mine) => mine.clone(),
            None => self.empty.clone(),
        };
        merged.merge(tally)?;
        self.groups.insert(key, merged);
        Ok(())
    }

    /// Merges another set of groups into this one, group by group.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the scales differ; `self` is then unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, KeyAnswer, KeyTally};
    /// let mut monday: Groups<&str, KeyTally> = Groups::new();
    /// monday.push("A", KeyAnswer::Positive)?;
    /// let mut tuesday: Groups<&str, KeyTally> = Groups::new();
    /// tuesday.push("A", KeyAnswer::Negative)?;
    /// tuesday.push("B", KeyAnswer::Silent)?;
    /// monday.merge(tuesday)?;
    /// assert_eq!(monday.get(&"A").unwrap().total(), 2);
    /// assert_eq!(monday.len(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: Groups<K, T>) -> Result<(), Error> {
        // Merge into copies first, so that a mismatch leaves `self` unchanged.
        let mut empty = self.empty.clone();
        empty.merge(&other.empty)?;
        let mut merged = Vec::with_capacity(other.groups.len());
        for (key, tally) in other.groups {
            let mut mine = match self.groups.get(&key) {
                Some(mine) => mine.clone(),
                None => self.empty.clone(),
            };
            mine.merge(&tally)?;
            merged.push((key, mine));
        }
        self.groups.extend(merged);
        Ok(())
    }

    /// The tally of one group.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, NpsTally};
    /// assert!(Groups::<u32, NpsTally>::new().get(&7).is_none());
    /// ```
    pub fn get(&self, key: &K) -> Option<&T> {
        self.groups.get(key)
    }

    /// Groups with their tallies, in key order.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, NpsScore, NpsTally};
    /// let mut groups: Groups<u8, NpsTally> = Groups::new();
    /// groups.push(2, NpsScore::new(10)?)?;
    /// groups.push(1, NpsScore::new(10)?)?;
    /// let keys: Vec<_> = groups.iter().map(|(k, _)| *k).collect();
    /// assert_eq!(keys, [1, 2]);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&K, &T)> {
        self.groups.iter()
    }

    /// Number of groups.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::Groups::<u8, cxmetrics::NpsTally>::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(cxmetrics::Groups::<u8, cxmetrics::NpsTally>::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// All groups merged into one tally.
    ///
    /// # Errors
    ///
    /// None for groups built here (every group shares the scales); the
    /// `Result` guards tallies put together by hand.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, KeyAnswer, KeyTally};
    /// let mut groups: Groups<&str, KeyTally> = Groups::new();
    /// groups.push("A", KeyAnswer::Positive)?;
    /// groups.push("B", KeyAnswer::Negative)?;
    /// assert_eq!(groups.total()?.total(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn total(&self) -> Result<T, Error> {
        let mut total = self.empty.clone();
        for tally in self.groups.values() {
            total.merge(tally)?;
        }
        Ok(total)
    }

    /// The same tallies under coarser keys, merged: days into months,
    /// staff members into offices.
    ///
    /// # Errors
    ///
    /// As [`Groups::merge`].
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, NpsScore, NpsTally};
    /// let mut by_day: Groups<(u16, u8, u8), NpsTally> = Groups::new();
    /// by_day.push((2026, 3, 1), NpsScore::new(10)?)?;
    /// by_day.push((2026, 3, 2), NpsScore::new(0)?)?;
    /// by_day.push((2026, 4, 1), NpsScore::new(9)?)?;
    /// let by_month = by_day.regroup(|&(year, month, _)| (year, month))?;
    /// assert_eq!(by_month.len(), 2);
    /// assert_eq!(by_month.get(&(2026, 3)).unwrap().total(), 2);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn regroup<L: Ord>(&self, mut key: impl FnMut(&K) -> L) -> Result<Groups<L, T>, Error> {
        let mut coarser = Groups::starting_from(self.empty.clone());
        for (k, tally) in &self.groups {
            coarser.add(key(k), tally)?;
        }
        Ok(coarser)
    }
}

impl<K: Ord> Groups<K, SurveyTally> {
    /// No groups yet; summaries will count CSAT and CES on `scales`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyScales};
    /// assert!(Groups::<String>::with_scales(SurveyScales::default()).is_empty());
    /// ```
    pub fn with_scales(scales: SurveyScales) -> Groups<K, SurveyTally> {
        Groups::starting_from(SurveyTally::new(scales))
    }

    /// The scales every group counts on.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Groups, SurveyScales};
    /// assert_eq!(Groups::<u8>::with_scales(SurveyScales::default()).scales(), SurveyScales::default());
    /// ```
    pub fn scales(&self) -> SurveyScales {
        self.empty.scales()
    }

    /// Counts one record (a [`Response`](crate::Response), or any type
    /// implementing [`Record`]) in the group `key`.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfScale`] for a score off its scale; nothing is
    /// counted then, and no group is created.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Answers, Groups, SurveyScales};
    /// let mut groups = Groups::with_scales(SurveyScales::default());
    /// groups.push_record("2026-03", &Answers::default())?;
    /// assert!(groups.push_record("2026-04", &Answers { csat: Some(0), ..Answers::default() }).is_err());
    /// assert_eq!(groups.len(), 1);
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn push_record<R: Record + ?Sized>(&mut self, key: K, record: &R) -> Result<(), Error> {
        let answers = self.empty.answers_of(record)?;
        self.push(key, answers)
    }
}

impl<K, T> IntoIterator for Groups<K, T> {
    type Item = (K, T);
    type IntoIter = std::collections::btree_map::IntoIter<K, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.groups.into_iter()
    }
}

/// One serialised group.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry<K, T> {
    key: K,
    tally: T,
}

/// The serialised form: the empty tally and the entries in key order.
#[derive(Serialize)]
struct GroupsOut<'a, K, T> {
    empty: &'a T,
    groups: Vec<Entry<&'a K, &'a T>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupsIn<K, T> {
    empty: T,
    groups: Vec<Entry<K, T>>,
}

impl<K: Serialize, T: Serialize> Serialize for Groups<K, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        GroupsOut {
            empty: &self.empty,
            groups: self
                .groups
                .iter()
                .map(|(key, tally)| Entry { key, tally })
                .collect(),
        }
        .serialize(serializer)
    }
}

impl<'de, K, T> Deserialize<'de> for Groups<K, T>
where
    K: Ord + Deserialize<'de>,
    T: Tally,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = GroupsIn::<K, T>::deserialize(deserializer)?;
        let mut groups = BTreeMap::new();
        for (position, Entry { key, tally }) in stored.groups.into_iter().enumerate() {
            // Each group must be on the groups' scales.
            let mut check = stored.empty.clone();
            check.merge(&tally).map_err(de::Error::custom)?;
            if groups.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "group {position} is listed twice: its key repeats an earlier group's"
                )));
            }
            groups.insert(key, tally);
        }
        Ok(Groups {
            empty: stored.empty,
            groups,
        })
    }
}

/// Summarises records per group in one pass: the key is whatever `key`
/// extracts from a record (office, staff member, month, a tuple of these).
///
/// Records are [`Response`](crate::Response)s, [`Answers`](crate::Answers)
/// or any type implementing [`Record`], owned or borrowed.
///
/// # Errors
///
/// [`Error::ScoreOutOfScale`] for the first score off its scale, with the
/// record's position.
///
/// # Example
///
/// ```
/// use cxmetrics::{Answers, KeyAnswer::*, Response, SilentWeight, SurveyScales};
///
/// let response = |office: &str, answer| Response {
///     office: Some(office.into()),
///     answers: Answers { staff_answer: Some(answer), ..Answers::default() },
///     ..Response::default()
/// };
/// let responses = [response("A", Negative), response("B", Positive), response("A", Positive)];
/// let by_office = cxmetrics::group_by(&responses, SurveyScales::default(), |r| r.office.clone())?;
/// let a = by_office.get(&Some("A".to_string())).unwrap();
/// assert_eq!(a.ink_staff(SilentWeight::ZERO)?.value(), 50.0);
/// assert_eq!(by_office.total()?.responses(), 3);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn group_by<I, K, F>(records: I, scales: SurveyScales, mut key: F) -> Result<Groups<K>, Error>
where
    I: IntoIterator,
    I::Item: Record,
    K: Ord,
    F: FnMut(&I::Item) -> K,
{
    let mut groups = Groups::with_scales(scales);
    for (index, record) in records.into_iter().enumerate() {
        groups
            .push_record(key(&record), &record)
            .map_err(|e| e.at(index))?;
    }
    Ok(groups)
}
