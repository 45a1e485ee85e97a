//! `--format github`: GitHub Actions workflow commands, shown as annotations on pull requests.
//! <https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions>

use crate::diagnostic::{Diagnostic, Severity};
use std::fmt::Write as _;

/// Escapes a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`, which separate properties).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut title = format!("ppcert ({})", d.rule);
        if let Some(code) = d.validator_code {
            let _ = write!(title, " validator: {code}");
        }
        // Inside an archive: annotate the archive file, and say where inside it.
        let (file, place, inside) = match crate::diagnostic::split_nested(&d.file) {
            Some((outer, _)) => (
                outer,
                (1, 1, 1, 1),
                format!(" (at {}:{}:{})", d.file, d.line, d.column),
            ),
            None => (
                d.file.as_str(),
                (d.line, d.column, d.end_line, d.end_column),
                String::new(),
            ),
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(file),
            place.0,
            place.1,
            place.2,
            place.3,
            escape_property(&title),
            escape_data(&match &d.value_path {
                Some(path) => format!("{}{inside} [{}] (ValuePath: {path})", d.message, d.rule),
                None => format!("{}{inside} [{}]", d.message, d.rule),
            }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100%\r\nnext"), "100%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
