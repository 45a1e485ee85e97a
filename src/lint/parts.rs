//! One large connector's lint shared out among threads: the rules of the files, the walk of the
//! definition's nodes and each rule over the whole definition are parts that the threads take
//! in turn, heaviest first, each whole on one thread. An editor, a hook or `ppcert lint
//! <folder>` waits for one connector alone; a run over many keeps the cores busy already, but
//! its largest connectors would leave one idle at the end.

use super::{Applicable, Dispatch, lint_files, run_rules, walk_nodes};
use crate::connector::Connector;
use crate::diagnostic::Diagnostic;
use crate::rules::Checker;
use crate::swagger::Swagger;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The threads a run may use: `RAYON_NUM_THREADS` when set, as for the pool, else one per core.
/// Asking rayon would start its global pool (two thread spawns, a quarter of a millisecond) only
/// to read a number.
pub(crate) fn worker_count() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
}

/// The definition size from which a second thread pays for itself, and from which each further
/// one may. Measured on a 2-core VM, where a new thread often shares its starter's core for the
/// first half-millisecond: connectors of 130 KB (6 ms) ran as fast on two threads as on one,
/// of 190 KB 16 % faster, of 260 KB to 1 MB 10 to 18 % faster (docs/scaling.md).
const BYTES_PER_THREAD: u64 = 160 * 1024;

/// At most this many threads for one connector: past it the heaviest rule alone sets the time.
const MAX_THREADS: usize = 4;

/// How many threads a connector with a definition of `size` bytes is linted on, when nothing
/// else is linted meanwhile.
pub(super) fn threads_for(size: u64) -> usize {
    let useful = (1 + size / BYTES_PER_THREAD).min(MAX_THREADS as u64) as usize;
    // Most connectors want one thread: they need not ask how many cores there are, which
    // reads the process's cgroup files.
    if useful == 1 {
        return 1;
    }
    useful.min(worker_count())
}

/// A part of a connector's lint that runs whole on one thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The rules of the files as a whole and of apiProperties.json.
    Files,
    /// The rules of the definition's nodes, in one walk.
    Nodes,
    /// One rule over the whole definition: `Dispatch::document[i]`.
    Document(usize),
}

/// Thousandths of the median connector's lint (callgrind, docs/scaling.md) that the files'
/// rules and the nodes' walk take.
const FILES_WEIGHT: u16 = 150;
const NODES_WEIGHT: u16 = 255;

/// The parts of a connector's lint, heaviest first.
fn parts(d: &Dispatch<Applicable>) -> Vec<Part> {
    let mut parts = vec![(FILES_WEIGHT, Part::Files)];
    if d.walks_nodes() {
        parts.push((NODES_WEIGHT, Part::Nodes));
    }
    for (i, (_, check)) in d.document.iter().enumerate() {
        parts.push((check.weight(), Part::Document(i)));
    }
    // Stable: parts of equal weight keep the registry's order.
    parts.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    parts.into_iter().map(|(_, part)| part).collect()
}

/// Lints `connector` on `threads` threads, the calling one included (on one, no thread is
/// started). The definition's view is built once, by the first part that needs it.
pub(super) fn lint_in_parts(
    connector: &Connector,
    d: &Dispatch<Applicable>,
    threads: usize,
) -> Vec<Diagnostic> {
    let parts = if d.needs_swagger() {
        parts(d)
    } else {
        vec![Part::Files]
    };
    let swagger: OnceLock<Option<Swagger>> = OnceLock::new();
    let swagger = || {
        swagger
            .get_or_init(|| connector.swagger.as_ref().and_then(Swagger::new))
            .as_ref()
    };
    let next = AtomicUsize::new(0);
    let work = || {
        let mut cx = Checker::new(connector);
        let mut files = Vec::new();
        while let Some(part) = parts.get(next.fetch_add(1, Ordering::Relaxed)) {
            match *part {
                Part::Files => files = lint_files(connector, d),
                Part::Nodes => {
                    if let Some(sw) = swagger() {
                        walk_nodes(&mut cx, sw, d);
                    }
                }
                Part::Document(i) => {
                    if let Some(sw) = swagger() {
                        run_rules(&mut cx, &d.document[i..=i], &mut |r, cx| r.document(cx, sw));
                    }
                }
            }
        }
        let mut found = cx.finish();
        found.extend(files);
        found
    };
    let threads = threads.min(parts.len());
    if threads == 1 {
        return work();
    }
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut found = work();
        for helper in helpers {
            found.extend(
                helper
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        found
    })
}

#[cfg(test)]
mod tests {
    use super::{Part, lint_in_parts, parts, threads_for};
    use crate::connector::{Connector, discover};
    use crate::lint::{RuleSelector, RuleSet, lint_definition, lint_files, sorted_once};
    use crate::rules::util::test_files::corpus;
    use std::path::Path;

    /// Findings as text, in the order `lint` gives them.
    fn shown(found: Vec<crate::diagnostic::Diagnostic>) -> Vec<String> {
        sorted_once(found)
            .iter()
            .map(|d| format!("{d:?}"))
            .collect()
    }

    /// However many threads take the parts, and whichever takes which, the findings are those
    /// of one thread running the rules in the registry's order.
    #[test]
    fn parts_on_any_number_of_threads_find_what_one_thread_does() {
        let set = RuleSet::new(&RuleSelector::default());
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut targets = discover(&samples).unwrap();
        // Every 20th connector of the corpus too, when it is there: large ones, scripts, OAuth.
        if let Ok(found) = discover(&corpus()) {
            targets.extend(found.into_iter().step_by(20));
        }
        assert!(targets.len() >= 4);
        let mut with_findings = 0;
        for target in &targets {
            let connector = Connector::load(target, None);
            let d = &set.dispatch(connector.profile).applying_to(&connector);
            let mut one = lint_definition(&connector, d);
            one.extend(lint_files(&connector, d));
            let one = shown(one);
            with_findings += usize::from(!one.is_empty());
            for threads in 1..=4 {
                let split = shown(lint_in_parts(&connector, d, threads));
                assert_eq!(split, one, "{} on {threads}", target.folder.display());
            }
        }
        assert!(with_findings > 0, "no connector had a finding to compare");
    }

    #[test]
    fn heaviest_parts_come_first_and_each_rule_is_one_part() {
        let set = RuleSet::new(&RuleSelector::default());
        let target = &discover(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")).unwrap()[0];
        let connector = Connector::load(target, None);
        let d = &set.dispatch(connector.profile).applying_to(&connector);
        let parts = parts(d);
        let documents = parts
            .iter()
            .filter(|p| matches!(p, Part::Document(_)))
            .count();
        assert_eq!(documents, d.document.len());
        assert!(parts.contains(&Part::Files) && parts.contains(&Part::Nodes));
        let spelling = d
            .document
            .iter()
            .position(|(e, _)| e.meta.id == "spelling")
            .expect("spelling applies to the sample");
        assert_eq!(parts[0], Part::Document(spelling));
    }

    #[test]
    fn small_definitions_stay_on_one_thread() {
        assert_eq!(threads_for(0), 1);
        assert_eq!(threads_for(32 * 1024), 1);
        for size in [200 << 10, 1 << 20, 100 << 20] {
            let threads = threads_for(size);
            assert!((1..=super::MAX_THREADS).contains(&threads));
            assert!(threads <= super::worker_count());
        }
    }
}
