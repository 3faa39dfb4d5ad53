//! `scimexpr eval`: one expression, or a stream of JSON lines for bulk testing.
//!
//! The `--jsonl` protocol is what conformance suites drive; keep it stable:
//! each input line `{"expr": "...", "env": {...}}` gets exactly one output line,
//! `{"ok": VALUE, "type": "...", "str": "..."}` or `{"error": "...", "phase": "..."}`.
//! A line that is too long or not UTF-8 is answered with an `"input"` error
//! like any other bad line, and the stream goes on.

use super::map::read_capped;
use super::output::{self, note};
use scimexpr::value::{Key, Value};
use scimexpr::{Compiler, Error};
use serde_json::{json, Value as Json};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Arguments of `scimexpr eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// The expression to evaluate (omit with --jsonl). May start with `-` (`-2 ** 2`).
    #[arg(allow_hyphen_values = true)]
    pub expr: Option<String>,
    /// A JSON file whose top-level keys are the variables (default: `{}`).
    #[arg(long, value_name = "FILE.json")]
    pub env: Option<std::path::PathBuf>,
    /// Largest --env file read, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_env_bytes: u64,
    /// Read `{"expr": ..., "env": ...}` lines on stdin; answer each with one JSON line.
    #[arg(long, conflicts_with = "expr")]
    pub jsonl: bool,
    /// With --jsonl: longest input line read, in bytes; a longer one is
    /// answered with an input error.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_line_bytes: usize,
}

/// Runs `eval`. Exit codes: 0 success, 1 the expression failed, 2 bad usage,
/// an unreadable input or an output that could not be written, 141 the
/// output's reader went away.
pub fn run(args: EvalArgs) -> ExitCode {
    if let Err(code) = output::stdout_usable() {
        return code;
    }
    if args.jsonl {
        return run_jsonl(args.max_line_bytes);
    }
    let Some(expr) = args.expr else {
        note("error: give an expression, or --jsonl to read JSON lines on stdin");
        return ExitCode::from(2);
    };
    let env = match &args.env {
        None => json!({}),
        Some(path) => match super::map::read_text(path, args.max_env_bytes, "--env")
            .and_then(|t| serde_json::from_str::<Json>(&t).map_err(|e| e.to_string()))
        {
            Ok(env) => env,
            Err(e) => {
                note(format_args!(
                    "error: cannot read env {}: {e}",
                    path.display()
                ));
                return ExitCode::from(2);
            }
        },
    };
    let compiler = Compiler::new();
    let result = compiler
        .compile(&expr)
        .and_then(|program| program.run(&env).map(|v| tagged(&v)));
    match result {
        Ok(value) => {
            let mut text = value.to_string();
            text.push('\n');
            match output::print(text.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            }
        }
        Err(e) => {
            note(e);
            ExitCode::from(1)
        }
    }
}

fn run_jsonl(max_line_bytes: usize) -> ExitCode {
    let compiler = Compiler::new();
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut input = std::io::stdin().lock();
    let mut line = Vec::new();
    let mut code = ExitCode::SUCCESS;
    loop {
        let long = match read_capped(&mut input, &mut line, max_line_bytes) {
            Ok(None) => break,
            Ok(Some(long)) => long,
            Err(e) => {
                // The answers so far still go out.
                note(format_args!("error: reading stdin: {e}"));
                code = ExitCode::from(2);
                break;
            }
        };
        let answer = if long {
            input_error(&format!(
                "line longer than {max_line_bytes} bytes (--max-line-bytes)"
            ))
        } else {
            match std::str::from_utf8(&line) {
                Err(e) => input_error(&format!("invalid UTF-8 at byte {}", e.valid_up_to())),
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => answer_line(&compiler, text),
            }
        };
        let mut text = answer.to_string();
        text.push('\n');
        if let Err(e) = out.write_all(text.as_bytes()) {
            return output::write_failed(&e);
        }
    }
    match out.flush() {
        Ok(()) => code,
        Err(e) => output::write_failed(&e),
    }
}

fn input_error(why: &str) -> Json {
    json!({"error": format!("invalid input line: {why}"), "phase": "input"})
}

/// One request line in, one answer out; never fails.
#[allow(clippy::let_and_return)]
fn answer_line(compiler: &Compiler, line: &str) -> Json {
    let request: Json = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => return json!({"error": format!("invalid input line: {e}"), "phase": "input"}),
    };
    let Some(expr) = request.get("expr").and_then(Json::as_str) else {
        return json!({"error": "invalid input line: missing string field \"expr\"", "phase": "input"});
    };
    let empty = json!({});
    let env = match request.get("env") {
        None | Some(Json::Null) => &empty,
        Some(env @ Json::Object(_)) => env,
        Some(_) => {
            return json!({"error": "invalid input line: \"env\" must be an object", "phase": "input"})
        }
    };
    let program = match compiler.compile(expr) {
        Ok(p) => p,
        Err(e) => return error_answer(&e),
    };
    // Bound to a local so the result (which borrows `env` and `program`) is
    // dropped before them.
    let answer = match program.run(env) {
        Ok(v) => json!({
            "ok": tagged(&v),
            "type": v.type_name(),
            "str": scimexpr::format::to_string(&v),
        }),
        Err(e) => error_answer(&e),
    };
    answer
}

fn error_answer(e: &Error) -> Json {
    json!({"error": e.headline(), "phase": e.phase.as_str()})
}

/// A value as JSON, with the values JSON cannot hold tagged:
/// `{"$time": RFC 3339}`, `{"$duration": "1h30m0s"}`, `{"$float": "+Inf"}`.
pub fn tagged(v: &Value<'_>) -> Json {
    match v {
        Value::Float(f) if !f.is_finite() => {
            let text = if f.is_nan() {
                "NaN"
            } else if *f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            json!({ "$float": text })
        }
        Value::Time(t) => json!({ "$time": t.to_rfc3339() }),
        Value::Duration(d) => json!({ "$duration": scimexpr::time::format_duration(*d) }),
        // Go's nil `[]any` is JSON null, as json.Marshal writes it.
        Value::Array(a) if a.is_nil() => Json::Null,
        Value::Array(a) => Json::Array(a.iter().map(|x| tagged(&x)).collect()),
        Value::Map(m) => {
            let mut out = serde_json::Map::new();
            for (k, x) in m.iter() {
                let key = match &k {
                    Key::Str(s) => s.to_string(),
                    other => scimexpr::format::to_string(&other.to_value()),
                };
                out.entry(key).or_insert_with(|| tagged(&x));
            }
            Json::Object(out)
        }
        other => other.to_json(),
    }
}
