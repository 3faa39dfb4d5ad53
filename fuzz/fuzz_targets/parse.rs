//! Arbitrary bytes into the parser: an error or an AST, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        if let Ok(ast) = scimexpr::parse(src) {
            // Whatever parses must print back to source that parses again.
            let printed = scimexpr::printer::print(&ast);
            assert!(scimexpr::parse(&printed).is_ok(), "reprint failed: {printed}");
        }
    }
});
