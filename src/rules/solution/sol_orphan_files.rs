//! ## What it checks
//! That every file in the solution's `Connector/` and `Workflows/` folders is named by
//! `customizations.xml` (a connector's file element, a workflow's `JsonFileName`). In an
//! unpacked folder, the files of `Connectors/` other than the connector XML files must be named
//! by a `Connectors/<name>.xml`; workflow files there are `src-workflow-pairs`'.
//!
//! ## Why it matters
//! Dataverse imports only the files the XML names. A file nobody names is ignored: usually a
//! replacement saved under another name (`…_openapidefinition (1).json`), custom code whose
//! `customcodeblobcontent` element is missing, or, in an unpacked folder, the files of a
//! connector whose XML `pac solution unpack` dropped (I8). None of the 47 real exports we
//! opened has one.
//!
//! ## Example
//! `Connector/cts_contoso_customcodeblobcontent.csx` in a zip whose `<Connector>` has no
//! `<customcodeblobcontent>`: the code is not imported.
//!
//! Use instead: add the code to the connector in the environment and export again.
//!
//! ## Fix safety
//! No fix: whether the stray file should be imported or deleted is the author's decision, made in the environment before exporting again.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-packager-tool>
//! - <https://github.com/microsoft/powerplatform-build-tools/issues/882>
use crate::rules::util::solutions::{FILE_FIELDS, label, prefix};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::ends_ci;
use crate::solution::{Input, find_solution_file};

pub struct SolOrphanFiles;


impl SolutionRule for SolOrphanFiles {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let pre = prefix(s);
            let mut named: Vec<String> = Vec::new();
            for c in &s.connectors {
                for v in FILE_FIELDS.iter().filter_map(|f| c.xml.get(f)) {
                    if let Some(e) = find_solution_file(&s.tree, &pre, v.trimmed()) {
                        named.push(e.path.clone());
                    }
                }
            }
            let connector_folder = if s.unpacked {
                "Connectors"
            } else {
                "Connector"
            };
            let mut folders = vec![connector_folder];
            if !s.unpacked {
                folders.push("Workflows");
                for w in &s.workflows {
                    if let Some(e) = w
                        .get("jsonfilename")
                        .and_then(|v| find_solution_file(&s.tree, &pre, v.trimmed()))
                    {
                        named.push(e.path.clone());
                    }
                }
            }
            for folder in folders {
                for e in s.tree.under(&format!("{pre}{folder}")) {
                    if named.contains(&e.path) {
                        continue;
                    }
                    let rest = &e.path[pre.len() + folder.len() + 1..];
                    if s.unpacked && !rest.contains('/') && ends_ci(rest, ".xml") {
                        // `Connectors/<name>.xml` and its `_managed.xml` variant.
                        continue;
                    }
                    let by = if folder == "Workflows" {
                        "a workflow's `JsonFileName`"
                    } else if s.unpacked {
                        "any `Connectors/<name>.xml`"
                    } else {
                        "any `<Connector>` of customizations.xml"
                    };
                    let dropped = s.unpacked
                        && rest.rsplit_once('_').is_some_and(|(stem, _)| {
                            !s.connectors
                                .iter()
                                .any(|c| c.name.eq_ignore_ascii_case(stem))
                        });
                    let why = if dropped {
                        "; if it belongs to a connector whose `Connectors/<name>.xml` is missing, unpack the solution again (pac solution unpack has dropped connectors)"
                    } else {
                        "; Dataverse ignores it on import"
                    };
                    cx.report_path(
                        &s.tree.display_of(&e.path),
                        format!(
                            "`{}` of {} is not named by {by}{why}",
                            e.path,
                            label(s)
                        ),
                    )
                    .help("remove the file, or name it from the XML by exporting the solution again with the file in place");
                }
            }
        }
    }
}
