//! ## What it checks
//! That hidden inputs still get a value:
//! - a parameter or request-body property that is `x-ms-visibility: internal` and required
//!   must have a `default` (error): nobody can type a value for it;
//! - one that is internal, has a `default` but is optional is a warning
//!   (`InternalPropertyWithDefaultOptional`): the platform only sends required values, so
//!   the default is silently dropped. The validator's page has the same condition as an error
//!   (`PropertyMustBeRequired`) and as a warning whose fix says "if this is intended, it may be
//!   left as is"; 12 merged connectors carry it, so it stays a warning here.
//!
//! Exempt, because their value comes from elsewhere:
//! - `in: body` parameters: a body has no `default` of its own (`body-param-shape` forbids it);
//!   its properties are checked instead;
//! - properties marked `x-ms-notification-url: true` (the platform fills in the callback URL);
//! - object properties (with `properties` or `type: object`): their value is assembled from
//!   their own properties, which are checked one by one.
//!
//! Only schemas that describe request input are checked; response schemas are not sent. A
//! `default` on a `$ref`'d property's target counts.
//!
//! ## Why it matters for certification
//! An internal required input without a default makes every call fail validation, and an
//! optional internal default never reaches the service, which is rarely what the author wanted.
//!
//! ## Example
//! ```json
//! { "name": "api-version", "in": "query", "required": true, "type": "string",
//!   "x-ms-visibility": "internal" }
//! ```
//! Use instead:
//! ```json
//! { "name": "api-version", "in": "query", "required": true, "type": "string",
//!   "x-ms-visibility": "internal", "default": "2024-01-01" }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): an internal parameter with a `default` becomes required, so the default is sent on every call, as it was presumably meant to be. Required internal inputs without a default, and body properties, get no fix: the value is the author's to choose.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct InternalRequiredHasDefault;

fn is_object_like(node: JsonRef<'_>) -> bool {
    node.has("properties") || node.get_str("type") == Some("object")
}

impl Rule for InternalRequiredHasDefault {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter, NodeKind::Schema]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, p: &Parameter) {
        let Some(node) = params::resolved(p) else {
            return;
        };
        if p.is_body() {
            return;
        }
        let Some(visibility) = params::param_get(p, "x-ms-visibility") else {
            return;
        };
        if !visibility
            .as_str()
            .is_some_and(|v| v.eq_ignore_ascii_case("internal"))
        {
            return;
        }
        let name = params::name_of(node);
        let default = node.get("default");
        match (p.is_required(), default) {
            (true, None) => {
                params::report_missing(cx, node, format!("internal parameter `{name}` is required but has no `default`"))
                    .help("add a `default` value, or make the parameter visible (`important` or `advanced`)");
            }
            (false, Some(d)) => {
                // Unsafe: the value starts being sent on every call.
                let fix = match node.get("required") {
                    Some(r) => Some(set_raw(r, "true")),
                    None => util::edits::insert_member(node, "required", "true"),
                }
                .map(|e| Fix::unsafe_edit("Set `\"required\": true` so the default is sent", vec![e]));
                cx.report_key(d, format!("internal parameter `{name}` has a `default` but is optional, so the value is never sent"))
                    .code("InternalPropertyWithDefaultOptional")
                    .severity(Severity::Warning)
                    .help("add `\"required\": true`, or remove the default if the value should not be sent")
                    .fix_if(fix);
            }
            _ => {}
        }
    }

    fn schema(&self, cx: &mut Checker, sw: &Swagger, s: &Schema) {
        let Edge::Property(name) = s.edge else { return };
        if !s.role.input || !params::is_internal(s.node) {
            return;
        }
        let target = sw.resolve(s.node).unwrap_or(s.node);
        if s.node
            .get("x-ms-notification-url")
            .or(target.get("x-ms-notification-url"))
            .is_some_and(|v| v.as_bool() == Some(true))
        {
            return;
        }
        let default = s.node.get("default").or(target.get("default"));
        match (s.is_required_property(), default) {
            (true, None) => {
                if is_object_like(s.node) || is_object_like(target) {
                    return;
                }
                cx.report_key(s.node, format!("internal property `{name}` is required but has no `default`"))
                    .help("add a `default` value, or make the property visible (`important` or `advanced`)");
            }
            (false, Some(d)) => {
                cx.report_key(d, format!("internal property `{name}` has a `default` but is not in `required`, so the value is never sent"))
                    .code("InternalPropertyWithDefaultOptional")
                    .severity(Severity::Warning)
                    .help(format!("add `\"{name}\"` to the parent's `required` list, or remove the default"));
            }
            _ => {}
        }
    }
}
