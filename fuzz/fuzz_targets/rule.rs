//! Fuzz the rule parser: any text either fails with a located error or parses into a rule whose
//! canonical print parses back to the same rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match entente_rules::parse(text) {
        Ok(rule) => {
            let printed = rule.to_string();
            let again = entente_rules::parse(&printed).expect("a printed rule parses");
            assert_eq!(rule, again, "round trip changed {text:?} -> {printed:?}");
        }
        Err(e) => assert!(e.span.start <= text.len() && e.span.end <= text.len()),
    }
});
