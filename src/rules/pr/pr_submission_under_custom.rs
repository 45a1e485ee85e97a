//! ## What it checks
//! That a connector under `custom-connectors/` is not a certification submission: one whose
//! apiProperties.json carries what only certified and independent-publisher connectors carry
//! (`publisher` and `stackOwner`, or the independent-publisher brand colour `#da3b01`) is
//! reported, with the folder it belongs in.
//!
//! ## Why it matters for certification
//! `custom-connectors/` holds samples that are never published; the certification pipeline and
//! the certification rules run only on `certified-connectors/` and
//! `independent-publisher-connectors/`. Reviewers of the PowerPlatformConnectors repository
//! ask authors who put a connector meant for certification under `custom-connectors/` to move
//! it, which costs a review round, and until it moves ppcert lints it as a custom connector,
//! without the certification rules.
//!
//! ## Example
//! `custom-connectors/Contoso/apiProperties.json` with
//! `"publisher": "Contoso", "stackOwner": "Contoso"`
//!
//! Use instead: `certified-connectors/Contoso/` (or drop the certification metadata when the
//! connector is a sample).
//!
//! ## Fix safety
//! No fix: fixes are text edits, and moving the folder is the author's step.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
//! - Review threads: PowerPlatformConnectors #133, #595, #1311 (tests/review_study)
use crate::connector::profile::{from_path, infer};
use crate::rules::prelude::*;

pub struct PrSubmissionUnderCustom;

impl Rule for PrSubmissionUnderCustom {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        if !matches!(from_path(&c.folder), Some((Profile::Custom, _))) {
            return;
        }
        let (looks_like, why) = infer(c);
        let (what, folder) = match looks_like {
            Profile::Certified => ("a certified", "certified-connectors"),
            Profile::IndependentPublisher => {
                ("an independent-publisher", "independent-publisher-connectors")
            }
            Profile::Custom => return,
        };
        cx.report_path(
            &c.display,
            format!(
                "this looks like {what} submission ({why}) but sits in `custom-connectors/`, which is never certified"
            ),
        )
        .help(format!(
            "move the folder to `{folder}/`; if it is a sample, remove the certification metadata"
        ));
    }
}
