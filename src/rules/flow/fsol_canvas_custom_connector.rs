//! ## What it checks
//! Whether a canvas app of the solution uses a custom connector: its `ConnectionReferences`
//! name one in `customApiLogicalName`, or its `CdsDependencies` list a connector (component
//! type 372). Canvas apps come from `<CanvasApps><CanvasApp>` in `customizations.xml`, or from
//! `CanvasApps/*.meta.xml` in an unpacked solution.
//!
//! ## Why it matters
//! Canvas apps don't bind custom connectors through connection references: after the solution
//! is imported, the app keeps pointing at the connection it was built with and must be opened
//! and re-connected by hand in every environment. It is also a reason to keep the connector in
//! a solution of its own, imported first.
//!
//! ## Example
//! ```xml
//! <CanvasApp>
//!   <Name>cr123_weatherboard_8c1d2</Name>
//!   <ConnectionReferences>{"a1b2…":{"id":"/providers/microsoft.powerapps/apis/shared_cr123-5fcontoso-20weather-5f0a1b","customApiLogicalName":"cr123_contoso-20weather",…}}</ConnectionReferences>
//! ```
//! How to fix: nothing in the file; plan for the re-binding step after import (document it in
//! the deployment notes), or use a cloud flow, which does honour connection references, between
//! the app and the connector.
//!
//! ## Fix safety
//! No fix: nothing in the files is wrong; the app is re-connected by hand after each import, which no edit of the solution changes.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-connection-reference>
//! - <https://learn.microsoft.com/cs-cz/training/modules/custom-connector-lifecycle-management/3-solutions>
use crate::rules::util::flows;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct FsolCanvasCustomConnector;

impl SolutionRule for FsolCanvasCustomConnector {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for app in flows::canvas_apps(input, s) {
                if app.custom_connectors.is_empty() {
                    continue;
                }
                let names: Vec<String> = app
                    .custom_connectors
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect();
                cx.report_problem(
                    &app.at,
                    format!(
                        "canvas app `{}` uses custom connector {}: canvas apps don't use connection references for custom connectors, so the app must be re-connected by hand after import",
                        app.name,
                        names.join(", ")
                    ),
                )
                .help("plan the re-binding step after each import, or call the connector from a cloud flow, which does use connection references");
            }
        }
    }
}
