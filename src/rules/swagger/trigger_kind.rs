//! ## What it checks
//! That an operation's `x-ms-trigger` is the string `single` or `batch`. Without the key the
//! operation is an action.
//!
//! Only the value is checked. An operation with an `x-ms-notification-url` body property
//! but no `x-ms-trigger` is not flagged: it is a webhook *action* (it sends a callback URL
//! and waits for the reply, for example "send an approval and wait"). Merged connectors use
//! this on purpose.
//!
//! ## Why it matters for certification
//! The platform reads `x-ms-trigger` to list an operation as a trigger, and the connector schema
//! allows only these two values. With any other value the operation does not show up as a
//! trigger, or the definition is rejected.
//! `single` fires one run per item. `batch` fires one run for the whole returned array.
//!
//! ## Example
//! ```json
//! "post": { "operationId": "OnNewOrder", "x-ms-trigger": "Single" }
//! ```
//! Use instead:
//! ```json
//! "post": { "operationId": "OnNewOrder", "x-ms-trigger": "single" }
//! ```
//!
//! ## Fix safety
//! Safe: `Single` or `BATCH` becomes `single` or `batch`, the value in the wrong case. Another value gets no fix: whether the trigger fires per item or per array is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/create-webhook-trigger>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::triggers;

pub struct TriggerKind;

const ALLOWED: [&str; 2] = ["single", "batch"];

impl Rule for TriggerKind {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let Some(trigger) = op.node.get("x-ms-trigger") else {
            return;
        };
        match trigger.as_str() {
            Some(value) if ALLOWED.contains(&value) => {}
            Some(value) => {
                let d = cx.report(
                    trigger,
                    format!("`x-ms-trigger` is `{value}`; expected `single` or `batch`"),
                );
                if let Some(exact) = ALLOWED.iter().find(|a| a.eq_ignore_ascii_case(value.trim())) {
                    d.help("the value is case-sensitive: write it in lower case")
                        .fix(Fix::safe(format!("Write `{exact}`"), vec![set_string(trigger, exact)]));
                } else {
                    d.help("use `single` (one run per item) or `batch` (one run per array); remove the key for an action");
                }
            }
            None => {
                cx.report(
                    trigger,
                    format!(
                        "`x-ms-trigger` is {}; expected the string `single` or `batch`",
                        triggers::a_type(trigger)
                    ),
                );
            }
        }
    }
}
