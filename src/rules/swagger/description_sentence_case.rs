//! ## What it checks
//! That the `description` of a parameter, or of a property users fill in (in a request body),
//! starts as a sentence: a description of three words or more whose first word is an ordinary
//! lowercase word (`the number of widgets to return`) is reported. Words written in lowercase
//! on purpose are left alone: identifiers with inner capitals, digits, dots or other marks
//! (`iPhone`, `e.g.`, `x-api-key`, `$top`).
//!
//! Missing end punctuation is not reported: about a third of merged parameter descriptions have
//! none (7,643 of 24,183), and the guidance lets short descriptions go without.
//!
//! ## Why it matters for certification
//! The designer shows these descriptions as the help text of fields, and the connector string
//! guidance asks for sentence case. Reviewers of the PowerPlatformConnectors repository send
//! back parameter descriptions that are not written as sentences.
//!
//! ## Example
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top",
//!   "description": "the number of widgets to return" }
//! ```
//! Use instead:
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top",
//!   "description": "The number of widgets to return." }
//! ```
//!
//! ## Fix safety
//! Safe: the first letter is capitalised; the words stay the same.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - Review thread: PowerPlatformConnectors #2003 (tests/review_study)
use crate::rules::prelude::*;

pub struct DescriptionSentenceCase;

/// The description with its first letter capitalised, when it starts with an ordinary
/// lowercase word and has three words or more.
pub(crate) fn capitalised(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let mut words = trimmed.split_whitespace();
    let first = words.next()?;
    if words.take(2).count() < 2 {
        return None;
    }
    let word = first.trim_end_matches([',', ':', ';']);
    let mut chars = word.chars();
    let head = chars.next()?;
    if !head.is_ascii_lowercase() || !chars.all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let lead = text.len() - trimmed.len();
    Some(format!(
        "{}{}{}",
        &text[..lead],
        head.to_ascii_uppercase(),
        &trimmed[1..]
    ))
}

fn check(cx: &mut Checker, holder: JsonRef, name: Option<&str>, what: &str) {
    let Some(node) = holder.get("description") else { return };
    let Some(text) = node.as_str() else { return };
    // Only the name again is description-repeats-name's finding.
    if name.is_some_and(|n| util::operations::bare_eq(n, text)) {
        return;
    }
    let Some(fixed) = capitalised(text) else { return };
    cx.report(
        node,
        format!(
            "the description of {what} starts in lowercase (\"{}\")",
            util::operations::head(text.trim(), 40)
        ),
    )
    .help("write descriptions as sentences: a capital letter first, a period at the end")
    .fix(Fix::safe("Capitalise the first letter", vec![set_string(node, &fixed)]));
}

impl Rule for DescriptionSentenceCase {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter, NodeKind::Schema]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, param: &Parameter) {
        // A shared parameter is reported at its definition; the pipeline keeps one finding.
        check(cx, param.node, param.name(), "a parameter");
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, s: &Schema) {
        if let Edge::Property(name) = s.edge
            && s.role.input
        {
            check(cx, s.node, Some(name), "an input property");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn sentences() {
        assert_eq!(
            capitalised("the number of widgets").as_deref(),
            Some("The number of widgets")
        );
        assert_eq!(capitalised("The number of widgets"), None);
        assert_eq!(capitalised("iPhone model to use"), None);
        assert_eq!(capitalised("e.g. the name"), None);
        assert_eq!(capitalised("widget id"), None, "two words");
    }
}
