//! Re-encoding invariance (spec 1.4), as a property: the same rows written
//! in any encoding, with any delimiter or `sep=` line, with month-first,
//! day-first or dotted dates, dates with times, and tenant ids in any case
//! or in braces, give the same report as the plain UTF-8 file.

mod common;

use common::Trickle;
use partner_insights::ingest;
use partner_insights::metrics::{self, Query, RowCounts};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Row {
    month: u32,
    tenant: usize,
    product: usize,
    seats: u32,
    users: u32,
    /// How this row writes its tenant id.
    id_form: usize,
}

const TENANTS: &[&str] = &[
    "0a1b2c3d-0000-4000-8000-00000000abcd",
    "f0e1d2c3-1111-4111-8111-00000000beef",
    "12345678-2222-4222-8222-0000000000ff",
];
const NAMES: &[&str] = &["Société Générale Café", "Müller & Söhne", "Ørsted Å/S"];
const MARKETS: &[&str] = &["France", "Österreich", "Côte d'Ivoire"];
const PRODUCTS: &[&str] = &["Microsoft 365", "Dynamics 365", "Azure"];

#[derive(Debug, Clone, Copy)]
enum Dates {
    Iso,
    IsoWithTime,
    MonthFirst,
    MonthFirstWithTime,
    DayFirst,
    DayFirstPadded,
    Dotted,
}

#[derive(Debug, Clone, Copy)]
enum Text {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

fn date(month: u32, form: Dates) -> String {
    match form {
        Dates::Iso => format!("2024-{month:02}"),
        Dates::IsoWithTime => format!("2024-{month:02}-01T00:00:00Z"),
        Dates::MonthFirst => format!("{month}/1/2024"),
        Dates::MonthFirstWithTime => format!("{month}/1/2024 12:00:00 AM"),
        Dates::DayFirst => format!("1/{month}/2024"),
        Dates::DayFirstPadded => format!("01/{month:02}/2024"),
        Dates::Dotted => format!("1.{month}.2024"),
    }
}

fn tenant(id: &str, form: usize) -> String {
    match form {
        0 => id.to_string(),
        1 => id.to_uppercase(),
        _ => format!("{{{}}}", id.to_uppercase()),
    }
}

fn write(rows: &[Row], delimiter: char, sep_line: bool, dates: Dates) -> String {
    let d = delimiter;
    let mut out = String::new();
    if sep_line {
        out.push_str(&format!("sep={d}\r\n"));
    }
    out.push_str(&format!(
        "Month{d}CustomerTenantId{d}CustomerName{d}CustomerMarket{d}Product{d}AvailableSeats{d}ActiveUsers\r\n"
    ));
    for r in rows {
        out.push_str(&format!(
            "{}{d}{}{d}\"{}\"{d}\"{}\"{d}{}{d}{}{d}{}\r\n",
            date(r.month, dates),
            tenant(TENANTS[r.tenant], r.id_form),
            NAMES[r.tenant],
            MARKETS[r.tenant],
            PRODUCTS[r.product],
            r.seats,
            r.users
        ));
    }
    out
}

fn encode(text: &str, form: Text) -> Vec<u8> {
    match form {
        Text::Utf8 => text.as_bytes().to_vec(),
        Text::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Text::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Text::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Text::Windows1252 => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
            assert!(!unmappable, "every name is representable");
            bytes.into_owned()
        }
    }
}

fn report(bytes: &[u8]) -> serde_json::Value {
    report_of(ingest::load_customers(bytes).expect("the file loads"))
}

fn report_of(loaded: ingest::Loaded) -> serde_json::Value {
    assert_eq!(loaded.summary.rejected, 0, "{:?}", loaded.summary.errors);
    let rows = RowCounts {
        loaded: loaded.summary.loaded,
        rejected: 0,
    };
    serde_json::to_value(metrics::report(&loaded.dataset, rows, None, &Query::default()).unwrap())
        .unwrap()
}

/// The same, read a piece at a time as the browser reads it.
fn report_streamed(bytes: &[u8], piece: usize) -> serde_json::Value {
    let mut loader = ingest::customers_streaming(Some(bytes.len() as u64));
    for chunk in bytes.chunks(piece) {
        loader.push(chunk).expect("the header is whole");
        loader.read_rows(usize::MAX);
    }
    loader.end_of_input().unwrap();
    if loader.needs_reread() {
        let encoding = ingest::Encoding::Windows1252;
        loader = ingest::customers_streaming_as(Some(bytes.len() as u64), encoding);
        for chunk in bytes.chunks(piece) {
            loader.push(chunk).unwrap();
        }
        loader.end_of_input().unwrap();
    }
    report_of(loader.into_loaded().unwrap())
}

/// The same, read from an input in pieces as the command reads a file
/// (opened again from its start when it must be read as Windows-1252).
fn report_read_from(bytes: &[u8], piece: usize) -> serde_json::Value {
    let loaded = ingest::load_customers_from(|| Ok(Trickle { bytes, piece })).unwrap();
    report_of(loaded)
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        (
            1u32..=6,
            0..TENANTS.len(),
            0..PRODUCTS.len(),
            0u32..50,
            0u32..50,
            0usize..3,
        )
            .prop_map(|(month, tenant, product, seats, users, id_form)| Row {
                month,
                tenant,
                product,
                seats,
                users,
                id_form,
            }),
        1..25,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_way_of_writing_the_rows_gives_the_same_report(
        rows in rows(),
        text in prop_oneof![Just(Text::Utf8), Just(Text::Utf8Bom), Just(Text::Utf16Le), Just(Text::Utf16Be), Just(Text::Windows1252)],
        delimiter in prop_oneof![Just(','), Just(';'), Just('\t')],
        sep_line in any::<bool>(),
        dates in prop_oneof![Just(Dates::Iso), Just(Dates::IsoWithTime), Just(Dates::MonthFirst), Just(Dates::MonthFirstWithTime), Just(Dates::DayFirst), Just(Dates::DayFirstPadded), Just(Dates::Dotted)],
        piece in 1usize..200,
    ) {
        let plain: Vec<Row> = rows.iter().map(|r| Row { id_form: 0, ..r.clone() }).collect();
        let baseline = report(write(&plain, ',', false, Dates::Iso).as_bytes());
        let bytes = encode(&write(&rows, delimiter, sep_line, dates), text);
        prop_assert_eq!(&report(&bytes), &baseline);
        prop_assert_eq!(&report_streamed(&bytes, piece), &baseline);
        prop_assert_eq!(&report_read_from(&bytes, piece), &baseline);
    }
}
