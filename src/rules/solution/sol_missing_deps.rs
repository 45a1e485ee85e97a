//! ## What it checks
//! Lists each `MissingDependency` of a solution's manifest: what is required (its kind, from the
//! component type code, and its name), what needs it, and whether another solution of the
//! package provides it.
//!
//! - In a package, a dependency another solution of the package provides (the flow solution
//!   depending on the connector solution's connector or connection reference) is info.
//! - Otherwise it is a warning: the component must exist in the target environment before the
//!   solution imports.
//!
//! A dependency on a connector the package doesn't ship is `sol-stale-dependency`'s.
//!
//! ## Why it matters
//! Dataverse refuses to import a solution whose missing dependencies are not in the target
//! environment. Six of the 22 merged packages' flow solutions depend on the connector and five
//! on a connection reference, all provided by the connector solution; a dependency nothing in
//! the package provides fails in the clean environment certification uses.
//!
//! ## Example
//! A flow solution depending on `connectionreference` `cts_ContosoWidgets`, which no solution of
//! the package defines.
//!
//! Use instead: add the connection reference to the flow solution (Add existing → Connection
//! reference) and export it again.
//!
//! ## Fix safety
//! No fix: the missing component has to be added to the solution in the environment, or exist in the target; ppcert cannot supply it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-connection-reference>
use crate::diagnostic::Severity;
use crate::rules::util::solutions::{component_type_name, is_connector_type, label};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::model::{DependencySide, normalize_guid};
use crate::solution::{Input, InputKind, Solution};

pub struct SolMissingDeps;

/// Whether `s` provides the component `req` names.
fn provides(s: &Solution, req: &DependencySide) -> bool {
    let kind = req.kind.as_deref().unwrap_or("").trim();
    let names: Vec<&str> = [req.schema_name.as_deref(), req.id.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let same = |a: &str| names.iter().any(|n| n.eq_ignore_ascii_case(a));
    let same_id = |a: &str| names.iter().any(|n| normalize_guid(n) == normalize_guid(a));
    if is_connector_type(kind) {
        return s
            .connectors
            .iter()
            .any(|c| same(&c.name) || c.xml.id().is_some_and(|id| same_id(&id)));
    }
    if kind.eq_ignore_ascii_case("connectionreference") {
        return s
            .customizations
            .iter()
            .flat_map(|c| c.connection_references.iter())
            .any(|r| r.logical_name.as_ref().is_some_and(|n| same(n.trimmed())));
    }
    match kind {
        "380" => s
            .environment_variables
            .iter()
            .any(|e| same(e.name().trim())),
        "29" => s
            .workflows
            .iter()
            .any(|w| w.id.as_ref().is_some_and(|i| same_id(i.trimmed()))),
        _ => false,
    }
}

fn describe(side: &DependencySide) -> String {
    let kind = side.kind.as_deref().unwrap_or("?");
    let what = component_type_name(kind)
        .map(|n| format!("{n} (type {kind})"))
        .unwrap_or_else(|| format!("component of type `{kind}`"));
    let name = side.name();
    let display = side
        .display_name
        .as_deref()
        .filter(|d| !d.is_empty() && *d != name);
    match display {
        // An id alone says little: the display name says which component.
        Some(d) if name.starts_with('{') || name.len() == 36 => format!("{what} \"{d}\""),
        Some(d) => format!("{what} `{name}` (\"{d}\")"),
        None => format!("{what} `{name}`"),
    }
}

impl SolutionRule for SolMissingDeps {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let package = input.kind == InputKind::Package;
        for (i, s) in input.solutions.iter().enumerate() {
            let Some(m) = &s.manifest else { continue };
            for dep in &m.missing_dependencies {
                let Some(req) = &dep.required else { continue };
                let needed_by = dep
                    .dependent
                    .as_ref()
                    .map(|d| format!(", needed by the {}", describe(d)))
                    .unwrap_or_default();
                let provider = input
                    .solutions
                    .iter()
                    .enumerate()
                    .find(|(j, o)| *j != i && provides(o, req))
                    .map(|(_, o)| o);
                let what = describe(req);
                match provider {
                    Some(p) if package => {
                        cx.report_at(
                            dep.loc,
                            format!(
                                "{} depends on the {what}{needed_by}; {} of the package provides it",
                                label(s),
                                label(p)
                            ),
                        )
                        .severity(Severity::Info)
                        .help(format!("import {} first", label(p)));
                    }
                    _ if package && req.kind.as_deref().is_some_and(is_connector_type) => {
                        // A connector the package doesn't ship: sol-stale-dependency.
                    }
                    _ => {
                        let where_ = if package {
                            "no solution of the package provides it, so the import fails in a clean environment"
                        } else {
                            "it must exist in the target environment before this solution imports"
                        };
                        cx.report_at(
                            dep.loc,
                            format!("{} depends on the {what}{needed_by}; {where_}", label(s)),
                        )
                        .help("add the component to the solution (Add existing) or to the solution imported before it, and export again");
                    }
                }
            }
        }
    }
}
