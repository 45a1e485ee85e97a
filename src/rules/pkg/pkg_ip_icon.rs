//! ## What it checks
//! Independent-publisher packages only: notes when the connector solution's icon is the
//! platform's generic placeholder (a 100×100 PNG of 2 895 bytes), and that the icon rules judge
//! the pull request folder's `icon.png`, not this copy. Info only.
//!
//! The placeholder is recognised by its size and dimensions, which is an inference from the
//! packages we opened.
//!
//! ## Why it matters for certification
//! A solution carries the connector icon as a Dataverse image of at most 144×144 pixels (D2);
//! 18 of the 22 merged independent-publisher packages carry the generic placeholder. That is
//! normal, and not a reason to change the package: the 230×230 icon requirements apply to
//! `icon.png` in the repository.
//!
//! ## Example
//! `Connector/<name>_iconblob.Png`: the generic 100×100 icon.
//!
//! Use instead: nothing to change; keep the real icon as `icon.png` in the connector's folder.
//!
//! ## Fix safety
//! No fix: nothing to change; the placeholder in the package is normal, and the real icon is `icon.png` in the PR folder.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connector>
use crate::rules::util::files::png_header;
use crate::rules::util::solutions::connector_solutions;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgIpIcon;

/// Size in bytes of the platform's generic connector icon (OBS 18/22).
const PLACEHOLDER_BYTES: usize = 2895;

impl SolutionRule for PkgIpIcon {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        if input.package.is_none() {
            return;
        }
        for s in connector_solutions(input) {
            for c in &s.connectors {
                let Some((display, bytes)) = &c.icon else {
                    continue;
                };
                let placeholder = bytes.len() == PLACEHOLDER_BYTES
                    && png_header(bytes).is_ok_and(|h| h.width == 100 && h.height == 100);
                if placeholder {
                    cx.report_path(
                        display,
                        format!(
                            "the connector `{}` carries the platform's generic 100×100 placeholder icon; that is usual for independent-publisher packages, and the icon rules judge the repository's `icon.png`",
                            c.name
                        ),
                    )
                    .help("nothing to change in the package; keep the real 230×230 icon as `icon.png` in the connector's folder");
                }
            }
        }
    }
}
