//! ## What it checks
//! In an unpacked solution: that every file a `Connectors/<name>.xml` names exists in
//! `Connectors/`. The XML keeps the zip's paths (`/Connector/<name>_openapidefinition.json`)
//! while SolutionPackager stores the files in `Connectors/`; both places are looked at.
//!
//! ## Why it matters
//! Unpack/pack round trips have lost connector files: old CoreTools unpacked a connector without
//! its `_openapidefinition`, `_connectionparameters` and `_policytemplateinstances` files (I9),
//! and a missing file makes the packed zip fail to import ("File Not Found", I8). Teams also
//! post-process unpacked files and can drop one.
//!
//! ## Example
//! `Connectors/cts_contoso.xml` naming `/Connector/cts_contoso_connectionparameters.json`, and no
//! `Connectors/cts_contoso_connectionparameters.json`.
//!
//! Use instead: unpack the solution again with a current `pac` CLI and commit every file it
//! writes.
//!
//! ## Fix safety
//! No fix: the missing file comes only from unpacking the solution again; ppcert cannot recreate it.
//!
//! ## References
//! - <https://github.com/microsoft/powerplatform-build-tools/issues/882>
//! - <https://github.com/scottdurow/SparkleXrm/issues/345>
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-packager-tool>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SrcConnectorFiles;

impl SolutionRule for SrcConnectorFiles {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in input.solutions.iter().filter(|s| s.unpacked) {
            for c in &s.connectors {
                for (field, v) in &c.missing_files {
                    let named = v.trimmed().trim_start_matches('/');
                    let file = named.split_once('/').map(|(_, rest)| rest).unwrap_or(named);
                    cx.report_at(
                        v.loc,
                        format!(
                            "the connector `{}` names its `{field}` file `{}`, but `Connectors/{file}` is not in the unpacked solution",
                            c.name,
                            v.trimmed()
                        ),
                    )
                    .help("unpack the solution again with a current `pac` CLI and commit every file it writes");
                }
            }
        }
    }
}
