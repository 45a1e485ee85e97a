//! ## What it checks
//! That every object of the definition holds only the fields OpenAPI 2.0 defines for it, or
//! vendor extensions whose names start with `x-`. The document root, `info`, `contact`, `license`,
//! path items, operations, parameters, `items`, responses, headers, schemas, security
//! definitions, tags, `externalDocs` and `xml` objects are checked. Each unknown key is reported
//! with the validator code that fits it:
//! - `SwaggerKeywordNotSupported`: a keyword of OpenAPI 3 or of later JSON Schema drafts
//!   (`openapi`, `components`, `requestBody`, `oneOf`, `anyOf`, `nullable`, `const`, ...);
//! - `AdditionalPropertyNotAllowed`: an OpenAPI 2.0 keyword in the wrong object (`summary` on a
//!   parameter, `examples` on a schema, `$ref` in `info`);
//! - `ExtensionNameNotValid`: any other name, which would have to be an extension but does not
//!   start with `x-` (`scriptOperations`, `X-MS-Summary`, `basepath`).
//!
//! Where a close name exists, the message suggests it (`basepath` → `basePath`,
//! `x_ms_summary` → `x-ms-summary`); a schema key whose value looks like a schema is probably a
//! property that belongs under `properties`.
//!
//! Not checked here: the members of the maps whose keys are names (`paths`, `definitions`,
//! `properties`, `responses`, `headers`, `securityDefinitions`, `scopes`), response codes
//! (`response-codes-valid`), path keys (`path-syntax`), the content of `x-` extensions, and the
//! keys next to a `$ref` (`swagger-ref-targets`). Two root keys have a rule of their own, which
//! says more: `openapi` in a definition without `swagger` (`swagger-version-2`: the whole
//! document is OpenAPI 3) and `scriptOperations` (`props-script-operations`: it belongs in
//! apiProperties.json). Which fields a body or a non-body parameter may
//! use is `body-param-shape`'s concern; this rule accepts the union of both. `x-ms-*` names are
//! checked by `swagger-known-xms-extensions`.
//!
//! ## Why it matters for certification
//! The Swagger Validator rejects unknown properties (for example `scriptOperations` copied from
//! apiProperties.json into the definition, #3810), and the platform silently ignores keywords it
//! does not support, so an OpenAPI 3 `oneOf` or `nullable` does not do what the author expects.
//! Every merged connector of the public repository passes this rule except one legacy root key.
//!
//! ## Example
//! ```json
//! { "swagger": "2.0", "scriptOperations": ["GetItems"], "paths": {} }
//! ```
//! Use instead: move `scriptOperations` to `apiProperties.json` (`properties.scriptOperations`),
//! or name your own data `x-...`.
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a key that differs from the field or `x-ms-` extension of its place only in case (`basepath` → `basePath`, `operationID` → `operationId`, `X-MS-Summary` → `x-ms-summary`) is renamed, when the right spelling is not there too; the platform ignores the key now and starts reading it. Other unknown keys get no fix: an OpenAPI 3 keyword, a property that belongs under `properties`, a misspelling or an extension missing its `x-` each change the definition differently, and only the author knows which was meant.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3810>
use crate::rules::prelude::*;
use crate::rules::util::document::{
    Loc, UNSUPPORTED_KEYWORDS, closest_xms, edit_distance, is_keyword, is_swagger_keyword, keywords,
    walk,
};

pub struct SwaggerNoUnknownProperties;

impl Rule for SwaggerNoUnknownProperties {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        walk(sw, |loc, node| {
            let Some(allowed) = keywords(loc) else { return };
            if loc.admits_ref() && node.has("$ref") {
                return;
            }
            for (key, value) in node.members() {
                if key.starts_with("x-") || is_keyword(loc, key) || owned_elsewhere(loc, node, key)
                {
                    continue;
                }
                report(cx, loc, allowed, key, value);
            }
        });
    }
}

/// Root keys another rule reports with a better message.
fn owned_elsewhere(loc: Loc, node: JsonRef<'_>, key: &str) -> bool {
    loc == Loc::Root
        && ((key == "openapi" && !node.has("swagger"))
            || key.eq_ignore_ascii_case("scriptOperations"))
}

fn report(cx: &mut Checker, loc: Loc, allowed: &[&'static str], key: &str, value: JsonRef<'_>) {
    let place = loc.describe();
    if UNSUPPORTED_KEYWORDS.contains(&key) {
        let help = match key {
            "openapi" | "servers" | "components" | "requestBody" | "callbacks" | "links"
            | "content" | "webhooks" => {
                "this is OpenAPI 3: convert the definition to OpenAPI 2.0 (Swagger)"
            }
            "oneOf" | "anyOf" | "not" => {
                "OpenAPI 2.0 has no alternatives in schemas: describe the common shape, or use `x-ms-dynamic-schema`"
            }
            _ => "remove it: OpenAPI 2.0 has no such keyword and the platform ignores it",
        };
        cx.report_key(
            value,
            format!("`{key}` in {place} is not an OpenAPI 2.0 keyword"),
        )
        .code("SwaggerKeywordNotSupported")
        .help(help);
        return;
    }
    if is_swagger_keyword(key) {
        let d = cx
            .report_key(value, format!("`{key}` is not allowed in {place}"))
            .code("AdditionalPropertyNotAllowed");
        match (loc, key) {
            (Loc::Schema, "examples") => {
                d.help("a schema takes a single `example`");
            }
            (Loc::Parameter | Loc::Schema, "deprecated") => {
                d.help("OpenAPI 2.0 can only deprecate whole operations");
            }
            (Loc::Parameter, "example") => {
                d.help("non-body parameters have no `example` in OpenAPI 2.0; use `x-ms-test-value` for a sample value");
            }
            _ => {}
        }
        return;
    }
    let keyword = closest_keyword(key, allowed);
    let extension = closest_xms(key);
    let suggestion = keyword
        .map(|k| format!("`{k}`"))
        .or_else(|| extension.map(|x| format!("the extension `{x}`")));
    if let Some(suggestion) = suggestion {
        // Only the case differs and the right spelling is not there too: rename it. Unsafe,
        // since the platform ignores the key now and starts reading it once renamed.
        let fix = keyword
            .or(extension)
            .filter(|k| k.eq_ignore_ascii_case(key))
            .filter(|k| value.parent().is_some_and(|p| !p.has(k)))
            .map(|k| {
                let span = value.key_span();
                Fix::unsafe_edit(
                    format!("Write `{k}`"),
                    vec![Edit::string((span.start as usize, span.end as usize), k)],
                )
            });
        cx.report_key(
            value,
            format!("unknown property `{key}` in {place} (did you mean {suggestion}?)"),
        )
        .code("ExtensionNameNotValid")
        .fix_if(fix);
        return;
    }
    let d = cx
        .report_key(
            value,
            format!("unknown property `{key}` in {place}; only OpenAPI 2.0 fields and `x-` extensions are allowed"),
        )
        .code("ExtensionNameNotValid");
    if key == "scriptOperations" {
        d.help("`scriptOperations` belongs in apiProperties.json, under `properties`");
    } else if loc == Loc::Schema
        && (value.has("type") || value.has("$ref") || value.has("properties"))
    {
        d.help(format!("`{key}` looks like a property: move it under `properties`"));
    } else {
        d.help(format!("rename it `x-{key}` if it is your own extension, or remove it"));
    }
}

/// The keyword of this location `key` most likely stands for (a case or spelling variant).
fn closest_keyword(key: &str, allowed: &[&'static str]) -> Option<&'static str> {
    if let Some(k) = allowed.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        return Some(k);
    }
    if key.len() < 5 {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    allowed
        .iter()
        .map(|k| (*k, edit_distance(&lower, &k.to_ascii_lowercase())))
        .filter(|(k, d)| *d <= if k.len() <= 6 { 1 } else { 2 })
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}
