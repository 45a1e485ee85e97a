//! ## What it checks
//! That an independent publisher's readme has the sections of the repository's
//! independent-publisher template: `Publisher: <name>` (the first and last name of each
//! publisher, or a company, comma-separated), `Prerequisites`, `Supported Operations`,
//! `Obtaining Credentials` and `Known Issues and Limitations` (`Getting Started`, `Frequently
//! Asked Questions` and `Deployment Instructions` are optional). It also reports a `Publisher`
//! section that names no one or still holds the template's placeholder, and template
//! instructions left in the text (`Required. ...`, `Optional. ...`).
//!
//! Headings are matched loosely, as reviewers read them: any level, any case, bold, with or
//! without a trailing colon, `Publisher: Name` on the heading line or the name on the next line,
//! a bold label line (`**Publisher:** Jane Doe`), and the synonyms seen in merged connectors
//! (`Pre-requisites`, `How to get credentials`, `Supported Actions`, `Known limitations`, ...).
//! `Obtaining Credentials` is only required when the connector has authentication. Whether the
//! publisher is a person's full name is not checked.
//!
//! ## Why it matters for certification
//! Reviewers of independent-publisher pull requests check the readme against the template, and
//! the readme becomes the connector's documentation.
//!
//! ## Severity
//! A **warning** (it was an error): the independent-publisher template asks for these sections,
//! but neither the validator nor the certification bot reads the readme, no review we found
//! blocked a pull request for a missing one, and 50 of the 395 merged independent-publisher
//! connectors (13 %) lack at least one.
//!
//! ## Example
//! ```markdown
//! # Contoso
//! Lets you look up Contoso invoices.
//! ## Supported Operations
//! ```
//! Use instead:
//! ```markdown
//! # Contoso
//! Lets you look up Contoso invoices. Contoso is an invoicing service.
//! ## Publisher: Jane Doe
//! ## Prerequisites
//! ## Supported Operations
//! ### Get invoice
//! ## Obtaining Credentials
//! ## Known Issues and Limitations
//! ```
//!
//! ## Fix safety
//! No fix: the missing sections, the publisher's name and the text replacing the template's instructions are the author's to write; empty headings would only silence the finding.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/Independent%20Publisher/>
use crate::rules::prelude::*;
use crate::rules::util::files::check_readme_sections;

pub struct ReadmeSectionsIp;

impl Rule for ReadmeSectionsIp {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        check_readme_sections(cx, c, false);
    }
}
