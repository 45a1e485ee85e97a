//! ## What it checks
//! For each operation, that its `in: path` parameters and its path template agree:
//! - every `in: path` parameter has `required: true` (`PathParameterMustBeRequired`, reported
//!   where the parameter is defined);
//! - every `in: path` parameter's name appears as `{name}` in the template
//!   (`PathParameterNotDefinedInTemplate`, reported on the operation's parameter entry);
//! - every `{variable}` of the template has an `in: path` parameter, declared on the operation
//!   or on its path item (`OperationMissingPathParameter`, reported on the method key).
//!
//! Names are compared exactly, as the platform does: `{Platform Id}` is matched by a parameter
//! named `Platform Id`, spaces included (generic OpenAPI linters wrongly report such names as
//! unused). A difference of case is an error, with a hint.
//!
//! ## Why it matters for certification
//! The platform builds the request URL by substituting each `{variable}` with the parameter of
//! that name. An optional path parameter can leave `//` in the URL, a parameter missing from
//! the template is never sent, and a variable without a parameter is sent literally. The
//! Swagger Validator rejects all three.
//!
//! ## Example
//! ```json
//! "/projects/{projectId}": { "get": { "parameters": [
//!   { "name": "projectID", "in": "path", "type": "string" } ] } }
//! ```
//! Use instead:
//! ```json
//! "/projects/{projectId}": { "get": { "parameters": [
//!   { "name": "projectId", "in": "path", "required": true, "type": "string" } ] } }
//! ```
//!
//! ## Fix safety
//! Safe: `"required": true` is set on a path parameter; the platform cannot build the URL without it, so every working call already sends it. A parameter missing from the template, or a template variable without a parameter, gets no fix: which name is right is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct PathParamRequired;

impl Rule for PathParamRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let vars: Vec<&str> = params::template_vars(op.path).collect();
        for p in &op.parameters {
            let Some(node) = params::resolved(p) else {
                continue;
            };
            if p.location() != Some("path") {
                continue;
            }
            let name = params::name_of(node);
            match node.get("required") {
                Some(r) if r.as_bool() == Some(true) => {}
                Some(r) => {
                    cx.report(r, format!("path parameter `{name}` has `required: {}`; path parameters must be required", params::shown(r)))
                        .code("PathParameterMustBeRequired")
                        .help("set `\"required\": true`")
                        .fix(Fix::safe("Set `\"required\": true`", vec![set_raw(r, "true")]));
                }
                None => {
                    params::report_missing(
                        cx,
                        node,
                        format!("path parameter `{name}` is not marked `required: true`"),
                    )
                    .code("PathParameterMustBeRequired")
                    .help("add `\"required\": true`")
                    .fix_if(util::edits::insert_member(node, "required", "true").map(|e| Fix::safe("Add `\"required\": true`", vec![e])));
                }
            }
            let Some(text) = node.get_str("name") else {
                continue;
            };
            if vars.contains(&text) {
                continue;
            }
            let at = if p.site != p.node {
                p.site
            } else {
                node.get("name").unwrap_or(node)
            };
            let d = cx
                .report(
                    at,
                    format!(
                        "path parameter `{text}` does not appear in the path template `{}`",
                        op.path
                    ),
                )
                .code("PathParameterNotDefinedInTemplate");
            if let Some(v) = vars.iter().find(|v| v.eq_ignore_ascii_case(text)) {
                d.help(format!(
                    "the template has `{{{v}}}`; names are case-sensitive"
                ));
            } else {
                d.help(format!("add `{{{text}}}` to the path, or change `in` if the value is not part of the path"));
            }
        }
        for &var in &vars {
            if var.is_empty() {
                continue;
            }
            let declared = op.parameters.iter().any(|p| {
                params::resolved(p).is_some()
                    && p.location() == Some("path")
                    && p.name() == Some(var)
            });
            if !declared {
                let d = cx
                    .report_key(op.node, format!("operation {} has no `in: path` parameter for `{{{var}}}` of its path template", op.label()))
                    .code("OperationMissingPathParameter");
                let near = op
                    .parameters
                    .iter()
                    .filter(|p| p.location() == Some("path"))
                    .filter_map(|p| p.name())
                    .find(|n| n.eq_ignore_ascii_case(var));
                match near {
                    Some(n) => d.help(format!("the path parameter is named `{n}`; names are case-sensitive")),
                    None => d.help(format!("add a parameter with `\"name\": \"{var}\"`, `\"in\": \"path\"` and `\"required\": true`")),
                };
            }
        }
    }
}
