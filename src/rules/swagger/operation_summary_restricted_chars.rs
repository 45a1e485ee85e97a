//! ## What it checks
//! That an operation `summary` contains none of the characters `/ \ < > * % & ?`.
//!
//! ## Why it matters for certification
//! The Swagger Validator rejects these characters in summaries
//! (`RestrictedCharactersInSummary`), and the string guidance asks for "or" instead of a slash.
//! Reviewers cite this as one of the most common reasons for sending a connector back.
//!
//! ## Example
//! ```json
//! "summary": "Create/update a contact & notify owner?"
//! ```
//! Use instead:
//! ```json
//! "summary": "Create or update a contact and notify the owner"
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): `/` and `\` become "or", `&` "and", `%` "percent", the other characters go and the spaces are tidied; users see the action's name change.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1095>
use crate::rules::prelude::*;
use util::operations::SUMMARY_RESTRICTED;

pub struct OperationSummaryRestrictedChars;

impl Rule for OperationSummaryRestrictedChars {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some((node, text)) = util::operations::summary(op) else { return };
        let Some(bad) = util::operations::list_chars(text, |c| SUMMARY_RESTRICTED.contains(&c))
        else {
            return;
        };
        let worded = words_for(text);
        cx.report(node, format!("summary contains {bad}; none of `/ \\ < > * % & ?` is allowed"))
            .help("write the words instead: \"or\" for `/`, \"and\" for `&`, \"percent\" for `%`")
            .fix_if((!worded.is_empty()).then(|| Fix::unsafe_edit(format!("Write \"{worded}\""), vec![set_string(node, &worded)])));
    }
}

/// The summary with words for `/`, `\`, `&` and `%`, the other restricted characters dropped,
/// and the spaces that leaves collapsed: `Read/write A & B?` → `Read or write A and B`.
fn words_for(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '/' | '\\' => out.push_str(" or "),
            '&' => out.push_str(" and "),
            '%' => out.push_str(" percent "),
            c if SUMMARY_RESTRICTED.contains(&c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn words() {
        assert_eq!(super::words_for("Read/write A & B?"), "Read or write A and B");
        assert_eq!(super::words_for("Set 100% <now>"), "Set 100 percent now");
    }
}
