//! ## What it checks
//! That an independent publisher connector's `iconBrandColor` is `#da3b01`, the colour of the
//! shared independent publisher icon. The comparison ignores case (`#DA3B01` is the same colour).
//!
//! Only well-formed colours are judged; a missing or malformed value is reported by
//! `props-brand-color-required`.
//!
//! ## Why it matters for certification
//! Independent publisher connectors all use the same icon, whose background is `#da3b01`; the
//! documentation, the repository README and reviewers require that exact colour, and every merged
//! independent publisher connector uses it.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "#0078d4" } }
//! ```
//! Use instead:
//! ```json
//! { "properties": { "iconBrandColor": "#da3b01" } }
//! ```
//!
//! ## Fix safety
//! Safe: `iconBrandColor` becomes `#da3b01`, the only colour independent publisher connectors may use.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/Independent%20Publisher/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1305>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1558>
use crate::rules::prelude::*;
use crate::rules::util::props::is_hex_colour;

pub struct PropsBrandColorIp;

impl Rule for PropsBrandColorIp {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(value) = props.get("iconBrandColor") else { return };
        let Some(colour) = value.as_str().filter(|c| is_hex_colour(c)) else {
            return;
        };
        if !colour.eq_ignore_ascii_case("#da3b01") {
            cx.report(
                value,
                format!("`iconBrandColor` is `{colour}`; independent publisher connectors use `#da3b01`"),
            )
            .fix(Fix::safe("Use the independent publisher colour `#da3b01`", vec![set_string(value, "#da3b01")]));
        }
    }
}
