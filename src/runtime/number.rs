//! Go's float text: `strconv.FormatFloat(f, 'g', -1, 64)` for `%v` and
//! `encoding/json`'s layout for `toJSON`. Plain functions of an `f64`, so
//! both value conversion and formatting can use them.

/// The shortest round-trip decimal digits of a finite, non-negative `f` and the
/// decimal exponent of the leading digit (`1234.5` → `("12345", 3)`).
fn shortest_digits(f: f64) -> (String, i32) {
    // Rust's `{:e}` prints the shortest digits that round-trip, as Go's `-1` precision does.
    let text = format!("{:e}", f.abs());
    let (mantissa, exp) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    let mut digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let exp = exp.parse().unwrap_or(0);
    // Rust breaks an exact tie between the two nearest candidates upwards, Go to the
    // even digit (`203825427803068.625` is `2.0382542780306862e+14` in Go). Ties need
    // about 16 digits, so only long outputs are checked against the exact expansion.
    if digits.len() >= 16 && digits.ends_with(['1', '3', '5', '7', '9']) {
        let exact = format!("{:.40e}", f.abs());
        let exact: String = exact
            .split('e')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        let n = digits.len();
        let tail = exact.get(n - 1..).unwrap_or("");
        let rest = tail.get(2..).unwrap_or("");
        if exact.get(..n - 1) == digits.get(..n - 1)
            && tail.starts_with(|c: char| c.is_ascii_digit())
            && tail.get(1..2) == Some("5")
            && rest.bytes().all(|b| b == b'0')
        {
            // Rounded up from the digit below: take that one, which is even.
            digits.truncate(n - 1);
            digits.push_str(tail.get(..1).unwrap_or("0"));
        }
    }
    (digits, exp)
}

/// `d.ddde±XX`: Go's `%e` layout with at least two exponent digits.
fn exp_layout(digits: &str, exp: i32) -> String {
    let mut out = String::new();
    let mut chars = digits.chars();
    if let Some(first) = chars.next() {
        out.push(first);
    }
    let rest = chars.as_str();
    if !rest.is_empty() {
        out.push('.');
        out.push_str(rest);
    }
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
    out
}

/// Plain decimal layout of the digits, no exponent (`%f` with shortest digits).
fn fixed_layout(digits: &str, exp: i32) -> String {
    let n = digits.len() as i64;
    let exp = i64::from(exp);
    let mut out = String::new();
    if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
    } else if exp + 1 >= n {
        out.push_str(digits);
        for _ in 0..(exp + 1 - n) {
            out.push('0');
        }
    } else {
        let cut = (exp + 1) as usize;
        out.push_str(digits.get(..cut).unwrap_or(digits));
        out.push('.');
        out.push_str(digits.get(cut..).unwrap_or(""));
    }
    out
}

/// Go `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` uses it: exponent form iff
/// the leading digit's exponent is < -4 or ≥ 6 (`1e+06`, `1e-05`, `123456`).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let (digits, exp) = shortest_digits(f);
    let body = if !(-4..6).contains(&exp) {
        exp_layout(&digits, exp)
    } else {
        fixed_layout(&digits, exp)
    };
    if f.is_sign_negative() {
        format!("-{body}")
    } else {
        body
    }
}

/// Go `encoding/json`'s ES6-style float text: exponent form only below 1e-6 or
/// from 1e21, with `e-07` shortened to `e-7`. The caller rejects NaN and ±Inf.
pub fn format_float_json(f: f64) -> String {
    let (digits, exp) = shortest_digits(f);
    let abs = f.abs();
    let body = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let mut t = exp_layout(&digits, exp);
        if let Some(pos) = t.find("e-0") {
            t.remove(pos + 2);
        }
        t
    } else {
        fixed_layout(&digits, exp)
    };
    if f.is_sign_negative() {
        format!("-{body}")
    } else {
        body
    }
}

/// 2⁶³, where `int64` conversion stops being exact.
const TWO_63: f64 = (1u64 << 63) as f64;

/// `x ** y` for an infinite or huge even `y`: 1 for `x == -1`, else 0 or
/// +Inf by whether `|x| < 1` and the sign of `y` (Go's `math.Pow`).
fn beyond_range(x: f64, y: f64) -> f64 {
    if x == -1.0 {
        1.0
    } else if (x.abs() < 1.0) == (y > 0.0) {
        0.0
    } else {
        f64::INFINITY
    }
}

/// Go's `math.Pow(x, y)` bit for bit, as expr's `**` computes it on amd64 (Go's
/// documented algorithm: the special cases, then `x^yf` through `Exp(yf·Log(x))` for the
/// fractional part of `|y|` and repeated squaring of `Frexp(x)` for its integer part,
/// joined by `Ldexp`). The C library's `pow` differs from it in the last bit
/// (`0.5 ** -0.5000001`, and `f64 ** -f64` with `f64 = 0.5` is `1.414213562373095` in Go).
pub fn go_pow(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if y == 1.0 {
        return x;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 {
        if y < 0.0 {
            return if is_odd_int(y) {
                f64::INFINITY.copysign(x)
            } else {
                f64::INFINITY
            };
        }
        return if is_odd_int(y) { x } else { 0.0 };
    }
    if y.is_infinite() {
        return beyond_range(x, y);
    }
    if x.is_infinite() {
        if x < 0.0 {
            return go_pow(1.0 / x, -y); // Pow(-0, -y)
        }
        return if y < 0.0 { 0.0 } else { f64::INFINITY };
    }
    if y == 0.5 {
        return x.sqrt();
    }
    if y == -0.5 {
        return 1.0 / x.sqrt();
    }
    let (mut yi, mut yf) = modf(y.abs());
    if yf != 0.0 && x < 0.0 {
        return f64::NAN;
    }
    if yi >= TWO_63 {
        // A large even integer: over- or underflow for every x but -1.
        return beyond_range(x, y);
    }
    // The answer is a1 · 2^ae.
    let mut a1 = 1.0;
    let mut ae: i64 = 0;
    if yf != 0.0 {
        if yf > 0.5 {
            yf -= 1.0;
            yi += 1.0;
        }
        a1 = go_exp(yf * go_log(x));
    }
    // Times x^yi, by squaring x and multiplying in the bits of yi.
    let (mut x1, mut xe) = frexp(x);
    let mut i = yi as i64;
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            // xe would overflow the shift; Ldexp below over- or underflows anyway.
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// Go's `isOddInt`: an integral float whose `int64` conversion is odd (those of
/// magnitude ≥ 2⁶³ convert to `MinInt64` on amd64, so they count as even).
fn is_odd_int(x: f64) -> bool {
    let (xi, xf) = modf(x);
    xf == 0.0 && xi.abs() < TWO_63 && (xi as i64) & 1 == 1
}

/// Go's `math.Modf`: integer part and fraction, both carrying `f`'s sign.
fn modf(f: f64) -> (f64, f64) {
    if f < 1.0 {
        if f < 0.0 {
            let (i, fr) = modf(-f);
            return (-i, -fr);
        }
        if f == 0.0 {
            return (f, f);
        }
        return (0.0, f);
    }
    let mut bits = f.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    if e < 52 {
        bits &= !((1u64 << (52 - e)) - 1);
    }
    let int = f64::from_bits(bits);
    (int, f - int)
}

/// Go's `normalize`: a subnormal scaled into the normal range, and the scale.
fn normalize(x: f64) -> (f64, i64) {
    if x.abs() < f64::MIN_POSITIVE {
        return (x * (1u64 << 52) as f64, -52);
    }
    (x, 0)
}

/// Go's `math.Frexp`: `f = frac · 2^exp` with `frac` in [½, 1).
fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let (f, e) = normalize(f);
    let mut bits = f.to_bits();
    let exp = e + ((bits >> 52) & 0x7ff) as i64 - 1023 + 1;
    bits &= !(0x7ffu64 << 52);
    bits |= 1022u64 << 52;
    (f64::from_bits(bits), exp)
}

/// Go's `math.Ldexp`: `frac · 2^exp`, rounding once when the result is subnormal.
fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (frac, e) = normalize(frac);
    let mut bits = frac.to_bits();
    let exp = exp
        .saturating_add(e)
        .saturating_add(((bits >> 52) & 0x7ff) as i64 - 1023);
    if exp < -1075 {
        return 0f64.copysign(frac);
    }
    if exp > 1023 {
        return f64::INFINITY.copysign(frac);
    }
    let (exp, m) = if exp < -1022 {
        (exp + 53, 1.0 / (1u64 << 53) as f64)
    } else {
        (exp, 1.0)
    };
    bits &= !(0x7ffu64 << 52);
    bits |= ((exp + 1023) as u64) << 52;
    m * f64::from_bits(bits)
}

/// Go's `math.Exp` on amd64 (its assembly, Shibata's method with the fused
/// multiply-adds Go uses on every CPU with AVX and FMA): `x = k·ln2 + r`, a Taylor
/// series of `r/16`, squared back up four times, then scaled by `2^k`. The
/// constants are Go's, as its source writes them.
#[allow(clippy::excessive_precision)]
fn go_exp(x: f64) -> f64 {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    const LN2U: f64 = 0.693_147_180_559_662_956_511_601_805_686_950_683_593_75;
    const LN2L: f64 = 0.282_352_905_630_315_771_225_884_481_750_134_360_255_254_120_68e-12;
    const OVERFLOW: f64 = 7.097_827_128_933_84e2;
    const C: [f64; 9] = [
        0.5,
        1.0,
        2.0,
        1.666_666_666_666_666_666_7e-1,
        4.166_666_666_666_666_666_7e-2,
        8.333_333_333_333_333_333_3e-3,
        1.388_888_888_888_888_888_9e-3,
        1.984_126_984_126_984_127e-4,
        2.480_158_730_158_730_158_7e-5,
    ];
    if !x.is_finite() {
        return if x == f64::NEG_INFINITY { 0.0 } else { x };
    }
    if x > OVERFLOW {
        return f64::INFINITY;
    }
    // CVTSD2SL: round to nearest even; out of range gives i32::MIN.
    let t = LOG2E * x;
    let k: i32 = if t.abs() < 2_147_483_647.0 {
        t.round_ties_even() as i32
    } else {
        i32::MIN
    };
    let kf = f64::from(k);
    let mut r = (-kf).mul_add(LN2U, x);
    r = (-kf).mul_add(LN2L, r);
    r *= 0.0625;
    let mut p = C[8];
    for c in [C[7], C[6], C[5], C[4], C[3], C[0], C[1]] {
        p = p.mul_add(r, c);
    }
    r *= p;
    for _ in 0..3 {
        r *= r + C[2];
    }
    r = (r + C[2]).mul_add(r, C[1]);
    // r · 2^k, through a subnormal step when k is below the normal range.
    let mut b = i64::from(k) + 0x3ff;
    if b <= 0 {
        if b < -52 {
            return 0.0;
        }
        b += 0x3fe;
        r *= f64::from_bits((b as u64) << 52);
        b = 1;
    } else if b >= 0x7ff {
        return f64::INFINITY;
    }
    r * f64::from_bits((b as u64) << 52)
}

/// Go's `math.Log` on amd64 (its assembly: FreeBSD's algorithm on the raw exponent
/// and mantissa bits, without normalizing subnormals).
fn go_log(x: f64) -> f64 {
    const HSQRT2: f64 = std::f64::consts::FRAC_1_SQRT_2;
    let c = f64::from_bits;
    let (ln2hi, ln2lo) = (c(0x3fe6_2e42_fee0_0000), c(0x3dea_39ef_3579_3c76));
    let (l1, l2, l3) = (
        c(0x3fe5_5555_5555_5593),
        c(0x3fd9_9999_9997_fa04),
        c(0x3fd2_4924_9422_9359),
    );
    let (l4, l5, l6) = (
        c(0x3fcc_71c5_1d8e_78af),
        c(0x3fc7_4664_96cb_03de),
        c(0x3fc3_9a09_d078_c69f),
    );
    let l7 = c(0x3fc2_f112_df3e_5244);
    let bits = x.to_bits();
    if bits & !(1u64 << 63) == 0 {
        return f64::NEG_INFINITY;
    }
    if (bits as i64) < 0 {
        return f64::from_bits(0x7ff8_0000_0000_0001);
    }
    if bits >= 0x7ff0_0000_0000_0000 {
        return x;
    }
    let mut f1 = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3fe0_0000_0000_0000);
    let mut k = f64::from(((bits >> 52) & 0x7ff) as i32 - 0x3fe);
    if f1 < HSQRT2 {
        k -= 1.0;
        f1 *= 2.0;
    }
    let f = f1 - 1.0;
    let s = f / (2.0 + f);
    let s2 = s * s;
    let s4 = s2 * s2;
    let t1 = s2 * (l1 + s4 * (l3 + s4 * (l5 + s4 * l7)));
    let t2 = s4 * (l2 + s4 * (l4 + s4 * l6));
    let r = t1 + t2;
    let hfsq = 0.5 * f * f;
    k * ln2hi - ((hfsq - (s * (hfsq + r) + k * ln2lo)) - f)
}
