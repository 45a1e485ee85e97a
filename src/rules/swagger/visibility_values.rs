//! ## What it checks
//! That every `x-ms-visibility`, on operations, parameters (also next to a `$ref`) and schemas,
//! is one of `important`, `advanced` or `internal`, written in lowercase as the connector
//! schema requires. An empty string, another case (`Advanced`) or another word (`none`,
//! `hidden`) is reported.
//!
//! The merged connectors hold about 90 empty values and a few capitalised ones, in 5
//! connectors; the platform seems to read them leniently, but the published schema does not,
//! so they stay errors: the fix is mechanical (lowercase the value, or remove an empty one).
//!
//! ## Why it matters for certification
//! Visibility decides whether the designer shows an input up front, under "advanced", or not at
//! all. A value outside the list is ignored or rejected depending on the tool reading it.
//!
//! ## Example
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-visibility": "Advanced" }
//! ```
//! Use instead:
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-visibility": "advanced" }
//! ```
//!
//! ## Fix safety
//! Safe: a known value in another case is lowered, and an empty value is removed (the default visibility, which an empty value already gets). Unknown values get no fix: the visibility is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct VisibilityValues;

const ALLOWED: [&str; 3] = ["important", "advanced", "internal"];

fn check(cx: &mut Checker, holder: JsonRef<'_>) {
    let Some(value) = holder.get("x-ms-visibility") else {
        return;
    };
    let Some(text) = value.as_str() else {
        cx.report(
            value,
            format!(
                "`x-ms-visibility` is {}; expected `important`, `advanced` or `internal`",
                params::kind_of(value)
            ),
        );
        return;
    };
    if ALLOWED.contains(&text) {
        return;
    }
    if text.trim().is_empty() {
        let d = cx
            .report(
                value,
                "`x-ms-visibility` is empty; expected `important`, `advanced` or `internal`",
            )
            .help("remove the key for the default visibility, or set one of the three values");
        if let Some(edit) = util::edits::remove_member(holder, "x-ms-visibility") {
            d.fix(Fix::safe("Remove the empty `x-ms-visibility` (the default visibility)", vec![edit]));
        }
    } else if let Some(lower) = ALLOWED.iter().find(|a| a.eq_ignore_ascii_case(text.trim())) {
        cx.report(
            value,
            format!("`x-ms-visibility` is `{text}`; write it in lowercase: `{lower}`"),
        )
        .fix(Fix::safe(format!("Write `{lower}`"), vec![set_string(value, lower)]));
    } else {
        cx.report(
            value,
            format!(
                "`x-ms-visibility` is `{text}`; expected `important`, `advanced` or `internal`"
            ),
        );
    }
}

impl Rule for VisibilityValues {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation, NodeKind::Parameter, NodeKind::Schema]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        check(cx, op.node);
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, p: &Parameter) {
        if let Some(node) = params::resolved(p) {
            check(cx, node);
        }
        if p.site != p.node {
            check(cx, p.site);
        }
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, s: &Schema) {
        check(cx, s.node);
    }
}
