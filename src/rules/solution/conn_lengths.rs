//! ## What it checks
//! That the connector's columns fit the connector table's lengths: `displayname` at most 200
//! characters, `description` 1000, `name` 500, and the definition, connection parameters,
//! connection parameter sets, policy template instances, script operations and custom code
//! 500 000 characters each. JSON files are measured minified, as the export stores them
//! (unpacked sources are often pretty-printed).
//!
//! ## Why it matters
//! These are the column lengths of the connector table (D2). Whether the import enforces them
//! on the file columns is unverified (24 repository definitions exceed 500 000 bytes when
//! pretty-printed, fewer minified), so this is a warning.
//!
//! ## Example
//! A `description` of 1 200 characters.
//!
//! Use instead: a description of at most 1000 characters; details belong in the operations'
//! descriptions.
//!
//! ## Fix safety
//! No fix: shortening a description or a definition is the author's writing; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connector>
use crate::connector::JsonFile;
use crate::rules::util::solutions::connector_solutions;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ConnLengths;

const FILE_MAX: usize = 500_000;

/// Characters of the file's JSON, minified; of its text when it doesn't parse.
fn json_chars(file: &JsonFile) -> usize {
    match file.doc() {
        Some(doc) => doc.root().to_value().to_string().chars().count(),
        None => file.text().map_or(0, |t| t.chars().count()),
    }
}

impl SolutionRule for ConnLengths {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in connector_solutions(input) {
            for c in &s.connectors {
                for (field, max) in [
                    ("displayname", 200),
                    ("description", 1000),
                    ("name", 500),
                    ("scriptoperations", FILE_MAX),
                ] {
                    let Some(v) = c.xml.get(field) else { continue };
                    let n = v.text.chars().count();
                    if n > max {
                        cx.report_at(
                            v.loc,
                            format!(
                                "the `{field}` of the connector `{}` is {n} characters long; the connector table holds at most {max}",
                                c.name
                            ),
                        )
                        .help(format!("shorten it to at most {max} characters in the environment and export again"));
                    }
                }
                let files = [
                    (&c.swagger, "definition"),
                    (&c.connection_parameters, "connection parameters"),
                    (&c.parameter_sets, "connection parameter sets"),
                    (&c.policy_templates, "policy template instances"),
                ];
                for (file, what) in files {
                    let Some(file) = file else { continue };
                    let n = json_chars(file);
                    if n > FILE_MAX {
                        cx.report_path(
                            &file.display,
                            format!(
                                "the {what} of the connector `{}` is {n} characters long (minified); the connector table holds at most {FILE_MAX}",
                                c.name
                            ),
                        )
                        .help("make it smaller (shorter descriptions, shared definitions) so the import can store it");
                    }
                }
                if let Some(script) = &c.script {
                    let n = script.text.chars().count();
                    if n > FILE_MAX {
                        cx.report_path(
                            &script.display,
                            format!(
                                "the custom code of the connector `{}` is {n} characters long; the connector table holds at most {FILE_MAX}",
                                c.name
                            ),
                        )
                        .help("make the code smaller");
                    }
                }
            }
        }
    }
}
