//! ## What it checks
//! That an `operationId` is at most 80 characters long.
//!
//! ## Why it matters for certification
//! The Swagger Validator caps the length of operation ids (`OperationIdTooLong`), but Microsoft
//! does not publish the limit. ppcert uses 80 characters: the same cap the platform documents
//! for operation summaries and parameter titles, and above the longest id in any merged
//! connector (77 characters in the public repository, October 2024), so no connector that was
//! accepted is flagged. Because the real limit is unknown, the finding is a warning. Long ids
//! are also awkward in flow definitions and Power Fx formulas, where they appear verbatim.
//!
//! ## Example
//! ```json
//! "post": { "operationId": "CopyTheMostRecentlyPublishedVersionOfAMarketingLandingPageBackIntoTheDraftEditorView" }
//! ```
//! Use instead:
//! ```json
//! "post": { "operationId": "RestoreLandingPageVersion" }
//! ```
//!
//! ## Fix safety
//! No fix: a shorter id is the author's to choose, and renaming an operationId breaks every flow that uses the operation.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct OperationidMaxLength;

const LIMIT: usize = 80;

impl Rule for OperationidMaxLength {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some(node) = op.node.get("operationId") else { return };
        let Some(id) = node.as_str() else { return };
        let len = util::char_len(id);
        if len > LIMIT {
            cx.report(
                node,
                format!("operationId is {len} characters long; keep it at most {LIMIT}"),
            );
        }
    }
}
