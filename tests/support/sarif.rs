//! The official SARIF 2.1.0 schema, to validate what ppcert writes.

use std::fs;
use std::path::Path;
use std::process::Command;

/// The official SARIF 2.1.0 schema, as the serde-sarif crate ships it.
pub fn sarif_schema() -> serde_json::Value {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dev-dependency")["manifest_path"]
        .as_str()
        .unwrap()
        .to_owned();
    let schema = Path::new(&manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(schema).unwrap()).unwrap();
    // The official file's `language` patterns have a stray `]` (`...{2}]?$`), which jsonschema's
    // meta-schema check rejects as a regex; repair that one pattern as the spec text intends.
    fn repair(v: &mut serde_json::Value, repaired: &mut usize) {
        match v {
            serde_json::Value::String(s) if s == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" => {
                *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
                *repaired += 1;
            }
            serde_json::Value::Object(m) => m.values_mut().for_each(|v| repair(v, repaired)),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| repair(v, repaired)),
            _ => {}
        }
    }
    let mut repaired = 0;
    repair(&mut schema, &mut repaired);
    assert!(repaired > 0, "the schema changed: revisit this repair");
    schema
}

/// The schema's complaints about `sarif`, empty when it is valid.
#[allow(dead_code)]
pub fn sarif_errors(validator: &jsonschema::Validator, sarif: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}
