//! ## What it checks
//! That an operation `summary` uses only letters, digits, spaces and parentheses. Characters the
//! validator rejects outright (`/ \ < > * % & ?`) are left to
//! `operation-summary-restricted-chars`, typographic and invisible ones (`–`, `’`, a no-break
//! space) to `swagger-strings-english`, which says what to type instead, and the punctuation
//! ending the summary to `operation-summary-trailing`; this rule reports the rest, such as `-`,
//! `'`, `,`, `:`, `|`, `_` and symbols like `™`.
//!
//! ## Why it matters for certification
//! The certification checklist asks for summaries made of alphanumeric characters and
//! parentheses only. The Swagger Validator is more lenient (many merged summaries contain
//! hyphens, apostrophes or commas), so this is a warning: it tells you what a strict reviewer
//! may ask you to change. Letters outside ASCII are accepted here; whether the text is English
//! is a separate question.
//!
//! ## Why it is opt-in (pedantic)
//! It is stricter than the validator and fires on about a fifth of merged connectors, hundreds
//! of times on the noisiest. Select it with `--extend-select pedantic` (or its id).
//!
//! ## Example
//! ```json
//! "summary": "Get user's profile - basic info"
//! ```
//! Use instead:
//! ```json
//! "summary": "Get basic user profile"
//! ```
//!
//! ## Fix safety
//! No fix: which words replace a hyphen, comma, colon or apostrophe (`e-mail`, `user's`, `Create, update`) is the author's call; dropping them can change the meaning.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
use crate::rules::prelude::*;
use util::operations::SUMMARY_RESTRICTED;

pub struct OperationSummaryCharsetStrict;

fn flagged(c: char) -> bool {
    !(c.is_alphanumeric() || c == ' ' || c == '(' || c == ')')
        && !SUMMARY_RESTRICTED.contains(&c)
        && !util::chars::is_special(c)
}

impl Rule for OperationSummaryCharsetStrict {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some((node, text)) = util::operations::summary(op) else { return };
        let text = match util::operations::reported_trailing_run(text) {
            Some(run) => &text[..text.len() - run.len()],
            None => text,
        };
        let Some(bad) = util::operations::list_chars(text, flagged) else { return };
        cx.report(
            node,
            format!("summary contains {bad}; use only letters, digits, spaces and parentheses"),
        );
    }
}
