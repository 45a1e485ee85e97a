//! ## What it checks
//! That every operation says how prominently the designer shows it, with `x-ms-visibility`
//! (`important`, `advanced` or `internal`). Whether the value is one of those three is checked by
//! `visibility-values`.
//!
//! ## Why it matters for certification
//! The submission checklist lists visibility next to summary and description as information
//! no operation may lack: it decides whether an action is offered first (`important`), behind
//! "show more" (`advanced`) or hidden (`internal`, for helpers such as dynamic-value lookups).
//! The Swagger Validator does not enforce it (most merged operations omit it, which means
//! "none", shown normally), so this is a warning.
//!
//! ## Why it is opt-in (pedantic)
//! 85% of merged connectors have operations without it, and on the noisiest it is the largest
//! share of the output. Select it with `--extend-select pedantic` (or its id) before review.
//!
//! ## Example
//! ```json
//! "get": { "operationId": "ListFolders", "summary": "List folders" }
//! ```
//! Use instead:
//! ```json
//! "get": { "operationId": "ListFolders", "summary": "List folders", "x-ms-visibility": "internal" }
//! ```
//!
//! ## Fix safety
//! No fix: whether an operation is `important`, `advanced` or `internal` is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
use crate::rules::prelude::*;

pub struct OperationVisibilitySet;

impl Rule for OperationVisibilitySet {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        if !op.node.has("x-ms-visibility") {
            cx.report_key(op.node, format!("operation {} has no `x-ms-visibility`", op.label()))
                .help("add \"x-ms-visibility\": \"important\", \"advanced\" or \"internal\"");
        }
    }
}
