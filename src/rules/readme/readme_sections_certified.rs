//! ## What it checks
//! That a verified publisher's readme has the sections of the repository's certified-connector
//! template: `Publisher: <company>`, `Prerequisites`, `Supported Operations`, `Obtaining
//! Credentials`, `Known Issues and Limitations` and `Deployment Instructions` (`Getting Started`
//! and `Frequently Asked Questions` are optional). It also reports a `Publisher` section that
//! names no one or still holds the template's placeholder, and template instructions left in
//! the text (`Required. ...`, `Optional. ...`).
//!
//! Headings are matched loosely, as reviewers read them: any level, any case, bold, with or
//! without a trailing colon, `Publisher: Name` on the heading line or the name on the next line,
//! a bold label line (`**Publisher:** Contoso`), and the synonyms seen in merged connectors
//! (`Pre-requisites`, `How to get credentials`, `Supported Actions`, `Known limitations`,
//! `Deploying the connector`, ...). `Obtaining Credentials` is only required when the connector
//! has authentication. Headings inside code blocks and HTML comments do not count.
//!
//! The title paragraph (two or three sentences) and the sub-heading per operation are not
//! checked.
//!
//! ## Severity
//! A **warning**, not the catalogue's error: the template dates from January 2022 (#1342), and
//! about 70 % of the merged certified readmes (most of them older) lack at least one of these
//! sections, so reviewers do not consistently enforce it for verified publishers.
//!
//! ## Why it matters for certification
//! The readme is the connector's public documentation; reviewers send back readmes that lack the
//! template's sections (#1568).
//!
//! ## Example
//! ```markdown
//! # Contoso
//! Contoso's connector lets you manage invoices.
//! ## Operations
//! ...
//! ```
//! Use instead:
//! ```markdown
//! # Contoso
//! Contoso's connector lets you manage invoices. It supports creating, reading and paying them.
//! ## Publisher: Contoso Ltd
//! ## Prerequisites
//! ## Supported Operations
//! ### Create invoice
//! ## Obtaining Credentials
//! ## Known Issues and Limitations
//! ## Deployment Instructions
//! ```
//!
//! ## Fix safety
//! No fix: the missing sections, the publisher's name and the text replacing the template's instructions are the author's to write; empty headings would only silence the finding.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/certified-connectors/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1568>
use crate::rules::prelude::*;
use crate::rules::util::files::check_readme_sections;

pub struct ReadmeSectionsCertified;

impl Rule for ReadmeSectionsCertified {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        check_readme_sections(cx, c, true);
    }
}
