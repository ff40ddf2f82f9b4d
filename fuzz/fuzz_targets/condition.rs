//! Fuzz the condition parser: never panics; a parsed condition prints to text that parses to the
//! same condition.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(c) = entente_scenario::cond::parse(text) {
        let printed = c.to_string();
        let again = entente_scenario::cond::parse(&printed).expect("a printed condition parses");
        assert_eq!(printed, again.to_string());
    }
});
