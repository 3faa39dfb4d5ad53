//! Source → tokens (docs/language.md, Lexical structure).
//!
//! [`logos`] recognises the raw tokens; callbacks scan the parts regular
//! expressions express badly (numbers with expr's back-off rules, quoted
//! strings with escapes, block comments). A post-pass over the token vector
//! then does the context-dependent work the grammar should not see:
//!
//! * after `.` / `?.` every word (operators included) is a property name;
//! * a predicate builtin name followed by `(` becomes [`Tok::PredIdent`], and
//!   the `{` that starts its predicate argument becomes [`Tok::ClosureOpen`]
//!   (so `{` there opens a closure, never a map literal, docs/language.md, Grammar).
//!
//! Every failure is a [`SpannedError`]; nothing here panics on any input.

use crate::error::{ErrorKind, SpannedError};
use crate::span::Span;
use crate::syntax::ast::BinaryOp;
use logos::Logos;

/// A token as the grammar sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier, including `true`, `false`, `nil` and `$env`.
    Ident(String),
    /// A predicate builtin name directly followed by `(` (not after `.`).
    PredIdent(String),
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A quoted or raw string literal, escapes processed.
    Str(String),
    /// A bytes literal `b"…"`.
    Bytes(Vec<u8>),
    /// `#` (empty name), `#index`, `#acc`, … (the name after `#`).
    Pointer(String),
    /// A binary-only operator (`*`, `==`, `and`, `in`, `??`, `..`, …).
    Bin(BinaryOp),
    /// A negated word operator: `not in`, `not matches`, ….
    NotBin(BinaryOp),
    /// `+` (binary or unary).
    Plus,
    /// `-` (binary or unary).
    Minus,
    /// `not` or `!`.
    Not,
    /// `|`
    Pipe,
    /// `?`
    Question,
    /// `?.`
    QDot,
    /// `:`
    Colon,
    /// `::`
    DoubleColon,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `.`
    Dot,
    /// `=`
    Assign,
    /// `&` alone (always rejected by the grammar).
    Amp,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// The `{` opening a predicate's closure body.
    ClosureOpen,
    /// `let`
    Let,
    /// `if`
    If,
    /// `else`
    Else,
}

impl Tok {
    /// expr's token kind name, used in `unexpected token Kind("text")` messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Tok::Ident(_) | Tok::PredIdent(_) => "Identifier",
            Tok::Int(_) | Tok::Float(_) => "Number",
            Tok::Str(_) | Tok::Bytes(_) => "String",
            Tok::LParen
            | Tok::RParen
            | Tok::LBracket
            | Tok::RBracket
            | Tok::LBrace
            | Tok::RBrace
            | Tok::ClosureOpen => "Bracket",
            _ => "Operator",
        }
    }
}

/// A lexing failure carried through logos; `Default` is an unmatched character.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LexError {
    msg: String,
    /// Byte range, when it differs from the token being scanned.
    at: Option<(usize, usize)>,
}

impl LexError {
    fn new(msg: impl Into<String>) -> LexError {
        LexError {
            msg: msg.into(),
            at: None,
        }
    }

    fn at(msg: impl Into<String>, start: usize, end: usize) -> LexError {
        LexError {
            msg: msg.into(),
            at: Some((start, end)),
        }
    }
}

#[derive(Logos, Debug, Clone, PartialEq)]
#[logos(error = LexError)]
// Whitespace and comments are tokens (dropped by `tokenize`), not logos
// skips, and identifiers are matched by their first character and extended by
// `ident_tail`: in an unoptimised build the code logos generates calls itself
// once per skipped token and once per character of a repeated Unicode class,
// which overflowed the stack on 60 KB of spaces, comments or identifier (and a
// bounded repetition of the class made the generated lexer enormous).
enum Raw {
    #[token("/*", block_comment)]
    #[token("//", line_comment)]
    #[regex(r"\p{White_Space}", space_run)]
    Comment,
    // Word operators and keywords are identifiers looked up by their text, as
    // expr's lexer does. Separate logos keyword tokens lose to this rule when a
    // multi-byte non-letter follows them (`startsWith\u{200A}` lexed as a name).
    #[regex(r"[\p{L}_$]", word)]
    Word(Tok),
    #[regex(r"[0-9]", number)]
    #[regex(r"\.[0-9]", number)]
    Number(Tok),
    #[token("\"", |l| quoted(l, '"', false))]
    #[token("'", |l| quoted(l, '\'', false))]
    #[regex("[bB][\"']", bytes_literal)]
    #[token("`", raw_string)]
    Literal(Tok),
    #[regex(r"#[\p{L}_$]", |l| ident_tail(l, 1))]
    #[token("#", |_| String::new())]
    Pointer(String),
    #[token("||", |_| BinaryOp::Or)]
    #[token("&&", |_| BinaryOp::And)]
    #[token("==", |_| BinaryOp::Eq)]
    #[token("!=", |_| BinaryOp::Ne)]
    #[token("<", |_| BinaryOp::Lt)]
    #[token(">", |_| BinaryOp::Gt)]
    #[token("<=", |_| BinaryOp::Le)]
    #[token(">=", |_| BinaryOp::Ge)]
    #[token("..", |_| BinaryOp::Range)]
    #[token("*", |_| BinaryOp::Mul)]
    #[token("/", |_| BinaryOp::Div)]
    #[token("%", |_| BinaryOp::Mod)]
    #[token("**", |_| BinaryOp::Pow)]
    #[token("^", |_| BinaryOp::Pow)]
    #[token("??", |_| BinaryOp::Coalesce)]
    Bin(BinaryOp),
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("!")]
    Bang,
    #[token("|")]
    Pipe,
    #[token("?")]
    Question,
    #[token("?.")]
    QDot,
    #[token(":")]
    Colon,
    #[token("::")]
    DoubleColon,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token(".")]
    Dot,
    #[token("=")]
    Assign,
    #[token("&")]
    Amp,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
}

/// The identifier matched so far (less `skip` leading bytes), extended over
/// the rest of its characters.
fn ident_tail(lex: &mut logos::Lexer<Raw>, skip: usize) -> String {
    let rest = lex.remainder();
    let more = rest
        .char_indices()
        .find(|&(_, c)| !is_ident_continue(c))
        .map_or(rest.len(), |(i, _)| i);
    lex.bump(more);
    lex.slice().get(skip..).unwrap_or("").to_string()
}

/// `[\p{L}\p{Nd}_$]`: Go's `unicode.IsLetter`, `unicode.IsDigit`, `_`, `$`.
fn is_ident_continue(c: char) -> bool {
    static CLASS: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_' || c == '$';
    }
    let re = CLASS.get_or_init(|| regex::Regex::new(r"^[\p{L}\p{Nd}]$").ok());
    let mut buf = [0u8; 4];
    re.as_ref()
        .is_some_and(|re| re.is_match(c.encode_utf8(&mut buf)))
}

/// The rest of a `//` comment, up to the end of the line.
fn line_comment(lex: &mut logos::Lexer<Raw>) {
    let rest = lex.remainder();
    lex.bump(rest.find('\n').unwrap_or(rest.len()));
}

/// The rest of a run of whitespace (Go's `unicode.IsSpace` is the Unicode
/// White_Space property, as Rust's `char::is_whitespace`).
fn space_run(lex: &mut logos::Lexer<Raw>) {
    let rest = lex.remainder();
    let n = rest
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    lex.bump(n);
}

fn block_comment(lex: &mut logos::Lexer<Raw>) -> logos::FilterResult<(), LexError> {
    match lex.remainder().find("*/") {
        Some(i) => {
            lex.bump(i + 2);
            logos::FilterResult::Emit(())
        }
        None => {
            // expr points one past the end of the input.
            let end = lex.source().len();
            logos::FilterResult::Error(LexError::at("unclosed comment", end, end))
        }
    }
}

/// Whether a rune may continue an identifier (what makes `1a` a bad number).
fn is_ident_char(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphanumeric()
}

/// `not` followed by ASCII spaces and a negatable word operator is one token.
/// An identifier, word operator or keyword, by its text.
fn word(lex: &mut logos::Lexer<Raw>) -> Tok {
    let name = ident_tail(lex, 0);
    let op = match name.as_str() {
        "not" => return not_word(lex),
        "let" => return Tok::Let,
        "if" => return Tok::If,
        "else" => return Tok::Else,
        "in" => BinaryOp::In,
        "or" => BinaryOp::Or,
        "and" => BinaryOp::And,
        "matches" => BinaryOp::Matches,
        "contains" => BinaryOp::Contains,
        "startsWith" => BinaryOp::StartsWith,
        "endsWith" => BinaryOp::EndsWith,
        _ => return Tok::Ident(name),
    };
    Tok::Bin(op)
}

fn not_word(lex: &mut logos::Lexer<Raw>) -> Tok {
    let rest = lex.remainder();
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if spaces > 0 {
        let after = rest.get(spaces..).unwrap_or("");
        let word_len = after
            .char_indices()
            .find(|&(_, c)| !is_ident_char(c))
            .map_or(after.len(), |(i, _)| i);
        let op = match after.get(..word_len).unwrap_or("") {
            "in" => Some(BinaryOp::In),
            "matches" => Some(BinaryOp::Matches),
            "contains" => Some(BinaryOp::Contains),
            "startsWith" => Some(BinaryOp::StartsWith),
            "endsWith" => Some(BinaryOp::EndsWith),
            _ => None,
        };
        if let Some(op) = op {
            lex.bump(spaces + word_len);
            return Tok::NotBin(op);
        }
    }
    Tok::Not
}

/// Scans a number the way expr's `scanNumber` does; returns its length and
/// whether it is well-formed (not followed by an identifier character).
fn scan_number(s: &str) -> (usize, bool) {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    let mut digits: fn(u8) -> bool = |c| c.is_ascii_digit() || c == b'_';
    if at(0) == b'0' {
        i = 1;
        match at(1) {
            b'x' | b'X' => {
                i = 2;
                digits = |c| c.is_ascii_hexdigit() || c == b'_';
            }
            b'o' | b'O' => {
                i = 2;
                digits = |c| (b'0'..=b'7').contains(&c) || c == b'_';
            }
            b'b' | b'B' => {
                i = 2;
                digits = |c| c == b'0' || c == b'1' || c == b'_';
            }
            _ => {}
        }
    }
    while digits(at(i)) {
        i += 1;
    }
    // `1..3` is a range: the `.` is left for the `..` token.
    if at(i) == b'.' && at(i + 1) != b'.' {
        i += 1;
        while digits(at(i)) {
            i += 1;
        }
    }
    if at(i) == b'e' || at(i) == b'E' {
        i += 1;
        if at(i) == b'+' || at(i) == b'-' {
            i += 1;
        }
        while digits(at(i)) {
            i += 1;
        }
    }
    match s.get(i..).and_then(|r| r.chars().next()) {
        Some(c) if is_ident_char(c) => (i + c.len_utf8(), false),
        _ => (i, true),
    }
}

fn number(lex: &mut logos::Lexer<Raw>) -> Result<Tok, LexError> {
    let start = lex.span().start;
    let src = lex.source().get(start..).unwrap_or("");
    let (len, ok) = scan_number(src);
    lex.bump(len.saturating_sub(lex.slice().len()));
    let text = lex.slice();
    // expr reports number errors at the text's last character.
    let end = lex.span().end;
    let last = end - text.chars().next_back().map_or(0, char::len_utf8);
    if !ok {
        return Err(LexError::at(
            format!("bad number syntax: {text:?}"),
            last,
            end,
        ));
    }
    classify_number(text).map_err(|m| LexError::at(m, last, end))
}

/// Turns number text into a literal (docs/language.md, Lexical structure).
fn classify_number(text: &str) -> Result<Tok, String> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let radix = |digits: &str, radix: u32| -> Result<Tok, String> {
        let kind = match radix {
            16 => "hex",
            8 => "octal",
            2 => "binary",
            _ => "integer",
        };
        let int_err =
            |why: &str| format!("invalid {kind} literal: strconv.ParseInt: parsing {t:?}: {why}");
        if digits.is_empty() || digits.starts_with(['+', '-']) {
            return Err(int_err("invalid syntax"));
        }
        match i64::from_str_radix(digits, radix) {
            Ok(v) => Ok(Tok::Int(v)),
            Err(e) => match e.kind() {
                std::num::IntErrorKind::PosOverflow => Err(int_err("value out of range")),
                _ => Err(int_err("invalid syntax")),
            },
        }
    };
    let lower = t.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if lower.contains('.') || lower.contains('e') {
        return match lower.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Tok::Float(f)),
            Ok(_) => Err(format!(
                "invalid float literal: strconv.ParseFloat: parsing {t:?}: value out of range"
            )),
            Err(_) => Err(format!(
                "invalid float literal: strconv.ParseFloat: parsing {t:?}: invalid syntax"
            )),
        };
    }
    if let Some(bin) = lower.strip_prefix("0b") {
        return radix(bin, 2);
    }
    if let Some(oct) = lower.strip_prefix("0o") {
        return radix(oct, 8);
    }
    radix(&lower, 10)
}

/// What an escape sequence denotes.
enum Escaped {
    Char(char),
    /// `\xHH` or octal: a code point in strings, a raw byte in bytes literals.
    Byte(u8),
}

/// Why an escape failed: a syntax error at a byte offset of the escape (its
/// offending character, which may be the end of input), or a well-formed escape
/// that denotes no character, which expr reports at the literal's closing quote.
enum EscapeError {
    Syntax(usize),
    Unescape(usize),
}

/// Reads the escape after a `\`; `s` starts right after the backslash.
/// Returns the value and how many bytes of `s` it used.
fn escape(s: &str, bytes: bool) -> Result<(Escaped, usize), EscapeError> {
    use EscapeError::{Syntax, Unescape};
    let b = s.as_bytes();
    // The first offset in from..from + n that is not a digit of the radix.
    let bad_digit = |from: usize, n: usize, radix: u32| {
        (from..from + n).find(|&i| !b.get(i).is_some_and(|c| char::from(*c).is_digit(radix)))
    };
    let hex = |from: usize, n: usize| -> Result<u32, EscapeError> {
        if let Some(i) = bad_digit(from, n, 16) {
            return Err(Syntax(i));
        }
        let d = s.get(from..from + n).ok_or(Syntax(from))?;
        u32::from_str_radix(d, 16).map_err(|_| Syntax(from))
    };
    // Go decodes a surrogate half to U+FFFD; beyond U+10FFFF is no character.
    let code = |v: u32, used: usize| match v {
        0xd800..=0xdfff => Ok((Escaped::Char('\u{fffd}'), used)),
        _ => char::from_u32(v)
            .map(|c| (Escaped::Char(c), used))
            .ok_or(Unescape(used)),
    };
    let simple = |c: char| Ok((Escaped::Char(c), 1));
    match b.first().copied().unwrap_or(0) {
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b'f' => simple('\u{c}'),
        b'n' => simple('\n'),
        b'r' => simple('\r'),
        b't' => simple('\t'),
        b'v' => simple('\u{b}'),
        b'\\' => simple('\\'),
        b'\'' => simple('\''),
        b'"' => simple('"'),
        b'`' => simple('`'),
        b'?' => simple('?'),
        b'x' => {
            let v = hex(1, 2)?;
            Ok((Escaped::Byte(u8::try_from(v).map_err(|_| Syntax(1))?), 3))
        }
        b'0'..=b'7' => {
            if let Some(i) = bad_digit(0, 3, 8) {
                return Err(Syntax(i));
            }
            let d = s.get(..3).ok_or(Syntax(0))?;
            let v = u32::from_str_radix(d, 8).map_err(|_| Syntax(0))?;
            let byte = u8::try_from(v).map_err(|_| Unescape(3))?;
            Ok((Escaped::Byte(byte), 3))
        }
        // expr scans `\u` in a bytes literal, then fails to unescape it.
        b'u' | b'U' if bytes => {
            let n = if b.first() == Some(&b'u') { 4 } else { 8 };
            hex(1, n)?;
            Err(Unescape(n + 1))
        }
        b'u' if b.get(1) == Some(&b'{') => {
            let close = s.get(2..).and_then(|r| r.find('}')).ok_or(Syntax(2))?;
            if close == 0 || close > 6 {
                return Err(Syntax(2));
            }
            code(hex(2, close)?, close + 3)
        }
        b'u' => code(hex(1, 4)?, 5),
        b'U' => code(hex(1, 8)?, 9),
        _ => Err(Syntax(0)),
    }
}

/// Scans a quoted literal whose opening quote was just matched; produces the
/// decoded text (or bytes for `b"…"`).
fn scan_quoted(lex: &mut logos::Lexer<Raw>, quote: char, bytes: bool) -> Result<Vec<u8>, LexError> {
    let body_start = lex.span().end;
    let rest = lex.remainder();
    let mut out = Vec::new();
    let mut i = 0;
    // expr checks the escapes' syntax while scanning and decodes after the closing
    // quote: a well-formed escape that is no character fails there.
    let mut undecodable = false;
    // An error at byte `at` of the source, spanning its character (or the end).
    let here = |msg: &str, at: usize| {
        let len = lex.source().get(at..).and_then(|r| r.chars().next());
        LexError::at(msg, at, at + len.map_or(0, char::len_utf8))
    };
    while let Some(c) = rest.get(i..).and_then(|r| r.chars().next()) {
        if c == quote {
            if undecodable {
                return Err(here("unable to unescape string", body_start + i));
            }
            lex.bump(i + 1);
            return Ok(out);
        }
        if c == '\n' {
            return Err(here("literal not terminated", body_start + i));
        }
        if c == '\\' {
            let after = rest.get(i + 1..).unwrap_or("");
            let at = body_start + i + 1;
            let (value, used) = match escape(after, bytes) {
                Ok(v) => v,
                Err(EscapeError::Syntax(off)) => {
                    return Err(here("invalid char escape", at + off.min(after.len())))
                }
                Err(EscapeError::Unescape(used)) => {
                    undecodable = true;
                    i += 1 + used;
                    continue;
                }
            };
            match value {
                Escaped::Char(ch) => out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
                Escaped::Byte(b) if bytes => out.push(b),
                Escaped::Byte(b) => {
                    out.extend_from_slice(char::from(b).encode_utf8(&mut [0; 4]).as_bytes())
                }
            }
            i += 1 + used;
            continue;
        }
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        i += c.len_utf8();
    }
    // expr points one past the end of the input.
    let end = lex.source().len();
    Err(LexError::at("literal not terminated", end, end))
}

fn quoted(lex: &mut logos::Lexer<Raw>, quote: char, bytes: bool) -> Result<Tok, LexError> {
    let raw = scan_quoted(lex, quote, bytes)?;
    // Only `char`s were pushed, so this is valid UTF-8.
    String::from_utf8(raw)
        .map(Tok::Str)
        .map_err(|_| LexError::new("unable to unescape string"))
}

fn bytes_literal(lex: &mut logos::Lexer<Raw>) -> Result<Tok, LexError> {
    let quote = if lex.slice().ends_with('"') {
        '"'
    } else {
        '\''
    };
    scan_quoted(lex, quote, true).map(Tok::Bytes)
}

fn raw_string(lex: &mut logos::Lexer<Raw>) -> Result<Tok, LexError> {
    let rest = lex.remainder();
    let mut out = String::new();
    let mut i = 0;
    loop {
        match rest.get(i..).and_then(|r| r.find('`')) {
            None => {
                let end = lex.source().len();
                return Err(LexError::at("literal not terminated", end, end));
            }
            Some(j) => {
                out.push_str(rest.get(i..i + j).unwrap_or(""));
                i += j + 1;
                if rest.as_bytes().get(i) == Some(&b'`') {
                    out.push('`');
                    i += 1;
                } else {
                    lex.bump(i);
                    return Ok(Tok::Str(out));
                }
            }
        }
    }
}

/// Describes the token starting at byte `pos` as expr prints it in
/// `unexpected token Kind("value")`, with the token's end offset.
pub fn describe_token_at(src: &str, pos: usize) -> (String, usize) {
    let rest = src.get(pos..).unwrap_or("");
    let mut lex = Raw::lexer(rest);
    let Some(Ok(raw)) = lex.next() else {
        return ("EOF".into(), pos);
    };
    let span = lex.span();
    let text = lex.slice();
    let (kind, value) = match raw {
        Raw::Word(Tok::Ident(s)) => ("Identifier", s),
        Raw::Number(_) => ("Number", text.to_string()),
        Raw::Literal(Tok::Str(s)) => ("String", s),
        Raw::Literal(_) => ("String", text.to_string()),
        Raw::LParen | Raw::RParen | Raw::LBracket | Raw::RBracket | Raw::LBrace | Raw::RBrace => {
            ("Bracket", text.to_string())
        }
        _ => ("Operator", text.to_string()),
    };
    (format!("{kind}({value:?})"), pos + span.end)
}

/// A token with its byte span, as LALRPOP's external lexer interface wants it.
pub type Spanned = (usize, Tok, usize);

/// Tokenizes a whole source, including the context-dependent post-pass.
pub fn tokenize(src: &str) -> Result<Vec<Spanned>, SpannedError> {
    match tokenize_until_error(src) {
        (toks, None) => Ok(toks),
        (_, Some(e)) => Err(e),
    }
}

/// The tokens before the first lexing error, and that error. expr's parser pulls
/// tokens as it goes, so a syntax error before a bad literal is the one reported
/// (`a =b 'x` fails at `=`, not at the unterminated `'x`).
pub fn tokenize_until_error(src: &str) -> (Vec<Spanned>, Option<SpannedError>) {
    let mut out: Vec<Spanned> = Vec::new();
    let mut lex = Raw::lexer(src);
    while let Some(raw) = lex.next() {
        let span = lex.span();
        let raw = match raw {
            Ok(r) => r,
            Err(e) => {
                let (start, end) = e.at.unwrap_or((span.start, span.end));
                let msg = if e.msg.is_empty() {
                    let c = src
                        .get(span.start..)
                        .and_then(|s| s.chars().next())
                        .unwrap_or('\0');
                    format!("unrecognized character: U+{:04X} '{c}'", c as u32)
                } else {
                    e.msg
                };
                mark_predicates(&mut out);
                return (out, Some(ErrorKind::Syntax(msg).at(Span::new(start, end))));
            }
        };
        let tok = match raw {
            Raw::Comment => continue,
            Raw::Number(t) | Raw::Literal(t) | Raw::Word(t) => t,
            Raw::Pointer(p) => Tok::Pointer(p),
            Raw::Bin(op) => Tok::Bin(op),
            Raw::Plus => Tok::Plus,
            Raw::Minus => Tok::Minus,
            Raw::Bang => Tok::Not,
            Raw::Pipe => Tok::Pipe,
            Raw::Question => Tok::Question,
            Raw::QDot => Tok::QDot,
            Raw::Colon => Tok::Colon,
            Raw::DoubleColon => Tok::DoubleColon,
            Raw::Comma => Tok::Comma,
            Raw::Semi => Tok::Semi,
            Raw::Dot => Tok::Dot,
            Raw::Assign => Tok::Assign,
            Raw::Amp => Tok::Amp,
            Raw::LParen => Tok::LParen,
            Raw::RParen => Tok::RParen,
            Raw::LBracket => Tok::LBracket,
            Raw::RBracket => Tok::RBracket,
            Raw::LBrace => Tok::LBrace,
            Raw::RBrace => Tok::RBrace,
        };
        push_token(src, &mut out, (span.start, tok, span.end));
    }
    mark_predicates(&mut out);
    (out, None)
}

/// Appends a token, turning a word after `.` / `?.` into a property name.
fn push_token(src: &str, out: &mut Vec<Spanned>, (start, tok, end): Spanned) {
    let after_dot = matches!(out.last(), Some((_, Tok::Dot | Tok::QDot, _)));
    if !after_dot {
        out.push((start, tok, end));
        return;
    }
    match tok {
        // `a.not in b` is `(a.not) in b`: split the combined token again.
        Tok::NotBin(op) => {
            out.push((start, Tok::Ident("not".into()), start + 3));
            let word = op.as_str();
            out.push((end - word.len(), Tok::Bin(op), end));
        }
        Tok::Bin(_) | Tok::Not | Tok::Let | Tok::If | Tok::Else => {
            let text = src.get(start..end).unwrap_or("");
            if text.starts_with(|c: char| c.is_alphabetic()) {
                out.push((start, Tok::Ident(text.to_string()), end));
            } else {
                out.push((start, tok, end));
            }
        }
        other => out.push((start, other, end)),
    }
}

/// Marks predicate builtin calls and the `{` opening their closures.
fn mark_predicates(toks: &mut [Spanned]) {
    // Pass 1: predicate names directly followed by `(` and not a property.
    for i in 0..toks.len() {
        let is_call = matches!(toks.get(i + 1), Some((_, Tok::LParen, _)));
        let after_dot = i > 0 && matches!(toks.get(i - 1), Some((_, Tok::Dot | Tok::QDot, _)));
        if let Some((_, tok @ Tok::Ident(_), _)) = toks.get_mut(i) {
            if let Tok::Ident(name) = tok {
                if is_call && !after_dot && crate::functions::predicate(name).is_some() {
                    *tok = Tok::PredIdent(std::mem::take(name));
                }
            }
        }
    }
    // Pass 2: inside a predicate call, the argument in position 1 (counting a
    // piped left-hand side as position 0) is the predicate; a `{` starting it
    // opens a closure. (`#` outside a predicate is the compiler's to reject.)
    struct Frame {
        /// The predicate argument position's comma count, for predicate calls.
        pred_commas: Option<usize>,
        commas: usize,
    }
    let plain = || Frame {
        pred_commas: None,
        commas: 0,
    };
    let mut stack: Vec<Frame> = Vec::new();
    for i in 0..toks.len() {
        let prev = i.checked_sub(1).and_then(|j| toks.get(j)).map(|t| &t.1);
        let starts_pred_arg = match (stack.last(), prev) {
            (Some(f), Some(Tok::LParen | Tok::Comma)) => f.pred_commas == Some(f.commas),
            _ => false,
        };
        let Some((_, tok, _)) = toks.get(i) else {
            break;
        };
        match tok {
            Tok::LParen => {
                let pred_commas = match (
                    prev,
                    i.checked_sub(2).and_then(|j| toks.get(j)).map(|t| &t.1),
                ) {
                    (Some(Tok::PredIdent(_)), Some(Tok::Pipe)) => Some(0),
                    (Some(Tok::PredIdent(_)), _) => Some(1),
                    _ => None,
                };
                stack.push(Frame {
                    pred_commas,
                    commas: 0,
                });
            }
            Tok::LBracket => stack.push(plain()),
            Tok::LBrace => {
                if starts_pred_arg {
                    if let Some(t) = toks.get_mut(i) {
                        t.1 = Tok::ClosureOpen;
                    }
                }
                stack.push(plain());
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace => {
                stack.pop();
            }
            Tok::Comma => {
                if let Some(f) = stack.last_mut() {
                    f.commas += 1;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.1).collect()
    }

    fn err(src: &str) -> (String, usize) {
        let e = tokenize(src).unwrap_err();
        (e.kind.to_string(), e.span.start as usize)
    }

    #[test]
    fn identifiers_and_words() {
        assert_eq!(
            toks("héllo $env _42 a.not a?.in true"),
            vec![
                Tok::Ident("héllo".into()),
                Tok::Ident("$env".into()),
                Tok::Ident("_42".into()),
                Tok::Ident("a".into()),
                Tok::Dot,
                Tok::Ident("not".into()),
                Tok::Ident("a".into()),
                Tok::QDot,
                Tok::Ident("in".into()),
                Tok::Ident("true".into()),
            ]
        );
        assert_eq!(
            toks("a not in b not  matches c nothing"),
            vec![
                Tok::Ident("a".into()),
                Tok::NotBin(BinaryOp::In),
                Tok::Ident("b".into()),
                Tok::NotBin(BinaryOp::Matches),
                Tok::Ident("c".into()),
                Tok::Ident("nothing".into()),
            ]
        );
        assert_eq!(toks("not inx"), vec![Tok::Not, Tok::Ident("inx".into())]);
        assert_eq!(
            toks("a.not in b"),
            vec![
                Tok::Ident("a".into()),
                Tok::Dot,
                Tok::Ident("not".into()),
                Tok::Bin(BinaryOp::In),
                Tok::Ident("b".into()),
            ]
        );
    }

    #[test]
    fn numbers() {
        let cases: &[(&str, Tok)] = &[
            ("0x1F", Tok::Int(31)),
            ("0X1f", Tok::Int(31)),
            ("0o17", Tok::Int(15)),
            ("0b101", Tok::Int(5)),
            ("1_000", Tok::Int(1000)),
            ("02", Tok::Int(2)),
            (".5", Tok::Float(0.5)),
            ("5.", Tok::Float(5.0)),
            ("1e3", Tok::Float(1000.0)),
            ("1.e3", Tok::Float(1000.0)),
            ("1E-2", Tok::Float(0.01)),
            ("0x1e3", Tok::Int(0x1e3)),
            ("9223372036854775807", Tok::Int(i64::MAX)),
        ];
        for (src, want) in cases {
            assert_eq!(toks(src), vec![want.clone()], "{src}");
        }
        assert_eq!(
            toks("1..3"),
            vec![Tok::Int(1), Tok::Bin(BinaryOp::Range), Tok::Int(3)]
        );
    }

    #[test]
    fn strings() {
        let cases: &[(&str, &str)] = &[
            (r#""a\tb""#, "a\tb"),
            (
                r"'\a\b\f\n\r\t\v\\\'\`\?'",
                "\u{7}\u{8}\u{c}\n\r\t\u{b}\\'`?",
            ),
            (r#""\"""#, "\""),
            (r#""\xC3\xBF""#, "Ã¿"),
            (r#""\101\060""#, "A0"),
            (r#""\u00e9\u{1F600}\U0001F600""#, "é😀😀"),
            ("`raw\\n``x`", "raw\\n`x"),
            ("`a\r\nb`", "a\r\nb"),
        ];
        for (src, want) in cases {
            assert_eq!(toks(src), vec![Tok::Str(want.to_string())], "{src}");
        }
        assert_eq!(
            toks(r#"b"\xff\101a""#),
            vec![Tok::Bytes(vec![0xff, b'A', b'a'])]
        );
    }

    #[test]
    fn errors() {
        let cases: &[(&str, &str, usize)] = &[
            ("1a", "bad number syntax: \"1a\"", 1),
            ("x + 0b12", "bad number syntax: \"0b12\"", 7),
            (
                "9223372036854775808",
                "invalid integer literal: strconv.ParseInt: parsing \"9223372036854775808\": value out of range",
                18,
            ),
            ("'\\z'", "invalid char escape", 2),
            ("'\\X41'", "invalid char escape", 2),
            ("'\\400'", "unable to unescape string", 5),
            ("'ab\ncd'", "literal not terminated", 3),
            ("  \"abc", "literal not terminated", 6),
            ("`abc", "literal not terminated", 4),
            ("1 /* x", "unclosed comment", 6),
            ("a @ b", "unrecognized character: U+0040 '@'", 2),
            ("b'\\u0041'", "unable to unescape string", 8),
            ("'\\x4'", "invalid char escape", 4),
            ("'\\uD800' + 1 /*", "unclosed comment", 15),
        ];
        for (src, msg, at) in cases {
            assert_eq!(err(src), (msg.to_string(), *at), "{src}");
        }
    }

    #[test]
    fn whitespace_and_comments() {
        assert_eq!(
            toks("1\u{85}+\u{a0}2 // c\n/* x\n */ -"),
            vec![Tok::Int(1), Tok::Plus, Tok::Int(2), Tok::Minus]
        );
    }

    #[test]
    fn operators_are_greedy() {
        assert_eq!(
            toks("true ?.5"),
            vec![Tok::Ident("true".into()), Tok::QDot, Tok::Int(5)]
        );
        assert_eq!(
            toks("a ?? b ** c :: ^ ! && || & ="),
            vec![
                Tok::Ident("a".into()),
                Tok::Bin(BinaryOp::Coalesce),
                Tok::Ident("b".into()),
                Tok::Bin(BinaryOp::Pow),
                Tok::Ident("c".into()),
                Tok::DoubleColon,
                Tok::Bin(BinaryOp::Pow),
                Tok::Not,
                Tok::Bin(BinaryOp::And),
                Tok::Bin(BinaryOp::Or),
                Tok::Amp,
                Tok::Assign,
            ]
        );
    }

    #[test]
    fn predicate_marking() {
        let t = toks("filter(xs, {.a}) | map({#}) + x.map(1) + map ( [{a: 1}], {{v: #}})");
        assert_eq!(t.first(), Some(&Tok::PredIdent("filter".into())));
        assert_eq!(t.get(4), Some(&Tok::ClosureOpen));
        assert_eq!(t.get(10), Some(&Tok::PredIdent("map".into())));
        assert_eq!(t.get(12), Some(&Tok::ClosureOpen));
        assert_eq!(t.get(19), Some(&Tok::Ident("map".into())));
        let t = toks("map([{a: 1}], {{v: #}})");
        assert_eq!(t.get(3), Some(&Tok::LBrace));
        assert_eq!(t.get(10), Some(&Tok::ClosureOpen));
        assert_eq!(t.get(11), Some(&Tok::LBrace));
    }
}
