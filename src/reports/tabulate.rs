//! One pass over a CSV of responses: every metric per group, with the rows
//! read, used and rejected, and the survey counts per office and day that
//! the ratio metrics join with traffic.

use std::collections::HashMap;
use std::io::Read;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::input::period::{Period, PeriodKey};
use crate::input::reader::{
    Column, MAX_KEPT_REJECTIONS, Mode, Rejection, ResponseReader, RowCounts,
};
use crate::input::rejections::{MaxRejected, RejectionSummary};
use crate::metrics::response::Answers;
use crate::metrics::scale::SurveyScales;
use crate::metrics::tally::Tally;
use crate::reports::compact::CompactTally;
use crate::reports::groups::Groups;
use crate::reports::survey_tally::SurveyTally;

/// Which keys to group responses by; all `false` and no period gives one
/// group of everything.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, Period};
/// let by = GroupBy { office: true, period: Some(Period::Month), ..GroupBy::default() };
/// assert_eq!(by.to_string(), "office, month");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupBy {
    /// Group by office.
    pub office: bool,
    /// Group by staff member.
    pub staff: bool,
    /// Group by channel.
    pub channel: bool,
    /// Group by the column the run names as [`Column::Segment`]
    /// ([`Columns::segment`](crate::Columns::segment)): `problem`, `reason`,
    /// any column of the export, taken verbatim.
    pub segment: bool,
    /// Group by a calendar period of the local date.
    pub period: Option<Period>,
    /// Also count surveys per office and local date, which a traffic join
    /// ([`Tabulation::ratios`]) needs: on by default. Turn it off when no
    /// traffic will be joined: with thousands of offices over a year the
    /// office-days outnumber the groups a hundredfold, and counting them
    /// costs a third of the time.
    pub office_days: bool,
}

/// No grouping (one group of everything), office-days counted.
///
/// # Example
///
/// ```
/// let by = cxmetrics::GroupBy::default();
/// assert!(!by.office && by.period.is_none() && by.office_days);
/// ```
impl Default for GroupBy {
    fn default() -> Self {
        GroupBy {
            office: false,
            staff: false,
            channel: false,
            segment: false,
            period: None,
            office_days: true,
        }
    }
}

/// The keys in words, a segment as `segment`: see [`Tabulation::grouping`]
/// for the segment's own name.
impl std::fmt::Display for GroupBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label(None))
    }
}

impl GroupBy {
    /// Whether traffic (kept per office and day) can be split along these
    /// keys: not when grouping by staff, channel or a segment.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::GroupBy;
    /// assert!(!GroupBy { staff: true, ..GroupBy::default() }.fits_traffic());
    /// ```
    pub fn fits_traffic(&self) -> bool {
        !self.staff && !self.channel && !self.segment
    }

    /// The keys in words (`office, month`), the segment by `segment_name`
    /// or else as `segment`.
    fn label(&self, segment_name: Option<&str>) -> String {
        let segment = segment_name.unwrap_or(Column::Segment.default_name());
        let mut parts = Vec::new();
        for (on, name) in [
            (self.office, "office"),
            (self.staff, "staff"),
            (self.channel, "channel"),
            (self.segment, segment),
        ] {
            if on {
                parts.push(name);
            }
        }
        if let Some(period) = self.period {
            parts.push(period.name());
        }
        if parts.is_empty() {
            "(all responses)".to_string()
        } else {
            parts.join(", ")
        }
    }

    /// The grouping that the keys of `groups` fit: each field that a key
    /// has, and the kind of their periods. For a user's own keys turned
    /// into [`GroupKey`]s, before [`Tabulation::from_groups`].
    ///
    /// # Errors
    ///
    /// [`Error::KeyOutsideGrouping`] for keys whose periods are of two
    /// kinds (a day and a month): no grouping holds both.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::jiff::civil::date;
    /// use cxmetrics::{GroupBy, GroupKey, Groups, NpsScore, NpsTally, Period};
    /// let mut groups: Groups<GroupKey, NpsTally> = Groups::new();
    /// let march = Period::Month.key(date(2026, 3, 9));
    /// groups.push(GroupKey::default().with_office("Kazan").with_period(march), NpsScore::new(9)?)?;
    /// groups.push(GroupKey::default().with_office("Omsk"), NpsScore::new(4)?)?;
    /// let by = GroupBy::of_keys(&groups)?;
    /// assert_eq!(by, GroupBy { office: true, period: Some(Period::Month), ..GroupBy::default() });
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn of_keys<T: Tally>(groups: &Groups<GroupKey, T>) -> Result<GroupBy, Error> {
        let mut by = GroupBy::default();
        for (key, _) in groups.iter() {
            by.office |= key.office.is_some();
            by.staff |= key.staff.is_some();
            by.channel |= key.channel.is_some();
            by.segment |= key.segment.is_some();
            if let Some(period) = key.period {
                match by.period {
                    Some(kind) if kind != period.period() => {
                        return Err(Error::KeyOutsideGrouping {
                            key: key.label(),
                            group_by: by.to_string(),
                        });
                    }
                    _ => by.period = Some(period.period()),
                }
            }
        }
        Ok(by)
    }

    /// Whether `key` has only fields this grouping groups by, and a period
    /// of its kind.
    fn fits(&self, key: &GroupKey) -> bool {
        let outside = (key.office.is_some() && !self.office)
            || (key.staff.is_some() && !self.staff)
            || (key.channel.is_some() && !self.channel)
            || (key.segment.is_some() && !self.segment)
            || key.period.is_some_and(|p| self.period != Some(p.period()));
        !outside
    }

    /// The key of a response (or a traffic row, with no staff or channel).
    pub(crate) fn key(
        &self,
        office: Option<&str>,
        staff: Option<&str>,
        channel: Option<&str>,
        segment: Option<&str>,
        date: Option<Date>,
    ) -> GroupKey {
        let keep =
            |on: bool, value: Option<&str>| if on { value.map(str::to_string) } else { None };
        GroupKey {
            office: keep(self.office, office),
            staff: keep(self.staff, staff),
            channel: keep(self.channel, channel),
            segment: keep(self.segment, segment),
            period: self.period.zip(date).map(|(p, d)| p.key(d)),
        }
    }
}

/// The key of a group: the values of the grouping fields, `None` for a
/// field not grouped by or missing in the response.
///
/// # Example
///
/// ```
/// use cxmetrics::GroupKey;
/// let key = GroupKey { office: Some("Kazan".into()), ..GroupKey::default() };
/// assert_eq!(key.office.as_deref(), Some("Kazan"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupKey {
    /// Office, verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// Staff member, verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// Channel, verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The [`Column::Segment`] value, verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Period of the local date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodKey>,
}

impl GroupKey {
    /// The key with its office.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::GroupKey;
    /// let key = GroupKey::default().with_office("Kazan");
    /// assert_eq!(key.office.as_deref(), Some("Kazan"));
    /// ```
    pub fn with_office(self, office: impl Into<String>) -> GroupKey {
        GroupKey {
            office: Some(office.into()),
            ..self
        }
    }

    /// The key with its staff member.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::GroupKey;
    /// let key = GroupKey::default().with_staff("ivanova.a");
    /// assert_eq!(key.staff.as_deref(), Some("ivanova.a"));
    /// ```
    pub fn with_staff(self, staff: impl Into<String>) -> GroupKey {
        GroupKey {
            staff: Some(staff.into()),
            ..self
        }
    }

    /// The key with its channel.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::GroupKey;
    /// let key = GroupKey::default().with_channel("web");
    /// assert_eq!(key.channel.as_deref(), Some("web"));
    /// ```
    pub fn with_channel(self, channel: impl Into<String>) -> GroupKey {
        GroupKey {
            channel: Some(channel.into()),
            ..self
        }
    }

    /// The key with its segment (the value of another column of the export).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::GroupKey;
    /// let key = GroupKey::default().with_segment("resolved");
    /// assert_eq!(key.segment.as_deref(), Some("resolved"));
    /// ```
    pub fn with_segment(self, segment: impl Into<String>) -> GroupKey {
        GroupKey {
            segment: Some(segment.into()),
            ..self
        }
    }

    /// The key with its period.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{GroupKey, Period};
    /// let march = Period::Month.key(cxmetrics::jiff::civil::date(2026, 3, 9));
    /// let key = GroupKey::default().with_office("Kazan").with_period(march);
    /// assert_eq!(key.label(), "Kazan / 2026-03");
    /// ```
    pub fn with_period(self, period: PeriodKey) -> GroupKey {
        GroupKey {
            period: Some(period),
            ..self
        }
    }

    /// The key in words: its fields present joined by ` / `, or `(none)`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::GroupKey;
    /// let key = GroupKey { office: Some("Kazan".into()), staff: Some("ivanova.a".into()), ..GroupKey::default() };
    /// assert_eq!(key.label(), "Kazan / ivanova.a");
    /// ```
    pub fn label(&self) -> String {
        let period = self.period.map(|p| p.to_string());
        let fields: Vec<&str> = [
            &self.office,
            &self.staff,
            &self.channel,
            &self.segment,
            &period,
        ]
        .into_iter()
        .filter_map(|f| f.as_deref())
        .collect();
        if fields.is_empty() {
            "(none)".to_string()
        } else {
            fields.join(" / ")
        }
    }
}

/// Surveys and force-majeure situations of one office on one local date.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, ReaderOptions, ResponseReader};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())?;
/// let day = table.office_days[&("Kazan-Central".to_string(), cxmetrics::jiff::civil::date(2026, 3, 31))];
/// assert_eq!((day.surveys, day.force_majeure), (1, 1));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// Used responses.
    pub surveys: u64,
    /// Responses with a force-majeure staff or office answer.
    pub force_majeure: u64,
}

/// The result of [`tabulate`]: rows, rejections, per-group summaries, and
/// survey counts per office and day.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, ReaderOptions, ResponseReader};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let table = cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())?;
/// assert_eq!(table.rows.read, 13);
/// assert_eq!(table.rejections.len(), 10);
/// assert_eq!(table.groups.len(), 1);
/// assert_eq!(table.undated_surveys, 0);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "StoredTabulation", try_from = "StoredTabulation")]
pub struct Tabulation {
    /// Rows read, used and rejected.
    pub rows: RowCounts,
    /// The first [`MAX_KEPT_REJECTIONS`] rejections, in file order.
    pub rejections: Vec<Rejection>,
    /// Summaries per group.
    pub groups: Groups<GroupKey>,
    /// How the groups were formed.
    pub group_by: GroupBy,
    /// The export's name of the column grouped by as the segment
    /// ([`GroupBy::segment`]), for headers: `problem` for `--by problem`.
    pub segment_column: Option<String>,
    /// Surveys per office and local date (rows with both), for the traffic join.
    pub office_days: HashMap<(String, Date), DayCount>,
    /// Used rows without an office or a date, which no traffic row can match.
    pub undated_surveys: u64,
    /// Columns the reader did not read, with their names (see
    /// [`ResponseReader::missing_columns`]): questions never asked, keys
    /// unknown.
    pub missing_columns: Vec<(Column, String)>,
    /// Every rejection counted by kind and column, with the first lines and
    /// a likely fix: what to read before [`Tabulation::rejections`].
    pub rejection_summary: RejectionSummary,
    /// Names the header repeats in columns the run does not read (see
    /// [`ResponseReader::duplicate_columns`]), for a warning.
    pub duplicate_columns: Vec<String>,
    /// The first and last local dates of the used responses, `None`
    /// without any: a week or month these cut is partial
    /// ([`PeriodKey::is_within`](crate::PeriodKey::is_within)).
    pub dates: Option<(Date, Date)>,
}

impl Tabulation {
    /// Adds another tabulation of the same grouping, such as the next part
    /// of a file: rows, rejections (up to [`MAX_KEPT_REJECTIONS`]), groups
    /// and office-days add up.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] if the two were read on different scales;
    /// [`Error::Inconsistent`] for segments of two different columns;
    /// [`Error::TabulationOverflow`] if a count of rows or of an
    /// office-day would pass `u64::MAX`. On any error `self` is unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{GroupBy, ReaderOptions, ResponseReader};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
    /// let read = || -> Result<_, cxmetrics::Error> {
    ///     cxmetrics::tabulate(&mut ResponseReader::from_path(path, ReaderOptions::default())?, GroupBy::default())
    /// };
    /// let mut twice = read()?;
    /// twice.merge(read()?)?;
    /// assert_eq!((twice.rows.read, twice.rows.rejected), (26, 20));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn merge(&mut self, other: Tabulation) -> Result<(), Error> {
        if let (Some(mine), Some(theirs)) = (&self.segment_column, &other.segment_column)
            && mine != theirs
        {
            return Err(Error::Inconsistent {
                detail: format!(
                    "tabulations of segments of {mine:?} and of {theirs:?} cannot be added"
                ),
            });
        }
        // Every count is checked before anything is added.
        let sum = |count: &'static str, a: u64, b: u64| {
            a.checked_add(b).ok_or(Error::TabulationOverflow { count })
        };
        let rows = RowCounts {
            read: sum("rows read", self.rows.read, other.rows.read)?,
            used: sum("rows used", self.rows.used, other.rows.used)?,
            rejected: sum("rows rejected", self.rows.rejected, other.rows.rejected)?,
        };
        let undated = sum(
            "undated surveys",
            self.undated_surveys,
            other.undated_surveys,
        )?;
        for (key, theirs) in &other.office_days {
            let ours = self.office_days.get(key).copied().unwrap_or_default();
            sum("office-day surveys", ours.surveys, theirs.surveys)?;
            sum(
                "office-day force-majeure situations",
                ours.force_majeure,
                theirs.force_majeure,
            )?;
        }
        // The last step that can fail, and it changes nothing when it does.
        self.groups.merge(other.groups)?;
        for missing in other.missing_columns {
            if !self.missing_columns.contains(&missing) {
                self.missing_columns.push(missing);
            }
        }
        self.rows = rows;
        let room = MAX_KEPT_REJECTIONS.saturating_sub(self.rejections.len());
        self.rejections
            .extend(other.rejections.into_iter().take(room));
        for (key, count) in other.office_days {
            let day = self.office_days.entry(key).or_default();
            // Checked above: neither sum passes u64::MAX.
            day.surveys = day.surveys.saturating_add(count.surveys);
            day.force_majeure = day.force_majeure.saturating_add(count.force_majeure);
        }
        self.undated_surveys = undated;
        self.rejection_summary.merge(other.rejection_summary);
        for name in other.duplicate_columns {
            if !self.duplicate_columns.contains(&name) {
                self.duplicate_columns.push(name);
            }
        }
        if self.segment_column.is_none() {
            self.segment_column = other.segment_column;
        }
        self.dates = match (self.dates, other.dates) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (mine, theirs) => mine.or(theirs),
        };
        Ok(())
    }

    /// A tabulation of groups built from your own records, so that they are
    /// reported as a file's groups are: [`crate::Report`] (JSON, HTML, the
    /// monitoring facts over periods) and [`crate::ReportRows`]. Map your
    /// keys to a [`GroupKey`] first ([`crate::Groups::regroup`]).
    ///
    /// Every group counts as read and used, nothing as rejected; there are
    /// no office-days, so no traffic join. A segment's column is called
    /// `segment`: set [`Tabulation::segment_column`] to name it.
    ///
    /// # Errors
    ///
    /// [`Error::KeyOutsideGrouping`] for a key with a field `by` does not
    /// group by, or a period of another kind; [`Error::ScaleMismatch`]
    /// never in practice (the groups share their scales).
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::jiff::civil::{Date, date};
    /// use cxmetrics::{Answers, ConfidenceLevel, GroupBy, GroupKey, Groups, NpsScore, Period, Report, ReportOptions, SilentWeight, Tabulation};
    /// // Your tallies by office and day (say, stored daily), rolled up to months.
    /// let mut by_day: Groups<(String, Date)> = Groups::new();
    /// let answer = |score| Answers { nps: NpsScore::new(score).ok(), ..Answers::default() };
    /// by_day.push_record(("Kazan".into(), date(2026, 3, 2)), &answer(10))?;
    /// by_day.push_record(("Kazan".into(), date(2026, 4, 7)), &answer(3))?;
    /// let by_month = by_day.regroup(|(office, day)| GroupKey {
    ///     office: Some(office.clone()),
    ///     period: Some(Period::Month.key(*day)),
    ///     ..GroupKey::default()
    /// })?;
    /// let by = GroupBy { office: true, period: Some(Period::Month), ..GroupBy::default() };
    /// let report = Report::new(&Tabulation::from_groups(by_month, by)?, None, ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95))?;
    /// assert_eq!(report.groups.len(), 2);
    /// assert_eq!(report.groups[0].nps.value, Some(100.0));
    /// assert_eq!(serde_json::to_value(&report.groups[1])?["period"], "2026-04");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_groups(groups: Groups<GroupKey>, by: GroupBy) -> Result<Tabulation, Error> {
        for (key, _) in groups.iter() {
            if !by.fits(key) {
                return Err(Error::KeyOutsideGrouping {
                    key: key.label(),
                    group_by: by.to_string(),
                });
            }
        }
        let responses = groups.total()?.responses();
        Ok(Tabulation {
            rows: RowCounts {
                read: responses,
                used: responses,
                rejected: 0,
            },
            rejections: Vec::new(),
            groups,
            group_by: GroupBy {
                office_days: false,
                ..by
            },
            segment_column: by
                .segment
                .then(|| Column::Segment.default_name().to_string()),
            office_days: HashMap::new(),
            undated_surveys: 0,
            missing_columns: Vec::new(),
            rejection_summary: RejectionSummary::default(),
            duplicate_columns: Vec::new(),
            dates: None,
        })
    }
}

impl Tabulation {
    /// A tabulation of your own groups under any key that displays (an
    /// enum, a tuple type of your own, a date), each group reported under
    /// its key's text as the segment `name`: so the report, its JSON, CSV
    /// rows and HTML page come out of any grouping, keys verbatim. For
    /// keys with an office, staff, channel or period of their own, map
    /// them to a [`GroupKey`] and use [`Tabulation::from_groups`], which
    /// also follows periods in the monitoring facts.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] for two keys that display alike (their
    /// groups would merge unseen).
    ///
    /// # Example
    ///
    /// ```
    /// use std::fmt;
    /// use cxmetrics::{Answers, ConfidenceLevel, Groups, NpsScore, Report, ReportOptions, SilentWeight, Tabulation};
    /// #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    /// enum Plan { Basic, Premium }
    /// impl fmt::Display for Plan {
    ///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    ///         f.write_str(match self { Plan::Basic => "basic", Plan::Premium => "premium" })
    ///     }
    /// }
    /// let mut groups: Groups<Plan> = Groups::new();
    /// let nps = |score| Answers { nps: NpsScore::new(score).ok(), ..Answers::default() };
    /// groups.push_record(Plan::Premium, &nps(10))?;
    /// groups.push_record(Plan::Basic, &nps(3))?;
    /// let table = Tabulation::from_displayed_groups(&groups, "plan")?;
    /// let report = Report::new(&table, None, ReportOptions::new(SilentWeight::new(0.5)?, ConfidenceLevel::P95))?;
    /// assert_eq!(report.summary.group_by, "plan");
    /// let json = serde_json::to_value(&report)?;
    /// assert_eq!((&json["groups"][0]["segment"], &json["groups"][0]["nps"]["value"]), (&"basic".into(), &(-100.0).into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_displayed_groups<K: Ord + std::fmt::Display>(
        groups: &Groups<K>,
        name: &str,
    ) -> Result<Tabulation, Error> {
        let keyed = groups.regroup(|key| GroupKey {
            segment: Some(key.to_string()),
            ..GroupKey::default()
        })?;
        if keyed.len() != groups.len() {
            return Err(Error::Inconsistent {
                detail: format!(
                    "{} groups display as {} keys: two keys read alike",
                    groups.len(),
                    keyed.len()
                ),
            });
        }
        let by = GroupBy {
            segment: true,
            office_days: false,
            ..GroupBy::default()
        };
        let mut table = Tabulation::from_groups(keyed, by)?;
        table.segment_column = Some(name.to_string());
        Ok(table)
    }

    /// The grouping in words, the segment by its column's name:
    /// `problem, month` for `--by problem,month`.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{Columns, GroupBy, Period, ReaderOptions, ResponseReader};
    /// let csv = "timestamp,problem,nps\n2026-03-02T10:00:00Z,resolved,9\n";
    /// let options = ReaderOptions {
    ///     columns: Columns { segment: Some("problem".into()), ..Columns::default() },
    ///     ..ReaderOptions::default()
    /// };
    /// let mut reader = ResponseReader::from_reader(csv.as_bytes(), options)?;
    /// let by = GroupBy { segment: true, period: Some(Period::Month), ..GroupBy::default() };
    /// let table = cxmetrics::tabulate(&mut reader, by)?;
    /// assert_eq!(table.grouping(), "problem, month");
    /// assert_eq!(table.group_by.to_string(), "segment, month");
    /// let (key, _) = table.groups.iter().next().unwrap();
    /// assert_eq!(key.segment.as_deref(), Some("resolved"));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn grouping(&self) -> String {
        self.group_by.label(self.segment_column.as_deref())
    }

    /// Moves every rejection's line `lines` further down: for a part of a
    /// file read as if it started at its cut.
    #[cfg_attr(not(feature = "rayon"), allow(dead_code))] // the parallel reader's
    pub(crate) fn shift_lines(&mut self, lines: u64) {
        for rejection in &mut self.rejections {
            rejection.line += lines;
        }
        self.rejection_summary.shift_lines(lines);
    }
}

/// The serialised form of a [`Tabulation`]: office-days as a sorted list
/// (a JSON object cannot have a pair as its key), checked when read back.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredTabulation {
    rows: RowCounts,
    rejections: Vec<Rejection>,
    groups: Groups<GroupKey>,
    group_by: GroupBy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    segment_column: Option<String>,
    office_days: Vec<StoredOfficeDay>,
    undated_surveys: u64,
    missing_columns: Vec<(Column, String)>,
    #[serde(default)]
    rejection_summary: RejectionSummary,
    #[serde(default)]
    duplicate_columns: Vec<String>,
    #[serde(default, with = "date_range_text")]
    dates: Option<(Date, Date)>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredOfficeDay {
    office: String,
    #[serde(with = "date_text")]
    date: Date,
    surveys: u64,
    force_majeure: u64,
}

/// A range of dates as `["YYYY-MM-DD", "YYYY-MM-DD"]`, or `null`.
pub(crate) mod date_range_text {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(range: &Option<(Date, Date)>, s: S) -> Result<S::Ok, S::Error> {
        match range {
            Some((first, last)) => s.collect_seq([first.to_string(), last.to_string()]),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(Date, Date)>, D::Error> {
        let texts = Option::<(String, String)>::deserialize(d)?;
        texts
            .map(|(first, last)| {
                let first: Date = first.parse().map_err(serde::de::Error::custom)?;
                let last: Date = last.parse().map_err(serde::de::Error::custom)?;
                if first > last {
                    return Err(serde::de::Error::custom(format!(
                        "dates: first {first} after last {last}"
                    )));
                }
                Ok((first, last))
            })
            .transpose()
    }
}

/// A date as `YYYY-MM-DD` text.
mod date_text {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl From<Tabulation> for StoredTabulation {
    fn from(t: Tabulation) -> Self {
        let mut office_days: Vec<StoredOfficeDay> = t
            .office_days
            .into_iter()
            .map(|((office, date), count)| StoredOfficeDay {
                office,
                date,
                surveys: count.surveys,
                force_majeure: count.force_majeure,
            })
            .collect();
        office_days.sort_by(|a, b| (&a.office, a.date).cmp(&(&b.office, b.date)));
        StoredTabulation {
            rows: t.rows,
            rejections: t.rejections,
            groups: t.groups,
            group_by: t.group_by,
            segment_column: t.segment_column,
            office_days,
            undated_surveys: t.undated_surveys,
            missing_columns: t.missing_columns,
            rejection_summary: t.rejection_summary,
            duplicate_columns: t.duplicate_columns,
            dates: t.dates,
        }
    }
}

impl TryFrom<StoredTabulation> for Tabulation {
    type Error = Error;

    /// Refuses accounting that does not add up: rows read that are not used
    /// plus rejected, groups or office-days that hold other than the used
    /// rows, more rejections kept than rejected.
    fn try_from(stored: StoredTabulation) -> Result<Tabulation, Error> {
        let inconsistent = |detail: String| Error::Inconsistent { detail };
        let rows = stored.rows;
        if rows.used.checked_add(rows.rejected) != Some(rows.read) {
            return Err(inconsistent(format!(
                "tabulation: {} rows read, but {} used and {} rejected",
                rows.read, rows.used, rows.rejected
            )));
        }
        let kept = stored.rejections.len() as u64;
        if kept > rows.rejected || kept > MAX_KEPT_REJECTIONS as u64 {
            return Err(inconsistent(format!(
                "tabulation: {kept} rejections kept of {} rejected",
                rows.rejected
            )));
        }
        let by = stored.group_by;
        for (key, _) in stored.groups.iter() {
            if !by.fits(key) {
                return Err(inconsistent(format!(
                    "tabulation: group {key:?} does not fit the grouping by {by}"
                )));
            }
        }
        let grouped = stored.groups.total()?.responses();
        if grouped != rows.used {
            return Err(inconsistent(format!(
                "tabulation: groups hold {grouped} responses, {} rows used",
                rows.used
            )));
        }
        let mut office_days = HashMap::with_capacity(stored.office_days.len());
        let mut dated = 0u64;
        for day in stored.office_days {
            if day.force_majeure > day.surveys {
                return Err(inconsistent(format!(
                    "tabulation: {} on {}: {} force-majeure situations among {} surveys",
                    day.office, day.date, day.force_majeure, day.surveys
                )));
            }
            dated = dated.saturating_add(day.surveys);
            let count = DayCount {
                surveys: day.surveys,
                force_majeure: day.force_majeure,
            };
            if office_days.insert((day.office, day.date), count).is_some() {
                return Err(inconsistent(
                    "tabulation: an office-day is listed twice".into(),
                ));
            }
        }
        let counted = if by.office_days { rows.used } else { 0 };
        if dated.checked_add(stored.undated_surveys) != Some(counted) {
            return Err(inconsistent(format!(
                "tabulation: {dated} dated and {} undated surveys, {counted} expected",
                stored.undated_surveys
            )));
        }
        Ok(Tabulation {
            rows,
            rejections: stored.rejections,
            groups: stored.groups,
            group_by: stored.group_by,
            segment_column: stored.segment_column,
            office_days,
            undated_surveys: stored.undated_surveys,
            missing_columns: stored.missing_columns,
            rejection_summary: stored.rejection_summary,
            duplicate_columns: stored.duplicate_columns,
            dates: stored.dates,
        })
    }
}

/// A group's interned ids (office, staff, channel, segment), period and
/// counts.
type Counted<T> = ([u32; 4], Option<PeriodKey>, T);

/// The groups' counts while reading, by [`group_number`].
struct GroupCounts {
    scales: SurveyScales,
    /// Keyed by the group's number alone, which gives back its ids and
    /// period ([`from_group_number`]): holding them again beside the
    /// counts cost a tenth of a group's memory. foldhash: these lookups
    /// run for every row, and SipHash took a fifth of the report's time.
    counts: foldhash::HashMap<GroupNumber, CompactTally>,
    /// Groups whose 16-bit counts filled up, summed so far: every 65 535
    /// responses of a group.
    filled: foldhash::HashMap<GroupNumber, SurveyTally>,
}

impl GroupCounts {
    fn new(scales: SurveyScales) -> Self {
        GroupCounts {
            scales,
            counts: Default::default(),
            filled: Default::default(),
        }
    }

    /// Counts a row's answers, which the reader checked on these scales,
    /// in its group.
    #[inline(always)]
    fn push(
        &mut self,
        ids: [u32; 4],
        period: Option<PeriodKey>,
        answers: &Answers,
    ) -> Result<(), Error> {
        let key = group_number(ids, period);
        let counts = self.counts.entry(key).or_default();
        if counts.is_full() {
            let summary = counts.summary(self.scales)?;
            let scales = self.scales;
            self.filled
                .entry(key)
                .or_insert_with(|| SurveyTally::new(scales))
                .merge(&summary)?;
            *counts = CompactTally::default();
        }
        counts.push(answers);
        Ok(())
    }

    /// Each group's ids, period and summary, made one at a time as they
    /// are taken. The hash map is freed first (its counts moved to a
    /// vector of compact counts, which shrinks as it is taken), so that
    /// neither the map nor the counts take memory whole beside the
    /// summaries.
    fn into_summaries(self) -> impl Iterator<Item = Result<Counted<SurveyTally>, Error>> {
        let GroupCounts {
            scales,
            counts,
            mut filled,
        } = self;
        let mut counted: Vec<(GroupNumber, CompactTally)> = counts.into_iter().collect();
        std::iter::from_fn(move || {
            let (number, counts) = counted.pop()?;
            // Given back as it empties, so that the counts and the
            // summaries made of them are never both held whole.
            if counted.len() < counted.capacity() / 2 {
                counted.shrink_to_fit();
            }
            Some((number, counts))
        })
        .map(move |(number, counts)| {
            let mut summary = counts.summary(scales)?;
            if let Some(earlier) = filled.remove(&number) {
                summary.merge(&earlier)?;
            }
            let (ids, period) = from_group_number(number)?;
            Ok((ids, period, summary))
        })
    }
}

/// Interns key strings so that a row whose office, staff and channel were
/// seen before costs no allocation.
struct Interner {
    ids: foldhash::HashMap<Box<[u8]>, u32>,
    names: Vec<Box<str>>,
    /// Names looked up lately, by their length and outer bytes, in front
    /// of the map: hashing a name and comparing it there cost 8 % of a
    /// report on an export with 50 offices.
    recent: Vec<Recent>,
}

/// A name in [`Interner::recent`]: its first and last eight bytes (fewer
/// bytes zero-padded) and its length, which are the whole name up to 16
/// bytes; a longer one is compared with the name itself.
#[derive(Clone, Copy, Default)]
struct Recent {
    head: u64,
    tail: u64,
    len: usize,
    id: u32,
}

/// Slots of [`Interner::recent`] at first, as a power of two: a few dozen
/// offices rarely share one, and the table stays in the first-level
/// cache. It grows to four slots a name, up to [`MAX_RECENT_BITS`].
const RECENT_BITS: u32 = 10;
/// 64 Ki slots, 2 MiB: beyond 16 000 names the map answers the rest.
const MAX_RECENT_BITS: u32 = 16;

impl Default for Interner {
    fn default() -> Self {
        Interner {
            ids: Default::default(),
            names: Vec::new(),
            recent: vec![Recent::default(); 1 << RECENT_BITS],
        }
    }
}

impl Interner {
    /// 0 stands for "no value"; names are numbered from 1. Looked up as
    /// bytes, which the reader has checked as UTF-8 (see
    /// [`ResponseReader::read_keyed_row`]).
    #[inline(always)]
    fn id(&mut self, name: Option<&[u8]>) -> u32 {
        let Some(name) = name else { return 0 };
        let (head, tail) = outer_words(name);
        let mixed =
            (head ^ tail.rotate_left(29) ^ name.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // The top bits, as many as the table has: its length is a power of two.
        let slot = (mixed >> (64 - self.recent.len().trailing_zeros())) as usize;
        let recent = self.recent[slot];
        if (recent.head, recent.tail, recent.len) == (head, tail, name.len())
            && (name.len() <= 16 || self.bytes(recent.id) == name)
        {
            return recent.id;
        }
        let id = self.map_id(name);
        self.recent[slot] = Recent {
            head,
            tail,
            len: name.len(),
            id,
        };
        id
    }

    /// The id from the map, a new one for a new name.
    fn map_id(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        // Replaces nothing: the bytes are UTF-8.
        debug_assert!(std::str::from_utf8(name).is_ok());
        self.names.push(String::from_utf8_lossy(name).into());
        let id = self.names.len() as u32;
        self.ids.insert(name.into(), id);
        // Emptied as it grows: names come back into it as they are met.
        let bits = self.recent.len().trailing_zeros();
        if 4 * self.names.len() > self.recent.len() && bits < MAX_RECENT_BITS {
            self.recent = vec![Recent::default(); 1 << (bits + 1)];
        }
        id
    }

    /// The names by id less one, without the look-up tables.
    fn into_names(self) -> Vec<Box<str>> {
        self.names
    }

    fn bytes(&self, id: u32) -> &[u8] {
        self.name(id).unwrap_or_default().as_bytes()
    }

    fn name(&self, id: u32) -> Option<&str> {
        id.checked_sub(1)
            .and_then(|i| self.names.get(i as usize))
            .map(|s| &**s)
    }
}

/// The first and the last eight bytes of `name` as integers; a shorter
/// name is both, zero-padded.
#[inline]
fn outer_words(name: &[u8]) -> (u64, u64) {
    match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => {
            let word = name
                .iter()
                .rev()
                .fold(0u64, |word, &byte| word << 8 | u64::from(byte));
            (word, word)
        }
    }
}

/// A date as one integer: year, month and day in fixed bit fields, so two
/// dates are equal exactly when their numbers are.
fn day_number(date: Date) -> u32 {
    // Years are -9999..=9999: shifted by 10 000 they fit 15 bits.
    ((i32::from(date.year()) + 10_000) as u32) << 9 | (date.month() as u32) << 5 | date.day() as u32
}

/// The date of a [`day_number`].
fn from_day_number(number: u32) -> Option<Date> {
    let year = i16::try_from(i64::from(number >> 9) - 10_000).ok()?;
    Date::new(year, ((number >> 5) & 15) as i8, (number & 31) as i8).ok()
}

/// A group key as integers: the four interned ids in one, each in its own
/// 32 bits, and the period. Integer keys hash in a few multiplies, where
/// the derived hash of the tuple made a call per field.
type GroupNumber = (u128, u32);

/// The [`GroupNumber`] of a group's ids and period.
fn group_number(ids: [u32; 4], period: Option<PeriodKey>) -> GroupNumber {
    let year = |y: i16| (i32::from(y) + 10_000) as u32;
    // The kind in the top bits keeps kinds apart; 0 is "no period".
    let period = match period {
        None => 0,
        Some(PeriodKey::Day(date)) => 1 << 28 | day_number(date),
        Some(PeriodKey::Week { year: y, week }) => 2 << 28 | year(y) << 6 | week as u32,
        Some(PeriodKey::Month { year: y, month }) => 3 << 28 | year(y) << 4 | month as u32,
        Some(PeriodKey::Quarter { year: y, quarter }) => 4 << 28 | year(y) << 3 | quarter as u32,
    };
    let ids = u128::from(ids[0])
        | u128::from(ids[1]) << 32
        | u128::from(ids[2]) << 64
        | u128::from(ids[3]) << 96;
    (ids, period)
}

/// The ids and period of a [`group_number`].
fn from_group_number((ids, period): GroupNumber) -> Result<([u32; 4], Option<PeriodKey>), Error> {
    let ids = [0, 32, 64, 96].map(|shift| (ids >> shift) as u32);
    let year = |bits: u32| i16::try_from(i64::from(bits) - 10_000).ok();
    let small = |bits: u32| bits as i8;
    let key = match period >> 28 {
        0 => Some(None),
        1 => from_day_number(period & 0x0fff_ffff).map(|d| Some(PeriodKey::Day(d))),
        2 => year(period >> 6 & 0x3f_ffff).map(|year| {
            Some(PeriodKey::Week {
                year,
                week: small(period & 63),
            })
        }),
        3 => year(period >> 4 & 0xff_ffff).map(|year| {
            Some(PeriodKey::Month {
                year,
                month: small(period & 15),
            })
        }),
        4 => year(period >> 3 & 0x1ff_ffff).map(|year| {
            Some(PeriodKey::Quarter {
                year,
                quarter: small(period & 7),
            })
        }),
        _ => None,
    };
    // Never: every number is made from a valid key.
    let period = key.ok_or_else(|| Error::Inconsistent {
        detail: format!("tabulation: group number {period:#x} is no period"),
    })?;
    Ok((ids, period))
}

/// Reads every record of `reader` and tallies the valid ones per group.
///
/// In [`Mode::Strict`] the first malformed record ends reading with
/// [`Error::Rejected`] and no metrics; in [`Mode::Lenient`] it is counted,
/// kept (up to [`MAX_KEPT_REJECTIONS`]) and skipped.
///
/// # Errors
///
/// [`Error::MissingColumn`] when grouping by a key (or a period) whose
/// column (or the timestamp) is not in the file; [`Error::Io`] if reading
/// fails; [`Error::Rejected`] in strict mode.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, ReaderOptions, ResponseReader, SilentWeight};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let mut reader = ResponseReader::from_path(path, ReaderOptions::default())?;
/// let table = cxmetrics::tabulate(&mut reader, GroupBy { office: true, ..GroupBy::default() })?;
/// assert_eq!((table.rows.read, table.rows.used, table.rows.rejected), (13, 3, 10));
/// assert_eq!(table.rejections[0].line, 3);
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn tabulate<R: Read>(
    reader: &mut ResponseReader<R>,
    group_by: GroupBy,
) -> Result<Tabulation, Error> {
    tabulate_with(reader, group_by, |_, _| Ok(()))
}

/// [`tabulate`], handing every rejection to `quarantine` with the record's
/// raw fields, whole (empty for a record that could not be split), before
/// it is counted: to write rejected rows to a file beyond the
/// [`MAX_KEPT_REJECTIONS`] kept in memory, so a user can fix them and feed
/// them again.
///
/// # Errors
///
/// As [`tabulate`], and the first error `quarantine` returns.
///
/// # Example
///
/// ```
/// use cxmetrics::{GroupBy, ReaderOptions, ResponseReader};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/bad_rows.csv");
/// let mut reader = ResponseReader::from_path(path, ReaderOptions::default())?;
/// let mut quarantined = Vec::new();
/// cxmetrics::tabulate_with(&mut reader, GroupBy::default(), |rejection, fields| {
///     quarantined.push((rejection.line, fields.len()));
///     Ok(())
/// })?;
/// assert_eq!(quarantined.len(), 10);
/// assert_eq!(quarantined[0], (3, 11));
/// # Ok::<(), cxmetrics::Error>(())
/// ```
pub fn tabulate_with<R: Read>(
    reader: &mut ResponseReader<R>,
    group_by: GroupBy,
    quarantine: impl FnMut(&Rejection, &[&[u8]]) -> Result<(), Error>,
) -> Result<Tabulation, Error> {
    tabulate_rows(reader, group_by, quarantine)
}

/// [`tabulate_with`]'s loop, compiled twice and chosen when the program
/// runs: where the machine has AVX2 with its bit instructions (`popcnt`,
/// `tzcnt`, BMI), the line splitter's masks and the field ends it finds in
/// them take fewer instructions than in baseline x86-64. The reader's
/// record loop is inlined into it (`Records::advance`), or it would run
/// in the baseline version whatever the machine.
#[multiversion::multiversion(targets("x86_64+avx2+bmi1+bmi2+popcnt+lzcnt"))]
fn tabulate_rows<R: Read, Q: FnMut(&Rejection, &[&[u8]]) -> Result<(), Error>>(
    reader: &mut ResponseReader<R>,
    group_by: GroupBy,
    mut quarantine: Q,
) -> Result<Tabulation, Error> {
    let needed = [
        (group_by.office, Column::Office),
        (group_by.staff, Column::Staff),
        (group_by.channel, Column::Channel),
        (group_by.segment, Column::Segment),
        (group_by.period.is_some(), Column::Timestamp),
    ];
    for (on, column) in needed {
        if on && !reader.has_column(column) {
            return Err(missing_column(reader.missing_columns(), column, &group_by));
        }
    }
    let scales = reader.scales();
    let mode = reader.mode();
    let mut rows = RowCounts::default();
    let mut rejections = Vec::new();
    let mut summary = RejectionSummary::default();
    let max_rejected = reader.max_rejected();
    let mut interner = Interner::default();
    let mut groups = GroupCounts::new(scales);
    let mut days: foldhash::HashMap<u64, DayCount> = Default::default();
    let mut undated_surveys = 0u64;
    // The first and last dates as day numbers, compared as integers.
    let (mut first_day, mut last_day) = (u32::MAX, 0u32);

    // Only the keys the grouping names are read from each row.
    let keyed = reader.keyed_columns(|key| match key {
        Column::Office => group_by.office || group_by.office_days,
        Column::Staff => group_by.staff,
        Column::Channel => group_by.channel,
        Column::Segment => group_by.segment,
        _ => false,
    });
    while let Some(outcome) = reader.read_keyed_row(&keyed)? {
        rows.read += 1;
        let row = match outcome {
            Ok(row) => row,
            Err(rejection) => {
                quarantine(&rejection, &reader.last_record())?;
                if mode == Mode::Strict {
                    return Err(rejection.into());
                }
                rows.rejected += 1;
                summary.add(&rejection);
                if rejections.len() < MAX_KEPT_REJECTIONS {
                    rejections.push(rejection);
                }
                if !max_rejected.allows(rows.rejected, rows.read) {
                    return Err(too_many_rejected(rows, max_rejected, summary));
                }
                continue;
            }
        };
        rows.used += 1;
        // The office is named for its group or for its office-days, and
        // interned only then.
        let office = if group_by.office || group_by.office_days {
            interner.id(row.office)
        } else {
            0
        };
        let ids = [
            if group_by.office { office } else { 0 },
            if group_by.staff {
                interner.id(row.staff)
            } else {
                0
            },
            if group_by.channel {
                interner.id(row.channel)
            } else {
                0
            },
            if group_by.segment {
                interner.id(row.segment)
            } else {
                0
            },
        ];
        let period = group_by.period.zip(row.date).map(|(p, d)| p.key(d));
        groups.push(ids, period, &row.answers)?;
        if let Some(date) = row.date {
            let day = day_number(date);
            first_day = first_day.min(day);
            last_day = last_day.max(day);
        }
        match (office, row.date) {
            _ if !group_by.office_days => {}
            (1.., Some(date)) => {
                let key = u64::from(office) << 32 | u64::from(day_number(date));
                let day = days.entry(key).or_default();
                day.surveys += 1;
                day.force_majeure += u64::from(row.answers.is_force_majeure_situation());
            }
            _ => undated_surveys += 1,
        }
    }

    let office_days = days
        .into_iter()
        .filter_map(|(key, count)| {
            let office = interner.name((key >> 32) as u32)?.to_string();
            Some(((office, from_day_number(key as u32)?), count))
        })
        .collect();
    // Each step frees what the next does not need, so that with a million
    // groups no two copies of them are held at once: the look-up tables
    // go, then the hash map of counts, and the counts become summaries one
    // group at a time.
    let names = interner.into_names();
    let name = |id: u32| {
        id.checked_sub(1)
            .and_then(|i| names.get(i as usize))
            .map(|name| name.to_string())
    };
    let mut named = Groups::with_scales(scales);
    for group in groups.into_summaries() {
        let ([office, staff, channel, segment], period, summary) = group?;
        let key = GroupKey {
            office: name(office),
            staff: name(staff),
            channel: name(channel),
            segment: name(segment),
            period,
        };
        named.add(key, &summary)?;
    }
    Ok(Tabulation {
        rows,
        rejections,
        groups: named,
        group_by,
        segment_column: segment_column(reader, group_by),
        office_days,
        undated_surveys,
        missing_columns: reader.missing_columns().to_vec(),
        rejection_summary: summary,
        duplicate_columns: reader.duplicate_columns().to_vec(),
        dates: from_day_number(first_day).zip(from_day_number(last_day)),
    })
}

/// The name of the segment column `reader` reads, when grouping by it.
pub(crate) fn segment_column<R: Read>(reader: &ResponseReader<R>, by: GroupBy) -> Option<String> {
    by.segment
        .then(|| reader.column_name(Column::Segment))
        .flatten()
        .map(str::to_string)
}

/// The error that stops a lenient run with too many rejected rows.
#[cold]
pub(crate) fn too_many_rejected(
    rows: RowCounts,
    max_rejected: MaxRejected,
    summary: RejectionSummary,
) -> Error {
    Error::TooManyRejected {
        rejected: rows.rejected,
        read: rows.read,
        limit: max_rejected.limit(rows.read).unwrap_or(u64::MAX),
        summary: Box::new(summary),
    }
}

/// The error for grouping by a column the file does not have.
#[cold]
fn missing_column(missing: &[(Column, String)], column: Column, by: &GroupBy) -> Error {
    let named = missing.iter().find(|(c, _)| *c == column);
    let name = named.map_or(column.default_name(), |(_, name)| name.as_str());
    let needed_for = match (column, by.period) {
        (Column::Timestamp, Some(period)) => format!("grouping by {}", period.name()),
        // Grouping by a segment whose column was never named.
        (Column::Segment, _) if named.is_none() => {
            "grouping by a segment: name its column (Columns::segment)".to_string()
        }
        (Column::Segment, _) => format!("grouping by {name}"),
        _ => format!("grouping by {}", column.default_name()),
    };
    Error::MissingColumn {
        column: name.to_string(),
        needed_for,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date() -> impl Strategy<Value = Date> {
        (-9999i16..=9999, 1i8..=12, 1i8..=31)
            .prop_filter_map("a real date", |(y, m, d)| Date::new(y, m, d).ok())
    }

    fn period() -> impl Strategy<Value = Option<PeriodKey>> {
        let kind = prop::sample::select(vec![
            None,
            Some(Period::Day),
            Some(Period::Week),
            Some(Period::Month),
            Some(Period::Quarter),
        ]);
        (kind, date()).prop_map(|(kind, date)| kind.map(|p| p.key(date)))
    }

    #[test]
    fn counts_that_fill_up_are_carried_into_the_summary() {
        let scales = SurveyScales::default();
        let mut groups = GroupCounts::new(scales);
        let promoter = Answers {
            nps: Some(crate::NpsScore::constant(10)),
            ..Answers::default()
        };
        groups.push([1, 0, 0, 0], None, &promoter).unwrap();
        // Three short of full: the fourth push finds it full and carries
        // its counts over.
        let key = group_number([1, 0, 0, 0], None);
        let mut nearly = CompactTally::default();
        for _ in 0..2 {
            nearly.push(&promoter);
        }
        let counts = groups.counts.get_mut(&key).unwrap();
        *counts = nearly;
        counts.set_responses(crate::reports::compact::Count::MAX - 3);
        for _ in 0..5 {
            groups.push([1, 0, 0, 0], None, &promoter).unwrap();
        }
        let summaries: Vec<_> = groups.into_summaries().collect::<Result<_, _>>().unwrap();
        assert_eq!(summaries.len(), 1);
        let summary = &summaries[0].2;
        assert_eq!(
            summary.responses(),
            u64::from(crate::reports::compact::Count::MAX) - 3 + 5
        );
        assert_eq!(summary.nps_tally().promoters(), 2 + 5);
    }

    proptest! {
        /// Names alike in their length and outer bytes, or equal up to a
        /// zero byte, more than the recent-names table first holds: it
        /// never takes one for another, before or after it grows.
        #[test]
        fn interned_ids_are_equal_exactly_when_names_are(
            names in prop::collection::vec(
                (
                    any::<bool>(),
                    prop::collection::vec(prop::sample::select(vec!["\0", "a", "b", "К"]), 1..8),
                )
                    .prop_map(|(framed, parts)| {
                        // Often the same outer bytes around another middle.
                        let middle = parts.concat();
                        let name = if framed { format!("Kazan-0{middle}1-Kazan") } else { middle };
                        name.into_bytes()
                    }),
                1..1500,
            ),
        ) {
            let mut interner = Interner::default();
            let mut first_id = std::collections::HashMap::new();
            let mut first_name = std::collections::HashMap::new();
            // Each name twice: once new, once met again.
            for name in names.iter().chain(&names) {
                let id = interner.id(Some(name));
                prop_assert_eq!(interner.bytes(id), &name[..]);
                prop_assert_eq!(*first_id.entry(name.clone()).or_insert(id), id);
                prop_assert_eq!(first_name.entry(id).or_insert(name), &name);
            }
        }

        #[test]
        fn day_numbers_round_trip(date in date()) {
            prop_assert_eq!(from_day_number(day_number(date)), Some(date));
        }

        #[test]
        fn group_numbers_are_equal_exactly_when_keys_are(
            a in (any::<[u32; 4]>(), period()),
            b in (any::<[u32; 4]>(), period()),
            overlap in 0u8..3,
        ) {
            // Often the same ids, so that the periods decide, and the same
            // period of another kind's date.
            let b = match overlap {
                0 => b,
                1 => (a.0, b.1),
                _ => (a.0, a.1.map(|p| match p {
                    PeriodKey::Day(d) => Period::Month.key(d),
                    other => other,
                })),
            };
            prop_assert_eq!(group_number(a.0, a.1) == group_number(b.0, b.1), a == b);
        }

        /// The map holds only the number: it gives back the ids and the
        /// period exactly.
        #[test]
        fn group_numbers_round_trip(key in (any::<[u32; 4]>(), period())) {
            prop_assert_eq!(from_group_number(group_number(key.0, key.1)).ok(), Some(key));
        }
    }
}
