//! ## What it checks
//! That `settings.json`, paconn's store of command-line arguments, holds only the keys paconn
//! knows, each a string: `connectorId`, `environment` (an environment id: a lowercase GUID,
//! optionally `Default-<GUID>`), `apiProperties`, `apiDefinition`, `icon`, `script`,
//! `powerAppsUrl` and `flowUrl` (https URLs), `powerAppsApiVersion` and `flowApiVersion`
//! (`2016-11-01`). The check applies ppcert's own JSON Schema, `schemas/settings.schema.json`.
//!
//! The repository schema does not list `script`, but the paconn README documents it, so it is
//! accepted. The repository schema's environment pattern is a bare GUID; environments created
//! as a tenant's default are named `Default-<GUID>`, which paconn accepts, so that form passes too.
//!
//! ## Why it matters for certification
//! The file is optional and not needed in a submission, but when it is present paconn reads it
//! for every command: an unknown or misspelt key is ignored silently and the command then uses a
//! default (or asks for the value) instead of what the author meant.
//!
//! ## Example
//! ```json
//! { "apiDefinitions": "apiDefinition.swagger.json", "powerAppsApiVersion": "2016-11" }
//! ```
//! Use instead:
//! ```json
//! { "apiDefinition": "apiDefinition.swagger.json", "powerAppsApiVersion": "2016-11-01" }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a key differing from a known one only in case (`apidefinition`) is renamed, so paconn starts using its value instead of a default. Other unknown keys, wrong types and malformed values get no fix: the right value is the author's.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-settings.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/tools/paconn-cli/README.md>
use crate::rules::prelude::*;
use crate::rules::util::props::SETTINGS_SCHEMA as SCHEMA;

pub struct SettingsSchema;

impl Rule for SettingsSchema {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        let Some(doc) = connector.settings.as_ref().and_then(|f| f.doc()) else {
            return;
        };
        for f in SCHEMA.check(doc.root()) {
            f.report(cx);
        }
    }
}
