//! The words of a connector's own (its names and identifiers, the project's word list), which
//! the spelling check takes as correct.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

/// Words taken as correct besides the dictionaries: the project's word list (ppcert.toml) and
/// the connector's own names (title, host, operationIds, parameter and property names), matched
/// without regard to case.
#[derive(Default, Clone, Debug)]
pub struct OwnWords<'a>(rustc_hash::FxHashSet<Folded<'a>>);

/// A word compared and hashed without regard to ASCII case. An ASCII word is kept as written,
/// borrowed from the document; any other is kept lower-cased (as `str::to_lowercase` does it),
/// so that two words are equal exactly when their `to_lowercase` forms are.
#[derive(Clone, Debug)]
struct Folded<'a>(Cow<'a, str>);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

impl<'a> Folded<'a> {
    fn new(word: &'a str) -> Self {
        if word.is_ascii() {
            Folded(Cow::Borrowed(word))
        } else {
            Folded(Cow::Owned(word.to_lowercase()))
        }
    }
}

impl<'a> OwnWords<'a> {
    pub fn from_list(words: &[&'a str]) -> Self {
        let mut own = Self::default();
        own.add_list(words.iter().copied());
        own
    }

    /// An empty set with room for `capacity` words.
    pub fn with_capacity(capacity: usize) -> Self {
        Self(rustc_hash::FxHashSet::with_capacity_and_hasher(
            capacity,
            Default::default(),
        ))
    }

    pub fn add_list(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            self.add(w);
        }
    }

    /// Adds an identifier: whole ("orderid"), and its camelCase, snake_case, kebab-case and
    /// dotted parts ("order", "id").
    pub fn add_identifier(&mut self, id: &'a str) {
        if id.is_ascii() {
            self.add_ascii_identifier(id);
            return;
        }
        for part in id
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
        {
            self.add(part);
            // The camelCase pieces: a capital after a lower-case letter starts the next one.
            let mut start = 0;
            let mut prev_lower = false;
            for (i, ch) in part.char_indices() {
                if ch.is_uppercase() && prev_lower && i > start {
                    self.add(&part[start..i]);
                    start = i;
                }
                prev_lower = ch.is_lowercase();
            }
            if start > 0 {
                self.add(&part[start..]);
            }
        }
    }

    /// [`OwnWords::add_identifier`] for an ASCII identifier, most of them: the same parts,
    /// found a byte at a time.
    fn add_ascii_identifier(&mut self, id: &'a str) {
        let bytes = id.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let part_start = i;
            let mut start = i;
            let mut prev_lower = false;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                let b = bytes[i];
                if b.is_ascii_uppercase() && prev_lower {
                    self.add(&id[start..i]);
                    start = i;
                }
                prev_lower = b.is_ascii_lowercase();
                i += 1;
            }
            self.add(&id[part_start..i]);
            if start > part_start {
                self.add(&id[start..i]);
            }
        }
    }

    fn add(&mut self, word: &'a str) {
        self.0.insert(Folded::new(word));
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(&Folded::new(word))
    }

    /// The words, lower-cased.
    #[cfg(test)]
    fn lowered(&self) -> std::collections::BTreeSet<String> {
        self.0.iter().map(|w| w.0.to_lowercase()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts an identifier gives are those of the first way of splitting it (a `String`
    /// per part), on identifiers of every shape, Greek capitals and German ß included.
    #[test]
    fn identifier_parts_are_the_straightforward_ones() {
        fn reference(id: &str) -> std::collections::BTreeSet<String> {
            let mut out = std::collections::BTreeSet::new();
            for part in id
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
            {
                out.insert(part.to_lowercase());
                let mut cur = String::new();
                let mut prev_lower = false;
                for ch in part.chars() {
                    if ch.is_uppercase() && prev_lower && !cur.is_empty() {
                        out.insert(std::mem::take(&mut cur).to_lowercase());
                    }
                    prev_lower = ch.is_lowercase();
                    cur.push(ch);
                }
                if !cur.is_empty() {
                    out.insert(cur.to_lowercase());
                }
            }
            out
        }
        let ids = [
            "GetOrderid_byStatus",
            "getHTTPResponseCode",
            "x-ms-summary",
            "a.b.c",
            "ABC",
            "aB",
            "Ab",
            "aBC",
            "__init__",
            "",
            "-",
            "createdDateTime",
            "ΟΔΟΣΣτοιχεία",
            "straßeName",
            "ÉtéDonnéesX",
            "snake_Case-kebab.dot",
            "v2Api",
            "İstanbulCity",
            "ǅemal",
            "HTTPServer2Go",
            "a1B2c3D",
            "x__Y..zZ",
            "getTheVeryLongListOfEverythingAboutTheOrderHistory",
        ];
        for id in ids {
            let mut own = OwnWords::default();
            own.add_identifier(id);
            let got = own.lowered();
            assert_eq!(got, reference(id), "{id}");
        }
        // One set for all: the same union.
        let mut own = OwnWords::default();
        ids.iter().for_each(|id| own.add_identifier(id));
        let all: std::collections::BTreeSet<String> =
            ids.iter().flat_map(|id| reference(id)).collect();
        assert_eq!(own.lowered(), all);
    }

    /// Equal words hash alike, and words are equal exactly when their lower-case forms are,
    /// the Kelvin sign (whose lower case is an ASCII k) included.
    #[test]
    fn folding_matches_lower_casing() {
        let words = [
            "Key",
            "key",
            "KEY",
            "\u{212A}ey",
            "Straße",
            "STRASSE",
            "straße",
            "Ünit",
            "ünit",
            "unit",
            "TheVeryLongListOfEverythingAboutTheOrderHistory",
            "theverylonglistofeverythingabouttheorderhistory",
            "THEVERYLONGLISTOFEVERYTHINGABOUTTHEORDERHISTORY",
            "TheVeryLongListOfEverythingAboutTheOrderHistorz",
        ];
        let hash = |w: &Folded| {
            let mut h = rustc_hash::FxHasher::default();
            w.hash(&mut h);
            h.finish()
        };
        for a in words {
            for b in words {
                let (fa, fb) = (Folded::new(a), Folded::new(b));
                assert_eq!(fa == fb, a.to_lowercase() == b.to_lowercase(), "{a} {b}");
                if fa == fb {
                    assert_eq!(hash(&fa), hash(&fb), "{a} {b}");
                }
            }
        }
        let own = OwnWords::from_list(&["\u{212A}ey"]);
        assert!(own.contains("KEY") && !own.contains("keys"));
    }
}
