//! ## What it checks
//! That the connector declares at least one connection parameter, in `connectionParameters` or
//! in a `connectionParameterSets` set. A connector without any asks for no credentials at all.
//!
//! ## Why it matters for certification
//! A connector without authentication lets anyone call the service through it. That can be right
//! (a public open-data API), but reviewers ask for the reason, so the pull request should explain
//! it up front. This is a reminder, hence a warning.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "#da3b01", "connectionParameters": {} } }
//! ```
//! Use instead (when the service needs a key):
//! ```json
//! {
//!   "properties": {
//!     "iconBrandColor": "#da3b01",
//!     "connectionParameters": {
//!       "api_key": {
//!         "type": "securestring",
//!         "uiDefinition": { "displayName": "API Key", "description": "The API key for this api", "tooltip": "Provide your API key", "constraints": { "tabIndex": 2, "clearText": false, "required": "true" } }
//!       }
//!     }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: whether the service needs credentials, and which kind, is the author's to know; a public API only needs the reason stated in the pull request.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/698>
use crate::rules::prelude::*;

pub struct PropsNoEmptyConnection;

impl Rule for PropsNoEmptyConnection {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(properties) = props.properties else { return };
        if !props.connection_parameters.is_empty() {
            return;
        }
        // A `connectionParameters` that is not an object is props-schema-conformance's finding.
        if properties
            .get("connectionParameters")
            .is_some_and(|c| !c.is_object())
        {
            return;
        }
        let at = properties
            .get("connectionParameters")
            .or_else(|| properties.get("connectionParameterSets"));
        let message = "the connector has no connection parameters, so it uses no authentication";
        let help = "if the service really needs no credentials, say why in the pull request";
        match at {
            Some(node) => cx.report(node, message),
            None => cx.report_key(properties, message),
        }
        .help(help);
    }
}
