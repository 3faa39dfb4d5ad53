//! Bad inputs: message and `line:col` (columns count characters, docs/language.md, Nil and errors).
//! The lexer rows' positions are expr v1.17.8's (checked against it): one past the end for an
//! unterminated literal or comment, the offending character for a bad escape or number.

mod parse_util;
use parse_util::err;

#[test]
fn syntax_errors() {
    let mix = "and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.";
    let rows: Vec<(&str, String)> = vec![
        ("1 +", "unexpected end of expression (1:3)".into()),
        // A number, `true`, `false` or `nil` takes no postfix operator in
        // expr's parser (checked against expr v1.17.8); a parenthesised one
        // parses, and the checker refuses it.
        ("1[0]", "unexpected token Bracket(\"[\") (1:2)".into()),
        ("0.5.x", "unexpected token Operator(\".\") (1:4)".into()),
        ("true [0]", "unexpected token Bracket(\"[\") (1:6)".into()),
        ("nil?.x", "unexpected token Operator(\"?.\") (1:4)".into()),
        ("1..2[0]", "unexpected token Bracket(\"[\") (1:5)".into()),
        ("(1 + 2", "an opened parenthesis is not properly closed (1:6)".into()),
        ("a.b(", "an opened parenthesis is not properly closed (1:4)".into()),
        ("1 + )", "unexpected token Bracket(\")\") (1:5)".into()),
        ("1 ?? 2 + 3", format!("Operator (+) {mix} (1:8)")),
        ("x ?? 'a' == 'b'", format!("Operator (==) {mix} (1:10)")),
        ("a ?? b and c", format!("Operator (and) {mix} (1:8)")),
        ("a ?? b || c", format!("Operator (||) {mix} (1:8)")),
        ("a ?? b ?? c * d", format!("Operator (*) {mix} (1:13)")),
        ("a == 'x' ?? b + 1", format!("Operator (+) {mix} (1:15)")),
        ("a ?? b not in c", format!("Operator (in) {mix} (1:8)")),
        ("true ?.5 : 1", "unexpected token Number(\"5\") (1:8)".into()),
        ("1a", "bad number syntax: \"1a\" (1:2)".into()),
        ("1 + 0x1g", "bad number syntax: \"0x1g\" (1:8)".into()),
        (
            "9223372036854775808",
            "invalid integer literal: strconv.ParseInt: parsing \"9223372036854775808\": value out of range (1:19)".into(),
        ),
        ("'\\z'", "invalid char escape (1:3)".into()),
        ("'\\X41'", "invalid char escape (1:3)".into()),
        ("'\\400'", "unable to unescape string (1:6)".into()),
        ("\"abc", "literal not terminated (1:5)".into()),
        ("'a\nb'", "literal not terminated (1:3)".into()),
        ("1 /* x", "unclosed comment (1:7)".into()),
        ("filter(xs)", "expected at least 2 arguments (1:10)".into()),
        ("xs | filter()", "expected at least 2 arguments (1:13)".into()),
        ("reduce(xs)", "expected at least 2 arguments (1:10)".into()),
        ("count()", "expected at least 1 arguments (1:7)".into()),
        ("map(xs, {v: #})", "unexpected token Operator(\":\") (1:11)".into()),
        ("filter(xs, # > 1; true)", "wrap predicate with brackets { and } (1:17)".into()),
        ("if a { 1 }", "unexpected end of expression (1:10)".into()),
        ("1 + if a {1} else {2}", "unexpected token Operator(\"if\") (1:5)".into()),
        ("a b", "unexpected token Identifier(\"b\") (1:3)".into()),
        ("all(x, #foo)", "unknown pointer #foo (1:8)".into()),
        ("x | 1", "unexpected token Number(\"1\") (1:5)".into()),
        ("x | f", "unexpected end of expression (1:5)".into()),
        ("x | f().a", "unexpected token Operator(\".\") (1:8)".into()),
        ("a & b", "unexpected token Operator(\"&\") (1:3)".into()),
        ("let x = 1", "unexpected end of expression (1:9)".into()),
        ("[1, 2", "unexpected end of expression (1:5)".into()),
        ("{a 1}", "unexpected token Number(\"1\") (1:4)".into()),
        ("1 +\n  )", "unexpected token Bracket(\")\") (2:3)".into()),
        ("héllo +", "unexpected end of expression (1:7)".into()),
        ("a not b", "unexpected token Identifier(\"b\") (1:7)".into()),
        ("1 @ 2", "unrecognized character: U+0040 '@' (1:3)".into()),
        ("a = 1", "unexpected token Operator(\"=\") (1:3)".into()),
        ("f(a; b)", "unexpected token Operator(\";\") (1:4)".into()),
        ("1 + if", "unexpected token Operator(\"if\") (1:5)".into()),
        ("a ? b", "unexpected end of expression (1:5)".into()),
        (")", "unexpected token Bracket(\")\") (1:1)".into()),
        ("", "unexpected end of expression (1:1)".into()),
        ("a 'x'", "unexpected token String(\"x\") (1:3)".into()),
        ("filter(xs, #, 1)", "unexpected token Number(\"1\") (1:15)".into()),
        ("count(xs, #, 'a')", "unexpected token String(\"a\") (1:14)".into()),
        ("xs | map(#, 1)", "unexpected token Number(\"1\") (1:13)".into()),
        ("xs | map(#, {1})", "unexpected token Bracket(\"}\") (1:15)".into()),
    ];
    let mut bad = Vec::new();
    for (src, want) in &rows {
        let got = err(src);
        if &got != want {
            bad.push(format!("{src:?}\n   got  {got}\n   want {want}"));
        }
    }
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

/// Lexer errors where expr's position is not the token's start: one past the end of
/// the input for an unterminated literal or comment, the newline that ends a quoted
/// literal, the offending character of a bad escape or number, the closing quote for a
/// well-formed escape that is no character. Expected values from expr v1.17.8.
#[test]
fn lexer_positions_as_expr() {
    let rows: &[(&str, &str)] = &[
        ("'abc", "literal not terminated (1:5)"),
        ("  \"abc", "literal not terminated (1:7)"),
        ("x + 'ab", "literal not terminated (1:8)"),
        ("`abc", "literal not terminated (1:5)"),
        ("`ab\ncd", "literal not terminated (2:3)"),
        ("'a\nb'", "literal not terminated (1:3)"),
        ("'ab\ncd'", "literal not terminated (1:4)"),
        ("'\\z'", "invalid char escape (1:3)"),
        ("'ab\\z'", "invalid char escape (1:5)"),
        ("'\\X41'", "invalid char escape (1:3)"),
        ("'\\400'", "unable to unescape string (1:6)"),
        ("'x\\400'", "unable to unescape string (1:7)"),
        ("'\\x4'", "invalid char escape (1:5)"),
        ("'\\xZZ'", "invalid char escape (1:4)"),
        ("'\\u00'", "invalid char escape (1:6)"),
        ("'\\u004g'", "invalid char escape (1:7)"),
        ("'\\U00110000'", "unable to unescape string (1:12)"),
        ("'\\18'", "invalid char escape (1:4)"),
        ("'\\1'", "invalid char escape (1:4)"),
        ("b'\\u0041'", "unable to unescape string (1:9)"),
        ("'é\\z'", "invalid char escape (1:4)"),
        ("1a", "bad number syntax: \"1a\" (1:2)"),
        ("x + 0b12", "bad number syntax: \"0b12\" (1:8)"),
        ("1 + 0x1g", "bad number syntax: \"0x1g\" (1:8)"),
        ("12abc", "bad number syntax: \"12a\" (1:3)"),
        ("1.5x", "bad number syntax: \"1.5x\" (1:4)"),
        ("1e5e", "bad number syntax: \"1e5e\" (1:4)"),
        ("1 /* x", "unclosed comment (1:7)"),
        ("a /* b */ /* c", "unclosed comment (1:15)"),
        ("a @ b", "unrecognized character: U+0040 '@' (1:3)"),
        ("'\\", "invalid char escape (1:3)"),
        ("'abc\\", "invalid char escape (1:6)"),
        ("é 'abc", "literal not terminated (1:7)"),
        ("\"a\\\"", "literal not terminated (1:5)"),
        ("0x", "invalid hex literal: strconv.ParseInt: parsing \"0x\": invalid syntax (1:2)"),
        ("'\\n\\q'", "invalid char escape (1:5)"),
        ("9223372036854775808", "invalid integer literal: strconv.ParseInt: parsing \"9223372036854775808\": value out of range (1:19)"),
        ("x + 9223372036854775808", "invalid integer literal: strconv.ParseInt: parsing \"9223372036854775808\": value out of range (1:23)"),
        ("1e999", "invalid float literal: strconv.ParseFloat: parsing \"1e999\": value out of range (1:5)"),
        ("x + 1e999", "invalid float literal: strconv.ParseFloat: parsing \"1e999\": value out of range (1:9)"),
        ("0b", "invalid binary literal: strconv.ParseInt: parsing \"0b\": invalid syntax (1:2)"),
        ("x + 0o", "invalid octal literal: strconv.ParseInt: parsing \"0o\": invalid syntax (1:6)"),
        ("'\\x4'", "invalid char escape (1:5)"),
        ("b\"\\xZZ\"", "invalid char escape (1:5)"),
        ("b'\\400'", "unable to unescape string (1:7)"),
        ("b\"ab", "literal not terminated (1:5)"),
    ];
    let mut bad = Vec::new();
    for (src, want) in rows {
        let got = err(src);
        if got != *want {
            bad.push(format!("{src:?}\n   got  {got}\n   want {want}"));
        }
    }
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

/// expr's parser pulls tokens as it goes: a syntax error before a bad literal is the
/// one reported. Expected values from expr v1.17.8.
#[test]
fn syntax_error_before_lexing_error() {
    let rows: &[(&str, &str)] = &[
        (
            "{foo: $env} =\"@ nil or false",
            "unexpected token Operator(\"=\") (1:13)",
        ),
        (
            "1 - 1.0 == 1.0 =e\"nv",
            "unexpected token Operator(\"=\") (1:16)",
        ),
        (
            "list ,|'map(#) | map(#)",
            "unexpected token Operator(\",\") (1:6)",
        ),
        ("0 ^  *` i", "unexpected token Operator(\"*\") (1:6)"),
        (
            "fi\nlter($env, ok)' | map(foo)",
            "unexpected token Identifier(\"lter\") (2:1)",
        ),
        ("1 + 'abc", "literal not terminated (1:9)"),
        // `#` or `.name` outside a predicate fails where it stands, before a later error.
        ("f(#, ", "unexpected token Operator(\"#\") (1:3)"),
        ("x.y(.z", "unexpected token Operator(\".\") (1:5)"),
        (
            "fi.i(ter($env, .str) | filter(false)",
            "unexpected token Operator(\".\") (1:16)",
        ),
        ("[.i(-0]", "unexpected token Operator(\".\") (1:2)"),
        (
            "reduce(li.i(st, $env?.[#.Bar])",
            "unexpected token Operator(\"#\") (1:24)",
        ),
        // A lone `not` in operator position fails at the token after it.
        (
            "str not startWith x",
            "unexpected token Identifier(\"startWith\") (1:9)",
        ),
        ("a not 1", "unexpected token Number(\"1\") (1:7)"),
        ("a not (b)", "unexpected token Bracket(\"(\") (1:7)"),
        ("a not !b", "unexpected token Operator(\"!\") (1:7)"),
    ];
    for (src, want) in rows {
        assert_eq!(err(src), *want, "{src:?}");
    }
}

/// The caret rendering (docs/language.md, Nil and errors) for a parse error.
#[test]
fn rendered_with_caret() {
    let e = scimexpr::parse("1 ?? 2 + 3").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Operator (+) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses. (1:8)\n | 1 ?? 2 + 3\n | .......^"
    );
}
