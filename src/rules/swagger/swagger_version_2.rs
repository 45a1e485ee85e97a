//! ## What it checks
//! That the definition declares `"swagger": "2.0"`: the key is there, its value is the string
//! `"2.0"` (not the number `2.0`, not `"2"` or `"3.0"`), and the document is not an OpenAPI 3
//! definition (`"openapi": "3.x"`).
//!
//! A missing `swagger` key is reported by `swagger-required-keys`, unless the document is an
//! OpenAPI 3 one, which is reported here on its `openapi` key.
//!
//! ## Why it matters for certification
//! Power Platform connectors are described in OpenAPI 2.0 (Swagger) only. The Swagger Validator
//! rejects any other version (`SpecificationVersionIncorrect`), and the certification bot
//! (policy 5000.2.6.2) requires a complete, well-structured OpenAPI 2.0 document. An OpenAPI 3
//! definition has to be converted, not just relabelled: `components`, `requestBody` and
//! `servers` have no place in 2.0.
//!
//! ## Example
//! ```json
//! { "openapi": "3.0.1", "info": { "title": "Contoso", "version": "1.0" }, "paths": {} }
//! ```
//! Use instead:
//! ```json
//! { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" }, "paths": {} }
//! ```
//!
//! ## Fix safety
//! Safe: `2`, `2.0` or `"2"` become the string `"2.0"`, which is what they mean. An OpenAPI 3 definition or another version gets no fix: convert it with `ppcert convert`.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/faq>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/define-openapi-definition>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3847>
use crate::rules::prelude::*;

pub struct SwaggerVersion2;

impl Rule for SwaggerVersion2 {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if !sw.root.is_object() {
            return;
        }
        match sw.root.get("swagger") {
            Some(version) if version.as_str() == Some("2.0") => {}
            Some(version) => {
                // `2`, `2.0` or `"2"` mean 2.0; anything else is another version, not a typo.
                let means_two = matches!(version.raw().trim_matches('"'), "2" | "2.0");
                let d = cx.report(
                    version,
                    match version.json_type() {
                        JsonType::String => {
                            format!("`swagger` is {}; it must be \"2.0\"", version.raw())
                        }
                        other => format!(
                            "`swagger` is the {other} {}; it must be the string \"2.0\"",
                            version.raw()
                        ),
                    },
                )
                .help("only OpenAPI 2.0 (Swagger) definitions are supported: set `\"swagger\": \"2.0\"`");
                if means_two {
                    d.fix(Fix::safe("Write the string \"2.0\"", vec![set_raw(version, "\"2.0\"")]));
                }
            }
            None => {
                if let Some(openapi) = sw.root.get("openapi") {
                    cx.report_key(
                        openapi,
                        format!(
                            "this is an OpenAPI {} definition; connectors must use Swagger \"2.0\"",
                            openapi.as_str().unwrap_or("3")
                        ),
                    )
                    .help("convert the definition to OpenAPI 2.0 (`swagger: \"2.0\"`, `definitions`, body parameters instead of `components` and `requestBody`)");
                }
            }
        }
    }
}
