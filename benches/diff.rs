//! `cargo bench --bench diff`: `ppcert diff` speed over the real connectors in `../shared/corpus`
//! (or `$PPCERT_CORPUS`).
//!
//! Reports, on this machine:
//! - the largest definition of the corpus (about 1 MB) against an edited copy of itself (one
//!   operation removed, a parameter retyped), in-process with both parses included, and through
//!   the release binary including process start;
//! - the same definition against a copy where every definition's properties are renamed (nothing
//!   is the same below the operations: the walk cannot skip anything);
//! - a self-diff of the whole corpus, in-process and through the binary
//!   (`ppcert diff CORPUS CORPUS`, connectors paired by path).
//!
//! Figures only: there are no timing assertions anywhere in the tests.

mod common;
use common::{corpus, ms, stats, time_binary};
use ppcert::connector::{FileKind, JsonFile, Profile, discover};
use ppcert::diff::source::{Who, compare_files, definition_of};
use ppcert::diff::{DiffRuleSet, Reading};
use ppcert::lint::RuleSelector;
use rayon::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

fn file(path: &Path, text: &str) -> JsonFile {
    JsonFile::from_bytes(
        FileKind::Swagger,
        path,
        path.display().to_string(),
        text.as_bytes().to_vec(),
        &mut Vec::new(),
    )
}

/// Parses both texts and compares them, as `ppcert diff OLD NEW` does for one connector.
fn compare(path: &Path, old: &str, new: &str, set: &DiffRuleSet) -> usize {
    let (old, new) = (file(path, old), file(path, new));
    let who = Who {
        connector: "bench",
        profile: Profile::Certified,
        props: None,
    };
    compare_files(&who, Some(&old), &new, &[], set, Reading::Validator)
        .diagnostics
        .len()
}

fn time_in_process(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut n = 0;
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            n = f();
            start.elapsed()
        })
        .collect();
    let (best, med) = stats(samples);
    (best, med, n)
}

/// One operation removed and one query parameter retyped.
fn edited(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        if let Some(first) = paths.keys().next().cloned() {
            paths.remove(&first);
        }
        'retype: for item in paths.values_mut() {
            for op in item
                .as_object_mut()
                .into_iter()
                .flat_map(|o| o.values_mut())
            {
                for p in op
                    .get_mut("parameters")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    if p.get("type").and_then(Value::as_str) == Some("string") {
                        p["type"] = "integer".into();
                        break 'retype;
                    }
                }
            }
        }
    }
    doc
}

/// Every property of every definition renamed: nothing below the operations stays the same.
fn renamed(doc: &Value) -> Value {
    let mut doc = doc.clone();
    if let Some(defs) = doc.get_mut("definitions").and_then(Value::as_object_mut) {
        for def in defs.values_mut() {
            if let Some(props) = def.get_mut("properties").and_then(Value::as_object_mut) {
                let renamed: serde_json::Map<String, Value> = std::mem::take(props)
                    .into_iter()
                    .map(|(k, v)| (format!("{k}2"), v))
                    .collect();
                *props = renamed;
            }
        }
    }
    doc
}

fn main() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let set = DiffRuleSet::new(&RuleSelector::default());
    let definitions: Vec<PathBuf> = discover(&dir)
        .expect("corpus readable")
        .iter()
        .filter_map(definition_of)
        .collect();
    let texts: Vec<(PathBuf, String)> = definitions
        .iter()
        .filter_map(|p| Some((p.clone(), std::fs::read_to_string(p).ok()?)))
        .collect();
    let (largest, text) = texts
        .iter()
        .max_by_key(|(_, t)| t.len())
        .expect("definitions");
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("json");
    let edited_text = serde_json::to_string_pretty(&edited(&value)).expect("json");
    let renamed_text = serde_json::to_string_pretty(&renamed(&value)).expect("json");
    let tmp = tempfile::tempdir().expect("tempdir");
    let edited_path = tmp.path().join("edited.swagger.json");
    std::fs::write(&edited_path, &edited_text).expect("write");

    let (e_best, e_med, e_n) = time_in_process(30, || compare(largest, text, &edited_text, &set));
    let (r_best, r_med, r_n) = time_in_process(10, || compare(largest, text, &renamed_text, &set));
    let largest_s = largest.to_str().expect("utf-8");
    let edited_s = edited_path.to_str().expect("utf-8");
    let (b_best, b_med) = time_binary(&["diff", "--format", "json", largest_s, edited_s], 15);

    let (c_best, c_med, c_n) = time_in_process(5, || {
        texts
            .par_iter()
            .map(|(p, t)| compare(p, t, t, &set))
            .sum::<usize>()
    });
    let dir_s = dir.to_str().expect("utf-8");
    let (cb_best, cb_med) = time_binary(&["diff", "--format", "json", dir_s, dir_s], 5);

    println!(
        "ppcert diff benchmark, {} definitions, {} threads",
        texts.len(),
        rayon::current_num_threads()
    );
    println!(
        "  largest definition ({} B) vs edited copy, in-process, parses included  best {}  median {}  ({e_n} findings)",
        text.len(),
        ms(e_best),
        ms(e_med)
    );
    println!(
        "  same, through the binary (process start included)                      best {}  median {}",
        ms(b_best),
        ms(b_med)
    );
    println!(
        "  largest definition vs every property renamed, in-process               best {}  median {}  ({r_n} findings)",
        ms(r_best),
        ms(r_med)
    );
    println!(
        "  whole corpus self-diff, in-process                                     best {}  median {}  ({c_n} findings)",
        ms(c_best),
        ms(c_med)
    );
    println!(
        "  whole corpus self-diff, binary (ppcert diff CORPUS CORPUS)             best {}  median {}",
        ms(cb_best),
        ms(cb_med)
    );
}
