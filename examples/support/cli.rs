//! What the example programs share: option parsing, the common options, and
//! output as an aligned table, JSON or CSV.

// Each program uses the parts it needs.
#![allow(dead_code)]

/// `println!` that ends the program quietly when standard output is gone
/// (a closed pipe, as in `report | head`) instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use cxmetrics::{
    ConfidenceLevel, GroupBy, Mode, Period, ReaderOptions, ResponseReader, SilentWeight, Tabulation,
};

/// The bundled sample responses, the default input of every program.
pub const SAMPLE_RESPONSES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// The bundled sample traffic.
pub const SAMPLE_TRAFFIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/traffic.csv");

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    /// One self-contained page with charts (the report program only;
    /// needs --features plotters)
    Html,
}

/// Why a program stopped: how it was called (exit status 2) or what the
/// data held (exit status 1).
#[derive(Debug)]
pub enum Failure {
    Usage(String),
    Data(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Data(message)
    }
}

/// A usage error: an unknown option, a bad value, options that conflict.
pub fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

/// Options every program that reads responses takes.
#[derive(Clone, Debug, clap::Args)]
pub struct Common {
    /// Responses CSV, gzip-compressed or not; - for standard input
    /// [default: the bundled data/responses.csv]
    #[arg(long, value_name = "FILE", default_value = SAMPLE_RESPONSES, hide_default_value = true)]
    pub input: PathBuf,
    /// Silent-respondent weight for all indices, in [0, 1] [default: 0.5]
    #[arg(long = "k", value_name = "K", value_parser = weight)]
    k: Option<SilentWeight>,
    /// k for ИНК@Персонал only
    #[arg(long = "k-staff", value_name = "K", value_parser = weight)]
    k_staff: Option<SilentWeight>,
    /// k for ИНК@Офис only
    #[arg(long = "k-office", value_name = "K", value_parser = weight)]
    k_office: Option<SilentWeight>,
    /// k for ИЭЛ only
    #[arg(long = "k-iel", value_name = "K", value_parser = weight)]
    k_iel: Option<SilentWeight>,
    /// Confidence level in (0, 1)
    #[arg(long, value_name = "L", default_value = "0.95", value_parser = parse_level)]
    pub level: ConfidenceLevel,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Correction of p-values for their number (report: trends and
    /// period-over-period changes; compare: its comparisons): holm, bh
    /// (Benjamini-Hochberg) or none [default: holm]
    #[arg(long, value_name = "C")]
    correction: Option<cxmetrics::Correction>,
    /// Bands NPS is read in: labels and thresholds alternating; a verdict
    /// is given only where the whole interval is in one band
    /// (thresholds increasing, within -100..=100) [default:
    /// poor,0,good,50,excellent]
    #[arg(long, value_name = "BANDS", value_parser = nps_reading)]
    nps_reading: Option<cxmetrics::ReadingBands>,
    /// Let trends take in partial periods (a week or month the data's first
    /// or last date cuts); by default they are marked and left out
    #[arg(long)]
    partial_periods_in_trends: bool,
    /// Stop at the first malformed row (default: skip and count it)
    #[arg(long)]
    strict: bool,
    /// Read the file on every core (needs --features rayon)
    #[arg(long)]
    pub parallel: bool,
    /// Longest record taken, 1 to 1073741824 bytes (1 GiB); a longer one
    /// is rejected and reading resumes at the next line
    #[arg(long, value_name = "BYTES", default_value_t = cxmetrics::DEFAULT_RECORD_LIMIT, value_parser = parse_record_limit)]
    pub record_limit: usize,
    /// Stop (exit 1) when more rows than N are rejected, or never with
    /// `none` [default: 1000, or 1 % of the rows read so far when that is more]
    #[arg(long, value_name = "N", value_parser = parse_max_rejected)]
    pub max_rejected: Option<cxmetrics::MaxRejected>,
    /// Write CSV cells as they are, without the leading ' that keeps a
    /// cell starting with =, +, -, @, a tab or a carriage return from
    /// running as a spreadsheet formula (for pipelines)
    #[arg(long)]
    pub csv_raw: bool,
    /// Write every rejected row to FILE as CSV: line, column, value, reason, then the row's own fields
    #[arg(long, value_name = "FILE")]
    pub rejections: Option<PathBuf>,
    /// Field delimiter: one ASCII character, or tab
    #[arg(long, value_name = "D", default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
    /// Read ROLE (nps, csat, ces, timestamp, office, staff, channel, staff_answer,
    /// office_answer, recommend_answer, response_id) from the column NAME; ROLE= for none
    #[arg(long = "column", value_name = "ROLE=NAME", value_parser = column_mapping)]
    columns: Vec<(cxmetrics::Column, Option<String>)>,
    /// More labels for an answer (positive, negative, silent, force_majeure), in any case:
    /// --label positive=yes,да,1
    #[arg(long = "label", value_name = "ANSWER=L1,L2,...", value_parser = label_list)]
    labels: Vec<(cxmetrics::KeyAnswer, Vec<String>)>,
}

/// The default silent-respondent weight of the programs, printed in every report.
const DEFAULT_K: f64 = 0.5;

impl Common {
    fn k_or(&self, specific: Option<SilentWeight>) -> SilentWeight {
        specific
            .or(self.k)
            .or_else(|| SilentWeight::new(DEFAULT_K).ok())
            .unwrap_or(SilentWeight::ONE)
    }

    pub fn k_staff(&self) -> SilentWeight {
        self.k_or(self.k_staff)
    }

    pub fn k_office(&self) -> SilentWeight {
        self.k_or(self.k_office)
    }

    pub fn k_iel(&self) -> SilentWeight {
        self.k_or(self.k_iel)
    }

    /// The correction of p-values for their number (Holm by default).
    pub fn correction(&self) -> cxmetrics::Correction {
        self.correction.unwrap_or(cxmetrics::Correction::Holm)
    }

    /// The report's parameters from the command line.
    pub fn report_options(&self) -> cxmetrics::ReportOptions {
        cxmetrics::ReportOptions {
            k_staff: self.k_staff(),
            k_office: self.k_office(),
            k_iel: self.k_iel(),
            level: self.level,
            correction: self.correction(),
            nps_reading: self
                .nps_reading
                .clone()
                .unwrap_or_else(cxmetrics::ReadingBands::nps),
            partial_periods_in_trends: self.partial_periods_in_trends,
        }
    }

    /// Reads `column` from the file's column `name`, as `--column` does; a
    /// usage error if `--column` already names a column for it.
    pub fn map_column(
        &mut self,
        column: cxmetrics::Column,
        name: &str,
        by: &str,
    ) -> Result<(), Failure> {
        if self.columns.iter().any(|(c, _)| *c == column) {
            return Err(usage(format!(
                "--column {column}=...: {by} reads that slot; leave it out"
            )));
        }
        self.columns.push((column, Some(name.to_string())));
        Ok(())
    }

    /// A usage error unless the format is a table or JSON, the two a
    /// program of findings writes.
    pub fn table_or_json(&self, program: &str) -> Result<(), Failure> {
        if matches!(self.format, Format::Table | Format::Json) {
            Ok(())
        } else {
            Err(usage(format!("{program} writes a table or JSON")))
        }
    }

    /// A usage error unless the format is a table, JSON or HTML (the last
    /// with the `plotters` feature, which draws the charts).
    pub fn table_json_or_html(&self, program: &str) -> Result<(), Failure> {
        match self.format {
            Format::Table | Format::Json => Ok(()),
            Format::Html if cfg!(feature = "plotters") => Ok(()),
            Format::Html => Err(usage(
                "--format html draws charts: build with --features plotters",
            )),
            Format::Csv => Err(usage(format!("{program} writes a table, JSON or HTML"))),
        }
    }

    /// The input's file name, as a page names its source.
    pub fn source_name(&self) -> String {
        self.input.file_name().map_or_else(
            || self.input.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    }

    /// The grouping `--by` names, its segment column (if any) mapped for
    /// the reader; a usage error if `--column segment=...` names another.
    pub fn group(&mut self, grouping: &Grouping) -> Result<GroupBy, Failure> {
        if let Some(name) = &grouping.segment {
            let mapped = self
                .columns
                .iter()
                .find(|(c, _)| *c == cxmetrics::Column::Segment);
            match mapped {
                Some((_, Some(given))) if given == name => {}
                Some(_) => {
                    return Err(usage(format!(
                        "--by {name:?}: --column segment=... names another column; give one of them"
                    )));
                }
                None => self.map_column(cxmetrics::Column::Segment, name, "--by")?,
            }
        }
        Ok(grouping.by)
    }

    /// Tabulates the responses by the values of the file's column `name`
    /// (read as the segment, named `flag` in messages): a data error that
    /// names the column if the file has no such column.
    pub fn tabulate_by_column(&mut self, name: &str, flag: &str) -> Result<Tabulation, Failure> {
        self.map_column(cxmetrics::Column::Segment, name, flag)?;
        let by = GroupBy {
            segment: true,
            office_days: false,
            ..GroupBy::default()
        };
        tabulate(self, by)
    }

    /// The input's reader for a program that reads its rows in order
    /// itself (no --rejections or --parallel, which `tabulate` serves).
    pub fn row_reader(&self, program: &str) -> Result<ResponseReader<cxmetrics::Input>, Failure> {
        if self.rejections.is_some() || self.parallel {
            return Err(usage(format!(
                "{program} reads its rows in order: no --rejections or --parallel"
            )));
        }
        let name = self.input.display().to_string();
        let input = cxmetrics::Input::open(&self.input).map_err(|e| format!("{name}: {e}"))?;
        ResponseReader::from_named_reader(input, self.reader_options()?, &name)
            .map_err(|e| Failure::Data(e.to_string()))
    }

    /// Refuses (exit 2) each of `unused` that was given: a program does
    /// not accept an option it would ignore.
    pub fn refuse(&self, program: &str, unused: &[Unused]) -> Result<(), Failure> {
        for option in unused {
            let given = match option {
                Unused::K => self.k.is_some(),
                Unused::KStaff => self.k_staff.is_some(),
                Unused::KOffice => self.k_office.is_some(),
                Unused::KIel => self.k_iel.is_some(),
                Unused::Correction => self.correction.is_some(),
                Unused::NpsReading => self.nps_reading.is_some(),
                Unused::PartialPeriods => self.partial_periods_in_trends,
            };
            if given {
                return Err(usage(format!(
                    "{program} does not use {}: {}",
                    option.flag(),
                    option.why(program)
                )));
            }
        }
        Ok(())
    }

    pub fn mode(&self) -> Mode {
        if self.strict {
            Mode::Strict
        } else {
            Mode::Lenient
        }
    }

    /// The reader's options from the command line.
    pub fn reader_options(&self) -> Result<ReaderOptions, Failure> {
        let mut columns = cxmetrics::Columns::default();
        for (column, name) in &self.columns {
            columns.set(*column, name.clone());
        }
        let mut labels = cxmetrics::Labels::new();
        for (answer, spellings) in &self.labels {
            for label in spellings {
                labels
                    .add(*answer, label)
                    .map_err(|e| usage(format!("--label: {e}")))?;
            }
        }
        Ok(ReaderOptions {
            mode: self.mode(),
            record_limit: self.record_limit,
            max_rejected: self.max_rejected.unwrap_or_default(),
            delimiter: self.delimiter,
            columns,
            labels,
            ..ReaderOptions::default()
        })
    }
}

/// A shared option that a program may have no use for.
#[derive(Clone, Copy, Debug)]
pub enum Unused {
    K,
    KStaff,
    KOffice,
    KIel,
    Correction,
    NpsReading,
    PartialPeriods,
}

impl Unused {
    /// Every shared option about metrics a program may not use: for one
    /// that weighs no silent answer and corrects no p-value.
    pub const ALL: [Unused; 7] = [
        Unused::K,
        Unused::KStaff,
        Unused::KOffice,
        Unused::KIel,
        Unused::Correction,
        Unused::NpsReading,
        Unused::PartialPeriods,
    ];

    fn flag(self) -> &'static str {
        match self {
            Unused::K => "--k",
            Unused::KStaff => "--k-staff",
            Unused::KOffice => "--k-office",
            Unused::KIel => "--k-iel",
            Unused::Correction => "--correction",
            Unused::NpsReading => "--nps-reading",
            Unused::PartialPeriods => "--partial-periods-in-trends",
        }
    }

    fn why(self, program: &str) -> String {
        match self {
            Unused::K | Unused::KStaff | Unused::KOffice | Unused::KIel => {
                format!("{program} computes no index that weighs silent respondents by it")
            }
            Unused::Correction => format!("{program} tests no family of p-values"),
            Unused::NpsReading => format!("{program} gives no NPS verdict"),
            Unused::PartialPeriods => format!("{program} draws no trend"),
        }
    }
}

fn weight(value: &str) -> Result<SilentWeight, String> {
    let k: f64 = value
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    SilentWeight::new(k).map_err(|e| e.to_string())
}

pub fn parse_level(value: &str) -> Result<ConfidenceLevel, String> {
    let level: f64 = value
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    ConfidenceLevel::new(level).map_err(|e| e.to_string())
}

/// The longest record limit taken: past it, one record would hold memory
/// no report needs.
const MAX_RECORD_LIMIT: usize = 1 << 30;

pub fn parse_record_limit(value: &str) -> Result<usize, String> {
    value
        .parse()
        .ok()
        .filter(|&limit: &usize| (1..=MAX_RECORD_LIMIT).contains(&limit))
        .ok_or_else(|| {
            format!("{value:?}: expected a number of bytes from 1 to {MAX_RECORD_LIMIT}")
        })
}

/// Reading bands for NPS: labels and increasing thresholds within NPS's
/// -100..=100, as the library checks them.
fn nps_reading(value: &str) -> Result<cxmetrics::ReadingBands, String> {
    cxmetrics::ReadingBands::parse_nps(value).map_err(|e| e.to_string())
}

pub fn parse_max_rejected(value: &str) -> Result<cxmetrics::MaxRejected, String> {
    match value {
        "none" => Ok(cxmetrics::MaxRejected::Unlimited),
        n => n
            .parse()
            .map(cxmetrics::MaxRejected::AtMost)
            .map_err(|_| format!("{n:?}: expected a number of rows from 0, or none")),
    }
}

pub fn parse_delimiter(value: &str) -> Result<u8, String> {
    match value {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        one if one.len() == 1 && one.is_ascii() && !matches!(one, "\"" | "\n" | "\r") => {
            Ok(one.as_bytes()[0])
        }
        _ => Err(format!(
            "{value:?}: expected one ASCII character other than a quote or a line break, or tab"
        )),
    }
}

fn column_mapping(value: &str) -> Result<(cxmetrics::Column, Option<String>), String> {
    let (role, name) = value
        .split_once('=')
        .ok_or_else(|| format!("{value:?}: expected ROLE=NAME"))?;
    let role: cxmetrics::Column = role.parse()?;
    Ok((role, (!name.is_empty()).then(|| name.to_string())))
}

fn label_list(value: &str) -> Result<(cxmetrics::KeyAnswer, Vec<String>), String> {
    let (answer, labels) = value
        .split_once('=')
        .ok_or_else(|| format!("{value:?}: expected ANSWER=L1,L2,..."))?;
    let answer: cxmetrics::KeyAnswer = answer
        .parse()
        .map_err(|e: cxmetrics::Error| e.to_string())?;
    Ok((answer, labels.split(',').map(str::to_string).collect()))
}

/// What `--by` names: the keys, and the column read as the segment when
/// it names one beyond office, staff and channel (`--by problem,month`).
#[derive(Clone, Debug, PartialEq)]
pub struct Grouping {
    pub by: GroupBy,
    /// The export's name of the segment column, verbatim.
    pub segment: Option<String>,
}

impl Grouping {
    /// The segment's name in headers and messages.
    pub fn segment_name(&self) -> &str {
        self.segment.as_deref().unwrap_or("segment")
    }
}

/// `--metric`: one of the metrics a report tracks per group, by its key.
pub fn parse_tracked(s: &str) -> Result<cxmetrics::Metric, String> {
    let metric: cxmetrics::Metric = s.parse()?;
    if !metric.is_tracked() {
        let keys: Vec<&str> = cxmetrics::Metric::TRACKED.iter().map(|m| m.key()).collect();
        return Err(format!(
            "{s:?} is not tracked per group: expected one of {}",
            keys.join(", ")
        ));
    }
    Ok(metric)
}

/// Parses `office,month`-style grouping: office, staff, channel, a period
/// (day, week, month, quarter), `none`, and at most one other column of
/// the export, read verbatim as the segment. Two periods or two other
/// columns are a usage error.
pub fn parse_group_by(spec: &str) -> Result<Grouping, String> {
    let mut by = GroupBy::default();
    let mut segment: Option<String> = None;
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "office" => by.office = true,
            "staff" => by.staff = true,
            "channel" => by.channel = true,
            "none" => {}
            other => match other.parse::<Period>() {
                Ok(period) => {
                    if let Some(first) = by.period.replace(period) {
                        return Err(format!(
                            "two periods ({}, {}); choose one",
                            first.name(),
                            period.name()
                        ));
                    }
                }
                Err(_) => {
                    if let Some(first) = segment.replace(other.to_string()) {
                        return Err(format!(
                            "two columns besides office, staff and channel ({first:?}, {other:?}); \
                             group by one of them at a time"
                        ));
                    }
                    by.segment = true;
                }
            },
        }
    }
    Ok(Grouping { by, segment })
}

/// Reads and tabulates the responses of `common.input`, with a progress
/// bar on a terminal for a large file.
pub fn tabulate(common: &Common, by: GroupBy) -> Result<Tabulation, Failure> {
    CSV_RAW.store(common.csv_raw, std::sync::atomic::Ordering::Relaxed);
    if let Some(output) = &common.rejections {
        refuse_input_as_output(output, &[common.input.as_path()])?;
    }
    let options = common.reader_options()?;
    if common.parallel && !cfg!(feature = "rayon") {
        return Err(usage(
            "--parallel needs the rayon feature: cargo run --features rayon ...",
        ));
    }
    if common.input.as_os_str() == "-" {
        let mut reader = ResponseReader::from_stdin(options).map_err(reader_failure)?;
        return Ok(tabulate_reader(
            &mut reader,
            by,
            common.rejections.as_deref(),
        )?);
    }
    // The quarantine file is written in file order, by the sequential path.
    #[cfg(feature = "rayon")]
    if common.parallel && common.rejections.is_none() {
        let table = cxmetrics::par_tabulate_path(&common.input, options, by);
        return Ok(table.map_err(|e| e.to_string())?);
    }
    let path = &common.input;
    let input = progress::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.display().to_string();
    let mut reader =
        ResponseReader::from_named_reader(input, options, &name).map_err(reader_failure)?;
    Ok(tabulate_reader(
        &mut reader,
        by,
        common.rejections.as_deref(),
    )?)
}

/// A reader's error as a failure: a column configuration that cannot be
/// (two roles on one column) is how the program was called, exit 2.
fn reader_failure(e: cxmetrics::Error) -> Failure {
    match e {
        cxmetrics::Error::DuplicateColumn { .. } => usage(e.to_string()),
        other => Failure::Data(other.to_string()),
    }
}

/// A progress bar on standard error while a large file is read, only where
/// a person watches: a terminal, not a pipe or CI.
mod progress {
    use std::io::{IsTerminal, Read};
    use std::path::Path;

    /// Files smaller than this are read before a bar would mean anything.
    const LARGE: u64 = 50 << 20;

    /// Opens `path` as [`cxmetrics::Input`] (decompressing gzip), with a
    /// bar that counts the bytes of the file as it is, compressed or not,
    /// against its size.
    pub fn open(path: &Path) -> std::io::Result<Box<dyn Read>> {
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        if size < LARGE || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            return Ok(Box::new(cxmetrics::Input::open(path)?));
        }
        let bar = indicatif::ProgressBar::new(size).with_style(
            indicatif::ProgressStyle::with_template("{bytes}/{total_bytes} {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        // The file's own bytes are counted, before any decompression, so
        // the bar ends full for a gzip file too.
        let file = bar.wrap_read(std::fs::File::open(path)?);
        Ok(Box::new(Finishing(bar, cxmetrics::Input::new(file)?)))
    }

    /// Clears the bar when the input ends.
    struct Finishing<R>(indicatif::ProgressBar, R);

    impl<R: Read> Read for Finishing<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.read(buf)?;
            if n == 0 {
                self.0.finish_and_clear();
            }
            Ok(n)
        }
    }
}

/// Tabulates, writing every rejected row to `quarantine` if given.
fn tabulate_reader<R: std::io::Read>(
    reader: &mut ResponseReader<R>,
    by: GroupBy,
    quarantine: Option<&std::path::Path>,
) -> Result<Tabulation, String> {
    let Some(path) = quarantine else {
        return cxmetrics::tabulate(reader, by).map_err(|e| e.to_string());
    };
    let mut out = Quarantine::create(path, reader.header())?;
    let table =
        cxmetrics::tabulate_with(reader, by, |rejection, fields| out.write(rejection, fields));
    // Only a finished run puts the file in place.
    let table = table.map_err(|e| e.to_string())?;
    out.commit()?;
    Ok(table)
}

/// The file of rejected rows (--rejections): line, column, value and
/// reason, then the row's own fields, every cell guarded against formulas;
/// put in place only when the run finishes.
pub struct Quarantine {
    path: PathBuf,
    out: csv::Writer<std::io::BufWriter<std::fs::File>>,
    file: OutputFile,
}

impl Quarantine {
    /// Starts the file, with the input's header after the four columns.
    pub fn create(path: &Path, header: &[Vec<u8>]) -> Result<Quarantine, String> {
        let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let file = OutputFile::create(path).map_err(|e| failed(&e))?;
        let mut out = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(file.writer().map_err(|e| failed(&e))?);
        let mut row: Vec<&[u8]> = vec![b"line", b"column", b"value", b"reason"];
        row.extend(header.iter().map(Vec::as_slice));
        // The input's own header names are data too: a column named `=cmd`.
        let row: Vec<Cow<'_, [u8]>> = row.into_iter().map(spreadsheet_safe_bytes).collect();
        out.write_record(&row).map_err(|e| failed(&e))?;
        Ok(Quarantine {
            path: path.to_path_buf(),
            out,
            file,
        })
    }

    /// Writes one rejected row: its raw fields, or, for a record that
    /// could not be split, its first bytes as the rejection kept them.
    pub fn write(
        &mut self,
        rejection: &cxmetrics::Rejection,
        fields: &[&[u8]],
    ) -> Result<(), cxmetrics::Error> {
        let line = rejection.line.to_string();
        let reason = rejection.reason.to_string();
        let mut row: Vec<&[u8]> = vec![
            line.as_bytes(),
            rejection.column.as_deref().unwrap_or_default().as_bytes(),
            rejection.value.as_deref().unwrap_or_default().as_bytes(),
            reason.as_bytes(),
        ];
        if fields.is_empty() {
            row.extend(rejection.record.iter().map(|f| f.as_bytes()));
        } else {
            row.extend_from_slice(fields);
        }
        let row: Vec<Cow<'_, [u8]>> = row.into_iter().map(spreadsheet_safe_bytes).collect();
        self.out
            .write_record(&row)
            .map_err(|e| cxmetrics::Error::Io {
                path: self.path.display().to_string(),
                detail: e.to_string(),
            })
    }

    /// Flushes the file and puts it in place.
    pub fn commit(self) -> Result<(), String> {
        let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", self.path.display());
        let mut out = self.out;
        out.flush().map_err(|e| failed(&e))?;
        drop(out);
        self.file.commit().map_err(|e| failed(&e))
    }
}

/// Refuses (exit 2) an output path that is one of the inputs: the same
/// file, however it is spelt (`./x/../in.csv`, a symbolic or a hard link).
pub fn refuse_input_as_output(output: &Path, inputs: &[&Path]) -> Result<(), Failure> {
    for input in inputs {
        if input.as_os_str() != "-" && same_file(output, input) {
            return Err(usage(format!(
                "{} is the input {}: an output never overwrites an input",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Refuses (exit 2), before anything is opened for writing, an output
/// that is one of the inputs, or two outputs that are one file (the second
/// would replace the first): the same file however it is spelt.
pub fn refuse_overlapping_files(outputs: &[&Path], inputs: &[&Path]) -> Result<(), Failure> {
    for (i, output) in outputs.iter().enumerate() {
        refuse_input_as_output(output, inputs)?;
        if let Some(other) = outputs[..i].iter().find(|o| same_target(o, output)) {
            return Err(usage(format!(
                "{} and {} are one file: give each output its own",
                other.display(),
                output.display()
            )));
        }
    }
    Ok(())
}

/// Whether two paths name one existing file: the same device and inode on
/// Unix (so a hard link is caught), the same canonical path elsewhere.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
            return false;
        };
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// Whether two output paths, which need not exist yet, name one file.
fn same_target(a: &Path, b: &Path) -> bool {
    let resolved = |p: &Path| {
        let parent = match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    same_file(a, b) || matches!((resolved(a), resolved(b)), (Some(x), Some(y)) if x == y)
}

/// An output file written under a temporary name beside it and renamed
/// into place by [`OutputFile::commit`]: a run that fails leaves neither a
/// half-written file nor the temporary one.
pub struct OutputFile {
    path: PathBuf,
    temporary: PathBuf,
    committed: bool,
}

impl OutputFile {
    pub fn create(path: &Path) -> std::io::Result<OutputFile> {
        let name = path.file_name().map_or_else(
            || std::ffi::OsString::from("output"),
            std::ffi::OsStr::to_os_string,
        );
        let mut temporary = std::ffi::OsString::from(".");
        temporary.push(&name);
        temporary.push(format!(".{}.tmp", std::process::id()));
        let temporary = path.with_file_name(temporary);
        std::fs::File::create(&temporary)?;
        Ok(OutputFile {
            path: path.to_path_buf(),
            temporary,
            committed: false,
        })
    }

    /// A buffered writer to the temporary file.
    pub fn writer(&self) -> std::io::Result<std::io::BufWriter<std::fs::File>> {
        Ok(std::io::BufWriter::new(self.file()?))
    }

    /// The temporary file, open for writing.
    pub fn file(&self) -> std::io::Result<std::fs::File> {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&self.temporary)
    }

    /// Moves the finished file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        std::fs::rename(&self.temporary, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Whether CSV cells are written without the formula guard (`--csv-raw`).
static CSV_RAW: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns the CSV formula guard off (`--csv-raw`) or on.
pub fn set_csv_raw(raw: bool) {
    CSV_RAW.store(raw, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `text` is a plain number (sign, digits, a point, an exponent),
/// which a spreadsheet reads as a number, not a formula.
fn is_number(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && text.parse::<f64>().is_ok()
}

/// A CSV cell that a spreadsheet will not run: text starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`; numbers
/// stay numbers. `--csv-raw` turns this off.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let risky = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && !is_number(cell) && !CSV_RAW.load(std::sync::atomic::Ordering::Relaxed) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// [`spreadsheet_safe`] for a raw field.
fn spreadsheet_safe_bytes(cell: &[u8]) -> Cow<'_, [u8]> {
    let risky = matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let number = std::str::from_utf8(cell).is_ok_and(is_number);
    if risky && !number && !CSV_RAW.load(std::sync::atomic::Ordering::Relaxed) {
        let mut guarded = b"'".to_vec();
        guarded.extend_from_slice(cell);
        Cow::Owned(guarded)
    } else {
        Cow::Borrowed(cell)
    }
}

/// The key columns, after `row`: a column of its own that says whether a
/// row is a group or the total, and which of its keys are missing, so that
/// an office named `total` or `(none)` is never taken for either.
pub fn key_headers(grouping: &Grouping) -> Vec<String> {
    let by = grouping.by;
    let mut headers = vec!["row".to_string()];
    for (on, name) in [
        (by.office, "office"),
        (by.staff, "staff"),
        (by.channel, "channel"),
        (by.segment, grouping.segment_name()),
    ] {
        if on {
            headers.push(name.to_string());
        }
    }
    if let Some(period) = by.period {
        headers.push(period.name().to_string());
    }
    headers
}

/// A group's `row` cell and key cells; a missing key is an empty cell,
/// named in the `row` cell (`group, no office`), never a word a key could
/// be called. A period the data's first or last date cuts (`dates`) is
/// named too: `group, partial week`.
pub fn key_cells(
    key: &cxmetrics::GroupKey,
    grouping: &Grouping,
    dates: Option<(cxmetrics::jiff::civil::Date, cxmetrics::jiff::civil::Date)>,
) -> Vec<String> {
    let by = grouping.by;
    let mut cells = vec![String::new()];
    let mut notes = Vec::new();
    let keys = [
        (by.office, "office", key.office.clone()),
        (by.staff, "staff", key.staff.clone()),
        (by.channel, "channel", key.channel.clone()),
        (by.segment, grouping.segment_name(), key.segment.clone()),
        (
            by.period.is_some(),
            by.period.map_or("period", |p| p.name()),
            key.period.map(|p| p.to_string()),
        ),
    ];
    for (on, name, value) in keys {
        if on {
            if value.is_none() {
                notes.push(format!("no {name}"));
            }
            cells.push(value.unwrap_or_default());
        }
    }
    if let (Some(period), Some((first, last))) = (key.period, dates)
        && !period.is_within(first, last)
    {
        notes.push(format!("partial {}", period.period().name()));
    }
    cells[0] = std::iter::once("group".to_string())
        .chain(notes)
        .collect::<Vec<_>>()
        .join(", ");
    cells
}

/// The total row's `row` cell and blank key cells.
pub fn total_cells(grouping: &Grouping) -> Vec<String> {
    let mut cells = vec![String::new(); key_headers(grouping).len()];
    cells[0] = "total".to_string();
    cells
}

/// `file: error`, or the error alone where it names the file already
/// (an unreadable file, an encoding), so that no message says it twice.
pub fn named(file: &str, error: &dyn std::fmt::Display) -> String {
    let message = error.to_string();
    if message.contains(file) {
        message
    } else {
        format!("{file}: {message}")
    }
}

/// Reads a traffic file with the run's mode and rejection limit; an error
/// names the file, and a file separated by another byte is told that a
/// traffic file is comma-separated (`--delimiter` is the responses').
pub fn read_traffic(path: &Path, common: &Common) -> Result<cxmetrics::Traffic, Failure> {
    let max_rejected = common.max_rejected.unwrap_or_default();
    cxmetrics::Traffic::from_path_with_limit(path, common.mode(), max_rejected).map_err(|e| {
        let file = printable(&path.display().to_string()).into_owned();
        let message = match e {
            cxmetrics::Error::LikelyDelimiter { found, .. } => format!(
                "traffic file {file}: the header is one column holding {found:?}; a traffic file is comma-separated (office,date,visitors,transactions): save it with commas"
            ),
            e => format!("traffic file {}", named(&file, &e)),
        };
        Failure::Data(message)
    })
}

/// `value [low, high]` with one decimal (three for ratios below 10).
/// `value [low, high]` with `decimals` places (more where an interval that
/// leaves 0 out would print a bound as 0), or `-` without a value.
pub fn show(value: Option<f64>, low: Option<f64>, high: Option<f64>, decimals: usize) -> String {
    match (value, low, high) {
        (Some(v), Some(l), Some(h)) => cxmetrics::print::interval(v, l, h, decimals),
        (Some(v), _, _) => cxmetrics::print::fixed(v, decimals),
        _ => "-".to_string(),
    }
}

/// `text` fit for a terminal: control characters (line breaks, escape
/// sequences) and bidirectional overrides written as escapes, so a key in
/// the data can neither break the table nor steer the terminal. JSON and
/// CSV output keep keys exact.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A message fit for a terminal line by line: a key or value it quotes
/// cannot steer the terminal, and its own line breaks stay.
pub fn printable_lines(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints rows under headers, each column as wide as its widest cell
/// (counted in characters, so Cyrillic headers align); cells are made
/// [`printable`].
pub fn print_table(headers: &[String], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| printable(cell).into_owned())
                .collect()
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([headers[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| {
                let pad = " ".repeat(w - c.chars().count());
                if i == 0 {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    outln!("{}", line(headers));
    for row in &rows {
        outln!("{}", line(row));
    }
}

/// Lists office-days without traffic, office-days whose coverage is not
/// defined (more surveys than visitors, or zero visitors), and malformed
/// traffic rows.
pub fn print_traffic_notes(
    unmatched: &[cxmetrics::OfficeDay],
    data_errors: &[cxmetrics::OfficeDay],
    zero_visitors: &[cxmetrics::OfficeDay],
    rejections: &[cxmetrics::Rejection],
    indent: &str,
) {
    for day in unmatched {
        outln!(
            "{indent}unmatched: {} {}: {} surveys, no traffic row",
            printable(&day.office),
            day.date,
            day.surveys
        );
    }
    for day in data_errors {
        let visitors = day.visitors.unwrap_or(0);
        outln!(
            "{indent}data error: {} {}: {} surveys but {visitors} visitors (left out of coverage)",
            printable(&day.office),
            day.date,
            day.surveys
        );
    }
    for day in zero_visitors {
        outln!(
            "{indent}zero visitors: {} {}: {} surveys (coverage has no denominator; left out of coverage)",
            printable(&day.office),
            day.date,
            day.surveys
        );
    }
    for r in rejections {
        outln!("{indent}traffic {}", printable(&r.to_string()));
    }
}

/// An output error as a message; a closed pipe (`report | head`) ends the
/// program quietly and successfully instead, as the table output does.
fn output_error(kind: Option<std::io::ErrorKind>, message: String) -> String {
    if kind == Some(std::io::ErrorKind::BrokenPipe) {
        std::process::exit(0);
    }
    message
}

fn csv_error(e: csv::Error) -> String {
    let kind = match e.kind() {
        csv::ErrorKind::Io(io) => Some(io.kind()),
        _ => None,
    };
    output_error(kind, e.to_string())
}

/// With CSV output, the accounting goes to standard error: rows read,
/// used and rejected, `k`, the confidence level, and each rejection.
pub fn eprint_accounting(table: &Tabulation, common: &Common) {
    eprintln!(
        "rows: {} read, {} used, {} rejected; grouped by {}; k: ИНК@Персонал {}, ИНК@Офис {}, ИЭЛ {}; intervals at {}",
        table.rows.read,
        table.rows.used,
        table.rows.rejected,
        printable(&table.grouping()),
        common.k_staff().get(),
        common.k_office().get(),
        common.k_iel().get(),
        common.level
    );
    eprint_rejection_summary(table);
    for rejection in &table.rejections {
        eprintln!("rejected: {}", printable(&rejection.to_string()));
    }
}

/// The rejections by kind and column, largest first, and the columns the
/// header repeats: what to read before any list of rejected rows.
pub fn eprint_rejection_summary(table: &Tabulation) {
    for line in rejection_summary_lines(table) {
        eprintln!("{line}");
    }
}

/// [`eprint_rejection_summary`]'s lines, each made [`printable`]: the
/// repeated columns, then one line per kind and column of rejection with
/// its count, first lines and a likely fix.
pub fn rejection_summary_lines(table: &Tabulation) -> Vec<String> {
    let mut lines = Vec::new();
    for name in &table.duplicate_columns {
        lines.push(format!(
            "warning: the header names column {:?} more than once; it is not read, so it is ignored",
            printable(name)
        ));
    }
    for group in table.rejection_summary.largest_first() {
        let first: Vec<String> = group.first_lines.iter().map(u64::to_string).collect();
        let column = group
            .column
            .as_deref()
            .map(|c| format!(" in column {}", printable(c)))
            .unwrap_or_default();
        let fix = group
            .fix
            .as_deref()
            .map(|f| format!(": {}", printable(f)))
            .unwrap_or_default();
        let rows = if group.count == 1 { "row" } else { "rows" };
        lines.push(format!(
            "rejected {} {rows}: {}{column} (first on {} {}){fix}",
            group.count,
            group.kind,
            if first.len() == 1 { "line" } else { "lines" },
            first.join(", ")
        ));
    }
    lines
}

/// Prints rows as CSV with a header.
/// Rows are written as they come, so a program can make each one just
/// before it is written.
pub fn print_csv<R: AsRef<[String]>>(
    headers: &[String],
    rows: impl IntoIterator<Item = R>,
) -> Result<(), Failure> {
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    out.write_record(headers).map_err(csv_error)?;
    for row in rows {
        let row = row.as_ref().iter().map(|cell| spreadsheet_safe(cell));
        out.write_record(row.map(|cell| cell.into_owned()))
            .map_err(csv_error)?;
    }
    out.flush()
        .map_err(|e| output_error(Some(e.kind()), e.to_string()).into())
}

/// A sequence serialised as it is produced: each item is made, written
/// and dropped, so a million groups are never held at once. It can be
/// serialised once.
pub struct Streamed<I>(std::cell::Cell<Option<I>>);

impl<I> Streamed<I> {
    pub fn new(items: I) -> Streamed<I> {
        Streamed(std::cell::Cell::new(Some(items)))
    }
}

impl<I> serde::Serialize for Streamed<I>
where
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => serializer.collect_seq(items),
            None => Err(serde::ser::Error::custom("a stream serialised twice")),
        }
    }
}

/// Prints a value as pretty JSON.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    // Buffered: standard output alone writes each line with its own call,
    // a fifth of a report's time after reading.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| output_error(e.io_error_kind(), e.to_string()))?;
    writeln!(out)
        .and_then(|()| out.flush())
        .map_err(|e| output_error(Some(e.kind()), e.to_string()).into())
}

/// Runs a program's body: on failure, prints the error and exits with
/// status 2 for a usage error, 1 when the data stopped the run.
pub fn run(name: &str, body: impl FnOnce() -> Result<(), Failure>) -> std::process::ExitCode {
    match body() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("{name}: {}", printable_lines(&e));
            std::process::ExitCode::from(2)
        }
        Err(Failure::Data(e)) => {
            eprintln!("{name}: {}", printable_lines(&e));
            std::process::ExitCode::FAILURE
        }
    }
}
