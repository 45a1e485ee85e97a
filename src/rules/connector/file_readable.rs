//! ## What it checks
//! That every file of the connector could be read: it exists, it is a regular file, it is not
//! binary garbage (or UTF-16/UTF-32 text) where UTF-8 text or JSON is expected, a readme, intro
//! or script holds only UTF-8 (the first invalid byte is reported), it is under ppcert's read
//! limit (32 MiB), and a symbolic link does not lead outside the connector folder.
//! A file named on the command line goes through the same checks, and so does each file a paconn
//! `settings.json` names (`apiDefinition`, `apiProperties`, `icon`, `script`): an entry that
//! leaves the connector folder or names a missing file is reported at the entry.
//!
//! ## Why it matters
//! A file nobody can read cannot be certified, and a connector folder must be self-contained:
//! the pull request carries the folder, not what its links point to. ppcert never follows a link
//! out of the folder, so linting an untrusted checkout cannot read your other files.
//!
//! ## Example
//! `apiProperties.json -> /home/me/secrets.json` (a symlink out of the folder), or a
//! `settings.json` holding `"apiDefinition": "../../other/apiDefinition.swagger.json"`.
//!
//! Use instead: a real `apiProperties.json` file inside the connector folder, and settings.json
//! entries that name files of the folder (`"apiDefinition": "apiDefinition.swagger.json"`).
//!
//! ## Fix safety
//! No fix: these files could not be read as text, or lie outside the folder, so there is nothing to edit; re-saving them as UTF-8, copying them in or pointing a settings.json entry at the right file is the author's step.
use crate::rules::prelude::*;

pub struct FileReadable;

impl Rule for FileReadable {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        for problem in &connector.problems {
            match (problem.named_at, &connector.settings) {
                // A settings.json entry naming a file that cannot be read: point at the entry.
                (Some(span), Some(settings)) => {
                    cx.report_json_span(settings, span, problem.message.clone())
                }
                _ => cx.report_path(
                    &problem.display,
                    format!("`{}` {}", problem.display, problem.message),
                ),
            };
        }
        // Text read with invalid UTF-8 (JSON files have json-valid and swagger-valid-json).
        for file in [&connector.readme, &connector.intro, &connector.script]
            .into_iter()
            .flatten()
        {
            if let Some(at) = file.invalid_utf8_at {
                let span = crate::json::Span::new(at, at + '\u{fffd}'.len_utf8());
                cx.report_text(
                    file,
                    span,
                    format!("`{}` is not valid UTF-8 (first invalid byte at offset {at}); save it as UTF-8", file.display),
                );
            }
        }
    }
}
