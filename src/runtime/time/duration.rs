//! Go's `time.ParseDuration` and `Duration.String()`, byte for byte.

use super::go_quote;

const NANOSECOND: u64 = 1;
const MICROSECOND: u64 = 1_000 * NANOSECOND;
const MILLISECOND: u64 = 1_000 * MICROSECOND;
const SECOND: u64 = 1_000 * MILLISECOND;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;

/// 2^63: the magnitude of the most negative duration.
const LIMIT: u64 = 1 << 63;

fn unit_ns(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => NANOSECOND,
        // Go accepts the micro sign (U+00B5) and the Greek mu (U+03BC).
        "us" | "\u{b5}s" | "\u{3bc}s" => MICROSECOND,
        "ms" => MILLISECOND,
        "s" => SECOND,
        "m" => MINUTE,
        "h" => HOUR,
        _ => return None,
    })
}

/// Leading decimal digits as an integer; `Err` on overflow past 2^63.
pub(crate) fn leading_int_pub(s: &[u8]) -> Result<(u64, &[u8]), ()> {
    let mut x: u64 = 0;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        if x > LIMIT / 10 {
            return Err(());
        }
        x = x * 10 + u64::from(c - b'0');
        if x > LIMIT {
            return Err(());
        }
        i += 1;
    }
    Ok((x, s.get(i..).unwrap_or_default()))
}

/// Leading fraction digits: the value, its scale (10^digits kept) and the rest.
/// Digits past what fits are skipped, as Go does, rather than failing.
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1.0;
    let mut overflow = false;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        i += 1;
        if overflow {
            continue;
        }
        if x > (LIMIT - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(c - b'0');
        if y > LIMIT {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, s.get(i..).unwrap_or_default())
}

/// Parses a duration as Go's `time.ParseDuration` does: an optional sign, then
/// numbers with optional fractions, each followed by a unit (`1h30m`, `-1.5s`).
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(orig.as_bytes()));
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = s.get(1..).unwrap_or_default();
        }
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while let Some(&first) = s.first() {
        if !(first == b'.' || first.is_ascii_digit()) {
            return Err(invalid());
        }
        let before = s.len();
        let (v, rest) = leading_int_pub(s).map_err(|_| invalid())?;
        s = rest;
        let pre = before != s.len();
        let mut post = false;
        let (mut f, mut scale) = (0u64, 1.0f64);
        if s.first() == Some(&b'.') {
            s = s.get(1..).unwrap_or_default();
            let before = s.len();
            let (ff, sc, rest) = leading_fraction(s);
            f = ff;
            scale = sc;
            s = rest;
            post = before != s.len();
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_len = s
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if unit_len == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                go_quote(orig.as_bytes())
            ));
        }
        let (u, rest) = s.split_at(unit_len);
        s = rest;
        let unit = std::str::from_utf8(u)
            .ok()
            .and_then(unit_ns)
            .ok_or_else(|| {
                format!(
                    "time: unknown unit {} in duration {}",
                    go_quote(u),
                    go_quote(orig.as_bytes())
                )
            })?;
        if v > LIMIT / unit {
            return Err(invalid());
        }
        let mut v = v * unit;
        if f > 0 {
            // Float arithmetic here is Go's: it decides rounding of fractions.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d += v;
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// Writes `v / 10^prec` as a fraction with trailing zeros dropped (and no dot
/// when the fraction is zero) in front of `buf`; returns the integer part.
fn fmt_frac(buf: &mut Vec<u8>, mut v: u64, prec: usize) -> u64 {
    let mut print = false;
    let mut digits = Vec::with_capacity(prec + 1);
    for _ in 0..prec {
        let digit = (v % 10) as u8;
        print = print || digit != 0;
        if print {
            digits.push(b'0' + digit);
        }
        v /= 10;
    }
    if print {
        digits.push(b'.');
    }
    // `digits` holds the fraction reversed; `buf` is built reversed too.
    buf.extend_from_slice(&digits);
    v
}

fn fmt_int(buf: &mut Vec<u8>, mut v: u64) {
    if v == 0 {
        buf.push(b'0');
        return;
    }
    while v > 0 {
        buf.push(b'0' + (v % 10) as u8);
        v /= 10;
    }
}

/// Go's `Duration.String()`: `1h30m0s`, `1.5s`, `1.5ms`, `1µs`, `0s`, `-2m0s`.
pub fn format_duration(ns: i64) -> String {
    // Built back to front, like Go's fixed buffer, then reversed.
    let mut rev: Vec<u8> = Vec::with_capacity(32);
    let neg = ns < 0;
    let mut u = ns.unsigned_abs();
    if u < SECOND {
        rev.push(b's');
        let prec = if u == 0 {
            return "0s".to_string();
        } else if u < MICROSECOND {
            rev.push(b'n');
            0
        } else if u < MILLISECOND {
            // "µ" is two bytes; pushed reversed.
            rev.extend_from_slice(&[0xB5, 0xC2]);
            3
        } else {
            rev.push(b'm');
            6
        };
        u = fmt_frac(&mut rev, u, prec);
        fmt_int(&mut rev, u);
    } else {
        rev.push(b's');
        u = fmt_frac(&mut rev, u, 9);
        fmt_int(&mut rev, u % 60);
        u /= 60;
        if u > 0 {
            rev.push(b'm');
            fmt_int(&mut rev, u % 60);
            u /= 60;
            if u > 0 {
                rev.push(b'h');
                fmt_int(&mut rev, u);
            }
        }
    }
    if neg {
        rev.push(b'-');
    }
    rev.reverse();
    String::from_utf8_lossy(&rev).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go() {
        let table: &[(i64, &str)] = &[
            (0, "0s"),
            (1, "1ns"),
            (1_100, "1.1µs"),
            (2_200_000, "2.2ms"),
            (3_300_000_000, "3.3s"),
            (4 * 60 * 1_000_000_000 + 5_000_000_000, "4m5s"),
            (4 * 60 * 1_000_000_000 + 5_001_000_000, "4m5.001s"),
            (
                5 * 3600 * 1_000_000_000 + 6 * 60_000_000_000 + 7_001_000_000,
                "5h6m7.001s",
            ),
            (8 * 60 * 1_000_000_000 + 1, "8m0.000000001s"),
            (i64::MAX, "2562047h47m16.854775807s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
            (-2 * 60_000_000_000, "-2m0s"),
        ];
        for (ns, want) in table {
            assert_eq!(format_duration(*ns), *want, "{ns}");
        }
    }
}
