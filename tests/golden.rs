//! Golden files: `Program::disassemble` (tests/golden/disassemble.txt) and
//! rendered errors with their carets (tests/golden/errors.txt). Each file is
//! a list of `== SOURCE` blocks followed by what the crate prints for it; the
//! test recomputes every block and fails on any difference. To add a case,
//! add a `== SOURCE` line; to accept a change, run with `UPDATE_GOLDEN=1` and
//! read the diff before committing it.

use scimexpr::Program;
use std::path::PathBuf;

fn golden(name: &str, render: impl Fn(&str) -> String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let sources: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("== ")).collect();
    assert!(!sources.is_empty(), "{name} has no cases");
    let mut want = String::new();
    for src in &sources {
        want.push_str("== ");
        want.push_str(src);
        want.push('\n');
        let out = render(src);
        want.push_str(out.trim_end());
        want.push_str("\n\n");
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    if want != text {
        // The first block that differs, to read without a diff tool.
        let blocks = |t: &str| t.split("\n== ").map(str::to_string).collect::<Vec<_>>();
        let (w, t) = (blocks(&want), blocks(&text));
        let at = w
            .iter()
            .zip(&t)
            .position(|(a, b)| a != b)
            .unwrap_or(w.len().min(t.len()));
        panic!(
            "{name} is out of date (UPDATE_GOLDEN=1 rewrites it)\n--- now:\n{}\n--- file:\n{}",
            w.get(at).map_or("", String::as_str),
            t.get(at).map_or("", String::as_str)
        );
    }
}

#[test]
fn disassembly() {
    golden("disassemble.txt", |src| match Program::compile(src) {
        Ok(p) => p.disassemble(),
        Err(e) => panic!("{src}: {e}"),
    });
}

#[test]
fn rendered_errors() {
    // Compile errors, or, for a source that compiles, the error of running
    // it against the env `{"jcUser": {"name": null, "tags": [1, 2]}}`.
    let env = serde_json::json!({"jcUser": {"name": null, "tags": [1, 2]}});
    golden("errors.txt", |src| match Program::compile(src) {
        Err(e) => format!("compile: {e}"),
        Ok(p) => match p.run(&env) {
            Err(e) => format!("run: {e}"),
            Ok(v) => format!("no error: {}", v.to_json()),
        },
    });
}
