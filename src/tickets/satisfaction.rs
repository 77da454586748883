//! Surveys joined to the tickets they were about: every survey metric per
//! final resolver, per level and per path (SPEC: "Satisfaction by path").

use std::io::Read;

use crate::error::Error;
use crate::input::reader::{Column, Mode, ReaderOptions, ResponseReader, RowCounts};
use crate::reports::groups::Groups;
use crate::reports::report::ReportRows;
use crate::reports::row::ReportOptions;
use crate::reports::tabulate::{GroupBy, GroupKey, Tabulation};
use crate::tickets::desk::id_hash;
use crate::tickets::measures::{Satisfaction, SatisfactionRow, TicketReport};

/// The column a response file names its ticket in.
pub const TICKET_ID_COLUMN: &str = "ticket_id";

impl TicketReport {
    /// Joins a response file whose `ticket_id` column names the ticket
    /// each survey was about, and fills [`TicketReport::satisfaction`]:
    /// every metric per final resolver, per level and per path, with the
    /// surveys that matched no ticket counted. The response reader's rules
    /// hold (strict or lenient, rejections counted); the file's own
    /// `channel` column, if any, is not read.
    ///
    /// # Errors
    ///
    /// As [`ResponseReader::from_reader`] and [`crate::tabulate`];
    /// [`Error::MissingColumn`] without a `ticket_id` column.
    ///
    /// # Example
    ///
    /// ```
    /// use cxmetrics::{ConfidenceLevel, DeskOptions, ReaderOptions, ReportOptions, SilentWeight, TicketReader, TicketReaderOptions};
    /// let log = "ticket_id,timestamp,event,owner,level\n\
    ///            T1,2026-03-02T09:00:00Z,opened,anna,1\n\
    ///            T1,2026-03-02T10:00:00Z,resolved,anna,1\n\
    ///            T2,2026-03-02T09:00:00Z,opened,anna,1\n\
    ///            T2,2026-03-02T10:00:00Z,passed,boris,2\n\
    ///            T2,2026-03-02T12:00:00Z,resolved,boris,2\n";
    /// let mut reader = TicketReader::from_reader(log.as_bytes(), TicketReaderOptions::default())?;
    /// let mut report = cxmetrics::read_tickets(&mut reader, DeskOptions::default())?;
    /// let surveys = "ticket_id,nps\nT1,10\nT2,3\nT9,8\n";
    /// let options = ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95);
    /// report.join_responses(surveys.as_bytes(), ReaderOptions::default(), options)?;
    /// let joined = report.satisfaction.as_ref().unwrap();
    /// assert_eq!((joined.matched, joined.unmatched), (2, 1));
    /// let one_touch = joined.by_path.iter().find(|r| r.group == "one_touch").unwrap();
    /// assert_eq!(one_touch.metrics.nps.value, Some(100.0));
    /// let boris = joined.by_resolver.iter().find(|r| r.group == "boris").unwrap();
    /// assert_eq!(boris.metrics.nps.value, Some(-100.0));
    /// # Ok::<(), cxmetrics::Error>(())
    /// ```
    pub fn join_responses<R: Read>(
        &mut self,
        input: R,
        mut options: ReaderOptions,
        report: ReportOptions,
    ) -> Result<(), Error> {
        // The ticket id is read in the channel key's place.
        options
            .columns
            .set(Column::Channel, Some(TICKET_ID_COLUMN.to_string()));
        let mode = options.mode;
        let mut reader = ResponseReader::from_named_reader(input, options, "<responses>")?;
        if !reader.has_column(Column::Channel) {
            return Err(Error::MissingColumn {
                column: TICKET_ID_COLUMN.to_string(),
                needed_for: "joining surveys to tickets".to_string(),
            });
        }
        let scales = reader.scales();
        let mut by_resolver: Groups<String> = Groups::with_scales(scales);
        let mut by_level: Groups<String> = Groups::with_scales(scales);
        let mut by_path: Groups<String> = Groups::with_scales(scales);
        let mut rows = RowCounts::default();
        let (mut matched, mut unmatched) = (0u64, 0u64);
        let outcomes = &self.outcomes;
        while let Some(row) = reader.read_row()? {
            rows.read += 1;
            let row = match row {
                Ok(row) => row,
                Err(rejection) if mode == Mode::Strict => return Err(rejection.into()),
                Err(_) => {
                    rows.rejected += 1;
                    continue;
                }
            };
            rows.used += 1;
            let outcome = row.channel.and_then(|id| outcomes.get(id_hash(id)));
            let Some(outcome) = outcome else {
                unmatched += 1;
                continue;
            };
            matched += 1;
            let answers = row.answers;
            if let Some(resolver) = outcome.resolver() {
                let name = outcomes
                    .owners
                    .get(resolver as usize)
                    .cloned()
                    .unwrap_or_default();
                by_resolver.push(name, answers)?;
            }
            let level = if outcome.level == 0 {
                "unassigned".to_string()
            } else {
                format!("level {}", outcome.level)
            };
            by_level.push(level, answers)?;
            for (on, path) in [
                (outcome.one_touch, "one_touch"),
                (outcome.passed, "passed"),
                (outcome.passed_up, "passed_up"),
                (outcome.breached, "breached"),
                (outcome.reopened, "reopened"),
            ] {
                if on {
                    by_path.push(path.to_string(), answers)?;
                }
            }
        }
        let rows_of = |groups: &Groups<String>| -> Result<Vec<SatisfactionRow>, Error> {
            let mut keyed: Groups<GroupKey> = Groups::with_scales(scales);
            for (name, summary) in groups.iter() {
                let key = GroupKey {
                    office: Some(name.clone()),
                    ..GroupKey::default()
                };
                keyed.add(key, summary)?;
            }
            let table = Tabulation {
                rows,
                rejections: Vec::new(),
                groups: keyed,
                // No key fields in the rows: the group is named beside them.
                group_by: GroupBy {
                    office_days: false,
                    ..GroupBy::default()
                },
                segment_column: None,
                office_days: Default::default(),
                undated_surveys: 0,
                missing_columns: reader
                    .missing_columns()
                    .iter()
                    .filter(|(c, _)| *c != Column::Channel)
                    .cloned()
                    .collect(),
                rejection_summary: Default::default(),
                duplicate_columns: Vec::new(),
                dates: None,
            };
            let made = ReportRows::new(&table, None, report.clone())?;
            Ok(made
                .rows()
                .map(|row| SatisfactionRow {
                    group: row.key.office.clone().unwrap_or_default(),
                    metrics: row,
                })
                .collect())
        };
        self.satisfaction = Some(Satisfaction {
            rows,
            matched,
            unmatched,
            by_resolver: rows_of(&by_resolver)?,
            by_level: rows_of(&by_level)?,
            by_path: rows_of(&by_path)?,
        });
        Ok(())
    }
}
