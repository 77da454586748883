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
use std::path::PathBuf;

use cxmetrics::{
    ConfidenceLevel, GroupBy, Mode, Period, ReaderOptions, ResponseReader, SilentWeight, Tabulation,
};

/// The bundled sample responses, the default input of every program.
pub const SAMPLE_RESPONSES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/responses.csv");
/// The bundled sample traffic.
pub const SAMPLE_TRAFFIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/traffic.csv");

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
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

/// Options every program takes.
pub struct Common {
    pub input: PathBuf,
    pub k_staff: SilentWeight,
    pub k_office: SilentWeight,
    pub k_iel: SilentWeight,
    pub level: ConfidenceLevel,
    pub format: Format,
    pub mode: Mode,
    pub parallel: bool,
    pub record_limit: usize,
    pub delimiter: u8,
    pub rejections: Option<PathBuf>,
    pub columns: cxmetrics::Columns,
    pub labels: cxmetrics::Labels,
}

pub const COMMON_HELP: &str = "\
  --input FILE     responses CSV, gzip-compressed or not; - for standard input
                   (default: the bundled data/responses.csv)
  --k K            silent-respondent weight for all indices, in [0, 1] (default 0.5)
  --k-staff K      k for ИНК@Персонал only
  --k-office K     k for ИНК@Офис only
  --k-iel K        k for ИЭЛ only
  --level L        confidence level in (0, 1) (default 0.95)
  --format F       table (default), json or csv
  --strict         stop at the first malformed row (default: skip and count it)
  --rejections FILE
                   write every rejected row to FILE as CSV: line, column, value,
                   reason, then the row's own fields under the file's header
  --column ROLE=NAME
                   read ROLE (nps, csat, ces, timestamp, office, staff, channel,
                   staff_answer, office_answer, recommend_answer, response_id)
                   from the column NAME; ROLE= for none; repeatable
  --label ANSWER=L1,L2,...
                   more labels for an answer (positive, negative, silent,
                   force_majeure), matched in any case: --label positive=yes,да,1
  --delimiter D    field delimiter: one ASCII character, or tab (default ,)
  --record-limit BYTES
                   longest record taken; a longer one is rejected and reading
                   resumes at the next line (default 1048576)
  --parallel       read the file on every core (needs --features rayon)
  -h, --help       this help";

impl Default for Common {
    fn default() -> Self {
        let k = SilentWeight::new(0.5).unwrap_or(SilentWeight::ONE);
        Common {
            input: PathBuf::from(SAMPLE_RESPONSES),
            k_staff: k,
            k_office: k,
            k_iel: k,
            level: ConfidenceLevel::P95,
            format: Format::Table,
            mode: Mode::Lenient,
            parallel: false,
            record_limit: cxmetrics::DEFAULT_RECORD_LIMIT,
            delimiter: b',',
            rejections: None,
            columns: cxmetrics::Columns::default(),
            labels: cxmetrics::Labels::new(),
        }
    }
}

/// Command-line arguments, consumed flag by flag.
pub struct Args(std::vec::IntoIter<String>);

impl Args {
    pub fn from_env() -> Args {
        Args(std::env::args().skip(1).collect::<Vec<_>>().into_iter())
    }

    pub fn next_flag(&mut self) -> Option<String> {
        self.0.next()
    }

    pub fn value(&mut self, flag: &str) -> Result<String, Failure> {
        self.0
            .next()
            .ok_or_else(|| usage(format!("{flag} needs a value")))
    }

    /// Handles a common option; `Ok(false)` if `flag` is not one.
    pub fn common(&mut self, flag: &str, common: &mut Common) -> Result<bool, Failure> {
        match flag {
            "--input" => common.input = PathBuf::from(self.value(flag)?),
            "--k" => {
                let k = weight(flag, &self.value(flag)?)?;
                (common.k_staff, common.k_office, common.k_iel) = (k, k, k);
            }
            "--k-staff" => common.k_staff = weight(flag, &self.value(flag)?)?,
            "--k-office" => common.k_office = weight(flag, &self.value(flag)?)?,
            "--k-iel" => common.k_iel = weight(flag, &self.value(flag)?)?,
            "--level" => {
                let value = self.value(flag)?;
                let level: f64 = value
                    .parse()
                    .map_err(|_| usage(format!("{flag} {value:?}: not a number")))?;
                common.level =
                    ConfidenceLevel::new(level).map_err(|e| usage(format!("{flag}: {e}")))?;
            }
            "--format" => {
                common.format = match self.value(flag)?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => {
                        return Err(usage(format!(
                            "--format {other:?}: expected table, json or csv"
                        )));
                    }
                }
            }
            "--strict" => common.mode = Mode::Strict,
            "--rejections" => common.rejections = Some(PathBuf::from(self.value(flag)?)),
            "--column" => {
                let value = self.value(flag)?;
                let (role, name) = value
                    .split_once('=')
                    .ok_or_else(|| usage(format!("{flag} {value:?}: expected ROLE=NAME")))?;
                let role: cxmetrics::Column =
                    role.parse().map_err(|e| usage(format!("{flag}: {e}")))?;
                let name = (!name.is_empty()).then(|| name.to_string());
                common.columns.set(role, name);
            }
            "--label" => {
                let value = self.value(flag)?;
                let (answer, labels) = value
                    .split_once('=')
                    .ok_or_else(|| usage(format!("{flag} {value:?}: expected ANSWER=L1,L2,...")))?;
                let answer: cxmetrics::KeyAnswer =
                    answer.parse().map_err(|e| usage(format!("{flag}: {e}")))?;
                for label in labels.split(',') {
                    common
                        .labels
                        .add(answer, label)
                        .map_err(|e| usage(format!("{flag}: {e}")))?;
                }
            }
            "--delimiter" => {
                let value = self.value(flag)?;
                common.delimiter = match value.as_str() {
                    "tab" | "\\t" | "\t" => b'\t',
                    one if one.len() == 1
                        && one.is_ascii()
                        && !matches!(one, "\"" | "\n" | "\r") =>
                    {
                        one.as_bytes()[0]
                    }
                    _ => {
                        return Err(usage(format!(
                            "{flag} {value:?}: expected one ASCII character other than a quote or a line break, or tab"
                        )));
                    }
                };
            }
            "--record-limit" => {
                let value = self.value(flag)?;
                common.record_limit = value
                    .parse()
                    .ok()
                    .filter(|&limit: &usize| limit > 0)
                    .ok_or_else(|| {
                        usage(format!("{flag} {value:?}: expected a number of bytes"))
                    })?;
            }
            "--parallel" if cfg!(feature = "rayon") => common.parallel = true,
            "--parallel" => {
                return Err(usage(
                    "--parallel needs the rayon feature: cargo run --features rayon ...",
                ));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn weight(flag: &str, value: &str) -> Result<SilentWeight, Failure> {
    let k: f64 = value
        .parse()
        .map_err(|_| usage(format!("{flag} {value:?}: not a number")))?;
    SilentWeight::new(k).map_err(|e| usage(format!("{flag}: {e}")))
}

/// Parses `office,month`-style grouping; two periods are a usage error.
pub fn parse_group_by(spec: &str) -> Result<GroupBy, Failure> {
    let mut by = GroupBy::default();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "office" => by.office = true,
            "staff" => by.staff = true,
            "channel" => by.channel = true,
            "none" => {}
            period => {
                let period: Period = period
                    .parse()
                    .map_err(|e| usage(format!("--by: {e}; or office, staff, channel")))?;
                if let Some(first) = by.period.replace(period) {
                    return Err(usage(format!(
                        "--by {spec:?}: two periods ({}, {}); choose one",
                        first.name(),
                        period.name()
                    )));
                }
            }
        }
    }
    Ok(by)
}

/// Reads and tabulates the responses of `common.input`.
pub fn tabulate(common: &Common, by: GroupBy) -> Result<Tabulation, String> {
    let options = ReaderOptions {
        mode: common.mode,
        record_limit: common.record_limit,
        delimiter: common.delimiter,
        columns: common.columns.clone(),
        labels: common.labels.clone(),
        ..ReaderOptions::default()
    };
    if common.input.as_os_str() == "-" {
        let mut reader = ResponseReader::from_stdin(options).map_err(|e| e.to_string())?;
        return tabulate_reader(&mut reader, by, common.rejections.as_deref());
    }
    // The quarantine file is written in file order, by the sequential path.
    #[cfg(feature = "rayon")]
    if common.parallel && common.rejections.is_none() {
        return cxmetrics::par_tabulate_path(&common.input, options, by).map_err(|e| e.to_string());
    }
    let mut reader =
        ResponseReader::from_path(&common.input, options).map_err(|e| e.to_string())?;
    tabulate_reader(&mut reader, by, common.rejections.as_deref())
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
    let failed = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| failed(&e))?;
    let mut header: Vec<&[u8]> = vec![b"line", b"column", b"value", b"reason"];
    header.extend(reader.header().iter().map(Vec::as_slice));
    out.write_record(&header).map_err(|e| failed(&e))?;
    let table = cxmetrics::tabulate_with(reader, by, |rejection, fields| {
        let line = rejection.line.to_string();
        let reason = rejection.reason.to_string();
        let mut row: Vec<&[u8]> = vec![
            line.as_bytes(),
            rejection.column.as_deref().unwrap_or_default().as_bytes(),
            rejection.value.as_deref().unwrap_or_default().as_bytes(),
            reason.as_bytes(),
        ];
        if fields.is_empty() {
            // Not split into fields: its first bytes, as the rejection kept them.
            row.extend(rejection.record.iter().map(|f| f.as_bytes()));
        } else {
            row.extend_from_slice(fields);
        }
        out.write_record(&row).map_err(|e| cxmetrics::Error::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        })
    });
    out.flush().map_err(|e| failed(&e))?;
    table.map_err(|e| e.to_string())
}

/// `value [low, high]` with one decimal (three for ratios below 10).
pub fn show(value: Option<f64>, low: Option<f64>, high: Option<f64>, decimals: usize) -> String {
    match (value, low, high) {
        (Some(v), Some(l), Some(h)) => format!("{v:.decimals$} [{l:.decimals$}, {h:.decimals$}]"),
        (Some(v), _, _) => format!("{v:.decimals$}"),
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

/// Prints rows as CSV with a header.
pub fn print_csv(headers: &[String], rows: &[Vec<String>]) -> Result<(), Failure> {
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    out.write_record(headers).map_err(csv_error)?;
    for row in rows {
        out.write_record(row).map_err(csv_error)?;
    }
    out.flush()
        .map_err(|e| output_error(Some(e.kind()), e.to_string()).into())
}

/// Prints a value as pretty JSON.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| output_error(e.io_error_kind(), e.to_string()))?;
    writeln!(out).map_err(|e| output_error(Some(e.kind()), e.to_string()).into())
}

/// Runs a program's body: on failure, prints the error and exits with
/// status 2 for a usage error, 1 when the data stopped the run.
pub fn run(name: &str, body: impl FnOnce() -> Result<(), Failure>) -> std::process::ExitCode {
    match body() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("{name}: {e}");
            std::process::ExitCode::from(2)
        }
        Err(Failure::Data(e)) => {
            eprintln!("{name}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
