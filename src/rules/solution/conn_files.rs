//! ## What it checks
//! For each connector of the connector solution:
//! - it names an `openapidefinition` and a `connectionparameters` file;
//! - the connection parameters (and the connection parameter sets, when named) parse as JSON
//!   and are an object (`{}` for a connector without authentication);
//! - the policy template instances parse as JSON and are `null`, or an array of objects (keys
//!   are read in any case: 2021–22 exports write `TemplateId`/`Title`/`Parameters`);
//! - the connector's files are UTF-8 text.
//!
//! A named file that isn't in the solution is `sol-referenced-files`' (or, unpacked,
//! `src-connector-files'`); syntax errors in the definition are `swagger-valid-json`'s, which
//! runs on the solution's definition with the other definition rules.
//!
//! ## Why it matters
//! Dataverse builds the connector from these files on import. Every one of the 47 real
//! connectors we opened names both files; connection parameters are an object in all of them
//! (16 of 41 are `{}`), policy template instances `null` (19) or an array (22). An empty array
//! is fine: Toggl Track was certified with `[]`.
//!
//! ## Example
//! `Connector/cts_contoso_connectionparameters.json` holding `[]`, or a connector without
//! `<connectionparameters>`.
//!
//! Use instead: `{}` when the connector has no authentication, and the element as the export
//! writes it.
//!
//! ## Fix safety
//! No fix: the connector's files come from exporting it again; ppcert never rewrites solutions, zipped or unpacked.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connector>
use crate::connector::JsonFile;
use crate::rules::util::props::a_type;
use crate::rules::util::solutions::{connector_solutions, label, report_json_offset};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ConnFiles;

fn parse_errors(cx: &mut SolutionChecker, file: &JsonFile) -> bool {
    match file.syntax_error() {
        Some(e) => {
            report_json_offset(
                cx,
                file,
                e.offset,
                format!("`{}` is not valid JSON: {}", file.display, e.message),
            )
            .help("export the connector again, or correct the JSON at this place");
            true
        }
        None => false,
    }
}

impl SolutionRule for ConnFiles {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for p in input.problems.iter().filter(|p| p.rule == "conn-files") {
            cx.report_problem(&p.at, p.message.clone())
                .help("save the file as UTF-8 text, as Dataverse exports it");
        }
        for s in connector_solutions(input) {
            for c in &s.connectors {
                let absent: Vec<&str> = ["openapidefinition", "connectionparameters"]
                    .into_iter()
                    .filter(|f| c.xml.get(f).is_none())
                    .collect();
                if !absent.is_empty() {
                    cx.report_at(
                        c.xml.loc,
                        format!(
                            "the connector `{}` of {} names no {} file",
                            c.name,
                            label(s),
                            absent
                                .iter()
                                .map(|f| format!("`{f}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    )
                    .help(format!(
                        "export the connector again; the export writes `<openapidefinition>/Connector/{0}_openapidefinition.json</openapidefinition>` and `<connectionparameters>/Connector/{0}_connectionparameters.json</connectionparameters>`",
                        c.name
                    ));
                }
                for (file, what) in [
                    (&c.connection_parameters, "connection parameters"),
                    (&c.parameter_sets, "connection parameter sets"),
                ] {
                    let Some(file) = file else { continue };
                    if parse_errors(cx, file) {
                        continue;
                    }
                    if let Some(root) = file.doc().map(|d| d.root())
                        && !root.is_object()
                    {
                        cx.report_json(
                            file,
                            root,
                            format!(
                                "the {what} of the connector `{}` are {}; they must be a JSON object",
                                c.name,
                                a_type(root.json_type())
                            ),
                        )
                        .help("write `{}` when the connector has no authentication, else an object of named parameters");
                    }
                }
                if let Some(file) = &c.policy_templates {
                    if parse_errors(cx, file) {
                        continue;
                    }
                    let Some(root) = file.doc().map(|d| d.root()) else {
                        continue;
                    };
                    if root.is_null() {
                        continue;
                    }
                    if !root.is_array() {
                        cx.report_json(
                            file,
                            root,
                            format!(
                                "the policy template instances of the connector `{}` are {}; they must be `null` or an array",
                                c.name,
                                a_type(root.json_type())
                            ),
                        )
                        .help("write `null` (no policies) or an array of `{ \"templateId\": …, \"title\": …, \"parameters\": { … } }`");
                        continue;
                    }
                    for item in root.items() {
                        if !item.is_object() {
                            cx.report_json(
                                file,
                                item,
                                format!(
                                    "a policy template instance of the connector `{}` is {}, not an object",
                                    c.name,
                                    a_type(item.json_type())
                                ),
                            )
                            .help("each instance is an object with `templateId`, `title` and `parameters`");
                        } else if item.get_ignore_case("templateId").is_none() {
                            cx.report_json(
                                file,
                                item,
                                format!(
                                    "a policy template instance of the connector `{}` has no `templateId`",
                                    c.name
                                ),
                            )
                            .help("name the policy template, such as `\"templateId\": \"setheader\"`");
                        }
                    }
                }
            }
        }
    }
}
