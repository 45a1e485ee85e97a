//! ## What it checks
//! That the definition of a certified or independent-publisher connector has a `host`. Whether
//! its value is a valid host name is judged by `host-valid`, for every profile.
//!
//! ## Why it matters for certification
//! OpenAPI 2.0 makes `host` optional (requests then go to the host serving the document), but a
//! connector's definition is not served by its API: the platform builds every request URL from
//! `schemes`, `host` and `basePath`, and paconn deploys the connector with `schemes[0]://host`
//! as its backend. Without a host there is nothing to call, and the certification pipeline's
//! deployment fails. Every merged connector of the repository declares one. For a connector
//! whose host differs per connection (a tenant sub-domain, a region), keep a placeholder host
//! and set the real one with the `dynamichosturl` policy template in apiProperties.json.
//!
//! Custom connectors are not held to this rule: the maker portal asks for the host in its
//! wizard and adds it.
//!
//! ## Example
//! ```json
//! { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" }, "basePath": "/v1", "paths": {} }
//! ```
//! Use instead:
//! ```json
//! { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" }, "host": "api.contoso.com", "basePath": "/v1", "schemes": ["https"], "paths": {} }
//! ```
//!
//! ## Fix safety
//! No fix: the host of the service is the author's to give; ppcert cannot know where the API lives.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::json::Span;
use crate::rules::prelude::*;

pub struct HostRequired;

impl Rule for HostRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        // A definition that is not an object is reported by `swagger-required-keys`.
        if !sw.root.is_object() || sw.root.has("host") {
            return;
        }
        let start = sw.root.span().start as usize;
        cx.report_json_span(
            sw.file,
            Span::new(start, start + 1),
            "the definition has no `host`; a connector submitted for certification must name the host of its service",
        )
        .help("add `\"host\": \"api.contoso.com\"` (and `basePath`, `schemes`); for a host chosen per connection, keep a placeholder and use the `dynamichosturl` policy template");
    }
}
