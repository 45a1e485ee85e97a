//! ## What it checks
//! That the connector folder holds only connector files. Reported (as warnings):
//!
//! - sub-folders (`images/`, `screenshots/`, `assets/`, ...);
//! - images other than `icon.png` (screenshots belong in the pull request description);
//! - other files: documents, exported apps, backups (`readme_old.md`), OS litter (`.DS_Store`);
//! - a `.zip` in a certified folder (verified publishers upload their package to Partner Center;
//!   independent publishers commit theirs since 2025, so it is accepted for them).
//!
//! Not reported here, because other rules own them: the definition and `apiProperties.json`
//! under any name (`pr-file-names-exact`), the readme (and, when there is none, a misnamed one
//! such as `Readme.md.txt`: `readme-required`), `intro.md`, scripts
//! (`script-single-file-csharp`), `icon.png` (`icon-none-for-ip`) and `settings.json`
//! (`settings-not-submitted`). Hidden files other than OS litter are ignored, since they are
//! usually not committed.
//!
//! ## Why it matters for certification
//! Reviewers ask for images, screenshot folders and other extra files to be removed before
//! merging (#1117, #3492): the folder is published as the connector's open source.
//!
//! ## Example
//! `certified-connectors/Contoso/screenshots/flow.png`
//!
//! Use instead: put the screenshots in the pull request description and remove the folder.
//!
//! ## Fix safety
//! No fix: fixes are text edits, and removing files and folders from the pull request is the author's step.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1117>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3492>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3640>
use crate::rules::prelude::*;
use crate::rules::util::files::{entry_display, extension, looks_like_definition, looks_like_properties};

pub struct PrNoExtraArtifacts;

const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "bmp", "webp", "ico", "tif", "tiff"];

impl Rule for PrNoExtraArtifacts {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        for e in &c.entries {
            let name = e.name.as_str();
            let lower = name.to_ascii_lowercase();
            let display = entry_display(c, e);
            if e.is_dir {
                if name.starts_with('.') {
                    continue;
                }
                cx.report_path(
                    &display,
                    format!("folder `{name}/` is not part of a connector; the folder holds only the connector files"),
                )
                .help("remove the folder; put screenshots in the pull request description");
                continue;
            }
            if matches!(lower.as_str(), ".ds_store" | "thumbs.db" | "desktop.ini") {
                cx.report_path(&display, format!("`{name}` is operating-system litter"))
                    .help("remove it and add it to your .gitignore");
                continue;
            }
            if name.starts_with('.') || is_connector_file(&lower) {
                continue;
            }
            if c.readme.is_none() && lower.starts_with("readme") {
                continue; // a misnamed readme: readme-required names it
            }
            let ext = extension(name);
            if IMAGES.contains(&ext.as_str()) {
                cx.report_path(
                    &display,
                    format!("image `{name}` is not part of a connector; only a certified connector's icon.png is"),
                )
                .help("remove it; put screenshots in the pull request description");
            } else if ext == "zip" && c.profile == Profile::IndependentPublisher {
                // the independent-publisher certification package (2025+)
            } else if ext == "zip" {
                cx.report_path(
                    &display,
                    format!("`{name}` is not part of a connector; verified publishers upload the certification package to Partner Center"),
                )
                .help("remove it from the pull request");
            } else {
                cx.report_path(&display, format!("`{name}` is not part of a connector"))
                    .help("remove it from the pull request");
            }
        }
    }
}

/// Files other rules own: the definition (any name), properties, readme, intro, scripts, icon,
/// settings.
fn is_connector_file(lower: &str) -> bool {
    (lower.ends_with(".json") && (looks_like_definition(lower) || looks_like_properties(lower)))
        || lower == "apiproperties.json"
        || lower == "readme.md"
        || lower == "intro.md"
        || lower.ends_with(".csx")
        || lower.ends_with(".cs")
        || lower == "icon.png"
        || lower == "settings.json"
}
