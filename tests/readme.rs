//! The README stays true: its builtin table lists every builtin of the table in
//! `src/builtins/mod.rs`, and every example in it evaluates to `true`.

use scimexpr::functions::BUILTINS;
use scimexpr::{Program, Value};
use serde_json::json;

fn readme_rows() -> Vec<(String, String)> {
    let readme = include_str!("../README.md");
    readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            if cells.len() != 3 {
                return None;
            }
            let name = cells[0].trim_start_matches("| `").trim_end_matches('`');
            let example = cells[2]
                .trim_end_matches(" |")
                .trim_matches('`')
                .replace("\\|", "|");
            Some((name.to_string(), example))
        })
        .collect()
}

#[test]
fn readme_lists_every_builtin_once() {
    let rows = readme_rows();
    let names: Vec<&str> = rows.iter().map(|(n, _)| n.as_str()).collect();
    for b in BUILTINS {
        assert_eq!(
            names.iter().filter(|n| **n == b.name).count(),
            1,
            "README table row for {}",
            b.name
        );
    }
    assert_eq!(rows.len(), BUILTINS.len());
}

#[test]
fn every_readme_example_is_true() {
    let env = json!({});
    for (name, example) in readme_rows() {
        let program = Program::compile(&example)
            .unwrap_or_else(|e| panic!("{name}: `{example}` does not compile:\n{e}"));
        let value = program
            .run(&env)
            .unwrap_or_else(|e| panic!("{name}: `{example}` fails:\n{e}"));
        assert!(
            matches!(value, Value::Bool(true)),
            "{name}: `{example}` gave {value}"
        );
    }
}
