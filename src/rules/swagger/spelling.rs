//! ## What it checks
//! The spelling of the English text users read: the titles, summaries, descriptions and
//! `x-ms-summary` labels of the definition (the strings `swagger-strings-english` reads) and the
//! readme. A word is reported when no bundled dictionary knows it and the en_US dictionary has
//! a close correction for it (at most two edits, not a split into two words, not a proper noun
//! for a lowercase word): `Retrive` → `Retrieve`, `defaul1t` → `default`.
//!
//! The dictionaries are SCOWL en_US and en_GB (Hunspell format, read by the `spellbook` crate),
//! with cspell's software terms and company names; see `dictionaries/README.md`. Not checked:
//! code (backticks, fenced blocks), URLs, e-mail addresses, paths, `{placeholders}`, acronyms in
//! capitals, words with inner capitals (`GitHub`) or digits (except one digit inside a word of
//! letters, a typo), words of fewer than three letters, the connector's own names (its title,
//! host, operationIds, parameter and property names), and strings in another language
//! (`swagger-strings-english` reports those). In the readme a capitalised word inside a
//! sentence is taken for a name.
//!
//! Words of your own (product names, jargon) go in ppcert.toml:
//! ```toml
//! [spelling]
//! words = ["Contoso", "upsert"]
//! ```
//!
//! ## Why it matters for certification
//! Reviewers of the PowerPlatformConnectors repository ask for text "free of typographical
//! errors" and send back submissions with misspelt summaries and descriptions, one review round
//! per typo found. Measured on the merged connectors, about four in five of the words this rule
//! reports are real typos (the rest are names, one `words` entry each), hence a warning.
//!
//! ## Example
//! ```json
//! "description": "Retrive the widgets of the account."
//! ```
//! Use instead:
//! ```json
//! "description": "Retrieve the widgets of the account."
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): the word is replaced by the dictionary's correction, which is a
//! guess; a name the dictionary does not know belongs in `[spelling] words` instead.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - Review threads: PowerPlatformConnectors #1390, #1700, #3647 (tests/review_study)
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::document::{text_keys, walk};
use crate::rules::util::english::foreign_words;
use crate::rules::util::spelling::{
    Misspelling, OwnWords, misspelled_in, misspelled_prose, speller,
};
use rustc_hash::FxHashMap;
use std::cell::OnceCell;

pub struct Spelling;

/// Keys whose string values name things of the connector's own (its vocabulary).
const NAME_KEYS: [&str; 6] = ["operationId", "name", "title", "host", "basePath", "x-ms-visibility"];

/// The bits of [`common_key`] that are [`NAME_KEYS`].
const COMMON_NAME_KEYS: u32 = 1 << 3 | 1 << 7 | 1 << 18 | 1 << 20;

/// The keys most definitions are made of: three in four key occurrences of the corpus are one
/// of these. Each has a bit, so that repeats are told apart without hashing the key.
fn common_key(key: &str) -> Option<u32> {
    let candidates: &[(&str, u32)] = match key.len() {
        2 => &[("in", 0)],
        3 => &[("200", 1)],
        4 => &[("type", 2), ("name", 3), ("$ref", 4), ("enum", 5), ("tags", 6)],
        5 => &[("title", 7), ("items", 8)],
        6 => &[("format", 9), ("schema", 10)],
        7 => &[("summary", 11), ("default", 12)],
        8 => &[("required", 13)],
        9 => &[("responses", 14)],
        10 => &[("properties", 15), ("parameters", 16)],
        11 => &[("description", 17), ("operationId", 18)],
        12 => &[("x-ms-summary", 19)],
        15 => &[("x-ms-visibility", 20)],
        _ => return None,
    };
    let first = key.as_bytes()[0];
    (candidates.iter())
        .find(|(k, _)| k.as_bytes()[0] == first && *k == key)
        .map(|&(_, bit)| bit)
}

/// The connector's own words: ppcert.toml's list, the folder name, and every key and name of
/// the definition (parameter and property names, operationIds, the title, the host).
fn own_words<'a>(c: &'a Connector, sw: &'a Swagger) -> OwnWords<'a> {
    // Sized for the document up front: growing the set rehashed every word several times.
    let mut own = OwnWords::with_capacity((sw.doc.node_count() / 4).clamp(64, 16384));
    own.add_list(c.words.iter().map(String::as_str));
    own.add_identifier(&c.name);
    // A document repeats its keys thousands of times; each distinct one is split once.
    let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(
        (sw.doc.node_count() / 8).clamp(16, 4096),
        Default::default(),
    );
    let mut common_seen = 0u32;
    for node in sw.root.descendants() {
        if let Some(key) = node.key() {
            let (first_time, names) = match common_key(key) {
                Some(bit) => {
                    let first_time = common_seen & (1 << bit) == 0;
                    common_seen |= 1 << bit;
                    (first_time, COMMON_NAME_KEYS & (1 << bit) != 0)
                }
                None => (seen.insert(key), NAME_KEYS.contains(&key)),
            };
            if first_time {
                own.add_identifier(key);
            }
            if names
                && let Some(text) = node.as_str()
                && seen.insert(text)
            {
                own.add_identifier(text);
            }
        }
    }
    own
}

fn message(word: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("`{word}` looks misspelt: did you mean `{s}`?"),
        None => format!("`{word}` looks misspelt"),
    }
}

impl Rule for Spelling {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn weight(&self) -> u16 {
        320
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let connector = cx.connector();
        // The connector's own names are gathered only when a word the dictionaries do not
        // know turns up.
        let own = OnceCell::new();
        let mut is_own = |w: &str| own.get_or_init(|| own_words(connector, sw)).contains(w);
        let speller = speller();
        // A definition repeats its texts ("The ID of the item." on every operation): two in
        // five of the bytes checked in the corpus are a text the same connector had before.
        // The answer depends only on the text (the connector's words are the same throughout),
        // so each distinct one is checked once; the texts with findings are reported each time.
        // Sized for a text per object: growing it rehashed every text several times.
        let mut checked: FxHashMap<&str, Vec<Misspelling>> =
            FxHashMap::with_capacity_and_hasher(sw.located_count(), Default::default());
        walk(sw, |loc, node| {
            for &key in text_keys(loc) {
                let Some(value) = node.get(key) else { continue };
                let Some(text) = value.as_str() else { continue };
                let found = checked.entry(text).or_insert_with(|| {
                    let found = misspelled_in(speller, text, &mut is_own);
                    // Text in another language is swagger-strings-english's finding, not typos.
                    if found.is_empty() || foreign_words(text).is_some() {
                        return Vec::new();
                    }
                    found
                });
                for (start, end, word, suggestion) in found.iter().cloned() {
                    let d = cx.report(value, format!("`{key}`: {}", message(&word, suggestion.as_deref())));
                    d.help("fix the word, or add it to `[spelling] words` in ppcert.toml when it is a name");
                    if let Some(s) = suggestion {
                        let fixed = format!("{}{s}{}", &text[..start], &text[end..]);
                        d.fix(Fix::unsafe_edit(format!("Write `{s}`"), vec![set_string(value, &fixed)]));
                    }
                }
            }
        });
        let Some(readme) = connector.readme.as_ref().filter(|r| r.readable) else {
            return;
        };
        for (start, end, word, suggestion) in misspelled_prose(speller, &readme.text, &mut is_own) {
            let d = cx.report_text(readme, Span::new(start, end), message(&word, suggestion.as_deref()));
            d.help("fix the word, or add it to `[spelling] words` in ppcert.toml when it is a name");
            if let Some(s) = suggestion {
                d.fix(Fix::unsafe_edit(format!("Write `{s}`"), vec![Edit::replace((start, end), s)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_keys_have_their_own_bits_and_name_keys_are_marked() {
        let common = [
            "in", "200", "type", "name", "$ref", "enum", "tags", "title", "items", "format",
            "schema", "summary", "default", "required", "responses", "properties", "parameters",
            "description", "operationId", "x-ms-summary", "x-ms-visibility",
        ];
        let mut bits = 0u32;
        for key in common {
            let bit = common_key(key).unwrap_or_else(|| panic!("{key} is common"));
            assert_eq!(bits & (1 << bit), 0, "{key} shares a bit");
            bits |= 1 << bit;
            assert_eq!(COMMON_NAME_KEYS & (1 << bit) != 0, NAME_KEYS.contains(&key), "{key}");
        }
        for key in ["", "Type", "types", "host", "basePath", "x-ms-summar", "nam", "200 ", "$reg"] {
            assert_eq!(common_key(key), None, "{key}");
        }
    }
}
