//! ## What it checks
//! That `info.title`, the connector's display name, is present and is a string. A blank title
//! (`""` or spaces) is reported by `swagger-no-empty-values`, which owns every empty string.
//!
//! ## Why it matters for certification
//! The title is the name users see in the connector gallery and the designers. The certification
//! documentation requires one, and the Swagger Validator rejects a definition without it
//! (`RequiredPropertyMissing`) or with an empty one (`RequiredValueEmpty`).
//!
//! The catalogue also asks for an English title; that is judged for every user-facing string by
//! `swagger-strings-english`, so this rule only checks presence. A missing `info` object is
//! left to `swagger-required-keys`, which leaves the title to this rule (for every profile: the
//! validator rejects a definition without a title whatever its destination).
//!
//! ## Example
//! ```json
//! "info": { "version": "1.0" }
//! ```
//! Use instead:
//! ```json
//! "info": { "title": "Contoso", "version": "1.0" }
//! ```
//!
//! ## Fix safety
//! No fix: the connector's display name is the author's to give; ppcert cannot invent it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
use crate::rules::prelude::*;
use crate::rules::util::info::{info, type_name};

pub struct TitleRequired;

impl Rule for TitleRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(info) = info(sw) else { return };
        let Some(title) = info.get("title") else {
            cx.report_key(info, "`info.title` is missing; the connector needs a display name")
                .code("RequiredPropertyMissing")
                .help("add `\"title\": \"<your product name>\"` to `info` (at most 30 characters)");
            return;
        };
        match title.as_str() {
            None => {
                cx.report(
                    title,
                    format!("`info.title` is {}; expected a string", type_name(title)),
                )
                .code("RequiredPropertyMissing");
            }
            Some(_) => {}
        }
    }
}
