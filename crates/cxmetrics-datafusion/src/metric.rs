//! The metrics as seen by the engine: what each one counts, and how a
//! group's counts become a value, an interval or a tally.
//!
//! Every formula lives in the core crate; this module only maps between a
//! flat slice of counts and the core tallies.

use cxmetrics::{
    CesTally, ConfidenceLevel, CsatTally, Error, KeyTally, NetMethod, NpsTally, Scale, ShareMethod,
    SilentWeight,
};

/// A metric the engine can aggregate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Metric {
    Nps,
    Csat,
    Ces,
    Ink,
    Iel,
}

/// What the raw input of a metric is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    /// Integer scores on `low..=high`; the slot is `score - low`.
    Score { low: u8, high: u8 },
    /// Key-question labels; the slot is the [`cxmetrics::KeyAnswer`] index.
    Answer,
}

impl Metric {
    pub(crate) const ALL: [Metric; 5] = [
        Metric::Nps,
        Metric::Csat,
        Metric::Ces,
        Metric::Ink,
        Metric::Iel,
    ];

    /// The SQL name stem: `nps`, `nps_ci`, `nps_tally`.
    pub(crate) fn stem(self) -> &'static str {
        match self {
            Metric::Nps => "nps",
            Metric::Csat => "csat",
            Metric::Ces => "ces",
            Metric::Ink => "ink",
            Metric::Iel => "iel",
        }
    }

    /// The core crate's name of the metric, for error messages.
    pub(crate) fn core(self) -> cxmetrics::Metric {
        match self {
            Metric::Nps => cxmetrics::Metric::Nps,
            Metric::Csat => cxmetrics::Metric::Csat,
            Metric::Ces => cxmetrics::Metric::Ces,
            Metric::Ink => cxmetrics::Metric::Ink,
            Metric::Iel => cxmetrics::Metric::Iel,
        }
    }

    pub(crate) fn input(self) -> Input {
        let score = |scale: Scale| Input::Score {
            low: scale.low(),
            high: scale.high(),
        };
        match self {
            Metric::Nps => score(cxmetrics::NpsScore::SCALE),
            Metric::Csat => score(Scale::CSAT),
            Metric::Ces => score(Scale::CES),
            Metric::Ink | Metric::Iel => Input::Answer,
        }
    }

    /// Number of counts in the tally: one per scale point or per answer.
    pub(crate) fn width(self) -> usize {
        match self.input() {
            Input::Score { low, high } => usize::from(high - low) + 1,
            Input::Answer => cxmetrics::KeyAnswer::ALL.len(),
        }
    }

    /// Whether the metric takes the silent-respondent weight `k`.
    pub(crate) fn takes_k(self) -> bool {
        matches!(self, Metric::Ink | Metric::Iel)
    }
}

/// A group's result: the value, the number of answers it rests on, and the
/// interval when one was asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Estimate {
    pub(crate) value: f64,
    pub(crate) n: u64,
    pub(crate) low: f64,
    pub(crate) high: f64,
}

/// How a group's counts are turned into a result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Finish {
    pub(crate) metric: Metric,
    /// Required by ИНК and ИЭЛ, ignored by the others.
    pub(crate) k: SilentWeight,
    pub(crate) level: ConfidenceLevel,
}

impl Finish {
    /// The metric of one group's counts, `None` when there is nothing to
    /// compute it from (no answers, or only force-majeure ones for ИНК).
    ///
    /// Intervals use the crate's recommended methods: adjusted Wald for NPS
    /// and ИЭЛ, Wilson for CSAT and ИНК, Student t for the CES mean.
    pub(crate) fn estimate(&self, counts: &[u64]) -> Result<Option<Estimate>, Error> {
        let level = self.level;
        let result = match self.metric {
            Metric::Nps => {
                let nps = NpsTally::from_counts(fixed(Metric::Nps, counts)?).nps();
                nps.and_then(|m| {
                    let ci = m.interval(level, NetMethod::AdjustedWald)?;
                    Ok((m.value(), m.total(), ci))
                })
            }
            Metric::Csat => CsatTally::from_counts(Scale::CSAT, counts)
                .and_then(|t| t.csat())
                .and_then(|m| {
                    let ci = m.interval(level, ShareMethod::Wilson)?;
                    Ok((m.top_box_share(), m.total(), ci))
                }),
            Metric::Ces => CesTally::from_counts(Scale::CES, counts)
                .and_then(|t| t.ces())
                .and_then(|m| {
                    let ci = m.interval(level)?;
                    Ok((m.mean(), m.total(), ci))
                }),
            Metric::Ink => key_tally(Metric::Ink, counts)?.ink(self.k).and_then(|m| {
                let ci = m.interval(level, ShareMethod::Wilson)?;
                Ok((m.value(), m.n(), ci))
            }),
            Metric::Iel => key_tally(Metric::Iel, counts)?.iel(self.k).and_then(|m| {
                let ci = m.interval(level, NetMethod::AdjustedWald)?;
                Ok((m.value(), m.n(), ci))
            }),
        };
        match result {
            Ok((value, n, ci)) => Ok(Some(Estimate {
                value,
                n,
                low: ci.low(),
                high: ci.high(),
            })),
            Err(Error::Empty { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The metric's value alone: no interval is computed.
    pub(crate) fn value(&self, counts: &[u64]) -> Result<Option<f64>, Error> {
        let value = match self.metric {
            Metric::Nps => NpsTally::from_counts(fixed(Metric::Nps, counts)?)
                .nps()
                .map(|m| m.value()),
            Metric::Csat => CsatTally::from_counts(Scale::CSAT, counts)
                .and_then(|t| t.csat())
                .map(|m| m.top_box_share()),
            Metric::Ces => CesTally::from_counts(Scale::CES, counts)
                .and_then(|t| t.ces())
                .map(|m| m.mean()),
            Metric::Ink => key_tally(Metric::Ink, counts)?
                .ink(self.k)
                .map(|m| m.value()),
            Metric::Iel => key_tally(Metric::Iel, counts)?
                .iel(self.k)
                .map(|m| m.value()),
        };
        match value {
            Ok(value) => Ok(Some(value)),
            Err(Error::Empty { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

fn fixed<const N: usize>(metric: Metric, counts: &[u64]) -> Result<[u64; N], Error> {
    counts.try_into().map_err(|_| Error::CountsLength {
        metric: metric.core(),
        expected: N,
        found: counts.len(),
    })
}

fn key_tally(metric: Metric, counts: &[u64]) -> Result<KeyTally, Error> {
    let [positive, negative, silent, force_majeure] = fixed(metric, counts)?;
    Ok(KeyTally::from_counts(
        positive,
        negative,
        silent,
        force_majeure,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(metric: Metric, k: f64) -> Finish {
        Finish {
            metric,
            k: SilentWeight::new(k).unwrap(),
            level: ConfidenceLevel::P95,
        }
    }

    #[test]
    fn widths_follow_the_scales() {
        let widths = Metric::ALL.map(Metric::width);
        assert_eq!(widths, [11, 5, 7, 4, 4]);
    }

    #[test]
    fn values_match_hand_worked_examples() {
        // SPEC: 75 promoters, 5 passives, 20 detractors: NPS 55.
        let mut nps = [0u64; 11];
        nps[0] = 20;
        nps[7] = 5;
        nps[9] = 75;
        assert_eq!(finish(Metric::Nps, 0.0).value(&nps).unwrap(), Some(55.0));
        // ИНК with P50, N8 unqualified, S40, F3 at k = 0.25:
        // ((11 - 3) + 0.25 * 40) / (50 + 11 + 40 - 3) = 18 / 98.
        let ink = finish(Metric::Ink, 0.25)
            .value(&[50, 8, 40, 3])
            .unwrap()
            .unwrap();
        assert!((ink - 18.0 / 98.0 * 100.0).abs() < 1e-9);
        // CSAT: 3 of 4 answers are 4 or 5.
        let csat = finish(Metric::Csat, 0.0).value(&[1, 0, 0, 1, 2]).unwrap();
        assert_eq!(csat, Some(75.0));
    }

    #[test]
    fn empty_groups_have_no_value() {
        for metric in Metric::ALL {
            let zeros = vec![0; metric.width()];
            assert_eq!(finish(metric, 0.5).value(&zeros).unwrap(), None);
            assert_eq!(finish(metric, 0.5).estimate(&zeros).unwrap(), None);
        }
        // Only force-majeure answers: ИНК has no denominator.
        assert_eq!(finish(Metric::Ink, 0.5).value(&[0, 0, 0, 7]).unwrap(), None);
    }
}
