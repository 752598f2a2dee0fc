//! Any bytes as a customers file read a piece at a time, as the browser
//! reads it while it downloads: decoding (UTF-16, the switch to
//! Windows-1252 and the second reading it may ask for), the `sep=` line and
//! slash dates decided over the whole file must give exactly what reading
//! the file whole gives. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_insights::ingest;

fuzz_target!(|input: (u16, &[u8])| {
    let (piece, data) = input;
    let piece = usize::from(piece % 512) + 1;
    let whole = ingest::load_customers(data);
    let read = |encoding: Option<ingest::Encoding>| {
        let mut loader = match encoding {
            Some(encoding) => ingest::customers_streaming_as(Some(data.len()), encoding),
            None => ingest::customers_streaming(Some(data.len())),
        };
        for chunk in data.chunks(piece) {
            loader.push(chunk)?;
            loader.read_rows(7);
        }
        loader.end_of_input()?;
        Ok((loader.needs_reread(), loader))
    };
    let streamed = match read(None) {
        Ok((true, _)) => read(Some(ingest::Encoding::Windows1252)).map(|(_, l)| l),
        other => other.map(|(_, l)| l),
    }
    .and_then(|loader| loader.into_loaded());
    match (whole, streamed) {
        (Ok(whole), Ok(streamed)) => {
            assert_eq!(whole.summary.loaded, streamed.summary.loaded);
            assert_eq!(whole.summary.errors, streamed.summary.errors);
            assert_eq!(whole.summary.reading, streamed.summary.reading);
            assert_eq!(whole.dataset.rows(), streamed.dataset.rows());
            assert_eq!(whole.dataset.customers.len(), streamed.dataset.customers.len());
        }
        (Err(_), Err(_)) => {}
        (whole, streamed) => panic!("whole {:?} but streamed {:?}", whole.err(), streamed.err()),
    }
});
