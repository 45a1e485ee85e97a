//! ## What it checks
//! Each item of `properties.policyTemplateInstances`:
//!
//! - is an object with only `templateId`, `title`, `parameters` and (for `pollingtrigger`)
//!   `type: "PollingTrigger"`;
//! - has a `templateId` naming a known template (compared ignoring case; the casing itself is
//!   `policy-template-id-lowercase`'s concern): `convertarraytoobject`, `convertobjecttoarray`,
//!   `dynamichosturl`, `encodepropertyvalue`, `pollingtrigger`, `routerequesttoendpoint`,
//!   `setheader`, `setproperty`, `setqueryparameter`, `setvaluefromurl`, `stringreplace`,
//!   `stringtoarray`, `updatenextlink`;
//! - has the template's required `x-ms-apimTemplateParameter.*` parameters, and no parameter the
//!   template does not define, each a string (`triggerConfig`: an object) within the documented
//!   values (`existsAction`: `override`, `skip`, `append`; `httpMethod`; `retainKey`);
//! - names parameters `x-ms-apimTemplateParameter.<name>`, besides
//!   `x-ms-apimTemplate-operationName` (an array of operationIds that exist in the swagger) and
//!   `x-ms-apimTemplate-policySection` (`Request` or `Response`; `setheader` also `Failure`).
//!
//! `dynamicsubdomain`, `moveproperties` and `setconnectionstatustounauthenticated` are used by
//! merged connectors but not described by the repository schema: they are accepted, and only
//! their parameter names and operation names are checked.
//!
//! ## Why it matters for certification
//! Policy templates run in the connector's gateway for every call. The apiProperties validator
//! rejects instances that do not follow the template's schema, and an operation name that does
//! not exist makes the policy silently apply to nothing.
//!
//! ## Example
//! ```json
//! {
//!   "templateId": "setheader",
//!   "title": "Set the API version",
//!   "parameters": { "x-ms-apimTemplateParameter.name": "api-version", "x-ms-apimTemplate-policySection": "Outgoing" }
//! }
//! ```
//! Use instead:
//! ```json
//! {
//!   "templateId": "setheader",
//!   "title": "Set the API version",
//!   "parameters": {
//!     "x-ms-apimTemplateParameter.name": "api-version",
//!     "x-ms-apimTemplateParameter.value": "2024-01-01",
//!     "x-ms-apimTemplate-policySection": "Request"
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a `policyTemplateInstances` key spelled in another case is renamed, so the platform starts applying the policies. Unknown templates, parameters and operations get no fix: what a policy should do is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/policy-templates>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/faq>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::props::{
    KeyLookup, POLICY_TEMPLATES, PolicyTemplate, a_type, list, lookup, one_of, operation_id_hint,
    policy_template, rename_key, show_node, swagger_operation_ids, wrong_case,
};
use std::collections::HashSet;

pub struct PropsPolicyTemplates;

const PARAM_PREFIX: &str = "x-ms-apimTemplateParameter.";
const OPERATION_NAME: &str = "x-ms-apimTemplate-operationName";
const POLICY_SECTION: &str = "x-ms-apimTemplate-policySection";

impl Rule for PropsPolicyTemplates {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(properties) = props.properties else { return };
        let list = match lookup(properties, "policyTemplateInstances") {
            KeyLookup::Missing => return,
            KeyLookup::WrongCase(found, value) => {
                cx.report_key(value, wrong_case(found, "policyTemplateInstances"))
                    .fix(rename_key(value, "policyTemplateInstances"));
                return;
            }
            KeyLookup::Exact(list) => list,
        };
        if !list.is_array() {
            cx.report(
                list,
                format!("`policyTemplateInstances` must be an array, not {}", a_type(list.json_type())),
            );
            return;
        }
        let ids = swagger_operation_ids(cx.connector());
        for item in list.items() {
            check_instance(cx, item, ids.as_ref());
        }
    }
}

fn check_instance(cx: &mut Checker, item: JsonRef, ids: Option<&HashSet<&str>>) {
    if !item.is_object() {
        cx.report(
            item,
            format!("a policy template instance must be an object, not {}", a_type(item.json_type())),
        );
        return;
    }
    let Some(id_node) = item.get("templateId") else {
        cx.report(item, "policy template instance has no `templateId`");
        return;
    };
    let Some(id) = id_node.as_str() else {
        cx.report(
            id_node,
            format!("`templateId` must be a string, not {}", a_type(id_node.json_type())),
        );
        return;
    };
    let Some(template) = policy_template(id) else {
        let known: Vec<&str> = POLICY_TEMPLATES
            .iter()
            .filter(|t| !t.undocumented)
            .map(|t| t.id)
            .collect();
        cx.report(id_node, format!("`{id}` is not a known policy template"))
            .help(format!("use one of {}", one_of(&known)));
        return;
    };
    for (key, value) in item.members() {
        match key {
            "templateId" | "parameters" => {}
            "title" => {
                if !value.is_string() {
                    cx.report(
                        value,
                        format!("`title` must be a string, not {}", a_type(value.json_type())),
                    );
                }
            }
            "type" if template.id == "pollingtrigger" => {
                if value.as_str() != Some("PollingTrigger") {
                    cx.report(
                        value,
                        format!("`type` is {}; a `pollingtrigger` instance has `type` `PollingTrigger`", show_node(value)),
                    );
                }
            }
            _ => {
                cx.report_key(
                    value,
                    format!("unknown key `{key}` in a `{}` policy template instance", template.id),
                )
                .help("an instance has `templateId`, `title` and `parameters`");
            }
        }
    }
    let Some(params) = item.get("parameters") else {
        if !template.required.is_empty() {
            cx.report_key(
                id_node,
                format!("`{}` instance has no `parameters`; it needs {}", template.id, required_list(template)),
            );
        }
        return;
    };
    if !params.is_object() {
        cx.report(
            params,
            format!("`parameters` must be an object, not {}", a_type(params.json_type())),
        );
        return;
    }
    let missing: Vec<&str> = template
        .required
        .iter()
        .copied()
        .filter(|r| !params.members().any(|(k, _)| k.strip_prefix(PARAM_PREFIX) == Some(*r)))
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|m| format!("{PARAM_PREFIX}{m}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        cx.report_key(
            params,
            format!("`{}` instance is missing {}", template.id, one_of(&refs).replace(" or ", " and ")),
        );
    }
    for (key, value) in params.members() {
        if key == OPERATION_NAME {
            check_operation_names(cx, value, ids);
        } else if key == POLICY_SECTION {
            check_section(cx, template, value);
        } else if let Some(name) = key.strip_prefix(PARAM_PREFIX).filter(|n| is_word(n)) {
            check_parameter(cx, template, name, value);
        } else {
            cx.report_key(value, format!("`{key}` is not a policy template parameter name"))
                .help(format!("template parameters are named `{PARAM_PREFIX}<name>`, besides `{OPERATION_NAME}` and `{POLICY_SECTION}`"));
        }
    }
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn required_list(t: &PolicyTemplate) -> String {
    let names: Vec<String> = t.required.iter().map(|m| format!("{PARAM_PREFIX}{m}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    one_of(&refs).replace(" or ", " and ")
}

fn check_operation_names(cx: &mut Checker, value: JsonRef, ids: Option<&HashSet<&str>>) {
    if !value.is_array() {
        cx.report(
            value,
            format!("`{OPERATION_NAME}` must be an array of operationIds, not {}", a_type(value.json_type())),
        );
        return;
    }
    for item in value.items() {
        let Some(op) = item.as_str() else {
            cx.report(
                item,
                format!("operation names must be strings, not {}", a_type(item.json_type())),
            );
            continue;
        };
        let Some(ids) = ids else { continue };
        if ids.contains(op) {
            continue;
        }
        let d = cx.report(
            item,
            format!("`{OPERATION_NAME}` names `{op}`, which is not an operationId of the swagger"),
        );
        if let Some(hint) = operation_id_hint(ids, op) {
            d.help(format!("operationIds are case-sensitive: write `{hint}`"));
        }
    }
}

fn check_section(cx: &mut Checker, template: &PolicyTemplate, value: JsonRef) {
    let allowed: &[&str] = if template.failure_section {
        &["Request", "Response", "Failure"]
    } else {
        &["Request", "Response"]
    };
    if !value.as_str().is_some_and(|s| allowed.contains(&s)) {
        cx.report(
            value,
            format!("`{POLICY_SECTION}` is {}; expected {}", show_node(value), one_of(allowed)),
        );
    }
}

fn check_parameter(cx: &mut Checker, template: &PolicyTemplate, name: &str, value: JsonRef) {
    if template.undocumented {
        return;
    }
    let known = template.required.contains(&name)
        || template.optional.iter().any(|(n, _)| *n == name);
    if !known {
        let mut all: Vec<&str> = template.required.to_vec();
        all.extend(template.optional.iter().map(|(n, _)| *n));
        let d = cx.report_key(
            value,
            format!("`{PARAM_PREFIX}{name}` is not a parameter of the `{}` template", template.id),
        );
        match all.iter().find(|a| a.eq_ignore_ascii_case(name)) {
            Some(a) => d.help(format!("parameter names are case-sensitive: write `{PARAM_PREFIX}{a}`")),
            None => d.help(format!("its parameters are {}", list(&all))),
        };
        return;
    }
    if name == "triggerConfig" {
        if !value.is_object() {
            cx.report(
                value,
                format!("`{PARAM_PREFIX}triggerConfig` must be an object, not {}", a_type(value.json_type())),
            );
        }
        return;
    }
    let Some(text) = value.as_str() else {
        cx.report(
            value,
            format!("`{PARAM_PREFIX}{name}` must be a string, not {}", a_type(value.json_type())),
        );
        return;
    };
    let allowed = template
        .optional
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .unwrap_or(&[]);
    if !allowed.is_empty() && !allowed.contains(&text) {
        cx.report(
            value,
            format!("`{PARAM_PREFIX}{name}` is `{text}`; expected {}", one_of(allowed)),
        );
    }
}
