//! Property test: the package "exports" matcher (`packageExportsResolve` in
//! `js/internal/modules/esm/resolve.js`) agrees with a small reference model of
//! the ESM resolution algorithm's PACKAGE_EXPORTS_RESOLVE and
//! PACKAGE_TARGET_RESOLVE (Node's doc/api/esm.md), on generated `exports`
//! values: subpath maps and main sugar, `*` patterns, nested conditions,
//! fallback arrays, null exclusions and invalid targets/segments.
//!
//! The matcher lives in JS only, where the CommonJS and ES module resolvers
//! share it, so it is driven through the built binary (`--expose-internals`)
//! rather than duplicated in Rust: a second implementation in Rust would test
//! itself, not what nodus runs. To keep process start-ups few, each proptest
//! case is a batch of queries answered by one nodus run.

mod common;

use common::nodus;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::io::Write;

const PKG: &str = "/pkg";

/// What the model or nodus answers for one query: a path below the package, or an error code.
type Answer = Result<String, String>;

const CONDITIONS: &[&str] = &["node", "import", "require", "default", "browser", "custom"];

// ---------------------------------------------------------------------------
// The reference model.

/// `.`, `..` and `node_modules` segments, also percent-encoded, case-insensitive
/// (the segments Node refuses; empty segments are only deprecated).
fn has_invalid_segment(s: &str) -> bool {
    s.split(['/', '\\']).any(|seg| {
        let decoded = seg
            .to_ascii_lowercase()
            .replace("%2e", ".")
            .replace("%6e", "n")
            .replace("%4e", "n")
            .replace("%6f", "o")
            .replace("%4f", "o")
            .replace("%64", "d")
            .replace("%44", "d")
            .replace("%65", "e")
            .replace("%45", "e")
            .replace("%5f", "_")
            .replace("%6d", "m")
            .replace("%4d", "m")
            .replace("%75", "u")
            .replace("%55", "u")
            .replace("%6c", "l")
            .replace("%4c", "l")
            .replace("%73", "s")
            .replace("%53", "s");
        decoded == "." || decoded == ".." || decoded == "node_modules"
    })
}

/// `Ok(Some(path))` resolved, `Ok(None)` = undefined (no condition matched),
/// `Err(Some(code))` thrown, `Err(None)` = null (excluded).
type TargetResult = Result<Option<String>, Option<String>>;

fn err(code: &str) -> TargetResult {
    Err(Some(code.to_string()))
}

/// PACKAGE_TARGET_RESOLVE.
fn target_resolve(target: &Value, pattern_match: Option<&str>, conditions: &[&str]) -> TargetResult {
    match target {
        Value::String(t) => {
            if !t.starts_with("./") || has_invalid_segment(&t[2..]) {
                return err("ERR_INVALID_PACKAGE_TARGET");
            }
            let base = url::Url::parse(&format!("file://{PKG}/package.json")).unwrap();
            let resolved = base.join(t).unwrap();
            if !resolved.path().starts_with(&format!("{PKG}/")) {
                return err("ERR_INVALID_PACKAGE_TARGET");
            }
            let url = match pattern_match {
                None => resolved,
                Some(m) => {
                    if has_invalid_segment(m) {
                        return err("ERR_INVALID_MODULE_SPECIFIER");
                    }
                    url::Url::parse(&resolved.as_str().replace('*', m)).unwrap()
                }
            };
            let lower = url.path().to_ascii_lowercase();
            if lower.contains("%2f") || lower.contains("%5c") {
                return err("ERR_INVALID_MODULE_SPECIFIER");
            }
            let path = percent_encoding_decode(url.path());
            Ok(Some(path))
        }
        Value::Array(items) => {
            if items.is_empty() {
                return Err(None);
            }
            // undefined: nothing tried yet; Some(None): last was null; Some(Some(code)): last error.
            let mut last: Option<Option<String>> = None;
            for item in items {
                match target_resolve(item, pattern_match, conditions) {
                    Err(Some(code)) if code == "ERR_INVALID_PACKAGE_TARGET" => last = Some(Some(code)),
                    Err(Some(code)) => return Err(Some(code)),
                    Ok(None) => continue,
                    Err(None) => last = Some(None),
                    Ok(Some(p)) => return Ok(Some(p)),
                }
            }
            match last {
                None => Ok(None),
                Some(None) => Err(None),
                Some(Some(code)) => Err(Some(code)),
            }
        }
        Value::Object(map) => {
            if map.keys().any(|k| k.parse::<u32>().is_ok_and(|n| n.to_string() == *k)) {
                return err("ERR_INVALID_PACKAGE_CONFIG");
            }
            for (cond, value) in map {
                if cond == "default" || conditions.contains(&cond.as_str()) {
                    match target_resolve(value, pattern_match, conditions) {
                        Ok(None) => continue,
                        other => return other,
                    }
                }
            }
            Ok(None)
        }
        Value::Null => Err(None),
        _ => err("ERR_INVALID_PACKAGE_TARGET"),
    }
}

fn percent_encoding_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// PATTERN_KEY_COMPARE: -1 when `a` sorts before (is more specific than) `b`.
fn pattern_key_compare(a: &str, b: &str) -> i32 {
    let a_star = a.find('*');
    let b_star = b.find('*');
    let base_a = a_star.map_or(a.len(), |i| i + 1);
    let base_b = b_star.map_or(b.len(), |i| i + 1);
    if base_a > base_b {
        return -1;
    }
    if base_b > base_a {
        return 1;
    }
    if a_star.is_none() {
        return 1;
    }
    if b_star.is_none() {
        return -1;
    }
    if a.len() > b.len() {
        return -1;
    }
    if b.len() > a.len() {
        return 1;
    }
    0
}

/// PACKAGE_EXPORTS_RESOLVE for `subpath` (`.` or `./x`).
fn exports_resolve(exports: &Value, subpath: &str, conditions: &[&str]) -> Answer {
    let map = match exports {
        Value::Object(m) => {
            let dotted: Vec<bool> = m.keys().map(|k| k.starts_with('.') && !k.is_empty()).collect();
            if dotted.iter().any(|d| *d) && dotted.iter().any(|d| !*d) {
                return Err("ERR_INVALID_PACKAGE_CONFIG".into());
            }
            if dotted.first() == Some(&true) {
                m.clone()
            } else {
                let mut sugar = Map::new();
                sugar.insert(".".into(), exports.clone());
                sugar
            }
        }
        Value::String(_) | Value::Array(_) => {
            let mut sugar = Map::new();
            sugar.insert(".".into(), exports.clone());
            sugar
        }
        // Neither a target nor a map: nothing is exported.
        _ => Map::new(),
    };
    let not_exported = || Err("ERR_PACKAGE_PATH_NOT_EXPORTED".to_string());
    let finish = |r: TargetResult| -> Answer {
        match r {
            Ok(Some(p)) => Ok(p),
            Ok(None) | Err(None) => not_exported(),
            Err(Some(code)) => Err(code),
        }
    };
    if let Some(target) = map.get(subpath) {
        if !subpath.contains('*') && !subpath.ends_with('/') {
            return finish(target_resolve(target, None, conditions));
        }
    }
    let mut best: Option<(&str, String)> = None;
    for key in map.keys() {
        let Some(star) = key.find('*') else { continue };
        if key.rfind('*') != Some(star) {
            continue;
        }
        let (prefix, trailer) = (&key[..star], &key[star + 1..]);
        if subpath.starts_with(prefix)
            && subpath.len() >= key.len()
            && subpath.ends_with(trailer)
            && best.as_ref().map_or(true, |(b, _)| pattern_key_compare(b, key) == 1)
        {
            best = Some((key, subpath[star..subpath.len() - trailer.len()].to_string()));
        }
    }
    match best {
        Some((key, m)) => finish(target_resolve(&map[key], Some(&m), conditions)),
        None => not_exported(),
    }
}

// ---------------------------------------------------------------------------
// Generators.

fn string_target() -> impl Strategy<Value = Value> {
    prop::sample::select(vec![
        "./dist/a.js",
        "./src/*.js",
        "./lib/*",
        "./x/*/z.mjs",
        "./*",
        "./*/*.js",
        "./a b.js",
        "./q?x=1",
        "./h#frag",
        "./e%20s.js",
        "../escape.js",
        "./node_modules/x.js",
        "./NODE_MODULES/x.js",
        "./a/../b.js",
        "./ok/./x.js",
        "./%2e%2e/x.js",
        "./%2E/x.js",
        "dist/bare.js",
        "/abs.js",
        "./",
        "./dir/",
    ])
    .prop_map(|s| Value::String(s.into()))
}

fn target(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        6 => string_target(),
        1 => Just(Value::Null),
        1 => Just(json!(42)),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    prop_oneof![
        4 => leaf,
        2 => prop::collection::vec(target(depth - 1), 0..3).prop_map(Value::Array),
        3 => prop::collection::vec((prop::sample::select(CONDITIONS.to_vec()), target(depth - 1)), 1..4)
            .prop_map(|pairs| {
                let mut m = Map::new();
                for (k, v) in pairs {
                    m.entry(k.to_string()).or_insert(v);
                }
                Value::Object(m)
            }),
        1 => target(depth - 1).prop_map(|t| json!({ "0": t })),
    ]
    .boxed()
}

const KEYS: &[&str] = &[
    ".", "./a", "./b.js", "./lib/*", "./lib/*.js", "./*", "./x/*/y", "./a*", "./feat/*", "./lib/sub/*", "./two/*/*",
    "./dir/", "condition-key",
];

fn exports() -> impl Strategy<Value = Value> {
    prop_oneof![
        // A package with `"exports": null` is resolved without its exports.
        2 => target(2).prop_filter("exports is set", |v| !v.is_null()),
        5 => prop::collection::vec((prop::sample::select(KEYS.to_vec()), target(2)), 1..6).prop_map(|pairs| {
            let mut m = Map::new();
            for (k, v) in pairs {
                m.entry(k.to_string()).or_insert(v);
            }
            Value::Object(m)
        }),
    ]
}

fn subpath() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            ".", "./a", "./b.js", "./lib/x", "./lib/x.js", "./lib/deep/y.js", "./lib/", "./x/q/y", "./x/y", "./ab",
            "./a*", "./feat/../secret", "./feat/node_modules/z", "./feat/%2e%2e/x", "./feat/a%2fb", "./zzz",
            "./lib/sub/k", "./two/a/b", "./dir/", "./feat/a b", "./feat/%41",
        ])
        .prop_map(String::from),
        1 => prop::collection::vec(prop::sample::select(vec!["a", "b", "lib", "x", "y", "sub", "feat", "k.js"]), 1..4)
            .prop_map(|segs| format!("./{}", segs.join("/"))),
    ]
}

fn conditions() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(vec!["node", "import", "require", "custom"], 0..=4)
}

// ---------------------------------------------------------------------------
// The binary side.

const DRIVER: &str = r#"
const { packageExportsResolve } = require('internal/modules/esm/resolve');
const cases = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const out = [];
for (const { exports, subpath, conditions } of cases) {
  try {
    out.push({ ok: packageExportsResolve('/pkg', subpath, exports, conditions, undefined) });
  } catch (e) {
    out.push({ err: e.code ?? String(e) });
  }
}
process.stdout.write(JSON.stringify(out));
"#;

fn run_batch(cases: &[(Value, String, Vec<&'static str>)]) -> Vec<Answer> {
    let input: Vec<Value> = cases
        .iter()
        .map(|(e, s, c)| json!({ "exports": e, "subpath": s, "conditions": c }))
        .collect();
    let mut file = tempfile_path();
    file.1.write_all(serde_json::to_string(&input).unwrap().as_bytes()).unwrap();
    let out = nodus()
        .args(["--expose-internals", "-e", DRIVER, file.0.to_str().unwrap()])
        .env_remove("NODE_OPTIONS")
        .output()
        .expect("failed to run nodus");
    let _ = std::fs::remove_file(&file.0);
    assert!(out.status.success(), "driver failed: {}", String::from_utf8_lossy(&out.stderr));
    let answers: Vec<Value> = serde_json::from_slice(&out.stdout).expect("driver printed no JSON");
    answers
        .into_iter()
        .map(|a| match (a.get("ok"), a.get("err")) {
            (Some(Value::String(p)), _) => Ok(p.clone()),
            (_, Some(Value::String(c))) => Err(c.clone()),
            other => panic!("bad driver answer {other:?}"),
        })
        .collect()
}

fn tempfile_path() -> (std::path::PathBuf, std::fs::File) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let path = std::env::temp_dir().join(format!("nodus-exports-{}-{}.json", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    let f = std::fs::File::create(&path).unwrap();
    (path, f)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn exports_matcher_agrees_with_the_reference_model(
        batch in prop::collection::vec((exports(), subpath(), conditions()), 1..48)
    ) {
        let answers = run_batch(&batch);
        for ((exports, subpath, conditions), got) in batch.iter().zip(answers) {
            let want = exports_resolve(exports, subpath, conditions);
            prop_assert_eq!(&got, &want, "exports {} subpath {} conditions {:?}", exports, subpath, conditions);
        }
    }
}

#[test]
fn model_examples() {
    let e = json!({ "./lib/*": { "node": "./n/*.js", "default": "./d/*.js" }, "./lib/x": null });
    assert_eq!(exports_resolve(&e, "./lib/y", &["node"]), Ok("/pkg/n/y.js".into()));
    assert_eq!(exports_resolve(&e, "./lib/x", &["node"]), Err("ERR_PACKAGE_PATH_NOT_EXPORTED".into()));
    assert_eq!(exports_resolve(&json!("./main.js"), ".", &[]), Ok("/pkg/main.js".into()));
    assert_eq!(exports_resolve(&json!({ "./a": "./x/../y" }), "./a", &[]), Err("ERR_INVALID_PACKAGE_TARGET".into()));
    assert_eq!(
        exports_resolve(&json!({ "./f/*": "./f/*.js" }), "./f/../z", &[]),
        Err("ERR_INVALID_MODULE_SPECIFIER".into())
    );
}
