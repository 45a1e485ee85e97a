//! ## What it checks
//! That no connection parameter of type `securestring` or `secureobject` — in a packaged
//! connector's `_connectionparameters.json` or in any set of `_connectionparametersets.json` —
//! has a non-empty `defaultValue`. The message gives the parameter's name and the value's length,
//! never the value.
//!
//! ## Why it matters
//! A secure parameter holds an API key, a password or a token. Its default value is not secure at
//! all: it travels with the solution in clear text, is offered to every maker who creates a
//! connection, and is published with the package.
//!
//! ## Example
//! ```json
//! "api_key": { "type": "securestring", "defaultValue": "9f86d081884c7d65…", "uiDefinition": { … } }
//! ```
//! Use instead: drop `defaultValue`; each maker enters their own key when creating a connection.
//!
//! ## Fix safety
//! No fix: ppcert never rewrites solutions; remove the default from the connector's connection parameter in the environment and export again.
use crate::rules::util::leaks;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SecSecurestringDefault;

const HELP: &str = "remove `defaultValue`: a default of a secure parameter travels in clear text; revoke the value if it is a real credential";

impl SolutionRule for SecSecurestringDefault {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for c in input.solutions.iter().flat_map(|s| &s.connectors) {
            let files = [&c.connection_parameters, &c.parameter_sets];
            for file in files.into_iter().flatten() {
                let Some(doc) = file.doc() else { continue };
                for param in doc.root().descendants().filter(|n| n.is_object()) {
                    let secure = param
                        .get_ignore_case("type")
                        .and_then(|t| t.as_str())
                        .is_some_and(|t| {
                            t.eq_ignore_ascii_case("securestring")
                                || t.eq_ignore_ascii_case("secureobject")
                        });
                    let Some(default) = param
                        .get_ignore_case("defaultValue")
                        .filter(|d| secure && !leaks::is_blank(*d))
                    else {
                        continue;
                    };
                    let message = format!(
                        "secure connection parameter `{}` of connector `{}` has a `defaultValue` ({})",
                        param.key().unwrap_or("?"),
                        c.name,
                        leaks::describe(default)
                    );
                    cx.report_json(file, default, message).help(HELP);
                }
            }
        }
    }
}
