//! The README stays true: its builtin table lists every builtin of the table in
//! `src/builtins/mod.rs`, and every example in it evaluates to `true`. (Its
//! commands are run by `tests/docs_examples.rs`, its Rust blocks as doctests.)

use scimexpr::functions::BUILTINS;
use scimexpr::{Program, Value};
use serde_json::json;

/// The rows of the table in the README's `## Builtins` section.
fn readme_rows() -> Vec<(String, String)> {
    let readme = include_str!("../README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Builtins\n"))
        .expect("README has a Builtins section");
    section
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

/// GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A page's text outside fenced code blocks.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn anchors(text: &str) -> Vec<String> {
    prose(text)
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| slug(l.trim_start_matches('#')))
        .collect()
}

/// `[text](target)` links, outside code.
fn links(text: &str) -> Vec<String> {
    let prose = prose(text);
    let mut out = Vec::new();
    for line in prose.lines() {
        // Inline code spans hold examples, not links.
        let plain: String = line.split('`').step_by(2).collect::<Vec<_>>().join("");
        let mut rest = plain.as_str();
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(')') else { break };
            out.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    out
}

#[test]
fn links_between_pages_point_at_files_and_headings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![
        root.join("README.md"),
        root.join("CONTRIBUTING.md"),
        root.join("examples/README.md"),
        root.join("benches/README.md"),
    ];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    let mut broken = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for link in links(&text) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            let (file, anchor) = match link.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (link.as_str(), None),
            };
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            if !target.exists() {
                broken.push(format!("{}: {link}: no such file", page.display()));
                continue;
            }
            if let Some(a) = anchor {
                let t = std::fs::read_to_string(&target).unwrap_or_default();
                if !anchors(&t).iter().any(|h| h == a) {
                    broken.push(format!("{}: {link}: no such heading", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "\n{}", broken.join("\n"));
}

#[test]
fn slugs_are_githubs() {
    assert_eq!(slug(" Differences from expr"), "differences-from-expr");
    assert_eq!(slug(" What a PATCH changes"), "what-a-patch-changes");
    assert_eq!(slug(" `namely-import`"), "namely-import");
    assert_eq!(
        links("see [a](b.md#c) and `[x](y)`\n```\n[p](q)\n```\n"),
        ["b.md#c"]
    );
}

/// The fenced blocks of a page tagged `lang`, with their first line number.
fn blocks(text: &str, lang: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            match current.take() {
                None => current = Some((i + 2, info.trim().to_string(), String::new())),
                Some((n, info, body)) => {
                    if info == lang {
                        out.push((n, body));
                    }
                }
            }
            continue;
        }
        if let Some((_, _, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

#[test]
fn json_examples_parse_and_mapping_documents_load() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    let mut documents = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for (line, body) in blocks(&text, "json") {
            let where_ = format!("{}:{line}", page.display());
            let v: serde_json::Value =
                serde_json::from_str(&body).unwrap_or_else(|e| panic!("{where_}: not JSON: {e}"));
            if v.get("attributes").is_some() && v.get("direction").is_some() {
                documents += 1;
                if let Err(problems) = scimexpr::mapping::Mapping::load(&body) {
                    panic!("{where_}: the mapping does not load: {problems:?}");
                }
            }
        }
    }
    assert!(
        documents >= 2,
        "the README and docs/mapping.md show documents"
    );
}

#[test]
fn the_readme_s_first_expressions_compile() {
    let readme = include_str!("../README.md");
    let (_, body) = blocks(readme, "text").into_iter().next().unwrap();
    for line in body.lines() {
        scimexpr::Compiler::new()
            .strict_roots(["jcUser", "providerUser", "settings"])
            .compile(line)
            .unwrap_or_else(|e| panic!("`{line}`: {e}"));
    }
}
