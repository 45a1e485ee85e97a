//! ## What it checks
//! That `Managed` in the solution's manifest is `0` (unmanaged) or `1` (managed) in a solution
//! zip, and `0`, `1` or `2` (both) in an unpacked folder. `1` in source control is
//! `src-unmanaged`'s to question.
//!
//! ## Why it matters
//! Exports write 0 or 1; SolutionPackager's `/packagetype Both` and `pac solution init` write 2
//! in unpacked sources, which `pac solution pack` resolves. A zip saying 2, or any other value,
//! was not produced by Dataverse and won't import.
//!
//! ## Example
//! A solution zip whose `solution.xml` says `<Managed>2</Managed>` (copied from the unpacked
//! source).
//!
//! Use instead: pack the folder with `pac solution pack --packagetype Unmanaged` (or
//! `Managed`) to get a zip with 0 or 1.
//!
//! ## Fix safety
//! No fix: the zip is rebuilt with `pac solution pack`, and whether it should be managed or unmanaged is the author's decision; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-packager-tool>
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-concepts-alm>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolManagedValue;

impl SolutionRule for SolManagedValue {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let Some(m) = &s.manifest else { continue };
            let Some(v) = m.managed.as_ref().filter(|v| !v.trimmed().is_empty()) else {
                cx.report_at(m.loc, format!("{} has no `Managed` in its manifest", label(s)))
                    .help("export the solution again; Dataverse writes `<Managed>0</Managed>` or `<Managed>1</Managed>`");
                continue;
            };
            let value = v.trimmed();
            let allowed: &[&str] = if s.unpacked {
                &["0", "1", "2"]
            } else {
                &["0", "1"]
            };
            if allowed.contains(&value) {
                continue;
            }
            let (what, help) = if s.unpacked {
                (
                    "in an unpacked solution it is 0 (unmanaged), 1 (managed) or 2 (both)",
                    "unpack the solution again with `pac solution unpack`",
                )
            } else if value == "2" {
                (
                    "2 (both) exists only in unpacked sources; a solution zip is 0 (unmanaged) or 1 (managed)",
                    "pack the source with `pac solution pack --packagetype Unmanaged` or `Managed`",
                )
            } else {
                (
                    "a solution zip says 0 (unmanaged) or 1 (managed)",
                    "export the solution again and use the zip unchanged",
                )
            };
            cx.report_at(
                v.loc,
                format!("{} says `Managed` is `{value}`; {what}", label(s)),
            )
            .help(help);
        }
    }
}
