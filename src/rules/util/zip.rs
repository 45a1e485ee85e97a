//! What the `zip-*` rules share: reporting the problems the archive reader recorded.

use crate::rules::SolutionChecker;
use crate::solution::Input;

/// Reports every problem of rule `rule` that the reader recorded, on any archive level of the
/// input: when the archive was opened, and when an entry was read.
pub fn report_archive_issues(cx: &mut SolutionChecker, input: &Input, rule: &str) {
    for level in &input.archives {
        let archive = &level.archive;
        for issue in archive.issues.iter().filter(|i| i.kind.rule() == rule) {
            // Names are shown as paths: control characters (a NUL in a traversal name) would
            // corrupt terminals and annotations.
            let at = match &issue.entry {
                Some(entry) => format!(
                    "{}!/{}",
                    archive.display,
                    entry
                        .replace('\\', "/")
                        .replace(|c: char| c.is_control(), "?")
                ),
                None => archive.display.clone(),
            };
            cx.report_path(&at, issue.message.clone());
        }
    }
    for p in input.problems.iter().filter(|p| p.rule == rule) {
        cx.report_problem(&p.at, p.message.clone());
    }
}
