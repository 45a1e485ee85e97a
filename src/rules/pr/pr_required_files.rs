//! ## What it checks
//! That the connector folder has an API definition (`apiDefinition.swagger.json`) and an
//! `apiProperties.json`. A misnamed definition (`MyService.swagger.json`) counts as present here
//! and is reported by `pr-file-names-exact`; a missing readme is reported by `readme-required`.
//!
//! ## Why it matters for certification
//! A connector is made of these two files: the definition describes the operations, and
//! apiProperties.json the connection and branding. The repository's pipelines validate both, and
//! a pull request without either cannot be certified.
//!
//! ## Example
//! A folder holding only `apiDefinition.swagger.json` and `readme.md`.
//!
//! Use instead: add `apiProperties.json` (`paconn download` writes both files).
//!
//! ## Fix safety
//! No fix: the missing file holds the author's definition or connection settings, which ppcert cannot write (`paconn download` can).
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
use crate::rules::prelude::*;

pub struct PrRequiredFiles;

impl Rule for PrRequiredFiles {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        if c.swagger.is_none() {
            cx.report_path(&c.display, "the connector folder has no apiDefinition.swagger.json")
                .help("add the API definition (`paconn download` writes it)");
        }
        if c.props.is_none() {
            cx.report_path(&c.display, "the connector folder has no apiProperties.json")
                .help("add apiProperties.json (`paconn download` writes it)");
        }
    }
}
