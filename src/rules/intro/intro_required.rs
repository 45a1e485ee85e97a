//! ## What it checks
//! That an `intro.md` kept in the connector folder is a document of its own: not empty, and not
//! a copy of `readme.md`.
//!
//! A folder **without** `intro.md` is not reported. The intro is required in the certification
//! package (at the root of the Partner Center package zip, and for independent publishers in the
//! package they commit since 2025), not in the GitHub folder: only 6 of 619 merged certified
//! folders and no independent-publisher folder have one. The package layout rules (`pkg-*`)
//! check that the package carries it.
//!
//! ## Why it matters for certification
//! `intro.md` becomes the connector's introduction page in the documentation; it has its own
//! structure (see `intro-structure`) and must be distinct from the readme.
//!
//! ## Example
//! `intro.md` with the same text as `readme.md`.
//!
//! Use instead: an intro that opens with one paragraph about the service, followed by
//! `Prerequisites`, `How to get credentials`, `Get started with your connector`, `Known issues and
//! limitations`, `Common errors and remedies` and `FAQ`.
//!
//! ## Fix safety
//! No fix: the introduction is the author's to write; ppcert cannot describe the service for them.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-for-certification>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2183>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4222>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4204>
use crate::rules::prelude::*;
use crate::rules::util::files::{first_line_span, loose_text};

pub struct IntroRequired;

impl Rule for IntroRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(intro) = c.intro.as_ref().filter(|i| i.readable) else {
            return;
        };
        let text = loose_text(&intro.text);
        if text.is_empty() {
            cx.report_path(&intro.display, "intro.md is empty")
                .help("write the introduction: one paragraph about the service, then the template's sections");
            return;
        }
        let Some(readme) = c.readme.as_ref().filter(|r| r.readable) else {
            return;
        };
        if loose_text(&readme.text) == text {
            cx.report_text(
                intro,
                first_line_span(&intro.text),
                "intro.md is a copy of readme.md; the intro is a separate document",
            )
            .help("write the intro from the intro.md template: a short overview, prerequisites, credentials, getting started, known issues, common errors, FAQ");
        }
    }
}
