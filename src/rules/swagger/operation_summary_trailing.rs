//! ## What it checks
//! That an operation `summary` does not end with whitespace or punctuation. A closing
//! parenthesis is fine (`"Get rows (deprecated)"`, `"Send email (V2)"`). A last character that
//! is restricted (`?`, `/`, ...) is `operation-summary-restricted-chars`' finding, and a
//! typographic or invisible one (`…`, a no-break space) `swagger-strings-english`'s; the
//! characters this rule reports are not reported again by `operation-summary-charset-strict`.
//!
//! ## Why it matters for certification
//! Summaries are titles, not sentences: the connector string guidance asks for no final period
//! and no trailing spaces. A trailing space or line break also makes two otherwise equal
//! summaries differ, and shows up as odd spacing in the designer.
//!
//! ## Example
//! ```json
//! "summary": "Create a contact. "
//! ```
//! Use instead:
//! ```json
//! "summary": "Create a contact"
//! ```
//!
//! ## Fix safety
//! Trailing whitespace: safe (removed; nothing visible changes). Trailing sentence punctuation (`.`, `:`, `!`, `…`, dashes): unsafe (`--unsafe-fixes`): the summary is the action's name in the designer, so users see the change. A closing bracket or quote gets no fix: its partner is earlier in the summary, and what to do with the pair is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
use crate::rules::prelude::*;

/// Punctuation that ends a sentence or trails off, and nothing else.
const TERMINAL: [char; 12] = ['.', ',', ';', ':', '!', '?', '-', '\u{2013}', '\u{2014}', '\u{2026}', '~', '_'];

pub struct OperationSummaryTrailing;

impl Rule for OperationSummaryTrailing {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some((node, text)) = util::operations::summary(op) else { return };
        let Some(last) = text.chars().next_back() else { return };
        if util::operations::SUMMARY_RESTRICTED.contains(&last) || util::chars::is_special(last) {
            return;
        }
        if last.is_whitespace() {
            if !text.trim().is_empty() {
                cx.report(node, "summary ends with whitespace")
                    .help(format!("use \"{}\"", text.trim_end()))
                    .fix(Fix::safe("Remove the trailing whitespace", vec![set_string(node, text.trim_end())]));
            }
        } else if !last.is_alphanumeric() && last != ')' {
            let fixed = text.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == ')'));
            let trailing = &text[fixed.len()..];
            let d = cx.report(node, format!("summary ends with `{last}`; end it with a word"));
            // Only sentence punctuation goes: a closing bracket or quote has its partner earlier,
            // and removing it alone would leave the summary unbalanced.
            if !fixed.is_empty() && trailing.chars().all(|c| TERMINAL.contains(&c) || c.is_whitespace()) {
                d.help(format!("use \"{fixed}\""))
                    .fix(Fix::unsafe_edit(format!("Remove the trailing `{}`", trailing.trim()), vec![set_string(node, fixed)]));
            }
        }
    }
}
