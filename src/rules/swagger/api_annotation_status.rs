//! ## What it checks
//! That `info.x-ms-api-annotation`, when present, is an object whose `status` is exactly
//! `Preview` or `Production`.
//!
//! ## Why it matters for certification
//! The connector-level status drives how the connector is labelled (a Preview badge) and which
//! operation statuses are allowed under it (operational versioning). The repository schema allows
//! only these two values, case-sensitively; the Swagger Validator reports other values as
//! `JsonValueNotInEnum`. A case variant such as `preview` is reported with the exact spelling as
//! the fix.
//!
//! The validator also reports `ProductionStatusOnBetaService` when a connector claims
//! `Production` for a service Microsoft knows to be in beta; that depends on Microsoft's
//! service records and cannot be checked offline.
//!
//! ## Example
//! ```json
//! "info": { "x-ms-api-annotation": { "status": "GA" } }
//! ```
//! Use instead:
//! ```json
//! "info": { "x-ms-api-annotation": { "status": "Production" } }
//! ```
//!
//! ## Fix safety
//! Safe: a status that differs only in letter case (`preview`) is written as documented (`Preview`). Other values get no fix: which status applies is the publisher's to say.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::info::{info, quote, type_name};

pub struct ApiAnnotationStatus;

const STATUSES: [&str; 2] = ["Preview", "Production"];

impl Rule for ApiAnnotationStatus {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(annotation) = info(sw).and_then(|i| i.get("x-ms-api-annotation")) else {
            return;
        };
        if !annotation.is_object() {
            cx.report(
                annotation,
                format!(
                    "`info.x-ms-api-annotation` is {}; expected an object such as `{{\"status\": \"Preview\"}}`",
                    type_name(annotation)
                ),
            )
            .code("JsonTypeIncorrect");
            return;
        }
        let Some(status) = annotation.get("status") else { return };
        let Some(text) = status.as_str() else {
            cx.report(
                status,
                format!("connector status is {}; expected `Preview` or `Production`", type_name(status)),
            )
            .code("JsonTypeIncorrect");
            return;
        };
        if STATUSES.contains(&text) {
            return;
        }
        let d = cx
            .report(
                status,
                format!("connector status `{}` is not `Preview` or `Production`", quote(text)),
            )
            .code("JsonValueNotInEnum");
        if let Some(exact) = STATUSES.iter().find(|s| s.eq_ignore_ascii_case(text.trim())) {
            d.help(format!("the value is case-sensitive: write `{exact}`"))
                .fix(Fix::safe(format!("Write `{exact}`"), vec![set_string(status, exact)]));
        }
    }
}
