#![no_main]

#[path = "../../generator/tests/fuzz/targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::reader(data));
