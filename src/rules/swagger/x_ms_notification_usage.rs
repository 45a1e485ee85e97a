//! ## What it checks
//! How `x-ms-notification` is used on an operation:
//! - only on a trigger, never on an action
//!   (`NotificationExtensionSupportedForTriggerOnly`);
//! - never on a webhook trigger itself
//!   (`NotificationExtensionNotSupportedInWebhookOperation`);
//! - its `operationId` names an operation of the file that is a webhook trigger
//!   (`NotificationOperationMustBeWebhook`). A webhook trigger is a trigger whose body has a
//!   property with `"x-ms-notification-url": true`.
//!
//! ## Why it matters for certification
//! `x-ms-notification` links a polling trigger to the webhook operation that can replace it.
//! The link means nothing anywhere else, and the Swagger Validator rejects it there with the
//! codes above. No connector in the public repository used the extension at the time the
//! corpus was taken, so most authors meet it only through these errors.
//!
//! ## Example
//! ```json
//! "get": {
//!   "operationId": "ListOrders",
//!   "x-ms-notification": { "operationId": "ListOrders" }
//! }
//! ```
//! Use instead:
//! ```json
//! "get": {
//!   "operationId": "OnNewOrderPolling",
//!   "x-ms-trigger": "batch",
//!   "x-ms-notification": { "operationId": "OnNewOrderWebhook" }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: whether the operation should be a trigger, or the link belongs on the polling trigger the webhook replaces, is the author's design; ppcert cannot tell which was meant.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::triggers;

pub struct XMsNotificationUsage;

impl Rule for XMsNotificationUsage {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(ext) = op.node.get("x-ms-notification") else {
            return;
        };
        if !op.is_trigger() {
            cx.report_key(
                ext,
                format!(
                    "`x-ms-notification` is on {}, which is not a trigger; it is allowed only on triggers",
                    op.label()
                ),
            )
            .code("NotificationExtensionSupportedForTriggerOnly");
        } else if sw.is_webhook(op) {
            cx.report_key(
                ext,
                format!(
                    "`x-ms-notification` is on webhook trigger {}; it belongs on the polling trigger that the webhook can replace",
                    op.label()
                ),
            )
            .code("NotificationExtensionNotSupportedInWebhookOperation");
        }
        if !ext.is_object() {
            cx.report(
                ext,
                format!(
                    "`x-ms-notification` is {}; expected an object with the `operationId` of a webhook trigger",
                    triggers::a_type(ext)
                ),
            )
            .code("NotificationOperationMustBeWebhook");
            return;
        }
        let Some(id_node) = ext.get("operationId") else {
            cx.report_key(ext, "`x-ms-notification` has no `operationId` naming the webhook operation")
                .code("NotificationOperationMustBeWebhook");
            return;
        };
        let Some(id) = id_node.as_str() else {
            cx.report(
                id_node,
                format!(
                    "`x-ms-notification.operationId` is {}; expected the operationId of a webhook trigger",
                    triggers::a_type(id_node)
                ),
            )
            .code("NotificationOperationMustBeWebhook");
            return;
        };
        match sw.operation_by_id(id) {
            None => {
                cx.report(
                    id_node,
                    format!("`x-ms-notification.operationId` `{id}` names no operation of this file"),
                )
                .code("NotificationOperationMustBeWebhook");
            }
            Some(target) if !sw.is_webhook(target) => {
                cx.report(
                    id_node,
                    format!(
                        "`x-ms-notification.operationId` `{id}` is not a webhook trigger (a trigger with an `x-ms-notification-url` body property)"
                    ),
                )
                .code("NotificationOperationMustBeWebhook");
            }
            Some(_) => {}
        }
    }
}
