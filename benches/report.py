#!/usr/bin/env python3
"""Prints the README's speed table from criterion's results (target/criterion).

Run after `cargo bench --features bench-peers`. Every ratio divides two medians
of the same run. Targets from issue 5 are checked and marked met / MISSED.
"""
import glob
import json
import os
import subprocess
import sys
from datetime import datetime, timezone

ROOT = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"


def median(group, bench):
    path = os.path.join(ROOT, group, bench.replace("/", "_"), "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except FileNotFoundError:
        return None


def ns(t):
    if t is None:
        return "–"
    if t >= 1e6:
        return f"{t / 1e6:.1f} ms"
    if t >= 1e3:
        return f"{t / 1e3:.2f} µs"
    return f"{t:.0f} ns"


def ratio(a, b):
    return None if a is None or b is None else a / b


def fmt(r, digits=2):
    return "–" if r is None else f"{r:.{digits}f}"


def mark(ok):
    return "–" if ok is None else ("met" if ok else "**MISSED**")


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = os.cpu_count()
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{model}, {cores} cores (`nproc`), {rustc}, {date}"


out = []
out.append(f"Machine: {machine()}. Medians of one run; ratios are taken within that run.\n")

out.append("| expression | ours | hand-written | ours / hand (≤ 2) | CEL / ours (≥ 5) | rhai / ours (≥ 5) |")
out.append("|---|---|---|---|---|---|")
names = ["1-displayName", "2-addresses", "3-phoneNumbers", "4-emails", "5-externalId"]
for n in names:
    o, h = median("eval", f"ours/{n}"), median("eval", f"hand/{n}")
    c, r = median("eval", f"cel/{n}"), median("eval", f"rhai/{n}")
    oh, co, ro = ratio(o, h), ratio(c, o), ratio(r, o)
    out.append(
        f"| {n} | {ns(o)} | {ns(h)} | {fmt(oh)} {mark(oh and oh <= 2)} | {fmt(co)} {mark(co and co >= 5)} | {fmt(ro)} {mark(ro and ro >= 5)} |"
    )
cc, cr = median("eval", "convert/cel"), median("eval", "convert/rhai")
out.append(
    f"\nConverting the record to the peers' values (not in the figures above): CEL {ns(cc)}, rhai {ns(cr)}.\n"
)

o, h, s = median("mapping", "ours/namely"), median("mapping", "hand/namely"), median("mapping", "serde/from_str")
oh, os_ = ratio(o, h), ratio(o, s)
out.append("| namely mapping, one record | time | ratio | target |")
out.append("|---|---|---|---|")
out.append(f"| ours (`Mapping::apply`) | {ns(o)} | | |")
out.append(f"| hand-written | {ns(h)} | ours / hand = {fmt(oh)} | ≤ 1.5: {mark(oh and oh <= 1.5)} |")
out.append(f"| `serde_json::from_str` of the record | {ns(s)} | ours / parse = {fmt(os_ and os_ * 100, 0)} % | ≤ 15 %: {mark(os_ and os_ <= 0.15)} |")

o, n = median("parse_compile", "ours/five"), median("parse_compile", "ours/namely")
r, c = median("parse_compile", "rhai/five"), median("parse_compile", "cel/five")
out.append("\n| compile | time | ratio | target |")
out.append("|---|---|---|---|")
out.append(f"| ours, five expressions | {ns(o)} | | |")
out.append(f"| rhai, five expressions | {ns(r)} | ours / rhai = {fmt(ratio(o, r))} | ≤ 1: {mark(o and r and o <= r)} |")
out.append(f"| CEL, five expressions | {ns(c)} | ours / CEL = {fmt(ratio(o, c))} | |")
out.append(f"| ours, whole `namely` document (JSON, validation, 6 expressions) | {ns(n)} | | |")

cores = os.cpu_count()
m1, mn = median("throughput", "map/1"), median("throughput", f"map/{cores}")
p1, pn = median("throughput", "plain/1"), median("throughput", f"plain/{cores}")
h1 = median("throughput", "hand/1")
users = 100_000


def rate(t):
    return "–" if t is None else f"{users / (t / 1e9):,.0f}/s"


a, b, sc = ratio(p1, m1), ratio(p1, mn), ratio(m1, mn)
out.append(f"\n| 100,000 users | time | users/s | vs plain, 1 core | target |")
out.append("|---|---|---|---|---|")
out.append(f"| plain parse + serialize, 1 core | {ns(p1)} | {rate(p1)} | 1.00 | |")
out.append(f"| plain parse + serialize, {cores} cores | {ns(pn)} | {rate(pn)} | {fmt(ratio(p1, pn))} | |")
out.append(f"| hand-written namely (parse, map, serialize), 1 core | {ns(h1)} | {rate(h1)} | {fmt(ratio(p1, h1))} | |")
out.append(f"| `map --jobs 1` | {ns(m1)} | {rate(m1)} | {fmt(a)} | ≥ 0.80: {mark(a and a >= 0.8)} |")
out.append(f"| `map --jobs {cores}` | {ns(mn)} | {rate(mn)} | {fmt(b)} (scaling over `--jobs 1`: {fmt(sc)}) | scaling ≥ 1.7: {mark(sc and sc >= 1.7)} |")
print("\n".join(out))
