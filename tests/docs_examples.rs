//! Every command in README.md, examples/README.md and docs/*.md is run, and what it prints is
//! compared with what the page shows, so the pages cannot drift from the
//! binary.
//!
//! - A ```` ```console ```` block holds `$ COMMAND` lines (a trailing `\`
//!   continues one), each followed by its output: stdout and stderr as a
//!   terminal shows them (one stream, in write order). A line `...` in the
//!   output stands for any number of lines. Trailing spaces are not compared.
//! - A ```` ```sh ```` block holds commands whose output is not shown; each
//!   must succeed. `#` lines are comments.
//! - `cargo run [--release] --` stands for the `scimexpr` binary under test;
//!   `cargo test --all-targets` is not run here, only checked to be what
//!   `.ci/run` runs. Any other `cargo` command is refused: a page may show
//!   only what this test can run (contributor commands live in CONTRIBUTING.md).
//!
//! The commands of one page run in order, in a scratch directory of their
//! own holding links to `examples/`, `docs/` and `src/`, so a page may write
//! a file and use it in a later command without touching the checkout.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A command of a page and what it should print (`None`: not shown).
struct Example {
    line: usize,
    command: String,
    output: Option<Vec<String>>,
}

/// The runnable blocks of a Markdown page, in order.
fn examples(text: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut block: Option<(String, Vec<(usize, String)>)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(rest) = line.trim_start().strip_prefix("```") {
            match block.take() {
                None => block = Some((rest.trim().to_string(), Vec::new())),
                Some((info, lines)) => parse_block(&info, &lines, &mut out),
            }
            continue;
        }
        if let Some((_, lines)) = block.as_mut() {
            lines.push((n, line.to_string()));
        }
    }
    assert!(block.is_none(), "unclosed code block");
    out
}

fn parse_block(info: &str, lines: &[(usize, String)], out: &mut Vec<Example>) {
    let console = match info.split([' ', ',']).next().unwrap_or("") {
        "console" => true,
        "sh" | "bash" | "shell" => false,
        _ => return,
    };
    let mut it = lines.iter().peekable();
    while let Some((n, line)) = it.next() {
        let command_text = if console {
            match line.strip_prefix("$ ") {
                Some(c) => c,
                None => panic!("line {n}: output before any `$ ` command: {line:?}"),
            }
        } else {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            t
        };
        let mut command = command_text.to_string();
        while command.ends_with('\\') {
            command.pop();
            let Some((_, next)) = it.next() else { break };
            command.push_str(next.trim_start_matches("> "));
        }
        let output = console.then(|| {
            let mut o = Vec::new();
            while let Some((_, l)) = it.next_if(|(_, l)| !l.starts_with("$ ")) {
                o.push(l.clone());
            }
            o
        });
        out.push(Example {
            line: *n,
            command,
            output,
        });
    }
}

/// `command` as run here; `None` when it is not run (checked otherwise).
fn runnable(command: &str) -> Option<String> {
    for prefix in ["cargo run --release -- ", "cargo run -- "] {
        if let Some(rest) = command.strip_prefix(prefix) {
            return Some(format!("scimexpr {rest}"));
        }
    }
    if command == "cargo test --all-targets" {
        // `.ci/run` is not in the published package; the check is the checkout's.
        let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap_or_else(|_| command.into());
        assert!(
            ci.lines().any(|l| l.trim() == command),
            ".ci/run must run the documented test command `{command}`"
        );
        return None;
    }
    assert!(
        !command.starts_with("cargo "),
        "`{command}` cannot be run by this test: move it out of the page or make it runnable"
    );
    Some(command.to_string())
}

/// A fresh scratch directory for one page.
fn scratch(page: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "scimexpr-docs-{}-{}",
        std::process::id(),
        page.replace('/', "-")
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for d in ["examples", "docs", "src"] {
        std::os::unix::fs::symlink(root().join(d), dir.join(d)).unwrap();
    }
    dir
}

fn normalize(lines: &[String]) -> Vec<String> {
    let mut v: Vec<String> = lines.iter().map(|l| l.trim_end().to_string()).collect();
    while v.last().is_some_and(String::is_empty) {
        v.pop();
    }
    v
}

/// Whether `have` matches `want`, where a `...` line in `want` matches any
/// number of lines.
fn matches(want: &[String], have: &[String]) -> bool {
    match want.split_first() {
        None => have.is_empty(),
        Some((w, rest)) if w == "..." => (0..=have.len()).any(|k| matches(rest, &have[k..])),
        Some((w, rest)) => have
            .split_first()
            .is_some_and(|(h, hrest)| h == w && matches(rest, hrest)),
    }
}

fn check_page(page: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(page)).unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_scimexpr"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let dir = scratch(page);
    let mut failures = Vec::new();
    for ex in examples(&text) {
        let Some(command) = runnable(&ex.command) else {
            continue;
        };
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("exec 2>&1\n{command}"))
            .current_dir(&dir)
            .env("PATH", &path)
            .output()
            .unwrap();
        let have: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        let have = normalize(&have);
        match &ex.output {
            None if !out.status.success() => failures.push(format!(
                "{page}:{}: `{}` failed ({}):\n{}",
                ex.line,
                ex.command,
                out.status,
                have.join("\n")
            )),
            Some(want) if !matches(&normalize(want), &have) => failures.push(format!(
                "{page}:{}: `{}` printed:\n{}\n--- but the page shows:\n{}",
                ex.line,
                ex.command,
                have.join("\n"),
                normalize(want).join("\n")
            )),
            _ => {}
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    failures
}

fn pages() -> Vec<String> {
    let mut pages = vec!["README.md".to_string(), "examples/README.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.ends_with(".md").then(|| format!("docs/{name}"))
        })
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

#[test]
fn every_documented_command_prints_what_the_page_shows() {
    let mut failures = Vec::new();
    for page in pages() {
        failures.extend(check_page(&page));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_readme_shows_runnable_commands() {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let commands: Vec<String> = examples(&text).into_iter().map(|e| e.command).collect();
    assert!(commands.iter().any(|c| c == "cargo test --all-targets"));
    assert!(commands
        .iter()
        .any(|c| c.starts_with("cargo run --release -- map ")));
}

#[test]
fn the_dependency_line_names_this_version() {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
    let line = text
        .lines()
        .find(|l| l.starts_with("scimexpr = "))
        .expect("README shows the dependency line");
    assert!(
        line.contains(&format!("version = \"{minor}\"")),
        "{line} (crate version {version})"
    );
}

#[test]
fn the_harness_reads_blocks_as_documented() {
    let page = "text\n```console\n$ echo a \\\n  b\na b\n$ true\n```\n```sh\n# c\ntrue\n```\n```json\n{}\n```\n";
    let ex = examples(page);
    assert_eq!(ex.len(), 3);
    assert_eq!(ex[0].command, "echo a   b");
    assert_eq!(ex[0].output.as_deref(), Some(&["a b".to_string()][..]));
    assert_eq!(ex[1].output.as_deref(), Some(&[][..]));
    assert!(ex[2].output.is_none());
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&s(&["a", "...", "d"]), &s(&["a", "b", "c", "d"])));
    assert!(matches(&s(&["a", "..."]), &s(&["a"])));
    assert!(!matches(&s(&["a", "...", "d"]), &s(&["a", "b"])));
}
