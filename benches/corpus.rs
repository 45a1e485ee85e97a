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

use ppcert::connector::{Connector, discover};
use ppcert::lint::{RuleSelector, RuleSet, lint};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[0], samples[samples.len() / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn time_binary(args: &[&str], runs: usize) -> (Duration, Duration) {
    let bin = env!("CARGO_BIN_EXE_ppcert");
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            Command::new(bin)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("runs");
            start.elapsed()
        })
        .collect();
    stats(samples)
}

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
        "  largest connector ({largest_size} B definition)                    best {}  median {}",
        ms(big_best),
        ms(big_median)
    );
}
