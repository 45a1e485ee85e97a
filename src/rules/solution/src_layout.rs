//! ## What it checks
//! That an unpacked solution folder (SolutionPackager or `pac solution unpack`/`clone`) has
//! `Other/Solution.xml` and `Other/Customizations.xml`, and no second `Other/Solution.xml`
//! deeper inside (a second solution in the same folder). Names are compared in any case.
//!
//! Dataverse Git integration's YAML format is detected, and refused with its own message,
//! before this rule runs.
//!
//! ## Why it matters
//! `pac solution pack` and SolutionPackager rebuild the zip from these two files (D11, D10); a
//! folder without `Other/Customizations.xml` can't be packed, and a folder holding two
//! solution roots is ambiguous: which one is meant?
//!
//! ## Example
//! ```text
//! src/
//! ├── Other/Solution.xml
//! └── Connectors/…
//! ```
//! Use instead: unpack the solution again (`pac solution unpack --zipfile … --folder src`),
//! which writes `Other/Customizations.xml` too; lint each solution folder on its own.
//!
//! ## Fix safety
//! No fix: a missing `Other/Customizations.xml` comes only from unpacking the solution again, and which of two solution roots is meant is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/developer/cli/reference/solution>
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-packager-tool>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SrcLayout;

impl SolutionRule for SrcLayout {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in input.solutions.iter().filter(|s| s.unpacked) {
            for file in ["Other/Solution.xml", "Other/Customizations.xml"] {
                if s.tree.find(file).is_none() {
                    cx.report_path(
                        &s.tree.display_of("Other/"),
                        format!(
                            "the unpacked solution {} has no `{file}`; `pac solution pack` needs it",
                            label(s)
                        ),
                    )
                    .help("unpack the solution again with `pac solution unpack`, which writes `Other/Solution.xml` and `Other/Customizations.xml`");
                }
            }
            for e in &s.tree.entries {
                let lower = e.path.to_ascii_lowercase();
                if lower.ends_with("/other/solution.xml") {
                    cx.report_path(
                        &s.tree.display_of(&e.path),
                        format!(
                            "the unpacked solution {} holds a second solution root `{}`; a folder holds one solution",
                            label(s),
                            e.path
                        ),
                    )
                    .help("lint and pack each solution folder on its own");
                }
            }
        }
    }
}
