//! ## What it checks
//! That `info.title` reads as a product name:
//! - not the portal's placeholder (`Default title`, `Untitled`), which the custom connector
//!   wizard fills in until the author names the connector;
//! - not written in capitals (`CONTOSO WIDGETS`): two or more words of five letters or more and no
//!   lowercase letter. Acronyms (`IBM MQ`, `COVID-19 JHU CSSE`) are left alone;
//! - without a version marker (`(V1)`, `v2`, `V 2.1`): the platform versions a connector by its
//!   updates, and a new major version is a new connector with a new name;
//! - without the restricted word `Connector` glued to the name (`ContosoConnector`):
//!   `title-restricted-words` matches whole words only, as the validator does, but reviewers ask
//!   for the compound to go too. `API` glued to a product name (`SignatureAPI`) is accepted on
//!   merged connectors and is not reported.
//!
//! ## Why it matters for certification
//! The title is the connector's name in the designer, beside Microsoft's own connectors.
//! Reviewers of the PowerPlatformConnectors repository send back placeholder titles, titles in
//! capitals ("use title case") and titles that glue `Connector` to the name. Version markers
//! are accepted on some merged connectors (15 of 1,030), hence a warning.
//!
//! ## Example
//! ```json
//! "info": { "title": "CONTOSO WIDGETS (V2)" }
//! ```
//! Use instead:
//! ```json
//! "info": { "title": "Contoso Widgets" }
//! ```
//!
//! ## Fix safety
//! No fix: the display name is the author's to choose, and its casing (brand names, acronyms)
//! cannot be guessed.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - Review threads: PowerPlatformConnectors #419, #602, #669 (tests/review_study)
use crate::rules::prelude::*;

pub struct TitleStyle;

const PLACEHOLDERS: [&str; 2] = ["default title", "untitled"];

/// Two or more words of five letters or more, and no lowercase letter.
fn in_capitals(title: &str) -> bool {
    let long_words = title
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 5)
        .count();
    long_words >= 2 && !title.chars().any(char::is_lowercase)
}

/// A version marker as a word of its own: `v2`, `V1.0`, `(V3)`, `V 2`.
pub(crate) fn version_marker(title: &str) -> Option<&str> {
    let bytes = title.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'v' || b == b'V') || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let mut j = i + 1;
        if bytes.get(j) == Some(&b' ') {
            j += 1;
        }
        let digits = bytes[j..].iter().take_while(|c| c.is_ascii_digit() || **c == b'.').count();
        if digits == 0 || !bytes[j].is_ascii_digit() {
            continue;
        }
        let end = j + digits;
        let end = end - bytes[j..end].iter().rev().take_while(|c| **c == b'.').count();
        if bytes.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        return Some(&title[i..end]);
    }
    None
}

/// `Connector` (or `Connectors`) right after a lowercase letter or digit: `ContosoConnector`.
fn glued_connector(title: &str) -> bool {
    let bytes = title.as_bytes();
    title.match_indices("Connector").any(|(i, _)| {
        i > 0 && (bytes[i - 1].is_ascii_lowercase() || bytes[i - 1].is_ascii_digit())
    })
}

impl Rule for TitleStyle {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some((title, text)) = util::info::info_text(sw, "title") else {
            return;
        };
        if PLACEHOLDERS.contains(&text.trim().to_lowercase().as_str()) {
            cx.report(title, format!("title is the portal's placeholder \"{}\"", text.trim()))
                .help("name the connector after the product or service it calls");
            return;
        }
        if in_capitals(text) {
            cx.report(title, "title is written in capitals")
                .help("write the name as the product writes it, in title case (e.g. `Contoso Widgets`)");
        }
        if let Some(marker) = version_marker(text) {
            cx.report(title, format!("title carries the version marker `{marker}`"))
                .help("leave versions out of the name: updates keep the connector, and a new major version is a new connector with its own name");
        }
        if glued_connector(text) {
            cx.report(title, "title glues the restricted word `Connector` to the name")
                .help("name the product or service only, e.g. `Contoso` instead of `ContosoConnector`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_capitals() {
        assert_eq!(version_marker("Ubiqod by Skiply (v2)"), Some("v2"));
        assert_eq!(version_marker("StarRez REST v1"), Some("v1"));
        assert_eq!(version_marker("Contoso V 2.1."), Some("V 2.1"));
        assert_eq!(version_marker("Vonage"), None);
        assert_eq!(version_marker("Contoso V2X"), None);
        assert_eq!(version_marker("Level5 v"), None);
        assert!(in_capitals("CONTOSO WIDGETS"));
        assert!(!in_capitals("COVID-19 JHU CSSE"));
        assert!(!in_capitals("IP2LOCATION"));
        assert!(glued_connector("ContosoConnector"));
        assert!(!glued_connector("Contoso Connector"));
    }
}
