#![no_main]
//! libFuzzer entry for `gpsim_fuzzing::share_link`; see crates/fuzzing.
libfuzzer_sys::fuzz_target!(|data: &[u8]| gpsim_fuzzing::share_link(data));
