//! What can be said of a word without parsing the dictionaries, from the build-time trie of every
//! form they and the word lists hold ([`super::trie`], made by `build.rs`), each form with the
//! dictionary lines it comes from:
//!
//! - that no dictionary knows a word, in any case (the trie holds every word a dictionary
//!   accepts: `build.rs` refuses an affix file that forms others);
//! - whether a word is one of the word lists' (or their plural);
//! - which dictionary lines could matter to a word: those that form it, in any case, and, for a
//!   correction within [`super::MAX_SUGGESTION_DISTANCE`], those that form a word at that
//!   distance that the suggester tries (see [`Near::lines_correcting`]), or either half of the
//!   word split in two, or a word of a `REP` replacement that brings a space. A dictionary of
//!   just those lines judges the word as the whole one does, and takes a fraction of a
//!   millisecond to build instead of ten.
//!
//! A word with other than ASCII characters is ruled on in the form the checker reads it, its
//! `ICONV` conversions made ("don’t" is "don't"), when that form is ASCII; others are not. (The
//! spelling check's words have no letters other than ASCII, but may have a ’.)

use std::borrow::Cow;
use std::sync::OnceLock;

use super::MAX_SUGGESTION_DISTANCE;
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
    /// The `REP` entries, lower-cased (a space in a replacement written `_`, as in the file).
    replacements: OnceLock<Vec<Replacement>>,
    /// Whether the affix file has `MAP` rules (see [`Near::lines_correcting`]).
    map_directives: bool,
    /// The affix file's `ICONV` conversions (see [`Near::ascii_form`]).
    conversions: OnceLock<Conversions>,
}

/// The `ICONV` conversions of one character, which the checker makes first; `None` when the
/// affix file has one of more than one character, which [`Near::ascii_form`] does not make.
type Conversions = Option<Vec<(char, &'static str)>>;

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
            replacements: OnceLock::new(),
            // A line starting with `MAP`, found without splitting the file into lines.
            map_directives: aff.starts_with("MAP") || aff.contains("\nMAP"),
            conversions: OnceLock::new(),
        }
    }

    fn conversions(&self) -> &Conversions {
        self.conversions.get_or_init(|| {
            let mut conversions = Vec::new();
            for line in self.aff.lines().filter(|l| l.starts_with("ICONV")) {
                if let ["ICONV", from, to] = line.split_whitespace().collect::<Vec<_>>()[..] {
                    let mut chars = from.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => conversions.push((c, to)),
                        _ => return None,
                    }
                }
            }
            Some(conversions)
        })
    }

    /// The form of `word` the trie rules on, when it can: the word itself when ASCII, else
    /// the word as the checker reads it when that is ASCII ("don't" for "don’t").
    pub fn ascii_form<'w>(&self, word: &'w str) -> Option<Cow<'w, str>> {
        if self.trie.0.is_empty() {
            return None;
        }
        if word.is_ascii() {
            return Some(Cow::Borrowed(word));
        }
        let conversions = self.conversions().as_deref()?;
        Some(converted(word, conversions)).filter(|c| c.is_ascii())
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

    /// A test for the candidate corrections of `word` that a suggester tries: `false` only for
    /// a candidate that no dictionary or word list holds in any case (see
    /// `spellbook::Suggester::with_candidate_filter`). It answers from the trie, far sooner
    /// than a dictionary can, and a dictionary holds few of the candidates.
    ///
    /// With it, the word's dead prefix, if it has one: the length of the shortest beginning of
    /// `word` (ASCII) that no candidate the test accepts begins with, case ignored, when the
    /// trie has no word that begins as the whole word does, which is one byte more than it has
    /// of the word (see `spellbook::Suggester::with_dead_prefix`). No word begins "qzx", so no
    /// edit of "qzxample" after its third letter can make one.
    pub fn candidate_filter(&self, word: &str) -> (impl Fn(&str) -> bool + use<>, Option<usize>) {
        let rules = !self.trie.0.is_empty();
        let around = self.trie.around(word.as_bytes());
        let depth = around.depth();
        let dead_prefix = (rules && word.is_ascii() && depth < word.len()).then_some(depth + 1);
        let accepts = move |candidate: &str| {
            !rules || !candidate.is_ascii() || around.contains(candidate.as_bytes())
        };
        (accepts, dead_prefix)
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
    /// no digit) within [`MAX_SUGGESTION_DISTANCE`] edits, case ignored; `None` when none can.
    ///
    /// Not every word within two edits: only those the dictionary's suggester can try. It tries
    /// single edits (a letter added, dropped, replaced or swapped with the next, a case changed:
    /// the trie's search within one edit finds every form so reached), and a few kinds of
    /// double edit, looked up one by one: two letters swapped, one moved, a repeated pair
    /// dropped ("vacacation"), a `REP` replacement, a split into two words. A search of the trie
    /// within two edits visits most of its top levels whatever the word (0.1–0.2 ms); these
    /// candidates are a few hundred look-ups.
    pub fn lines_correcting(&self, word: &str) -> Option<Lines> {
        let lower = word.to_ascii_lowercase();
        let w = lower.as_bytes();
        let mut lines = Lines::default();
        let mut any = false;
        let mut add = |tag: u32, lines: &mut Lines| {
            any = true;
            self.entries_at(tag).for_each(|e| lines.add(e));
        };
        if self.map_directives {
            // MAP rules swap letters for strings at any distance: only the full search is sure.
            self.trie.within(w, MAX_SUGGESTION_DISTANCE, &mut |tag| {
                add(tag, &mut lines);
                true
            });
        } else {
            self.trie.within_one(w, &mut |tag| add(tag, &mut lines));
            let mut look = |candidate: &[u8], lines: &mut Lines| {
                if let Some(tag) = self.trie.get(candidate) {
                    add(tag, lines);
                }
            };
            double_edits(w, &mut |candidate| look(candidate, &mut lines));
            for (from, to, anchor) in self.replacements() {
                if !to.contains('_') {
                    replaced(&lower, from, to, *anchor, &mut |c| {
                        look(c.as_bytes(), &mut lines)
                    });
                }
            }
        }
        // Two words ("a place" for "aplace"): one edit.
        for i in 1..w.len() {
            if let (Some(a), Some(b)) = (self.trie.get(&w[..i]), self.trie.get(&w[i..])) {
                add(a, &mut lines);
                add(b, &mut lines);
            }
        }
        // A replacement that brings a space is suggested when each of its words is known.
        let mut replaced_any = false;
        for (from, to, anchor) in self.replacements() {
            if !to.contains('_') {
                continue;
            }
            replaced(&lower, from, to, *anchor, &mut |replaced| {
                for part in replaced.split('_') {
                    if let Some(tag) = self.trie.get(part.as_bytes()) {
                        add(tag, &mut lines);
                    }
                }
                replaced_any = true;
            });
        }
        (any || replaced_any).then_some(lines)
    }

    /// The `REP` entries, lower-cased, with where they apply.
    fn replacements(&self) -> &[Replacement] {
        self.replacements.get_or_init(|| {
            let mut out = Vec::new();
            // (Splitting only the REP lines: the rest of the file is most of its bytes. They are
            // ASCII, as the pinned affix file is, so ASCII white space separates their fields.)
            for line in self.aff.lines().filter(|l| l.starts_with("REP")) {
                let mut fields = line.split_ascii_whitespace();
                let (Some("REP"), Some(from), Some(to)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    continue;
                };
                let anchor = match (from.starts_with('^'), from.ends_with('$')) {
                    (true, true) => Anchor::Whole,
                    (true, false) => Anchor::Start,
                    (false, true) => Anchor::End,
                    (false, false) => Anchor::Anywhere,
                };
                // Borrowed from the affix file when already lower-case, as all of en_US's are:
                // a one-connector run builds this table for its first unknown word.
                let bare = |s: &'static str| {
                    let s = s.trim_start_matches('^').trim_end_matches('$');
                    if s.bytes().any(|b| b.is_ascii_uppercase()) {
                        Cow::Owned(s.to_ascii_lowercase())
                    } else {
                        Cow::Borrowed(s)
                    }
                };
                out.push((bare(from), bare(to), anchor));
            }
            out
        })
    }
}

/// `word` as the checker reads it: `conversions` made.
fn converted<'w>(word: &'w str, conversions: &[(char, &str)]) -> Cow<'w, str> {
    let convert = |c: char| conversions.iter().find(|&&(from, _)| from == c);
    if !word.chars().any(|c| convert(c).is_some()) {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match convert(c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A `REP` entry: what is replaced, by what, and where.
type Replacement = (Cow<'static, str>, Cow<'static, str>, Anchor);

/// Where a `REP` entry applies in a word.
#[derive(Clone, Copy, Debug)]
enum Anchor {
    Whole,
    Start,
    End,
    Anywhere,
}

/// Calls `found` with `word` with `from` replaced by `to`, at each place `anchor` allows.
fn replaced(word: &str, from: &str, to: &str, anchor: Anchor, found: &mut dyn FnMut(&str)) {
    if from.is_empty() {
        return;
    }
    let mut buffer = String::new();
    let mut at = |i: usize| {
        buffer.clear();
        buffer.push_str(&word[..i]);
        buffer.push_str(to);
        buffer.push_str(&word[i + from.len()..]);
        found(&buffer)
    };
    match anchor {
        Anchor::Whole if word == from => at(0),
        Anchor::Start if word.starts_with(from) => at(0),
        Anchor::End if word.ends_with(from) => at(word.len() - from.len()),
        Anchor::Anywhere => word.match_indices(from).for_each(|(i, _)| at(i)),
        _ => {}
    }
}

/// Calls `found` with each word the suggester's double edits make of `w`: two letters swapped
/// (for words of four and five letters also two neighbouring pairs at once), a letter moved,
/// a pair dropped after the same pair. Single edits are the trie search's.
fn double_edits(w: &[u8], found: &mut dyn FnMut(&[u8])) {
    let n = w.len();
    let mut buffer = w.to_vec();
    for i in 0..n {
        for j in i + 2..n {
            buffer.swap(i, j);
            found(&buffer);
            buffer.swap(i, j);
        }
    }
    let pairs: &[[usize; 2]] = match n {
        4 => &[[0, 2]],
        5 => &[[0, 3], [1, 3]],
        _ => &[],
    };
    for &[a, b] in pairs {
        buffer.swap(a, a + 1);
        buffer.swap(b, b + 1);
        found(&buffer);
        buffer.copy_from_slice(w);
    }
    for i in 0..n {
        for to in 0..n {
            if to + 1 >= i && to <= i + 1 {
                continue; // in place, or a swap with a neighbour: one edit
            }
            buffer.clear();
            buffer.extend_from_slice(w);
            let letter = buffer.remove(i);
            buffer.insert(to, letter);
            found(&buffer);
        }
    }
    for p in 2..n.saturating_sub(1) {
        if w[p..p + 2] == w[p - 2..p] {
            buffer.clear();
            buffer.extend_from_slice(&w[..p]);
            buffer.extend_from_slice(&w[p + 2..]);
            found(&buffer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::BUNDLED;
    use super::*;

    /// The filter rejects every ASCII single edit of a word that keeps its dead prefix, case
    /// ignored: what the suggester no longer makes it ask about.
    #[test]
    fn the_filter_rejects_what_keeps_the_dead_prefix() {
        let near = Near::new(BUNDLED.near, BUNDLED.near_entries, BUNDLED.aff);
        let letters: Vec<char> = ('a'..='z').chain('A'..='Z').chain(['\'', '-']).collect();
        let mut dead_ones = 0;
        for word in [
            "qzxample",
            "Rijksstudio",
            "recieve",
            "Recieve",
            "RECIEVE",
            "workflw",
            "Contso",
            "helloworld",
            "xyz",
            "a",
            "answer",
            "zzzzzzzz",
            "Sharepointt",
            "dont",
        ] {
            let (filter, dead) = near.candidate_filter(word);
            let Some(dead) = dead else {
                continue;
            };
            dead_ones += 1;
            assert!(dead <= word.len(), "{word}: {dead}");
            let keeps = |c: &str| c.len() >= dead && c[..dead].eq_ignore_ascii_case(&word[..dead]);
            let mut edits = Vec::new();
            for i in 0..=word.len() {
                if i < word.len() {
                    edits.push(format!("{}{}", &word[..i], &word[i + 1..]));
                }
                for &c in &letters {
                    edits.push(format!("{}{c}{}", &word[..i], &word[i..]));
                    if i < word.len() {
                        edits.push(format!("{}{c}{}", &word[..i], &word[i + 1..]));
                    }
                }
            }
            for edit in edits.iter().filter(|e| keeps(e)) {
                assert!(!filter(edit), "{word}: {edit} keeps {}", &word[..dead]);
            }
        }
        assert!(dead_ones >= 5, "{dead_ones} words with a dead prefix");
        assert_eq!(near.candidate_filter("answer").1, None);
        assert_eq!(near.candidate_filter("naïve").1, None);
    }

    /// Two letters replaced is no edit the suggester tries, so it finds nothing for "rexeivx"
    /// ("receive"); an affix file with `MAP` rules (which may replace letters anywhere) gets
    /// the search of every word within two edits, which does.
    #[test]
    fn map_rules_keep_the_full_search() {
        let plain = Near::new(BUNDLED.near, BUNDLED.near_entries, BUNDLED.aff);
        assert!(plain.lines_correcting("rexeivx").is_none());
        assert!(plain.lines_correcting("recieve").is_some());
        let aff: &'static str = format!("{}MAP 1\nMAP xc\n", BUNDLED.aff).leak();
        let mapped = Near::new(BUNDLED.near, BUNDLED.near_entries, aff);
        assert!(mapped.lines_correcting("rexeivx").is_some());
    }

    /// The walk of each single edit finds, in the bundled trie, the words the search of the
    /// band within one edit finds: for words, misspellings, names, words of one and two letters,
    /// doubled letters, apostrophes, and bytes no word has.
    #[test]
    fn the_single_edits_find_what_the_search_within_one_finds() {
        let trie = Trie(BUNDLED.near);
        let probes = [
            "",
            "a",
            "i",
            "x",
            "an",
            "ab",
            "qz",
            "the",
            "teh",
            "thier",
            "recieve",
            "receive",
            "adress",
            "accomodate",
            "rijksstudio",
            "rijksmuseum",
            "zendesk",
            "colour",
            "colours",
            "item's",
            "items'",
            "o'neil",
            "aa",
            "aaa",
            "bookkeeper",
            "bokkeeper",
            "mississippi",
            "connectr",
            "connecter",
            "conector",
            "oauth",
            "webhook",
            "webhok",
            "xyzzy",
            "\u{ff}",
            "supercalifragilisticexpialidocious",
            "internationalization",
            "abcdefghijklmnop",
        ];
        for probe in probes {
            let w = probe.as_bytes();
            let mut by_band = std::collections::BTreeSet::new();
            trie.within(w, 1, &mut |tag| {
                by_band.insert(tag);
                true
            });
            let mut by_edits = std::collections::BTreeSet::new();
            trie.within_one(w, &mut |tag| {
                by_edits.insert(tag);
            });
            assert_eq!(by_edits, by_band, "{probe:?}");
        }
    }
}
