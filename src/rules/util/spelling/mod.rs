//! Spelling: a dictionary check of the English text a connector shows its users (operation
//! summaries and descriptions, parameter and property `x-ms-summary`/`description`,
//! `info.description`, the readme).
//!
//! The checker is the `spellbook` crate (a Rust port of Nuspell, Hunspell-compatible, MPL-2.0;
//! vendored with one addition, a filter on the candidate corrections its suggester checks:
//! `vendor/README.md`); the dictionary is the SCOWL-derived en_US Hunspell dictionary as packaged
//! in `dictionary-en` 4.0.0 (wooorm/dictionaries; SCOWL 2020.12.07, size 60), vendored under
//! `dictionaries/` with its licence (`dictionaries/en_US-LICENSE.txt`). It is parsed once per
//! process, on first use.
//!
//! Only ordinary words are checked. Skipped: fenced and inline `code`, URLs, e-mail addresses,
//! paths and file names, HTML tags and entities, `{placeholders}`, Markdown link targets,
//! anything with a digit (except one digit inside a word of letters, as in "defaul1t", which is
//! reported), ALL-CAPS acronyms, words with an inner capital (GitHub, iPhone, APIs), words of
//! fewer than 3 letters, words without a vowel (abbreviations: pts, svg), words with non-ASCII
//! letters; a possessive 's is dropped; the parts of hyphenated words (but for a prefix such as
//! "pre-" or "multi-") and of short `a/b` pairs are checked one by one.

mod affixes;
mod disk;
mod known;
mod near;
mod own;
mod table;
mod tokens;
mod trie;
mod verdicts;

pub use known::generate as generate_known_words;
pub use own::OwnWords;
pub use tokens::words;

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use spellbook::Dictionary;

// The word lists of dictionaries/ (see its README.md), in the binary: spelling works offline.
const EN_US_AFF: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/en_US.aff"
));
const EN_US_DIC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/en_US.dic"
));
// en_GB's entries that en_US lacks, made by build.rs from dictionaries/en_GB.dic.
const EN_GB_DIC: &str = include_str!(concat!(env!("OUT_DIR"), "/en_GB-only.dic"));
const SOFTWARE_TERMS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/software-terms.txt"
));
const COMPANIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/companies.txt"
));
/// The list the known-words table is built from (by `build.rs`): only the tests read it.
#[cfg(test)]
const KNOWN_WORDS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/known-words.txt"
));
const KNOWN_WORDS_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/known-words.table"));
const NEAR_WORDS_TRIE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/near-words.trie"));
const NEAR_WORDS_ENTRIES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/near-words.entries"));

/// Largest edit distance (optimal string alignment, case-insensitive) at which a suggestion of
/// the dictionary counts as "a close correction".
pub const MAX_SUGGESTION_DISTANCE: usize = 2;

/// What the dictionaries say of a word: `None` when they know it; else `Some` of the closest
/// correction, if any.
type Verdict = Option<Option<String>>;

/// One misspelt word: byte start, byte end (in the text given), the word, a close correction.
pub type Misspelling = (usize, usize, String, Option<String>);

/// The word lists a [`Speller`] reads.
#[derive(Clone, Copy)]
pub struct Sources {
    pub aff: &'static str,
    pub us_dic: &'static str,
    /// en_GB (same affix file as en_US): "colour", "organisation" are not misspellings.
    pub gb_dic: Option<&'static str>,
    /// Software terms and company names, a word a line (webhook, json, upsert, Zendesk).
    pub lists: &'static [&'static str],
    /// The lower-case words all of the above know (see [`known`]), as the table `build.rs`
    /// makes of `dictionaries/known-words.txt` (see [`table`]).
    pub known_table: &'static [u8],
    /// Every form of the dictionaries and lists, lower-cased, as a trie, and the lines each
    /// comes from (see [`near`]); empty: every question goes to the whole dictionaries.
    pub near: &'static [u8],
    pub near_entries: &'static [u8],
}

/// How many questions a run answers with small dictionaries (see [`near`]) before it parses
/// the whole ones: each costs a fiftieth to a hundredth of the whole parse, and a run with more
/// unknown words than this is a long one.
const SMALL_DICTIONARY_BUDGET: usize = 40;

/// The parsed dictionaries: about 30 ms of work, done only when a run meets a word that
/// [`Sources::known`] and the connector's own names do not cover.
struct Parsed {
    /// en_US and en_GB without their compound rules: those only join number entries ("21st"),
    /// so they cannot change the verdict on a word without digits, yet are tried for every
    /// unknown word and every candidate correction (a quarter of the spelling check's time).
    us: Dictionary,
    gb: Option<Dictionary>,
}

/// `aff` without its `COMPOUNDRULE` lines.
fn without_compound_rules(aff: &str) -> String {
    // Built once per run that makes a small dictionary: a `format!` per line was 0.2 million
    // instructions, as much as a tenth of a one-connector run.
    let mut out = String::with_capacity(aff.len());
    for line in aff.lines().filter(|l| !l.starts_with("COMPOUNDRULE")) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The dictionaries, and caches of what was asked of them: whether a word is known, and the
/// corrections suggested (suggesting is the slow part). Shared by the threads of a run.
pub struct Speller {
    sources: Sources,
    parsed: OnceLock<Parsed>,
    /// See [`Speller::terms`].
    terms: OnceLock<HashSet<String>>,
    /// en_US as it is, for the corrections of words with a digit.
    us_with_compounds: OnceLock<Dictionary>,
    verdicts: verdicts::Cache,
    /// Verdicts of earlier runs (see [`disk`]).
    disk: disk::Disk,
    suggestions: Mutex<HashMap<String, Option<String>>>,
    near: near::Near,
    /// The affix rules without compound rules, parsed once, with no words: the dictionaries
    /// (small ones and the whole ones) are made from it and share its rules. Parsing the
    /// affix file was most of making a small dictionary, and a run may make dozens.
    affixes: OnceLock<Dictionary>,
    /// How many questions small dictionaries answered, and may answer.
    small_dictionaries: std::sync::atomic::AtomicUsize,
    small_dictionary_budget: usize,
}

/// The two dictionaries.
#[derive(Clone, Copy)]
enum Language {
    Us,
    Gb,
}

/// The dictionary that answers a question: the whole one (`None`: there is no en_GB), or one
/// of just the lines that matter to the question.
enum Asked<'a> {
    Whole(Option<&'a Dictionary>),
    Small(Box<Dictionary>),
}

impl Asked<'_> {
    fn get(&self) -> Option<&Dictionary> {
        match self {
            Asked::Whole(whole) => *whole,
            Asked::Small(small) => Some(small),
        }
    }
}

impl Parsed {
    fn get(&self, language: Language) -> Option<&Dictionary> {
        match language {
            Language::Us => Some(&self.us),
            Language::Gb => self.gb.as_ref(),
        }
    }
}

impl Speller {
    pub fn new(sources: Sources) -> Self {
        Self {
            sources,
            parsed: OnceLock::new(),
            terms: OnceLock::new(),
            us_with_compounds: OnceLock::new(),
            verdicts: verdicts::Cache::default(),
            disk: disk::Disk::none(),
            suggestions: Mutex::new(HashMap::new()),
            near: near::Near::new(sources.near, sources.near_entries, sources.aff),
            affixes: OnceLock::new(),
            small_dictionaries: Default::default(),
            small_dictionary_budget: SMALL_DICTIONARY_BUDGET,
        }
    }

    /// Keeps the verdicts of this run for the next (see [`disk`]); until now they were only in
    /// memory. The lint pipeline calls it after each run.
    pub fn persist(&self) {
        self.disk.persist();
    }

    fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| {
            let Sources { us_dic, gb_dic, .. } = self.sources;
            let parse = |dic| {
                self.affixes()
                    .with_words(dic)
                    .expect("the bundled dictionaries parse")
            };
            Parsed {
                us: parse(us_dic),
                gb: gb_dic.map(parse),
            }
        })
    }

    /// The word lists' words, lower-cased, for the words the trie does not rule on.
    fn terms(&self) -> &HashSet<String> {
        self.terms.get_or_init(|| {
            let mut terms = HashSet::new();
            for list in self.sources.lists {
                for line in list.lines() {
                    let w = line.trim();
                    if !w.is_empty() && !w.starts_with('#') {
                        terms.insert(w.to_lowercase());
                    }
                }
            }
            terms
        })
    }

    /// Whether the word is in the precomputed list of known words (lower-cased): most words
    /// of a text are, and answering so needs no dictionary.
    fn listed(&self, word: &str) -> bool {
        let table = self.sources.known_table;
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            return table::contains(table, word.as_bytes());
        }
        // Capitalised words (a sentence's first) are lower-cased on the stack, not copied.
        let mut buffer = [0u8; 32];
        match buffer.get_mut(..word.len()) {
            Some(lower) => {
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                table::contains(table, lower)
            }
            None => table::contains(table, word.to_ascii_lowercase().as_bytes()),
        }
    }

    /// How many distinct words went to the dictionaries, and how many of them they did not know.
    pub fn judged(&self) -> (usize, usize) {
        self.verdicts.counts()
    }

    /// The verdict on a word [`Speller::listed`] does not know (`has_digit`: whether it has a
    /// digit), from this run's cache, the disk's, or the dictionaries.
    fn verdict(&self, word: &str, has_digit: bool) -> Verdict {
        self.verdicts.get_or_insert_with(word, || {
            if let Some(earlier) = self.disk.get(word) {
                return earlier;
            }
            let verdict = if !has_digit && self.known(word) {
                None
            } else {
                Some(self.suggestion(word))
            };
            self.disk.record(word, &verdict);
            verdict
        })
    }

    /// The dictionary of `language` to ask a question: a small one of the lines that matter to
    /// it (`lines`, `None` when the trie cannot tell them) while the run has asked few
    /// questions, else the whole one.
    fn dictionary_for(
        &self,
        language: Language,
        lines: Option<impl FnOnce() -> near::Lines>,
    ) -> Asked<'_> {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(whole) = self.parsed.get() {
            return Asked::Whole(whole.get(language));
        }
        let dic = match language {
            Language::Us => self.sources.us_dic,
            Language::Gb => match self.sources.gb_dic {
                Some(gb) => gb,
                None => return Asked::Whole(None),
            },
        };
        // (The budget is counted only for questions a small dictionary could answer.)
        let small = lines.filter(|_| {
            self.small_dictionaries.fetch_add(1, Relaxed) < self.small_dictionary_budget
        });
        let Some(lines) = small else {
            return Asked::Whole(self.parsed().get(language));
        };
        let mut lines = lines();
        let offsets = match language {
            Language::Us => &mut lines.us,
            Language::Gb => &mut lines.gb,
        };
        Asked::Small(Box::new(
            self.affixes()
                .with_words(&near::Lines::file(dic, offsets))
                .expect("the bundled dictionaries parse"),
        ))
    }

    /// See [`Speller::affixes`](#structfield.affixes).
    fn affixes(&self) -> &Dictionary {
        self.affixes.get_or_init(|| {
            Dictionary::new(&without_compound_rules(self.sources.aff), "0\n")
                .expect("the bundled affix file parses")
        })
    }

    /// The dictionary of `language` to ask whether `word` is known (in any case).
    fn dictionary_knowing(&self, language: Language, word: &str) -> Asked<'_> {
        let form = self.near.ascii_form(word);
        self.dictionary_for(language, form.map(|f| move || self.near.lines_forming(&f)))
    }

    /// Whether `language`'s dictionary knows `word` as it is, in capitals or capitalised.
    fn check_any_case(&self, language: Language, word: &str) -> bool {
        self.dictionary_knowing(language, word)
            .get()
            .is_some_and(|d| {
                d.check(word) || d.check(&word.to_uppercase()) || d.check(&capitalise(word))
            })
    }

    /// en_US in any case: "url" for "URL", "microsoft" for "Microsoft".
    pub fn check_us_any_case(&self, word: &str) -> bool {
        self.check_any_case(Language::Us, word)
    }

    pub fn check_gb(&self, word: &str) -> bool {
        self.check_any_case(Language::Gb, word)
    }

    pub fn in_terms(&self, word: &str) -> bool {
        if self.near.rules_on(word) && self.parsed.get().is_none() {
            return self.near.is_term(word);
        }
        let lower = word.to_lowercase();
        let terms = self.terms();
        terms.contains(&lower)
            // plurals of terms: webhooks, APIs (the latter is skipped before anyway)
            || lower.strip_suffix('s').is_some_and(|stem| terms.contains(stem))
    }

    /// Whether a word is known, by any of the dictionaries.
    pub fn known(&self, word: &str) -> bool {
        self.known_plain(word) || self.derived(word)
    }

    fn known_plain(&self, word: &str) -> bool {
        if !self.near.may_know(word) {
            return false; // no dictionary parsed for a name
        }
        self.check_us_any_case(word) || self.in_terms(word) || self.check_gb(word)
    }

    /// A regular derivation of a known word that the dictionary lacks: lookup+s, assignee+s,
    /// approve+r, order+er, request+or, sort+able, scale-e+able, forecast+ed, un+mapped. A
    /// typo seldom splits so ("returnes" is not return+es: -es needs a sibilant before it).
    pub fn derived(&self, word: &str) -> bool {
        let w = word.to_ascii_lowercase();
        let ok = |stem: &str| stem.len() >= 3 && self.known_plain(stem);
        for prefix in ["un", "re", "pre", "sub", "non", "multi"] {
            if let Some(rest) = w.strip_prefix(prefix)
                && rest.len() >= 4
                && ok(rest)
            {
                return true;
            }
        }
        for suffix in [
            "s", "es", "ed", "d", "er", "r", "or", "able", "ee", "ees", "ing", "ly",
        ] {
            let Some(stem) = w.strip_suffix(suffix) else {
                continue;
            };
            let sibilant =
                stem.ends_with(['s', 'x', 'z']) || stem.ends_with("ch") || stem.ends_with("sh");
            let consonant_y =
                stem.ends_with('y') && !stem[..stem.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
            let fits = match suffix {
                "es" => sibilant,
                "s" => !sibilant && !consonant_y, // "applys", "fetchs"
                "d" | "r" => stem.ends_with('e'),
                _ => true,
            };
            if !fits {
                continue;
            }
            let e_stem = format!("{stem}e");
            if !(ok(stem) || (matches!(suffix, "able" | "ing" | "ed" | "er") && ok(&e_stem))) {
                continue;
            }
            if self.misformed(stem, suffix, word) {
                continue;
            }
            return true;
        }
        false
    }

    /// Whether the dictionary forms `stem` + `suffix` otherwise, so that `word` is a typo of
    /// that form: occured (occurred), seting (setting), comming (coming), noticable
    /// (noticeable), accessable (accessible), wheter (whether).
    fn misformed(&self, stem: &str, suffix: &str, word: &str) -> bool {
        let known = |w: String| {
            self.near.may_know(&w)
                && (self.dictionary_knowing(Language::Us, &w).get()).is_some_and(|d| d.check(&w))
        };
        if matches!(suffix, "ed" | "ing" | "er" | "able") {
            if let Some(last) = stem.chars().last() {
                if known(format!("{stem}{last}{suffix}")) {
                    return true; // the consonant doubles
                }
                let mut cs = stem.chars().rev();
                if cs.next() == cs.next() && known(format!("{}{suffix}", &stem[..stem.len() - 1])) {
                    return true; // it does not
                }
            }
            if known(format!("{stem}e{suffix}")) {
                return true; // the e stays
            }
        }
        if suffix == "able" && known(format!("{stem}ible")) {
            return true;
        }
        match self.suggestion(word) {
            Some(s) => {
                let s = s.to_ascii_lowercase();
                s.len() > stem.len() + suffix.len() && s.starts_with(stem) && s.ends_with(suffix)
            }
            None => false,
        }
    }

    /// The closest of the dictionary's suggestions within [`MAX_SUGGESTION_DISTANCE`], if any.
    /// For a word with a digit inside, the word without it (or with the digit read as the
    /// letter it looks like) comes first.
    pub fn suggestion(&self, word: &str) -> Option<String> {
        if let Some(hit) = self.suggestions.lock().unwrap().get(word) {
            return hit.clone();
        }
        let found = self.find_suggestion(word);
        self.suggestions
            .lock()
            .unwrap()
            .insert(word.to_owned(), found.clone());
        found
    }

    fn find_suggestion(&self, word: &str) -> Option<String> {
        if let Some(i) = word.find(|c: char| c.is_ascii_digit()) {
            let digit = word.as_bytes()[i];
            let (before, after) = (&word[..i], &word[i + 1..]);
            let lookalikes: &[&str] = match digit {
                b'0' => &["", "o"],
                b'1' => &["", "l", "i"],
                b'3' => &["", "e"],
                b'4' => &["", "a"],
                b'5' => &["", "s"],
                b'7' => &["", "t"],
                _ => &[""],
            };
            for l in lookalikes {
                let candidate = format!("{before}{l}{after}");
                if self.parsed().us.check(&candidate) {
                    return Some(candidate);
                }
            }
        }
        let has_digit = word.bytes().any(|b| b.is_ascii_digit());
        // (The trie does not hold the number forms the compound rules make.)
        // Once the whole dictionaries are parsed, they answer sooner than a small dictionary
        // can be made and asked (measured over the corpus: the suggester's look-ups cost
        // nearly as much in either, the affix rules setting their cost, and five in six
        // unknown words have a correction within two edits anyway).
        let form = (!has_digit && self.parsed.get().is_none())
            .then(|| self.near.ascii_form(word))
            .flatten();
        let lines = match form {
            Some(form) => match self.near.lines_correcting(&form) {
                Some(lines) => Some(lines),
                None => return None, // nothing the dictionary could suggest is close enough
            },
            None => None,
        };
        // Only the edit-based suggestions (one edit, the REP table, word splits): n-gram
        // suggestions scan the whole dictionary (~10 ms a word) and are rarely close anyway.
        let mut out = Vec::new();
        let asked;
        let us = if has_digit {
            self.us_with_compounds.get_or_init(|| {
                Dictionary::new(self.sources.aff, self.sources.us_dic)
                    .expect("the bundled dictionaries parse")
            })
        } else {
            asked = self.dictionary_for(Language::Us, lines.map(|l| move || l));
            asked.get().expect("en_US is always there")
        };
        let mut suggester = us.suggester().with_ngram_suggestions(false);
        // The trie holds no number forms ("21st"): the dictionary with compound rules is asked
        // about every candidate.
        let filter = (!has_digit).then(|| self.near.candidate_filter(word));
        if let Some((accepts, dead_prefix)) = &filter {
            suggester = suggester.with_candidate_filter(accepts);
            if let Some(len) = *dead_prefix {
                suggester = suggester.with_dead_prefix(word, len);
            }
        }
        suggester.suggest(word, &mut out);
        let lower = word.to_lowercase();
        out.into_iter()
            .map(|s| (distance(&lower, &s.to_lowercase()), s))
            .filter(|(d, _)| *d <= MAX_SUGGESTION_DISTANCE)
            .min_by_key(|(d, _)| *d)
            .map(|(_, s)| s)
    }
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| {
            f.to_uppercase()
                .chain(c.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default()
}

/// The bundled word lists.
pub const BUNDLED: Sources = Sources {
    aff: EN_US_AFF,
    us_dic: EN_US_DIC,
    gb_dic: Some(EN_GB_DIC),
    lists: &[SOFTWARE_TERMS, COMPANIES],
    known_table: KNOWN_WORDS_TABLE,
    near: NEAR_WORDS_TRIE,
    near_entries: NEAR_WORDS_ENTRIES,
};

/// The bundled dictionaries, parsed on first need.
pub fn speller() -> &'static Speller {
    static SPELLER: OnceLock<Speller> = OnceLock::new();
    SPELLER.get_or_init(|| Speller {
        disk: disk::Disk::for_user(),
        ..Speller::new(BUNDLED)
    })
}

/// The misspelt words of `text`, with the project's own words (`extra_words`, matched without
/// regard to case) taken as correct.
pub fn misspelled(text: &str, extra_words: &[&str]) -> Vec<Misspelling> {
    let own = OwnWords::from_list(extra_words);
    misspelled_in(speller(), text, &mut |w| own.contains(w))
}

/// [`misspelled`] with a given speller and word set. A word is reported when no dictionary
/// knows it and the en_US dictionary has a close correction for it that is not a split into
/// two words ("Zen desk" for "Zendesk") nor a proper noun for a lower-case word ("Son" for
/// "json"): the unknown words without one are mostly product, company and technical names.
///
/// `own` tells whether a word is one of the project's or the connector's own; it is asked only
/// of words the dictionaries do not know, so that what it needs can be built on first use.
pub fn misspelled_in(
    speller: &Speller,
    text: &str,
    own: &mut dyn FnMut(&str) -> bool,
) -> Vec<Misspelling> {
    check(speller, text, own, false)
}

/// [`misspelled_in`] for running prose (the readme), where a capitalised word inside a sentence
/// is a name (of a person, a company, a product) far more often than a typo.
pub fn misspelled_prose(
    speller: &Speller,
    text: &str,
    own: &mut dyn FnMut(&str) -> bool,
) -> Vec<Misspelling> {
    check(speller, text, own, true)
}

fn check(
    speller: &Speller,
    text: &str,
    own: &mut dyn FnMut(&str) -> bool,
    skip_inner_capitals: bool,
) -> Vec<Misspelling> {
    // Each test below only removes words, so their order is the cheapest first; the outcome
    // does not depend on it.
    let mut out = Vec::new();
    for (start, word) in words(text) {
        if skip_inner_capitals
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && !sentence_start(text, start)
        {
            continue;
        }
        let has_digit = word.bytes().any(|b| b.is_ascii_digit());
        if !has_digit && speller.listed(word) {
            continue;
        }
        if own(word) {
            continue;
        }
        let Some(Some(suggestion)) = speller.verdict(word, has_digit) else {
            continue;
        };
        if !close_correction(word, &suggestion) {
            continue;
        }
        out.push((start, start + word.len(), word.to_owned(), Some(suggestion)));
    }
    out
}

/// Whether the word at `at` starts a sentence, a line, a heading or a list item.
pub fn sentence_start(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        if c == '\n' {
            return true;
        }
        if c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '(' | '[' | '*' | '#' | '>' | '-' | '“' | '`' | '|'
            )
        {
            continue;
        }
        return matches!(c, '.' | '!' | '?' | ':');
    }
    true
}

/// Whether a suggestion looks like the fix of a typo rather than a guess at a name.
pub fn close_correction(word: &str, suggestion: &str) -> bool {
    let split = suggestion.contains([' ', '-']);
    let proper_for_lower = word.starts_with(|c: char| c.is_ascii_lowercase())
        && suggestion.starts_with(|c: char| c.is_uppercase());
    !split && !proper_for_lower
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<String> {
        misspelled(text, &[]).into_iter().map(|m| m.2).collect()
    }

    /// `dictionaries/known-words.txt` is what [`generate_known_words`] makes of the bundled
    /// dictionaries; `PPCERT_UPDATE_KNOWN_WORDS=1 cargo test known_words` rewrites it.
    #[test]
    fn known_words_file_is_generated() {
        let generated = generate_known_words(speller());
        if std::env::var_os("PPCERT_UPDATE_KNOWN_WORDS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/known-words.txt");
            std::fs::write(path, &generated).expect("write known-words.txt");
            return;
        }
        assert!(
            generated == KNOWN_WORDS,
            "dictionaries/known-words.txt is stale: run PPCERT_UPDATE_KNOWN_WORDS=1 cargo test known_words"
        );
        // Every listed word is known in the cases the check meets: lower and capitalised.
        for w in KNOWN_WORDS.lines().step_by(97) {
            assert!(speller().known(w) && speller().known(&capitalise(w)), "{w}");
        }
    }

    /// A speller that answers every question with small dictionaries (never the whole ones);
    /// one that asks the whole dictionaries, its suggester skipping the candidates the trie of
    /// near words lacks; and one without that trie, asking the whole dictionaries everything.
    fn with_and_without_near_words() -> (Speller, Speller, Speller) {
        let fast = Speller {
            small_dictionary_budget: usize::MAX,
            ..Speller::new(BUNDLED)
        };
        let whole = Speller {
            small_dictionary_budget: 0,
            ..Speller::new(BUNDLED)
        };
        let slow = Speller::new(Sources {
            near: &[],
            near_entries: &[],
            ..BUNDLED
        });
        (fast, whole, slow)
    }

    /// Each speller of [`with_and_without_near_words`] judges `word` as the slow one does.
    fn same_verdicts(spellers: &(Speller, Speller, Speller), word: &str) {
        let (fast, whole, slow) = spellers;
        let (known, suggestion) = (slow.known(word), slow.suggestion(word));
        assert_eq!(fast.known(word), known, "known({word}), small dictionaries");
        assert_eq!(
            whole.known(word),
            known,
            "known({word}), whole dictionaries"
        );
        assert_eq!(
            fast.suggestion(word),
            suggestion,
            "suggestion({word}), small dictionaries"
        );
        assert_eq!(
            whole.suggestion(word),
            suggestion,
            "suggestion({word}), filtered candidates"
        );
    }

    /// The trie of near words changes how soon an answer comes, never the answer: a speller
    /// without it (every question to the dictionaries) judges the same, for words the
    /// dictionaries know, typos of them at one and two edits, splits, names and nonsense.
    #[test]
    fn near_words_change_no_verdict() {
        let spellers = with_and_without_near_words();
        let replacements: Vec<(&str, &str)> = (EN_US_AFF.lines())
            .filter_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
                ["REP", from, to] if !from.contains(['^', '$', '_']) && !to.contains('_') => {
                    Some((from, to))
                }
                _ => None,
            })
            .collect();
        let mut words: Vec<String> = Vec::new();
        for (i, w) in KNOWN_WORDS.lines().step_by(331).enumerate() {
            let b = w.as_bytes();
            let k = i % b.len().max(1);
            let edit = |f: &dyn Fn(&mut Vec<u8>)| {
                let mut v = b.to_vec();
                f(&mut v);
                String::from_utf8(v).unwrap_or_default()
            };
            words.push(w.to_owned());
            words.push(capitalise(w));
            words.push(edit(&|v| {
                v.remove(k);
            }));
            words.push(edit(&|v| v.insert(k, b"etaoinshrdlu"[i % 12])));
            words.push(edit(&|v| v[k] = b"zqxjkv"[i % 6]));
            words.push(edit(&|v| {
                v.remove(k);
                let at = (k + 2).min(v.len());
                v.insert(at, b"aeiou"[i % 5]);
            }));
            if k + 1 < b.len() {
                words.push(edit(&|v| v.swap(k, k + 1)));
            }
            // The suggester's double edits: two letters swapped, one moved, a pair repeated,
            // two neighbouring pairs swapped in a short word, a REP replacement.
            if k + 2 < b.len() {
                words.push(edit(&|v| v.swap(k, k + 2)));
                words.push(edit(&|v| {
                    let c = v.remove(k);
                    v.insert((k + 3).min(v.len()), c);
                }));
                words.push(edit(&|v| {
                    let pair = [v[k], v[k + 1]];
                    v.splice(k + 2..k + 2, pair);
                }));
            }
            if matches!(b.len(), 4 | 5) {
                words.push(edit(&|v| {
                    let n = v.len();
                    v.swap(0, 1);
                    v.swap(n - 2, n - 1);
                }));
            }
            let (from, to) = replacements[i % replacements.len()];
            if let Some(at) = w.find(to) {
                words.push(format!("{}{from}{}", &w[..at], &w[at + to.len()..]));
            }
            words.push(format!("{w}zzkq"));
        }
        words.extend(
            [
                "aplace",
                "alot",
                "helloworld",
                "Rijksmuseum",
                "Zendesk",
                "xyzzyq",
                "recieve",
                "Teh",
                "thier",
                "occured",
                "seting",
                "noticable",
                "forecasted",
                "unmapped",
                "lookups",
                "webhooks",
                "colours",
                "don't",
                "dont",
                "wouldnt",
                "Plumsail",
                "qwrtpsdfg",
                "Meisterplan",
                "a",
                "I",
                "ab",
                // A ’, which the checker reads as ': "don't".
                "don’t",
                "dont’",
                "wouldn’t",
                "it’s",
                "Don’t",
                "DON’T",
                "recieve’s",
                "cant’",
            ]
            .map(String::from),
        );
        for w in words.iter().filter(|w| w.len() >= 2) {
            same_verdicts(&spellers, w);
        }
        assert!(
            spellers.0.parsed.get().is_none(),
            "the whole dictionaries were parsed"
        );
        // Letters other than ASCII (which the spelling check's words do not have) are left to
        // the whole dictionaries: the same verdicts.
        for w in [
            "naïve",
            "NAÏVE",
            "café",
            "Société",
            "colör",
            "Nestlé",
            "Nestlés",
            "dón’t",
            "ÉÉ",
            "\u{212A}elvin",
            "İstanbul",
            "straße",
        ] {
            same_verdicts(&spellers, w);
        }
    }

    /// [`near_words_change_no_verdict`] over every word of the corpus's texts that the list of
    /// known words lacks (skipped without the corpus).
    #[test]
    fn near_words_change_no_verdict_on_the_corpus() {
        use crate::rules::util::test_files::{corpus_or_skip, files_named};
        let Some(corpus) = corpus_or_skip() else {
            return;
        };
        fn texts(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, v) in m {
                        if let (true, Some(s)) = (
                            matches!(
                                k.as_str(),
                                "description" | "summary" | "x-ms-summary" | "title"
                            ),
                            v.as_str(),
                        ) {
                            out.push(s.to_owned());
                        }
                        texts(v, out);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| texts(v, out)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        for path in files_named(vec![corpus], &["apiDefinition.swagger.json", "readme.md"]) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if path.ends_with("readme.md") {
                found.push(text);
            } else if let Ok(v) = serde_json::from_str(text.trim_start_matches('\u{feff}')) {
                texts(&v, &mut found);
            }
        }
        let spellers = with_and_without_near_words();
        let mut words: Vec<&str> = found
            .iter()
            .flat_map(|t| words(t))
            .map(|(_, w)| w)
            .filter(|w| !w.bytes().any(|b| b.is_ascii_digit()) && !spellers.0.listed(w))
            .collect();
        words.sort_unstable();
        words.dedup();
        assert!(words.len() > 1000, "{} unknown words", words.len());
        // Words with a ’ as well: none needs the whole dictionaries.
        let (ascii, other): (Vec<&str>, Vec<&str>) = words.into_iter().partition(|w| w.is_ascii());
        let same = |w: &str| same_verdicts(&spellers, w);
        ascii.into_iter().for_each(same);
        other.into_iter().for_each(same);
        assert!(
            spellers.0.parsed.get().is_none(),
            "the whole dictionaries were parsed"
        );
    }

    #[test]
    fn the_bundled_dictionaries_parse() {
        let parsed = speller().parsed();
        assert!(parsed.gb.is_some() && !speller().terms().is_empty());
        assert!(parsed.us.check("colors") && !parsed.us.check("colours"));
    }

    /// A dictionary that shares parsed affix rules (`with_words`) answers as one parsed whole
    /// from the same texts: the affix rules' options reach the words' parsing.
    #[test]
    fn shared_affix_rules_answer_as_parsed_ones() {
        let aff = without_compound_rules(BUNDLED.aff);
        let whole = Dictionary::new(&aff, BUNDLED.us_dic).unwrap();
        let speller = Speller::new(BUNDLED);
        let shared = speller.affixes().with_words(BUNDLED.us_dic).unwrap();
        let words = [
            "colors",
            "colours",
            "Colors",
            "COLORS",
            "recolored",
            "unmapped",
            "don't",
            "don’t",
            "Microsoft",
            "microsoft",
            "NASA",
            "nasa",
            "Nestlé",
            "café",
            "teh",
            "recieve",
            "accomodate",
            "21st",
            "it's",
            "Its",
            "",
            "x",
        ];
        for w in words {
            assert_eq!(shared.check(w), whole.check(w), "{w}");
            let (mut a, mut b) = (Vec::new(), Vec::new());
            shared
                .suggester()
                .with_ngram_suggestions(false)
                .suggest(w, &mut a);
            whole
                .suggester()
                .with_ngram_suggestions(false)
                .suggest(w, &mut b);
            assert_eq!(a, b, "{w}");
        }
    }

    #[test]
    fn suggestion_filters() {
        // Known through the extra lists: en_GB, software terms, companies, any case.
        assert!(flagged("The colour of the webhook json for Zendesk, see the url.").is_empty());
        // Unknown, but no close correction that is not a split or a proper noun.
        assert!(flagged("Use Meisterplan and Plumsail.").is_empty());
        assert_eq!(
            flagged("The adress was recieved."),
            vec!["adress", "recieved"]
        );
    }

    #[test]
    fn catches_the_examples() {
        let m = misspelled("Retrive the widgets of the account.", &[]);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].0, m[0].1, m[0].2.as_str()), (0, 7, "Retrive"));
        assert_eq!(m[0].3.as_deref(), Some("Retrieve"));
        let m = misspelled("The widgets defaul1t.", &[]);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].0, m[0].1, m[0].2.as_str()), (12, 20, "defaul1t"));
        assert_eq!(m[0].3.as_deref(), Some("default"));
    }

    #[test]
    fn skips_what_is_not_an_ordinary_word() {
        let text = "See https://exmaple.com/recieve or mail admin@exmaple.com, use `recieve()` \
                    and /v2/recieve/{recieveId} with OAuth2, base64, RECIEVE, GitHub, iPhone, \
                    the APIs' settigns.json, it's the user's and/or a well-known <b>thing</b> &amp; ok.";
        assert_eq!(flagged(text), Vec::<String>::new());
    }

    #[test]
    fn project_words_and_hyphens() {
        assert_eq!(flagged("A well-knwon item."), vec!["knwon"]);
        assert_eq!(flagged("The widgte list."), vec!["widgte"]);
        assert!(misspelled("The widgte list.", &["Widgte"]).is_empty());
        let mut own = OwnWords::default();
        own.add_identifier("GetOrderid_byStatus");
        assert!(own.contains("orderid") && own.contains("Get") && own.contains("status"));
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Über `x` – Retrive “this”.";
        let m = misspelled(text, &[]);
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].0..m[0].1], "Retrive");
    }

    #[test]
    fn prose_skips_names_inside_sentences() {
        let own = OwnWords::default();
        let text = "Thanks to Kristian Alves. Retrive the list. The adress.";
        let m: Vec<String> = misspelled_prose(speller(), text, &mut |w| own.contains(w))
            .into_iter()
            .map(|m| m.2)
            .collect();
        assert_eq!(m, vec!["Retrive", "adress"]);
    }

    #[test]
    fn fenced_code_is_skipped() {
        assert!(flagged("Intro\n```\nrecieve thsi\n```\nDone.").is_empty());
    }
}
