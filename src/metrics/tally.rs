//! The one abstraction every tally shares: start empty, count one
//! observation at a time, merge by adding, serialise.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::metrics::answer::KeyAnswer;
use crate::metrics::index::KeyTally;
use crate::metrics::nps::NpsTally;
use crate::metrics::ratio::RatioTally;
use crate::metrics::scale::NpsScore;
use crate::metrics::scale_tally::{ScaleKind, ScaleTally};

/// A mergeable count of observations: the sufficient statistic of a metric.
///
/// Every tally of the crate implements it ([`NpsTally`], [`ScaleTally`],
/// [`KeyTally`], [`RatioTally`], the weighted tallies and
/// [`SurveyTally`](crate::SurveyTally)), so that generic code such as
/// [`Groups`](crate::Groups) can keep any of them per key. Tallies form a
/// commutative monoid under [`Tally::merge`], with [`Default`] (on the same
/// scale) as the identity; the crate's tests check those laws for every
/// implementation.
///
/// A failed `push` or `merge` leaves the tally unchanged.
///
/// # Example
///
/// ```
/// use cxmetrics::{NpsScore, NpsTally, Tally};
///
/// fn count_all<T: Tally>(items: impl IntoIterator<Item = T::Item>) -> Result<T, cxmetrics::Error> {
///     let mut tally = T::default();
///     for item in items {
///         tally.push(item)?;
///     }
///     Ok(tally)
/// }
///
/// let tally: NpsTally = count_all([NpsScore::new(10)?, NpsScore::new(3)?])?;
/// assert_eq!(tally.nps()?.value(), 0.0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub trait Tally: Clone + Default + Serialize + DeserializeOwned {
    /// One observation: a score, an answer, a weighted answer, a response's
    /// answers, an office-day's counts.
    type Item;

    /// Counts one observation.
    ///
    /// # Errors
    ///
    /// Whatever the tally validates: a score off its scale, for example.
    fn push(&mut self, item: Self::Item) -> Result<(), Error>;

    /// Adds another tally's counts.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] for tallies on different scales.
    fn merge(&mut self, other: &Self) -> Result<(), Error>;
}

impl Tally for NpsTally {
    type Item = NpsScore;

    fn push(&mut self, score: NpsScore) -> Result<(), Error> {
        NpsTally::push(self, score);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        *self += other;
        Ok(())
    }
}

impl<K: ScaleKind> Tally for ScaleTally<K> {
    type Item = u8;

    fn push(&mut self, score: u8) -> Result<(), Error> {
        ScaleTally::push(self, score)
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        ScaleTally::merge(self, other)
    }
}

impl Tally for KeyTally {
    type Item = KeyAnswer;

    fn push(&mut self, answer: KeyAnswer) -> Result<(), Error> {
        KeyTally::push(self, answer);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        *self += other;
        Ok(())
    }
}

impl Tally for RatioTally {
    /// One office-day's (or group's) counts.
    type Item = RatioTally;

    fn push(&mut self, day: RatioTally) -> Result<(), Error> {
        self.add(day);
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<(), Error> {
        self.add(*other);
        Ok(())
    }
}
