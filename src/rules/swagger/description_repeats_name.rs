//! ## What it checks
//! That the `description` of a parameter or of a property users fill in (in a request body)
//! says more than its name: it is reported when, ignoring case, spaces and punctuation, it is the
//! name again (`"userId"` → `"User ID"`, `"email"` → `"Email."`). Response properties are not
//! checked: flows read them, their descriptions mostly come from the API, and about 30,000 of
//! them repeat their name in 611 merged connectors, so reviewers accept it there far more often
//! than not (two of the study's three reviews that asked were about outputs).
//!
//! ## Why it matters for certification
//! The designer shows the description as the help text of a field. Reviewers of the
//! PowerPlatformConnectors repository ask for descriptions that tell users what the value is,
//! which values it takes and where to find it; a description that repeats the field's name is
//! sent back. `summary-description-differ` covers a description that repeats the label; this rule
//! covers the name.
//!
//! ## Example
//! ```json
//! { "name": "userId", "in": "query", "type": "string", "x-ms-summary": "User",
//!   "description": "User ID" }
//! ```
//! Use instead:
//! ```json
//! { "name": "userId", "in": "query", "type": "string", "x-ms-summary": "User",
//!   "description": "The user whose tasks are listed, as shown in the address of their profile page." }
//! ```
//!
//! ## Fix safety
//! No fix: only the author knows what the value means and where users find it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - Review threads: PowerPlatformConnectors #1286, #1390, #1712 (tests/review_study)
use crate::rules::prelude::*;

pub struct DescriptionRepeatsName;

fn check(cx: &mut Checker, holder: JsonRef, name: Option<&str>, what: &str) {
    let Some(name) = name else { return };
    let Some(node) = holder.get("description") else { return };
    let Some(description) = node.as_str() else { return };
    if util::operations::bare_is_empty(name) || !util::operations::bare_eq(description, name) {
        return;
    }
    // Repeating the label too is summary-description-differ's finding.
    if holder
        .get_str("x-ms-summary")
        .is_some_and(|label| util::operations::same_text(label, description))
    {
        return;
    }
    cx.report(
        node,
        format!(
            "the description of {what} `{name}` only repeats its name (\"{}\")",
            util::operations::head(description.trim(), 60)
        ),
    )
    .help("say what the value is, which values it takes, and where users find it");
}

impl Rule for DescriptionRepeatsName {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter, NodeKind::Schema]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, param: &Parameter) {
        check(cx, param.node, param.name(), "parameter");
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, s: &Schema) {
        // What users fill in; output properties are read by flows, and their descriptions are
        // mostly generated from the API (tens of thousands repeat the name in merged connectors).
        let Edge::Property(name) = s.edge else { return };
        if s.role.input {
            check(cx, s.node, Some(name), "property");
        }
    }
}
