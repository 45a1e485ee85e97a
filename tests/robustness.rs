//! "A value of the wrong type anywhere": every value of the sample definitions and properties is
//! replaced, one at a time, by a value of each other JSON type, and every rule runs on the result.
//! Nothing may panic.

use ppcert::connector::{Connector, Profile, discover};
use ppcert::json;
use ppcert::lint::{RuleSelector, RuleSet, lint};
use std::path::Path;

const REPLACEMENTS: [&str; 6] = [
    "null",
    "7",
    "\"\"",
    "[]",
    "{}",
    "{\"$ref\": \"#/definitions/Nope\"}",
];

fn mutate_and_lint(sample: &Path, file: &str, profile: Profile) -> usize {
    let original = std::fs::read_to_string(sample.join(file)).unwrap();
    let doc = json::parse(original.clone()).map_err(|(e, _)| e).unwrap();
    let spans: Vec<(usize, usize)> = doc
        .root()
        .descendants()
        .skip(1)
        .map(|n| (n.span().start as usize, n.span().end as usize))
        .collect();
    let set = RuleSet::new(&RuleSelector::default());
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(sample).unwrap().flatten() {
        std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
    }
    let target = discover(tmp.path()).unwrap().pop().unwrap();
    let mut runs = 0;
    for (start, end) in spans {
        for replacement in REPLACEMENTS {
            let mutated = format!("{}{}{}", &original[..start], replacement, &original[end..]);
            std::fs::write(tmp.path().join(file), &mutated).unwrap();
            let connector = Connector::load(&target, Some(profile));
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lint(&connector, &set)));
            assert!(
                result.is_ok(),
                "panic with {file} bytes {start}..{end} replaced by {replacement}"
            );
            runs += 1;
        }
    }
    runs
}

#[test]
fn every_value_of_every_type_anywhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let certified = root.join("certified-connectors/Contoso Tasks");
    let ip = root.join("independent-publisher-connectors/Fabrikam Weather");
    let mut runs = 0;
    runs += mutate_and_lint(&certified, "apiDefinition.swagger.json", Profile::Certified);
    runs += mutate_and_lint(&certified, "apiProperties.json", Profile::Certified);
    runs += mutate_and_lint(
        &ip,
        "apiDefinition.swagger.json",
        Profile::IndependentPublisher,
    );
    assert!(runs > 1000, "{runs}");
}

/// The same mutations, compared with `ppcert diff` both ways: the mutated definition as the new
/// version and as the old one. Nothing may panic.
#[test]
fn diff_survives_every_value_of_every_type_anywhere() {
    use ppcert::connector::{FileKind, JsonFile};
    use ppcert::diff::source::{Who, compare_files};
    use ppcert::diff::{DiffRuleSet, Reading};

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let set = DiffRuleSet::new(&RuleSelector::default());
    let mut runs = 0;
    for (sample, profile) in [
        ("certified-connectors/Contoso Tasks", Profile::Certified),
        (
            "independent-publisher-connectors/Fabrikam Weather",
            Profile::IndependentPublisher,
        ),
    ] {
        let path = root.join(sample).join("apiDefinition.swagger.json");
        let original = std::fs::read_to_string(&path).unwrap();
        let doc = json::parse(original.clone()).map_err(|(e, _)| e).unwrap();
        let file = |text: String| {
            JsonFile::from_bytes(
                FileKind::Swagger,
                &path,
                "x".into(),
                text.into_bytes(),
                &mut Vec::new(),
            )
        };
        let base = file(original.clone());
        let who = Who {
            connector: sample,
            profile,
            props: None,
        };
        for node in doc.root().descendants().skip(1) {
            let (start, end) = (node.span().start as usize, node.span().end as usize);
            for replacement in REPLACEMENTS {
                let mutated = file(format!(
                    "{}{}{}",
                    &original[..start],
                    replacement,
                    &original[end..]
                ));
                for (old, new) in [(&base, &mutated), (&mutated, &base)] {
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        compare_files(&who, Some(old), new, &[], &set, Reading::Validator)
                    }));
                    assert!(
                        result.is_ok(),
                        "diff panicked with {sample} bytes {start}..{end} replaced by {replacement}"
                    );
                    runs += 1;
                }
            }
        }
    }
    assert!(runs > 2000, "{runs}");
}
