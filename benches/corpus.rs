//! `cargo bench --bench corpus`: lint speed over the real connectors in `../shared/corpus` (or
//! `$PPCERT_CORPUS`).
//!
//! Reports, on this machine:
//! - the whole corpus through the release binary, wall time (best and median of 5) and peak memory
//!   (via `/usr/bin/time` when present);
//! - the whole corpus in-process (no process start, no output);
//! - one connector through the binary, including process start (median of 30).
//!
//! Figures only: there are no timing assertions anywhere in the tests.

mod common;
use common::{corpus, ms, stats, time_binary};
use ppcert::connector::{Connector, discover};
use ppcert::lint::{RuleSelector, RuleSet, lint};
use rayon::prelude::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn peak_memory_kb(args: &[&str]) -> Option<u64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let out = Command::new(time)
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The corpus committed into a fresh repository with one connector then edited, as a CI job on a
/// pull request sees it: `--changed-since` must answer without looking at the other connectors.
fn changed_since_run(corpus: &Path) -> (Duration, Duration, usize) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    copy_dir(corpus, root);
    let repo = git2::Repository::init(root).expect("init");
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let sig = git2::Signature::now("Bench", "bench@example.com").expect("sig");
    repo.commit(Some("HEAD"), &sig, &sig, "corpus", &tree, &[])
        .expect("commit");
    let edited = root.join("certified-connectors/1Me Corporate/apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&edited).expect("read");
    std::fs::write(
        &edited,
        text.replacen(
            "\"1Me Corporate\"",
            "\"1Me Corporate Directory Services\"",
            1,
        ),
    )
    .expect("write");
    let bin = env!("CARGO_BIN_EXE_ppcert");
    let out = Command::new(bin)
        .args(["lint", "--format", "json", "--changed-since", "HEAD"])
        .current_dir(root)
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let linted = report["summary"]["connectors"].as_u64().unwrap_or(0) as usize;
    let samples = (0..15)
        .map(|_| {
            let start = Instant::now();
            Command::new(bin)
                .args(["lint", "--format", "json", "--changed-since", "HEAD"])
                .current_dir(root)
                .stdout(Stdio::null())
                .status()
                .expect("runs");
            start.elapsed()
        })
        .collect();
    let (best, median) = stats(samples);
    (best, median, linted)
}

fn main() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let dir_s = dir.to_str().expect("utf-8 path");
    let targets = discover(&dir).expect("corpus readable");
    let set = RuleSet::new(&RuleSelector::default());

    let mut findings = 0;
    let in_process: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            findings = targets
                .par_iter()
                .map(|t| lint(&Connector::load(t, None), &set).len())
                .sum::<usize>();
            start.elapsed()
        })
        .collect();
    let (ip_best, ip_median) = stats(in_process);

    let (full_best, full_median) = time_binary(&["lint", "--format", "json", dir_s], 5);
    let (stat_best, stat_median) = time_binary(&["lint", "--statistics", dir_s], 5);
    let peak = peak_memory_kb(&["lint", "--format", "json", dir_s]);

    // A mid-sized real connector, as a pre-commit hook or a CI gate would lint it.
    let mut sizes: Vec<(u64, &Path)> = targets
        .iter()
        .filter_map(|t| {
            let size = std::fs::metadata(t.folder.join("apiDefinition.swagger.json"))
                .ok()?
                .len();
            Some((size, t.folder.as_path()))
        })
        .collect();
    sizes.sort();
    let (median_size, one) = sizes[sizes.len() / 2];
    let (largest_size, largest) = *sizes.last().expect("connectors");
    let one_s = one.to_str().expect("utf-8");
    let (one_best, one_median) = time_binary(&["lint", "--format", "json", one_s], 30);
    let (big_best, big_median) = time_binary(
        &["lint", "--format", "json", largest.to_str().expect("utf-8")],
        10,
    );

    let (cs_best, cs_median, cs_linted) = changed_since_run(&dir);

    println!(
        "ppcert benchmark over {} connectors ({findings} findings), {} threads",
        targets.len(),
        rayon::current_num_threads()
    );
    println!(
        "  whole corpus, binary, --format json   best {}  median {}",
        ms(full_best),
        ms(full_median)
    );
    println!(
        "  whole corpus, binary, --statistics    best {}  median {}",
        ms(stat_best),
        ms(stat_median)
    );
    println!(
        "  whole corpus, in-process              best {}  median {}",
        ms(ip_best),
        ms(ip_median)
    );
    if let Some(kb) = peak {
        println!(
            "  whole corpus, peak memory (max RSS)   {:.1} MB",
            kb as f64 / 1024.0
        );
    }
    println!(
        "  one connector ({median_size} B definition), process start included  best {}  median {}",
        ms(one_best),
        ms(one_median)
    );
    println!(
        "  --changed-since HEAD, corpus committed to git, one connector edited ({cs_linted} linted)  best {}  median {}",
        ms(cs_best),
        ms(cs_median)
    );
    println!(
        "  largest connector ({largest_size} B definition)                    best {}  median {}",
        ms(big_best),
        ms(big_median)
    );
}
