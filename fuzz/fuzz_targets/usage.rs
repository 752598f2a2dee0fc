//! Any bytes as a workload usage file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_insights::ingest;

fuzz_target!(|data: &[u8]| {
    let _ = ingest::load_usage(data);
});
