//! ## What it checks
//! That a certified connector's `iconBrandColor` is neither `#007ee5` (the default colour the
//! custom connector wizard fills in) nor `#ffffff` (white), compared case-insensitively.
//!
//! Only well-formed colours are judged; a missing or malformed value is reported by
//! `props-brand-color-required`. The colour should also equal the icon's background; that
//! comparison needs the icon and is not made here.
//!
//! ## Why it matters for certification
//! The colour is the background of the connector's icon across Power Automate and Power Apps.
//! The pull request template and reviewers reject the default blue and white, which make the
//! icon look unbranded or invisible on a white page.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "#007EE5" } }
//! ```
//! Use instead:
//! ```json
//! { "properties": { "iconBrandColor": "#1f6fb5" } }
//! ```
//!
//! ## Fix safety
//! No fix: the brand colour is the author's to pick (it should match their icon's background, which is often not in the folder); ppcert cannot choose it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.github/pull_request_template.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2183>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3187>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1558>
use crate::rules::prelude::*;
use crate::rules::util::props::is_hex_colour;

pub struct PropsBrandColorCertified;

impl Rule for PropsBrandColorCertified {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(value) = props.get("iconBrandColor") else { return };
        let Some(colour) = value.as_str().filter(|c| is_hex_colour(c)) else {
            return;
        };
        let what = match colour.to_ascii_lowercase().as_str() {
            "#007ee5" => "the default colour of new custom connectors",
            "#ffffff" => "white",
            _ => return,
        };
        cx.report(
            value,
            format!("`iconBrandColor` is `{colour}`, {what}; certified connectors need their own brand colour"),
        )
        .help("use the background colour of the connector's icon");
    }
}
