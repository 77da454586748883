//! The CSV reader, tabulation, traffic reader and report must never panic,
//! and must account for every record, whatever the bytes.
#![no_main]

use cxmetrics::{
    ConfidenceLevel, GroupBy, Mode, Period, ReaderOptions, Report, ReportOptions, ResponseReader,
    SilentWeight, Traffic,
};
use libfuzzer_sys::fuzz_target;

const HEADER: &[u8] = b"response_id,timestamp,office,staff,channel,nps,csat,ces,staff_answer,office_answer,recommend_answer\n";

fuzz_target!(|data: &[u8]| {
    let _ = cxmetrics::local_date(data);
    let _ = Traffic::from_reader(data, Mode::Lenient);

    let mut input = HEADER.to_vec();
    input.extend_from_slice(data);
    let Ok(mut reader) = ResponseReader::from_reader(input.as_slice(), ReaderOptions::default()) else {
        return;
    };
    let by = GroupBy { office: true, staff: true, period: Some(Period::Week), ..GroupBy::default() };
    if let Ok(table) = cxmetrics::tabulate(&mut reader, by) {
        assert_eq!(table.rows.read, table.rows.used + table.rows.rejected);
        let options = ReportOptions::new(SilentWeight::ONE, ConfidenceLevel::P95);
        let report = Report::new(&table, None, options).expect("one scale throughout");
        assert_eq!(report.total.responses, table.rows.used);
    }
});
