#![no_main]
//! libFuzzer entry for `gpsim_fuzzing::population`; see crates/fuzzing.
libfuzzer_sys::fuzz_target!(|data: &[u8]| gpsim_fuzzing::population(data));
