//! ## What it checks
//! The `x-ms-summary` labels of output properties (response and notification schemas, and the
//! definitions they use), following Microsoft's connector string guidance: each is in Title
//! Case (short words such as `of`, `and`, `the` may stay lower case), at most 80 characters,
//! does not end with a period, and does not repeat its parent property's summary (the designer
//! prefixes nested outputs with it already: a `Name` inside `User` is shown as "User Name").
//!
//! To stay useful on large definitions it reports **once per schema**: each definition used in
//! outputs, and each inline response schema, gets at most one finding, at its first offending
//! string, with the number of further issues in the same schema. Properties reached through
//! `$ref` are judged with their own definition.
//!
//! Deliberately left out, although the guidance asks for them, because merged connectors ignore
//! them so widely that the findings would bury the useful ones:
//! - an `x-ms-summary` on every output property (84 % of merged output properties have none);
//! - sentence-case output descriptions ending with a period (thousands of merged output
//!   schemas have descriptions that do not; the designer shows them only as tooltips, while
//!   summaries are the labels of dynamic content).
//!
//! Title Case is judged word by word, accepting brand spellings such as `iPhone`; acronyms and
//! numbers are fine.
//!
//! ## Why it matters for certification
//! Output summaries are the labels users pick as dynamic content in the designer, and reviewers
//! ask for short Title Case labels. This is a heuristic (brand names and units do not follow
//! Title Case), so it only warns.
//!
//! ## Example
//! ```json
//! "properties": {
//!   "user": {
//!     "type": "object", "x-ms-summary": "User",
//!     "properties": {
//!       "display_name": { "type": "string", "x-ms-summary": "User display name" }
//!     }
//!   }
//! }
//! ```
//! Use instead:
//! ```json
//! "properties": {
//!   "user": {
//!     "type": "object", "x-ms-summary": "User",
//!     "properties": {
//!       "display_name": { "type": "string", "x-ms-summary": "Display Name" }
//!     }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: one finding stands for every label of a schema, and Title Case is judged heuristically (brand names, units); rewording the labels users pick is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
use crate::rules::prelude::*;
use util::schemas::for_each_child;

pub struct ResponsePropertyStrings;

const MAX_SUMMARY: usize = 80;
/// How deep the walk goes inside one schema.
const MAX_DEPTH: usize = 32;

/// Words Title Case leaves in lower case (articles, conjunctions, short prepositions).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "in", "on", "at",
    "to", "by", "with", "from", "as", "per", "via", "vs", "into", "onto", "over", "up", "off",
    "out", "if", "than", "is", "are", "be", "not",
];

struct Findings<'a> {
    first: Option<(JsonRef<'a>, String)>,
    count: usize,
}

impl<'a> Findings<'a> {
    fn add(&mut self, at: JsonRef<'a>, message: impl FnOnce() -> String) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((at, message()));
        }
    }
}

fn is_title_case(text: &str) -> bool {
    text.split_whitespace().enumerate().all(|(i, word)| {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric());
        let mut chars = w.chars();
        let Some(first) = chars.next() else {
            return true;
        };
        !first.is_ascii_lowercase()
            || chars.next().is_some_and(|c| c.is_uppercase())
            || (i > 0 && SMALL_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
    })
}

fn check_property<'a>(
    name: &str,
    node: JsonRef<'a>,
    parent_summary: Option<&str>,
    out: &mut Findings<'a>,
) {
    if let Some(value) = node.get("x-ms-summary") {
        if let Some(summary) = value.as_str().map(str::trim).filter(|s| !s.is_empty()) {
            let len = util::char_len(summary);
            if !is_title_case(summary) {
                out.add(value, || format!("x-ms-summary `{summary}` of output `{name}` is not in Title Case"));
            } else if len > MAX_SUMMARY {
                out.add(value, || format!("x-ms-summary of output `{name}` is {len} characters long; keep it under {MAX_SUMMARY}"));
            } else if summary.ends_with('.') {
                out.add(value, || format!("x-ms-summary `{summary}` of output `{name}` ends with a period"));
            } else if let Some(parent) = parent_summary.filter(|p| {
                summary.len() > p.len() + 1
                    && summary.is_char_boundary(p.len())
                    && summary[..p.len()].eq_ignore_ascii_case(p)
                    && summary[p.len()..].starts_with(' ')
            }) {
                out.add(value, || format!("x-ms-summary `{summary}` of output `{name}` repeats its parent's `{parent}`, which the designer already prefixes"));
            }
        }
    }
}

fn walk<'a>(node: JsonRef<'a>, parent_summary: Option<&'a str>, depth: usize, out: &mut Findings<'a>) {
    if depth > MAX_DEPTH {
        return;
    }
    for_each_child(node, |child, edge| {
        let mut summary = parent_summary;
        if let Edge::Property(name) = edge {
            check_property(name, child, parent_summary, out);
            summary = child
                .get_str("x-ms-summary")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .or(parent_summary);
        }
        walk(child, summary, depth + 1, out);
    });
}

impl Rule for ResponsePropertyStrings {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Schema]
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, schema: &Schema) {
        if schema.edge != Edge::Root || !schema.role.output {
            return;
        }
        let mut out = Findings {
            first: None,
            count: 0,
        };
        walk(schema.node, None, 0, &mut out);
        let Some((at, message)) = out.first else {
            return;
        };
        let message = match out.count {
            1 => message,
            n => format!("{message} (and {} more in this schema's output summaries)", n - 1),
        };
        cx.report(at, message)
            .help("write output summaries as short Title Case labels without a final period");
    }
}
