//! ## What it checks
//! That every webhook trigger describes the payload it receives with
//! `x-ms-notification-content`, and that this object has a `schema`. A webhook trigger is a
//! trigger whose request body has a property with `"x-ms-notification-url": true`. The
//! extension may sit on the operation or on its path item; merged connectors mostly use the
//! path item.
//!
//! Webhook *actions* (operations without `x-ms-trigger` that send a callback URL) are not
//! checked. The catalogue and the validator code speak of webhook triggers.
//!
//! ## Why it matters for certification
//! A webhook trigger's outputs are what the service posts to the callback URL, not the response
//! of the subscribe call. Without `x-ms-notification-content` the designer has no
//! trigger outputs to offer, and the Swagger Validator fails the definition with
//! `OperationMustHaveNotificationContentExtension`.
//!
//! ## Example
//! ```json
//! "/hooks": {
//!   "post": { "operationId": "OnNewOrder", "x-ms-trigger": "single", "parameters": [ ... ] }
//! }
//! ```
//! Use instead:
//! ```json
//! "/hooks": {
//!   "x-ms-notification-content": {
//!     "description": "The new order",
//!     "schema": { "$ref": "#/definitions/Order" }
//!   },
//!   "post": { "operationId": "OnNewOrder", "x-ms-trigger": "single", "parameters": [ ... ] }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the payload the service posts to the callback URL is the service's to describe; ppcert cannot know its schema.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/create-webhook-trigger>
use crate::rules::prelude::*;
use crate::rules::util::triggers;

pub struct WebhookNotificationContent;

impl Rule for WebhookNotificationContent {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        if !sw.is_webhook(op) {
            return;
        }
        let Some(content) = triggers::notification_content(op) else {
            cx.report_key(
                op.node,
                format!(
                    "webhook trigger {} has no `x-ms-notification-content` describing the payload it receives",
                    op.label()
                ),
            )
            .help("add `\"x-ms-notification-content\": { \"description\": \"...\", \"schema\": { ... } }` to the path item or the operation");
            return;
        };
        if !content.is_object() {
            cx.report(
                content,
                format!(
                    "`x-ms-notification-content` is {}; expected an object with a `schema`",
                    triggers::a_type(content)
                ),
            );
        } else if !content.has("schema") {
            cx.report_key(
                content,
                format!(
                    "`x-ms-notification-content` of webhook trigger {} has no `schema`",
                    op.label()
                ),
            )
            .help("describe the payload the service posts to the callback URL in `schema`");
        }
    }
}
