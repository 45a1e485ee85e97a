//! ## What it checks
//! That every operation has a `description` string. Whether it reads as a full sentence is
//! `operation-description-sentence`'s (opt-in) business; a blank description (`""` or spaces) is
//! reported by `swagger-no-empty-values`, which owns every empty string.
//!
//! ## Why it matters for certification
//! The description is the help text of the action or trigger in the designer. The
//! certification checklist says no operation may lack one, and the pull-request template makes
//! the author attest that every operation is described in full sentences.
//!
//! A missing description is an error. Operations marked `"x-ms-visibility": "internal"` are
//! never shown to users, and every merged connector that lacks a description does so only on
//! internal operations, so for those a missing description is a warning too.
//!
//! ## Example
//! ```json
//! "post": { "operationId": "CreateContact", "summary": "Create a contact", "description": "Creates a contact" }
//! ```
//! Use instead:
//! ```json
//! "post": { "operationId": "CreateContact", "summary": "Create a contact", "description": "Creates a contact in the selected address book." }
//! ```
//!
//! ## Fix safety
//! No fix: the description is the author's to write; ppcert cannot know what the operation does.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.github/pull_request_template.md>
use crate::rules::prelude::*;

pub struct OperationDescriptionRequired;

impl Rule for OperationDescriptionRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let internal = util::operations::is_internal(op);
        let d = match op.node.get("description") {
            None => cx
                .report_key(op.node, format!("operation {} has no `description`", op.label()))
                .help("add a full sentence that says what the operation does, ending with a period"),
            Some(node) => match node.as_str() {
                Some(_) => return,
                None => cx.report(
                    node,
                    format!("`description` must be a string, found {}", node.json_type()),
                ),
            },
        };
        if internal {
            d.severity(Severity::Warning);
        }
    }
}
