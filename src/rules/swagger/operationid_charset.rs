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
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): the operationId becomes its suggested form (`get-file.report` → `GetFileReport`); flows built on the old id break. Offered only when no other operation has the new id and nothing else (dynamic values, policy templates, the script) names the old one.
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

/// Whether `id` can become `new` by editing the operationId alone: no other operation has `new`,
/// and nothing else names `id` (dynamic values, policy templates, the script), which the rename
/// would leave pointing nowhere.
fn renamable(sw: &Swagger, connector: &Connector, id: &str, new: &str) -> bool {
    if sw.operations.iter().any(|o| o.node.get_str("operationId") == Some(new)) {
        return false;
    }
    let quoted = serde_json::to_string(id).unwrap_or_default();
    let mentions = sw.file.text().map_or(0, |t| memchr::memmem::find_iter(t.as_bytes(), quoted.as_bytes()).count());
    let elsewhere = [connector.props.as_ref().and_then(|f| f.text()), connector.script.as_ref().map(|s| s.text.as_str())]
        .into_iter()
        .flatten()
        .any(|t| t.contains(id));
    mentions == 1 && !elsewhere
}

impl Rule for OperationidCharset {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(node) = op.node.get("operationId") else { return };
        let Some(id) = node.as_str() else { return };
        let Some(bad) = util::operations::list_chars(id, |c| !allowed(c)) else { return };
        let fixed = suggestion(id);
        let fix = (!fixed.is_empty() && renamable(sw, cx.connector(), id, &fixed))
            .then(|| Fix::unsafe_edit(format!("Rename to `{fixed}`"), vec![set_string(node, &fixed)]));
        let d = cx.report(
            node,
            format!("operationId `{id}` contains {bad}; use only letters, digits and `_`"),
        );
        if !fixed.is_empty() {
            d.help(format!("for example `{fixed}` (renaming a published operation breaks existing flows)"));
        }
        d.fix_if(fix);
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
