//! ## What it checks
//! The size of `apiDefinition.swagger.json` on disk: a warning above 1,000,000 bytes and an error
//! above 1,048,576 bytes (1 MiB).
//!
//! Microsoft's documents only say "1 MB", which may mean either; ppcert warns from the decimal
//! megabyte and fails from the binary one. The size is taken from the file itself, so the rule
//! also fires on a file too broken or too large to parse.
//!
//! ## Why it matters for certification
//! The platform refuses API definitions of 1 MB or more, and reviewers ask for larger files to be
//! trimmed. Whitespace counts: a file indented with four spaces or tabs can often be brought under
//! the limit by re-indenting with two spaces; otherwise remove unused definitions, examples and
//! long descriptions, or split the connector.
//!
//! ## Example
//! `apiDefinition.swagger.json` of 1,104,994 bytes.
//!
//! Use instead: a definition below 1,000,000 bytes.
//!
//! ## Fix safety
//! No fix: what to cut (unused definitions, examples, long descriptions) is the author's choice, and re-indenting would rewrite the layout of the whole file, which fixes leave as the author wrote it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/faq>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/define-openapi-definition>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1381>
use crate::rules::prelude::*;

pub struct SwaggerMaxSize;

const WARN_ABOVE: u64 = 1_000_000;
const ERROR_ABOVE: u64 = 1_048_576;

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Rule for SwaggerMaxSize {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        let Some(file) = &connector.swagger else { return };
        let size = file.size;
        let help = "re-indent with two spaces, drop unused definitions and long examples, or split the connector";
        if size > ERROR_ABOVE {
            cx.report_path(
                &file.display,
                format!(
                    "the definition is {} bytes; the limit is 1 MB ({} bytes)",
                    thousands(size),
                    thousands(ERROR_ABOVE)
                ),
            )
            .help(help);
        } else if size > WARN_ABOVE {
            cx.report_path(
                &file.display,
                format!(
                    "the definition is {} bytes, close to the 1 MB limit; keep it under {} bytes",
                    thousands(size),
                    thousands(WARN_ABOVE)
                ),
            )
            .severity(Severity::Warning)
            .help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_048_576), "1,048,576");
    }
}
