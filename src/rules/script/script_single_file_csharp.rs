//! ## What it checks
//! That the connector has at most one custom-code file, and that it is C#:
//!
//! - two or more `.csx` / `.cs` files in the folder are reported (all but the one ppcert lints,
//!   `script.csx` first);
//! - a script in another language (`script.js`, `script.py`, `script.ps1`, ...) is reported.
//!
//! The conventional name `script.csx` is checked by `pr-file-names-exact`.
//!
//! ## Why it matters for certification
//! A connector carries a single C# script: the platform and `paconn` take one file, and
//! anything else is not deployed with the connector.
//!
//! ## Example
//! A folder with `script.csx` and `helpers.csx`.
//!
//! Use instead: one `script.csx` holding the `Script` class and its helpers.
//!
//! ## Fix safety
//! No fix: merging several files, or rewriting a script in C#, is the author's work; fixes are text edits within one file.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/define-blank>
use crate::rules::prelude::*;
use crate::rules::util::files::{entry_display, extension};

pub struct ScriptSingleFileCsharp;

impl Rule for ScriptSingleFileCsharp {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let linted = c
            .script
            .as_ref()
            .and_then(|s| s.path.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        for e in c.entries.iter().filter(|e| !e.is_dir) {
            let ext = extension(&e.name);
            let lower = e.name.to_ascii_lowercase();
            let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
            if ext == "csx" || ext == "cs" {
                if linted.as_deref() != Some(e.name.as_str()) {
                    let main = linted.as_deref().unwrap_or("script.csx");
                    cx.report_path(
                        &entry_display(c, e),
                        format!("`{}` is a second script file; a connector has one (`{main}`)", e.name),
                    )
                    .help("merge the code into one script.csx");
                }
            } else if stem == "script"
                && matches!(
                    ext.as_str(),
                    "js" | "ts" | "py" | "ps1" | "vb" | "vbx" | "fs" | "fsx" | "java" | "rb" | "php" | "go" | "txt"
                )
            {
                cx.report_path(
                    &entry_display(c, e),
                    format!("`{}` is not C#; custom code must be a C# script (`script.csx`)", e.name),
                );
            }
        }
    }
}
