//! ## What it checks
//! That the script file is at most 1 MB (taken as 1 MiB, 1,048,576 bytes).
//!
//! ## Why it matters for certification
//! The platform rejects custom code files over 1 MB when the connector is created or updated.
//! The largest merged script is about 160 KB.
//!
//! ## Example
//! A 1.4 MB `script.csx` embedding a large lookup table.
//!
//! Use instead: keep the script small; fetch large data from your service at run time.
//!
//! ## Fix safety
//! No fix: what to move out of the script, and how to fetch it at run time instead, is a code change for the author.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/define-blank>
use crate::rules::prelude::*;

pub struct ScriptMaxSize;

const LIMIT: u64 = 1 << 20;

impl Rule for ScriptMaxSize {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(script) = &c.script else { return };
        if script.size > LIMIT {
            cx.report_path(
                &script.display,
                format!(
                    "script is {} bytes; the limit is 1 MB ({LIMIT} bytes)",
                    script.size
                ),
            )
            .help("move large data out of the script; fetch it from your service at run time");
        }
    }
}
