//! ## What it checks
//! That the user-facing strings of operations and parameters do not name a Power Platform
//! product: the operation's `summary`, `description` and `x-ms-summary`, and each parameter's
//! `x-ms-summary`, `summary` and `description` (referenced parameters included). The names
//! checked are "Power Apps", "Power Automate", "Logic Apps", "PowerApps" and "Microsoft Flow",
//! as whole words in any letter case.
//!
//! ## Why it matters for certification
//! A connector works in several Power Platform products (and in Copilot Studio), so its strings
//! must not tie it to one of them. The certification checklist forbids product names in
//! operation and parameter summaries and descriptions, and the validator's restricted-word list
//! holds "power apps", "power automate" and "logic apps".
//!
//! Schema properties (the fields of a body or response) are not checked here. The connector's
//! own description is checked by `description-no-product-names`.
//!
//! ## Example
//! ```json
//! "summary": "Send a message",
//! "description": "Sends a message from your Power Automate flow to a channel."
//! ```
//! Use instead:
//! ```json
//! "summary": "Send a message",
//! "description": "Sends a message to a channel."
//! ```
//!
//! ## Fix safety
//! No fix: taking the product name out leaves a sentence to reword, and the wording of summaries and descriptions is the author's.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
use crate::rules::prelude::*;

pub struct NoProductNamesInStrings;

fn check(cx: &mut Checker, holder: JsonRef, keys: &[&str], what: &str) {
    for key in keys {
        let Some(node) = holder.get(key) else { continue };
        let Some(text) = node.as_str() else { continue };
        if let Some(name) = util::operations::product_name_in(text) {
            cx.report(node, format!("{what} `{key}` names the product \"{name}\""))
                .help("describe what the connector does without naming a Power Platform product");
        }
    }
}

impl Rule for NoProductNamesInStrings {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation, NodeKind::Parameter]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        check(cx, op.node, &["summary", "description", "x-ms-summary"], "operation");
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, param: &Parameter) {
        check(cx, param.node, &["x-ms-summary", "summary", "description"], "parameter");
    }
}
