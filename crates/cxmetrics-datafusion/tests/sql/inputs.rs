//! NULLs, invalid values, intervals and stored tallies, on small tables
//! whose answers are worked out by hand.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{Float64Type, UInt64Type};
use datafusion::prelude::SessionContext;

use crate::{block_on, context};

/// Runs `sql` and returns its only row's columns as pretty-printed text.
async fn one_row(ctx: &SessionContext, sql: &str) -> Vec<String> {
    let batches = ctx
        .sql(sql)
        .await
        .expect("plan")
        .collect()
        .await
        .expect("run");
    let batch = batches.iter().find(|b| b.num_rows() > 0).expect("one row");
    assert_eq!(batch.num_rows(), 1);
    batch
        .columns()
        .iter()
        .map(|c| datafusion::arrow::util::display::array_value_to_string(c, 0).expect("display"))
        .collect()
}

async fn error(ctx: &SessionContext, sql: &str) -> String {
    let result = match ctx.sql(sql).await {
        Ok(frame) => frame.collect().await.map(|_| ()),
        Err(error) => Err(error),
    };
    result.expect_err("the query must fail").to_string()
}

const SCORES: &str = "(VALUES (10, 'positive'), (9, 'SILENT'), (NULL, NULL), (3, 'negative'), \
     (8, 'force_majeure'), (0, 'positive')) AS t(score, answer)";

#[test]
fn nulls_are_skipped_and_empty_groups_are_null() {
    block_on(async {
        let ctx = context(2);
        // Scores 10, 9, 3, 8, 0: 2 promoters, 2 detractors of 5: NPS 0.
        // Answers P2 N1 S1 F1, k = 0.5: ИНК = (1 + 0.5) / (2 + 1 + 1) = 37.5 %;
        // ИЭЛ counts F as negative: (2 - 2 - 0.5) / 5 = -10 points.
        let sql = format!(
            "SELECT nps(score), ink(answer, 0.5), iel(answer, 0.5), nps_tally(score), \
             ink_tally(answer) FROM {SCORES}"
        );
        assert_eq!(
            one_row(&ctx, &sql).await,
            [
                "0.0",
                "37.5",
                "-10.0",
                "[1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1]",
                "[2, 1, 1, 1]"
            ]
        );

        // Only NULLs, and only force-majeure answers: nothing to compute from.
        let sql = "SELECT nps(s), csat(s), ces(s), nps_ci(s), nps_tally(s), ink(a, 0.3), \
                   ink(f, 0.3), iel(f, 0.3) \
                   FROM (VALUES (CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), 'force_majeure')) \
                   AS t(s, a, f)";
        assert_eq!(
            one_row(&ctx, sql).await,
            [
                "",
                "",
                "",
                "",
                "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
                "",
                "",
                "-100.0"
            ]
        );

        // An empty table: SQL's ungrouped aggregate still gives one row.
        let sql =
            "SELECT nps(score), nps_tally(score) FROM (VALUES (1)) AS t(score) WHERE score > 5";
        assert_eq!(
            one_row(&ctx, sql).await,
            ["", "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"]
        );
    });
}

#[test]
fn invalid_input_is_an_error_that_names_the_value() {
    block_on(async {
        let ctx = context(2);
        let cases = [
            (
                "SELECT nps(s) FROM (VALUES (10), (11)) AS t(s)",
                "NPS score 11 is off the 0..=10 scale",
            ),
            (
                "SELECT nps(s) FROM (VALUES (-1)) AS t(s)",
                "NPS score -1 is off the 0..=10 scale",
            ),
            (
                "SELECT csat(s) FROM (VALUES (0)) AS t(s)",
                "CSAT score 0 is off the 1..=5 scale",
            ),
            (
                "SELECT ces_tally(s) FROM (VALUES (8)) AS t(s)",
                "CES score 8 is off the 1..=7 scale",
            ),
            (
                "SELECT ink(a, 0.3) FROM (VALUES ('maybe')) AS t(a)",
                "ink: unknown answer label \"maybe\"",
            ),
            (
                "SELECT ink(a, 1.5) FROM (VALUES ('silent')) AS t(a)",
                "ink: silent-respondent weight k = 1.5 is outside [0, 1]",
            ),
            (
                "SELECT iel(a, -0.1) FROM (VALUES ('silent')) AS t(a)",
                "k = -0.1 is outside [0, 1]",
            ),
            (
                "SELECT nps_ci(s, 95) FROM (VALUES (1)) AS t(s)",
                "nps_ci: confidence level 95 is outside (0, 1)",
            ),
            (
                "SELECT ink(a, k) FROM (VALUES ('silent', 0.3)) AS t(a, k)",
                "ink(answer, k): k must be a constant number",
            ),
            (
                "SELECT ink(a, NULL) FROM (VALUES ('silent')) AS t(a)",
                "ink(answer, k): k is NULL",
            ),
            (
                "SELECT nps(s) FROM (VALUES ('9')) AS t(s)",
                "nps(score): the first argument takes integer scores or a nps_tally, got Utf8",
            ),
            (
                "SELECT nps(s) FROM (VALUES (9.0)) AS t(s)",
                "the first argument takes integer scores",
            ),
            (
                "SELECT ink(a) FROM (VALUES ('silent')) AS t(a)",
                "ink(answer, k) takes 2 arguments, got 1",
            ),
            (
                "SELECT nps(s, 0.3) FROM (VALUES (1)) AS t(s)",
                "nps(score) takes one argument, got 2",
            ),
        ];
        for (sql, message) in cases {
            let error = error(&ctx, sql).await;
            assert!(
                error.contains(message),
                "{sql}\n  gave: {error}\n  want: {message}"
            );
        }
    });
}

#[test]
fn intervals_match_the_core_crate_and_hand_values() {
    block_on(async {
        let ctx = context(2);
        // SPEC's example: 75 promoters, 5 passives, 20 detractors.
        let sql = "SELECT nps_ci(s), nps_ci(s, 0.9) FROM \
                   (SELECT CASE WHEN v <= 20 THEN 0 WHEN v <= 25 THEN 7 ELSE 9 END AS s \
                    FROM generate_series(1, 100) AS g(v))";
        let batches = ctx
            .sql(sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run");
        let ci = batches[0].column(0).as_struct();
        let field = |name: &str| {
            ci.column_by_name(name)
                .expect(name)
                .as_primitive::<Float64Type>()
                .value(0)
        };
        assert_eq!(field("value"), 55.0);
        assert_eq!(
            ci.column_by_name("n")
                .expect("n")
                .as_primitive::<UInt64Type>()
                .value(0),
            100
        );
        // Adjusted Wald, worked by hand in the core crate's docs: 37.81 to 68.99.
        assert!((field("low") - 37.81).abs() < 0.01, "{}", field("low"));
        assert!((field("high") - 68.99).abs() < 0.01, "{}", field("high"));
        assert_eq!(field("level"), 0.95);
        let ci90 = batches[0].column(1).as_struct();
        let low90 = ci90
            .column_by_name("low")
            .expect("low")
            .as_primitive::<Float64Type>()
            .value(0);
        assert!(low90 > field("low"), "a 90 % interval is narrower");

        // ink_ci equals the core crate's interval on the same counts.
        let sql = "SELECT ink_ci(a, 0.3) FROM (VALUES ('positive'), ('positive'), ('negative'), \
                   ('silent'), ('silent'), ('positive')) AS t(a)";
        let batches = ctx
            .sql(sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run");
        let ci = batches[0].column(0).as_struct();
        let get = |name: &str| {
            ci.column_by_name(name)
                .expect(name)
                .as_primitive::<Float64Type>()
                .value(0)
        };
        let k = cxmetrics::SilentWeight::new(0.3).expect("k");
        let core = cxmetrics::KeyTally::from_counts(3, 1, 2, 0)
            .ink(k)
            .expect("ink");
        let interval = core
            .interval(
                cxmetrics::ConfidenceLevel::P95,
                cxmetrics::ShareMethod::Wilson,
            )
            .expect("interval");
        assert_eq!(get("value"), core.value());
        assert_eq!((get("low"), get("high")), (interval.low(), interval.high()));
        assert!(ci.is_valid(0));
    });
}

#[test]
fn stored_tallies_roll_up_to_the_same_metrics() {
    block_on(async {
        let ctx = context(4);
        let rows = crate::generate(58, 2_000);
        let table = datafusion::datasource::MemTable::try_new(
            crate::schema(),
            rows.chunks(500).map(|c| vec![crate::batch(c)]).collect(),
        )
        .expect("table");
        ctx.register_table("responses", std::sync::Arc::new(table))
            .expect("register");
        // Daily tallies per office and month, as a job would store them...
        ctx.sql(
            "CREATE TABLE tallies AS SELECT office, month, nps_tally(nps) AS nps, \
             csat_tally(csat) AS csat, ces_tally(ces) AS ces, ink_tally(staff_answer) AS staff, \
             ink_tally(office_answer) AS office_t, iel_tally(recommend_answer) AS recommend \
             FROM responses GROUP BY office, month",
        )
        .await
        .expect("plan")
        .collect()
        .await
        .expect("store tallies");
        // ...rolled up per office later equal the metrics over the raw rows.
        let rolled = crate::query(
            &ctx,
            "SELECT office, nps(nps), csat(csat), ces(ces), ink(staff, 0.3), ink(office_t, 0.3), \
             iel(recommend, 0.5) FROM tallies GROUP BY office",
            1,
        )
        .await
        .expect("roll up");
        let want = crate::expected(&rows, |r| vec![r.office.to_owned()]);
        assert_eq!(rolled, want);
        let value = |t: &crate::Table| t.values().map(|v| v[0]).collect::<Vec<_>>();
        assert!(value(&rolled).iter().all(Option::is_some));
    });
}

#[test]
fn functions_work_as_window_aggregates_and_with_filters() {
    block_on(async {
        let ctx = context(2);
        // FILTER goes through the groups accumulator's filter argument.
        let sql = "SELECT g, nps(s) FILTER (WHERE s <> 0) AS nps \
                   FROM (VALUES (1, 10), (1, 0), (2, 6), (2, 9)) AS t(g, s) GROUP BY g ORDER BY g";
        let batches = ctx
            .sql(sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run");
        let nps = batches[0].column(1).as_primitive::<Float64Type>();
        assert_eq!((nps.value(0), nps.value(1)), (100.0, 0.0));

        // A running NPS over a window uses the row accumulator.
        let sql = "SELECT nps(s) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) \
                   FROM (VALUES (1, 10), (2, 0), (3, 9)) AS t(i, s) ORDER BY i";
        let batches = ctx
            .sql(sql)
            .await
            .expect("plan")
            .collect()
            .await
            .expect("run");
        let running = batches[0].column(0).as_primitive::<Float64Type>();
        let running: Vec<f64> = running.values().to_vec();
        // 10 -> 100; 10, 0 -> 0; 10, 0, 9 -> (2 - 1) / 3.
        assert_eq!(running, [100.0, 0.0, 100.0 / 3.0]);
    });
}
