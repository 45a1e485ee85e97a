//! ## What it checks
//! That the solution is not published by the environment's default publisher: the "CDS
//! Default Publisher" (unique name `Cr` followed by hexadecimal digits, such as `Cr8a9b9`) or
//! the organisation's "Default Publisher for <org>" (unique name `DefaultPublisher…`, prefix
//! `new`).
//!
//! ## Why it matters
//! Microsoft recommends your own publisher for anything you distribute (D13, D14): the default
//! publisher's prefix (`new`, or a random one like `cr37f`) ends up in the name of every
//! component and can't be changed once they exist. Seven of the 22 merged certification
//! packages we opened use it, so this is a warning, not an error.
//!
//! ## Example
//! ```xml
//! <Publisher><UniqueName>Cr8a9b9</UniqueName> … <CustomizationPrefix>cr37f</CustomizationPrefix>
//! ```
//! Use instead: create a publisher for your organisation (Solutions → Publishers → New) with a
//! meaningful prefix, and create the solution and its components under it.
//!
//! ## Fix safety
//! No fix: the publisher is chosen in the environment, and components already created keep the default publisher's prefix.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-concepts-alm>
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-solution>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolDefaultPublisher;

/// `Cr` followed by hexadecimal digits: the CDS Default Publisher's generated unique name.
fn is_cds_default(name: &str) -> bool {
    name.len() > 3
        && name[..2].eq_ignore_ascii_case("cr")
        && name[2..].chars().all(|c| c.is_ascii_hexdigit())
        && name[2..].chars().any(|c| c.is_ascii_digit())
}

impl SolutionRule for SolDefaultPublisher {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let Some(p) = s.manifest.as_ref().and_then(|m| m.publisher.as_ref()) else {
                continue;
            };
            let unique = p.unique_name.as_ref().map(|v| v.trimmed()).unwrap_or("");
            let display = p.display_name.as_ref().map(|v| v.trimmed()).unwrap_or("");
            let prefix = p.prefix.as_ref().map(|v| v.trimmed()).unwrap_or("");
            let which = if is_cds_default(unique)
                || display.eq_ignore_ascii_case("CDS Default Publisher")
            {
                "the CDS Default Publisher"
            } else if unique.to_ascii_lowercase().starts_with("defaultpublisher")
                || display
                    .to_ascii_lowercase()
                    .starts_with("default publisher for")
                || prefix.eq_ignore_ascii_case("new")
            {
                "the organisation's default publisher"
            } else {
                continue;
            };
            let at = p.unique_name.as_ref().map_or(p.loc, |v| v.loc);
            cx.report_at(
                at,
                format!(
                    "{} is published by {which} (`{unique}`, prefix `{prefix}`); distributed solutions should have a publisher of their own",
                    label(s)
                ),
            )
            .help("create a publisher for your organisation with a meaningful prefix, and create the solution and its components under it");
        }
    }
}
