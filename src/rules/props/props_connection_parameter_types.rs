//! ## What it checks
//! That every connection parameter (in `connectionParameters` and in each
//! `connectionParameterSets` set) is an object whose `type` is one of `string`, `securestring`,
//! `int`, `bool`, `gatewaySetting` or `oauthSetting` (case-sensitive), and whose `uiDefinition`,
//! when present, uses only the documented keys with the documented types:
//!
//! - `displayName`, `description`, `tooltip`: strings; `tabIndex`: integer;
//! - `constraints`: `clearText` boolean, `required` and `hidden` the **strings** `"true"` /
//!   `"false"`, `tabIndex` integer, `capability` array of strings, `allowedValues` array of
//!   `{ "value": string, "text": string }`, `dependencies` object of `{ "values": [string] }`.
//!
//! It also reports `oAuthSettings` on a parameter that is not `oauthSetting`, and
//! `gatewaySettings` on one that is not `gatewaySetting`.
//!
//! ## Why it matters for certification
//! The platform builds the connection dialog from these values. The apiProperties schema only
//! accepts these types; a boolean `"required": true` or `"hidden": true` fails the apiProperties
//! validator even though it looks natural, and an unknown type breaks connection creation.
//!
//! ## Severity
//! A **warning** (it was an error): these values are checked against the repository schema
//! only, whose check does not gate merges, and merged, deployed connectors write `required` and
//! `hidden` as JSON booleans (17 of them, one merged in October 2023); the schema check itself
//! asked for booleans in 2022 (#1421), the opposite of today's schema.
//!
//! ## Example
//! ```json
//! "api_key": {
//!   "type": "secureString",
//!   "uiDefinition": { "displayName": "API Key", "constraints": { "required": true } }
//! }
//! ```
//! Use instead:
//! ```json
//! "api_key": {
//!   "type": "securestring",
//!   "uiDefinition": { "displayName": "API Key", "constraints": { "required": "true" } }
//! }
//! ```
//!
//! ## Fix safety
//! Safe for booleans where the platform expects the strings `"true"`/`"false"`: the value is quoted. Other type errors get no fix.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::props::{a_type, list, one_of, show_node};

pub struct PropsConnectionParameterTypes;

const TYPES: &[&str] = &[
    "string",
    "securestring",
    "int",
    "bool",
    "gatewaySetting",
    "oauthSetting",
];

const UI_KEYS: &[&str] = &["displayName", "description", "tooltip", "tabIndex", "constraints"];

const CONSTRAINT_KEYS: &[&str] = &[
    "clearText",
    "required",
    "tabIndex",
    "capability",
    "hidden",
    "allowedValues",
    "dependencies",
];

impl Rule for PropsConnectionParameterTypes {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ConnectionParameter]
    }

    fn connection_parameter(&self, cx: &mut Checker, _props: &Props, p: &ConnectionParameter) {
        let node = p.node;
        if !node.is_object() {
            cx.report(
                node,
                format!("connection parameter `{}` must be an object, not {}", p.name, a_type(node.json_type())),
            );
            return;
        }
        let ty = check_type(cx, p);
        for (key, expected) in [("oAuthSettings", "oauthSetting"), ("gatewaySettings", "gatewaySetting")] {
            if let (Some(settings), Some(t)) = (node.get(key), ty) {
                if t != expected {
                    cx.report_key(
                        settings,
                        format!("`{key}` only applies to `{expected}` parameters; `{}` is `{t}`", p.name),
                    );
                }
            }
        }
        if let Some(ui) = node.get("uiDefinition") {
            check_ui(cx, ui);
        }
    }
}

/// Checks `type`; returns it when it is one of the known types.
fn check_type<'a>(cx: &mut Checker, p: &ConnectionParameter<'a>) -> Option<&'a str> {
    let Some(t) = p.node.get("type") else {
        cx.report_key(p.node, format!("connection parameter `{}` has no `type`", p.name))
            .help(format!("add a `type`: {}", one_of(TYPES)));
        return None;
    };
    let Some(text) = t.as_str() else {
        cx.report(t, format!("`type` must be a string, not {}", a_type(t.json_type())));
        return None;
    };
    if TYPES.contains(&text) {
        return Some(text);
    }
    match TYPES.iter().find(|k| k.eq_ignore_ascii_case(text)) {
        Some(known) => {
            cx.report(t, format!("`type` is `{text}`; write `{known}` (types are case-sensitive)"));
        }
        None => {
            cx.report(t, format!("`type` is `{text}`; expected {}", one_of(TYPES)));
        }
    }
    None
}

fn unknown_keys(cx: &mut Checker, object: JsonRef, allowed: &[&str], what: &str) {
    for (key, value) in object.members() {
        if allowed.contains(&key) {
            continue;
        }
        let d = cx.report_key(value, format!("unknown key `{key}` in `{what}`"));
        match allowed.iter().find(|a| a.eq_ignore_ascii_case(key)) {
            Some(a) => d.help(format!("keys are case-sensitive: write `{a}`")),
            None => d.help(format!("allowed keys: {}", list(allowed))),
        };
    }
}

fn expect(cx: &mut Checker, value: JsonRef, ok: bool, what: &str, expected: &str) {
    if !ok {
        cx.report(
            value,
            format!("`{what}` must be {expected}, not {}", a_type(value.json_type())),
        );
    }
}

fn is_integer(v: JsonRef) -> bool {
    v.as_i64().is_some()
}

fn check_ui(cx: &mut Checker, ui: JsonRef) {
    if !ui.is_object() {
        cx.report(ui, format!("`uiDefinition` must be an object, not {}", a_type(ui.json_type())));
        return;
    }
    unknown_keys(cx, ui, UI_KEYS, "uiDefinition");
    for (key, value) in ui.members() {
        match key {
            "displayName" | "description" | "tooltip" => {
                expect(cx, value, value.is_string(), key, "a string")
            }
            "tabIndex" => expect(cx, value, is_integer(value), key, "an integer"),
            "constraints" => check_constraints(cx, value),
            _ => {}
        }
    }
}

fn check_constraints(cx: &mut Checker, c: JsonRef) {
    if !c.is_object() {
        cx.report(c, format!("`constraints` must be an object, not {}", a_type(c.json_type())));
        return;
    }
    unknown_keys(cx, c, CONSTRAINT_KEYS, "constraints");
    for (key, value) in c.members() {
        match key {
            "clearText" => expect(cx, value, value.as_bool().is_some(), key, "a boolean"),
            "tabIndex" => expect(cx, value, is_integer(value), key, "an integer"),
            "required" | "hidden" => match value.as_str() {
                Some("true" | "false") => {}
                Some(_) => {
                    cx.report(
                        value,
                        format!("`{key}` is {}; expected `\"true\"` or `\"false\"`", show_node(value)),
                    );
                }
                None => {
                    let d = cx.report(
                        value,
                        format!(
                            "`{key}` must be the string `\"true\"` or `\"false\"`, not {}",
                            a_type(value.json_type())
                        ),
                    );
                    if let Some(b) = value.as_bool() {
                        let span = value.span();
                        d.help(format!("write `\"{key}\": \"{b}\"`")).fix(Fix::safe(
                            format!("Write `\"{b}\"` as a string"),
                            vec![Edit::string((span.start as usize, span.end as usize), &b.to_string())],
                        ));
                    }
                }
            },
            "capability" => {
                if value.is_array() {
                    for item in value.items() {
                        expect(cx, item, item.is_string(), "capability", "a string");
                    }
                } else {
                    expect(cx, value, false, key, "an array of strings");
                }
            }
            "allowedValues" => {
                if !value.is_array() {
                    expect(cx, value, false, key, "an array");
                    continue;
                }
                for item in value.items() {
                    if !item.is_object() {
                        expect(cx, item, false, "allowedValues item", "an object");
                        continue;
                    }
                    unknown_keys(cx, item, &["value", "text"], "allowedValues");
                    match item.get("value") {
                        Some(v) => expect(cx, v, v.is_string(), "value", "a string"),
                        None => {
                            cx.report(item, "allowed value has no `value`");
                        }
                    }
                    if let Some(t) = item.get("text") {
                        expect(cx, t, t.is_string(), "text", "a string");
                    }
                }
            }
            "dependencies" => {
                if !value.is_object() {
                    expect(cx, value, false, key, "an object");
                    continue;
                }
                for (_, dep) in value.members() {
                    if !dep.is_object() {
                        expect(cx, dep, false, "dependency", "an object");
                        continue;
                    }
                    unknown_keys(cx, dep, &["values"], "dependencies");
                    match dep.get("values") {
                        Some(vals) if vals.is_array() => {
                            for v in vals.items() {
                                expect(cx, v, v.is_string(), "values", "an array of strings");
                            }
                        }
                        Some(vals) => expect(cx, vals, false, "values", "an array of strings"),
                        None => {
                            cx.report_key(dep, "dependency has no `values`");
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
