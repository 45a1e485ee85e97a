//! ## What it checks
//! That `icon.png` is a square of 230 × 230 pixels.
//!
//! The documentation says "about 230 × 230" with a logo of about 160 × 160 in the middle, but
//! reviewers ask for exactly 230 × 230 (PR #2183, and #3250 resized an icon to pass), so any other
//! size is reported. The size of the logo inside the canvas is not measured.
//!
//! An icon that is not a readable PNG is left to `icon-required-certified`.
//!
//! ## Why it matters for certification
//! The icon is shown at fixed sizes across Power Automate, Power Apps and Copilot Studio; a
//! non-square or differently sized icon is stretched or blurred, and is sent back by reviewers.
//!
//! ## Example
//! An `icon.png` of 400 × 300 pixels.
//!
//! Use instead: a 230 × 230 pixel canvas in the brand colour, with the logo about 160 × 160
//! pixels in the middle and square corners.
//!
//! ## Fix safety
//! No fix: fixes are text edits, and resizing the artwork onto a 230 × 230 canvas is an image edit for the author.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2183>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3250>
use crate::rules::prelude::*;
use crate::rules::util::files::png_header;

pub struct IconDimensions;

const SIDE: u32 = 230;

impl Rule for IconDimensions {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(icon) = c.icon.as_ref().filter(|i| i.readable) else {
            return;
        };
        let Ok(header) = png_header(&icon.bytes) else {
            return;
        };
        let (w, h) = (header.width, header.height);
        if w == SIDE && h == SIDE {
            return;
        }
        let message = if w != h {
            format!("icon is {w}×{h} px and not square; it must be {SIDE}×{SIDE} px")
        } else {
            format!("icon is {w}×{h} px; it must be {SIDE}×{SIDE} px")
        };
        cx.report_path(&icon.display, message).help(
            "resize the canvas to 230×230 px, with the logo about 160×160 px in the middle",
        );
    }
}
