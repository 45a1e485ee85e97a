//! ## What it checks
//! That no `settings.json` (the `paconn` CLI's argument store) is submitted where it does not
//! belong:
//!
//! - in an independent-publisher folder, any `settings.json` is reported: it is not needed;
//! - in a certified folder, where it is optional, a `settings.json` holding an environment id
//!   (`environment`) or a connector id (`connectorId`) is reported on that value, since those
//!   identify the author's own environment.
//!
//! The catalogue lists this rule for independent publishers only; it is extended to verified
//! publishers for the environment-specific values, which must not be committed by anyone.
//!
//! ## Why it matters for certification
//! `paconn download` writes `settings.json` with the ids of the author's environment and
//! connector. Those are meaningless to anyone else and leak details of the author's tenant;
//! reviewers ask for the file to be removed (#3640).
//!
//! ## Example
//! ```json
//! { "connectorId": "shared_contoso-5f…", "environment": "7d1b…", "apiDefinition": "apiDefinition.swagger.json" }
//! ```
//! Use instead: delete `settings.json` from the pull request (keep it locally, e.g. in
//! `.gitignore`).
//!
//! ## Fix safety
//! No fix: the file belongs in the author's local copy, not the pull request; removing it from the pull request is a git step, and blanking its ids would break their paconn commands.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3640>
use crate::rules::prelude::*;

pub struct SettingsNotSubmitted;

impl Rule for SettingsNotSubmitted {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(settings) = &c.settings else { return };
        if c.single_file {
            return; // the user pointed at the settings file to lint with it
        }
        if c.profile == Profile::IndependentPublisher {
            cx.report_path(
                &settings.display,
                "settings.json is not needed in an independent-publisher submission",
            )
            .help("remove settings.json from the pull request");
            return;
        }
        let Some(root) = settings.doc().map(|d| d.root()) else {
            return;
        };
        for (key, value) in root.members() {
            let environment_specific = key.eq_ignore_ascii_case("environment") || key.eq_ignore_ascii_case("connectorId");
            if environment_specific && value.as_str().is_some_and(|s| !s.trim().is_empty()) {
                cx.report(
                    value,
                    format!("settings.json holds the `{key}` of your own environment; it must not be committed"),
                )
                .help("remove settings.json from the pull request, or empty this value");
            }
        }
    }
}
