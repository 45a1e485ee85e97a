//! ## What it checks
//! That the connector's `displayname` in the solution is the same text as its definition's
//! `info.title`. Info only.
//!
//! ## Why it matters
//! Makers see the `displayname`; the definition's title is what the pull request folder and its
//! reviewers see, and the title certification publishes. When they differ, the solution was
//! usually exported from an older or renamed copy of the connector.
//!
//! ## Example
//! `<displayname>Contoso (dev)</displayname>` with `"title": "Contoso Widgets"`.
//!
//! Use instead: rename the connector in the environment to its title and export again.
//!
//! ## Fix safety
//! No fix: which of the two names is right is the author's decision; rename the connector (or change the title) in the environment and export again.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connector>
use crate::rules::util::solutions::connector_solutions;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ConnDisplayVsTitle;

impl SolutionRule for ConnDisplayVsTitle {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in connector_solutions(input) {
            for c in &s.connectors {
                let Some(display) = c.xml.get("displayname") else {
                    continue;
                };
                let Some(title) = c
                    .swagger
                    .as_ref()
                    .and_then(|f| f.doc())
                    .and_then(|d| d.root().get("info"))
                    .and_then(|i| i.get_str("title"))
                else {
                    continue;
                };
                if display.trimmed() != title.trim() {
                    cx.report_at(
                        display.loc,
                        format!(
                            "the connector's display name `{}` differs from its definition's `info.title` `{}`",
                            display.trimmed(),
                            title.trim()
                        ),
                    )
                    .help("give the connector the same name in the environment as in its definition, or update the title");
                }
            }
        }
    }
}
