//! ## What it checks
//! That `intro.md` does not list the connector's actions and triggers. Two signs are reported:
//!
//! - a heading such as `Supported Operations`, `Actions` or `Triggers`;
//! - a bulleted or numbered list in which at least three items (and at least half of them)
//!   start with the summary or operationId of one of the definition's operations, e.g.
//!   ``- `Send SMS`: sends a text message``.
//!
//! Mentioning an operation while explaining how to get started is fine, and not reported.
//!
//! ## Why it matters for certification
//! The documentation page generates the list of actions and triggers from the definition; a
//! hand-written list in the intro duplicates it and goes stale with the next update.
//!
//! ## Example
//! ```markdown
//! ## Supported Operations
//! - `Send SMS`: sends a text message
//! ```
//! Use instead: leave the operations out of `intro.md`; describe them in the definition's
//! summaries and descriptions (and in `readme.md`).
//!
//! ## Fix safety
//! No fix: the list is prose the author wrote and this check is a heuristic; whether to delete it, or what of it to keep, is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-for-certification>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::{LineKind, Section, markdown_lines, operation_names};

pub struct IntroNoOperationList;

impl Rule for IntroNoOperationList {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(intro) = c.intro.as_ref().filter(|i| i.readable) else {
            return;
        };
        let lines = markdown_lines(&intro.text);
        for line in &lines {
            if matches!(line.kind, LineKind::Heading(n) if n > 0) && Section::Operations.matches(&line.heading) {
                cx.report_text(
                    intro,
                    line.span,
                    format!(
                        "intro.md lists the connector's operations under `{}`; the documentation generates that list",
                        line.raw.trim().trim_start_matches('#').trim()
                    ),
                )
                .help("remove the section; describe operations in the definition's summaries and descriptions");
            }
        }
        let names = operation_names(c);
        if names.is_empty() {
            return;
        }
        // Runs of list items.
        let mut i = 0;
        while i < lines.len() {
            if lines[i].kind != LineKind::ListItem {
                i += 1;
                continue;
            }
            let start = i;
            while i < lines.len() && matches!(lines[i].kind, LineKind::ListItem | LineKind::Text) {
                i += 1;
            }
            let items: Vec<_> = lines[start..i].iter().filter(|l| l.kind == LineKind::ListItem).collect();
            let matching = items.iter().filter(|l| names_operation(l.raw, &names)).count();
            if matching >= 3 && matching * 2 >= items.len() {
                let span = Span::new(items[0].span.start as usize, items[items.len() - 1].span.end as usize);
                cx.report_text(
                    intro,
                    span,
                    format!("intro.md lists {matching} of the connector's operations; the documentation generates that list"),
                )
                .help("remove the list; describe operations in the definition's summaries and descriptions");
            }
        }
    }
}

/// Whether a list item starts with one of the operation names (lower case).
fn names_operation(raw: &str, names: &[String]) -> bool {
    let t = raw.trim_start();
    let t = t.trim_start_matches(|c: char| c == '-' || c == '*' || c == '+' || c.is_ascii_digit() || c == '.' || c == ')');
    let t: String = t
        .trim_start()
        .trim_start_matches(['*', '_', '`', '['])
        .chars()
        .take(120)
        .collect::<String>()
        .to_lowercase();
    names.iter().any(|n| {
        t.starts_with(n.as_str())
            && t[n.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
    })
}
