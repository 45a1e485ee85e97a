//! ## What it checks
//! That the solution's publisher has a `CustomizationPrefix` of 2 to 8 letters or digits that
//! starts with a letter and doesn't start with `mscrm`, and a `CustomizationOptionValuePrefix`
//! between 10000 and 99999.
//!
//! ## Why it matters
//! Dataverse puts the prefix in front of every component's logical name (`cts_contoso`) and the
//! option value prefix in front of every choice value; it refuses prefixes outside these
//! ranges (D15), so such a solution can't be imported.
//!
//! ## Example
//! ```xml
//! <CustomizationPrefix>contoso_widgets</CustomizationPrefix>
//! <CustomizationOptionValuePrefix>123</CustomizationOptionValuePrefix>
//! ```
//! Use instead:
//! ```xml
//! <CustomizationPrefix>cts</CustomizationPrefix>
//! <CustomizationOptionValuePrefix>10422</CustomizationOptionValuePrefix>
//! ```
//! (set both on the publisher in the environment; components already created keep their names).
//!
//! ## Fix safety
//! No fix: the prefixes are set on the publisher in the environment, and components already created keep their names.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/dynamics365/customerengagement/on-premises/developer/create-export-import-unmanaged-solution>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolPublisherPrefix;

impl SolutionRule for SolPublisherPrefix {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let Some(m) = &s.manifest else { continue };
            let Some(p) = &m.publisher else {
                cx.report_at(m.loc, format!("{} has no `Publisher` in its manifest", label(s)))
                    .help("export the solution again; Dataverse writes the publisher in `<SolutionManifest>`");
                continue;
            };
            match p.prefix.as_ref().filter(|v| !v.trimmed().is_empty()) {
                None => {
                    cx.report_at(
                        p.loc,
                        format!("the publisher of {} has no `CustomizationPrefix`", label(s)),
                    )
                    .help("give the publisher a prefix of 2 to 8 letters or digits in the environment and export again");
                }
                Some(v) => {
                    let prefix = v.trimmed();
                    let problem = if !(2..=8).contains(&prefix.chars().count()) {
                        Some("must be 2 to 8 characters long")
                    } else if !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
                        Some("may hold only letters and digits")
                    } else if !prefix.starts_with(|c: char| c.is_ascii_alphabetic()) {
                        Some("must start with a letter")
                    } else if prefix.to_ascii_lowercase().starts_with("mscrm") {
                        Some("must not start with `mscrm`, which Dataverse reserves")
                    } else {
                        None
                    };
                    if let Some(problem) = problem {
                        cx.report_at(
                            v.loc,
                            format!("the publisher prefix `{prefix}` of {} {problem}", label(s)),
                        )
                        .help("use a prefix of 2 to 8 letters or digits starting with a letter, such as `cts`");
                    }
                }
            }
            match p
                .option_value_prefix
                .as_ref()
                .filter(|v| !v.trimmed().is_empty())
            {
                None => {
                    cx.report_at(
                        p.loc,
                        format!(
                            "the publisher of {} has no `CustomizationOptionValuePrefix`",
                            label(s)
                        ),
                    )
                    .help("give the publisher an option value prefix between 10000 and 99999 and export again");
                }
                Some(v) => {
                    let text = v.trimmed();
                    if !text
                        .parse::<u32>()
                        .is_ok_and(|n| (10_000..=99_999).contains(&n))
                    {
                        cx.report_at(
                            v.loc,
                            format!(
                                "the option value prefix `{text}` of the publisher of {} is not a number between 10000 and 99999",
                                label(s)
                            ),
                        )
                        .help("set the publisher's option value prefix to a number between 10000 and 99999");
                    }
                }
            }
        }
    }
}
