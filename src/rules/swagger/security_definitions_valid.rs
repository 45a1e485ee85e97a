//! ## What it checks
//! The `securityDefinitions` and every `security` requirement (top level and per operation):
//! - each scheme is an object whose `type` is `basic`, `apiKey` or `oauth2`
//!   (`SecuritySchemePropertyRequired` when missing, `SecuritySchemePropertyNotValid` otherwise);
//! - an `apiKey` scheme has a `name` string and `in` set to `header` or `query`;
//! - an `oauth2` scheme has a `flow` of `implicit`, `password`, `application` or `accessCode`,
//!   with the URLs that flow needs (`authorizationUrl` for implicit and accessCode, `tokenUrl`
//!   for password, application and accessCode) as absolute URLs, and `scopes`, if given, as an
//!   object (a blank `name` or URL is reported by `swagger-no-empty-values`, which owns every
//!   empty string);
//! - each requirement names a defined scheme (`SecurityRequirementMustBeDefined`);
//! - each requirement's value is an array (`SecurityRequirementMustHaveValue`);
//! - that array is empty for `basic` and `apiKey` schemes
//!   (`SecurityRequirementMustHaveEmptyValue`);
//! - for `oauth2` schemes, each listed scope is a key of the scheme's `scopes`
//!   (`OAuthSecurityRequirementValueMustBeScopeName`).
//!
//! ## Why it matters for certification
//! The platform reads these to build the connection dialog and to authenticate calls. The
//! repository schema describes the shapes, and the Swagger Validator reports the codes above.
//! Requirements naming undefined schemes are a common real defect (over a hundred in merged
//! connectors, mostly left over from generated definitions): tools disagree on what they mean.
//!
//! An oauth2 requirement with an empty array is accepted: OpenAPI allows it and many merged
//! connectors use it, so `SecurityRequirementMustHaveValue` is read as "the value must be an
//! array". `scopes` is optional, as in the repository schema. Which flows the platform supports
//! is `auth-type-supported`'s business.
//!
//! ## Example
//! ```json
//! "securityDefinitions": { "api_key": { "type": "apiKey", "in": "header" } },
//! "security": [{ "apiKey": ["read"] }]
//! ```
//! Use instead:
//! ```json
//! "securityDefinitions": { "api_key": { "type": "apiKey", "name": "X-Api-Key", "in": "header" } },
//! "security": [{ "api_key": [] }]
//! ```
//!
//! ## Fix safety
//! Safe: a scheme `type` in another case is written as OpenAPI spells it (`ApiKey` → `apiKey`), the scheme the author named. Missing names, locations, flows, URLs and scopes, and requirements naming undefined schemes or scopes, get no fix: they are facts of the API only the author knows.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::info::{quote, type_name};

pub struct SecurityDefinitionsValid;

const REQUIRED: &str = "SecuritySchemePropertyRequired";
const NOT_VALID: &str = "SecuritySchemePropertyNotValid";

impl Rule for SecurityDefinitionsValid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let definitions = sw.root.get("securityDefinitions").filter(|d| d.is_object());
        if let Some(definitions) = definitions {
            for (_, scheme) in definitions.members() {
                check_scheme(cx, scheme);
            }
        }
        if let Some(security) = sw.root.get("security") {
            check_requirements(cx, definitions, security);
        }
        for op in &sw.operations {
            if let Some(security) = op.node.get("security") {
                check_requirements(cx, definitions, security);
            }
        }
    }
}

fn check_scheme(cx: &mut Checker, scheme: JsonRef) {
    let name = scheme.key().unwrap_or_default();
    if !scheme.is_object() {
        cx.report(
            scheme,
            format!("security scheme `{name}` is {}; expected an object", type_name(scheme)),
        )
        .code(NOT_VALID);
        return;
    }
    let Some(kind) = scheme.get("type") else {
        cx.report_key(scheme, format!("security scheme `{name}` has no `type`"))
            .code(REQUIRED)
            .help("set `type` to `basic`, `apiKey` or `oauth2`");
        return;
    };
    match kind.as_str() {
        Some("basic") => {}
        Some("apiKey") => check_api_key(cx, scheme, name),
        Some("oauth2") => check_oauth2(cx, scheme, name),
        Some(other) => {
            let d = cx
                .report(
                    kind,
                    format!("security scheme type `{}` is not `basic`, `apiKey` or `oauth2`", quote(other)),
                )
                .code(NOT_VALID);
            if let Some(exact) = ["basic", "apiKey", "oauth2"]
                .iter()
                .find(|t| t.eq_ignore_ascii_case(other))
            {
                d.help(format!("the value is case-sensitive: write `{exact}`"))
                    .fix(Fix::safe(format!("Write `{exact}`"), vec![set_string(kind, exact)]));
            }
        }
        None => {
            cx.report(kind, format!("security scheme type is {}; expected a string", type_name(kind)))
                .code(NOT_VALID);
        }
    }
}

fn check_api_key(cx: &mut Checker, scheme: JsonRef, name: &str) {
    match scheme.get("name") {
        None => {
            cx.report_key(scheme, format!("apiKey scheme `{name}` has no `name` (the header or query parameter)"))
                .code(REQUIRED);
        }
        Some(n) if n.as_str().is_none() => {
            cx.report(n, "apiKey `name` must be a string naming the header or query parameter")
                .code(NOT_VALID);
        }
        Some(_) => {}
    }
    match scheme.get("in") {
        None => {
            cx.report_key(scheme, format!("apiKey scheme `{name}` has no `in`"))
                .code(REQUIRED)
                .help("set `in` to `header` or `query`");
        }
        Some(location) if matches!(location.as_str(), Some("header" | "query")) => {}
        Some(location) => {
            let shown = location.as_str().map_or_else(|| location.raw().to_owned(), quote);
            cx.report(location, format!("apiKey `in` is `{shown}`; expected `header` or `query`"))
                .code(NOT_VALID);
        }
    }
}

fn check_oauth2(cx: &mut Checker, scheme: JsonRef, name: &str) {
    let Some(flow) = scheme.get("flow") else {
        cx.report_key(scheme, format!("oauth2 scheme `{name}` has no `flow`"))
            .code(REQUIRED)
            .help("use `\"flow\": \"accessCode\"` (authorization code)");
        return;
    };
    let needs: &[&str] = match flow.as_str() {
        Some("implicit") => &["authorizationUrl"],
        Some("password" | "application") => &["tokenUrl"],
        Some("accessCode") => &["authorizationUrl", "tokenUrl"],
        _ => {
            let shown = flow.as_str().map_or_else(|| flow.raw().to_owned(), quote);
            cx.report(
                flow,
                format!("oauth2 flow `{shown}` is not `implicit`, `password`, `application` or `accessCode`"),
            )
            .code(NOT_VALID);
            return;
        }
    };
    for key in needs {
        match scheme.get(key) {
            None => {
                cx.report_key(
                    scheme,
                    format!("oauth2 scheme `{name}` has no `{key}`, which the `{}` flow needs", flow.as_str().unwrap_or_default()),
                )
                .code(REQUIRED);
            }
            Some(url) if url.as_str().is_some_and(|u| u.trim().is_empty() || util::is_absolute_url(u)) => {}
            Some(url) => {
                let shown = url.as_str().map_or_else(|| url.raw().to_owned(), quote);
                cx.report(url, format!("oauth2 `{key}` `{shown}` is not an absolute URL"))
                    .code(NOT_VALID);
            }
        }
    }
    if let Some(scopes) = scheme.get("scopes") {
        if !scopes.is_object() {
            cx.report(scopes, format!("oauth2 `scopes` is {}; expected an object of scope names", type_name(scopes)))
                .code(NOT_VALID);
        }
    }
}

fn check_requirements(cx: &mut Checker, definitions: Option<JsonRef>, security: JsonRef) {
    // Wrong container types are the schema's business; only judge well-formed requirement objects.
    for requirement in security.items().filter(|r| r.is_object()) {
        for (name, value) in requirement.members() {
            let Some(scheme) = definitions.and_then(|d| d.get(name)) else {
                let d = cx
                    .report_key(value, format!("security requirement names `{name}`, which is not in `securityDefinitions`"))
                    .code("SecurityRequirementMustBeDefined");
                match definitions.map(|d| d.members().map(|(k, _)| k).collect::<Vec<_>>()) {
                    Some(names) if names.len() == 1 => {
                        d.help(format!("the defined scheme is `{}`", names.join("")));
                    }
                    Some(names) if !names.is_empty() => {
                        d.help(format!("defined schemes: `{}`", names.join("`, `")));
                    }
                    _ => {
                        d.help("define the scheme in `securityDefinitions`, or remove the requirement");
                    }
                }
                continue;
            };
            if !value.is_array() {
                cx.report(value, format!("security requirement `{name}` is {}; expected an array", type_name(value)))
                    .code("SecurityRequirementMustHaveValue")
                    .help("use `[]`, or a list of scope names for oauth2");
                continue;
            }
            if scheme.get_str("type") == Some("oauth2") {
                let scopes = scheme.get("scopes");
                for scope in value.items() {
                    let defined = scope
                        .as_str()
                        .is_some_and(|s| scopes.is_some_and(|sc| sc.has(s)));
                    if !defined {
                        let shown = scope.as_str().map_or_else(|| scope.raw().to_owned(), quote);
                        cx.report(scope, format!("scope `{shown}` is not defined in the `scopes` of `{name}`"))
                            .code("OAuthSecurityRequirementValueMustBeScopeName")
                            .help(format!("add it to `securityDefinitions.{name}.scopes`, or remove it here"));
                    }
                }
            } else if !value.is_empty() {
                cx.report(value, format!("security requirement `{name}` must be an empty array; only oauth2 schemes list scopes"))
                    .code("SecurityRequirementMustHaveEmptyValue")
                    .help("write `[]`");
            }
        }
    }
}
