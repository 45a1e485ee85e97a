//! ## What it checks
//! That an update does not ask existing connections for a value they do not have: a connection
//! parameter that is new and required, or that was optional and became required
//! (`uiDefinition.constraints.required`), is reported. Hidden parameters are left alone (the
//! platform fills them).
//!
//! ## Why it matters for certification
//! A connection made with the previous version has no value for the new required parameter, so
//! it stops working until the user edits or recreates it, and every flow using it fails in the
//! meantime. Microsoft's update guidance asks that updates keep connections working.
//!
//! ## Example
//! After an update: `"region": { "type": "string", "uiDefinition": { "constraints":
//! { "required": "true" } } }`, which the previous version did not have.
//!
//! Use instead: make it optional with a sensible behaviour when it is missing.
//!
//! ## Fix safety
//! No fix: making the parameter optional changes what the connector does without it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates>
use crate::rules::prelude::*;
use crate::rules::util::props::{connection_parameters_of, is_hidden, is_required};

pub struct ConnectionParameterRequired;

impl DiffRule for ConnectionParameterRequired {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Props]
    }

    fn props(&self, cx: &mut DiffChecker, old: JsonRef, new: JsonRef) {
        let before = connection_parameters_of(old);
        for (name, param) in connection_parameters_of(new) {
            if !is_required(param) || is_hidden(param) {
                continue;
            }
            let message = match before.iter().find(|(n, _)| *n == name) {
                None => format!("required connection parameter `{name}` was added; existing connections have no value for it"),
                Some((_, was)) if !is_required(*was) => format!("connection parameter `{name}` became required; existing connections may have no value for it"),
                Some(_) => continue,
            };
            let at = param.parent().unwrap_or(param);
            let at = at.get(name).unwrap_or(param);
            cx.report_key(at, "", message)
                .help("make it optional, or publish the change as a new connector");
        }
    }
}
