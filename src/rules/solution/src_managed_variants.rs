//! ## What it checks
//! Notes (info) when an unpacked solution holds `*_managed.xml` files: it was unpacked with
//! `/packagetype Both`, so packing it needs `--packagetype` to say which kind to build.
//!
//! ## Why it matters
//! SolutionPackager keeps the managed-only differences beside the unmanaged files when it
//! unpacks both kinds (D10; the ALM Accelerator's source does this, R5). Nothing is wrong, but
//! a pack without `--packagetype` builds the unmanaged solution only.
//!
//! ## Example
//! `Connectors/cts_contoso_managed.xml` beside `Connectors/cts_contoso.xml`.
//!
//! Use instead: nothing to change; pack with `pac solution pack --packagetype Both` (or the
//! kind you need).
//!
//! ## Fix safety
//! No fix: nothing is wrong; the finding is a reminder to pass `--packagetype` when packing.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-packager-tool>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SrcManagedVariants;

impl SolutionRule for SrcManagedVariants {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in input.solutions.iter().filter(|s| s.unpacked) {
            let managed: Vec<&str> = s
                .tree
                .entries
                .iter()
                .map(|e| e.path.as_str())
                .filter(|p| p.to_ascii_lowercase().ends_with("_managed.xml"))
                .collect();
            let Some(first) = managed.first() else {
                continue;
            };
            let more = match managed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            cx.report_path(
                &s.tree.display_of(first),
                format!(
                    "the unpacked solution {} holds `{first}`{more}: it was unpacked with both kinds (`/packagetype Both`)",
                    label(s)
                ),
            )
            .help("pack it with `pac solution pack --packagetype Both` (or `Managed`/`Unmanaged` for one kind)");
        }
    }
}
