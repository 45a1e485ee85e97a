//! ## What it checks
//! Each `x-ms-dynamic-values` (on a parameter or on a property of a request body) against the
//! operation it calls:
//! - it names what to call: `operationId`, `builtInOperation: AadGraph.GetUsers`, or
//!   `capability: file-picker`. An `operationId` must name an operation of the file
//!   (`OperationIdNotFound`);
//! - every key of `parameters` is a parameter of the called operation, or a top-level property
//!   of its body (`OperationParameterNameNotFound`);
//! - every required parameter of the called operation without a `default` gets a value
//!   (`OperationMissingRequiredProperty`);
//! - a literal value fits the type of the parameter it feeds
//!   (`OperationParameterStaticTypeMismatch`);
//! - a `{"parameter": "name"}` reference names a parameter of the calling operation
//!   (`OperationParameterNameNotFound`). Its type matches the parameter it feeds
//!   (`OperationParameterTypeMismatch`). If the caller's parameter is optional while the one
//!   it feeds is required, that is a warning (`OperationParameterRequiredMismatch`);
//! - the called operation's successful response has an array at `value-collection`, or is an
//!   array itself when `value-collection` is absent (`InvokedOperationShouldProduceArray`).
//!   Its items have the properties named by `value-path` and `value-title`
//!   (`InvokedOperationShouldProduceProperty`).
//!
//! Decisions, to stay clear of false positives:
//! - The response is judged only where its schema is static. A path that runs into a
//!   dynamic schema, an untyped or open object, an `additionalProperties` map or a broken
//!   `$ref` is not judged. Property names are compared ignoring case, as the platform
//!   evaluates these paths. The successful response is the first `2xx` response with a
//!   schema, or `default` when there is no `2xx` response.
//! - A response without `value-collection` is reported as "not an array" only when it is an
//!   object whose properties are all known.
//! - A reference to a body property, or to a name that is both a parameter and a body
//!   property, is left to `dynamic-list-companion`, which asks for `x-ms-dynamic-list`. A
//!   reference to nothing visible is not reported when an `x-ms-dynamic-list` sits next to
//!   the extension, or when the body has parts that cannot be listed.
//! - The parameters of `capability: file-picker` calls are free-form and not checked.
//! - `OperationParameterRequiredMismatch` is a warning: about 45 references in merged connectors
//!   feed a required parameter from an optional one.
//! - `SourcePropertyInternal` is not checked: public material does not say what it covers.
//!
//! ## Why it matters for certification
//! The designer fills the drop-down by calling the named operation with these parameters and
//! reading the response at these paths. Any mismatch gives users an empty or failing
//! drop-down. The Swagger Validator rejects the definition with the codes above.
//!
//! ## Example
//! ```json
//! "x-ms-dynamic-values": {
//!   "operationId": "ListProjects",
//!   "value-collection": "value",
//!   "value-path": "id",
//!   "value-title": "name"
//! }
//! ```
//! where `ListProjects` answers `{ "values": [ { "id": "...", "name": "..." } ] }`.
//!
//! Use instead:
//! ```json
//! "x-ms-dynamic-values": {
//!   "operationId": "ListProjects",
//!   "value-collection": "values",
//!   "value-path": "id",
//!   "value-title": "name"
//! }
//! ```
//!
//! ## Fix safety
//! No fix: which operation fills the drop-down, what to pass it and where its response holds the list are facts of the service's API; ppcert can name candidates in the help but not choose among them.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::triggers::{self, Lookup, OpInputs, RefTarget};

pub struct DynamicValuesValid;

const EXT: &str = "x-ms-dynamic-values";

impl Rule for DynamicValuesValid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if !triggers::dynamic_in_document(sw).0 {
            return;
        }
        for op in &sw.operations {
            let inputs = OpInputs::new(sw, op);
            for holder in &inputs.holders {
                if let Some(dv) = holder.get(EXT) {
                    check(cx, sw, op, &inputs, *holder, dv);
                }
            }
        }
    }
}

fn check(
    cx: &mut Checker,
    sw: &Swagger,
    op: &Operation,
    inputs: &OpInputs,
    holder: JsonRef,
    dv: JsonRef,
) {
    if !dv.is_object() {
        cx.report(
            dv,
            format!("`{EXT}` is {}; expected an object", triggers::a_type(dv)),
        );
        return;
    }
    // The two alternatives to `operationId` each have a single valid value.
    for (key, only) in [("capability", "file-picker"), ("builtInOperation", "AadGraph.GetUsers")] {
        if let Some(value) = dv.get(key) {
            if value.as_str() != Some(only) {
                cx.report(
                    value,
                    format!(
                        "`{key}` is `{}`; the only supported value is `{only}`",
                        value.as_str().unwrap_or(value.raw())
                    ),
                );
            }
            return;
        }
    }
    let Some(id_node) = dv.get("operationId") else {
        cx.report_key(
            dv,
            format!("`{EXT}` has no `operationId` (nor `builtInOperation` or `capability`)"),
        )
        .code("OperationIdNotFound");
        return;
    };
    let Some(id) = id_node.as_str() else {
        cx.report(
            id_node,
            format!(
                "`operationId` is {}; expected the operationId of an operation of this file",
                triggers::a_type(id_node)
            ),
        )
        .code("OperationIdNotFound");
        return;
    };
    let Some(target) = sw.operation_by_id(id) else {
        cx.report(
            id_node,
            format!("`{EXT}` calls `{id}`, which is no operation of this file"),
        )
        .code("OperationIdNotFound");
        return;
    };
    check_parameters(cx, sw, op, inputs, holder, dv, target, id);
    check_response(cx, sw, dv, target, id);
}

#[allow(clippy::too_many_arguments)]
fn check_parameters(
    cx: &mut Checker,
    sw: &Swagger,
    op: &Operation,
    inputs: &OpInputs,
    holder: JsonRef,
    dv: JsonRef,
    target: &Operation,
    id: &str,
) {
    let given = dv.get("parameters");
    if let Some(given) = given.filter(|g| !g.is_object()) {
        cx.report(
            given,
            format!(
                "`parameters` is {}; expected an object mapping parameter names to values",
                triggers::a_type(given)
            ),
        );
        return;
    }
    let target_body = target
        .body_parameter()
        .and_then(|b| b.node.get("schema"));
    for (key, value) in given.into_iter().flat_map(|g| g.members()) {
        let param = target
            .parameters
            .iter()
            .find(|p| p.name() == Some(key) && !p.is_body());
        let known = param.is_some()
            || target.parameters.iter().any(|p| p.name() == Some(key))
            || target_body.is_some_and(|b| {
                !matches!(triggers::lookup_path(sw, b, key), Lookup::Missing(_))
            });
        if !known {
            cx.report_key(
                value,
                format!("`parameters` names `{key}`, which is no parameter of `{id}`"),
            )
            .code("OperationParameterNameNotFound");
            continue;
        }
        let target_type = param.and_then(|p| p.node.get_str("type"));
        if value.is_object() {
            let Some(reference) = value.get("parameter") else {
                cx.report(
                    value,
                    format!("`parameters.{key}` is an object without `parameter`; expected a literal value or `{{\"parameter\": \"name\"}}`"),
                );
                continue;
            };
            let Some(name) = reference.as_str() else {
                cx.report(
                    reference,
                    format!(
                        "`parameter` is {}; expected the name of a parameter",
                        triggers::a_type(reference)
                    ),
                );
                continue;
            };
            check_reference(cx, op, inputs, holder, reference, name, param, key, id);
            continue;
        }
        let fits = match (value.json_type(), target_type) {
            (JsonType::Null, _) => false,
            (_, None) => true,
            (JsonType::String, Some(t)) => t == "string",
            (JsonType::Boolean, Some(t)) => t == "boolean",
            (JsonType::Number, Some("number")) => true,
            (JsonType::Number, Some("integer")) => value.as_i64().is_some(),
            (JsonType::Array, Some(t)) => t == "array",
            _ => false,
        };
        if !fits {
            let expected = target_type
                .map(|t| format!("parameter `{key}` of `{id}` is of type `{t}`"))
                .unwrap_or_else(|| "expected a literal value".to_owned());
            cx.report(
                value,
                format!("`parameters.{key}` is `{}`; {expected}", value.raw()),
            )
            .code("OperationParameterStaticTypeMismatch");
        }
    }
    for p in &target.parameters {
        let Some(name) = p.name() else { continue };
        if p.is_required()
            && !p.is_body()
            && !p.node.has("default")
            && given.and_then(|g| g.get(name)).is_none()
        {
            cx.report_key(
                given.unwrap_or(dv),
                format!("`{EXT}` calls `{id}` without its required parameter `{name}`"),
            )
            .code("OperationMissingRequiredProperty")
            .help(format!(
                "add `\"{name}\": {{ \"parameter\": \"...\" }}` or a literal value to `parameters`"
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_reference(
    cx: &mut Checker,
    op: &Operation,
    inputs: &OpInputs,
    holder: JsonRef,
    reference: JsonRef,
    name: &str,
    param: Option<&Parameter>,
    key: &str,
    id: &str,
) {
    match inputs.classify(name) {
        RefTarget::Parameter => {
            let (Some(source), Some(target)) = (inputs.params_named(name).next(), param) else {
                return;
            };
            let source_type = source.get_str("type");
            let target_type = target.node.get_str("type");
            if let (Some(s), Some(t)) = (source_type, target_type) {
                let numeric = |x: &str| x == "integer" || x == "number";
                if s != t && !(numeric(s) && numeric(t)) {
                    cx.report(
                        reference,
                        format!(
                            "parameter `{name}` of {} is of type `{s}` but feeds `{key}` of `{id}`, of type `{t}`",
                            op.label()
                        ),
                    )
                    .code("OperationParameterTypeMismatch");
                }
            }
            let source_required = source.get("required").and_then(|r| r.as_bool()) == Some(true)
                || source.has("default");
            if target.is_required() && !target.node.has("default") && !source_required {
                cx.report(
                    reference,
                    format!(
                        "optional parameter `{name}` of {} feeds required parameter `{key}` of `{id}`",
                        op.label()
                    ),
                )
                .code("OperationParameterRequiredMismatch")
                .severity(Severity::Warning);
            }
        }
        RefTarget::Nothing => {
            if holder.has("x-ms-dynamic-list") || inputs.body_open {
                return;
            }
            cx.report(
                reference,
                format!(
                    "`{name}` is no parameter of {}, which uses this `{EXT}`",
                    op.label()
                ),
            )
            .code("OperationParameterNameNotFound");
        }
        // Body properties and ambiguous names: `dynamic-list-companion`.
        _ => {}
    }
}

fn check_response(cx: &mut Checker, sw: &Swagger, dv: JsonRef, target: &Operation, id: &str) {
    let Some(schema) = triggers::success_schema(sw, target) else {
        return;
    };
    let collection = dv.get("value-collection");
    let items = match collection.and_then(|c| c.as_str().map(|s| (c, s))) {
        Some((node, path)) if !path.is_empty() => match triggers::lookup_path(sw, schema, path) {
            Lookup::Unknown => return,
            Lookup::Missing(i) => {
                let segment = path.split('/').nth(i).unwrap_or(path);
                let arrays = triggers::prefix_schema(sw, schema, path, i)
                    .map(|parent| array_properties(sw, parent))
                    .unwrap_or_default();
                let d = cx
                    .report(
                        node,
                        format!(
                            "the response of `{id}` has no `{segment}` property (`value-collection` is `{path}`)"
                        ),
                    )
                    .code("InvokedOperationShouldProduceArray");
                if !arrays.is_empty() {
                    d.help(format!("arrays at that level: {arrays}"));
                }
                return;
            }
            Lookup::Found(found) => match array_items(found) {
                Items::Of(items) => items,
                Items::Unknown if !triggers::is_closed_object(sw, found) => return,
                Items::Unknown | Items::NotArray => {
                    let t = found.get_str("type").unwrap_or("object");
                    cx.report(
                        node,
                        format!(
                            "`{path}` in the response of `{id}` is of type `{t}`; `value-collection` must name an array"
                        ),
                    )
                    .code("InvokedOperationShouldProduceArray");
                    return;
                }
            },
        },
        _ => {
            let Ok(root) = sw.resolve(schema) else { return };
            match array_items(root) {
                Items::Of(items) => items,
                _ if triggers::is_closed_object(sw, root) => {
                    let arrays = array_properties(sw, root);
                    let help = if arrays.is_empty() {
                        "set `value-collection` to the path of the array in the response".to_owned()
                    } else {
                        format!("set `value-collection` to the array: {arrays}")
                    };
                    cx.report_key(
                        dv,
                        format!(
                            "the response of `{id}` is an object, not an array, and `{EXT}` has no `value-collection`"
                        ),
                    )
                    .code("InvokedOperationShouldProduceArray")
                    .help(help);
                    return;
                }
                _ => return,
            }
        }
    };
    for key in ["value-path", "value-title"] {
        let Some(node) = dv.get(key) else { continue };
        let Some(path) = node.as_str().filter(|p| !p.is_empty()) else {
            continue;
        };
        if let Lookup::Missing(i) = triggers::lookup_path(sw, items, path) {
            let segment = path.split('/').nth(i).unwrap_or(path);
            let names: Vec<String> = triggers::prefix_schema(sw, items, path, i)
                .map(|parent| triggers::properties(sw, parent))
                .unwrap_or_default()
                .into_iter()
                .take(12)
                .map(|(name, _)| format!("`{name}`"))
                .collect();
            let d = cx
                .report(
                    node,
                    format!(
                        "the items returned by `{id}` have no `{segment}` property (`{key}` is `{path}`)"
                    ),
                )
                .code("InvokedOperationShouldProduceProperty");
            if !names.is_empty() {
                d.help(format!("properties at that level: {}", names.join(", ")));
            }
        }
    }
}

enum Items<'a> {
    Of(JsonRef<'a>),
    NotArray,
    Unknown,
}

/// The item schema of an array schema (resolved `node`); `NotArray` for a primitive type.
fn array_items(node: JsonRef<'_>) -> Items<'_> {
    let items = node.get("items").filter(|i| i.is_object());
    match (node.get_str("type"), items) {
        (Some("array") | None, Some(items)) => Items::Of(items),
        // Objects are judged by whether all their properties are known.
        (Some("array" | "object") | None, _) => Items::Unknown,
        (Some(_), _) => Items::NotArray,
    }
}

/// The array-typed properties of an object schema, listed for help texts (empty when none).
fn array_properties(sw: &Swagger, schema: JsonRef) -> String {
    triggers::properties(sw, schema)
        .into_iter()
        .filter(|(_, p)| {
            sw.resolve(*p)
                .is_ok_and(|p| p.get_str("type") == Some("array"))
        })
        .map(|(name, _)| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
