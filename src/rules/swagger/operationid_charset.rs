//! ## What it checks
//! That an `operationId` uses only ASCII letters, digits and underscores (`GetItems`,
//! `GetItems_V2`). Spaces, hyphens, dots, slashes and other characters are reported, with a
//! suggested replacement.
//!
//! ## Why it matters for certification
//! The platform turns the `operationId` into identifiers (in flow definitions, Power Fx
//! formulas and generated SDKs). An id with other characters differs from its sanitized form,
//! which the Swagger Validator reports as `OperationIdSanitized`, and the string guidance asks
//! for camel or Pascal case without punctuation.
//!
//! This is a warning, not an error: hundreds of merged operations use `-` or `.` in their ids,
//! so the validator does not block on it. Renaming the id of a published operation is a
//! breaking change (it deletes the old operation), so fix it before the first release.
//!
//! ## Example
//! ```json
//! "get": { "operationId": "get-file-report" }
//! ```
//! Use instead:
//! ```json
//! "get": { "operationId": "GetFileReport" }
//! ```
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct OperationidCharset;

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `get-file.report` → `GetFileReport`: drop the other characters, capitalizing what follows.
fn suggestion(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut upper = true;
    for c in id.chars() {
        if allowed(c) {
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

impl Rule for OperationidCharset {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some(node) = op.node.get("operationId") else { return };
        let Some(id) = node.as_str() else { return };
        let Some(bad) = util::operations::list_chars(id, |c| !allowed(c)) else { return };
        let d = cx.report(
            node,
            format!("operationId `{id}` contains {bad}; use only letters, digits and `_`"),
        );
        let fixed = suggestion(id);
        if !fixed.is_empty() {
            d.help(format!("for example `{fixed}` (renaming a published operation breaks existing flows)"));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests() {
        assert_eq!(super::suggestion("get-file.report"), "GetFileReport");
        assert_eq!(super::suggestion("GetItems V2"), "GetItemsV2");
        assert_eq!(super::suggestion("--"), "");
    }
}
