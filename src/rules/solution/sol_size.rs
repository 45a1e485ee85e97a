//! ## What it checks
//! That a solution zip is at most 95 MB (measured as the compressed size of its entries).
//! Unpacked folders are not judged.
//!
//! ## Why it matters
//! Dataverse refuses to import a solution file larger than 95 MB (D14). Connector and flow
//! solutions are small (the largest of the 47 we opened is well under 1 MB); a large one
//! usually carries a canvas app with media, or files that don't belong in it.
//!
//! ## Example
//! A connector solution of 120 MB holding a canvas app with embedded videos.
//!
//! Use instead: keep the connector in a solution of its own, and large apps elsewhere.
//!
//! ## Fix safety
//! No fix: what to remove, or move to another solution, is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-solution>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolSize;

/// Dataverse's limit on a solution file (D14).
const MAX_BYTES: u64 = 95 * 1024 * 1024;

impl SolutionRule for SolSize {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let Some(archive) = s.tree.archive() else {
                continue;
            };
            let size: u64 = archive.entries.iter().map(|e| e.compressed_size).sum();
            if size > MAX_BYTES {
                cx.report_path(
                    &s.tree.display,
                    format!(
                        "{} is {:.1} MB; Dataverse imports solution files of at most 95 MB",
                        label(s),
                        size as f64 / (1024.0 * 1024.0)
                    ),
                )
                .help("move large components (canvas apps, web resources) to another solution");
            }
        }
    }
}
