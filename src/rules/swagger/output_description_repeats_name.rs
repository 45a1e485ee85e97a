//! ## What it checks
//! That the `description` of an output property (in a response or notification schema, or a
//! definition they use) says more than the property's name: it is reported when, ignoring case,
//! spaces and punctuation, it is the name again (`"displayName"` → `"Display name"`).
//!
//! It reports **once per schema** (each definition used in outputs, each inline response
//! schema), at the first such description, with the number of further ones, as
//! `response-property-strings` does: merged connectors have thousands of them (3,526 in 166 of
//! 1,030 connectors), so one finding per property would bury everything else. Inputs are
//! `description-repeats-name`'s.
//!
//! ## Why it matters for certification
//! Output descriptions are the tooltips of dynamic content in the designer. Reviewers of the
//! PowerPlatformConnectors repository have sent back schemas whose property descriptions only
//! repeat the property names; many merged connectors still have them, so this is a note, not a
//! warning.
//!
//! ## Example
//! ```json
//! "displayName": { "type": "string", "x-ms-summary": "Display Name", "description": "displayName" }
//! ```
//! Use instead:
//! ```json
//! "displayName": { "type": "string", "x-ms-summary": "Display Name",
//!   "description": "The name shown for the widget in the Contoso portal." }
//! ```
//!
//! ## Fix safety
//! No fix: only the author knows what the value means.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - Review threads: PowerPlatformConnectors #1286, #1390, #1712 (tests/review_study)
use crate::rules::prelude::*;
use util::schemas::for_each_child;

pub struct OutputDescriptionRepeatsName;

/// How deep the walk goes inside one schema.
const MAX_DEPTH: usize = 32;

fn walk<'a>(node: JsonRef<'a>, depth: usize, found: &mut Vec<(JsonRef<'a>, &'a str)>) {
    if depth > MAX_DEPTH {
        return;
    }
    for_each_child(node, |child, edge| {
        if let Edge::Property(name) = edge
            && let Some(description) = child.get("description")
            && let Some(text) = description.as_str()
        {
            if !util::operations::bare_is_empty(name) && util::operations::bare_eq(text, name) {
                found.push((description, name));
            }
        }
        walk(child, depth + 1, found);
    });
}

impl Rule for OutputDescriptionRepeatsName {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Schema]
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, schema: &Schema) {
        if schema.edge != Edge::Root || !schema.role.output || schema.role.input {
            return;
        }
        let mut found = Vec::new();
        walk(schema.node, 0, &mut found);
        let Some(&(at, name)) = found.first() else {
            return;
        };
        let more = match found.len() {
            1 => String::new(),
            n => format!(" (and {} more in this schema)", n - 1),
        };
        cx.report(
            at,
            format!("the description of output `{name}` only repeats its name{more}"),
        )
        .help("say what the value is, or leave the description out where the label says it all");
    }
}
