//! ## What it checks
//! That the top-level `schemes` (and any operation-level `schemes`) is a non-empty array whose
//! values are `https` or `http`, and prefers `https`:
//! - a missing or empty top-level `schemes` is an error (`SchemesArrayEmpty`);
//! - `ws`/`wss` are errors (`SchemeNotSupported`): connectors make plain HTTP requests;
//! - any other value, including `HTTPS` in capitals, is an error (`SchemeNotValid`);
//! - `http` is a warning: requests, credentials and data would travel unencrypted.
//!
//! ## Why it matters for certification
//! The platform builds request URLs from `schemes`, `host` and `basePath`. The Swagger
//! Validator reports the three codes above; merged connectors use `https` almost exclusively
//! (985 against 18 `http`). A missing `schemes` is treated like an empty one: the platform has
//! no scheme to call the service with.
//!
//! ## Example
//! ```json
//! { "host": "api.contoso.com", "schemes": ["http", "wss"] }
//! ```
//! Use instead:
//! ```json
//! { "host": "api.contoso.com", "schemes": ["https"] }
//! ```
//!
//! ## Fix safety
//! Safe: with `https` listed, `http`, `ws` and `wss` entries are removed (the platform calls over https); a scheme in the wrong case is lowered. Without `https` in the list there is no fix: whether the service speaks https is for the author to know.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::info::{no_code, quote, report_at_root, type_name};

pub struct SchemesHttpOnly;

impl Rule for SchemesHttpOnly {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if !sw.root.is_object() {
            return;
        }
        match sw.root.get("schemes") {
            None => {
                report_at_root(cx, sw, "`schemes` is missing; the platform needs a scheme to call the service")
                    .code("SchemesArrayEmpty")
                    .help("add `\"schemes\": [\"https\"]`");
            }
            Some(schemes) => check(cx, schemes, true),
        }
        for op in &sw.operations {
            if let Some(schemes) = op.node.get("schemes") {
                check(cx, schemes, false);
            }
        }
    }
}

fn check(cx: &mut Checker, schemes: JsonRef, top: bool) {
    if !schemes.is_array() {
        cx.report(
            schemes,
            format!("`schemes` is {}; expected an array such as `[\"https\"]`", type_name(schemes)),
        )
        .code("SchemeNotValid");
        return;
    }
    if schemes.is_empty() {
        let what = if top { "`schemes`" } else { "the operation's `schemes`" };
        cx.report(schemes, format!("{what} is empty"))
            .code("SchemesArrayEmpty")
            .help(if top {
                "write `\"schemes\": [\"https\"]`"
            } else {
                "remove it to use the top-level schemes, or write `[\"https\"]`"
            });
        return;
    }
    let has_https = schemes.items().any(|v| v.as_str() == Some("https"));
    // With `https` listed, the other schemes can go: the platform calls over https.
    let drop = |i: usize| {
        has_https
            .then(|| util::edits::remove_item(schemes, i))
            .flatten()
            .map(|e| Fix::safe("Remove the scheme; `https` stays", vec![e]))
    };
    for (i, value) in schemes.items().enumerate() {
        let Some(scheme) = value.as_str() else {
            cx.report(value, format!("scheme is {}; expected `https`", type_name(value)))
                .code("SchemeNotValid");
            continue;
        };
        match scheme {
            "https" => {}
            "http" => {
                let d = no_code(cx.report(value, "scheme `http` sends requests and credentials unencrypted"))
                    .severity(Severity::Warning)
                    .help("use `https` if the service supports it");
                if let Some(fix) = drop(i) {
                    d.fix(fix);
                }
            }
            "ws" | "wss" => {
                let d = cx
                    .report(value, format!("scheme `{scheme}` is not supported; connectors call services over `https`"))
                    .code("SchemeNotSupported");
                if let Some(fix) = drop(i) {
                    d.fix(fix);
                }
            }
            other => {
                let d = cx
                    .report(value, format!("scheme `{}` is not valid; use `https`", quote(other)))
                    .code("SchemeNotValid");
                if matches!(other.to_ascii_lowercase().as_str(), "http" | "https") {
                    let lower = other.to_ascii_lowercase();
                    d.help(format!("schemes are lower case: `{lower}`"))
                        .fix(Fix::safe("Write the scheme in lower case", vec![set_string(value, &lower)]));
                }
            }
        }
    }
}
