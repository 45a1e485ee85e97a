//! ## What it checks
//! The user-facing strings of the definition (the ones `swagger-strings-english` reads: titles,
//! summaries, descriptions and `x-ms-summary` labels of the document, operations, parameters,
//! schemas, responses and headers) for stray white space:
//! - two or more spaces between words (`keeps an inventory.  Use it to ...`); runs at the start
//!   or end of a line of a multi-line text are indentation and line breaks, and are left alone;
//! - white space at the start or the end of the string. The end of `info.title` and of an
//!   operation `summary` is left to `title-trailing-alphanumeric` and
//!   `operation-summary-trailing`.
//!
//! ## Why it matters for certification
//! The designer shows these strings as they are written, and reviewers of the
//! PowerPlatformConnectors repository ask for doubled spaces and padded strings to be cleaned up
//! before they approve. They are also a common sign of text pasted from elsewhere.
//!
//! ## Example
//! ```json
//! "description": " Lists the widgets.  Newest first. "
//! ```
//! Use instead:
//! ```json
//! "description": "Lists the widgets. Newest first."
//! ```
//!
//! ## Fix safety
//! Safe: runs of spaces between words become one space and the string is trimmed; users see
//! the same words.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - Review thread: PowerPlatformConnectors #1799 (tests/review_study)
use crate::rules::prelude::*;
use crate::rules::util::document::{Loc, text_keys, walk};

pub struct StringWhitespace;

/// Whether `text` has two or more spaces between two other characters of one line.
fn doubled_space(text: &str) -> bool {
    // Most texts have no two spaces in a row anywhere, which one pass over the bytes tells.
    text.as_bytes().windows(2).any(|pair| pair == b"  ")
        && text.lines().any(|line| line.trim().contains("  "))
}

/// `text` with each run of spaces inside a line made one space, and trimmed at both ends unless
/// `keep_end`.
fn tidy(text: &str, keep_end: bool) -> String {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let start = line.len() - line.trim_start().len();
        let end = line.trim_end().len().max(start);
        let mut inner = String::with_capacity(line.len());
        let mut last_space = false;
        for c in line[start..end].chars() {
            if c == ' ' && last_space {
                continue;
            }
            last_space = c == ' ';
            inner.push(c);
        }
        lines.push(format!("{}{inner}{}", &line[..start], &line[end..]));
    }
    let joined = lines.join("\n");
    if keep_end {
        joined.trim_start().to_owned()
    } else {
        joined.trim().to_owned()
    }
}

fn check(cx: &mut Checker, key: &str, value: JsonRef<'_>, end_is_other_rules: bool) {
    let Some(text) = value.as_str() else { return };
    if text.trim().is_empty() {
        return;
    }
    let mut problems = Vec::new();
    if doubled_space(text) {
        problems.push("two spaces in a row");
    }
    if text.starts_with(char::is_whitespace) {
        problems.push("white space at the start");
    }
    if !end_is_other_rules && text.ends_with(char::is_whitespace) {
        problems.push("white space at the end");
    }
    if problems.is_empty() {
        return;
    }
    let tidied = tidy(text, end_is_other_rules);
    let d = cx.report(value, format!("`{key}` has {}", problems.join(" and ")));
    d.help("keep one space between words and none around the text");
    if tidied != text {
        d.fix(Fix::safe("Tidy the white space", vec![set_string(value, &tidied)]));
    }
}

impl Rule for StringWhitespace {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn weight(&self) -> u16 {
        50
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        walk(sw, |loc, node| {
            for &key in text_keys(loc) {
                if let Some(value) = node.get(key) {
                    let end_is_other_rules = matches!(
                        (loc, key),
                        (Loc::Info, "title") | (Loc::Operation, "summary")
                    );
                    check(cx, key, value, end_is_other_rules);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces() {
        assert!(doubled_space("a  b"));
        assert!(!doubled_space("a b\n  - item"));
        assert!(!doubled_space("line one  \nline two"));
        assert_eq!(tidy(" a  b.  c ", false), "a b. c");
        assert_eq!(tidy("a  b ", true), "a b ");
        assert_eq!(tidy("a\n  - b  c", false), "a\n  - b c");
    }
}
