//! ## What it checks
//! That an update keeps every connection parameter of the previous version of
//! `apiProperties.json` (`connectionParameters`, and those of each `connectionParameterSets`
//! entry).
//!
//! ## Why it matters for certification
//! Existing connections hold a value for each connection parameter, and policy templates and
//! hosts refer to them by name: a parameter that disappears leaves connections that no longer
//! match the connector, and users have to create them again. Microsoft's update guidance asks
//! that updates keep connections working; renaming a parameter counts as removing it.
//!
//! ## Example
//! Before: `"connectionParameters": { "api_key": {...}, "region": {...} }`; after:
//! `"connectionParameters": { "api_key": {...} }`.
//!
//! Use instead: keep `region` (hidden, with a default, when it is no longer asked for).
//!
//! ## Fix safety
//! No fix: whether the parameter can come back, or the change needs a new connector, is the
//! author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates>
use crate::rules::prelude::*;
use crate::rules::util::props::connection_parameters_of;

pub struct ConnectionParameterRemoved;

impl DiffRule for ConnectionParameterRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Props]
    }

    fn props(&self, cx: &mut DiffChecker, old: JsonRef, new: JsonRef) {
        let after = connection_parameters_of(new);
        for (name, _) in connection_parameters_of(old) {
            if after.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let at = new.get("connectionParameters").unwrap_or(new);
            cx.report_key(
                at,
                "",
                format!("connection parameter `{name}` was removed; existing connections hold a value for it and must be created again"),
            )
            .help("keep the parameter (hidden, with a default, if it is no longer asked for)");
        }
    }
}
