//! ## What it checks
//! That no placeholder is left for the author to fill in. A placeholder is:
//!
//! - in the definition and `apiProperties.json`, a string value that starts with `TODO:`
//!   (`"description": "TODO: describe the service"`), or a host name, e-mail address or URL whose
//!   first label is the upper-case word `TODO` (`TODO.example.com`, `TODO@example.com`,
//!   `https://TODO.example.com/privacy`) — the forms `ppcert new` writes where a value must stay
//!   valid for the other rules;
//! - in `apiProperties.json`, the `iconBrandColor` `#70d0d0` that `ppcert new` writes for a
//!   certified connector (a colour must be a valid `#RRGGBB`, so it cannot carry a marker); for
//!   an independent publisher `props-brand-color-ip` reports any colour but `#da3b01` instead;
//! - in `readme.md` and `intro.md`, the upper-case word `TODO:` anywhere on a line, outside code
//!   blocks, inline code and HTML comments (`## Publisher: TODO: your company`).
//!
//! Only these exact, upper-case forms count, so ordinary prose does not: a `TODO` enum value, a
//! `todo` list in the text or "TODO" in the middle of a description are not placeholders. On the
//! 1,034 merged connectors of the repository the rule reports nothing.
//!
//! The rule reads four kinds of file; it is declared on the definition so that it runs wherever
//! a connector is linted, including a single named file and the connectors of a solution.
//!
//! ## Why it matters for certification
//! A placeholder that survives into a pull request is text nobody wrote: reviewers send it back,
//! and once published it becomes the connector's documentation. `ppcert new` makes every
//! placeholder a valid value on purpose, so the scaffold lints without errors; this warning is
//! what keeps each of them from being forgotten.
//!
//! ## Example
//! ```json
//! "info": {
//!   "title": "Contoso Weather",
//!   "description": "TODO: describe the service and what the connector does with it."
//! }
//! ```
//! Use instead:
//! ```json
//! "info": {
//!   "title": "Contoso Weather",
//!   "description": "Contoso Weather gives hourly forecasts for any place on Earth."
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the text is the author's to write.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/tree/dev/templates>
use crate::connector::TextFile;
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::{LineKind, markdown_lines};
use crate::rules::util::info::quote;

pub struct PlaceholderTodo;

/// The marker of a text placeholder.
const MARKER: &str = "TODO:";

/// The certified brand colour `ppcert new` writes (`src/scaffold`): valid, not one of the two
/// colours certification refuses, and used by no merged connector, so it reads as "not chosen".
const PLACEHOLDER_COLOR: &str = "#70d0d0";

impl Rule for PlaceholderTodo {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        for file in [&c.swagger, &c.props].into_iter().flatten() {
            let Some(doc) = file.doc() else { continue };
            for node in doc.root().descendants() {
                let Some(text) = node.as_str() else { continue };
                if is_json_placeholder(text) {
                    cx.report(
                        node,
                        format!("placeholder `{}` is still to be written", quote(text.trim())),
                    )
                    .help("write the real value in place of the `TODO` placeholder");
                }
            }
        }
        // For an independent publisher the colour is wrong, not unfinished: props-brand-color-ip
        // reports it.
        if let Some(color) = (c.profile != Profile::IndependentPublisher)
            .then_some(c.props.as_ref())
            .flatten()
            .and_then(|f| f.doc())
            .and_then(|d| d.root().get("properties"))
            .and_then(|p| p.get("iconBrandColor"))
            .filter(|v| {
                v.as_str()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case(PLACEHOLDER_COLOR))
            })
        {
            cx.report(
                color,
                format!(
                    "`iconBrandColor` is `{}`, the placeholder `ppcert new` writes",
                    quote(color.as_str().unwrap_or_default().trim())
                ),
            )
            .help("set it to the background colour of the connector's icon (not #007ee5 or #ffffff)");
        }
        for file in [&c.readme, &c.intro].into_iter().flatten() {
            if file.readable {
                check_markdown(cx, file);
            }
        }
    }
}

/// A JSON string the author has yet to write: `TODO: ...`, or a host, e-mail address or URL
/// whose first label is `TODO`.
fn is_json_placeholder(text: &str) -> bool {
    let text = text.trim_start();
    let address = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    text.starts_with(MARKER) || address.starts_with("TODO.") || address.starts_with("TODO@")
}

fn check_markdown(cx: &mut Checker, file: &TextFile) {
    for line in markdown_lines(&file.text) {
        if line.kind == LineKind::Code {
            continue;
        }
        if let Some(at) = marker_in(line.raw) {
            let start = line.span.start as usize + at;
            let span = Span::new(start, line.span.end as usize);
            let name = if file.kind == FileKind::Intro {
                "intro.md"
            } else {
                "the readme"
            };
            cx.report_text(
                file,
                span,
                format!(
                    "placeholder `{}` in {name} is still to be written",
                    quote(&line.raw[at..])
                ),
            )
            .help("write the text in place of the `TODO:` placeholder");
        }
    }
}

/// The byte offset of the first `TODO:` on a markdown line that starts a word and is not inside
/// inline code (an odd number of backticks before it).
fn marker_in(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = line[from..].find(MARKER) {
        let at = from + i;
        let word_start = line[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let in_code = line[..at].matches('`').count() % 2 == 1;
        if word_start && !in_code {
            return Some(at);
        }
        from = at + MARKER.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_forms() {
        assert!(is_json_placeholder("TODO: describe the service"));
        assert!(is_json_placeholder("TODO.example.com"));
        assert!(is_json_placeholder("TODO@example.com"));
        assert!(is_json_placeholder("https://TODO.example.com/privacy"));
        assert!(!is_json_placeholder("TODO"));
        assert!(!is_json_placeholder("TODO_CUSTOM"));
        assert!(!is_json_placeholder("todo: lower case is prose"));
        assert!(!is_json_placeholder("There is no maximum TODO:."));
        assert!(!is_json_placeholder("https://todo.contoso.com"));
    }

    #[test]
    fn markdown_forms() {
        assert_eq!(marker_in("TODO: write this"), Some(0));
        assert_eq!(marker_in("## Publisher: TODO: your name"), Some(14));
        assert_eq!(marker_in("- TODO: item"), Some(2));
        assert_eq!(marker_in("use `TODO:` markers"), None);
        assert_eq!(marker_in("XTODO: no"), None);
        assert_eq!(marker_in("via [TODO HERE]"), None);
    }
}
