//! Precedence, associativity, unary quirks, comparison chains, `??` and pipes
//! (docs/language.md, Grammar). Each row: source, expected tree, worked out by
//! hand from the precedence table and expr's climbing algorithm.

mod parse_util;
use parse_util::{p, sexp};

fn check(rows: &[(&str, &str)]) {
    let mut bad = Vec::new();
    for (src, want) in rows {
        let got = p(src);
        if got != *want {
            bad.push(format!("{src:?}\n   got  {got}\n   want {want}"));
        }
    }
    assert!(bad.is_empty(), "\n{}", bad.join("\n"));
}

/// Every row of the binary table against its neighbours.
#[test]
fn binary_table() {
    check(&[
        ("a or b and c", "(or a (and b c))"),
        ("a || b && c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("a or b or c", "(or (or a b) c)"),
        ("a and b == c", "(and a (== b c))"),
        ("a == b and c", "(and (== a b) c)"),
        ("a != b .. c", "(!= a (.. b c))"),
        ("a .. b + c", "(.. a (+ b c))"),
        ("a + b .. c", "(.. (+ a b) c)"),
        ("a .. b .. c", "(.. (.. a b) c)"),
        ("a + b * c", "(+ a (* b c))"),
        ("a * b + c", "(+ (* a b) c)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a - b + c", "(+ (- a b) c)"),
        ("a / b * c", "(* (/ a b) c)"),
        ("a % b / c", "(/ (% a b) c)"),
        ("a * b ** c", "(* a (** b c))"),
        ("a ** b * c", "(* (** a b) c)"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
        ("2 ^ 3 ^ 2", "(** 2 (** 3 2))"),
        ("a ** b ?? c", "(** a (?? b c))"),
        ("a ?? b ?? c", "(?? (?? a b) c)"),
        ("1 + nil ?? 3", "(+ 1 (?? nil 3))"),
        ("a * b ?? c + d", "(+ (* a (?? b c)) d)"),
        ("a * b ?? c * d", "(* (* a (?? b c)) d)"),
        ("(a ?? b) + c", "(+ (?? a b) c)"),
        ("a in b == c", "(== (in a b) c)"),
        ("a == b in c", "(in (== a b) c)"),
        (
            "a matches b or c contains d",
            "(or (matches a b) (contains c d))",
        ),
        (
            "a startsWith b and c endsWith d",
            "(and (startsWith a b) (endsWith c d))",
        ),
        ("a in b .. c", "(in a (.. b c))"),
        ("a + b in c", "(in (+ a b) c)"),
    ]);
}

#[test]
fn unary_operators() {
    check(&[
        ("-2 ** 2", "(neg (** 2 2))"),
        ("-a * b", "(* (neg a) b)"),
        ("-a + b", "(+ (neg a) b)"),
        ("+a - b", "(- (plus a) b)"),
        ("not a * b", "(not (* a b))"),
        ("not a ** b", "(not (** a b))"),
        ("!a == b", "(== (not a) b)"),
        ("not a + b", "(+ (not a) b)"),
        ("not a and b", "(and (not a) b)"),
        ("not 2 * 3 == 6", "(== (not (* 2 3)) 6)"),
        ("a * not b * c", "(* a (not (* b c)))"),
        ("a * not b + c", "(+ (* a (not b)) c)"),
        ("- - a", "(neg (neg a))"),
        ("!!a", "(not (not a))"),
        ("-not a * b", "(neg (not (* a b)))"),
        ("not -a * b", "(not (* (neg a) b))"),
        ("a ** -b ** c", "(** a (neg (** b c)))"),
        ("-a ?? b", "(neg (?? a b))"),
        ("not a ?? b + c", "(+ (not (?? a b)) c)"),
        ("-a.b[0]", "(neg (. (. a \"b\") 0))"),
        ("-f(x)", "(neg (f x))"),
        ("a - -b", "(- a (neg b))"),
        ("a + +b", "(+ a (plus b))"),
    ]);
}

#[test]
fn comparison_chains() {
    check(&[
        ("a < b < c", "(and (< a b) (< b c))"),
        ("a <= b >= c", "(and (<= a b) (>= b c))"),
        ("1 < 2 < 3 > 4", "(and (and (< 1 2) (< 2 3)) (> 3 4))"),
        ("a == b < c < d", "(and (< (== a b) c) (< c d))"),
        ("a < b == c", "(== (< a b) c)"),
        ("1 == 1 == true", "(== (== 1 1) true)"),
        ("a < b + 1 < c", "(and (< a (+ b 1)) (< (+ b 1) c))"),
        ("a < b ?? c < d", "(and (< a (?? b c)) (< (?? b c) d))"),
        ("a < b and c < d", "(and (< a b) (< c d))"),
        ("a < b in c", "(in (< a b) c)"),
        ("a not in b", "(not (in a b))"),
        ("a not in b < c", "(< (not (in a b)) c)"),
        ("a not matches b or c", "(or (not (matches a b)) c)"),
        ("a not contains b", "(not (contains a b))"),
        ("a not startsWith b", "(not (startsWith a b))"),
        ("a not endsWith b", "(not (endsWith a b))"),
        ("a + 1 not in b", "(not (in (+ a 1) b))"),
    ]);
}

#[test]
fn pipes() {
    check(&[
        ("x | f()", "(f x)"),
        ("x | f(a, b)", "(f x a b)"),
        ("a + b | f()", "(f (+ a b))"),
        ("x or y | f()", "(f (or x y))"),
        ("a | f() + 1", "(+ (f a) 1)"),
        ("a | f() | g(1)", "(g (f a) 1)"),
        ("xs | filter(# > 1)", "(filter xs {(> # 1)})"),
        (
            "xs | filter(# > 1) | map(# * 2) | sum()",
            "(sum (map (filter xs {(> # 1)}) {(* # 2)}))",
        ),
        ("xs | map({#index})", "(map xs {#index})"),
        ("xs | reduce(#acc + #, 0)", "(reduce xs {(+ #acc #)} 0)"),
        ("xs | count()", "(count xs)"),
        (
            "[1,2] | len() > 1 ? 'y' : 'n'",
            "(? (> (len [1 2]) 1) \"y\" \"n\")",
        ),
        ("a ?? b | f()", "(f (?? a b))"),
    ]);
}

#[test]
fn ternary_and_elvis() {
    check(&[
        ("false ? 1 : false ? 2 : 3", "(? false 1 (? false 2 3))"),
        ("a ? b ? c : d : e", "(? a (? b c d) e)"),
        ("a ?: b ?: c", "(?: a (?: b c))"),
        ("a ?: b ? c : d", "(?: a (? b c d))"),
        ("a or b ? c : d", "(? (or a b) c d)"),
        ("a ?? b ? c : d", "(? (?? a b) c d)"),
        ("a ? b : c ; d", "(seq (? a b c) d)"),
        ("a ? b + 1 : c | f()", "(? a (+ b 1) (f c))"),
        ("true ? .5 : 1", "(? true 0.5f 1)"),
    ]);
}

#[test]
fn parentheses_do_not_change_shape() {
    for (a, b) in [
        ("((a))", "a"),
        ("(a + b) * c", "(* (+ a b) c)"),
        ("(-2) ** 2", "(** (neg 2) 2)"),
        ("(not a) * b", "(* (not a) b)"),
    ] {
        let got = p(a);
        let want = if b.starts_with('(') {
            b.to_string()
        } else {
            sexp(&scimexpr::parser::parse(b).unwrap())
        };
        assert_eq!(got, want, "{a}");
    }
}
