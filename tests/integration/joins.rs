//! The traffic join (SPEC, "Traffic join", "Force-majeure level",
//! "Surveys and force-majeure situations"): each ratio's total over exactly
//! the office-days where it has a value, visitors and transactions as
//! given, checked sums, and the coverage program's outputs.
//!
//! The files below are what Python's `csv` module writes (`QUOTE_ALL` for
//! the responses, `QUOTE_MINIMAL` for the traffic, CRLF line ends). Every
//! expected number is worked by hand from this table of office-days:
//!
//! | office-day | surveys | force majeure | visitors | transactions | conversion | coverage | FM level (matched) |
//! |---|---|---|---|---|---|---|---|
//! | A 03-01 | 3 | 1 (row 2) | 2 | 6 | 3/6 | left out: surveys > visitors | 1/3 |
//! | A 03-02 | 2 | 0 | 10 | 0 | left out: zero transactions | 2/10 | 0/2 |
//! | A 03-03 | 0 | 0 | 8 | 4 | 0/4 | 0/8 | left out: no surveys |
//! | A 03-04 | 1 | 1 (row 6, both answers: once) | - | - | left out: no traffic row | same | same |
//! | B 03-01 | 1 | 0 | 0 | 2 | 1/2 | left out: zero visitors | 0/1 |
//! | B 03-02 | 4 | 1 (row 8) | 20 | 5 | 4/5 | 4/20 | 1/4 |
//! | B undated | 1 | 0 | | | not joined | | |

use cxmetrics::{
    Error, GroupBy, GroupKey, LeftOutReason, Mode, Period, ReaderOptions, ResponseReader, Traffic,
};
use serde_json::{Value, json};

use crate::{assert_close, example};

const RESPONSES: &str = "\"response_id\",\"timestamp\",\"office\",\"staff_answer\",\"office_answer\"\r\n\
\"1\",\"2026-03-01T09:00:00+03:00\",\"A\",\"positive\",\"positive\"\r\n\
\"2\",\"2026-03-01T10:00:00+03:00\",\"A\",\"force_majeure\",\"\"\r\n\
\"3\",\"2026-03-01T11:00:00+03:00\",\"A\",\"negative\",\"silent\"\r\n\
\"4\",\"2026-03-02T09:00:00+03:00\",\"A\",\"positive\",\"\"\r\n\
\"5\",\"2026-03-02T10:00:00+03:00\",\"A\",\"\",\"negative\"\r\n\
\"6\",\"2026-03-04T09:00:00+03:00\",\"A\",\"force_majeure\",\"force_majeure\"\r\n\
\"7\",\"2026-03-01T09:00:00+03:00\",\"B\",\"silent\",\"\"\r\n\
\"8\",\"2026-03-02T09:00:00+03:00\",\"B\",\"positive\",\"force_majeure\"\r\n\
\"9\",\"2026-03-02T10:00:00+03:00\",\"B\",\"positive\",\"positive\"\r\n\
\"10\",\"2026-03-02T11:00:00+03:00\",\"B\",\"negative\",\"\"\r\n\
\"11\",\"2026-03-02T12:00:00+03:00\",\"B\",\"\",\"positive\"\r\n\
\"12\",\"\",\"B\",\"positive\",\"positive\"\r\n";

/// The same responses without either answer column.
const NO_ANSWERS: &str = "\"response_id\",\"timestamp\",\"office\"\r\n\
\"1\",\"2026-03-01T09:00:00+03:00\",\"A\"\r\n\"2\",\"2026-03-01T10:00:00+03:00\",\"A\"\r\n\
\"3\",\"2026-03-01T11:00:00+03:00\",\"A\"\r\n\"4\",\"2026-03-02T09:00:00+03:00\",\"A\"\r\n\
\"5\",\"2026-03-02T10:00:00+03:00\",\"A\"\r\n\"6\",\"2026-03-04T09:00:00+03:00\",\"A\"\r\n\
\"7\",\"2026-03-01T09:00:00+03:00\",\"B\"\r\n\"8\",\"2026-03-02T09:00:00+03:00\",\"B\"\r\n\
\"9\",\"2026-03-02T10:00:00+03:00\",\"B\"\r\n\"10\",\"2026-03-02T11:00:00+03:00\",\"B\"\r\n\
\"11\",\"2026-03-02T12:00:00+03:00\",\"B\"\r\n\"12\",\"\",\"B\"\r\n";

const TRAFFIC: &str = "office,date,visitors,transactions\r\n\
A,2026-03-01,2,6\r\nA,2026-03-02,10,0\r\nA,2026-03-03,8,4\r\n\
B,2026-03-01,0,2\r\nB,2026-03-02,20,5\r\n";

fn joined(responses: &str, traffic: &str, by: GroupBy) -> Result<cxmetrics::RatioReport, Error> {
    let mut reader =
        ResponseReader::from_reader(responses.as_bytes(), ReaderOptions::default()).unwrap();
    let table = cxmetrics::tabulate(&mut reader, by).unwrap();
    table.ratios(&Traffic::from_reader(traffic.as_bytes(), Mode::Strict).unwrap())
}

fn by_office_month() -> GroupBy {
    GroupBy {
        office: true,
        period: Some(Period::Month),
        ..GroupBy::default()
    }
}

fn reasons(basis: &cxmetrics::RatioBasis) -> Vec<(String, String, LeftOutReason)> {
    basis
        .left_out
        .iter()
        .map(|d| (d.day.office.clone(), d.day.date.to_string(), d.reason))
        .collect()
}

fn day(office: &str, date: &str, reason: LeftOutReason) -> (String, String, LeftOutReason) {
    (office.to_string(), date.to_string(), reason)
}

#[test]
fn each_total_sums_exactly_the_office_days_where_its_ratio_has_a_value() {
    let report = joined(RESPONSES, TRAFFIC, by_office_month()).unwrap();
    let total = &report.total;
    // As the traffic file gives them: 2+10+8+0+20 visitors, 6+0+4+2+5
    // transactions, A 03-01's 2 visitors included although its coverage is
    // a data error. Surveys on days with a traffic row: 3+2+0+1+4.
    assert_eq!(
        (
            total.surveys,
            total.visitors,
            total.transactions,
            total.traffic_days
        ),
        (10, 40, 17, 5)
    );
    // Conversion: A 03-01 3/6, A 03-03 0/4, B 03-01 1/2, B 03-02 4/5; not
    // A 03-02's 2 surveys (zero transactions) nor A 03-04 (no traffic).
    let conversion = &total.exact_conversion;
    assert_eq!(
        (
            conversion.numerator,
            conversion.denominator,
            conversion.days_counted
        ),
        (8, 17, 4)
    );
    assert_close(total.exact_conversion().unwrap().value(), 8.0 / 17.0);
    assert_eq!(
        reasons(conversion),
        [
            day("A", "2026-03-02", LeftOutReason::ZeroTransactions),
            day("A", "2026-03-04", LeftOutReason::NoTrafficRow),
        ]
    );
    // Coverage: A 03-02 2/10, A 03-03 0/8 (a traffic day without any
    // response), B 03-02 4/20.
    let coverage = &total.visitor_coverage;
    assert_eq!(
        (
            coverage.numerator,
            coverage.denominator,
            coverage.days_counted
        ),
        (6, 38, 3)
    );
    assert_close(total.visitor_coverage().unwrap().value(), 6.0 / 38.0);
    assert_eq!(
        reasons(coverage),
        [
            day("A", "2026-03-01", LeftOutReason::SurveysExceedVisitors),
            day("A", "2026-03-04", LeftOutReason::NoTrafficRow),
            day("B", "2026-03-01", LeftOutReason::ZeroVisitors),
        ]
    );
    // Force-majeure level of matched days: A 03-01 1/3, A 03-02 0/2,
    // B 03-01 0/1, B 03-02 1/4.
    let fm = &total.force_majeure_level;
    assert_eq!((fm.numerator, fm.denominator, fm.days_counted), (2, 10, 4));
    assert_close(total.force_majeure_level().unwrap().value(), 0.2);
    assert_eq!(
        reasons(fm),
        [
            day("A", "2026-03-03", LeftOutReason::NoSurveys),
            day("A", "2026-03-04", LeftOutReason::NoTrafficRow),
        ]
    );
    // The day with more surveys than visitors keeps its visitors.
    let error = &report.data_errors[0];
    assert_eq!(
        (
            error.office.as_str(),
            error.surveys,
            error.visitors,
            error.transactions
        ),
        ("A", 3, Some(2), Some(6))
    );
    assert_eq!(report.data_errors.len(), 1);
    assert_eq!(report.zero_visitors.len(), 1);
    assert_eq!(report.unmatched.len(), 1);
    assert_eq!(report.undated_surveys, 1);

    // Group A, March: A 03-01..03-04.
    let a = &report.groups[&GroupKey {
        office: Some("A".into()),
        period: Some(Period::Month.key(jiff::civil::date(2026, 3, 1))),
        ..GroupKey::default()
    }];
    assert_eq!((a.surveys, a.visitors, a.transactions), (5, 20, 10));
    // 3/6 + 0/4; 2/10 + 0/8; 1/3 + 0/2.
    let sides = |b: &cxmetrics::RatioBasis| (b.numerator, b.denominator, b.days_counted);
    assert_eq!(sides(&a.exact_conversion), (3, 10, 2));
    assert_eq!(sides(&a.visitor_coverage), (2, 18, 2));
    assert_eq!(sides(&a.force_majeure_level), (1, 5, 2));
    let b = &report.groups[&GroupKey {
        office: Some("B".into()),
        period: Some(Period::Month.key(jiff::civil::date(2026, 3, 1))),
        ..GroupKey::default()
    }];
    assert_eq!((b.surveys, b.visitors, b.transactions), (5, 20, 7));
    assert_eq!(sides(&b.exact_conversion), (5, 7, 2));
    assert_eq!(sides(&b.visitor_coverage), (4, 20, 1));
    assert_eq!(sides(&b.force_majeure_level), (1, 5, 2));
}

#[test]
fn a_day_of_more_surveys_than_visitors_is_left_out_of_coverage_alone() {
    // Only A 03-01: 3 surveys, 2 visitors, 6 transactions.
    let traffic = "office,date,visitors,transactions\r\nA,2026-03-01,2,6\r\n";
    let total = joined(RESPONSES, traffic, GroupBy::default())
        .unwrap()
        .total;
    assert_eq!((total.visitors, total.transactions), (2, 6));
    assert!(matches!(
        total.visitor_coverage(),
        Err(Error::ZeroDenominator { .. })
    ));
    assert_eq!(total.visitor_coverage.days_counted, 0);
    assert_close(total.exact_conversion().unwrap().value(), 0.5);
    assert_close(total.force_majeure_level().unwrap().value(), 1.0 / 3.0);
}

#[test]
fn without_answer_columns_the_force_majeure_level_has_no_value() {
    let report = joined(NO_ANSWERS, TRAFFIC, by_office_month()).unwrap();
    let err = report.total.force_majeure_level().unwrap_err();
    assert!(matches!(err, Error::MissingColumn { .. }), "{err}");
    assert!(
        err.to_string().contains("staff_answer or office_answer"),
        "{err}"
    );
    // The other ratios are untouched: 8/17 and 6/38 as above.
    assert_close(report.total.exact_conversion().unwrap().value(), 8.0 / 17.0);
    assert_close(report.total.visitor_coverage().unwrap().value(), 6.0 / 38.0);
    for joined in report.groups.values() {
        assert!(joined.force_majeure_level().is_err());
    }
}

#[test]
fn traffic_sums_past_u64_are_an_error_naming_the_total_and_the_day() {
    let max = u64::MAX;
    // Visitors: A 03-01 holds u64::MAX, A 03-02 adds 1.
    let traffic =
        format!("office,date,visitors,transactions\nA,2026-03-01,{max},1\nA,2026-03-02,1,1\n");
    let err = joined(RESPONSES, &traffic, GroupBy::default()).unwrap_err();
    assert_eq!(
        err,
        Error::TotalOverflow {
            total: "visitors",
            office: "A".into(),
            date: "2026-03-02".into(),
            sum: max,
            added: 1,
        }
    );
    // Transactions across offices, in office and date order: B comes after A.
    let traffic = format!(
        "office,date,visitors,transactions\nB,2026-03-09,1,2\nA,2026-03-09,1,{}\n",
        max - 1
    );
    let err = joined(RESPONSES, &traffic, GroupBy::default()).unwrap_err();
    assert!(
        matches!(&err, Error::TotalOverflow { total: "transactions", office, date, sum, added: 2 }
            if office == "B" && date == "2026-03-09" && *sum == max - 1),
        "{err}"
    );
    // One count past u64 is a malformed row, never clamped.
    let one = "office,date,visitors,transactions\nA,2026-03-01,18446744073709551616,1\n";
    let traffic = Traffic::from_reader(one.as_bytes(), Mode::Lenient).unwrap();
    assert_eq!((traffic.rows.used, traffic.rows.rejected), (0, 1));
    assert!(traffic.rejections[0].to_string().contains("visitors"));
}

#[test]
fn a_duplicated_traffic_column_not_read_is_named() {
    let csv = "office,note,date,visitors,transactions,note\nA,x,2026-03-01,5,1,y\n";
    let traffic = Traffic::from_reader(csv.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(traffic.duplicate_columns, ["note"]);
    assert_eq!(traffic.rows.used, 1);
    // A second row for the same office and date is rejected, naming the first.
    let csv = "office,date,visitors,transactions\nA,2026-03-01,5,1\nA,2026-03-01,3,3\n";
    let traffic = Traffic::from_reader(csv.as_bytes(), Mode::Lenient).unwrap();
    assert_eq!(
        traffic.rejections[0].reason,
        cxmetrics::RejectReason::Duplicate { first_line: 2 }
    );
    // A duplicated column it reads is an error.
    let csv = "office,date,visitors,transactions,visitors\nA,2026-03-01,5,1,6\n";
    assert!(matches!(
        Traffic::from_reader(csv.as_bytes(), Mode::Strict),
        Err(Error::DuplicateHeader { .. })
    ));
}

/// Writes the files, runs `coverage` with `args`, and returns its output.
fn coverage(name: &str, responses: &str, traffic: &str, args: &[&str]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("cxmetrics-joins-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (r, t) = (dir.join("responses.csv"), dir.join("traffic.csv"));
    std::fs::write(&r, responses).unwrap();
    std::fs::write(&t, traffic).unwrap();
    let out = example("coverage")
        .arg("--input")
        .arg(&r)
        .arg("--traffic")
        .arg(&t)
        .args(args)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

fn json_of(out: &std::process::Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn coverage_json_names_every_basis() {
    let out = coverage(
        "json",
        RESPONSES,
        TRAFFIC,
        &["--format", "json", "--period", "day"],
    );
    let json = json_of(&out);
    let total = &json["total"];
    assert_eq!(total["responses"], 12);
    assert_eq!(total["surveys"], 10);
    assert_eq!(total["visitors"], 40);
    assert_eq!(total["transactions"], 17);
    assert_eq!(total["traffic_days"], 5);
    let conversion = &total["exact_conversion"];
    assert_close(conversion["value"].as_f64().unwrap(), 8.0 / 17.0);
    assert_eq!(conversion["no_value"], Value::Null);
    assert_eq!(conversion["numerator"], 8);
    assert_eq!(conversion["denominator"], 17);
    assert_eq!(conversion["days_counted"], 4);
    assert_eq!(
        conversion["days_left_out"],
        json!({"no_traffic_row": 1, "zero_transactions": 1})
    );
    assert_eq!(
        conversion["left_out"][0],
        json!({"office": "A", "date": "2026-03-02", "surveys": 2, "visitors": 10,
               "transactions": 0, "reason": "zero_transactions"})
    );
    let coverage = &total["visitor_coverage"];
    assert_close(coverage["value"].as_f64().unwrap(), 6.0 / 38.0);
    assert_eq!(
        (
            coverage["numerator"].as_u64(),
            coverage["denominator"].as_u64()
        ),
        (Some(6), Some(38))
    );
    assert_eq!(coverage["days_counted"], 3);
    assert_eq!(
        coverage["days_left_out"],
        json!({"no_traffic_row": 1, "zero_visitors": 1, "surveys_exceed_visitors": 1})
    );
    // Both force-majeure levels, named: all 12 responses (3 situations:
    // rows 2, 6 and 8), as `report` has it; matched office-days 2/10.
    let all = &total["force_majeure_level"];
    assert_close(all["value"].as_f64().unwrap(), 0.25);
    assert_eq!(
        (all["numerator"].as_u64(), all["denominator"].as_u64()),
        (Some(3), Some(12))
    );
    assert!(all["basis"].as_str().unwrap().contains("used responses"));
    let matched = &total["force_majeure_level_matched"];
    assert_close(matched["value"].as_f64().unwrap(), 0.2);
    assert_eq!(
        (
            matched["numerator"].as_u64(),
            matched["denominator"].as_u64()
        ),
        (Some(2), Some(10))
    );
    assert_eq!(
        matched["days_left_out"],
        json!({"no_traffic_row": 1, "no_surveys": 1})
    );
    // With --period day a group is an office-day: A 03-01 keeps its 2
    // visitors and 6 transactions; its coverage has no value, and says why.
    let groups = json["groups"].as_array().unwrap();
    let a1 = groups
        .iter()
        .find(|g| g["office"] == "A" && g["period"] == "2026-03-01")
        .unwrap();
    assert_eq!(
        (
            a1["surveys"].as_u64(),
            a1["visitors"].as_u64(),
            a1["transactions"].as_u64()
        ),
        (Some(3), Some(2), Some(6))
    );
    assert_eq!(a1["visitor_coverage"]["value"], Value::Null);
    assert!(
        a1["visitor_coverage"]["no_value"]
            .as_str()
            .unwrap()
            .contains("more surveys than visitors"),
        "{a1}"
    );
    assert_close(a1["exact_conversion"]["value"].as_f64().unwrap(), 0.5);
    assert_close(
        a1["force_majeure_level_matched"]["value"].as_f64().unwrap(),
        1.0 / 3.0,
    );
    // A traffic day without any response: coverage 0, conversion 0.
    let a3 = groups
        .iter()
        .find(|g| g["office"] == "A" && g["period"] == "2026-03-03")
        .unwrap();
    assert_eq!(a3["visitor_coverage"]["value"], 0.0);
    assert_eq!(a3["exact_conversion"]["value"], 0.0);
    assert_eq!(a3["responses"], 0);
    // The undated response: a group of its own, joined nowhere.
    let undated = groups
        .iter()
        .find(|g| g["office"] == "B" && g["period"].is_null())
        .unwrap();
    assert_eq!(undated["responses"], 1);
    assert_eq!(undated["surveys"], 0);
    assert_eq!(json["undated_surveys"], 1);
}

#[test]
fn coverage_without_answer_columns_prints_no_force_majeure_level() {
    let out = coverage("noanswers", NO_ANSWERS, TRAFFIC, &["--format", "json"]);
    let json = json_of(&out);
    for level in ["force_majeure_level", "force_majeure_level_matched"] {
        let cell = &json["total"][level];
        assert_eq!(cell["value"], Value::Null, "{level}");
        let why = cell["no_value"].as_str().unwrap();
        assert!(
            why.contains("staff_answer or office_answer"),
            "{level}: {why}"
        );
    }
    let out = coverage("noanswers-table", NO_ANSWERS, TRAFFIC, &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let total = text.lines().find(|l| l.starts_with("total ")).unwrap();
    // conversion, coverage, then two force-majeure levels with no value.
    let cells: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(&cells[5..9], ["0.471", "0.158", "-", "-"], "{total}");
    assert!(
        text.contains(
            "force-majeure level, all responses: no value (no staff_answer or office_answer column"
        ),
        "{text}"
    );
}

#[test]
fn coverage_table_and_csv_state_the_bases() {
    let out = coverage("table", RESPONSES, TRAFFIC, &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("exact conversion: 0.471 = 8 / 17 over 4 office-days"),
        "{text}"
    );
    assert!(text.contains("1 with zero transactions"), "{text}");
    assert!(
        text.contains("visitor coverage: 0.158 = 6 / 38 over 3 office-days"),
        "{text}"
    );
    assert!(
        text.contains("A 2026-03-01: 3 surveys, 2 visitors, 6 transactions: left out of visitor coverage (more surveys than visitors)"),
        "{text}"
    );
    assert!(text.contains("unmatched: A 2026-03-04"), "{text}");

    let out = coverage("csv", RESPONSES, TRAFFIC, &["--format", "csv"]);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let total = rows.iter().find(|r| &r[0] == "total").unwrap();
    let cell = |name: &str| {
        let i = headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"));
        total[i].to_string()
    };
    assert_eq!(cell("visitors"), "40");
    assert_eq!(cell("exact_conversion_numerator"), "8");
    assert_eq!(cell("exact_conversion_denominator"), "17");
    assert_eq!(cell("exact_conversion_days_counted"), "4");
    assert_eq!(cell("exact_conversion_left_out_zero_transactions"), "1");
    assert_eq!(
        cell("visitor_coverage_left_out_surveys_exceed_visitors"),
        "1"
    );
    assert_eq!(cell("visitor_coverage_left_out_zero_visitors"), "1");
    assert_eq!(cell("force_majeure_level_numerator"), "3");
    assert_eq!(cell("force_majeure_level_denominator"), "12");
    assert_eq!(cell("force_majeure_level_matched_numerator"), "2");
    assert_eq!(cell("force_majeure_level_matched_left_out_no_surveys"), "1");
    // The named left-out days go to standard error with the accounting.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("left out: A 2026-03-02"), "{err}");
}

#[test]
fn coverage_stops_on_an_overflowing_sum_and_warns_of_ignored_columns() {
    let traffic = format!(
        "office,date,visitors,transactions\nA,2026-03-01,{},1\nA,2026-03-02,1,1\n",
        u64::MAX
    );
    let out = coverage("overflow", RESPONSES, &traffic, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "the visitors total passes 18446744073709551615 when office \"A\" on 2026-03-02 adds 1"
        ),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("18446744073709551615"));

    let traffic = "office,note,date,visitors,transactions,note\nA,x,2026-03-01,5,1,y\n";
    // The responses with a column `comment` twice, which no role reads.
    let responses = "timestamp,comment,office,comment\n2026-03-01T09:00:00Z,a,A,b\n";
    let out = coverage("dup", responses, traffic, &[]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("traffic.csv: the header names column \"note\" more than once"),
        "{err}"
    );
    assert!(
        err.contains("responses.csv: the header names column \"comment\" more than once"),
        "{err}"
    );
    // A duplicated column the run reads stops it.
    let out = coverage("dup-read", "timestamp,office,office\n", TRAFFIC, &[]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn coverage_refuses_html() {
    let out = coverage("html", RESPONSES, TRAFFIC, &["--format", "html"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn report_and_coverage_agree_and_name_their_bases() {
    let dir = std::env::temp_dir().join(format!(
        "cxmetrics-joins-{}-agree-report",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let (r, t) = (dir.join("responses.csv"), dir.join("traffic.csv"));
    std::fs::write(&r, RESPONSES).unwrap();
    std::fs::write(&t, TRAFFIC).unwrap();
    let out = example("report")
        .arg("--input")
        .arg(&r)
        .arg("--traffic")
        .arg(&t)
        .args(["--by", "office,month", "--format", "json"])
        .output()
        .unwrap();
    let report = json_of(&out);
    let out = coverage("agree", RESPONSES, TRAFFIC, &["--format", "json"]);
    let coverage = json_of(&out);
    std::fs::remove_dir_all(&dir).unwrap();
    let (rt, ct) = (&report["total"], &coverage["total"]);
    // The report's force-majeure level is the one over all responses, 3/12.
    assert_eq!(
        rt["force_majeure_level"]["value"],
        ct["force_majeure_level"]["value"]
    );
    assert_eq!(rt["force_majeure_level"]["n"], 12);
    // Conversion 8/17 and coverage 6/38 in both, n the numerator.
    for ratio in ["exact_conversion", "visitor_coverage"] {
        assert_eq!(rt[ratio]["value"], ct[ratio]["value"], "{ratio}");
        assert_eq!(rt[ratio]["n"], ct[ratio]["numerator"], "{ratio}");
    }
    assert_eq!(rt["exact_conversion"]["n"], 8);
    // The report's data error keeps the visitors the traffic file gives.
    assert_eq!(
        report["summary"]["traffic"]["data_errors"][0],
        json!({"office": "A", "date": "2026-03-01", "surveys": 3, "visitors": 2, "transactions": 6})
    );
}

#[cfg(feature = "rayon")]
#[test]
fn coverage_in_parallel_gives_the_same_document() {
    for (name, responses) in [("seq-answers", RESPONSES), ("seq-none", NO_ANSWERS)] {
        let sequential = json_of(&coverage(name, responses, TRAFFIC, &["--format", "json"]));
        let parallel = json_of(&coverage(
            &format!("{name}-par"),
            responses,
            TRAFFIC,
            &["--format", "json", "--parallel"],
        ));
        assert_eq!(sequential, parallel, "{name}");
        assert_eq!(sequential["total"]["exact_conversion"]["numerator"], 8);
    }
}
