//! ## What it checks
//! That the values a definition offers fit the type it declares, on non-body parameters (and
//! their `items`) and on every schema:
//! - `default` is of the declared `type` (`DefaultValueMustMatchType`): `"10"` is not an
//!   integer, `"true"` is not a boolean; `null` only with `x-nullable: true`;
//! - `enum` is a non-empty array (`EnumMustContainAtLeastOneElement`) whose values are of the
//!   declared type (`InvalidEnumValue`);
//! - a well-typed `default` is one of the `enum` values;
//! - `x-ms-enum-values` is an array of objects, each with a `displayName`
//!   (`MissingEnumValuesDisplayName`) and a `value` that is one of the `enum` values
//!   (`InvalidEnumValuesExtensionValue`), no `value` twice (`DuplicateEnumValuesInExtension`).
//!
//! `integer` accepts `1.0`. Types this check does not know (`file`, misspellings) and schemas
//! without a `type` are not judged; formats (`int32` ranges, `date-time` syntax) are not checked.
//!
//! ## Why it matters for certification
//! The designer pre-fills inputs from `default` and builds drop-downs from `enum`: a string
//! `"true"` for a boolean input, or a drop-down value of the wrong type, is sent as is and
//! rejected by the service or by the platform's own input validation. Generic OpenAPI tools
//! find these on the merged connectors too; the Swagger Validator rejects them.
//!
//! ## Severity
//! A **warning** (it was an error): the platform accepts mistyped defaults and enum values. 45
//! merged connectors have them (`default: null`, `"true"`/`"false"` strings in boolean enums),
//! some merged after October 2023 (N-able, HiveCPQ, Revizto). The only rejection on record is the
//! portal editor refusing an integer default on a string in 2020.
//!
//! ## Example
//! ```json
//! { "name": "includeArchived", "in": "query", "type": "boolean",
//!   "default": "false", "enum": ["true", "false"] }
//! ```
//! Use instead:
//! ```json
//! { "name": "includeArchived", "in": "query", "type": "boolean", "default": false }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a `default` or `enum` value that spells a value of the declared type is written as that type (`"false"` → `false`, `"10"` → `10`, `10` → `"10"` for a string); what the designer pre-fills and sends changes type. A `null` default, a default outside `enum`, an empty `enum` and `x-ms-enum-values` problems get no fix: the right value is the author's.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct DefaultsAndEnumsTyped;

/// Whether `value` fits `ty`, allowing `null` for nullable holders; `None` when not judged.
fn fits(ty: Option<&str>, nullable: bool, value: JsonRef<'_>) -> Option<bool> {
    let fitted = params::fits_type(ty?, value)?;
    Some(fitted || (value.is_null() && nullable))
}

/// `value` written as the JSON of type `ty` it spells: `"false"` → `false`, `"10"` → `10`,
/// `"0.5"` → `0.5` and, for a string, `10` → `"10"`. `None` when it spells nothing of that type.
fn retyped(ty: Option<&str>, value: JsonRef<'_>) -> Option<String> {
    let ty = ty?;
    if ty == "string" {
        return matches!(value.json_type(), JsonType::Number | JsonType::Boolean)
            .then(|| serde_json::to_string(value.raw()).ok())
            .flatten();
    }
    let text = value.as_str()?.trim();
    match ty {
        "boolean" => ["true", "false"]
            .into_iter()
            .find(|b| b.eq_ignore_ascii_case(text))
            .map(str::to_owned),
        "integer" => text.parse::<i64>().ok().map(|n| n.to_string()),
        "number" => {
            let n: serde_json::Number = serde_json::from_str(text).ok()?;
            Some(n.to_string())
        }
        _ => None,
    }
}

fn check(cx: &mut Checker, holder: JsonRef<'_>) {
    if holder.has("$ref") {
        return;
    }
    let ty = holder.get_str("type");
    let nullable = holder.get("x-nullable").and_then(|n| n.as_bool()) == Some(true);
    let type_name = ty.unwrap_or("?");

    let default = holder.get("default");
    let default_ok = match default {
        Some(d) if d.is_null() && fits(ty, nullable, d) == Some(false) => {
            cx.report(
                d,
                format!("default is `null`, but the type is `{type_name}`"),
            )
            .code("DefaultValueMustMatchType")
            .help("remove the default, or add `\"x-nullable\": true`");
            false
        }
        Some(d) if fits(ty, nullable, d) == Some(false) => {
            cx.report(
                d,
                format!(
                    "default `{}` is {}, but the type is `{type_name}`",
                    params::shown(d),
                    params::kind_of(d)
                ),
            )
            .code("DefaultValueMustMatchType")
            .fix_if(retyped(ty, d).map(|v| Fix::unsafe_edit(format!("Write `{v}`"), vec![set_raw(d, &v)])));
            false
        }
        _ => true,
    };

    let enum_values = holder.get("enum");
    if let Some(list) = enum_values {
        if !list.is_array() {
            cx.report(
                list,
                format!(
                    "`enum` is {}; it must be an array of values",
                    params::kind_of(list)
                ),
            );
        } else if list.is_empty() {
            cx.report(
                list,
                "`enum` is empty; list at least one value or remove it",
            )
            .code("EnumMustContainAtLeastOneElement");
        } else {
            let mut enum_ok = true;
            for v in list.items() {
                if fits(ty, nullable, v) == Some(false) {
                    enum_ok = false;
                    cx.report(
                        v,
                        format!(
                            "enum value `{}` is {}, but the type is `{type_name}`",
                            params::shown(v),
                            params::kind_of(v)
                        ),
                    )
                    .code("InvalidEnumValue")
                    .fix_if(retyped(ty, v).map(|t| Fix::unsafe_edit(format!("Write `{t}`"), vec![set_raw(v, &t)])));
                }
            }
            if let Some(d) = default.filter(|_| enum_ok && default_ok)
                && !list.items().any(|v| v.json_eq(&d))
            {
                cx.report(
                    d,
                    format!(
                        "default `{}` is not one of the `enum` values",
                        params::shown(d)
                    ),
                )
                .help("add it to `enum`, or pick a default from the list");
            }
        }
    }

    let Some(extension) = holder.get("x-ms-enum-values") else {
        return;
    };
    if !extension.is_array() {
        cx.report(extension, format!("`x-ms-enum-values` is {}; it must be an array of `{{ \"value\", \"displayName\" }}` objects", params::kind_of(extension)));
        return;
    }
    let enum_list = enum_values.filter(|e| e.is_array());
    if enum_list.is_none() {
        cx.report_key(
            extension,
            "`x-ms-enum-values` is used without an `enum` listing its values",
        )
        .code("InvalidEnumValuesExtensionValue")
        .help("add an `enum` with every `value` of `x-ms-enum-values`");
    }
    let entries: Vec<JsonRef> = extension.items().collect();
    for (i, entry) in entries.iter().enumerate() {
        if !entry.is_object() {
            cx.report(*entry, format!("`x-ms-enum-values` entry is {}; expected an object with `value` and `displayName`", params::kind_of(*entry)));
            continue;
        }
        if !entry.has("displayName") {
            cx.report(*entry, "`x-ms-enum-values` entry has no `displayName`")
                .code("MissingEnumValuesDisplayName");
        }
        let Some(value) = entry.get("value") else {
            cx.report(*entry, "`x-ms-enum-values` entry has no `value`");
            continue;
        };
        if let Some(list) = enum_list
            && !list.items().any(|v| v.json_eq(&value))
        {
            cx.report(
                value,
                format!(
                    "`x-ms-enum-values` value `{}` is not one of the `enum` values",
                    params::shown(value)
                ),
            )
            .code("InvalidEnumValuesExtensionValue");
        }
        let repeated = entries[..i]
            .iter()
            .any(|e| e.get("value").is_some_and(|v| v.json_eq(&value)));
        if repeated {
            cx.report(
                value,
                format!(
                    "`x-ms-enum-values` maps value `{}` twice",
                    params::shown(value)
                ),
            )
            .code("DuplicateEnumValuesInExtension");
        }
    }
}

impl Rule for DefaultsAndEnumsTyped {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter, NodeKind::Schema]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, p: &Parameter) {
        let Some(node) = params::resolved(p) else {
            return;
        };
        if p.is_body() {
            return; // its schema is judged by the schema hook
        }
        check(cx, node);
        for item in params::items_chain(node, 8) {
            check(cx, item);
        }
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, s: &Schema) {
        check(cx, s.node);
    }
}
