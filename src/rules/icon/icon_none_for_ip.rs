//! ## What it checks
//! That an independent-publisher connector folder holds no `icon.png`.
//!
//! ## Why it matters for certification
//! Independent-publisher connectors all get the same generic icon, applied by Microsoft; the
//! publisher's own icon is not used, and reviewers ask for it to be removed from the pull
//! request (#3640).
//!
//! ## Example
//! `independent-publisher-connectors/Contoso/icon.png`
//!
//! Use instead: no icon in the folder (and `"iconBrandColor": "#da3b01"` in apiProperties.json).
//!
//! ## Fix safety
//! No fix: fixes are text edits, and this one means deleting `icon.png` from the folder, a step ppcert leaves to the author.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission-ip>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.github/pull_request_template.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3640>
use crate::rules::prelude::*;

pub struct IconNoneForIp;

impl Rule for IconNoneForIp {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        if let Some(icon) = &c.icon {
            cx.report_path(
                &icon.display,
                "independent-publisher connectors must not include an icon; Microsoft applies the generic independent-publisher icon",
            )
            .help("delete icon.png from the pull request");
        }
    }
}
