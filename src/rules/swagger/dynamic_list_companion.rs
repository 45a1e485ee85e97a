//! ## What it checks
//! That the newer `x-ms-dynamic-list` / `x-ms-dynamic-properties` extensions are present, and
//! well formed, where the older `x-ms-dynamic-values` / `x-ms-dynamic-schema` cannot express
//! the call:
//! - a `{"parameter": "name"}` reference of `x-ms-dynamic-values` that names a body property
//!   needs an `x-ms-dynamic-list` next to it
//!   (`DynamicListExtensionRequiredForNonParameterReferences`). So does one that names both a
//!   parameter and a body property (`DynamicListExtensionRequiredForAmbiguousReferences`);
//! - the same for `x-ms-dynamic-schema`, which then needs `x-ms-dynamic-properties`
//!   (`DynamicPropertiesExtensionRequiredForNonParameterReferences`,
//!   `DynamicPropertiesExtensionRequiredForAmbiguousReferences`). So does an
//!   `x-ms-dynamic-schema` whose `value-path` ends in `properties`
//!   (`DynamicPropertiesExtensionRequiredForPropertiesValuePath`);
//! - a reference that names several parameters of the operation (say a query and a header
//!   parameter) is ambiguous (`OperationParameterNameIsAmbiguous`) unless the companion
//!   extension is there;
//! - `x-ms-dynamic-properties.itemValuePath` equals the `x-ms-dynamic-schema` `value-path`
//!   without its trailing `properties` segment (`DynamicPropertiesItemValuePathMismatch`). An
//!   absent path counts as empty;
//! - `x-ms-dynamic-list` and `x-ms-dynamic-properties` have an `operationId` that names an
//!   operation of the file (`OperationIdNotFound`). Each `parameters` entry is an object
//!   with exactly one of `value` or `parameterReference` (a string).
//!
//! Decision: a body property is any property name at any depth of the operation's
//! request-body schema. On the public repository, every reference that names a body property
//! and no parameter has its companion extension, so the rule matches what the validator
//! enforces. Extensions in response schemas (dynamic outputs) are checked the same way.
//!
//! ## Why it matters for certification
//! The old extensions can only pass the caller's *parameters* to the call. A body property
//! needs the `parameterReference` path syntax of the new extensions. Without it the designer
//! sends nothing, or the wrong value, and the drop-down or dynamic schema stays empty. The
//! Swagger Validator rejects these definitions with the codes above.
//!
//! ## Example
//! ```json
//! "listId": {
//!   "type": "string",
//!   "x-ms-dynamic-values": {
//!     "operationId": "ListLists",
//!     "parameters": { "site": { "parameter": "siteUrl" } },
//!     "value-path": "id"
//!   }
//! }
//! ```
//! where `siteUrl` is a property of the same body.
//!
//! Use instead:
//! ```json
//! "listId": {
//!   "type": "string",
//!   "x-ms-dynamic-values": {
//!     "operationId": "ListLists",
//!     "parameters": { "site": { "parameter": "siteUrl" } },
//!     "value-path": "id"
//!   },
//!   "x-ms-dynamic-list": {
//!     "operationId": "ListLists",
//!     "parameters": { "site": { "parameterReference": "body/siteUrl" } },
//!     "itemValuePath": "id"
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: `x-ms-dynamic-list` and `x-ms-dynamic-properties` need the lookup operation, its parameters and value paths, which only the author knows, and a wrong one sends a different request from the designer.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::triggers::{self, OpInputs, RefTarget};

pub struct DynamicListCompanion;

const PAIRS: [(&str, &str); 2] = [
    ("x-ms-dynamic-values", "x-ms-dynamic-list"),
    ("x-ms-dynamic-schema", "x-ms-dynamic-properties"),
];

impl Rule for DynamicListCompanion {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let (input, output) = triggers::dynamic_in_document(sw);
        if input || output {
            for op in &sw.operations {
                check_operation(cx, sw, op, output);
            }
        }
    }
}

fn check_operation(cx: &mut Checker, sw: &Swagger, op: &Operation, output: bool) {
    let inputs = OpInputs::new(sw, op);
    let mut holders = inputs.holders.clone();
    if output {
        for r in op.responses(sw) {
            let Some(schema) = r.node.get("schema") else {
                continue;
            };
            triggers::walk_schema(sw, schema, &mut |chain| {
                if let Some(step) = chain.last() {
                    if step.schema.has("x-ms-dynamic-schema")
                        || step.schema.has("x-ms-dynamic-properties")
                    {
                        holders.push(step.schema);
                    }
                }
            });
        }
    }
    for holder in holders {
        for (old, new) in PAIRS {
            if let Some(ext) = holder.get(old).filter(|e| e.is_object()) {
                check_references(cx, &inputs, holder, ext, old, new);
            }
            if let Some(ext) = holder.get(new) {
                check_new(cx, sw, ext, new);
            }
        }
        if let Some(schema) = holder.get("x-ms-dynamic-schema") {
            check_value_paths(cx, holder, schema);
        }
    }
}

fn check_references(
    cx: &mut Checker,
    inputs: &OpInputs,
    holder: JsonRef,
    ext: JsonRef,
    old: &str,
    new: &str,
) {
    if holder.has(new) {
        return;
    }
    let dynamic_list = new == "x-ms-dynamic-list";
    for (_, reference, name) in triggers::parameter_references(ext, "parameter") {
        let (code, what) = match inputs.classify(name) {
            RefTarget::BodyProperty => (
                if dynamic_list {
                    "DynamicListExtensionRequiredForNonParameterReferences"
                } else {
                    "DynamicPropertiesExtensionRequiredForNonParameterReferences"
                },
                "a body property, not a parameter",
            ),
            RefTarget::ParameterAndBodyProperty => (
                if dynamic_list {
                    "DynamicListExtensionRequiredForAmbiguousReferences"
                } else {
                    "DynamicPropertiesExtensionRequiredForAmbiguousReferences"
                },
                "both a parameter and a body property",
            ),
            RefTarget::SeveralParameters => (
                "OperationParameterNameIsAmbiguous",
                "several parameters of the operation",
            ),
            RefTarget::Parameter | RefTarget::Nothing => continue,
        };
        cx.report(
            reference,
            format!("`{old}` references `{name}`, which names {what}; add `{new}` next to it"),
        )
        .code(code)
        .help(format!(
            "in `{new}`, pass it as `{{ \"parameterReference\": \"body/.../{name}\" }}` or by its full parameter path"
        ));
    }
}

fn check_new(cx: &mut Checker, sw: &Swagger, ext: JsonRef, new: &str) {
    if !ext.is_object() {
        cx.report(
            ext,
            format!("`{new}` is {}; expected an object", triggers::a_type(ext)),
        );
        return;
    }
    match ext.get("operationId") {
        None => {
            cx.report_key(ext, format!("`{new}` has no `operationId`"))
                .code("OperationIdNotFound");
        }
        Some(id_node) => match id_node.as_str() {
            Some(id) if sw.operation_by_id(id).is_some() => {}
            Some(id) => {
                cx.report(
                    id_node,
                    format!("`{new}` calls `{id}`, which is no operation of this file"),
                )
                .code("OperationIdNotFound");
            }
            None => {
                cx.report(
                    id_node,
                    format!(
                        "`operationId` is {}; expected the operationId of an operation of this file",
                        triggers::a_type(id_node)
                    ),
                )
                .code("OperationIdNotFound");
            }
        },
    }
    let Some(params) = ext.get("parameters") else {
        return;
    };
    if !params.is_object() {
        cx.report(
            params,
            format!(
                "`{new}.parameters` is {}; expected an object",
                triggers::a_type(params)
            ),
        );
        return;
    }
    for (key, value) in params.members() {
        let value_key = value.get("value");
        let reference = value.get("parameterReference");
        let ok = value.is_object()
            && value.len() == 1
            && (value_key.is_some() || reference.is_some_and(|r| r.is_string()));
        if !ok {
            cx.report(
                value,
                format!(
                    "`{new}.parameters.{key}` must be `{{ \"value\": ... }}` or `{{ \"parameterReference\": \"path\" }}`"
                ),
            )
            .help("the new dynamic extensions do not accept bare literals or `{ \"parameter\": ... }`");
        }
    }
}

/// `x-ms-dynamic-schema.value-path` against `x-ms-dynamic-properties.itemValuePath`.
fn check_value_paths(cx: &mut Checker, holder: JsonRef, schema: JsonRef) {
    let Some(value_path) = schema.get("value-path") else {
        return;
    };
    let Some(path) = value_path.as_str() else {
        return;
    };
    let trimmed = path.trim_matches('/');
    let expected = match trimmed.rsplit_once('/') {
        Some((head, "properties")) => head,
        None if trimmed == "properties" => "",
        _ => trimmed,
    };
    let ends_in_properties = expected.len() != trimmed.len();
    let Some(props) = holder.get("x-ms-dynamic-properties").filter(|p| p.is_object()) else {
        if ends_in_properties {
            let item_path = if expected.is_empty() {
                "no `itemValuePath`".to_owned()
            } else {
                format!("`itemValuePath` `{expected}`")
            };
            cx.report(
                value_path,
                format!(
                    "`x-ms-dynamic-schema.value-path` is `{path}`, which ends in `properties`; add `x-ms-dynamic-properties` with {item_path}"
                ),
            )
            .code("DynamicPropertiesExtensionRequiredForPropertiesValuePath");
        }
        return;
    };
    let item_path = props.get("itemValuePath");
    let actual = item_path
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .trim_matches('/');
    if actual != expected {
        let should = if expected.is_empty() {
            "empty".to_owned()
        } else {
            format!("`{expected}`")
        };
        let msg = format!(
            "`x-ms-dynamic-properties.itemValuePath` is `{actual}`; it should be {should}, the `x-ms-dynamic-schema` `value-path` `{path}` without a trailing `properties`"
        );
        let d = match item_path {
            Some(at) => cx.report(at, msg),
            None => cx.report_key(props, msg),
        };
        d.code("DynamicPropertiesItemValuePathMismatch");
    }
}
