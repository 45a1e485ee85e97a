//! ## What it checks
//! That the description of an operation (`summary` / `description`) or of a parameter
//! (`x-ms-summary` / `description`) is not just its title again. The comparison ignores letter
//! case, surrounding whitespace and a final period, so `"Get items"` and `"Get items."` count as
//! the same text.
//!
//! ## Why it matters for certification
//! The designer shows the title as the label and the description as help text beneath or
//! beside it. The connector string guidance asks the description to add information (what the
//! operation does, which values a parameter accepts, defaults, formats); repeating the title
//! tells the user nothing. Many merged connectors still do it, so this is a warning.
//!
//! ## Example
//! ```json
//! "summary": "Get items",
//! "description": "Get items."
//! ```
//! Use instead:
//! ```json
//! "summary": "Get items",
//! "description": "Gets the items of a list, newest first, 100 at a time."
//! ```
//!
//! ## Fix safety
//! No fix: the description has to add what only the author knows (what the operation does, accepted values, defaults); ppcert cannot write it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
use crate::rules::prelude::*;

pub struct SummaryDescriptionDiffer;

fn check(cx: &mut Checker, holder: JsonRef, title_key: &str, what: &str) {
    let Some(title) = holder.get_str(title_key) else { return };
    let Some(node) = holder.get("description") else { return };
    let Some(description) = node.as_str() else { return };
    if util::operations::same_text(title, description) {
        cx.report(
            node,
            format!(
                "{what} description repeats its `{title_key}` \"{}\"",
                util::operations::head(title.trim(), 60)
            ),
        )
        .help("say what the title does not: what it does, accepted values, defaults or format");
    }
}

impl Rule for SummaryDescriptionDiffer {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation, NodeKind::Parameter]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        check(cx, op.node, "summary", "operation");
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, param: &Parameter) {
        check(cx, param.node, "x-ms-summary", "parameter");
    }
}
