//! The precomputed list of known words: every lower-case form that the bundled dictionaries
//! accept and that [`generate`] derives from their stems and affix rules, sorted, a word a
//! line, in `dictionaries/known-words.txt`.
//!
//! Looking a word up there is a probe of a hash table laid out at build time: no start-up work. A
//! word missing from the list goes to the real dictionaries, which are parsed only then (about
//! 30 ms), so the list changes how fast a verdict comes, never what it is: every word in it is
//! one the dictionaries know (`generate` keeps only those, and a test checks the file is its
//! output).

use std::collections::BTreeSet;

use super::Speller;
use super::affixes::{affixes, forms};

/// The contents of `dictionaries/known-words.txt` for `speller`'s sources: each lower-case
/// ASCII form derived from the dictionaries and word lists that the speller knows.
pub fn generate(speller: &Speller) -> String {
    let sources = speller.sources;
    let affixes = affixes(sources.aff);
    let mut candidates = Vec::new();
    for dic in std::iter::once(sources.us_dic).chain(sources.gb_dic) {
        for line in dic.lines().skip(1) {
            forms(line, &affixes, &mut candidates);
        }
    }
    for list in sources.lists {
        for line in list.lines().map(str::trim) {
            if !line.is_empty() && !line.starts_with('#') {
                candidates.push(line.to_owned());
                candidates.push(format!("{line}s"));
            }
        }
    }
    let words: BTreeSet<String> = candidates
        .into_iter()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| {
            // The words the check looks up: three letters or more, a possessive dropped.
            w.len() >= 3
                && !w.ends_with("'s")
                && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'')
                && speller.known_plain(w)
        })
        .collect();
    let mut out = String::new();
    for w in words {
        out.push_str(&w);
        out.push('\n');
    }
    out
}
