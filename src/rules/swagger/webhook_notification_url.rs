//! ## What it checks
//! The callback-URL property of webhook operations, the property marked
//! `"x-ms-notification-url": true`:
//! - a webhook trigger (a trigger with `x-ms-notification-content`) must have one in its
//!   request body (`WebhookOperationsMissingNotificationUrlProperty`);
//! - it must sit in the request body, under object properties only. It may not be a query,
//!   header, path or form parameter, and may not sit under `items`, `additionalProperties` or
//!   in a response or notification payload (`NotificationUrlNotAllowedInThisPosition`);
//! - it must be of type `string` (`NotificationUrlNotString`);
//! - it and every object property above it must be listed in its parent's `required`
//!   (`NotificationUrlNotRequired`);
//! - it, one of the properties above it, or the body parameter must be
//!   `"x-ms-visibility": "internal"` (`NotificationUrlNotInternal`).
//!
//! The same checks apply to webhook actions: operations without `x-ms-trigger` that send a
//! callback URL and wait for the reply.
//!
//! Decisions:
//! - The `required` flag of the body *parameter* itself is not checked, only the schema
//!   chain. About 100 merged webhook triggers have an optional body.
//! - A notification URL without any `type` is reported as a warning. One merged certified
//!   connector has this.
//! - `x-ms-notification-url` in a schema used only by responses or webhook payloads is a
//!   warning. Nothing fills it there, and three merged certified connectors echo the
//!   subscription body, marker included, in the subscribe response.
//! - `internal` is matched ignoring case, as the platform does.
//!
//! ## Why it matters for certification
//! The platform fills the property marked `x-ms-notification-url` with the callback URL of the
//! flow when it subscribes. The platform can fill only a required, hidden string in the body,
//! and the Swagger Validator rejects other shapes with the codes above. A visible URL field
//! would also ask users for a value they cannot know.
//!
//! ## Example
//! ```json
//! "schema": {
//!   "type": "object",
//!   "properties": {
//!     "callbackUrl": { "type": "string", "x-ms-notification-url": true }
//!   }
//! }
//! ```
//! Use instead:
//! ```json
//! "schema": {
//!   "type": "object",
//!   "required": ["callbackUrl"],
//!   "properties": {
//!     "callbackUrl": {
//!       "type": "string",
//!       "x-ms-notification-url": true,
//!       "x-ms-visibility": "internal"
//!     }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: which body property carries the callback URL, and making it required and internal, changes the subscription request the service receives; that is the author's design.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/create-webhook-trigger>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::triggers::{self, Step};

pub struct WebhookNotificationUrl;

const KEY: &str = "x-ms-notification-url";

impl Rule for WebhookNotificationUrl {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation, NodeKind::Schema]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let mut found = false;
        for p in &op.parameters {
            if !p.is_body() {
                if let Some(mark) = p.node.get(KEY).filter(|_| triggers::flag(p.node, KEY)) {
                    found = true;
                    cx.report_key(
                        mark,
                        format!(
                            "`{KEY}` is on the {} parameter `{}`; it is allowed only on a property of the request body",
                            p.location().unwrap_or("?"),
                            p.name().unwrap_or("?")
                        ),
                    )
                    .code("NotificationUrlNotAllowedInThisPosition");
                }
                continue;
            }
            let Some(schema) = p.node.get("schema") else {
                continue;
            };
            let body_internal = triggers::is_internal(p.node);
            triggers::walk_schema(sw, schema, &mut |chain| {
                let Some(last) = chain.last() else { return };
                if !last.flag(KEY) {
                    return;
                }
                found = true;
                check_chain(cx, chain, body_internal);
            });
        }
        if !found && op.is_trigger() && triggers::notification_content(op).is_some() {
            // Content on the path item may belong to a sibling webhook (a shared path item
            // holding the subscribe operation and, say, a polling trigger).
            let sibling_webhook = !op.node.has("x-ms-notification-content")
                && sw
                    .operations
                    .iter()
                    .any(|o| o.path_item == op.path_item && o.node != op.node && sw.is_webhook(o));
            if !sibling_webhook {
                cx.report_key(
                    op.node,
                    format!(
                        "webhook trigger {} has `x-ms-notification-content` but no request-body property with `{KEY}: true`",
                        op.label()
                    ),
                )
                .code("WebhookOperationsMissingNotificationUrlProperty")
                .help("add a required, internal string property such as `callbackUrl` with `\"x-ms-notification-url\": true` to the body schema");
            }
        }
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, schema: &Schema) {
        if !schema.role.output || schema.role.input || !triggers::flag(schema.node, KEY) {
            return;
        }
        let Some(mark) = schema.node.get(KEY) else {
            return;
        };
        let place = match schema.origin {
            Origin::NotificationContent => "the webhook payload (`x-ms-notification-content`)",
            _ => "a response schema",
        };
        // Harmless there (nothing fills it), and three merged certified connectors echo their
        // subscription body in the response: a warning.
        cx.report_key(
            mark,
            format!("`{KEY}` is in {place}; it has effect only on a property of the request body"),
        )
        .code("NotificationUrlNotAllowedInThisPosition")
        .severity(Severity::Warning);
    }
}

fn check_chain(cx: &mut Checker, chain: &[Step], body_internal: bool) {
    let Some(last) = chain.last() else { return };
    let Some(mark) = last.get(KEY) else { return };
    let name = match last.edge {
        Edge::Property(name) => name,
        _ => "the body",
    };
    if let Some(bad) = chain
        .iter()
        .find(|s| matches!(s.edge, Edge::Items | Edge::AdditionalProperties))
    {
        let how = if bad.edge == Edge::Items {
            "inside an array (`items`)"
        } else {
            "inside `additionalProperties`"
        };
        cx.report_key(
            mark,
            format!("notification URL `{name}` is {how}; it must be a property reached through objects only"),
        )
        .code("NotificationUrlNotAllowedInThisPosition");
        return;
    }
    match last.get("type") {
        None => {
            cx.report_key(
                mark,
                format!("notification URL `{name}` has no `type`; declare it as `string`"),
            )
            .code("NotificationUrlNotString")
            .severity(Severity::Warning);
        }
        Some(t) if t.as_str() != Some("string") => {
            cx.report(
                t,
                format!(
                    "notification URL `{name}` is of type `{}`; it must be `string`",
                    t.as_str().unwrap_or(t.raw())
                ),
            )
            .code("NotificationUrlNotString");
        }
        Some(_) => {}
    }
    for step in chain.iter().rev() {
        if let Edge::Property(prop) = step.edge {
            if !step.required {
                let msg = if std::ptr::eq(step, last) {
                    format!("notification URL `{name}` is not listed in `required`")
                } else {
                    format!(
                        "`{prop}`, which holds notification URL `{name}`, is not listed in `required`"
                    )
                };
                cx.report_key(step.site, msg)
                    .code("NotificationUrlNotRequired")
                    .help("list the property in the `required` array of the object that holds it");
                break;
            }
        }
    }
    if !body_internal && !chain.iter().any(Step::is_internal) {
        cx.report_key(
            mark,
            format!("notification URL `{name}` is visible; mark it (or a property holding it) `\"x-ms-visibility\": \"internal\"`"),
        )
        .code("NotificationUrlNotInternal");
    }
}
