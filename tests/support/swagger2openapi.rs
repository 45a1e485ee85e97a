//! swagger2openapi, the independent Swagger 2.0 → OpenAPI 3 converter (npm, pinned by
//! `.ci/tools/swagger2openapi/package-lock.json`), installed on first use by
//! `.ci/tools/install-swagger2openapi` into `target/ci-tools/swagger2openapi`.
//!
//! When node, npm or the install is not available the tests using it are skipped with a message
//! saying why; with `PPCERT_REQUIRE_SWAGGER2OPENAPI=1` (set by `.ci/run`) they fail instead, so
//! CI never passes by skipping.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary() -> PathBuf {
    root().join("target/ci-tools/swagger2openapi/node_modules/.bin/swagger2openapi")
}

/// The converter's path, or why it is unavailable.
fn install() -> Result<PathBuf, String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node is not installed".into());
    }
    // The script does nothing when the pinned install is already there.
    let script = root().join(".ci/tools/install-swagger2openapi");
    let out = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed (npm or the registry unavailable?): {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let bin = binary();
    if !bin.exists() {
        return Err(format!("{} is missing after the install", bin.display()));
    }
    Ok(bin)
}

/// The converter, installed once per test binary; `None` (after printing why) when the test
/// should be skipped.
pub fn available(test: &str) -> Option<&'static Path> {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match INSTALLED.get_or_init(install) {
        Ok(p) => Some(p.as_path()),
        Err(why) => {
            if std::env::var_os("PPCERT_REQUIRE_SWAGGER2OPENAPI").is_some_and(|v| v == "1") {
                panic!(
                    "{test}: swagger2openapi is required (PPCERT_REQUIRE_SWAGGER2OPENAPI=1) but unavailable: {why}"
                );
            }
            eprintln!("skipped {test}: swagger2openapi is unavailable: {why}");
            None
        }
    }
}

/// Converts a Swagger 2.0 definition into an OpenAPI 3 document at `out`, as the breaking-change
/// reference did (`--patch --warnOnly`: small errors of the source fixed, the rest left as
/// warnings). Returns the converter's error output when it fails.
pub fn convert(bin: &Path, definition: &Path, out: &Path) -> Result<(), String> {
    let o = Command::new(bin)
        .args(["--patch", "--warnOnly", "-o"])
        .arg(out)
        .arg(definition)
        .output()
        .map_err(|e| e.to_string())?;
    if o.status.success() && out.exists() {
        Ok(())
    } else {
        let err = String::from_utf8_lossy(&o.stderr);
        let first = err
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no output");
        Err(format!("exit {:?}: {first}", o.status.code()))
    }
}
