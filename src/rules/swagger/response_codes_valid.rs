//! ## What it checks
//! For every operation's `responses`:
//! - each key is a 3-digit HTTP status code (100–599) or `default` (`x-` extension keys are
//!   skipped) — `ResponseMustBeDefaultOrHttpStatusCode`;
//! - the names in a response's `headers` are unique, compared without case as HTTP does —
//!   `ResponseHeadersAreNotUnique`.
//!
//! A response reached through `$ref` is judged where it is defined. A missing response
//! `description` is reported by `swagger-required-keys` and a blank one by
//! `swagger-no-empty-values`.
//!
//! ## Why it matters for certification
//! OpenAPI 2.0 only knows status codes and `default` as response keys; the Swagger Validator
//! and the repository's schema reject the rest. Two headers differing only in case are one
//! HTTP header, declared twice.
//!
//! ## Example
//! ```json
//! "responses": {
//!   "2XX": { "description": "Success" },
//!   "200": { "description": "OK", "headers": { "ETag": { "type": "string" }, "etag": { "type": "string" } } }
//! }
//! ```
//! Use instead:
//! ```json
//! "responses": {
//!   "200": { "description": "The item was found.", "headers": { "ETag": { "type": "string" } } }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the status code a key such as `2XX` stands for is the service's to say, and two declarations of one header may describe it differently; ppcert does not pick.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/942>
use crate::rules::prelude::*;

pub struct ResponseCodesValid;

fn is_status_code(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_digit())
        && (b'1'..=b'5').contains(&code.as_bytes()[0])
}

impl Rule for ResponseCodesValid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(responses) = op.node.get("responses") else {
            return;
        };
        for (code, site) in responses.members() {
            if code.starts_with("x-") {
                continue;
            }
            if code != "default" && !is_status_code(code) {
                cx.report_key(
                    site,
                    format!(
                        "response key `{code}` is neither a 3-digit HTTP status code nor `default`"
                    ),
                )
                .code("ResponseMustBeDefaultOrHttpStatusCode");
            }
            let Ok(response) = sw.resolve(site) else {
                continue;
            };
            if !response.is_object() {
                continue;
            }
            check_headers(cx, response);
        }
    }
}

fn check_headers(cx: &mut Checker, response: JsonRef) {
    let Some(headers) = response.get("headers") else {
        return;
    };
    if headers.len() < 2 {
        return;
    }
    let mut seen: Vec<&str> = Vec::with_capacity(headers.len());
    for (name, header) in headers.members() {
        if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(name)) {
            cx.report_key(
                header,
                format!("response header `{name}` is declared twice (as `{first}` before; header names ignore case)"),
            )
            .code("ResponseHeadersAreNotUnique");
        } else {
            seen.push(name);
        }
    }
}
