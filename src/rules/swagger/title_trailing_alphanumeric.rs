//! ## What it checks
//! That the last character of `info.title` is a letter or a digit: no trailing space, line
//! break, punctuation or closing parenthesis.
//!
//! ## Why it matters for certification
//! The Swagger Validator reports `ValueMustEndWithAlphanumeric` and the certification bot rejects
//! titles ending in anything else, including invisible trailing whitespace (#3828). Titles such
//! as `Contoso (Preview)` or `Contoso.` are the usual cause.
//!
//! Letters of any script count as letters (the validator's wording is "alphanumeric"); whether
//! the title is English is `swagger-strings-english`'s business, and so is a typographic or
//! invisible last character (`…`, a no-break space, `�`), which it names. An empty title is left
//! to `swagger-no-empty-values`.
//!
//! ## Example
//! ```json
//! "info": { "title": "Contoso (Preview)" }
//! ```
//! Use instead:
//! ```json
//! "info": { "title": "Contoso Preview" }
//! ```
//!
//! ## Fix safety
//! Safe: trailing white space is removed. Unsafe (`--unsafe-fixes`): trailing punctuation goes and a final parenthesis is unwrapped (`Contoso (Preview)` → `Contoso Preview`); the connector's name changes, which independent-publisher updates may not do.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3828>
use crate::rules::prelude::*;
use crate::rules::util::info::describe_char;

pub struct TitleTrailingAlphanumeric;

impl Rule for TitleTrailingAlphanumeric {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some((title, text)) = util::info::info_text(sw, "title") else {
            return;
        };
        let Some(last) = text.chars().next_back() else { return };
        if text.trim().is_empty() || last.is_alphanumeric() || util::chars::is_special(last) {
            return;
        }
        let d = cx.report(
            title,
            format!(
                "title ends with {}; it must end with a letter or digit",
                describe_char(last)
            ),
        );
        let suggestion = suggest(text);
        let trimmed = text.trim_end();
        if last.is_whitespace() || last.is_control() {
            d.help(format!("remove the trailing whitespace, e.g. `{suggestion}`"));
            if trimmed.chars().next_back().is_some_and(char::is_alphanumeric) {
                d.fix(Fix::safe("Remove the trailing white space", vec![set_string(title, trimmed)]));
            }
        } else if !suggestion.is_empty() {
            d.help(format!("for example `{suggestion}`"))
                .fix(Fix::unsafe_edit(format!("Write `{suggestion}`"), vec![set_string(title, &suggestion)]));
        }
    }
}

/// The title without its non-alphanumeric tail; `Contoso (Preview)` becomes `Contoso Preview`.
fn suggest(text: &str) -> String {
    let text = text.trim_end();
    let unwrapped = match (text.strip_suffix(')'), text.rfind('(')) {
        (Some(inner), Some(open)) if open < inner.len() => {
            format!("{}{}", &inner[..open], &inner[open + 1..])
        }
        _ => text.to_owned(),
    };
    unwrapped
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggestions() {
        assert_eq!(super::suggest("Contoso (Preview)"), "Contoso Preview");
        assert_eq!(super::suggest("Contoso. "), "Contoso");
        assert_eq!(super::suggest("Contoso ()"), "Contoso");
        assert_eq!(super::suggest("!!"), "");
    }
}
