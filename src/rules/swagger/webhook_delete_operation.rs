//! ## What it checks
//! That a definition with webhook triggers also has a `DELETE` operation. The platform calls it
//! to remove the subscription when a flow is turned off or deleted. A webhook trigger is a
//! trigger whose request body has a property with `"x-ms-notification-url": true`. The check
//! is reported once per definition, on the first webhook trigger.
//!
//! This is a heuristic, so it reports warnings only. It cannot tell which `DELETE` operation
//! removes which subscription, so any `DELETE` operation in the file satisfies it.
//!
//! The documentation also says the subscribe call should answer `201 Created` with a
//! `Location` header that points to the subscription. That part is not checked. The
//! platform reads the real HTTP header whether or not the definition declares it. In the
//! public repository about half of the merged webhook triggers declare no `201` response,
//! and 90 % declare no `Location` header.
//!
//! ## Why it matters for certification
//! Without a way to unsubscribe, every flow that is deleted or turned off leaves a live
//! subscription on the service. The service keeps posting to callback URLs that no longer
//! exist. Reviewers ask for the delete operation, usually marked `internal`.
//!
//! ## Example
//! ```json
//! "paths": {
//!   "/hooks": { "post": { "operationId": "OnNewOrder", "x-ms-trigger": "single", ... } }
//! }
//! ```
//! Use instead:
//! ```json
//! "paths": {
//!   "/hooks": { "post": { "operationId": "OnNewOrder", "x-ms-trigger": "single", ... } },
//!   "/hooks/{hookId}": {
//!     "delete": { "operationId": "DeleteHook", "x-ms-visibility": "internal", ... }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the DELETE operation's path, and how it names the subscription to remove, are facts of the service's API that ppcert cannot know.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/create-webhook-trigger>
use crate::rules::prelude::*;

pub struct WebhookDeleteOperation;

impl Rule for WebhookDeleteOperation {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if sw.operations.iter().any(|o| o.method == "delete") {
            return;
        }
        let mut webhooks = sw.operations.iter().filter(|o| sw.is_webhook(o));
        let Some(first) = webhooks.next() else {
            return;
        };
        let others = webhooks.count();
        let also = match others {
            0 => String::new(),
            1 => " (nor for the other webhook trigger)".to_owned(),
            n => format!(" (nor for the {n} other webhook triggers)"),
        };
        cx.report_key(
            first.node,
            format!(
                "webhook trigger {} has no DELETE operation to remove its subscription{also}",
                first.label()
            ),
        )
        .help("add an internal DELETE operation for the subscription; the subscribe call should answer 201 with a `Location` header pointing to it");
    }
}
