//! What the benchmarks share: where the corpus is, and how samples are summarised and shown.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `../shared/corpus`, or the folder named by `PPCERT_CORPUS`, when it exists.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// The best and the median of the samples.
pub fn stats(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[0], samples[samples.len() / 2])
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    // Two decimals where one would hide a difference (a one-connector run, `--version`).
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// Runs the release binary `runs` times; best and median wall time, process start included.
#[allow(dead_code)] // not every bench runs the binary this way
pub fn time_binary(args: &[&str], runs: usize) -> (Duration, Duration) {
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            Command::new(env!("CARGO_BIN_EXE_ppcert"))
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
