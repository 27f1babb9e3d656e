#![no_main]
//! libFuzzer entry for `gpsim_fuzzing::scenario_set`; see crates/fuzzing.
libfuzzer_sys::fuzz_target!(|data: &[u8]| gpsim_fuzzing::scenario_set(data));
