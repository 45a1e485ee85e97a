//! Helpers shared by the info rules: the `info` block, `x-ms-connector-metadata` entries, the
//! category list, and small message helpers.

use crate::fix::{Edit, Fix};
use crate::json::{JsonRef, Span};
use crate::rules::Checker;
use crate::swagger::Swagger;

/// The `info` object, if the document has one.
pub fn info<'a>(sw: &Swagger<'a>) -> Option<JsonRef<'a>> {
    sw.root.get("info").filter(|i| i.is_object())
}

/// A string member of `info` (`title`, `description`) with its node, when it is a string.
pub fn info_text<'a>(sw: &Swagger<'a>, key: &str) -> Option<(JsonRef<'a>, &'a str)> {
    let node = sw.root.get("info")?.get(key)?;
    Some((node, node.as_str()?))
}

/// Reports a finding at the opening brace of the document, for a top-level key that is missing.
pub fn report_at_root<'c>(
    cx: &'c mut Checker,
    sw: &Swagger,
    message: impl Into<String>,
) -> &'c mut crate::diagnostic::Diagnostic {
    let start = sw.root.span().start as usize;
    cx.report_json_span(sw.file, Span::new(start, start + 1), message)
}

/// Drops the validator code a rule with a single code stamps on every finding, for findings
/// that the Swagger Validator is not known to report.
pub fn no_code(d: &mut crate::diagnostic::Diagnostic) -> &mut crate::diagnostic::Diagnostic {
    d.validator_code = None;
    d
}

/// The metadata property names the certification process uses, spelled as documented.
pub const METADATA_NAMES: [&str; 3] = ["Website", "Privacy policy", "Categories"];

/// One entry of `x-ms-connector-metadata`.
#[derive(Clone, Copy)]
pub struct MetadataEntry<'a> {
    /// The entry object.
    pub node: JsonRef<'a>,
    /// The `propertyName` value (key matched ignoring case, as the service does).
    pub name: Option<JsonRef<'a>>,
    /// The `propertyValue` value (key matched ignoring case).
    pub value: Option<JsonRef<'a>>,
}

impl<'a> MetadataEntry<'a> {
    pub fn name_str(&self) -> Option<&'a str> {
        self.name.and_then(|n| n.as_str())
    }
}

/// The top-level `x-ms-connector-metadata` array, if it is one.
pub fn metadata<'a>(sw: &Swagger<'a>) -> Option<JsonRef<'a>> {
    sw.root
        .get("x-ms-connector-metadata")
        .filter(|m| m.is_array())
}

/// The object entries of `x-ms-connector-metadata`.
pub fn metadata_entries<'a>(sw: &Swagger<'a>) -> impl Iterator<Item = MetadataEntry<'a>> + 'a {
    metadata(sw)
        .into_iter()
        .flat_map(|m| m.items())
        .filter(|e| e.is_object())
        .map(|node| MetadataEntry {
            node,
            name: node.get_ignore_case("propertyName"),
            value: node.get_ignore_case("propertyValue"),
        })
}

/// The last metadata entry named `name` (compared ignoring ASCII case, like the service).
pub fn metadata_entry<'a>(sw: &Swagger<'a>, name: &str) -> Option<MetadataEntry<'a>> {
    metadata_entries(sw)
        .filter(|e| {
            e.name_str()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        })
        .last()
}

/// The 19 connector categories certification accepts, spelled as documented.
pub const CATEGORIES: [&str; 19] = [
    "AI",
    "Business Management",
    "Business Intelligence",
    "Collaboration",
    "Commerce",
    "Communication",
    "Content and Files",
    "Finance",
    "Data",
    "Human Resources",
    "Internet of Things",
    "IT Operations",
    "Lifestyle and Entertainment",
    "Marketing",
    "Productivity",
    "Sales and CRM",
    "Security",
    "Social Media",
    "Website",
];

/// The documented spelling of `category`, compared ignoring ASCII case.
pub fn allowed_category(category: &str) -> Option<&'static str> {
    CATEGORIES
        .iter()
        .copied()
        .find(|c| c.eq_ignore_ascii_case(category))
}

/// The non-empty, trimmed categories of a `Categories` value (`;`-separated).
pub fn split_categories(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|c| !c.is_empty())
}

/// A character as a reader would name it in a message: `)` or "a space".
pub fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\n' => "a line break".to_owned(),
        '\r' => "a carriage return".to_owned(),
        '\t' => "a tab".to_owned(),
        '\u{a0}' => "a non-breaking space".to_owned(),
        c if c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}') =>
        {
            format!("the character U+{:04X}", c as u32)
        }
        c => format!("`{c}`"),
    }
}

/// A short, single-line rendering of a string value for messages (at most 60 characters).
pub fn quote(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(60)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

/// The JSON type of a value in words, for "is a number; expected a string".
pub fn type_name(node: JsonRef) -> &'static str {
    use crate::json::JsonType;
    match node.json_type() {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

/// Checks a value that must be an absolute http(s) URL; reports it with `code` when it is not.
/// `what` names the value in the message, e.g. "contact URL".
pub fn check_url(cx: &mut Checker, node: JsonRef, what: &str, code: &'static str) {
    let Some(url) = node.as_str() else {
        cx.report(
            node,
            format!("{what} is {}; expected a URL string", type_name(node)),
        )
        .code(code);
        return;
    };
    if url.trim().is_empty() {
        cx.report(node, format!("{what} is empty; expected an absolute URL"))
            .code(code)
            .help("use the full address, such as `https://www.contoso.com`");
        return;
    }
    if !super::is_absolute_url(url) {
        let trimmed = url.trim();
        let d = cx
            .report(
                node,
                format!("{what} `{}` is not an absolute http(s) URL", quote(url)),
            )
            .code(code);
        let spaces_encoded = trimmed.replace(' ', "%20");
        // Trimming and encoding spaces give the address a browser already opens (safe);
        // choosing `https` for the author is a guess about their site (unsafe).
        if trimmed != url && super::is_absolute_url(trimmed) {
            d.help("remove the whitespace around the URL")
                .fix(Fix::safe(
                    "Remove the white space around the URL",
                    vec![set_string(node, trimmed)],
                ));
        } else if trimmed.contains(' ') && super::is_absolute_url(&spaces_encoded) {
            d.help(format!("encode the spaces: `{spaces_encoded}`"))
                .fix(Fix::safe(
                    "Encode the spaces as `%20`",
                    vec![set_string(node, &spaces_encoded)],
                ));
        } else if let Some((scheme, rest)) = trimmed.split_once("://") {
            let https = format!("https://{rest}");
            if !rest.is_empty() && !scheme.eq_ignore_ascii_case("https") {
                d.help(format!("use the `https` scheme: `{https}`"));
                if super::is_absolute_url(&https) {
                    d.fix(Fix::unsafe_edit(
                        "Use `https`",
                        vec![set_string(node, &https)],
                    ));
                }
            } else {
                d.help("use the full address, such as `https://www.contoso.com`");
            }
        } else if trimmed.contains('.') && !trimmed.contains(char::is_whitespace) {
            let https = format!("https://{trimmed}");
            d.help(format!("add the scheme: `{https}`"));
            if super::is_absolute_url(&https) {
                d.fix(Fix::unsafe_edit(
                    "Add `https://`",
                    vec![set_string(node, &https)],
                ));
            }
        } else {
            d.help("use the full address, such as `https://www.contoso.com`");
        }
    }
}

/// An edit replacing the JSON string at `node` with `text` (as the prelude's `set_string`, which
/// util cannot import without a cycle).
fn set_string(node: JsonRef, text: &str) -> Edit {
    let span = node.span();
    Edit::string((span.start as usize, span.end as usize), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories() {
        assert_eq!(allowed_category("website"), Some("Website"));
        assert_eq!(allowed_category("CDP"), None);
        let v: Vec<_> = split_categories(" AI; Data ;").collect();
        assert_eq!(v, ["AI", "Data"]);
    }

    #[test]
    fn chars() {
        assert_eq!(describe_char(' '), "a space");
        assert_eq!(describe_char(')'), "`)`");
        assert_eq!(describe_char('\u{200b}'), "the character U+200B");
    }
}
