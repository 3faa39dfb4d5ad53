//! Go's regexp syntax (RE2 as Go's `regexp/syntax` parses it with `syntax.Perl`, what
//! `regexp.Compile` and so expr's `matches` use): a pattern is checked the way Go's
//! parser checks it, failing with Go's error text (`missing closing ]: `[``), and
//! rewritten into an equivalent pattern for the `regex` crate. The rewrite escapes
//! every literal, so what Go reads as a literal (`x{`, `[[]`, `\Q…\E`, `x{,3}`) is one
//! here too, and gives Go's ASCII meaning to `\d`, `\s`, `\w` and `\b`. Our own code,
//! written from Go's documented syntax and observed behaviour.

/// Go 1.19's Unicode category and script names, for `\p{…}` (plus `Any`).
const UNICODE_NAMES: &[&str] = &[
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "C",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Cc",
    "Cf",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Co",
    "Common",
    "Coptic",
    "Cs",
    "Cuneiform",
    "Cypriot",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "L",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Ll",
    "Lm",
    "Lo",
    "Lt",
    "Lu",
    "Lycian",
    "Lydian",
    "M",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Mc",
    "Me",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Mn",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "N",
    "Nabataean",
    "Nandinagari",
    "Nd",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nl",
    "No",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Oriya",
    "Osage",
    "Osmanya",
    "P",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Pc",
    "Pd",
    "Pe",
    "Pf",
    "Phags_Pa",
    "Phoenician",
    "Pi",
    "Po",
    "Ps",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "S",
    "Samaritan",
    "Saurashtra",
    "Sc",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sk",
    "Sm",
    "So",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Ugaritic",
    "Vai",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Z",
    "Zanabazar_Square",
    "Zl",
    "Zp",
    "Zs",
];

/// The ASCII classes Go gives the Perl escapes, as class items.
fn perl_class(c: u8) -> Option<(&'static str, bool)> {
    Some(match c {
        b'd' => ("0-9", false),
        b'D' => ("0-9", true),
        b's' => (r"\t\n\x0C\r\x20", false),
        b'S' => (r"\t\n\x0C\r\x20", true),
        b'w' => ("0-9A-Za-z_", false),
        b'W' => ("0-9A-Za-z_", true),
        _ => return None,
    })
}

const POSIX: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

/// A Go parse error: its code's text and the fragment Go quotes.
fn fail<T>(code: &str, expr: &str) -> Result<T, String> {
    Err(format!("{code}: `{expr}`"))
}

/// One literal character as the `regex` crate reads it literally.
fn push_lit(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || (!c.is_ascii() && !c.is_whitespace()) {
        out.push(c);
    } else {
        out.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
    }
}

/// What the top of Go's parse stack is, as far as repetition cares.
#[derive(Clone, Copy, PartialEq)]
enum Top {
    /// Nothing (start of the pattern), `(` or `|`: a repetition has no argument.
    Pseudo,
    /// An operand, with the largest product of nested counted repeats in it.
    Operand(u64),
}

/// Checks `pattern` as Go does and returns it rewritten for the `regex` crate, or
/// Go's error text (without the `error parsing regexp: ` prefix).
pub fn translate(pattern: &str) -> Result<String, String> {
    let whole = pattern;
    let mut out = String::with_capacity(pattern.len() + 8);
    // Per open group: the repeat product so far and the top before it opened.
    let mut groups: Vec<u64> = Vec::new();
    let mut top = Top::Pseudo;
    // The largest repeat product in the current group's finished operands.
    let mut group_prod: u64 = 0;
    let mut last_repeat: Option<&str> = None;
    let mut t = pattern;
    let operand = |top: &mut Top, group_prod: &mut u64, prod: u64| {
        if let Top::Operand(p) = *top {
            *group_prod = (*group_prod).max(p);
        }
        *top = Top::Operand(prod);
    };
    while let Some(c0) = t.chars().next() {
        let mut repeat: Option<&str> = None;
        match c0 {
            '(' => {
                if t.as_bytes().get(1) == Some(&b'?') {
                    let (rest, opens, text) = perl_flags(t)?;
                    if opens {
                        if let Top::Operand(p) = top {
                            group_prod = group_prod.max(p);
                        }
                        groups.push(group_prod);
                        group_prod = 0;
                        top = Top::Pseudo;
                        out.push_str(text);
                    } else {
                        // Flags for the rest of the group: no operand.
                        out.push_str(text);
                    }
                    t = rest;
                } else {
                    if let Top::Operand(p) = top {
                        group_prod = group_prod.max(p);
                    }
                    groups.push(group_prod);
                    group_prod = 0;
                    top = Top::Pseudo;
                    out.push('(');
                    t = &t[1..];
                }
            }
            '|' => {
                if let Top::Operand(p) = top {
                    group_prod = group_prod.max(p);
                }
                top = Top::Pseudo;
                out.push('|');
                t = &t[1..];
            }
            ')' => {
                let Some(outer) = groups.pop() else {
                    return fail("unexpected )", whole);
                };
                let mut inner = group_prod;
                if let Top::Operand(p) = top {
                    inner = inner.max(p);
                }
                group_prod = outer;
                top = Top::Pseudo;
                operand(&mut top, &mut group_prod, inner);
                out.push(')');
                t = &t[1..];
            }
            '^' | '$' | '.' => {
                operand(&mut top, &mut group_prod, 0);
                out.push(c0);
                t = &t[1..];
            }
            '[' => {
                let rest = class(t, &mut out)?;
                operand(&mut top, &mut group_prod, 0);
                t = rest;
            }
            '*' | '+' | '?' | '{' => {
                let before = t;
                let (after, count) = if c0 == '{' {
                    match parse_repeat(t) {
                        None => {
                            operand(&mut top, &mut group_prod, 0);
                            push_lit(&mut out, '{');
                            t = &t[1..];
                            last_repeat = None;
                            continue;
                        }
                        Some((min, max, after)) => {
                            let bad =
                                !(0..=1000).contains(&min) || max > 1000 || (max >= 0 && min > max);
                            if bad {
                                return fail(
                                    "invalid repeat count",
                                    &before[..before.len() - after.len()],
                                );
                            }
                            (after, Some((min, max)))
                        }
                    }
                } else {
                    (&t[1..], None)
                };
                let after = after.strip_prefix('?').unwrap_or(after);
                if let Some(last) = last_repeat {
                    return fail(
                        "invalid nested repetition operator",
                        &last[..last.len() - after.len()],
                    );
                }
                let Top::Operand(sub) = top else {
                    return fail(
                        "missing argument to repetition operator",
                        &before[..before.len() - after.len()],
                    );
                };
                let mut prod = sub;
                if let Some((min, max)) = count {
                    // Go's repeatIsValid: nested counted repeats multiply, up to 1000.
                    let m = if max < 0 { min } else { max };
                    prod = match (max, m) {
                        (0, _) => 0,
                        (_, 0) => sub,
                        _ => (m as u64).saturating_mul(sub.max(1)),
                    };
                    if (min >= 2 || max >= 2) && prod > 1000 {
                        return fail(
                            "invalid repeat count",
                            &before[..before.len() - after.len()],
                        );
                    }
                }
                top = Top::Operand(prod);
                out.push_str(&before[..before.len() - after.len()]);
                repeat = Some(before);
                t = after;
            }
            '\\' => {
                let b1 = t.as_bytes().get(1).copied();
                match b1 {
                    Some(b'A') | Some(b'z') => {
                        out.push_str(&t[..2]);
                        t = &t[2..];
                        operand(&mut top, &mut group_prod, 0);
                    }
                    Some(b'b') | Some(b'B') => {
                        out.push_str(if b1 == Some(b'b') {
                            r"(?-u:\b)"
                        } else {
                            r"(?-u:\B)"
                        });
                        t = &t[2..];
                        operand(&mut top, &mut group_prod, 0);
                    }
                    Some(b'C') => return fail("invalid escape sequence", &t[..2]),
                    Some(b'Q') => {
                        let body = &t[2..];
                        let (lit, rest) = match body.find(r"\E") {
                            Some(i) => (&body[..i], &body[i + 2..]),
                            None => (body, ""),
                        };
                        for c in lit.chars() {
                            out.push_str("(?:");
                            push_lit(&mut out, c);
                            out.push(')');
                            operand(&mut top, &mut group_prod, 0);
                        }
                        t = rest;
                    }
                    Some(b'p') | Some(b'P') => {
                        let (item, rest) = unicode_class(t)?;
                        out.push_str(&item);
                        operand(&mut top, &mut group_prod, 0);
                        t = rest;
                    }
                    Some(c) if perl_class(c).is_some() => {
                        let (items, neg) = perl_class(c).unwrap_or(("", false));
                        out.push_str(if neg { "[^" } else { "[" });
                        out.push_str(items);
                        out.push(']');
                        operand(&mut top, &mut group_prod, 0);
                        t = &t[2..];
                    }
                    _ => {
                        let (c, rest) = escape(t)?;
                        push_lit(&mut out, c);
                        operand(&mut top, &mut group_prod, 0);
                        t = rest;
                    }
                }
            }
            c => {
                push_lit(&mut out, c);
                operand(&mut top, &mut group_prod, 0);
                t = &t[c.len_utf8()..];
            }
        }
        last_repeat = repeat;
    }
    if !groups.is_empty() {
        return fail("missing closing )", whole);
    }
    Ok(out)
}

/// `(?…`: a named group `(?P<name>`, a flag group `(?i:` or flags `(?i)`. Returns
/// the rest, whether a group opened, and the text to emit.
fn perl_flags(s: &str) -> Result<(&str, bool, &str), String> {
    if s.len() > 4 && s.as_bytes().get(2) == Some(&b'P') && s.as_bytes().get(3) == Some(&b'<') {
        let Some(end) = s.find('>') else {
            return fail("invalid named capture", s);
        };
        let name = &s[4..end];
        if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
            return fail("invalid named capture", &s[..=end]);
        }
        // Only `is_match` is asked, so the name is dropped (the regex crate refuses
        // some names Go allows, and duplicates).
        return Ok((&s[end + 1..], true, "("));
    }
    let mut sign = 1;
    let mut saw_flag = false;
    let mut chars = s.char_indices().skip(2);
    for (i, c) in chars.by_ref() {
        match c {
            'i' | 'm' | 's' | 'U' => saw_flag = true,
            '-' if sign > 0 => {
                sign = -1;
                saw_flag = false;
            }
            ':' | ')' if sign > 0 || saw_flag => {
                let end = i + 1;
                return Ok((&s[end..], c == ':', &s[..end]));
            }
            _ => return fail("invalid or unsupported Perl syntax", &s[..i + c.len_utf8()]),
        }
    }
    fail("invalid or unsupported Perl syntax", s)
}

/// Go's `parseRepeat`: `{n}`, `{n,}`, `{n,m}` (no leading zeros); `None` when `{`
/// starts no repeat and is a literal.
fn parse_repeat(s: &str) -> Option<(i64, i64, &str)> {
    let s = s.strip_prefix('{')?;
    let (min, s) = parse_int(s)?;
    let (max, s) = match s.strip_prefix(',') {
        None => (min, s),
        Some(r) if r.starts_with('}') => (-1, r),
        Some(r) => parse_int(r)?,
    };
    let min = if max < -1 { -1 } else { min };
    let rest = s.strip_prefix('}')?;
    Some((min, max, rest))
}

fn parse_int(s: &str) -> Option<(i64, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (n >= 2 && s.starts_with('0')) {
        return None;
    }
    let mut v: i64 = 0;
    for b in s[..n].bytes() {
        if v >= 100_000_000 {
            v = -2;
            break;
        }
        v = v * 10 + i64::from(b - b'0');
    }
    Some((v, &s[n..]))
}

/// Go's `parseEscape` for a `\` outside the forms above: the character and the rest.
fn escape(s: &str) -> Result<(char, &str), String> {
    let t = &s[1..];
    let Some(c) = t.chars().next() else {
        return fail("trailing backslash at end of expression", "");
    };
    let mut t = &t[c.len_utf8()..];
    let bad = |t: &str| fail("invalid escape sequence", &s[..s.len() - t.len()]);
    match c {
        '1'..='7' if !t.starts_with(|d: char| ('0'..='7').contains(&d)) => bad(t),
        '0'..='7' => {
            let mut r = c as u32 - '0' as u32;
            for _ in 1..3 {
                match t.as_bytes().first() {
                    Some(d @ b'0'..=b'7') => {
                        r = r * 8 + u32::from(d - b'0');
                        t = &t[1..];
                    }
                    _ => break,
                }
            }
            Ok((char::from_u32(r).unwrap_or('\u{fffd}'), t))
        }
        'x' => {
            let Some(c) = t.chars().next() else {
                return bad(t);
            };
            t = &t[c.len_utf8()..];
            if c == '{' {
                let mut r: u32 = 0;
                let mut n = 0;
                loop {
                    let Some(c) = t.chars().next() else {
                        return bad(t);
                    };
                    t = &t[c.len_utf8()..];
                    if c == '}' {
                        break;
                    }
                    let Some(v) = c.to_digit(16) else {
                        return bad(t);
                    };
                    r = r * 16 + v;
                    if r > 0x10ffff {
                        return bad(t);
                    }
                    n += 1;
                }
                if n == 0 {
                    return bad(t);
                }
                return Ok((char::from_u32(r).unwrap_or('\u{fffd}'), t));
            }
            let x = c.to_digit(16);
            let Some(c2) = t.chars().next() else {
                return bad(t);
            };
            t = &t[c2.len_utf8()..];
            match (x, c2.to_digit(16)) {
                (Some(x), Some(y)) => Ok((char::from_u32(x * 16 + y).unwrap_or('\u{fffd}'), t)),
                _ => bad(t),
            }
        }
        'a' => Ok(('\u{7}', t)),
        'f' => Ok(('\u{c}', t)),
        'n' => Ok(('\n', t)),
        'r' => Ok(('\r', t)),
        't' => Ok(('\t', t)),
        'v' => Ok(('\u{b}', t)),
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c, t)),
        _ => bad(t),
    }
}

/// `\pX`, `\p{Name}`, `\p{^Name}`, `\PX`: Go's names only.
fn unicode_class(s: &str) -> Result<(String, &str), String> {
    let mut neg = s.as_bytes().get(1) == Some(&b'P');
    let t = &s[2..];
    let Some(c) = t.chars().next() else {
        return fail("invalid character class range", s);
    };
    let (seq, mut name, rest) = if c != '{' {
        let n = 2 + c.len_utf8();
        (&s[..n], &s[2..n], &s[n..])
    } else {
        let Some(end) = s.find('}') else {
            return fail("invalid character class range", s);
        };
        (&s[..=end], &s[3..end], &s[end + 1..])
    };
    if let Some(n) = name.strip_prefix('^') {
        neg = !neg;
        name = n;
    }
    if name != "Any" && !UNICODE_NAMES.contains(&name) {
        return fail("invalid character class range", seq);
    }
    Ok((format!("\\{}{{{name}}}", if neg { 'P' } else { 'p' }), rest))
}

/// A class from `[` to its `]`, emitted with every member escaped.
fn class<'s>(s: &'s str, out: &mut String) -> Result<&'s str, String> {
    let mut t = &s[1..];
    out.push('[');
    if let Some(r) = t.strip_prefix('^') {
        out.push('^');
        t = r;
    }
    let mut first = true;
    loop {
        if t.is_empty() {
            return fail("missing closing ]", s);
        }
        if t.starts_with(']') && !first {
            break;
        }
        first = false;
        if t.len() > 2 && t.starts_with("[:") {
            if let Some(i) = t[2..].find(":]") {
                let name = &t[..i + 4];
                let inner = &name[2..name.len() - 2];
                let bare = inner.strip_prefix('^').unwrap_or(inner);
                if !POSIX.contains(&bare) {
                    return fail("invalid character class range", name);
                }
                out.push_str(name);
                t = &t[i + 4..];
                continue;
            }
        }
        if t.starts_with(r"\p") || t.starts_with(r"\P") {
            let (item, rest) = unicode_class(t)?;
            out.push_str(&item);
            t = rest;
            continue;
        }
        if let Some((items, neg)) = t
            .strip_prefix('\\')
            .and_then(|r| r.bytes().next())
            .and_then(perl_class)
        {
            out.push_str(if neg { "[^" } else { "[" });
            out.push_str(items);
            out.push(']');
            t = &t[2..];
            continue;
        }
        let rng = t;
        let (lo, rest) = class_char(t, s)?;
        t = rest;
        let mut hi = lo;
        if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
            let (h, rest) = class_char(&t[1..], s)?;
            t = rest;
            hi = h;
            if hi < lo {
                return fail("invalid character class range", &rng[..rng.len() - t.len()]);
            }
        }
        push_lit(out, lo);
        if hi != lo {
            out.push('-');
            push_lit(out, hi);
        }
    }
    out.push(']');
    Ok(&t[1..])
}

fn class_char<'s>(t: &'s str, whole: &str) -> Result<(char, &'s str), String> {
    match t.chars().next() {
        None => fail("missing closing ]", whole),
        Some('\\') => escape(t),
        Some(c) => Ok((c, &t[c.len_utf8()..])),
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn go_errors() {
        let cases = [
            ("[", "missing closing ]: `[`"),
            ("x**", "invalid nested repetition operator: `**`"),
            ("x*?*", "invalid nested repetition operator: `*?*`"),
            ("x{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
            ("x{1001}", "invalid repeat count: `{1001}`"),
            ("(a{500}){3}", "invalid repeat count: `{3}`"),
            ("a|*", "missing argument to repetition operator: `*`"),
            ("x)", "unexpected ): `x)`"),
            ("(x", "missing closing ): `(x`"),
            ("(?<n>x)", "invalid or unsupported Perl syntax: `(?<`"),
            (r"\pX", "invalid character class range: `\\pX`"),
            (r"\x{110000}", "invalid escape sequence: `\\x{110000`"),
            ("a\\", "trailing backslash at end of expression: ``"),
        ];
        for (p, want) in cases {
            assert_eq!(translate(p), Err(want.to_string()), "{p}");
        }
    }
}
