//! ## What it checks
//! That an operation `summary` is at most 80 characters long.
//!
//! ## Why it matters for certification
//! The summary is the action or trigger name in the designer's picker and on the card. The
//! certification checklist and the connector string guidance cap it at 80 characters, and no
//! merged connector exceeds that.
//!
//! The validator's own page describes `OperationSummaryTooLong` as "fewer than 120 characters";
//! the two documented limits disagree. ppcert uses 80, the stricter one that the certification
//! reviewers apply.
//!
//! ## Example
//! ```json
//! "summary": "Retrieve the full list of every document that is currently stored in the selected workspace folder"
//! ```
//! Use instead:
//! ```json
//! "summary": "List documents in a folder"
//! ```
//!
//! ## Fix safety
//! No fix: shortening the summary means rewording the action's name, which is the author's to choose.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct OperationSummaryMaxLength;

const LIMIT: usize = 80;

impl Rule for OperationSummaryMaxLength {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some((node, text)) = util::operations::summary(op) else { return };
        let len = util::char_len(text);
        if len > LIMIT {
            cx.report(
                node,
                format!("summary is {len} characters long; the limit is {LIMIT}"),
            )
            .help("move the details into the operation's `description`");
        }
    }
}
