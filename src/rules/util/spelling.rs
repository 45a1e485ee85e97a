//! Spelling: a dictionary check of the English text a connector shows its users (operation
//! summaries and descriptions, parameter and property `x-ms-summary`/`description`,
//! `info.description`, the readme).
//!
//! The checker is the `spellbook` crate (a Rust port of Nuspell, Hunspell-compatible, MPL-2.0,
//! used unmodified); the dictionary is the SCOWL-derived en_US Hunspell dictionary as packaged
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
const EN_GB_DIC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/en_GB.dic"
));
const SOFTWARE_TERMS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/software-terms.txt"
));
const COMPANIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/companies.txt"
));

/// Largest edit distance (optimal string alignment, case-insensitive) at which a suggestion of
/// the dictionary counts as "a close correction".
pub const MAX_SUGGESTION_DISTANCE: usize = 2;

/// One misspelt word: byte start, byte end (in the text given), the word, a close correction.
pub type Misspelling = (usize, usize, String, Option<String>);

/// The dictionaries, and a cache of the corrections suggested (suggesting is the slow part).
pub struct Speller {
    us: Dictionary,
    /// en_GB (same affix file as en_US): "colour", "organisation" are not misspellings.
    gb: Option<Dictionary>,
    /// Software terms and company names, lower-cased (webhook, json, upsert, Zendesk).
    terms: HashSet<String>,
    suggestions: Mutex<HashMap<String, Option<String>>>,
    /// Whether to also ask for n-gram suggestions (off: see [`Speller::suggestion`]).
    pub ngram: bool,
}

impl Speller {
    pub fn new(aff: &str, dic: &str) -> Result<Self, spellbook::ParseDictionaryError> {
        Ok(Self {
            us: Dictionary::new(aff, dic)?,
            gb: None,
            terms: HashSet::new(),
            suggestions: Mutex::new(HashMap::new()),
            ngram: false,
        })
    }

    /// Adds an en_GB word list (it must use `aff`'s flags) and plain word lists.
    pub fn with_extras(
        mut self,
        aff: &str,
        gb_dic: Option<&str>,
        lists: &[&str],
    ) -> Result<Self, spellbook::ParseDictionaryError> {
        if let Some(dic) = gb_dic {
            self.gb = Some(Dictionary::new(aff, dic)?);
        }
        for list in lists {
            for line in list.lines() {
                let w = line.trim();
                if !w.is_empty() && !w.starts_with('#') {
                    self.terms.insert(w.to_lowercase());
                }
            }
        }
        Ok(self)
    }

    /// en_US alone, as Hunspell would (case rules included: "url" is not "URL").
    pub fn check_us(&self, word: &str) -> bool {
        self.us.check(word)
    }

    /// en_US in any case: "url" for "URL", "microsoft" for "Microsoft".
    pub fn check_us_any_case(&self, word: &str) -> bool {
        self.us.check(word)
            || self.us.check(&word.to_uppercase())
            || self.us.check(&capitalise(word))
    }

    pub fn check_gb(&self, word: &str) -> bool {
        self.gb.as_ref().is_some_and(|gb| {
            gb.check(word) || gb.check(&word.to_uppercase()) || gb.check(&capitalise(word))
        })
    }

    pub fn in_terms(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.terms.contains(&lower)
            // plurals of terms: webhooks, APIs (the latter is skipped before anyway)
            || lower.strip_suffix('s').is_some_and(|stem| self.terms.contains(stem))
    }

    /// Whether a word is known, by any of the dictionaries.
    pub fn known(&self, word: &str) -> bool {
        self.known_plain(word) || self.derived(word)
    }

    fn known_plain(&self, word: &str) -> bool {
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
        let known = |w: String| self.us.check(&w);
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
                if self.us.check(&candidate) {
                    return Some(candidate);
                }
            }
        }
        // Only the edit-based suggestions (one edit, the REP table, word splits): n-gram
        // suggestions scan the whole dictionary (~10 ms a word) and are rarely close anyway.
        let mut out = Vec::new();
        self.us
            .suggester()
            .with_ngram_suggestions(self.ngram)
            .suggest(word, &mut out);
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

/// The bundled dictionaries, parsed on first use.
pub fn speller() -> &'static Speller {
    static SPELLER: OnceLock<Speller> = OnceLock::new();
    SPELLER.get_or_init(|| {
        Speller::new(EN_US_AFF, EN_US_DIC)
            .and_then(|s| s.with_extras(EN_US_AFF, Some(EN_GB_DIC), &[SOFTWARE_TERMS, COMPANIES]))
            .expect("the bundled dictionaries parse")
    })
}

/// Words taken as correct besides the dictionaries: the project's word list (ppcert.toml) and
/// the connector's own names (title, host, operationIds, parameter and property names), matched
/// without regard to case.
#[derive(Default, Clone, Debug)]
pub struct OwnWords(HashSet<String>);

impl OwnWords {
    pub fn from_list(words: &[&str]) -> Self {
        let mut own = Self::default();
        for w in words {
            own.0.insert(w.to_lowercase());
        }
        own
    }

    /// Adds an identifier: whole ("orderid"), and its camelCase, snake_case, kebab-case and
    /// dotted parts ("order", "id").
    pub fn add_identifier(&mut self, id: &str) {
        for part in id
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
        {
            self.0.insert(part.to_lowercase());
            let mut cur = String::new();
            let mut prev_lower = false;
            for ch in part.chars() {
                if ch.is_uppercase() && prev_lower && !cur.is_empty() {
                    self.0.insert(std::mem::take(&mut cur).to_lowercase());
                }
                prev_lower = ch.is_lowercase();
                cur.push(ch);
            }
            if !cur.is_empty() {
                self.0.insert(cur.to_lowercase());
            }
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(&word.to_lowercase())
    }
}

/// The misspelt words of `text`, with the project's own words (`extra_words`, matched without
/// regard to case) taken as correct.
pub fn misspelled(text: &str, extra_words: &[&str]) -> Vec<Misspelling> {
    misspelled_in(speller(), text, &OwnWords::from_list(extra_words))
}

/// [`misspelled`] with a given speller and word set. A word is reported when no dictionary
/// knows it and the en_US dictionary has a close correction for it that is not a split into
/// two words ("Zen desk" for "Zendesk") nor a proper noun for a lower-case word ("Son" for
/// "json"): the unknown words without one are mostly product, company and technical names.
pub fn misspelled_in(speller: &Speller, text: &str, own: &OwnWords) -> Vec<Misspelling> {
    check(speller, text, own, false)
}

/// [`misspelled_in`] for running prose (the readme), where a capitalised word inside a sentence
/// is a name (of a person, a company, a product) far more often than a typo.
pub fn misspelled_prose(speller: &Speller, text: &str, own: &OwnWords) -> Vec<Misspelling> {
    check(speller, text, own, true)
}

fn check(
    speller: &Speller,
    text: &str,
    own: &OwnWords,
    skip_inner_capitals: bool,
) -> Vec<Misspelling> {
    let mut out = Vec::new();
    for (start, word) in words(text) {
        if own.contains(word) {
            continue;
        }
        if skip_inner_capitals
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && !sentence_start(text, start)
        {
            continue;
        }
        let has_digit = word.bytes().any(|b| b.is_ascii_digit());
        if !has_digit && speller.known(word) {
            continue;
        }
        let Some(suggestion) = speller.suggestion(word) else {
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

/// The ordinary words of `text` to check, with their byte offsets.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    let masked = mask(text);
    let mut out = Vec::new();
    for (start, chunk) in chunks(&masked) {
        let chunk_text = &text[start..start + chunk.len()];
        collect_chunk(chunk_text, start, &mut out);
    }
    out
}

/// Splits on whitespace and on punctuation that never belongs to a word.
fn chunks(text: &str) -> Vec<(usize, &str)> {
    let is_sep = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';'
                    | '!'
                    | '?'
                    | '"'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '*'
                    | '…'
                    | '—'
                    | '–'
                    | '“'
                    | '”'
            )
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if is_sep(c) {
            if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

fn collect_chunk<'a>(chunk: &'a str, offset: usize, out: &mut Vec<(usize, &'a str)>) {
    // Paths, flags, variables, .NET and the like.
    if chunk.starts_with(['/', '\\', '.', '~', '-', '$', '%', '#', '@']) {
        return;
    }
    let trimmed_start = chunk.len()
        - chunk
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let core = chunk.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return;
    }
    let offset = offset + trimmed_start;
    if core.contains("://")
        || core.starts_with("www.")
        || core.contains([
            '@', '\\', '_', '=', '$', '{', '}', '<', '>', '|', '#', '%', '&', '+', '^', '~', ':',
            '`', '.',
        ])
    {
        return; // URLs, e-mail addresses, identifiers, file names, domains, versions, "e.g"
    }
    if core.contains('/') {
        let pieces: Vec<&str> = core.split('/').collect();
        if pieces.len() > 3
            || pieces
                .iter()
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return; // a path, not "and/or"
        }
    }
    let mut at = 0;
    for piece in core.split(['/', '-', '‐']) {
        let sep = core[at + piece.len()..].chars().next();
        // "pre-built", "multi-step", "co-author": the prefix is no word of its own.
        let prefix = matches!(sep, Some('-' | '‐'))
            && PREFIXES.contains(&piece.to_ascii_lowercase().as_str());
        if !prefix {
            collect_word(piece, offset + at, out);
        }
        at += piece.len() + sep.map_or(0, char::len_utf8);
    }
}

const PREFIXES: &[&str] = &[
    "anti", "auto", "bi", "co", "counter", "cross", "de", "e", "extra", "hyper", "inter", "intra",
    "macro", "meta", "micro", "mid", "mini", "multi", "non", "over", "post", "pre", "pro",
    "pseudo", "quasi", "re", "self", "semi", "sub", "super", "trans", "tri", "ultra", "un",
    "under", "uni",
];

fn collect_word<'a>(word: &'a str, offset: usize, out: &mut Vec<(usize, &'a str)>) {
    let lead = word.len() - word.trim_start_matches(['\'', '’']).len();
    let mut w = word.trim_matches(['\'', '’']);
    for possessive in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = w.strip_suffix(possessive) {
            w = stem;
        }
    }
    w = w.trim_end_matches(['\'', '’']);
    if w.is_empty()
        || !w
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '\'' || c == '’')
    {
        return; // non-ASCII letters: not English, or a name
    }
    let letters = w.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let digits: Vec<usize> = w
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    if letters < 3 {
        return;
    }
    if !w.chars().any(|c| c.is_ascii_lowercase()) {
        return; // ACRONYM, B2B
    }
    if !w
        .chars()
        .any(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
    {
        return; // no vowel: an abbreviation (pts, svg, sms), not a word
    }
    if w.chars().skip(1).any(|c| c.is_ascii_uppercase()) {
        return; // GitHub, iPhone, APIs
    }
    match digits.as_slice() {
        [] => {}
        // One digit inside a word of letters: "defaul1t".
        [i] if letters >= 4
            && w[..*i].ends_with(|c: char| c.is_ascii_alphabetic())
            && w[*i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) => {}
        _ => return, // OAuth2, base64, v2, 3rd, i18n
    }
    out.push((offset + lead, w));
}

/// `text` with what is not prose (code, tags, link targets, entities, placeholders) blanked out,
/// byte for byte, so offsets still point into the original.
fn mask(text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    let blank = |b: &mut Vec<u8>, s: usize, e: usize| b[s..e].iter_mut().for_each(|x| *x = b' ');

    // Fenced code blocks.
    let mut in_fence = false;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let fence = t.starts_with("```") || t.starts_with("~~~");
        if fence || in_fence {
            blank(&mut b, line_start, line_start + line.len());
        }
        if fence {
            in_fence = !in_fence;
        }
        line_start += line.len();
    }

    // Inline code: a run of n backticks up to the next run of exactly n.
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = b[i..].iter().take_while(|&&x| x == b'`').count();
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = b[j..].iter().take_while(|&&x| x == b'`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(e) => {
                blank(&mut b, i, e);
                i = e;
            }
            None => {
                blank(&mut b, i, i + n);
                i += n;
            }
        }
    }

    // Tags (<b>, </p>, <https://...>), entities (&amp;), placeholders ({id}), link targets (](x)).
    let mut i = 0;
    while i < b.len() {
        let closing = match b[i] {
            b'<' if b
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!') =>
            {
                Some((b'>', 1000))
            }
            b'&' if b
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'#') =>
            {
                Some((b';', 12))
            }
            b'{' => Some((b'}', 200)),
            b']' if b.get(i + 1) == Some(&b'(') => Some((b')', 1000)),
            _ => None,
        };
        if let Some((close, limit)) = closing {
            let end = (i + 1..b.len().min(i + limit)).find(|&j| b[j] == close);
            if let Some(e) = end {
                let s = if b[i] == b']' { i + 1 } else { i };
                blank(&mut b, s, e + 1);
                i = e + 1;
                continue;
            }
        }
        i += 1;
    }
    String::from_utf8(b).expect("only whole ASCII-delimited ranges are blanked")
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

    #[test]
    fn loads_quickly_enough() {
        let t = std::time::Instant::now();
        let _ = speller();
        assert!(
            t.elapsed().as_millis() < 500,
            "debug builds are slower; release is ~10 ms"
        );
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
        let m: Vec<String> = misspelled_prose(speller(), text, &own)
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
