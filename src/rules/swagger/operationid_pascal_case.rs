//! ## What it checks
//! That an `operationId` made of letters, digits and underscores starts with a capital letter
//! (`GetAllApps`, not `getAllApps`). Underscores before a version suffix (`GetItems_V2`) are
//! accepted; other characters are `operationid-charset`'s.
//!
//! ## Why it matters for certification
//! Reviewers of the PowerPlatformConnectors repository ask new connectors to write operationIds
//! in Pascal case, the form Microsoft's own connectors use and the one Power Fx shows
//! (`Contoso.GetAllApps()`). It is a note, not a warning: 223 of 1,030 merged connectors have
//! other ids, and renaming the operationId of a published operation breaks every flow that uses
//! it (`operation-id-changed`), so only new operations should follow it.
//!
//! ## Example
//! ```json
//! "operationId": "getAllApps"
//! ```
//! Use instead:
//! ```json
//! "operationId": "GetAllApps"
//! ```
//!
//! ## Fix safety
//! No fix: renaming a published operation's id breaks the flows bound to it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2360>
use crate::rules::prelude::*;

pub struct OperationidPascalCase;

impl Rule for OperationidPascalCase {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some(node) = op.node.get("operationId") else { return };
        let Some(id) = node.as_str() else { return };
        // Other characters are operationid-charset's finding.
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return;
        }
        if id.starts_with(|c: char| c.is_ascii_uppercase()) {
            return;
        }
        let mut chars = id.chars();
        let suggestion: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        cx.report(node, format!("operationId `{id}` is not in Pascal case"))
            .help(format!(
                "for a new operation write `{suggestion}`; keep the id of a published one (flows are bound to it)"
            ));
    }
}
