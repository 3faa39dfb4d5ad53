//! The five JumpCloud expressions in rhai and CEL (`--features bench-peers`).
//!
//! Neither language has `??`, `find` or the `toScim…` host functions, so each
//! expression is written in the peer's own terms to build the same value from
//! the bench record. Where ours checks every field for blanks the peers read the
//! fields the bench record fills: they do at most the work ours does, so the
//! ratios are if anything in their favour. [`check`] asserts that they produce
//! what ours produces on the bench record.
#![allow(dead_code)]

use serde_json::Value as Json;

/// CEL, in [`super::JUMPCLOUD`] order.
pub const CEL: [&str; 5] = [
    "has(jcUser.displayname) && jcUser.displayname != '' ? jcUser.displayname : (has(jcUser.lastname) && jcUser.lastname != '' ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)",
    "[jcUser.addresses.exists(a, a['type'] == 'work') ? jcUser.addresses.filter(a, a['type'] == 'work')[0] : jcUser.addresses[0]].map(a, {'streetAddress': a.streetAddress + '\\n' + a.extendedAddress, 'locality': a.locality, 'postalCode': a.postalCode, 'country': a.country, 'type': a['type'], 'primary': true})",
    "[jcUser.phoneNumbers.exists(p, p['type'] == 'work') ? jcUser.phoneNumbers.filter(p, p['type'] == 'work')[0] : jcUser.phoneNumbers[0]].map(p, {'value': p.number, 'type': p['type'] == 'work' ? 'work' : (p['type'] == 'home' ? 'home' : (p['type'] in ['mobile', 'work_mobile'] ? 'mobile' : 'other')), 'primary': true})",
    "[{'value': jcUser.email, 'type': 'work', 'primary': true}]",
    "has(providerUser.externalId) && providerUser.externalId != '' ? providerUser.externalId : jcUser.id",
];

/// rhai, in [`super::JUMPCLOUD`] order (blocks, so `let`s do not pile up in the scope).
pub const RHAI: [&str; 5] = [
    r#"{ let d = jcUser.displayname ?? ""; if d != "" { d } else { let l = jcUser.lastname ?? ""; if l != "" { jcUser.firstname + " " + l } else { jcUser.firstname } } }"#,
    r#"{ let xs = jcUser.addresses; let a = xs.find(|x| x["type"] == "work") ?? xs[0]; [#{"streetAddress": a.streetAddress + "\n" + a.extendedAddress, "locality": a.locality, "postalCode": a.postalCode, "country": a.country, "type": a["type"], "primary": true}] }"#,
    r#"{ let xs = jcUser.phoneNumbers; let p = xs.find(|x| x["type"] == "work") ?? xs[0]; let t = switch p["type"] { "work" => "work", "home" => "home", "mobile" | "work_mobile" => "mobile", _ => "other" }; [#{"value": p.number, "type": t, "primary": true}] }"#,
    r#"[#{"value": jcUser.email, "type": "work", "primary": true}]"#,
    r#"{ let e = providerUser.externalId ?? ""; if e != "" { e } else { jcUser.id } }"#,
];

/// A CEL context holding the converted records.
pub fn cel_context(user: &Json, provider: &Json) -> cel_interpreter::Context<'static> {
    let mut ctx = cel_interpreter::Context::default();
    ctx.add_variable_from_value("jcUser", cel_interpreter::to_value(user).unwrap());
    ctx.add_variable_from_value("providerUser", cel_interpreter::to_value(provider).unwrap());
    ctx
}

/// A rhai engine with the defaults (and room for the bench's nesting).
pub fn rhai_engine() -> rhai::Engine {
    rhai::Engine::new()
}

/// A rhai scope holding the converted records.
pub fn rhai_scope(user: &Json, provider: &Json) -> rhai::Scope<'static> {
    let mut scope = rhai::Scope::new();
    scope.push_dynamic("jcUser", rhai::serde::to_dynamic(user).unwrap());
    scope.push_dynamic("providerUser", rhai::serde::to_dynamic(provider).unwrap());
    scope
}

/// Asserts that both peers compute what ours computes on `user`.
pub fn check(user: &Json, provider: &Json, ours: &[Json]) {
    let ctx = cel_context(user, provider);
    let engine = rhai_engine();
    let mut scope = rhai_scope(user, provider);
    for (i, want) in ours.iter().enumerate() {
        let p = cel_interpreter::Program::compile(CEL[i]).unwrap();
        let got = p.execute(&ctx).unwrap().json().unwrap();
        assert_eq!(&got, want, "CEL expression {} disagrees", i + 1);
        let ast = engine.compile(RHAI[i]).unwrap();
        let d: rhai::Dynamic = engine.eval_ast_with_scope(&mut scope, &ast).unwrap();
        let got: Json = rhai::serde::from_dynamic(&d).unwrap();
        assert_eq!(&got, want, "rhai expression {} disagrees", i + 1);
    }
}
