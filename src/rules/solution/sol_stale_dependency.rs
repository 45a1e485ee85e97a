//! ## What it checks
//! In a certification package: that every missing dependency on a connector (type 372 or 371)
//! names a connector of the package, by its `name` or its `connectorid`. A dependency on any
//! other connector is stale.
//!
//! ## Why it matters for certification
//! A flow solution that depends on another connector was once bound to it: an older copy, or a
//! connector re-created under another publisher. The import needs that connector, which the
//! certification environment doesn't have. The one merged package where connector ids didn't
//! all agree (GitHub Repo Files, #3290) depended on `new_github-20data` beside the shipped
//! `tst_github-20data`; it was merged, so this is a warning.
//!
//! ## Example
//! ```xml
//! <Required type="372" schemaName="new_contoso" id="{9b1e…}" solution="Active" />
//! ```
//! in a package whose connector is `cts_contoso`.
//!
//! Use instead: remove what still uses the old connector from the flow solution (or rebind it
//! to the packaged connector), then export it again.
//!
//! ## Fix safety
//! No fix: the dependency goes when what uses the old connector is removed or rebound in the environment and the solution exported again; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3290>
use crate::rules::util::solutions::{is_connector_type, label, package_solutions};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;
use crate::solution::model::normalize_guid;

pub struct SolStaleDependency;

impl SolutionRule for SolStaleDependency {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let connectors: Vec<(String, Option<String>)> = package_solutions(input)
            .flat_map(|s| s.connectors.iter())
            .map(|c| (c.name.to_ascii_lowercase(), c.xml.id()))
            .collect();
        for s in package_solutions(input) {
            let Some(m) = &s.manifest else { continue };
            for dep in &m.missing_dependencies {
                let Some(req) = &dep.required else { continue };
                if !req.kind.as_deref().is_some_and(is_connector_type) {
                    continue;
                }
                let name = req
                    .schema_name
                    .as_deref()
                    .map(|n| n.trim().to_ascii_lowercase());
                let id = req.id.as_deref().map(normalize_guid);
                let known = connectors.iter().any(|(n, i)| {
                    name.as_deref() == Some(n.as_str())
                        || (id.is_some() && i.as_ref() == id.as_ref())
                });
                if known {
                    continue;
                }
                let shipped = connectors
                    .iter()
                    .map(|(n, _)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let shipped = if shipped.is_empty() {
                    "the package ships no connector".to_owned()
                } else {
                    format!("the package ships {shipped}")
                };
                cx.report_at(
                    req.loc,
                    format!(
                        "{} depends on the connector `{}` ({}), which is not in the package; {shipped}",
                        label(s),
                        req.name(),
                        id.as_deref().unwrap_or("no id")
                    ),
                )
                .help("remove or rebind what still uses that connector (usually an old connection reference) and export the solution again");
            }
        }
    }
}
