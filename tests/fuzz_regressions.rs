//! Inputs the fuzzers found, kept so the bugs stay fixed. Each row is the
//! input and what must hold for it.

use scimexpr::{parse, printer};

/// Inputs that must parse, and whose printed form must parse to the same tree.
const REPRINT: &[&str] = &[
    // `fuzz/parse`: a word operator followed by a multi-byte non-letter (U+200A)
    // lexed as an identifier, which printed back as the operator.
    "1 +startsWith\u{200A}",
];

/// Inputs that must be rejected with an error at the given column.
const REJECT: &[(&str, usize)] = &[
    // The same bug from the other side: `startsWith` is always an operator.
    ("startsWith\u{200A}", 1),
];

#[test]
fn reprinted_sources_parse_again() {
    for src in REPRINT {
        // The fuzz target reprints only what parses; here the input must fail
        // the same way expr fails, or reprint cleanly.
        match parse(src) {
            Ok(ast) => {
                let printed = printer::print(&ast);
                let again =
                    parse(&printed).unwrap_or_else(|e| panic!("{src:?} → {printed:?}: {e}"));
                assert!(
                    printer::eq_ignoring_spans(&ast, &again),
                    "{src:?} → {printed:?}"
                );
            }
            Err(e) => assert_eq!(e.col, 4, "{src:?}: {e}"),
        }
    }
}

#[test]
fn word_operators_are_never_names() {
    for (src, col) in REJECT {
        let err = parse(src).expect_err(src);
        assert_eq!(err.col, *col, "{src:?}: {err}");
        assert!(err.to_string().contains("startsWith"), "{err}");
    }
}
