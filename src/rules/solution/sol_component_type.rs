//! ## What it checks
//! That every root component's `type` in `solution.xml` is a code of the SolutionComponent
//! table's `componenttype` choices (1 table, 29 workflow, 300 canvas app, 372 connector, 380
//! environment variable definition, …), or a number of 10000 and above.
//!
//! ## Why it matters
//! An unknown code is usually a typo in a hand-edited `solution.xml`, and the import can't
//! place the component. Newer component types (connection references among them) are not in
//! the choice list and get environment-specific codes of 10000 and above (I16), so those are
//! accepted.
//!
//! ## Example
//! ```xml
//! <RootComponent type="327" id="{5c0a…}" schemaName="cts_contoso" behavior="0" />
//! ```
//! Use instead: `type="372"` for a custom connector.
//!
//! ## Fix safety
//! No fix: which component type was meant can't be known from a wrong code; export the solution again rather than editing `solution.xml`.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/solutioncomponent>
//! - <https://github.com/neronotte/Greg.Xrm.Command/wiki/pacx-solution-component-types>
use crate::rules::util::solutions::{COMPONENT_TYPES, label};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolComponentType;

impl SolutionRule for SolComponentType {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let Some(m) = &s.manifest else { continue };
            for r in &m.root_components {
                let Some(v) = &r.kind else {
                    cx.report_at(
                        r.loc,
                        format!("a root component of {} has no `type`", label(s)),
                    )
                    .help("export the solution again; every root component has a numeric type");
                    continue;
                };
                let text = v.trimmed();
                let known = text.parse::<u32>().is_ok_and(|code| {
                    code >= 10_000 || COMPONENT_TYPES.iter().any(|(c, _)| *c == code)
                });
                if !known {
                    cx.report_at(
                        v.loc,
                        format!(
                            "the root component type `{text}` of {} is not a component type Dataverse knows",
                            label(s)
                        ),
                    )
                    .help("use the type Dataverse exported (372 for a custom connector, 29 for a flow), or export again");
                }
            }
        }
    }
}
