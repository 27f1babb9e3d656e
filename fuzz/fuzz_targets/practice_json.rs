#![no_main]
//! libFuzzer entry for `gpsim_fuzzing::practice_json`; see crates/fuzzing.
libfuzzer_sys::fuzz_target!(|data: &[u8]| gpsim_fuzzing::practice_json(data));
