//! ## What it checks
//! That an operation `summary` contains none of the characters `/ \ < > * % & ?`.
//!
//! ## Why it matters for certification
//! The Swagger Validator rejects these characters in summaries
//! (`RestrictedCharactersInSummary`), and the string guidance asks for "or" instead of a slash.
//! Reviewers cite this as one of the most common reasons for sending a connector back.
//!
//! ## Example
//! ```json
//! "summary": "Create/update a contact & notify owner?"
//! ```
//! Use instead:
//! ```json
//! "summary": "Create or update a contact and notify the owner"
//! ```
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1095>
use crate::rules::prelude::*;
use util::operations::SUMMARY_RESTRICTED;

pub struct OperationSummaryRestrictedChars;

impl Rule for OperationSummaryRestrictedChars {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some((node, text)) = util::operations::summary(op) else { return };
        let Some(bad) = util::operations::list_chars(text, |c| SUMMARY_RESTRICTED.contains(&c))
        else {
            return;
        };
        cx.report(node, format!("summary contains {bad}; none of `/ \\ < > * % & ?` is allowed"))
            .help("write the words instead: \"or\" for `/`, \"and\" for `&`, \"percent\" for `%`");
    }
}
