//! JSON input: an array of objects with the same field names as the CSV
//! header. Each object becomes a record over the union of all keys.

use crate::hash::Map;

use serde_json::Value;

use super::csv::Record;
use super::schema::normalise_header;
use super::{FileError, JsonKind, Reason};

/// The header (every key, in order of first appearance) and one record per
/// element; `line` is the element's 1-based index.
pub fn records(bytes: &[u8]) -> Result<(Vec<String>, Vec<Record>), FileError> {
    let items = match serde_json::from_slice(bytes).map_err(|e| FileError::Json(e.to_string()))? {
        Value::Array(items) => items,
        // The APIs' envelope: `{"Value": [...]}` (spec 1.4).
        Value::Object(mut map) => match ["Value", "value"].iter().find_map(|k| map.remove(*k)) {
            Some(Value::Array(items)) => items,
            _ => return Err(FileError::Json("no \"Value\" array of records".into())),
        },
        _ => return Err(FileError::Json("neither an array nor an object".into())),
    };
    // Objects may spell a field differently ("Month", "month"): columns
    // are the distinct normalised keys, named by their first spelling.
    let mut header: Vec<String> = Vec::new();
    let mut column_of: Map<String, usize> = Map::default();
    for item in &items {
        if let Value::Object(map) = item {
            for key in map.keys() {
                column_of.entry(normalise_header(key)).or_insert_with(|| {
                    header.push(key.clone());
                    header.len() - 1
                });
            }
        }
    }
    if header.is_empty() {
        return Err(FileError::NoObjects);
    }
    let mut records = Vec::with_capacity(items.len());
    let mut text = String::new();
    for (i, item) in items.iter().enumerate() {
        let mut record = Record::default();
        record.line = i as u64 + 1;
        record.text = Some(item.to_string());
        match item {
            Value::Object(map) => {
                let mut fields: Vec<Option<&Value>> = vec![None; header.len()];
                for (key, value) in map {
                    let slot = &mut fields[column_of[&normalise_header(key)]];
                    if slot.is_none() {
                        *slot = Some(value);
                    }
                }
                for value in fields {
                    text.clear();
                    match value {
                        None | Some(Value::Null) => {}
                        Some(Value::String(s)) => text.push_str(s),
                        Some(Value::Number(n)) => match n.as_f64() {
                            Some(f)
                                if n.as_u64().is_none()
                                    && f >= 0.0
                                    && f.fract() == 0.0
                                    && f < 1e19 =>
                            {
                                // Whole and below 2^64: exact as an integer.
                                text.push_str(&(f as u64).to_string())
                            }
                            _ => text.push_str(&n.to_string()),
                        },
                        Some(Value::Bool(b)) => text.push_str(if *b { "true" } else { "false" }),
                        Some(other) => text.push_str(&other.to_string()),
                    }
                    record.push(text.as_bytes());
                }
            }
            other => {
                let kind = match other {
                    Value::Array(_) => JsonKind::Array,
                    Value::String(_) => JsonKind::String,
                    Value::Number(_) => JsonKind::Number,
                    Value::Bool(_) => JsonKind::Boolean,
                    _ => JsonKind::Null,
                };
                record.unreadable = Some(Reason::NotAnObject {
                    element: i + 1,
                    kind,
                });
            }
        }
        records.push(record);
    }
    Ok((header, records))
}

/// The keys of a report object (spec section 7); its first key is one of
/// them in whatever order it was written. A file of records starts with
/// an array, or with the APIs' envelope (`"Value"`, `"@odata..."`).
const REPORT_KEYS: &[&str] = &[
    "range",
    "data_months",
    "rows",
    "filters",
    "thresholds",
    "summary",
    "geography",
    "adds_churns",
    "distribution",
    "products",
    "distribution_trend",
    "active_trend",
    "retention",
    "licenses",
    "workloads",
];

/// Whether the head of a file is a report JSON rather than data: a JSON
/// object whose first key is one of a report's.
pub fn is_report(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut rest = head.trim_ascii_start();
    let Some(after) = rest.strip_prefix(b"{") else {
        return false;
    };
    rest = after.trim_ascii_start();
    let Some(after) = rest.strip_prefix(b"\"") else {
        return false;
    };
    let key = after.split(|&b| b == b'"').next().unwrap_or_default();
    after.len() > key.len() && REPORT_KEYS.iter().any(|k| k.as_bytes() == key)
}

#[cfg(test)]
mod tests {
    use super::is_report;

    #[test]
    fn a_report_is_told_from_records_by_its_first_key() {
        assert!(is_report(b"{\n  \"range\": {\"from\": \"2024-01\""));
        assert!(is_report(b"\xEF\xBB\xBF {\"summary\": {}}"));
        assert!(!is_report(b"[{\"range\": 1}]"));
        assert!(!is_report(b"{\"Value\": [{\"range\": 1}]}"));
        assert!(!is_report(b"{\"range"));
        assert!(!is_report(b"customer_id,month\n"));
    }
}
