//! ## What it checks
//! That the connector folder has a readme, and that it is not empty. The name may be in any case
//! (`readme.md`, `README.md`, `Readme.md` all appear in merged connectors). When there is none but
//! a file looks like a misnamed one (`Readme.md.txt`, `README`, `readme.markdown`), the finding
//! names it.
//!
//! ## Why it matters for certification
//! The readme is the connector's documentation in the repository: both verified and independent
//! publishers must provide one, and the pull request template requires it.
//!
//! ## Example
//! A folder with `apiDefinition.swagger.json`, `apiProperties.json` and `Readme.md.txt`.
//!
//! Use instead: rename the readme to `readme.md`.
//!
//! ## Fix safety
//! No fix: the readme is the author's to write, and renaming a misnamed one is a file operation, not a text edit.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
use crate::rules::prelude::*;

pub struct ReadmeRequired;

impl Rule for ReadmeRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        match &c.readme {
            Some(readme) => {
                if readme.readable && readme.text.trim_start_matches('\u{feff}').trim().is_empty() {
                    cx.report_path(&readme.display, "readme.md is empty")
                        .help("describe the connector, following the repository's readme template");
                }
            }
            None => {
                let near_miss = c.entries.iter().find(|e| {
                    !e.is_dir && e.name.to_ascii_lowercase().starts_with("readme")
                });
                match near_miss {
                    Some(e) => cx
                        .report_path(
                            &c.display,
                            format!("the connector folder has no readme.md; `{}` looks like it", e.name),
                        )
                        .help(format!("rename `{}` to `readme.md`", e.name)),
                    None => cx
                        .report_path(&c.display, "the connector folder has no readme.md")
                        .help("add a readme.md following the repository's readme template"),
                };
            }
        }
    }
}
