//! The real connectors of microsoft/PowerPlatformConnectors (`../shared/corpus`, or the folder named
//! by `PPCERT_CORPUS`): every connector gets a result and nothing panics. Skipped where absent.

use ppcert::connector::{Connector, discover};
use ppcert::lint::{RuleSelector, RuleSet, lint};
use rayon::prelude::*;
use std::path::PathBuf;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

#[test]
fn every_corpus_connector_gets_a_result() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let targets = discover(&dir).unwrap();
    assert!(
        targets.len() >= 1000,
        "found only {} connectors in {}",
        targets.len(),
        dir.display()
    );
    let set = RuleSet::new(&RuleSelector::default());
    let results: Vec<Result<usize, String>> = targets
        .par_iter()
        .map(|t| {
            let connector = Connector::load(t, None);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                lint(&connector, &set).len()
            }))
            .map_err(|_| t.folder.display().to_string())
        })
        .collect();
    let panics: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        panics.is_empty(),
        "panicked on {} connectors: {panics:?}",
        panics.len()
    );
    assert_eq!(results.len(), targets.len());
    let findings: usize = results.iter().filter_map(|r| r.as_ref().ok()).sum();
    assert!(findings > 0, "the corpus has known legacy findings");
}

/// `--shard i/n` over the whole corpus: the shards' findings together are the whole run's.
#[test]
fn corpus_shards_together_are_the_whole_run() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let run = |extra: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_ppcert"))
            .args(["lint", "--isolated", "--format", "json"])
            .arg(&dir)
            .args(extra)
            .output()
            .expect("ppcert runs");
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let mut lines: Vec<String> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| d.to_string())
            .collect();
        lines.sort();
        (
            lines,
            report["summary"]["connectors"].as_u64().expect("count"),
        )
    };
    let (whole, connectors) = run(&[]);
    let mut union = Vec::new();
    let mut checked = 0;
    for shard in ["1/3", "2/3", "3/3"] {
        let (lines, n) = run(&["--shard", shard]);
        assert!(n > 0 && n < connectors, "shard {shard}: {n} connectors");
        union.extend(lines);
        checked += n;
    }
    union.sort();
    assert_eq!(checked, connectors);
    assert!(
        union == whole,
        "the shards' findings differ from the whole run's"
    );
}

/// A connector linted outside the repository layout (its author's own repository) is judged
/// under the profile its files point to. Over the corpus, where the folder says which track
/// each connector is in, the files never point to the other submission track: no independent
/// publisher's look certified, and no certified connector's look an independent publisher's
/// unless it uses the independent publishers' brand colour.
#[test]
fn the_profile_inferred_from_the_files_is_the_track_of_the_folder() {
    use ppcert::connector::Profile;
    use ppcert::connector::profile::{from_path, infer};
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let targets = discover(&dir).unwrap();
    let mut wrong = Vec::new();
    let mut agreed = 0;
    for t in &targets {
        let Some((track, _)) = from_path(&t.folder) else {
            continue;
        };
        let connector = Connector::load(t, None);
        let (inferred, why) = infer(&connector);
        let ip_colour = why.contains("brand colour #da3b01");
        let crossed = match (track, inferred) {
            (Profile::IndependentPublisher, Profile::Certified) => true,
            (Profile::Certified, Profile::IndependentPublisher) => !ip_colour,
            _ => false,
        };
        if crossed {
            wrong.push(format!(
                "{}: {} ({why})",
                t.folder.display(),
                inferred.as_str()
            ));
        } else if track == inferred {
            agreed += 1;
        }
    }
    assert!(wrong.is_empty(), "{} crossed: {wrong:#?}", wrong.len());
    // Most connectors carry their track's metadata; the rest are old ones inferred custom.
    assert!(
        agreed * 10 >= targets.len() * 9,
        "{agreed} of {} agreed",
        targets.len()
    );
}
