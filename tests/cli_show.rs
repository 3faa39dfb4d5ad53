//! `scimexpr connectors` and `scimexpr show` through the binary.

use scimexpr::mapping::Mapping;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scimexpr"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn connectors_lists_every_shipped_table_once() {
    let o = run(&["connectors"]);
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    let names = Mapping::builtin_names();
    assert_eq!(lines.len(), names.len(), "{text}");
    for (line, name) in lines.iter().zip(&names) {
        let m = Mapping::load(Mapping::builtin_source(name).unwrap()).unwrap();
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], *name);
        let dir = format!("{:?}", m.direction).to_lowercase();
        assert_eq!(words[1], dir, "{line}");
        assert_eq!(words[2], format!("{:?}", m.resource), "{line}");
        assert!(words.len() > 3, "{line} has a summary");
    }
    assert!(text.contains("namely-import    import  User   Namely import defaults"));
}

#[test]
fn show_prints_one_row_per_entry_with_sources_and_notes() {
    let o = run(&["show", "namely"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with("## namely\n\nexport User mapping, 17 attributes"));
    assert!(text.contains("`scimexpr plan` matches directory `id` to provider `externalId`."));
    assert!(
        text.contains("| `email` | `userName` | required |\n"),
        "{text}"
    );
    assert!(text.contains("| `managerExternalId` | `$enterpriseUser.manager.value` | |\n"));
    assert!(text.contains("| expression `toScimEmails(jcUser.email)` | `emails` | |\n"));
    assert!(text.contains("\nNotes: Namely export defaults"));

    let text = stdout(&run(&["show", "namely-import"]));
    assert!(text.contains("import User mapping"));
    assert!(text.contains("provider's SCIM user (`providerUser`) → directory user"));
    assert!(text.contains("| `$enterpriseUser.employeeNumber` | `employeeIdentifier` | |\n"));
    assert!(!text.contains("scimexpr plan"), "imports are not planned");

    // `|` inside an expression is escaped, so the row keeps its three cells.
    let text = stdout(&run(&["show", "interact-groups"]));
    assert!(text.contains(r"!notNullOrEmpty(.value) \|\| .value == true"));
}

#[test]
fn show_json_prints_the_document_itself() {
    for name in Mapping::builtin_names() {
        let o = run(&["show", name, "--json"]);
        assert!(o.status.success());
        let text = stdout(&o);
        let want = Mapping::builtin_source(name).unwrap();
        assert_eq!(text.trim_end(), want.trim_end(), "{name}");
    }
}

#[test]
fn show_reads_files_and_rejects_what_it_cannot_show() {
    let root = env!("CARGO_MANIFEST_DIR");
    let file = format!("{root}/examples/custom-mapping.json");
    let o = run(&["show", &file]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with("## custom-example\n"));
    assert!(text.contains("It names no match key: `scimexpr plan` needs `--match`."));
    assert!(
        text.contains("| `custom:badge` | `$enterpriseUser.employeeNumber` | custom attribute |")
    );
    assert!(text.contains("| `jobTitle` | `title` | `onNull: clear` |"));
    assert!(
        !text.contains("The document:"),
        "only shipped tables have a path"
    );

    let o = run(&["show", "no-such-mapping"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown mapping \"no-such-mapping\""), "{err}");

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scimexpr-cli-show-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"name": "b", "direction": "export", "resource": "User", "attributes": [{"target": "nope", "direct": "x"}]}"#).unwrap();
    let o = run(&["show", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown attribute nope"), "{err}");
    assert!(o.stdout.is_empty());
}
