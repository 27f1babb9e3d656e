#![no_main]
//! libFuzzer entry for `gpsim_fuzzing::batch_csv`; see crates/fuzzing.
libfuzzer_sys::fuzz_target!(|data: &[u8]| gpsim_fuzzing::batch_csv(data));
