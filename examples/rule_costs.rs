//! What each rule costs over the corpus: the connectors are loaded once, then linted in one
//! thread with each rule alone; a rule's cost is that time minus the time with a trivial rule
//! (which builds the views of the definition the rules read). Rules off by default are left out. Sorted, most expensive first.
//!
//! `cargo run --release --example rule_costs [-- <top N>]`

use ppcert::connector::{Connector, discover};
use ppcert::lint::{RuleSelector, RuleSet, lint};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn time_with(connectors: &[Connector], set: &RuleSet) -> (Duration, usize) {
    // Best of three: the figures are small and the machine is shared.
    let mut best = Duration::MAX;
    let mut findings = 0;
    for _ in 0..3 {
        let start = Instant::now();
        findings = connectors.iter().map(|c| lint(c, set).len()).sum();
        best = best.min(start.elapsed());
    }
    (best, findings)
}

fn main() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let top: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    let targets = discover(&dir).expect("corpus readable");
    let start = Instant::now();
    let connectors: Vec<Connector> = targets.iter().map(|t| Connector::load(t, None)).collect();
    let load = start.elapsed();
    let none = RuleSet::new(&RuleSelector::new(Some(vec![]), vec![]).expect("selector"));
    let (nothing, _) = time_with(&connectors, &none);
    // A rule that reads one key: the views of the definition (operations, schemas) are built.
    let views =
        RuleSelector::new(Some(vec!["swagger-version-2".into()]), vec![]).expect("selector");
    let (floor, _) = time_with(&connectors, &RuleSet::new(&views));
    let (all, total) = time_with(&connectors, &RuleSet::new(&RuleSelector::default()));
    let mut costs = Vec::new();
    for entry in ppcert::rules::all() {
        if entry.check.is_none() || !entry.meta.is_linted() || entry.meta.pedantic.is_some() {
            continue;
        }
        let sel =
            RuleSelector::new(Some(vec![entry.meta.id.to_string()]), vec![]).expect("selector");
        let (t, n) = time_with(&connectors, &RuleSet::new(&sel));
        costs.push((t.saturating_sub(floor), entry.meta.id, n));
    }
    let (judged, unknown) = ppcert::rules::util::spelling::speller().judged();
    println!("spelling: {judged} distinct words judged by the dictionaries, {unknown} unknown");
    costs.sort_by_key(|c| std::cmp::Reverse(c.0));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{} connectors, one thread", connectors.len());
    println!("  load (read + parse)             {:8.1} ms", ms(load));
    println!("  lint with no rule               {:8.1} ms", ms(nothing));
    println!(
        "  building the definition's views {:8.1} ms",
        ms(floor.saturating_sub(nothing))
    );
    println!(
        "  lint with every rule            {:8.1} ms  ({total} findings)",
        ms(all)
    );
    println!(
        "  sum of single-rule costs        {:8.1} ms",
        costs.iter().map(|c| ms(c.0)).sum::<f64>()
    );
    for (cost, id, n) in costs.iter().take(top) {
        println!("  {id:<44} {:8.1} ms  {n:>6} findings", ms(*cost));
    }
}
