//! ## What it checks
//! That `solution.xml`'s root components and `customizations.xml` agree, one to one:
//! - every connector root component (type 372, or 371) has a `<Connector>` whose
//!   `connectorid` is its `id`, and whose `name` is its `schemaName`;
//! - every `<Connector>` is a root component;
//! - every workflow root component (type 29) has a `<Workflow>` whose `WorkflowId` is its `id`,
//!   and every `<Workflow>` is a root component.
//!
//! Ids are compared without braces and case. Connection references and environment variables
//! are not root components in exports and are not judged.
//!
//! ## Why it matters
//! The root components are what the solution installs. All 47 real solutions we opened match
//! one to one; a mismatch comes from hand editing (a connector renamed or replaced in one file
//! only) and makes the import skip the component or fail on it.
//!
//! ## Example
//! ```xml
//! <RootComponent type="372" id="{9b1e…}" schemaName="cts_contoso" behavior="0" />
//! ```
//! while `customizations.xml` holds `<connectorid>5c0a…</connectorid>`.
//!
//! Use instead: export the solution again rather than editing its XML.
//!
//! ## Fix safety
//! No fix: which side of the mismatch is right can't be known from the files; export the solution again rather than editing its XML.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/solutioncomponent>
use crate::rules::util::solutions::{is_connector_type, label};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;
use crate::solution::model::normalize_guid;

pub struct SolRootComponents;

impl SolutionRule for SolRootComponents {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let help = "export the solution again instead of editing solution.xml or customizations.xml by hand";
        for s in &input.solutions {
            let Some(m) = &s.manifest else { continue };
            if s.customizations.is_none() && !s.unpacked {
                continue;
            }
            let roots = &m.root_components;
            let kind = |r: &&crate::solution::model::RootComponent| {
                r.kind
                    .as_ref()
                    .map(|k| k.trimmed().to_owned())
                    .unwrap_or_default()
            };
            let rid = |r: &crate::solution::model::RootComponent| {
                r.id.as_ref().map(|v| normalize_guid(v.trimmed()))
            };
            let connector_roots: Vec<_> = roots
                .iter()
                .filter(|r| is_connector_type(&kind(r)))
                .collect();
            let workflow_roots: Vec<_> = roots.iter().filter(|r| kind(r) == "29").collect();

            for c in &s.connectors {
                let id = c.xml.id();
                let root = connector_roots.iter().find(|r| {
                    rid(r).is_some_and(|i| Some(&i) == id.as_ref())
                        || (r.id.is_none()
                            && r.schema_name
                                .as_ref()
                                .is_some_and(|n| n.trimmed().eq_ignore_ascii_case(&c.name)))
                });
                match root {
                    None => {
                        cx.report_at(
                            c.xml.loc,
                            format!(
                                "the connector `{}` ({}) of {} is not a root component of solution.xml",
                                c.name,
                                id.as_deref().unwrap_or("no id"),
                                label(s)
                            ),
                        )
                        .help(help);
                    }
                    Some(r) => {
                        if let Some(n) = &r.schema_name
                            && !n.trimmed().eq_ignore_ascii_case(&c.name)
                        {
                            cx.report_at(
                                n.loc,
                                format!(
                                    "the connector root component names `{}`, but the connector with id {} is `{}`",
                                    n.trimmed(),
                                    id.as_deref().unwrap_or("?"),
                                    c.name
                                ),
                            )
                            .help(help);
                        }
                    }
                }
            }
            for r in &connector_roots {
                let id = rid(r);
                let matched = s.connectors.iter().any(|c| match &id {
                    Some(i) => c.xml.id().as_ref() == Some(i),
                    None => r
                        .schema_name
                        .as_ref()
                        .is_some_and(|n| n.trimmed().eq_ignore_ascii_case(&c.name)),
                });
                if !matched {
                    let what = r
                        .schema_name
                        .as_ref()
                        .map(|n| format!("`{}` ", n.trimmed()))
                        .unwrap_or_default();
                    cx.report_at(
                        r.loc,
                        format!(
                            "the connector root component {what}({}) of {} has no `<Connector>` with that connectorid",
                            id.as_deref().unwrap_or("no id"),
                            label(s)
                        ),
                    )
                    .help(help);
                }
            }
            for w in &s.workflows {
                let id = w.id.as_ref().map(|v| normalize_guid(v.trimmed()));
                if id.is_none() {
                    continue;
                }
                if !workflow_roots.iter().any(|r| rid(r) == id) {
                    cx.report_at(
                        w.loc,
                        format!(
                            "the workflow `{}` ({}) of {} is not a root component of solution.xml",
                            w.display(),
                            id.as_deref().unwrap_or("?"),
                            label(s)
                        ),
                    )
                    .help(help);
                }
            }
            for r in &workflow_roots {
                let id = rid(r);
                let matched = s
                    .workflows
                    .iter()
                    .any(|w| w.id.as_ref().map(|v| normalize_guid(v.trimmed())) == id);
                if !matched {
                    cx.report_at(
                        r.loc,
                        format!(
                            "the workflow root component ({}) of {} has no `<Workflow>` with that WorkflowId",
                            id.as_deref().unwrap_or("no id"),
                            label(s)
                        ),
                    )
                    .help(help);
                }
            }
        }
    }
}
