//! What can be said of a word without parsing the dictionaries, from the build-time trie of every
//! form they and the word lists hold ([`super::trie`], made by `build.rs`), each form with the
//! dictionary lines it comes from:
//!
//! - that no dictionary knows a word, in any case (the trie holds every word a dictionary
//!   accepts: `build.rs` refuses an affix file that forms others);
//! - whether a word is one of the word lists' (or their plural);
//! - which dictionary lines could matter to a word: those that form it, in any case, and, for a
//!   correction within [`super::MAX_SUGGESTION_DISTANCE`], those that form a word at that
//!   distance, or either half of the word split in two, or a word of a `REP` replacement that
//!   brings a space. A dictionary of just those lines judges the word as the whole one does, and
//!   takes a fraction of a millisecond to build instead of ten.
//!
//! Words with other than ASCII characters are not ruled on: the checker converts some (’ to ').

use std::sync::OnceLock;

use super::trie::Trie;

/// An entry of the word lists (software terms, companies), not a dictionary line.
const TERM: u32 = u32::MAX;
/// The mark of an en_GB line (of the lines en_US lacks); other lines are en_US's.
const GB: u32 = 1 << 31;

pub struct Near {
    trie: Trie<'static>,
    /// For each form, its count of entries then the entries: a line's byte offset in its
    /// dictionary file (en_GB's marked with [`GB`]), or [`TERM`]. Little-endian u32s.
    entries: &'static [u8],
    aff: &'static str,
    /// The `REP` entries whose replacement holds a space (`alot` → `a lot`), lower-cased, the
    /// space written `_` as in the file.
    spaced_replacements: OnceLock<Vec<(String, String)>>,
}

/// Dictionary lines, by where they start in their files.
#[derive(Default, Debug)]
pub struct Lines {
    pub us: Vec<u32>,
    pub gb: Vec<u32>,
}

impl Lines {
    fn add(&mut self, entry: u32) {
        match entry {
            TERM => {}
            e if e & GB != 0 => self.gb.push(e & !GB),
            e => self.us.push(e),
        }
    }

    /// A dictionary file of the lines of `dic` that start at `offsets`.
    pub fn file(dic: &str, offsets: &mut Vec<u32>) -> String {
        offsets.sort_unstable();
        offsets.dedup();
        let mut out = format!("{}\n", offsets.len());
        for &at in offsets.iter() {
            let rest = &dic[at as usize..];
            out.push_str(rest.split('\n').next().unwrap_or(""));
            out.push('\n');
        }
        out
    }
}

impl Near {
    pub fn new(trie: &'static [u8], entries: &'static [u8], aff: &'static str) -> Self {
        Self {
            trie: Trie(trie),
            entries,
            aff,
            spaced_replacements: OnceLock::new(),
        }
    }

    /// Whether the trie can rule on `word`.
    pub fn rules_on(&self, word: &str) -> bool {
        word.is_ascii() && !self.trie.0.is_empty()
    }

    fn entries_at(&self, tag: u32) -> impl Iterator<Item = u32> + '_ {
        let at = |i: usize| {
            u32::from_le_bytes(self.entries[i * 4..i * 4 + 4].try_into().expect("4 bytes"))
        };
        let start = tag as usize;
        (0..at(start) as usize).map(move |k| at(start + 1 + k))
    }

    /// Whether some dictionary or word list may know `word` in some case: `false` is certain.
    pub fn may_know(&self, word: &str) -> bool {
        !self.rules_on(word) || self.trie.contains(word.to_ascii_lowercase().as_bytes())
    }

    /// Whether `word` (ASCII) is one of the word lists' words or their plurals, in any case.
    pub fn is_term(&self, word: &str) -> bool {
        self.trie
            .get(word.to_ascii_lowercase().as_bytes())
            .is_some_and(|tag| self.entries_at(tag).any(|e| e == TERM))
    }

    /// The dictionary lines that form `word` (ASCII) in some case.
    pub fn lines_forming(&self, word: &str) -> Lines {
        let mut lines = Lines::default();
        if let Some(tag) = self.trie.get(word.to_ascii_lowercase().as_bytes()) {
            self.entries_at(tag).for_each(|e| lines.add(e));
        }
        lines
    }

    /// The dictionary lines that can give a correction of `word` (ASCII letters and apostrophes,
    /// no digit) within `max` edits, case ignored; `None` when none can.
    pub fn lines_correcting(&self, word: &str, max: usize) -> Option<Lines> {
        let lower = word.to_ascii_lowercase();
        let w = lower.as_bytes();
        let mut lines = Lines::default();
        let mut any = false;
        let mut add = |tag: u32, lines: &mut Lines| {
            any = true;
            self.entries_at(tag).for_each(|e| lines.add(e));
        };
        self.trie.within(w, max, &mut |tag| {
            add(tag, &mut lines);
            true
        });
        // Two words ("a place" for "aplace"): one edit.
        for i in 1..w.len() {
            if let (Some(a), Some(b)) = (self.trie.get(&w[..i]), self.trie.get(&w[i..])) {
                add(a, &mut lines);
                add(b, &mut lines);
            }
        }
        // A replacement that brings a space is suggested when each of its words is known.
        let mut replaced_any = false;
        for (from, to) in self.spaced_replacements() {
            for (i, _) in lower.match_indices(from.as_str()) {
                let replaced = format!("{}{to}{}", &lower[..i], &lower[i + from.len()..]);
                for part in replaced.split('_') {
                    if let Some(tag) = self.trie.get(part.as_bytes()) {
                        add(tag, &mut lines);
                    }
                }
                replaced_any = true;
            }
        }
        (any || replaced_any).then_some(lines)
    }

    fn spaced_replacements(&self) -> &[(String, String)] {
        self.spaced_replacements.get_or_init(|| {
            let mut out = Vec::new();
            for line in self.aff.lines() {
                let mut fields = line.split_whitespace();
                let (Some("REP"), Some(from), Some(to)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    continue;
                };
                if to.contains('_') {
                    // An anchor (^, $) only narrows where the entry applies.
                    let bare = |s: &str| {
                        s.trim_start_matches('^')
                            .trim_end_matches('$')
                            .to_ascii_lowercase()
                    };
                    out.push((bare(from), bare(to)));
                }
            }
            out
        })
    }
}
