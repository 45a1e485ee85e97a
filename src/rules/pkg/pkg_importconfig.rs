//! ## What it checks
//! When the package is a Package Deployer build with an `ImportConfig.xml` in its assets
//! folder: that the file parses (UTF-8 or UTF-16), that every `configsolutionfile` it lists
//! (`solutionpackagefilename`) is a solution zip of the assets folder, and that the connector
//! solution is listed before the flow solution. A solution zip of the assets folder the file
//! doesn't list is a warning: Package Deployer will not import it.
//!
//! Packages without `ImportConfig.xml` (21 of the 22 merged packages) are not judged.
//!
//! ## Why it matters for certification
//! Package Deployer imports the solutions `ImportConfig.xml` lists, in document order (D16). A
//! name that is not in the folder fails the deployment, and a flow solution imported before its
//! connector can't bind its connection reference. The one merged Package Deployer package
//! (Deliverea, #4100) lists the connector solution first.
//!
//! ## Example
//! ```xml
//! <configdatastorage>
//!   <solutions>
//!     <configsolutionfile solutionpackagefilename="FlowSolution.zip" />
//!     <configsolutionfile solutionpackagefilename="ConnectorSolution.zip" />
//!   </solutions>
//! </configdatastorage>
//! ```
//! Use instead: `ConnectorSolution.zip` first, then `FlowSolution.zip`.
//!
//! ## Fix safety
//! No fix: ppcert reads packages in memory and never rewrites them; correct `ImportConfig.xml` in the Package Deployer project and build again.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/importconfig-reference>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4100>
use crate::diagnostic::Severity;
use crate::rules::util::solutions::{Role, package_solutions, role};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgImportconfig;

impl SolutionRule for PkgImportconfig {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for p in input
            .problems
            .iter()
            .filter(|p| p.rule == "pkg-importconfig")
        {
            cx.report_problem(&p.at, p.message.clone())
                .help("save `ImportConfig.xml` as well-formed XML in UTF-8 (or UTF-16 with a byte-order mark)");
        }
        let Some(inner) = input.package.as_ref().and_then(|p| p.inner.as_ref()) else {
            return;
        };
        let (Some(config), Some(assets)) = (&inner.import_config, &inner.assets) else {
            return;
        };
        let role_of = |name: &str| {
            package_solutions(input)
                .find(|s| {
                    s.file_name
                        .as_deref()
                        .is_some_and(|f| f.eq_ignore_ascii_case(name))
                })
                .map(role)
        };
        let mut connector_seen = false;
        let has_connector_listed = config
            .solutions
            .iter()
            .any(|v| role_of(v.trimmed()) == Some(Role::Connector));
        for v in &config.solutions {
            let name = v.trimmed();
            if !inner
                .solution_zips
                .iter()
                .any(|z| z.eq_ignore_ascii_case(name))
            {
                cx.report_at(
                    v.loc,
                    format!(
                        "`ImportConfig.xml` lists the solution `{name}`, which is not a zip in `{assets}/`; Package Deployer fails on it"
                    ),
                )
                .help(format!(
                    "list the names of the solution zips in `{assets}/` exactly, or add the missing zip"
                ));
                continue;
            }
            match role_of(name) {
                Some(Role::Connector) => connector_seen = true,
                Some(Role::Flow) if has_connector_listed && !connector_seen => {
                    cx.report_at(
                        v.loc,
                        format!(
                            "`ImportConfig.xml` imports the flow solution `{name}` before the connector solution; the flow's connection reference needs the connector to exist"
                        ),
                    )
                    .help("list the connector solution's `configsolutionfile` first");
                }
                _ => {}
            }
        }
        let unlisted: Vec<String> = inner
            .solution_zips
            .iter()
            .filter(|z| {
                !config
                    .solutions
                    .iter()
                    .any(|v| v.trimmed().eq_ignore_ascii_case(z))
            })
            .map(|z| format!("`{z}`"))
            .collect();
        if !unlisted.is_empty() {
            cx.report_at(
                config.loc,
                format!(
                    "`ImportConfig.xml` does not list {} of `{assets}/`; Package Deployer imports only the solutions it lists",
                    unlisted.join(", ")
                ),
            )
            .severity(Severity::Warning)
            .help("add a `<configsolutionfile solutionpackagefilename=\"…\" />` for each solution zip, connector solution first");
        }
    }
}
