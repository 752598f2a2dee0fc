//! Ingest edge cases (spec section 1): formats, aliases, quoting, bad rows.

mod common;

use common::*;
use partner_insights::ingest::{self, FileError, RowError};

/// A rejection as (line, column, reason in English).
type Problem = (u64, String, String);

fn problems(errors: &[RowError]) -> Vec<Problem> {
    errors
        .iter()
        .map(|e| (e.line, e.column.clone(), e.reason.to_string()))
        .collect()
}

fn errors(input: &[u8]) -> Vec<Problem> {
    problems(
        &ingest::load_customers(input)
            .expect("file loads")
            .summary
            .errors,
    )
}

fn error(line: u64, column: &str, reason: &str) -> Problem {
    (line, column.into(), reason.into())
}

#[test]
fn each_delimiter_bom_and_line_end_gives_the_same_rows() {
    let variants: Vec<Vec<u8>> = vec![
        b"Month,CustomerTenantId,Product\n2024-01,c1,Azure\n2024-02,c1,Azure\n".to_vec(),
        b"Month\tCustomerTenantId\tProduct\r\n2024-01\tc1\tAzure\r\n2024-02\tc1\tAzure\r\n"
            .to_vec(),
        b"Month;CustomerTenantId;Product\n2024-01;c1;Azure\n2024-02;c1;Azure".to_vec(),
        b"\xEF\xBB\xBFMonth,CustomerTenantId,Product\r\n2024-01,c1,Azure\r\n2024-02,c1,Azure\r\n"
            .to_vec(),
    ];
    for input in variants {
        let loaded = ingest::load_customers(&input).unwrap();
        assert_eq!(
            loaded.summary.loaded,
            2,
            "{}",
            String::from_utf8_lossy(&input)
        );
        assert_eq!(loaded.summary.rejected, 0);
        let ds = &loaded.dataset;
        assert_eq!(ds.customers.name(0), "c1");
        assert_eq!(ds.products.name(ds.product_of(0)), "Azure");
        assert_eq!(ds.month_count, 2);
    }
}

#[test]
fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
    let input = "Month,CustomerTenantId,CustomerName,Product\n\
                 2024-01,c1,\"Smith, Jones & \"\"Partners\"\"\",\"Office\n365\"\n\
                 2024-01,c2,\"  padded  \",Azure\n\
                 2024-01,c3,bad value,\"never closed\n";
    let loaded = ingest::load_customers(input.as_bytes()).unwrap();
    let ds = &loaded.dataset;
    assert_eq!(ds.name.value(0), "Smith, Jones & \"Partners\"");
    assert_eq!(ds.products.name(ds.product_of(0)), "Office\n365");
    // Text is trimmed.
    assert_eq!(ds.name.value(1), "padded");
    // Line numbers count the line break inside quotes: c3 starts on line 5.
    assert_eq!(
        problems(&loaded.summary.errors),
        vec![error(5, "Product", "a quoted field is never closed")]
    );
    assert_eq!((loaded.summary.loaded, loaded.summary.rejected), (2, 1));
}

#[test]
fn every_month_format_is_read() {
    // A tab inside a comma-separated file is text: the row has one field.
    assert_eq!(errors(b"Date,CustomerId\n2024-03\tx\n")[0].1, "(row)");
    let input = "MonthKey,CustomerId\n2024-03,a\n2024-04-01,b\n2024-05-01T00:00:00,c\n2024-06-01T00:00:00Z,d\n7/1/2024,e\n08/01/2024,f\n";
    let loaded = ingest::load_customers(input.as_bytes()).unwrap();
    assert_eq!(loaded.summary.rejected, 0);
    let ds = &loaded.dataset;
    assert_eq!(ds.first_month.unwrap().to_string(), "2024-03");
    assert_eq!(ds.month_count, 6);
    let months: Vec<String> = (0..ds.rows())
        .map(|r| ds.month_at(ds.month.get(r) as usize).to_string())
        .collect();
    assert_eq!(
        months,
        ["2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08"]
    );
}

#[test]
fn header_aliases_load_like_canonical_names() {
    let canonical = "Month,CustomerTenantId,CustomerName,CustomerMarket,CustomerSegment,Product,SKU,SubscriptionId,SubscriptionStatus,PartnerLocation,PartnerAttributionType,SalesChannel,PricingModel,AvailableSeats,AssignedSeats,ActiveUsers,IsTrial\n\
2024-01,c1,One,US,SMB,Azure,Plan,s1,Active,Loc,DPOR,CSP direct,PAYG,5,4,3,true\n";
    let aliased = "monthkey;customer_id;Customer Name;CUSTOMER-TENANT-COUNTRY;segment;subscription type;raw product name;subscription guid;customer status;mpn id;partner attach type;channel;azure pricing model;available seats eop;licenses deployed;licenses active;trial\n\
2024-01;c1;One;US;SMB;Azure;Plan;s1;Active;Loc;DPOR;CSP direct;PAYG;5;4;3;true\n";
    let a = report(canonical, None, None);
    let b = report(aliased, None, None);
    assert_eq!(a, b);
    assert_eq!(a["geography"][0]["iso2"], "US");
    assert_eq!(
        pairs(&a["distribution"]["pricing_model"]),
        kv(&[("PAYG", 1)])
    );
    assert_eq!(a["licenses"]["portfolio"]["active_users"], 3);
    // A trial: no entitlements.
    assert_eq!(a["licenses"]["portfolio"]["entitlements"], 0);
}

#[test]
fn unknown_columns_and_column_order_do_not_matter() {
    let a = report(
        "Month,CustomerTenantId,Product\n2024-01,c1,Azure\n",
        None,
        None,
    );
    let b = report(
        "Extra,Product,Note,CustomerTenantId,Month\nx,Azure,\"a, b\",c1,2024-01\n",
        None,
        None,
    );
    assert_eq!(a, b);
}

#[test]
fn status_values_other_than_active_are_inactive_in_any_case() {
    let csv = "Month,CustomerTenantId,SubscriptionState\n\
               2024-01,a,ACTIVE\n2024-01,b,active\n2024-01,c,Suspended\n2024-01,d,Deprovisioned\n\
               2024-01,e,InGracePeriod\n2024-01,f,\n2024-01,g,Churned\n";
    let r = report(csv, None, None);
    assert_eq!(r["summary"]["customers"]["value"], 2);
}

#[test]
fn each_kind_of_bad_row_is_rejected_with_line_column_and_reason() {
    let input = "Month,CustomerTenantId,AvailableSeats,AssignedSeats,ActiveUsers\n\
                 2024-01,good,1,2,3\n\
                 ,missing-month,1,1,1\n\
                 2024-13,bad-month,1,1,1\n\
                 2024-01,,1,1,1\n\
                 2024-01,negative,-1,1,1\n\
                 2024-01,fraction,1.5,1,1\n\
                 2024-01,huge,1,99999999999,1\n\
                 2024-01,short,1\n\
                 2024-01,long,1,2,3,4\n\
                 2024-01,trailing-empty-field,1,2,3,\n\
                 \n\
                 2024-02,good,,,\n\
                 2024-02,huge-then-letter,1,1,99999999999x\n";
    let loaded = ingest::load_customers(input.as_bytes()).unwrap();
    assert_eq!(
        problems(&loaded.summary.errors),
        vec![
            error(3, "Month", "missing month"),
            error(
                4,
                "Month",
                "\"2024-13\" is not a month (expected YYYY-MM, YYYY-MM-DD or M/D/YYYY)"
            ),
            error(5, "CustomerTenantId", "missing value"),
            error(6, "AvailableSeats", "\"-1\" is not a non-negative integer"),
            error(7, "AvailableSeats", "\"1.5\" is not a non-negative integer"),
            error(
                8,
                "AssignedSeats",
                "\"99999999999\" is larger than the largest count, 4294967295"
            ),
            error(9, "(row)", "the row has 3 fields where the header has 5"),
            error(10, "(row)", "the row has 6 fields where the header has 5"),
            error(
                14,
                "ActiveUsers",
                "\"99999999999x\" is not a non-negative integer"
            ),
        ]
    );
    assert_eq!(loaded.summary.rejected, 9);
    // The good rows, the trailing empty field and the empty counts load; the blank line is skipped.
    assert_eq!(loaded.summary.loaded, 3);
    let r = report_skip_check(input);
    assert_eq!(r["rows"], serde_json::json!({"loaded": 3, "rejected": 9}));
}

fn report_skip_check(csv: &str) -> serde_json::Value {
    let loaded = load(csv);
    let rows = partner_insights::metrics::RowCounts {
        loaded: loaded.summary.loaded,
        rejected: loaded.summary.rejected,
    };
    let query = partner_insights::metrics::Query::default();
    serde_json::to_value(
        partner_insights::metrics::report(&loaded.dataset, rows, None, &query).unwrap(),
    )
    .unwrap()
}

#[test]
fn a_row_with_several_problems_is_one_rejected_row() {
    let loaded =
        ingest::load_customers(b"Month,CustomerTenantId,AvailableSeats\nsoon,,x\n").unwrap();
    assert_eq!(loaded.summary.rejected, 1);
    let columns: Vec<&str> = loaded
        .summary
        .errors
        .iter()
        .map(|e| e.column.as_str())
        .collect();
    assert_eq!(columns, ["Month", "CustomerTenantId", "AvailableSeats"]);
}

#[test]
fn a_windows_1252_file_loads_every_row_with_its_accents() {
    let loaded = ingest::load_customers(
        b"Month,CustomerTenantId,CustomerName\n2024-01,c1,Caf\xe9\n2024-01,c2,Cafe\n",
    )
    .unwrap();
    assert!(loaded.summary.errors.is_empty());
    assert_eq!(loaded.summary.loaded, 2);
    assert_eq!(loaded.dataset.name.value(0), "Café");
    // A header byte that is not UTF-8 is a Windows-1252 letter too.
    assert_eq!(
        ingest::load_customers(b"Mon\xffth,CustomerTenantId\n").unwrap_err(),
        FileError::MissingColumns(vec!["Month"])
    );
}

#[test]
fn files_that_cannot_be_used_are_refused_whole() {
    assert_eq!(ingest::load_customers(b"").unwrap_err(), FileError::Empty);
    assert_eq!(
        ingest::load_customers(b" \n\r\n ").unwrap_err(),
        FileError::Empty
    );
    let err = ingest::load_customers(b"Product,Seats\nAzure,1\n").unwrap_err();
    assert_eq!(
        err,
        FileError::MissingColumns(vec!["Month", "CustomerTenantId"])
    );
    assert_eq!(
        err.to_string(),
        "the header lacks the required columns Month, CustomerTenantId"
    );
    let err = ingest::load_customers(b"Month,Product\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the header lacks the required column CustomerTenantId"
    );
    // A header alone is a usable file with no rows.
    let loaded = ingest::load_customers(b"Month,CustomerTenantId\n").unwrap();
    assert!(loaded.dataset.is_empty());
}

#[test]
fn json_input_is_an_array_of_objects() {
    let json = r#"[
        {"Month": "2024-01", "CustomerTenantId": "c1", "Product": "Azure", "AvailableSeats": 5, "IsTrial": false},
        {"month": "1/1/2024", "customer_tenant_id": "c2", "AvailableSeats": "7", "ActiveUsers": null},
        {"Month": "2024-01", "CustomerTenantId": "c3", "AvailableSeats": 2.5},
        {"Month": "2024-01", "CustomerTenantId": "c4", "AvailableSeats": 3.0, "IsTrial": true},
        [1, 2],
        {"Month": "2024-01"}
    ]"#;
    let loaded = ingest::load_customers(json.as_bytes()).unwrap();
    assert_eq!(loaded.summary.loaded, 3);
    assert_eq!(
        problems(&loaded.summary.errors),
        vec![
            error(3, "AvailableSeats", "\"2.5\" is not a non-negative integer"),
            error(5, "(row)", "element 5 is an array, not an object"),
            error(6, "CustomerTenantId", "missing value"),
        ]
    );
    let r = report_skip_check(json);
    assert_eq!(r["licenses"]["portfolio"]["entitlements"], 12);
    assert!(matches!(
        ingest::load_customers(b"[1, 2]").unwrap_err(),
        FileError::NoObjects
    ));
    assert!(matches!(
        ingest::load_customers(b"[{\"Month\": ").unwrap_err(),
        FileError::Json(_)
    ));
}

#[test]
fn the_usage_file_loads_with_its_own_columns() {
    let (usage, summary) = ingest::load_usage(
        b"Date,CustomerId,Workload,PaidAvailableUnits,MonthlyActiveUsers\n2024-01,c1,Teams,10,8\n2024-01,c1,OneDrive,10,3\n2024-01,,Teams,1,1\n",
    )
    .unwrap();
    assert_eq!(usage.rows(), 2);
    assert_eq!(summary.rejected, 1);
    assert_eq!(
        usage
            .reported
            .name(usage.counts_as[usage.workload[1] as usize]),
        "SharePoint"
    );
    let err = ingest::load_usage(b"Month,CustomerTenantId\n").unwrap_err();
    assert_eq!(err, FileError::MissingColumns(vec!["WorkloadName"]));
}

#[test]
fn markets_are_normalised_to_one_country() {
    let csv = "Month,CustomerTenantId,Country\n2024-01,a,US\n2024-01,b,USA\n2024-01,c,united states of america\n2024-01,d,United States\n2024-01,e,\n2024-01,f,Narnia\n";
    let r = report(csv, None, None);
    let countries: Vec<(String, u64)> = r["geography"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["country"].as_str().unwrap().to_string(),
                c["customers"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        countries,
        kv(&[("United States", 4), ("Narnia", 1), ("Unknown", 1)])
    );
}

#[test]
fn rejected_rows_are_kept_as_written() {
    let loaded = ingest::load_customers(b"Month,CustomerTenantId,Note\r\n2024-01,a,\"x, y\"\r\n2024-13,b,\"multi\nline\"\r\n2024-01,,z\r\n").unwrap();
    let rows: Vec<(u64, &str)> = loaded
        .summary
        .rejected_rows
        .iter()
        .map(|r| (r.line, r.text.as_str()))
        .collect();
    assert_eq!(rows, [(3, "2024-13,b,\"multi\nline\""), (5, "2024-01,,z")]);
    let json =
        ingest::load_customers(br#"[{"Month": "2024-01", "CustomerTenantId": ""}]"#).unwrap();
    assert_eq!(
        json.summary.rejected_rows[0].text,
        r#"{"CustomerTenantId":"","Month":"2024-01"}"#
    );
}

#[test]
fn loading_step_by_step_gives_the_same_data_as_at_once() {
    let mut csv = String::from("Month,CustomerTenantId,Product,AvailableSeats\n");
    for i in 0..500 {
        csv.push_str(&format!(
            "2024-{:02},c{},P{},{}\n",
            i % 12 + 1,
            i % 37,
            i % 5,
            if i % 50 == 0 {
                "x".to_string()
            } else {
                i.to_string()
            }
        ));
    }
    let whole = ingest::load_customers(csv.as_bytes()).unwrap();
    let mut loader = ingest::customers_loader(csv.as_bytes()).unwrap();
    let mut steps = 0;
    let mut last = 0.0;
    while !loader.step(7) {
        steps += 1;
        assert!(loader.progress() >= last);
        last = loader.progress();
    }
    assert!(steps > 60);
    assert_eq!(loader.progress(), 1.0);
    let stepped = loader.into_loaded().unwrap();
    assert_eq!(
        (stepped.summary.loaded, stepped.summary.rejected),
        (whole.summary.loaded, whole.summary.rejected)
    );
    assert_eq!(stepped.summary.errors, whole.summary.errors);
    assert_eq!(stepped.dataset.available, whole.dataset.available);
    assert_eq!(stepped.dataset.month, whole.dataset.month);
}

/// Feeds `input` to a streaming loader in pieces of `piece` bytes, reading
/// what it can between pieces as the browser does.
fn load_in_pieces(input: &[u8], piece: usize) -> Result<ingest::Loaded, FileError> {
    let mut loader = ingest::customers_streaming(Some(input.len() as u64));
    for chunk in input.chunks(piece.max(1)) {
        loader.push(chunk)?;
        while !loader.step(3) {
            if loader.wants_input() {
                break;
            }
        }
        assert!(loader.progress() <= 1.0);
    }
    loader.into_loaded()
}

#[test]
fn a_file_read_while_it_arrives_loads_like_the_whole_file() {
    // A byte-order mark, quoted line breaks, CRLF and a lone CR, doubled
    // quotes, bad rows and no line end at the end.
    let input = "\u{feff}Month;CustomerTenantId;CustomerName;Product;AvailableSeats\r\n\
                 2024-01;t1;\"Contoso\r\nLtd\";Azure;5\r\n\
                 2024-02;t1;\"Say \"\"hi\"\"\";Azure;x\r\
                 2024-02;t2;Fabrikam;\"Office 365\";7\n\
                 ;t3;No month;Azure;1\n\
                 2024-03;t2;Fabrikam;Office 365;8";
    let whole = ingest::load_customers(input.as_bytes()).unwrap();
    assert_eq!((whole.summary.loaded, whole.summary.rejected), (3, 2));
    for piece in [1, 2, 3, 5, 7, 16, 64, input.len()] {
        let streamed = load_in_pieces(input.as_bytes(), piece).unwrap();
        let (a, b) = (&streamed.summary, &whole.summary);
        assert_eq!(
            (a.loaded, a.rejected),
            (b.loaded, b.rejected),
            "pieces of {piece}"
        );
        assert_eq!(a.errors, b.errors, "pieces of {piece}");
        assert_eq!(a.rejected_rows, b.rejected_rows, "pieces of {piece}");
        let (s, w) = (&streamed.dataset, &whole.dataset);
        assert_eq!(s.month, w.month);
        assert_eq!(s.available, w.available);
        assert_eq!(s.subscription.ids, w.subscription.ids);
        assert_eq!(s.columns, w.columns);
        let names = |d: &partner_insights::dataset::Dataset| {
            (0..d.rows())
                .map(|r| d.name.value(r).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(s), names(w), "pieces of {piece}");
    }
}

#[test]
fn a_file_read_while_it_arrives_is_not_held_whole() {
    let mut customers = Vec::new();
    let options = partner_insights::generate::Options {
        customers: 60,
        months: 12,
        seed: 3,
        last_month: partner_insights::model::Month::new(2025, 6).unwrap(),
    };
    partner_insights::generate::generate(&options, &mut customers, &mut Vec::new()).unwrap();
    let whole = ingest::load_customers(&customers).unwrap();
    assert!(whole.summary.loaded > 500, "{}", whole.summary.loaded);
    let longest = customers
        .split(|&b| b == b'\n')
        .map(<[u8]>::len)
        .max()
        .unwrap();
    let piece = 4096;
    let mut loader = ingest::customers_streaming(Some(customers.len() as u64));
    let mut most = 0;
    for chunk in customers.chunks(piece) {
        loader.push(chunk).unwrap();
        // What is held is at most a piece and the start of a row before it.
        most = most.max(loader.held());
        assert!(
            loader.held() <= piece + longest,
            "{} bytes held",
            loader.held()
        );
        // A step of three rows reads less than a piece brings: the loader
        // wants input only once all that came is read.
        while !loader.read_rows(3) && !loader.wants_input() {}
    }
    assert!(most >= piece, "the pieces were held until read");
    assert_eq!(loader.received(), customers.len() as u64);
    let streamed = loader.into_loaded().unwrap();
    assert_eq!(streamed.summary.loaded, whole.summary.loaded);
    assert_eq!(streamed.dataset.month, whole.dataset.month);
    assert_eq!(streamed.dataset.available, whole.dataset.available);

    // Pieces that come faster than they are read are all kept until read.
    let mut loader = ingest::customers_streaming(None);
    for chunk in customers.chunks(piece) {
        loader.push(chunk).unwrap();
        loader.step(7);
    }
    let late = loader.into_loaded().unwrap();
    assert_eq!(late.summary.loaded, whole.summary.loaded);
    assert_eq!(
        late.dataset.subscription.ids,
        whole.dataset.subscription.ids
    );
    assert_eq!(late.dataset.month, whole.dataset.month);
}

#[test]
fn a_file_read_in_pieces_by_the_command_loads_like_the_whole_file() {
    // The first name is UTF-8 by chance ("K\xC3\xB6ln"), a later one is
    // not: the whole file is Windows-1252, so the rows read as UTF-8 are
    // read again, from the start.
    let mut input = b"Month,CustomerTenantId,CustomerName,Product,AvailableSeats\n2024-01,t1,K\xC3\xB6ln,Azure,5\n".to_vec();
    for i in 0..200 {
        // Every seventh row has no number of seats and is rejected.
        let seats = if i % 7 == 0 {
            "x".to_string()
        } else {
            i.to_string()
        };
        input.extend_from_slice(format!("2024-02,t{i},Fabrikam,Azure,{seats}\n").as_bytes());
    }
    input.extend_from_slice(b"2024-03,t9,Soci\xE9t\xE9,Office 365,8\n");
    let whole = ingest::load_customers(&input).unwrap();
    assert_eq!(
        whole.summary.reading.encoding,
        ingest::Encoding::Windows1252
    );
    for piece in [1, 9, 64, 4096, usize::MAX] {
        let opened = std::cell::Cell::new(0);
        let streamed = ingest::load_customers_from(|| {
            opened.set(opened.get() + 1);
            Ok(Trickle {
                bytes: &input,
                piece,
            })
        })
        .unwrap();
        let (a, b) = (&streamed.summary, &whole.summary);
        assert_eq!(
            (a.loaded, a.rejected),
            (b.loaded, b.rejected),
            "pieces of {piece}"
        );
        assert_eq!(
            problems(&a.errors),
            problems(&b.errors),
            "pieces of {piece}"
        );
        assert_eq!(a.reading.encoding, b.reading.encoding, "pieces of {piece}");
        assert_eq!(streamed.dataset.name.value(0), "KÃ¶ln", "pieces of {piece}");
        assert_eq!(
            streamed.dataset.subscription.ids, whole.dataset.subscription.ids,
            "pieces of {piece}"
        );
        assert_eq!(streamed.dataset.available, whole.dataset.available);
        assert_eq!(
            opened.get(),
            2,
            "read again from its start, pieces of {piece}"
        );
    }
    // A file that is not there is named as unreadable, not as a bad table.
    let missing = ingest::load_customers_from(|| std::fs::File::open("/nonexistent/file.csv"));
    assert!(matches!(missing, Err(ingest::ReadError::Io(_))));
}

#[test]
fn a_file_too_big_for_the_limit_is_told_from_its_first_rows() {
    let file = |rows: usize| {
        let mut csv = String::from("Month,CustomerTenantId,CustomerName\n");
        for i in 0..rows {
            csv.push_str(&format!("2024-01,c{i},Customer {}\n", i % 97));
        }
        csv.into_bytes()
    };
    // Five times the limit: told after the first pieces, with about its rows.
    let big = file(10_000);
    let mut loader = ingest::customers_streaming(Some(big.len() as u64)).with_max_rows(2_000);
    let mut told = None;
    for chunk in big.chunks(8192) {
        loader.push(chunk).unwrap();
        while !loader.read_rows(500) && !loader.wants_input() {}
        told = loader.rows_over_limit();
        if told.is_some() {
            break;
        }
    }
    let told = told.expect("told before the end");
    assert!((9_000..11_000).contains(&told), "{told}");
    assert!(
        loader.received() < big.len() as u64 / 2,
        "{} bytes read",
        loader.received()
    );
    // Within a tenth over the limit: not judged early; the limit itself
    // stops the reading, and the file is refused naming it.
    let near = file(2_150);
    let mut loader = ingest::customers_streaming(Some(near.len() as u64)).with_max_rows(2_000);
    for chunk in near.chunks(8192) {
        loader.push(chunk).unwrap();
        while !loader.read_rows(500) && !loader.wants_input() {}
        assert_eq!(loader.rows_over_limit(), None);
        if loader.stopped() {
            break;
        }
    }
    assert!(loader.stopped());
    assert_eq!(
        loader.into_loaded().unwrap_err(),
        FileError::TooManyRows(2_000)
    );
    // Its length unknown (a compressed download): nothing is judged early.
    let mut loader = ingest::customers_streaming(None).with_max_rows(2_000);
    loader.push(&big[..big.len() / 3]).unwrap();
    while !loader.read_rows(500) && !loader.wants_input() {}
    assert_eq!(loader.rows_over_limit(), None);
}

#[test]
fn a_file_read_while_it_arrives_is_refused_as_soon_as_its_header_is_in() {
    let mut loader = ingest::customers_streaming(None);
    loader.push(b"Month,Customer").unwrap();
    // The header's line has not ended: nothing is decided yet.
    assert!(loader.header().is_empty());
    assert!(matches!(
        loader.push(b"Name,Product\n2024-01,x,y\n"),
        Err(FileError::MissingColumns(_))
    ));
    // A JSON array waits for the whole input; empty input is refused at its end.
    let json = br#"[{"Month": "2024-01", "CustomerTenantId": "t1"}]"#;
    let streamed = load_in_pieces(json, 4).unwrap();
    assert_eq!(streamed.summary.loaded, 1);
    assert!(matches!(
        load_in_pieces(b" \n \n", 2),
        Err(FileError::Empty)
    ));
}

#[test]
fn a_usage_file_read_while_it_arrives_is_not_held_whole_and_reads_as_whole() {
    let mut usage = Vec::new();
    let options = partner_insights::generate::Options {
        customers: 60,
        months: 12,
        seed: 3,
        last_month: partner_insights::model::Month::new(2025, 6).unwrap(),
    };
    partner_insights::generate::generate(&options, &mut Vec::new(), &mut usage).unwrap();
    let (whole, whole_summary) = ingest::load_usage(&usage).unwrap();
    assert!(whole_summary.loaded > 500, "{}", whole_summary.loaded);
    let longest = usage.split(|&b| b == b'\n').map(<[u8]>::len).max().unwrap();
    let piece = 4096;
    let mut loader = ingest::usage_streaming(Some(usage.len() as u64));
    for chunk in usage.chunks(piece) {
        loader.push(chunk).unwrap();
        assert!(
            loader.held() <= piece + longest,
            "{} bytes held",
            loader.held()
        );
        while !loader.read_rows(3) && !loader.wants_input() {}
    }
    let (streamed, summary) = loader.finish().unwrap();
    assert_eq!(summary.loaded, whole_summary.loaded);
    assert_eq!(streamed.rows(), whole.rows());
    assert_eq!(streamed.active_users, whole.active_users);
    assert_eq!(streamed.month, whole.month);
}

/// A file whose length is known grows its columns to its rows at once
/// (judged after its first 20,000 rows), not by doubling past them: the
/// sample's 67,331 rows would take room for 131,072.
#[test]
fn a_file_of_known_length_makes_room_for_its_rows_once() {
    let bytes = std::fs::read("public/data/customers.csv").unwrap();
    let mut loader = ingest::customers_streaming(Some(bytes.len() as u64));
    for chunk in bytes.chunks(1 << 16) {
        loader.push(chunk).unwrap();
        while !loader.read_rows(5000) && !loader.wants_input() {}
    }
    loader.end_of_input().unwrap();
    while !loader.read_rows(5000) {}
    let (rows, room) = (67_331, loader.row_capacity());
    assert!(
        room >= rows && room <= rows * 105 / 100,
        "room for {room} rows"
    );
    assert_eq!(loader.into_loaded().unwrap().summary.loaded, rows);
}
