//! ## What it checks
//! That every file of the connector could be read: it exists, it is a regular file, it is not
//! binary garbage where text or JSON is expected, it is under ppcert's read limit (32 MiB), and a
//! symbolic link does not lead outside the connector folder.
//!
//! ## Why it matters
//! A file nobody can read cannot be certified, and a connector folder must be self-contained:
//! the pull request carries the folder, not what its links point to. ppcert never follows a link
//! out of the folder, so linting an untrusted checkout cannot read your other files.
//!
//! ## Example
//! `apiProperties.json -> /home/me/secrets.json` (a symlink out of the folder).
//!
//! Use instead: a real `apiProperties.json` file inside the connector folder.
use crate::rules::prelude::*;

pub struct FileReadable;

impl Rule for FileReadable {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        for problem in &connector.problems {
            cx.report_path(&problem.display, format!("`{}` {}", problem.display, problem.message));
        }
    }
}
