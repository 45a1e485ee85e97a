//! ## What it checks
//! That every solution of the package agrees with the connector solution on the connector:
//! - a copy of the connector in another solution (the flow solution) has the same
//!   `connectorid` and `name` as the packaged connector;
//! - every connection reference's `customconnectorid` is the packaged connector's id;
//! - a missing dependency on a connector (type 372) with the packaged connector's name has its
//!   id (or with its id, its name).
//!
//! A dependency on a connector with another name *and* another id is a stale dependency,
//! reported by `sol-stale-dependency` as a warning: the one merged package where the ids did
//! not all agree (GitHub Repo Files, #3290) had exactly that and was merged.
//!
//! ## Why it matters for certification
//! The flow solution is imported after the connector solution and must bind to the connector
//! that one installed. A copy with another id installs a second connector; a connection
//! reference with another `customconnectorid` points at a connector the environment doesn't
//! have, and the test flow can't run.
//!
//! ## Example
//! The connector solution's connector `cts_contoso` has id `5c0a…`, while the flow solution's
//! connection reference says `<customconnectorid><connectorid>9b1e…</connectorid>`, left over
//! from a connector deleted and re-created in the environment.
//!
//! Use instead: rebuild the flow solution in the same environment as the connector solution
//! (re-add the connector and re-select the connection reference), then export both again.
//!
//! ## Fix safety
//! No fix: the ids must come from one environment; rebuild the flow solution there and export both solutions again (ppcert never rewrites packages).
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connectionreference>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3290>
use crate::rules::util::solutions::{Role, is_connector_type, label, package_solutions, role};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;
use crate::solution::model::normalize_guid;

pub struct PkgConnectorIdentity;

impl SolutionRule for PkgConnectorIdentity {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let packaged: Vec<(String, Option<String>)> = package_solutions(input)
            .filter(|s| role(s) == Role::Connector)
            .flat_map(|s| s.connectors.iter())
            .map(|c| (c.name.clone(), c.xml.id()))
            .collect();
        if packaged.is_empty() {
            return;
        }
        let describe = || {
            packaged
                .iter()
                .map(|(n, id)| format!("`{n}` ({})", id.as_deref().unwrap_or("no id")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let by_name = |name: &str| packaged.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        let by_id = |id: &str| packaged.iter().find(|(_, i)| i.as_deref() == Some(id));
        let help = "build the flow solution in the environment the connector solution was exported from, with the same connector, and export both again";

        for s in package_solutions(input).filter(|s| role(s) != Role::Connector) {
            // Copies of the connector.
            for c in &s.connectors {
                let id = c.xml.id();
                match (by_name(&c.name), id.as_deref().and_then(by_id)) {
                    (Some(_), Some(_)) => {}
                    (Some((n, pid)), None) => {
                        let at = c.xml.get("connectorid").map_or(c.xml.loc, |v| v.loc);
                        cx.report_at(
                            at,
                            format!(
                                "{} carries the connector `{n}` with id {}, but the connector solution's `{n}` has id {}; they must be the same connector",
                                label(s),
                                id.as_deref().unwrap_or("(none)"),
                                pid.as_deref().unwrap_or("(none)")
                            ),
                        )
                        .help(help);
                    }
                    (None, Some((n, pid))) => {
                        let at = c.xml.get("name").map_or(c.xml.loc, |v| v.loc);
                        cx.report_at(
                            at,
                            format!(
                                "{} carries the connector {} under the name `{}`, but the connector solution calls it `{n}`",
                                label(s),
                                pid.as_deref().unwrap_or("?"),
                                c.name
                            ),
                        )
                        .help(help);
                    }
                    (None, None) => {
                        cx.report_at(
                            c.xml.loc,
                            format!(
                                "{} carries the connector `{}` ({}), which is not the packaged connector {}",
                                label(s),
                                c.name,
                                id.as_deref().unwrap_or("no id"),
                                describe()
                            ),
                        )
                        .help(help);
                    }
                }
            }
        }
        // Connection references, in every solution of the package.
        for s in package_solutions(input) {
            let Some(custom) = &s.customizations else {
                continue;
            };
            for r in &custom.connection_references {
                let Some(v) = &r.custom_connector_id else {
                    continue;
                };
                let id = normalize_guid(v.trimmed());
                if id.is_empty() || by_id(&id).is_some() {
                    continue;
                }
                let name = r
                    .logical_name
                    .as_ref()
                    .map(|n| n.trimmed().to_owned())
                    .unwrap_or_else(|| "?".into());
                cx.report_at(
                    v.loc,
                    format!(
                        "the connection reference `{name}` of {} points at connector id {id}, which is not the packaged connector {}",
                        label(s),
                        describe()
                    ),
                )
                .help(help);
            }
        }
        // Missing dependencies on the packaged connector under another id or name.
        for s in package_solutions(input) {
            let Some(m) = &s.manifest else { continue };
            for dep in &m.missing_dependencies {
                let Some(req) = &dep.required else { continue };
                if !req.kind.as_deref().is_some_and(is_connector_type) {
                    continue;
                }
                let id = req.id.as_deref().map(normalize_guid);
                let name = req.schema_name.as_deref();
                let named = name.and_then(by_name);
                let ided = id.as_deref().and_then(by_id);
                let mismatch = match (named, ided) {
                    (Some((_, pid)), None) => id.is_some().then(|| {
                        format!(
                            "names the packaged connector `{}` with id {}, but its id is {}",
                            name.unwrap_or("?"),
                            id.as_deref().unwrap_or("?"),
                            pid.as_deref().unwrap_or("(none)")
                        )
                    }),
                    (None, Some((n, _))) => name.map(|other| {
                        format!(
                            "names the packaged connector's id under the name `{other}`, but the connector is `{n}`"
                        )
                    }),
                    _ => None,
                };
                if let Some(what) = mismatch {
                    cx.report_at(
                        req.loc,
                        format!("a missing dependency of {} {what}", label(s)),
                    )
                    .help(help);
                }
            }
        }
    }
}
