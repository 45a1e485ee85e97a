//! ## What it checks
//! That text users read is words, not an identifier: an operation's `summary`, and the
//! `x-ms-summary` and `description` of a parameter or an input property (output labels are
//! `response-property-strings`'; a description that is only the name is
//! `description-repeats-name`'s). A label is reported when it has no space and is made of
//! letters, digits and underscores only, and
//! - it is the operationId, parameter name or property name itself in camelCase, PascalCase or
//!   snake_case (`GetOrders`, `orderId`, `order_id`), or
//! - it is snake_case (`order_id`), or has two or more humps (`getOrderItems`) whatever the name.
//!
//! One hump on its own is left alone in a label when it is not the name: brand names are written
//! so (`LinkedIn`, `GitHub`). A description is meant to be a sentence, so there one joined word
//! (`WidgetName`) is reported too; so is a response's `description` written as a status name
//! (`BadRequest`, `not_found`).
//!
//! ## Why it matters for certification
//! The designer shows these labels as the card title and the field names. Reviewers of the
//! PowerPlatformConnectors repository ask authors to replace identifiers copied into them with
//! sentence-case words (`Get orders`, `Order ID`); an identifier reads as unfinished work to the
//! people who pick actions from the list. The string guidance asks for plain words.
//!
//! ## Example
//! ```json
//! "operationId": "GetOrders",
//! "summary": "GetOrders"
//! ```
//! Use instead:
//! ```json
//! "operationId": "GetOrders",
//! "summary": "Get orders"
//! ```
//!
//! ## Fix safety
//! No fix: splitting an identifier into words is a guess about casing and acronyms (`GetURLs`,
//! `orderId` → "Order ID"), and the label is what users see.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - Review threads: PowerPlatformConnectors #602, #1595, #1747, #1942 (tests/review_study)
use crate::rules::prelude::*;

pub struct SummaryNotIdentifier;

/// How many times a lowercase letter is followed by an uppercase one.
fn humps(text: &str) -> usize {
    text.as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        .count()
}

fn snake(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_alphanumeric() && w[1] == b'_' && w[2].is_ascii_alphabetic())
}

/// Why `label` is an identifier rather than words, if it is one.
pub(crate) fn identifier_like(label: &str, name: Option<&str>) -> Option<&'static str> {
    let label = label.trim();
    if label.len() < 2
        || !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let styled = snake(label) || humps(label) > 0;
    if styled && name == Some(label) {
        return Some("is the identifier itself");
    }
    if snake(label) {
        return Some("is snake_case");
    }
    if humps(label) >= 2 {
        return Some("is camelCase");
    }
    None
}

/// As [`identifier_like`], for a description, which is meant to be a sentence: one word with a
/// hump (`WidgetName`, `BadRequest`) is an identifier too.
pub(crate) fn description_identifier(text: &str, name: Option<&str>) -> Option<&'static str> {
    identifier_like(text, name).or_else(|| {
        let text = text.trim();
        (text.len() >= 2 && text.bytes().all(|b| b.is_ascii_alphanumeric()) && humps(text) == 1)
            .then_some("is one joined word")
    })
}

fn check(cx: &mut Checker, holder: JsonRef, key: &str, name: Option<&str>, what: &str) {
    let Some(node) = holder.get(key) else { return };
    let Some(label) = node.as_str() else { return };
    // A description that is only the name is description-repeats-name's finding.
    if key == "description"
        && name.is_some_and(|n| util::operations::bare_eq(n, label))
    {
        return;
    }
    let why = if key == "description" {
        description_identifier(label, name)
    } else {
        identifier_like(label, name)
    };
    let Some(why) = why else { return };
    cx.report(
        node,
        format!("{what} `{key}` \"{}\" {why}, not words", util::operations::head(label.trim(), 60)),
    )
    .help("write it as words in sentence case, e.g. \"Get orders\", \"Order ID\"");
}

impl Rule for SummaryNotIdentifier {
    fn kinds(&self) -> &'static [NodeKind] {
        &[
            NodeKind::Document,
            NodeKind::Operation,
            NodeKind::Parameter,
            NodeKind::Response,
            NodeKind::Schema,
        ]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        // Shared responses once here; inline ones through `response`.
        if let Some(responses) = sw.root.get("responses") {
            for (_, response) in responses.members() {
                check(cx, response, "description", None, "the response's");
            }
        }
    }

    fn response(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, response: &Response) {
        if response.site.id() == response.node.id() {
            check(cx, response.node, "description", None, "the response's");
        }
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        check(cx, op.node, "summary", op.operation_id(), "the operation's");
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, param: &Parameter) {
        check(cx, param.node, "x-ms-summary", param.name(), "the parameter's");
        check(cx, param.node, "description", param.name(), "the parameter's");
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, s: &Schema) {
        // Output labels are response-property-strings' (Title Case labels).
        let Edge::Property(name) = s.edge else { return };
        if s.role.input {
            check(cx, s.node, "x-ms-summary", Some(name), "the property's");
            check(cx, s.node, "description", Some(name), "the property's");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::identifier_like;

    #[test]
    fn identifiers_and_words() {
        assert!(identifier_like("GetOrders", Some("GetOrders")).is_some());
        assert!(identifier_like("orderId", Some("orderId")).is_some());
        assert!(identifier_like("order_id", None).is_some());
        assert!(identifier_like("getOrderItems", None).is_some());
        assert!(identifier_like("LinkedIn", None).is_none(), "one hump, not the name");
        assert!(identifier_like("Orders", Some("Orders")).is_none(), "a plain word");
        assert!(identifier_like("Get orders", Some("GetOrders")).is_none());
        assert!(identifier_like("ID", Some("ID")).is_none());
        assert!(identifier_like("URL", None).is_none());
        assert!(super::description_identifier("BadRequest", None).is_some());
        assert!(super::description_identifier("WidgetName", Some("name")).is_some());
        assert!(super::description_identifier("OK", None).is_none());
        assert!(super::description_identifier("Success", None).is_none());
    }
}
