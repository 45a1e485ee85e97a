//! ## What it checks
//! In an unpacked solution: that every `Workflows/<flow>.json.data.xml` (the flow's metadata) has
//! its `Workflows/<flow>.json` (the definition) and every `.json` its `.json.data.xml`, and that
//! a metadata file's `JsonFileName`, when it names another file, names one that exists.
//!
//! ## Why it matters
//! SolutionPackager stores a cloud flow as these two files (R4); `pac solution pack` can't build
//! a working flow from one without the other, and the packed zip's `customizations.xml` then
//! names a definition that isn't there.
//!
//! ## Example
//! `Workflows/TestFlow-0C1D….json.data.xml` committed without `Workflows/TestFlow-0C1D….json`.
//!
//! Use instead: commit both files the unpack writes.
//!
//! ## Fix safety
//! No fix: the missing half of the pair comes only from unpacking the solution again; ppcert cannot recreate it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-packager-tool>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::ends_ci;
use crate::solution::{Input, find_solution_file};

pub struct SrcWorkflowPairs;

const DATA: &str = ".data.xml";


impl SolutionRule for SrcWorkflowPairs {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let help = "commit both files `pac solution unpack` writes for each flow";
        for s in input.solutions.iter().filter(|s| s.unpacked) {
            let entries: Vec<&str> = s.tree.under("Workflows").map(|e| e.path.as_str()).collect();
            for path in &entries {
                if ends_ci(path, ".json.data.xml") {
                    let json = &path[..path.len() - DATA.len()];
                    let display = s.tree.display_of(path);
                    let workflow = s
                        .workflows
                        .iter()
                        .find(|w| input.sources.get(w.loc.file).display == display);
                    if s.tree.find(json).is_none() {
                        let message = format!("`{path}` has no definition `{json}` beside it");
                        match workflow {
                            Some(w) => cx.report_at(w.loc, message),
                            None => cx.report_path(&display, message),
                        }
                        .help(help);
                        continue;
                    }
                    if let Some(v) = workflow.and_then(|w| w.get("jsonfilename")) {
                        let named = v.trimmed();
                        if !named.trim_start_matches('/').eq_ignore_ascii_case(json)
                            && find_solution_file(&s.tree, "", named).is_none()
                        {
                            cx.report_at(
                                v.loc,
                                format!(
                                    "`{path}` names the definition `{named}`, which is not in the unpacked solution"
                                ),
                            )
                            .help(help);
                        }
                    }
                } else if ends_ci(path, ".json") {
                    let data = format!("{path}{DATA}");
                    if s.tree.find(&data).is_none() {
                        cx.report_path(
                            &s.tree.display_of(path),
                            format!("`{path}` has no metadata `{data}` beside it"),
                        )
                        .help(help);
                    }
                }
            }
        }
    }
}
