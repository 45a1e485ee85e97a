//! ## What it checks
//! That an operation's `description` reads as a full sentence: it ends with `.`, `!` or `?` (a
//! closing quote or parenthesis after it is fine).
//!
//! ## Why it matters for certification
//! The pull-request template makes the author attest that every operation is described in full
//! sentences. Microsoft's validator does not check it, and about a third of the descriptions in
//! merged connectors do not end with punctuation, so reviewers do not block on it.
//!
//! ## Why it is opt-in (pedantic)
//! It fires on most merged certified connectors, and on the noisiest ones hundreds of times,
//! burying what an author must act on. Select it with `--extend-select pedantic` (or its id) to
//! polish a connector before review.
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
//! Unsafe (`--unsafe-fixes`): a period is added after a final word, closing bracket or quote; users see the description change. A description ending with `:`, `,` or a dash gets no fix: the sentence is unfinished.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.github/pull_request_template.md>
use crate::rules::prelude::*;

pub struct OperationDescriptionSentence;

impl Rule for OperationDescriptionSentence {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some(node) = op.node.get("description") else {
            return;
        };
        let Some(text) = node.as_str().filter(|t| !t.trim().is_empty()) else {
            return;
        };
        if !util::operations::ends_with_sentence_punctuation(text) {
            let end = util::operations::tail(text.trim_end(), 20);
            cx.report(
                node,
                format!("description ends with \"{end}\", not with `.`, `!` or `?`"),
            )
            .help("write the description as a full sentence")
            .fix_if(period(node, text));
        }
    }
}

/// Ends a description whose last word or closing bracket stands bare with a period. After a
/// colon, a comma or a dash the sentence is unfinished, and a period would not finish it.
fn period(node: JsonRef<'_>, text: &str) -> Option<Fix> {
    let trimmed = text.trim_end();
    let last = trimmed.chars().next_back()?;
    (last.is_alphanumeric() || matches!(last, ')' | '"' | '\'' | '`'))
        .then(|| Fix::unsafe_edit("End the description with a period", vec![set_string(node, &format!("{trimmed}."))]))
}
