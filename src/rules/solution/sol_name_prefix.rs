//! ## What it checks
//! That the logical names of the solution's connectors (`<name>`), connection references
//! (`connectionreferencelogicalname`) and environment variables (`schemaname`) start with
//! `<prefix>_`, where `<prefix>` is the customization prefix of a publisher of the input (any
//! solution of a package: the flow solution's copy of the connector keeps the connector
//! solution's prefix).
//!
//! ## Why it matters
//! Dataverse names components after the publisher that created them. A name with another
//! prefix means the component was created elsewhere (often under the default publisher) and
//! added to this solution; the name can't be changed, and it shows who owns the component.
//! Three of the 22 merged packages break this (YouTube Transcripts' connector
//! `new_youtube-20transcript` under publisher `tst`), so it is a warning.
//!
//! ## Example
//! A solution of publisher `cts` holding the connector `new_contoso`.
//!
//! Use instead: create the connector from within the solution, so that it gets the publisher's
//! prefix (`cts_contoso`).
//!
//! ## Fix safety
//! No fix: a component's logical name can't be changed; re-creating it under the solution's publisher is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-concepts-alm>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::{Input, Loc};

pub struct SolNamePrefix;

impl SolutionRule for SolNamePrefix {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let prefixes: Vec<String> = input
            .solutions
            .iter()
            .filter_map(|s| s.manifest.as_ref()?.publisher.as_ref()?.prefix.as_ref())
            .map(|v| v.trimmed().to_ascii_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        if prefixes.is_empty() {
            return;
        }
        let fits = |name: &str| {
            let lower = name.to_ascii_lowercase();
            prefixes.iter().any(|p| lower.starts_with(&format!("{p}_")))
        };
        for s in &input.solutions {
            let own = s
                .manifest
                .as_ref()
                .and_then(|m| m.publisher.as_ref())
                .and_then(|p| p.prefix.as_ref())
                .map(|v| v.trimmed().to_owned())
                .unwrap_or_default();
            let mut names: Vec<(&str, String, Loc)> = Vec::new();
            for c in &s.connectors {
                if let Some(v) = c.xml.get("name") {
                    names.push(("connector", v.trimmed().to_owned(), v.loc));
                }
            }
            for r in s
                .customizations
                .iter()
                .flat_map(|c| c.connection_references.iter())
            {
                if let Some(v) = &r.logical_name {
                    names.push(("connection reference", v.trimmed().to_owned(), v.loc));
                }
            }
            for e in &s.environment_variables {
                if let Some(v) = &e.schema_name {
                    names.push(("environment variable", v.trimmed().to_owned(), v.loc));
                }
            }
            for (kind, name, loc) in names {
                if name.is_empty() || fits(&name) {
                    continue;
                }
                cx.report_at(
                    loc,
                    format!(
                        "the {kind} `{name}` of {} does not start with the publisher prefix `{own}_`",
                        label(s)
                    ),
                )
                .help(format!(
                    "create the {kind} from within the solution so that it is named `{own}_…`; an existing name can't be changed"
                ));
            }
        }
    }
}
