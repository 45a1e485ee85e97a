//! Small helpers several rules share; each rule group may keep its own in a sub-module.

pub mod chars;
pub mod diff;
pub mod document;
pub mod edits;
pub mod english;
pub mod files;
pub mod flows;
pub mod info;
pub mod leaks;
pub mod operations;
pub mod parameters;
pub mod props;
pub mod schemas;
pub mod secrets;
pub mod solutions;
pub mod spelling;
#[cfg(test)]
pub mod test_files;
pub mod text_regex;
pub mod triggers;
pub mod zip;

/// Whether `url` is an absolute http(s) URL with a host.
pub fn is_absolute_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
        && !host.is_empty()
        && !host.contains(char::is_whitespace)
        && !url.contains(char::is_whitespace)
}

/// Whether `word` occurs in `text` as a whole word, ignoring ASCII case.
pub fn contains_word(text: &str, word: &str) -> bool {
    // Compared in place: lower-cased copies of both (what this did first) were an allocation
    // each for every product name and text.
    let bytes = text.as_bytes();
    !word.is_empty()
        && find_ignore_ascii_case(text, word).any(|start| {
            let end = start + word.len();
            (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
                && (end == bytes.len() || !bytes[end].is_ascii_alphanumeric())
        })
}

/// Where `needle` (not empty) starts in `text`, ASCII case ignored, overlapping occurrences
/// included: only where its first byte is, found by a vectorised search for that byte's two
/// cases.
pub fn find_ignore_ascii_case<'t>(
    text: &'t str,
    needle: &'t str,
) -> impl Iterator<Item = usize> + 't {
    let (hay, needle) = (text.as_bytes(), needle.as_bytes());
    let first = needle.first().copied().unwrap_or_default();
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, hay).filter(move |&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Number of characters (not bytes).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Power Platform product names that certification forbids in user-facing strings.
pub const PRODUCT_NAMES: &[&str] = &[
    "Power Apps",
    "Power Automate",
    "Logic Apps",
    "PowerApps",
    "Microsoft Flow",
];

/// The first product name `text` mentions, if any.
pub fn product_name_in(text: &str) -> Option<&'static str> {
    PRODUCT_NAMES
        .iter()
        .copied()
        .find(|name| contains_word(text, name))
}

/// Reports the syntax problems of one JSON file; shared with `json-valid`.
pub fn report_json_problems(cx: &mut crate::rules::Checker, file: &crate::connector::JsonFile) {
    use crate::json::{Quirk, Span};
    if let Some(at) = file.invalid_utf8_at {
        cx.report_json_span(
            file,
            Span::new(at, at + 1),
            "the file is not valid UTF-8 (save it as UTF-8)",
        );
    }
    if let Some(error) = file.syntax_error() {
        let at = error.offset;
        cx.report_json_span(
            file,
            Span::new(at, at + 1),
            format!("invalid JSON: {}", error.message),
        );
    }
    if let Some(doc) = file.doc() {
        for quirk in doc.quirks() {
            if let Quirk::TrailingComma(span) = quirk {
                // The comma alone goes: every reader that accepts it ignores it.
                cx.report_json_span(file, *span, "trailing comma (not allowed in strict JSON)")
                    .fix(crate::fix::Fix::safe(
                        "Remove the trailing comma",
                        vec![crate::fix::Edit::replace(
                            (span.start as usize, span.end as usize),
                            "",
                        )],
                    ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_absolute_url("https://example.com/privacy"));
        assert!(!is_absolute_url("example.com"));
        assert!(!is_absolute_url("https:// spaced.com"));
        assert!(!is_absolute_url("ftp://example.com"));
    }

    #[test]
    fn words() {
        assert!(contains_word("The Contoso API", "api"));
        assert!(!contains_word("SignatureAPI", "api"));
        assert!(contains_word("Use with Power Automate.", "power automate"));
    }

    /// The search in place answers as a search of lower-cased copies does, for words at either
    /// end, inside other words, repeated, cut off by the end, and next to non-ASCII text.
    #[test]
    fn contains_word_answers_as_lower_cased_copies_do() {
        // The first way, every occurrence tried, overlapping ones included (for the ASCII words
        // callers look for: it sliced the text inside a character after a non-ASCII one).
        fn by_copies(text: &str, word: &str) -> bool {
            let lower = text.to_ascii_lowercase();
            let word = word.to_ascii_lowercase();
            let bytes = lower.as_bytes();
            let mut from = 0;
            while let Some(i) = lower[from..].find(&word) {
                let start = from + i;
                let end = start + word.len();
                if (start == 0 || !bytes[start - 1].is_ascii_alphanumeric())
                    && (end == bytes.len() || !bytes[end].is_ascii_alphanumeric())
                {
                    return true;
                }
                from = start + 1;
            }
            false
        }
        let texts = [
            "",
            "p",
            "Power Apps",
            "use POWERAPPS here",
            "PowerApps",
            "xPowerApps",
            "PowerAppsx",
            "Power Apps Power Apps",
            "PowerPower Apps",
            "Pow",
            "ÉPower Apps",
            "Power Appsé",
            "power apps.",
            "Logic  Apps",
            "Microsoft Flow-based",
            "2Power Apps",
            "_Power Apps_",
            "pp",
            "ppp",
            "p p",
            "appsapps apps",
        ];
        for text in texts {
            for word in [
                "Power Apps",
                "PowerApps",
                "power",
                "apps",
                "Microsoft Flow",
                "p",
                "pp",
            ] {
                assert_eq!(
                    contains_word(text, word),
                    by_copies(text, word),
                    "{text:?} {word:?}"
                );
            }
        }
    }
}
