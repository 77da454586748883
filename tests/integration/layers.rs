//! The source tree has no import cycle: every module of `src/` uses only
//! modules that do not use it back, directly or through others, so that
//! the layers README.md lists can be read bottom up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` by path (`input::reader`), with its text.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().with_extension("");
                let name = relative
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("::");
                let name = name.strip_suffix("::mod").unwrap_or(&name).to_string();
                out.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The modules `text` names through `crate::` paths (in `use` lines, with
/// their braces, and inline), outside comments and its tests: the
/// longest known prefix of each path.
fn uses(text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let longest = |path: &str| {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|i| parts[..i].join("::"))
            .find(|candidate| known.contains(candidate))
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + 7..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let path = path.trim_end_matches(':');
        // `crate::input::{reader::Row, period::Period}`: each inner path.
        if rest[path.len()..].starts_with("::{") {
            let inner = &rest[path.len() + 3..];
            let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
            for part in inner.split(',') {
                let head = part.trim().split("::").next().unwrap_or("");
                found.extend(longest(&format!("{path}::{head}")));
            }
        }
        found.extend(longest(path));
    }
    found
}

#[test]
fn no_module_uses_one_that_uses_it_back() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    // A folder's own module (`input`) only declares and re-exports: not a layer.
    let folders: BTreeSet<&str> = known
        .iter()
        .filter_map(|m| m.split_once("::").map(|(folder, _)| folder))
        .collect();
    let edges: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(name, text)| {
            let used = uses(text, &known)
                .into_iter()
                .filter(|u| u != name && u != "lib" && !folders.contains(u.as_str()))
                .filter(|u| !name.starts_with(&format!("{u}::")))
                .collect();
            (name.as_str(), used)
        })
        .collect();
    assert!(
        edges["error"].contains("input::rejections"),
        "the scan reads paths"
    );
    // Depth-first search for a path back to where it started.
    fn back<'a>(
        from: &'a str,
        edges: &'a BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| *m == from) {
            return Some(path[at..].iter().map(|m| m.to_string()).collect());
        }
        if !done.insert(from) {
            return None;
        }
        path.push(from);
        for next in edges.get(from).into_iter().flatten() {
            if let Some(cycle) = back(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        if let Some(cycle) = back(start, &edges, &mut Vec::new(), &mut done) {
            panic!("an import cycle: {}", cycle.join(" -> "));
        }
    }
}
