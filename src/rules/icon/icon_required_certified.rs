//! ## What it checks
//! That the icon a verified publisher keeps in the connector folder is a real PNG file named
//! `icon.png`:
//!
//! - `icon.png` must be a PNG (not a JPEG, SVG, ... renamed), with a readable header and pixel
//!   data (a truncated file is reported, never a crash);
//! - an icon kept under another name or format (`icon.jpg`, `icon.svg`, `logo.png`) is reported,
//!   since the certification package and `paconn` expect `icon.png`.
//!
//! A folder without any icon is **not** reported: the icon travels with the certification
//! package (Partner Center) rather than in the GitHub folder, and only 11 of 619 merged certified
//! folders keep one. When you do keep it next to the other files, this rule and
//! `icon-dimensions` / `icon-background` check it before you build the package.
//!
//! ## Why it matters for certification
//! Verified publishers supply their own icon, and it must be a PNG. A file that is not really a
//! PNG, or is cut short, is rejected when the package is imported or shows as a broken image.
//!
//! ## Example
//! A folder holding `logo.jpg` as the connector icon.
//!
//! Use instead: a 230×230 px PNG named `icon.png`.
//!
//! ## Fix safety
//! No fix: fixes are text edits, and converting an image to PNG or renaming it to `icon.png` is a file operation for the author.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-for-certification>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/paconn-cli>
use crate::rules::prelude::*;
use crate::rules::util::files::{entry_display, extension, png_corners, png_header};

pub struct IconRequiredCertified;

const HELP: &str = "save the icon as a 230×230 px PNG named `icon.png`";

impl Rule for IconRequiredCertified {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(icon) = &c.icon else {
            // No icon.png: is the icon kept under another name or format?
            for e in c.entries.iter().filter(|e| !e.is_dir) {
                let lower = e.name.to_ascii_lowercase();
                let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
                let ext = extension(&e.name);
                let image = matches!(
                    ext.as_str(),
                    "png" | "jpg" | "jpeg" | "gif" | "svg" | "bmp" | "webp" | "ico"
                );
                if image && matches!(stem, "icon" | "logo" | "connector-icon" | "connectoricon") {
                    cx.report_path(
                        &entry_display(c, e),
                        format!("the connector icon must be a PNG file named `icon.png`, not `{}`", e.name),
                    )
                    .help(HELP);
                }
            }
            return;
        };
        if !icon.readable {
            return; // file-readable says why
        }
        let name = icon
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if extension(&name) != "png" {
            cx.report_path(
                &icon.display,
                format!("the connector icon must be a PNG file named `icon.png`, not `{name}`"),
            )
            .help(HELP);
        }
        let problem = match png_header(&icon.bytes) {
            Err(e) => Some(e.describe()),
            Ok(_) => png_corners(&icon.bytes).err().map(|e| e.describe()),
        };
        if let Some(problem) = problem {
            cx.report_path(&icon.display, format!("`{name}` {problem}")).help(HELP);
        }
    }
}
