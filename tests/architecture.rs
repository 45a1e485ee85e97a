//! The shape of `src/`, checked: arrows between modules point one way only, and the command line
//! holds no pipeline logic (CONTRIBUTING.md, "The shape of the code").
//!
//! Every `crate::…`, `super::…` and `self::…` path in a source file (in `use` items, brace groups
//! expanded, and inline) is resolved to the module file it names. Two graphs are then checked for
//! cycles: the top-level modules (`cli`, `workspace`, `lint`, `diff`, `rules`, …) and, inside each
//! folder module, its child modules (`cli/lint` ↔ `cli/diff`, `convert/schema` ↔ `convert/write`).
//! A child using what its own parent `mod.rs` declares is the normal Rust shape and not a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path such as `["cli", "lint"]`; the crate root is `[]`.
type ModPath = Vec<String>;

fn module_files(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut parts: ModPath = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            out.insert(parts, path);
        }
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|s| !s.is_empty())
        .flat_map(|item| {
            expand(item)
                .into_iter()
                .map(move |e| format!("{prefix}{e}"))
        })
        .collect()
}

/// Every module path mentioned in `text` (comments removed), unresolved.
fn mentioned_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let use_item = regex::Regex::new(r"(?s)\buse\s+((?:crate|super|self)::[^;]*);").unwrap();
    for cap in use_item.captures_iter(&code) {
        out.extend(expand(&cap[1]));
    }
    let inline = regex::Regex::new(r"\b(?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+").unwrap();
    out.extend(inline.find_iter(&code).map(|m| m.as_str().to_string()));
    out
}

/// The module file a path names: its longest prefix that is a module.
fn resolve(
    from: &ModPath,
    is_dir_module: bool,
    path: &str,
    modules: &BTreeMap<ModPath, PathBuf>,
) -> Option<ModPath> {
    let mut parts = path.split("::");
    // `self` in `a/b.rs` is `a::b`; `super` is `a`. In `a/mod.rs`, `self` is `a`, `super` is root.
    let mut base: ModPath = from.clone();
    let first = parts.next()?;
    match first {
        "crate" => base.clear(),
        "self" => {}
        "super" => {
            base.pop();
        }
        _ => return None,
    }
    let _ = is_dir_module;
    let mut rest: Vec<&str> = parts.collect();
    while rest.first() == Some(&"super") {
        base.pop();
        rest.remove(0);
    }
    let mut best = base.clone();
    let mut cur = base;
    for p in rest {
        cur.push(p.to_string());
        if modules.contains_key(&cur) {
            best = cur.clone();
        } else {
            break;
        }
    }
    Some(best)
}

/// module → the modules it uses.
fn graph() -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = module_files(&src);
    let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let is_dir = file.file_name().is_some_and(|n| n == "mod.rs");
        let entry = edges.entry(module.clone()).or_default();
        for path in mentioned_paths(&text) {
            if let Some(target) = resolve(module, is_dir, &path, &modules)
                && &target != module
            {
                entry.insert(target);
            }
        }
    }
    edges
}

/// The strongly connected components with more than one member (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// The graph between the children of `parent` (`[]` for the top level).
fn level(
    all: &BTreeMap<ModPath, BTreeSet<ModPath>>,
    parent: &[String],
) -> BTreeMap<String, BTreeSet<String>> {
    let child = |m: &ModPath| -> Option<String> {
        (m.len() > parent.len() && m.starts_with(parent)).then(|| m[parent.len()].clone())
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in all {
        let Some(a) = child(from) else { continue };
        let entry = out.entry(a.clone()).or_default();
        for to in tos {
            if let Some(b) = child(to).filter(|b| *b != a) {
                entry.insert(b);
            }
        }
    }
    out
}

#[test]
fn no_import_cycles_between_modules() {
    let all = graph();
    let parents: BTreeSet<ModPath> = std::iter::once(Vec::new())
        .chain(
            all.keys()
                .filter(|m| !m.is_empty())
                .map(|m| m[..m.len() - 1].to_vec()),
        )
        .collect();
    let mut found = Vec::new();
    for parent in &parents {
        for cycle in cycles(&level(&all, parent)) {
            let name = if parent.is_empty() {
                "crate".to_string()
            } else {
                parent.join("::")
            };
            found.push(format!("{name}: {}", cycle.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_checker_sees_a_cycle() {
    // The checker itself must be able to fail: two modules using each other form one cycle.
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("a".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycles(&g), vec![vec!["a".to_string(), "b".to_string()]]);
    assert_eq!(
        expand("crate::lint::{RuleSet, x::{A, B}}"),
        [
            "crate::lint::RuleSet",
            "crate::lint::x::A",
            "crate::lint::x::B"
        ]
    );
}

#[test]
fn front_ends_only_parse_and_render() {
    // Front ends reach the engines through the workspace pipeline, never directly.
    let all = graph();
    // and never through each other: the language server does not call the command line.
    let engines = ["lint", "diff", "git", "baseline"];
    let front_ends = ["cli", "server"];
    let mut found = Vec::new();
    for (from, tos) in &all {
        let Some(front) = from.first().filter(|f| front_ends.contains(&f.as_str())) else {
            continue;
        };
        for to in tos {
            let Some(top) = to.first() else { continue };
            // `ppcert server` is a command: its launcher (cli::server) starts the server, and
            // nothing else in either front end reaches the other.
            let launcher = from.join("::") == "cli::server" && top == "server";
            let other_front = front_ends.contains(&top.as_str()) && top != front && !launcher;
            if engines.contains(&top.as_str()) || other_front {
                found.push(format!("{} uses {top}", from.join("::")));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a front end reaches past the workspace:\n{}",
        found.join("\n")
    );
}
