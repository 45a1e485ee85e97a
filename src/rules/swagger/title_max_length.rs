//! ## What it checks
//! That `info.title`, the connector's display name, is at most 30 characters long.
//!
//! ## Why it matters for certification
//! The title is shown in narrow places (the connector gallery, the action picker), and the
//! Swagger Validator rejects longer ones with `FieldLengthExceeded`; the certification bot
//! repeats the check.
//!
//! ## Example
//! ```json
//! "info": { "title": "Contoso Customer Relationship Manager" }
//! ```
//! Use instead:
//! ```json
//! "info": { "title": "Contoso CRM" }
//! ```
//!
//! ## Fix safety
//! No fix: a shorter display name is the author's to choose; ppcert cannot abbreviate a product name.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
use crate::rules::prelude::*;

pub struct TitleMaxLength;

const LIMIT: usize = 30;

impl Rule for TitleMaxLength {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(title) = sw.root.get("info").and_then(|i| i.get("title")) else { return };
        let Some(text) = title.as_str() else { return };
        let len = util::char_len(text);
        if len > LIMIT {
            cx.report(title, format!("title is {len} characters long; the limit is {LIMIT}"));
        }
    }
}
