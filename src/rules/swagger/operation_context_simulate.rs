//! ## What it checks
//! That an operation's `x-ms-operation-context` is an object with a `simulate` object whose
//! `operationId` names an operation of the file. `simulate.parameters`, when present, must
//! be an object.
//!
//! ## Why it matters for certification
//! `x-ms-operation-context.simulate` tells the platform which operation to run instead when a
//! flow is tested in simulation mode. The connector schema requires `simulate.operationId`. A
//! missing or unknown operation makes the extension useless, or makes the definition fail
//! validation. No connector in the public repository used the extension at the time the
//! corpus was taken.
//!
//! ## Example
//! ```json
//! "x-ms-operation-context": { "simulate": { "parameters": { "id": { "parameter": "id" } } } }
//! ```
//! Use instead:
//! ```json
//! "x-ms-operation-context": {
//!   "simulate": {
//!     "operationId": "SimulateSendMessage",
//!     "parameters": { "id": { "parameter": "id" } }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: which operation the platform should run in simulation is the author's to name; ppcert cannot pick one.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::triggers;

pub struct OperationContextSimulate;

impl Rule for OperationContextSimulate {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(ext) = op.node.get("x-ms-operation-context") else {
            return;
        };
        if !ext.is_object() {
            cx.report(
                ext,
                format!(
                    "`x-ms-operation-context` is {}; expected an object with `simulate`",
                    triggers::a_type(ext)
                ),
            );
            return;
        }
        let Some(simulate) = ext.get("simulate") else {
            cx.report_key(ext, "`x-ms-operation-context` has no `simulate` object")
                .help("add `\"simulate\": { \"operationId\": \"...\" }` or remove the extension");
            return;
        };
        if !simulate.is_object() {
            cx.report(
                simulate,
                format!(
                    "`x-ms-operation-context.simulate` is {}; expected an object with `operationId`",
                    triggers::a_type(simulate)
                ),
            );
            return;
        }
        match simulate.get("operationId") {
            None => {
                cx.report_key(simulate, "`x-ms-operation-context.simulate` has no `operationId`")
                    .help("name the operation the platform should run when the flow is simulated");
            }
            Some(id_node) => match id_node.as_str() {
                None => {
                    cx.report(
                        id_node,
                        format!(
                            "`simulate.operationId` is {}; expected an operationId",
                            triggers::a_type(id_node)
                        ),
                    );
                }
                Some(id) if sw.operation_by_id(id).is_none() => {
                    cx.report(
                        id_node,
                        format!("`simulate.operationId` `{id}` names no operation of this file"),
                    );
                }
                Some(_) => {}
            },
        }
        if let Some(params) = simulate.get("parameters").filter(|p| !p.is_object()) {
            cx.report(
                params,
                format!(
                    "`simulate.parameters` is {}; expected an object",
                    triggers::a_type(params)
                ),
            );
        }
    }
}
