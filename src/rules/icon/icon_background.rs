//! ## What it checks
//! The background of `icon.png`, read from its four corner pixels (whatever the PNG colour type:
//! palette, greyscale, RGB, with an alpha channel or a `tRNS` transparency entry):
//!
//! - it must be opaque: a transparent or semi-transparent corner is reported;
//! - it must be one colour: corners of different colours (rounded corners, a gradient, a logo
//!   touching the edge) are reported as a warning, since no background colour can be read;
//! - it must not be white (`#ffffff`, or within 5 of it in every channel) nor the default blue
//!   `#007ee5`;
//! - it must equal `iconBrandColor` in apiProperties.json (a difference of up to 3 per channel is
//!   tolerated, for colour-managed exports); this finding points at `iconBrandColor`.
//!
//! An icon that is not a readable PNG is left to `icon-required-certified`.
//!
//! ## Why it matters for certification
//! The icon is shown on a tile of the brand colour; a transparent, white or default-blue
//! background, or one that differs from `iconBrandColor`, looks broken next to the other
//! connectors, and the certification checklist asks for all three.
//!
//! ## Example
//! An `icon.png` with a transparent background, and `"iconBrandColor": "#007ee5"`.
//!
//! Use instead: an opaque background in the brand colour, e.g. `#1f6fb2`, and
//! `"iconBrandColor": "#1f6fb2"`.
//!
//! ## Fix safety
//! No fix: the icon is a binary image ppcert does not edit, and the right background (or the `iconBrandColor` to match it) is a brand decision for the author.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.github/pull_request_template.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2183>
use crate::rules::prelude::*;
use crate::rules::util::files::{Rgba, icon_brand_color, png_corners};

pub struct IconBackground;

const DEFAULT_BLUE: Rgba = Rgba([0x00, 0x7e, 0xe5, 255]);
const WHITE: Rgba = Rgba([0xff, 0xff, 0xff, 255]);
const CORNER_NAMES: [&str; 4] = ["top-left", "top-right", "bottom-left", "bottom-right"];

impl Rule for IconBackground {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(icon) = c.icon.as_ref().filter(|i| i.readable) else {
            return;
        };
        let Ok(Some(corners)) = png_corners(&icon.bytes) else {
            return;
        };
        if let Some(i) = corners.iter().position(|p| !p.is_opaque()) {
            let alpha = corners[i].0[3];
            let what = if alpha == 0 { "transparent" } else { "semi-transparent" };
            cx.report_path(
                &icon.display,
                format!(
                    "icon background is {what} (the {} pixel has alpha {alpha}); it must be opaque",
                    CORNER_NAMES[i]
                ),
            )
            .help("fill the background with your brand colour (the `iconBrandColor` of apiProperties.json)");
            return;
        }
        let bg = corners[0];
        if let Some(i) = corners.iter().position(|p| !p.close_to(bg, 8)) {
            cx.report_path(
                &icon.display,
                format!(
                    "icon corners differ ({} is {}, {} is {}); the background must be one solid colour with square corners",
                    CORNER_NAMES[0],
                    bg.hex(),
                    CORNER_NAMES[i],
                    corners[i].hex()
                ),
            )
            .severity(Severity::Warning);
            return;
        }
        if bg.close_to(WHITE, 5) {
            cx.report_path(
                &icon.display,
                format!("icon background is white ({}); use your brand colour", bg.hex()),
            );
            return;
        }
        if bg.close_to(DEFAULT_BLUE, 3) {
            cx.report_path(
                &icon.display,
                format!(
                    "icon background is the default blue ({}); use your own brand colour",
                    bg.hex()
                ),
            );
            return;
        }
        let Some(brand_node) = icon_brand_color(c) else {
            return;
        };
        let Some(brand) = brand_node.as_str().and_then(Rgba::parse_hex) else {
            return; // a malformed colour is the props rules' business
        };
        if !bg.close_to(brand, 3) {
            cx.report(
                brand_node,
                format!(
                    "`iconBrandColor` is {} but the icon background is {}; they must be the same colour",
                    brand.hex(),
                    bg.hex()
                ),
            )
            .help(format!("set `iconBrandColor` to \"{}\", or repaint the icon background", bg.hex()));
        }
    }
}
