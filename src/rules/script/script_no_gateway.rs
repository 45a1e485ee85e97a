//! ## What it checks
//! That a connector with custom code does not use the on-premises data gateway. A connector is
//! taken to use the gateway when apiProperties.json has a connection parameter of type
//! `gatewaySetting`, or `"gateway"` among `properties.capabilities`; the finding points there.
//!
//! ## Why it matters for certification
//! Custom code runs in the cloud and does not go through the on-premises data gateway, so the
//! script cannot reach the gateway's data source: operations routed to it fail.
//!
//! ## Example
//! ```json
//! "connectionParameters": { "gateway": { "type": "gatewaySetting" } }
//! ```
//! next to a `script.csx`.
//!
//! Use instead: either drop the gateway or drop the custom code (use policy templates for
//! request and response transformations).
//!
//! ## Fix safety
//! No fix: dropping the gateway or the custom code is a design decision, and either changes how the connector reaches its service.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code>
use crate::rules::prelude::*;

pub struct ScriptNoGateway;

impl Rule for ScriptNoGateway {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(script) = &cx.connector().script else { return };
        let script_name = script
            .path
            .file_name()
            .map_or_else(|| "script.csx".to_owned(), |n| n.to_string_lossy().into_owned());
        let message = |what: String| {
            format!("the connector uses the on-premises data gateway ({what}), but custom code in `{script_name}` does not run through the gateway")
        };
        for p in &props.connection_parameters {
            if let Some(t) = p.node.get("type").filter(|t| t.as_str().is_some_and(|s| s.eq_ignore_ascii_case("gatewaySetting"))) {
                cx.report(t, message(format!("connection parameter `{}`", p.name)));
                return;
            }
        }
        if let Some(caps) = props.get("capabilities") {
            for cap in caps.items() {
                if cap.as_str().is_some_and(|s| s.eq_ignore_ascii_case("gateway")) {
                    cx.report(cap, message("capability `gateway`".into()));
                    return;
                }
            }
        }
    }
}
