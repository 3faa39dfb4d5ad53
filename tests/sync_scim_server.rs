//! Sync plans against a real SCIM 2.0 server (docs/sync.md): PyPI's
//! `scim2-server`, started on 127.0.0.1 on a free port. For each population of
//! generated directory/provider pairs, the test creates the provider state over
//! HTTP, plans, sends every POST and PATCH (each must be accepted), reads the
//! resources back and asserts that
//! 1. every owned attribute equals the desired value,
//! 2. every attribute and element the mapping does not own is exactly as before,
//! 3. planning again against the server's new state gives only `unchanged`.
//!
//! The server is found at `$SCIMEXPR_SCIM2_SERVER` or
//! `target/scim2-venv/bin/scim2-server` (`.ci/run` installs it there). Without
//! it the tests say how to install it and pass on a developer's machine; with
//! `CI=true` a missing server is a failure.

use scimexpr::mapping::{
    plan, ApplyInput, Mapping, MatchKey, PatchOptions, PlanAction, TargetPath,
};
use serde_json::{json, Map, Value as Json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

// ---------------------------------------------------------------------------
// The server

fn server_bin() -> Option<PathBuf> {
    let p = match std::env::var_os("SCIMEXPR_SCIM2_SERVER") {
        Some(p) => PathBuf::from(p),
        None => {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/scim2-venv/bin/scim2-server")
        }
    };
    p.is_file().then_some(p)
}

struct Server {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a server, or says how to get one (and fails under CI).
fn server() -> Option<Server> {
    let bin = installed()?;
    Some(start(&bin))
}

/// The server's program, or `None` after saying how to install it.
fn installed() -> Option<PathBuf> {
    let Some(bin) = server_bin() else {
        let how = "scim2-server not found: `python3 -m venv target/scim2-venv && \
                   target/scim2-venv/bin/pip install scim2-server==0.8.3` (or set SCIMEXPR_SCIM2_SERVER)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{how}");
        }
        eprintln!("skipping the SCIM server round trip: {how}");
        return None;
    };
    Some(bin)
}

fn start(bin: &std::path::Path) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(bin)
        .args(["--hostname", "127.0.0.1", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(300)))
        .build()
        .into();
    let s = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        agent,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok((200, _)) = s.try_send("GET", "/ServiceProviderConfig", None) {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "scim2-server did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Server {
    fn try_send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Json>,
    ) -> Result<(u16, Json), String> {
        let url = format!("{}{path}", self.base);
        let resp = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("POST", Some(b)) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/scim+json")
                .send(b.to_string().as_bytes()),
            ("PATCH", Some(b)) => self
                .agent
                .patch(&url)
                .header("Content-Type", "application/scim+json")
                .send(b.to_string().as_bytes()),
            _ => panic!("{method} {path}"),
        };
        let mut resp = resp.map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .map_err(|e| e.to_string())?;
        let v = if text.trim().is_empty() {
            Json::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Json::String(text))
        };
        Ok((status, v))
    }

    /// Sends a request that must be accepted (2xx).
    fn send(&self, method: &str, path: &str, body: Option<&Json>) -> Json {
        let (status, v) = self
            .try_send(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert!(
            (200..300).contains(&status),
            "{method} {path} answered {status}: {v}\nrequest: {}",
            body.map(|b| b.to_string()).unwrap_or_default()
        );
        v
    }

    /// Every resource of a type, as `GET /Users` pages them.
    fn list(&self, kind: &str) -> Vec<Json> {
        let mut out = Vec::new();
        loop {
            let page = self.send(
                "GET",
                &format!("/{kind}?startIndex={}&count=1000", out.len() + 1),
                None,
            );
            let items = page["Resources"].as_array().cloned().unwrap_or_default();
            let total = page["totalResults"].as_u64().unwrap_or(0) as usize;
            let done = items.is_empty();
            out.extend(items);
            if done || out.len() >= total {
                return out;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// One round trip

struct Stats {
    created: usize,
    updated: usize,
    unchanged: usize,
    failed: usize,
    skipped: usize,
    requests: usize,
}

/// Creates `provider` at the server, plans `directory` against it, sends the
/// plan, and checks the three properties. `kind` is `Users` or `Groups`.
fn round_trip(
    s: &Server,
    m: &Mapping,
    key: &MatchKey,
    directory: &[Json],
    provider: &[Json],
    opts: &PatchOptions,
) -> Stats {
    let kind = match m.resource {
        scimexpr::mapping::Resource::User => "Users",
        scimexpr::mapping::Resource::Group => "Groups",
    };
    for p in provider {
        s.send("POST", &format!("/{kind}"), Some(p));
    }
    let before = s.list(kind);
    assert_eq!(before.len(), provider.len());
    let settings = json!({"defaultUserState": "STAGED"});
    let empty = json!({});
    let base = ApplyInput {
        jc_user: &empty,
        provider_user: &empty,
        settings: &settings,
        jc_group: &empty,
    };
    let first = plan(m, key, base, directory, &before, opts);
    let mut stats = Stats {
        created: 0,
        updated: 0,
        unchanged: 0,
        failed: 0,
        skipped: 0,
        requests: 0,
    };
    // Which provider resource each directory line ends up as.
    let mut targets: Vec<Option<String>> = Vec::new();
    for line in &first.lines {
        let id = match &line.action {
            PlanAction::Create { body } => {
                stats.created += 1;
                stats.requests += 1;
                let made = s.send("POST", &format!("/{kind}"), Some(body));
                Some(made["id"].as_str().unwrap().to_string())
            }
            PlanAction::Update { id, requests } => {
                stats.updated += 1;
                for r in requests {
                    stats.requests += 1;
                    assert!(r.operations.len() <= opts.max_operations);
                    s.send(
                        "PATCH",
                        &format!("/{kind}/{id}"),
                        Some(&serde_json::to_value(r).unwrap()),
                    );
                }
                Some(id.clone())
            }
            PlanAction::Unchanged { id } => {
                stats.unchanged += 1;
                Some(id.clone())
            }
            PlanAction::Failed { errors } => {
                stats.failed += 1;
                assert!(!errors.is_empty());
                None
            }
            PlanAction::Skipped { .. } => {
                stats.skipped += 1;
                None
            }
        };
        targets.push(id);
    }
    let after = s.list(kind);
    let by_id = |list: &[Json], id: &str| list.iter().find(|r| r["id"] == id).cloned();
    for ((line, record), id) in first.lines.iter().zip(directory).zip(&targets) {
        let Some(id) = id else { continue };
        let now = by_id(&after, id).unwrap_or_else(|| panic!("{id} is gone"));
        let was = by_id(&before, id);
        // (1) Owned attributes hold the desired values.
        let mut input = m.with_primary(base, record);
        input.provider_user = was.as_ref().unwrap_or(&empty);
        let desired = m.apply(&input);
        let mut want = desired.resource.clone().unwrap();
        if m.resource == scimexpr::mapping::Resource::User
            && scimexpr::mapping::is_suspended(record)
        {
            want["active"] = json!(false);
        }
        for e in &m.entries {
            let w = owned_value(&want, &e.target);
            let n = owned_value(&now, &e.target);
            let cleared = desired.cleared.iter().any(|c| c == e.target_text());
            if w.is_some() || cleared {
                assert_eq!(
                    canon(w.as_ref()),
                    canon(n.as_ref()),
                    "line {}: {} at the server\nwanted {want}\nserver {now}",
                    line.line,
                    e.target_text()
                );
            }
        }
        if want.get("active") == Some(&json!(false)) {
            assert_eq!(now["active"], json!(false), "line {}: suspended", line.line);
        }
        // (2) Everything else is exactly as it was.
        if let Some(was) = &was {
            assert_eq!(
                unowned(m, was),
                unowned(m, &now),
                "line {}: the update touched what the mapping does not own\nbefore {was}\nafter  {now}",
                line.line
            );
        }
    }
    // Provider resources no directory record maps to are untouched.
    for b in &before {
        if !targets.iter().flatten().any(|id| b["id"] == **id) {
            let a = by_id(&after, b["id"].as_str().unwrap()).expect("never deleted");
            assert_eq!(strip_meta(b.clone()), strip_meta(a));
        }
    }
    // (3) A second plan against the new state changes nothing.
    let again = plan(m, key, base, directory, &after, opts);
    for (l1, l2) in first.lines.iter().zip(&again.lines) {
        match (&l1.action, &l2.action) {
            (PlanAction::Failed { .. }, PlanAction::Failed { .. })
            | (PlanAction::Skipped { .. }, PlanAction::Skipped { .. })
            | (_, PlanAction::Unchanged { .. }) => {}
            _ => panic!(
                "line {}: second plan is not empty: {}",
                l2.line,
                l2.to_json(m.resource)
            ),
        }
    }
    assert!(again.orphans.len() >= first.orphans.len().saturating_sub(stats.created));
    stats
}

/// The value the mapping owns at `t` in a resource: the attribute, the
/// sub-attribute, or the owned sub-attribute of the elements the filter
/// selects (as a list, one per element). Written independently of the crate's
/// PATCH code.
fn owned_value(r: &Json, t: &TargetPath) -> Option<Json> {
    let mut cur = r.as_object()?;
    if let Some(urn) = t.urn {
        cur = get_ci(cur, urn)?.as_object()?;
    }
    let v = get_ci(cur, t.attr.name)?;
    if t.filter.is_empty() {
        return match t.sub {
            Some(sub) => get_ci(v.as_object()?, sub.name).cloned(),
            None => Some(v.clone()),
        };
    }
    let picked: Vec<Json> = v
        .as_array()?
        .iter()
        .filter_map(Json::as_object)
        .filter(|e| {
            t.filter
                .iter()
                .all(|(sub, lit)| get_ci(e, sub.name).map(lower) == Some(lower(lit)))
        })
        .filter_map(|e| match t.sub {
            Some(sub) => get_ci(e, sub.name).cloned(),
            None => Some(Json::Object(e.clone())),
        })
        .collect();
    (!picked.is_empty()).then_some(Json::Array(picked))
}

fn get_ci<'j>(m: &'j Map<String, Json>, k: &str) -> Option<&'j Json> {
    m.iter()
        .find(|(x, _)| x.eq_ignore_ascii_case(k))
        .map(|(_, v)| v)
}

fn lower(v: &Json) -> Json {
    match v {
        Json::String(s) => Json::String(s.to_lowercase()),
        other => other.clone(),
    }
}

/// A value as the schema compares it for the attributes these tests use
/// (none case-exact but ids): strings lowercased, lists as sorted multisets,
/// `primary: false` and empty values dropped, one-element lists of a filtered
/// selection read as their element.
fn canon(v: Option<&Json>) -> Json {
    fn go(v: &Json) -> Option<Json> {
        match v {
            Json::Null => None,
            Json::String(s) if s.is_empty() => None,
            Json::String(s) => Some(Json::String(s.to_lowercase())),
            Json::Array(a) => {
                let mut items: Vec<Json> = a.iter().filter_map(go).collect();
                items.sort_by_key(|x| x.to_string());
                (!items.is_empty()).then_some(Json::Array(items))
            }
            Json::Object(m) => {
                let mut out: Vec<(String, Json)> = m
                    .iter()
                    .filter(|(k, v)| !(k.as_str() == "primary" && **v == json!(false)))
                    .filter_map(|(k, v)| Some((k.to_lowercase(), go(v)?)))
                    .collect();
                out.sort_by(|a, b| a.0.cmp(&b.0));
                (!out.is_empty()).then(|| Json::Object(out.into_iter().collect()))
            }
            other => Some(other.clone()),
        }
    }
    let c = v.and_then(go).unwrap_or(Json::Null);
    match c {
        Json::Array(a) if a.len() == 1 => a.into_iter().next().unwrap_or(Json::Null),
        other => other,
    }
}

fn strip_meta(mut r: Json) -> Json {
    if let Some(m) = r.as_object_mut() {
        m.remove("meta");
        m.remove("schemas");
    }
    r
}

/// A resource without what the mapping owns (nor `meta`, which the server
/// keeps, nor `schemas`, which follows the extension attributes present).
/// Elements a filtered target selects lose their owned sub-attribute and go
/// when nothing but their filter's keys is left. Suspended users' `active` is
/// owned by the plan.
fn unowned(m: &Mapping, r: &Json) -> Json {
    let mut r = strip_meta(r.clone());
    if m.resource == scimexpr::mapping::Resource::User {
        // The plan owns `active` for suspended users; the mappings used here
        // all own it or leave it alone otherwise.
        r.as_object_mut().unwrap().remove("active");
    }
    for e in &m.entries {
        let t = &e.target;
        let Some(obj) = r.as_object_mut() else {
            continue;
        };
        let obj = match t.urn {
            Some(urn) => match obj.get_mut(urn).and_then(Json::as_object_mut) {
                Some(o) => o,
                None => continue,
            },
            None => obj,
        };
        let key = obj
            .keys()
            .find(|k| k.eq_ignore_ascii_case(t.attr.name))
            .cloned();
        let Some(key) = key else { continue };
        if t.filter.is_empty() {
            match t.sub {
                None => {
                    obj.remove(&key);
                }
                Some(sub) => {
                    if let Some(inner) = obj.get_mut(&key).and_then(Json::as_object_mut) {
                        inner.retain(|k, _| !k.eq_ignore_ascii_case(sub.name));
                        if inner.is_empty() {
                            obj.remove(&key);
                        }
                    }
                }
            }
            continue;
        }
        if let Some(items) = obj.get_mut(&key).and_then(Json::as_array_mut) {
            for item in items.iter_mut() {
                let Some(el) = item.as_object_mut() else {
                    continue;
                };
                let selected = t
                    .filter
                    .iter()
                    .all(|(sub, lit)| get_ci(el, sub.name).map(lower) == Some(lower(lit)));
                if !selected {
                    continue;
                }
                match t.sub {
                    Some(sub) => el.retain(|k, _| !k.eq_ignore_ascii_case(sub.name)),
                    None => el.clear(),
                }
                let only_filter = el.iter().all(|(k, v)| {
                    k.eq_ignore_ascii_case("primary") && *v == json!(false)
                        || t.filter
                            .iter()
                            .any(|(sub, _)| k.eq_ignore_ascii_case(sub.name))
                });
                if only_filter {
                    el.clear();
                }
            }
            items.retain(|i| !i.as_object().is_some_and(|o| o.is_empty()));
            if items.is_empty() {
                obj.remove(&key);
            }
        }
    }
    // An extension object with nothing unowned left says nothing.
    if let Some(obj) = r.as_object_mut() {
        obj.retain(|k, v| !(k.starts_with("urn:") && v.as_object().is_some_and(|o| o.is_empty())));
    }
    r
}

// ---------------------------------------------------------------------------
// Generated data

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Ada", "Grace", "Alan", "Zoë", "José", "Aiko", "Søren", "Noor",
];
const LAST: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Müller", "García", "Tanaka", "Okafor",
];
const TITLES: &[&str] = &["Engineer", "Manager", "Analyst", "Designer", "Director"];
const DEPTS: &[&str] = &["R&D", "Sales", "Ops", "Finance"];
const CITIES: &[&str] = &["Paris", "London", "Tokyo", "Lagos", "Lima"];

/// A directory user in the JumpCloud shape, with optional fields missing or
/// empty the ways real records have them.
fn directory_user(rng: &mut Rng, i: usize) -> Json {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let mut u = json!({
        "id": format!("u{i:04}"),
        "username": format!("{}.{}{i}", first.to_lowercase(), last.to_lowercase()),
        "email": format!("{}.{}{i}@example.com", first.to_lowercase(), last.to_lowercase()),
        "firstname": first,
        "lastname": last,
        "employeeIdentifier": format!("E-{i:05}"),
        "state": "ACTIVATED",
    });
    let o = u.as_object_mut().unwrap();
    if rng.chance(80) {
        o.insert("jobTitle".into(), json!(rng.pick(TITLES)));
    } else if rng.chance(50) {
        o.insert("jobTitle".into(), json!(""));
    }
    if rng.chance(70) {
        o.insert("department".into(), json!(rng.pick(DEPTS)));
    }
    if rng.chance(60) {
        o.insert(
            "managerExternalId".into(),
            json!(format!("m{}", rng.next() % 20)),
        );
    }
    if rng.chance(10) {
        o.remove("lastname");
    }
    if rng.chance(8) {
        o.insert("state".into(), json!("SUSPENDED"));
    }
    let mut phones = Vec::new();
    if rng.chance(60) {
        phones.push(json!({"type": "work", "number": format!("+1 555 {:04}", rng.next() % 10000)}));
    }
    if rng.chance(50) {
        phones
            .push(json!({"type": "mobile", "number": format!("+1 666 {:04}", rng.next() % 10000)}));
    }
    if !phones.is_empty() || rng.chance(50) {
        o.insert("phoneNumbers".into(), Json::Array(phones));
    }
    if rng.chance(70) {
        let mut a = json!({"type": "work", "locality": rng.pick(CITIES)});
        if rng.chance(60) {
            a["region"] = json!(format!("R{}", rng.next() % 9));
        }
        if rng.chance(50) {
            a["streetAddress"] = json!(format!("{} Main St", rng.next() % 100));
        }
        o.insert("addresses".into(), json!([a]));
    } else if rng.chance(50) {
        o.insert("addresses".into(), json!([]));
    }
    if rng.chance(40) {
        let ims: Vec<Json> = (0..1 + rng.next() % 3)
            .map(|k| json!({"value": format!("im{k}-{i}"), "type": if k == 0 { "xmpp" } else { "skype" }}))
            .collect();
        o.insert("ims".into(), Json::Array(ims));
    }
    u
}

/// An older version of a directory user: what the provider was last given.
fn older(rng: &mut Rng, u: &Json) -> Json {
    let mut o = u.clone();
    let m = o.as_object_mut().unwrap();
    for (field, pct) in [
        ("jobTitle", 30),
        ("department", 25),
        ("managerExternalId", 20),
    ] {
        if rng.chance(pct) {
            if rng.chance(50) {
                m.remove(field);
            } else {
                m.insert(field.into(), json!(format!("old-{field}")));
            }
        }
    }
    if rng.chance(20) {
        m.insert("firstname".into(), json!("Formerly"));
    }
    if rng.chance(15) {
        m.insert("lastname".into(), json!("Oldname"));
    }
    if rng.chance(25) {
        m.insert(
            "phoneNumbers".into(),
            json!([{"type": "mobile", "number": "+1 000 0000"}, {"type": "work", "number": "+1 000 0001"}]),
        );
    }
    if rng.chance(20) {
        m.insert(
            "addresses".into(),
            json!([{"type": "work", "locality": "Oldtown", "region": "OR"}]),
        );
    }
    if rng.chance(10) {
        m.insert("state".into(), json!("ACTIVATED"));
    }
    o
}

/// What the provider holds for a user: `resource` (what a mapping wrote for an
/// older version), with the case of some values changed, lists reordered and
/// what others added there: a home email, a home phone, a nickname, a middle
/// name, a cost center, a display on the work email, a postal code on the
/// work address.
fn provider_copy(rng: &mut Rng, resource: &Json) -> Json {
    let mut p = resource.clone();
    let m = p.as_object_mut().unwrap();
    if rng.chance(30) {
        if let Some(Json::String(u)) = m.get_mut("userName") {
            *u = u.to_uppercase();
        }
    }
    if rng.chance(40) {
        m.insert("nickName".into(), json!("nick"));
    }
    if rng.chance(40) {
        let name = m.entry("name").or_insert_with(|| json!({}));
        name["middleName"] = json!("Q");
    }
    if rng.chance(40) {
        let emails = m
            .entry("emails")
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .unwrap();
        for e in emails.iter_mut() {
            if e["type"] == "work" && rng.chance(50) {
                e["display"] = json!("Work mail");
            }
            if rng.chance(30) {
                e["value"] = json!(e["value"].as_str().unwrap_or("").to_uppercase());
            }
        }
        emails.push(json!({"type": "home", "value": "home@example.org"}));
        emails.reverse();
    }
    if rng.chance(30) {
        let phones = m
            .entry("phoneNumbers")
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .unwrap();
        phones.insert(0, json!({"type": "home", "value": "+1 777 0000"}));
    }
    if rng.chance(30) {
        if let Some(addrs) = m.get_mut("addresses").and_then(Json::as_array_mut) {
            for a in addrs.iter_mut() {
                if a["type"] == "work" {
                    a["postalCode"] = json!("75001");
                }
            }
        }
    }
    if rng.chance(30) {
        if let Some(ims) = m.get_mut("ims").and_then(Json::as_array_mut) {
            ims.reverse();
        }
    }
    if rng.chance(40) {
        let ent = m.entry(ENT).or_insert_with(|| json!({}));
        ent["costCenter"] = json!("CC-9");
        let schemas = m.entry("schemas").or_insert_with(|| json!([CORE]));
        if !schemas.as_array().unwrap().contains(&json!(ENT)) {
            schemas.as_array_mut().unwrap().push(json!(ENT));
        }
    }
    p
}

/// Directory users and the provider's copies: most exist at the provider
/// (from an older version), some are new there, and the provider has users
/// the directory no longer has.
fn population(m: &Mapping, seed: u64, n: usize) -> (Vec<Json>, Vec<Json>) {
    let mut rng = Rng(seed);
    let users: Vec<Json> = (0..n).map(|i| directory_user(&mut rng, i)).collect();
    let settings = json!({"defaultUserState": "STAGED"});
    let empty = json!({});
    let mut provider = Vec::new();
    for u in &users {
        if rng.chance(12) {
            continue; // not at the provider yet
        }
        let old = older(&mut rng, u);
        let base = ApplyInput {
            jc_user: &empty,
            provider_user: &empty,
            settings: &settings,
            jc_group: &empty,
        };
        let out = m.apply(&m.with_primary(base, &old));
        let Some(r) = out.resource else { continue };
        provider.push(provider_copy(&mut rng, &r));
    }
    for k in 0..n / 20 {
        provider.push(
            json!({"schemas": [CORE], "userName": format!("gone{k}@example.com"),
                             "externalId": format!("gone-{k}"), "title": "Left"}),
        );
    }
    (users, provider)
}

/// A mapping with every kind of target: filtered multi-valued targets,
/// extension attributes, clear and omit, a whole list, `active`.
const CUSTOM: &str = r#"{
  "name": "roundtrip", "direction": "export", "resource": "User",
  "attributes": [
    {"target": "userName", "direct": "email", "required": true},
    {"target": "externalId", "direct": "id"},
    {"target": "active", "expression": "jcUser.state != 'SUSPENDED'"},
    {"target": "name.givenName", "direct": "firstname"},
    {"target": "name.familyName", "direct": "lastname", "onNull": "clear"},
    {"target": "title", "direct": "jobTitle", "onNull": "clear"},
    {"target": "emails[type eq \"work\"].value", "direct": "email"},
    {"target": "phoneNumbers[type eq \"work\"].value", "expression": "find(jcUser.phoneNumbers ?? [], .type == 'work')?.number"},
    {"target": "phoneNumbers[type eq \"mobile\"].value", "expression": "find(jcUser.phoneNumbers ?? [], .type == 'mobile')?.number", "onNull": "clear"},
    {"target": "addresses[type eq \"work\"].locality", "expression": "find(jcUser.addresses ?? [], .type == 'work')?.locality"},
    {"target": "addresses[type eq \"work\"].region", "expression": "find(jcUser.addresses ?? [], .type == 'work')?.region", "onNull": "clear"},
    {"target": "ims", "expression": "jcUser.ims"},
    {"target": "$enterpriseUser.department", "direct": "department", "onNull": "clear"},
    {"target": "$enterpriseUser.manager.value", "direct": "managerExternalId"}
  ]
}"#;

#[test]
fn users_round_trip_with_every_kind_of_target() {
    let Some(s) = server() else { return };
    // These users carry `ims`, a field of their own: their record schema
    // opens jcUser (the shipped one is closed).
    let mut schemas = scimexpr::RecordSchemas::default();
    let mut user = schemas.record("jcUser").unwrap().clone();
    user.shape.closed = false;
    schemas.set_record(user);
    let m = Mapping::load_with_schemas(CUSTOM, &scimexpr::Compiler::new(), &schemas).unwrap();
    let key = m.match_key().unwrap().clone();
    assert_eq!(key.to_string(), "id=externalId");
    let (users, provider) = population(&m, 7, 320);
    // Small requests, so large changes are split and sent in several.
    let opts = PatchOptions { max_operations: 4 };
    let st = round_trip(&s, &m, &key, &users, &provider, &opts);
    assert!(users.len() >= 300);
    assert!(
        st.created > 10 && st.updated > 100,
        "{} {}",
        st.created,
        st.updated
    );
    assert!(
        st.requests > st.created + st.updated,
        "some updates were split"
    );
    assert_eq!(st.failed + st.skipped, 0);
    let _ = st.unchanged;
}

#[test]
fn shipped_tables_round_trip_by_their_own_keys() {
    let Some(bin) = installed() else { return };
    // interact and spaceiq match by employeeIdentifier, namely and scim by id
    // (each table's externalId entry says which); every table runs on its own
    // server.
    for (name, seed, want_key) in [
        ("interact", 11, "employeeIdentifier=externalId"),
        ("spaceiq", 12, "employeeIdentifier=externalId"),
        ("namely", 13, "id=externalId"),
        ("scim", 14, "id=externalId"),
    ] {
        let s = start(&bin);
        let m = Mapping::builtin(name).unwrap();
        let key = m.match_key().unwrap().clone();
        assert_eq!(key.to_string(), want_key, "{name}");
        let (users, provider) = population(&m, seed, 120);
        let st = round_trip(&s, &m, &key, &users, &provider, &PatchOptions::default());
        assert!(st.updated > 10, "{name}: {} updates", st.updated);
        assert!(st.created > 0, "{name}");
    }
}

#[test]
fn groups_change_member_by_member() {
    let Some(s) = server() else { return };
    let m = Mapping::builtin("interact-groups").unwrap();
    let key = m.match_key().unwrap().clone();
    assert_eq!(key.to_string(), "name=displayName");
    let ids = |range: std::ops::Range<usize>| -> Vec<Json> {
        range.map(|i| json!(format!("u{i:05}"))).collect()
    };
    let members =
        |v: &[Json]| -> Json { Json::Array(v.iter().map(|id| json!({"value": id})).collect()) };
    // A 5,000-member group: 1,000 join, 12 leave, the rest stay. A group
    // whose record says nothing about members. A renamed-only-in-case group.
    // An empty new group (not created) and a new one.
    let big_now = ids(0..5000);
    let mut big_want = ids(12..6000);
    big_want.reverse();
    let provider = vec![
        json!({"schemas": [GROUP], "displayName": "Engineering", "members": members(&big_now)}),
        json!({"schemas": [GROUP], "displayName": "Sales", "members": members(&ids(0..40))}),
        json!({"schemas": [GROUP], "displayName": "Ops", "members": members(&ids(100..110))}),
        json!({"schemas": [GROUP], "displayName": "Alumni", "members": members(&ids(200..203))}),
    ];
    let directory = vec![
        json!({"id": "g1", "name": "Engineering", "members": big_want}),
        json!({"id": "g2", "name": "Sales"}),
        json!({"id": "g3", "name": "OPS", "members": ids(100..110).into_iter().rev().map(|id| json!({"id": id})).collect::<Vec<_>>()}),
        json!({"id": "g4", "name": "Empty", "members": []}),
        json!({"id": "g5", "name": "New", "members": ["u1", {"value": "u2"}, {"id": "u3"}]}),
    ];
    let st = round_trip(
        &s,
        &m,
        &key,
        &directory,
        &provider,
        &PatchOptions::default(),
    );
    // New is created, Engineering updated, Sales (no members key) and Ops (the
    // same members, a case-only name difference) unchanged, Empty skipped.
    assert_eq!(
        (st.created, st.updated, st.unchanged, st.skipped),
        (1, 1, 2, 1)
    );
    let groups = s.list("Groups");
    let find = |name: &str| {
        groups
            .iter()
            .find(|g| g["displayName"] == name)
            .cloned()
            .unwrap()
    };
    let set = |g: &Json| -> std::collections::BTreeSet<String> {
        g["members"].as_array().map_or(Default::default(), |a| {
            a.iter()
                .map(|m| m["value"].as_str().unwrap().to_string())
                .collect()
        })
    };
    let want: std::collections::BTreeSet<String> = (12..6000).map(|i| format!("u{i:05}")).collect();
    assert_eq!(set(&find("Engineering")), want);
    assert_eq!(
        set(&find("Sales")).len(),
        40,
        "no members key: membership untouched"
    );
    assert_eq!(
        set(&find("New")),
        ["u1", "u2", "u3"].iter().map(|s| s.to_string()).collect()
    );
    assert!(
        groups.iter().all(|g| g["displayName"] != "Empty"),
        "empty groups are not created"
    );
    assert_eq!(
        set(&find("Alumni")).len(),
        3,
        "an orphan group is left alone"
    );
}
