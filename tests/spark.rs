//! The Spark job (`spark/insights_report.py`) applies the ingest rules of
//! spec section 1 with the engine's own tables: column names and their
//! aliases, market names, workload names, flag values and SKU prefixes.
//! They are written to `spark/tables.json` from the engine, and this test
//! keeps that file equal to them (`UPDATE_SPARK_TABLES=1 cargo test --test
//! spark` writes it again).

use partner_insights::dataset::WORKLOAD_NAMES;
use partner_insights::ingest::{Schema, CUSTOMERS, PRODUCT_PREFIXES, TRUE_VALUES, USAGE};
use partner_insights::model::{name_index, unaccented};
use serde_json::{json, Value};

fn schema(schema: &Schema) -> Value {
    schema
        .fields
        .iter()
        .map(|spec| {
            json!({
                "field": spec.names[0],
                "names": spec.preferred.iter().chain(spec.names).collect::<Vec<_>>(),
                "required": spec.required,
            })
        })
        .collect()
}

fn tables() -> Value {
    let markets: serde_json::Map<String, Value> = name_index()
        .into_iter()
        .map(|(key, c)| (key, json!([c.name, c.alpha2])))
        .collect();
    let unaccented: serde_json::Map<String, Value> = unaccented()
        .into_iter()
        .map(|(from, to)| (from.to_string(), json!(to.to_string())))
        .collect();
    json!({
        "customers": schema(&CUSTOMERS),
        "usage": schema(&USAGE),
        "markets": markets,
        "unaccented": unaccented,
        "workloads": WORKLOAD_NAMES.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        "true_values": TRUE_VALUES,
        "product_prefixes": PRODUCT_PREFIXES.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
    })
}

#[test]
fn the_spark_jobs_tables_are_the_engines() {
    let path = "spark/tables.json";
    let expected = serde_json::to_string_pretty(&tables()).unwrap() + "\n";
    if std::env::var_os("UPDATE_SPARK_TABLES").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == expected,
        "{path} differs from the engine's tables: UPDATE_SPARK_TABLES=1 cargo test --test spark"
    );
}
