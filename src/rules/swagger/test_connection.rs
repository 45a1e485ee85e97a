//! ## What it checks
//! The document-level `x-ms-capabilities.testConnection` capability:
//! - it is an object whose `operationId` names an operation of the file;
//! - that operation is a `GET`;
//! - every required parameter of it (without a `default`) gets a value from
//!   `testConnection.parameters`, and every key of `parameters` is a parameter of it;
//! - as information: the operation is `"x-ms-visibility": "internal"`. Users never call it
//!   themselves. Two thirds of the merged connectors that use the capability mark it so.
//!
//! For connectors linted with the `custom` profile, it also notes, as information, that the
//! capability is not available to custom connectors.
//!
//! ## Why it matters for certification
//! The platform calls this operation right after a connection is created, to tell the user at
//! once whether the credentials work. If the operation does not exist, or needs values the
//! capability does not supply, every new connection fails or the test is skipped. The
//! connector schema notes that custom connectors cannot use the capability at all.
//!
//! ## Example
//! ```json
//! "x-ms-capabilities": { "testConnection": { "operationId": "GetCurrentUser" } }
//! ```
//! where `GetCurrentUser` is a `POST` that needs a `userId`.
//!
//! Use instead:
//! ```json
//! "x-ms-capabilities": { "testConnection": { "operationId": "TestConnection" } }
//! ```
//! with `TestConnection` an internal `GET` without required parameters (say `GET /me`).
//!
//! ## Fix safety
//! No fix: which operation tests a connection, and what values it needs, are the author's to choose; hiding an operation with `internal` also takes an action away from users.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/test-connection>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::triggers;

pub struct TestConnection;

impl Rule for TestConnection {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(tc) = sw
            .root
            .get("x-ms-capabilities")
            .and_then(|c| c.get("testConnection"))
        else {
            return;
        };
        if cx.profile() == Profile::Custom {
            cx.report_key(
                tc,
                "the `testConnection` capability is not available to custom connectors; the platform ignores it",
            )
            .severity(Severity::Info);
        }
        if !tc.is_object() {
            cx.report(
                tc,
                format!(
                    "`testConnection` is {}; expected an object with `operationId`",
                    triggers::a_type(tc)
                ),
            );
            return;
        }
        let Some(id_node) = tc.get("operationId") else {
            cx.report_key(tc, "`testConnection` has no `operationId`");
            return;
        };
        let Some(id) = id_node.as_str() else {
            cx.report(
                id_node,
                format!(
                    "`testConnection.operationId` is {}; expected an operationId",
                    triggers::a_type(id_node)
                ),
            );
            return;
        };
        let Some(op) = sw.operation_by_id(id) else {
            cx.report(
                id_node,
                format!("`testConnection.operationId` `{id}` names no operation of this file"),
            );
            return;
        };
        if op.method != "get" {
            cx.report(
                id_node,
                format!(
                    "test-connection operation `{id}` is {}; it should be a GET without side effects",
                    op.method.to_uppercase()
                ),
            );
        }
        let given = tc.get("parameters");
        for p in &op.parameters {
            let Some(name) = p.name() else { continue };
            if p.is_required()
                && !p.is_body()
                && !p.node.has("default")
                && given.and_then(|g| g.get(name)).is_none()
            {
                cx.report(
                    id_node,
                    format!(
                        "test-connection operation `{id}` needs parameter `{name}`, which `testConnection.parameters` does not supply"
                    ),
                )
                .help("give it a literal value in `testConnection.parameters`, a `default`, or pick an operation without required parameters");
            }
        }
        for (key, value) in given.into_iter().flat_map(|g| g.members()) {
            if !op.parameters.iter().any(|p| p.name() == Some(key)) {
                cx.report_key(
                    value,
                    format!("`testConnection.parameters` names `{key}`, which is no parameter of `{id}`"),
                );
            }
        }
        if !triggers::is_internal(op.node) {
            cx.report(
                id_node,
                format!(
                    "test-connection operation `{id}` is not `\"x-ms-visibility\": \"internal\"`; users should not see it as an action"
                ),
            )
            .severity(Severity::Info);
        }
    }
}
