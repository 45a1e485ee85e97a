//! The words of a text that the spelling check looks at, and where they are.

/// The ordinary words of `text` to check, with their byte offsets.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    // A word is three letters and a separator at least: room for all of them up front, where
    // growing the list one word at a time was half a percent of a whole-corpus run.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    if plain_ascii_words(text, &mut out) {
        return out;
    }
    out.clear();
    any_words(text, &mut out);
    out
}

/// [`words`] for any text: what is not prose masked, then each chunk between separators split.
fn any_words<'a>(text: &'a str, out: &mut Vec<(usize, &'a str)>) {
    // Most texts have nothing to mask: no copy for them.
    let masked = if text
        .bytes()
        .any(|b| matches!(b, b'`' | b'~' | b'<' | b'&' | b'{' | b']'))
    {
        std::borrow::Cow::Owned(mask(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    for_each_chunk(&masked, |start, len| {
        collect_chunk(&text[start..start + len], start, out);
    });
}

/// Classes of bytes for [`plain_ascii_words`].
const SEP: u8 = 1;
const LETTER: u8 = 2;
const ALNUM: u8 = 4;
/// Not ASCII, or a byte [`mask`] starts at.
const SPECIAL: u8 = 8;

const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut class = 0;
        if b >= 128 || matches!(byte, b'`' | b'~' | b'<' | b'&' | b'{' | b']') {
            class |= SPECIAL;
        }
        if b < 128 && ASCII_SEP[b] {
            class |= SEP;
        }
        if byte.is_ascii_alphabetic() {
            class |= LETTER;
        }
        if byte.is_ascii_alphanumeric() {
            class |= ALNUM;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// [`words`] in one pass over the bytes, for the common text: ASCII with nothing to mask.
/// Returns `false`, having pushed some words perhaps, at the first byte that is not ASCII or
/// starts something [`mask`] blanks; then the text is [`any_words`]' to split.
///
/// A chunk of letters, perhaps with punctuation after it ("item."), is judged as
/// [`push_if_word`] would judge its letters, from what this pass saw of them; any other chunk
/// goes to [`collect_any_chunk`], as in [`collect_chunk`].
fn plain_ascii_words<'a>(text: &'a str, out: &mut Vec<(usize, &'a str)>) -> bool {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let class = CLASS[bytes[i] as usize];
        if class & SPECIAL != 0 {
            return false;
        }
        if class & SEP != 0 {
            i += 1;
            continue;
        }
        let start = i;
        let (mut lower, mut vowel, mut inner_upper) = (false, false, false);
        while i < n && CLASS[bytes[i] as usize] & LETTER != 0 {
            let b = bytes[i];
            if b.is_ascii_lowercase() {
                lower = true;
            } else if i > start {
                inner_upper = true;
            }
            vowel |= matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
            i += 1;
        }
        let letters_end = i;
        let mut only_punctuation = true;
        while i < n {
            let class = CLASS[bytes[i] as usize];
            if class & SPECIAL != 0 {
                return false;
            }
            if class & SEP != 0 {
                break;
            }
            only_punctuation &= class & ALNUM == 0;
            i += 1;
        }
        if letters_end > start && only_punctuation {
            // push_if_word's tests for a word of letters only.
            if letters_end - start >= 3 && lower && vowel && !inner_upper {
                out.push((start, &text[start..letters_end]));
            }
        } else {
            collect_any_chunk(&text[start..i], start, out);
        }
    }
    true
}

/// Whether a character separates chunks: whitespace and punctuation that never belongs to a word.
fn is_sep(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';' | '!' | '?' | '"' | '(' | ')' | '[' | ']' | '*' | '…' | '—' | '–' | '“' | '”'
        )
}

/// [`is_sep`] of each ASCII character.
const ASCII_SEP: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(
            b as u8,
            b'\t'
                | b'\n'
                | 0x0b
                | 0x0c
                | b'\r'
                | b' '
                | b','
                | b';'
                | b'!'
                | b'?'
                | b'"'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'*'
        );
        b += 1;
    }
    table
};

/// Calls `chunk(start, len)` for each run of characters between separators, in order: ASCII
/// bytes are looked up in a table, other characters decoded.
fn for_each_chunk(text: &str, mut chunk: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (sep, len) = if b < 0x80 {
            (ASCII_SEP[b as usize], 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (is_sep(c), c.len_utf8())
        };
        if sep {
            if let Some(s) = start.take() {
                chunk(s, i - s);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(s) = start {
        chunk(s, bytes.len() - s);
    }
}

fn collect_chunk<'a>(chunk: &'a str, offset: usize, out: &mut Vec<(usize, &'a str)>) {
    // Most chunks are a plain word, perhaps with punctuation after it ("item."): nothing to
    // split, and trimming leaves just the letters, which is what the general path below ends
    // with too.
    let letters = chunk.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters > 0
        && chunk.as_bytes()[letters..]
            .iter()
            .all(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
    {
        push_if_word(&chunk[..letters], offset, out);
    } else {
        collect_any_chunk(chunk, offset, out);
    }
}

/// [`collect_chunk`] for any chunk.
fn collect_any_chunk<'a>(chunk: &'a str, offset: usize, out: &mut Vec<(usize, &'a str)>) {
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
    if core.bytes().any(|b| NOT_IN_WORDS[b as usize]) {
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

/// The ASCII characters that make a chunk something other than words (all ASCII, so a byte test
/// on UTF-8 text finds exactly them).
const NOT_IN_WORDS: [bool; 256] = {
    let mut table = [false; 256];
    let chars = b"@\\_=${}<>|#%&+^~:`.";
    let mut i = 0;
    while i < chars.len() {
        table[chars[i] as usize] = true;
        i += 1;
    }
    table
};

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
    push_if_word(w, offset + lead, out);
}

/// Keeps `w` (at `offset`) when it is an ordinary word: letters, perhaps one digit inside.
fn push_if_word<'a>(w: &'a str, offset: usize, out: &mut Vec<(usize, &'a str)>) {
    // One pass over the bytes: what kinds of characters the word has, and where its digit is.
    let bytes = w.as_bytes();
    let (mut letters, mut digits, mut digit_at) = (0, 0, 0);
    let (mut lower, mut vowel, mut inner_upper) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            letters += 1;
            if b.is_ascii_lowercase() {
                lower = true;
            } else if i > 0 {
                inner_upper = true;
            }
            vowel |= matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        } else if b.is_ascii_digit() {
            digits += 1;
            digit_at = i;
        } else if b == b'\'' {
        } else if w[i..].starts_with('’') {
            i += '’'.len_utf8();
            continue;
        } else {
            return; // non-ASCII letters: not English, or a name
        }
        i += 1;
    }
    if w.is_empty() || letters < 3 {
        return;
    }
    if !lower {
        return; // ACRONYM, B2B
    }
    if !vowel {
        return; // no vowel: an abbreviation (pts, svg, sms), not a word
    }
    if inner_upper {
        return; // GitHub, iPhone, APIs
    }
    match digits {
        0 => {}
        // One digit inside a word of letters: "defaul1t".
        1 if letters >= 4
            && w[..digit_at].ends_with(|c: char| c.is_ascii_alphabetic())
            && w[digit_at + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) => {}
        _ => return, // OAuth2, base64, v2, 3rd, i18n
    }
    out.push((offset, w));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// [`any_words`], the general way.
    fn by_chunks(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        any_words(text, &mut out);
        out
    }

    /// The one-pass split gives what the general one gives, for every text it takes, and
    /// declines exactly the texts that are not ASCII or have something to mask.
    #[test]
    fn the_one_pass_split_agrees_with_the_general_one() {
        let texts = [
            "",
            " ",
            "The ID of the item.",
            "Retrive the widgets, of the account!",
            "item. items; (items) \"quoted\" [x] *bold* a?b",
            "GitHub iPhone APIs OAuth2 base64 v2 3rd i18n defaul1t pts svg sms",
            "e.g. i.e. and/or a/b/c/d well-known pre-built co-author x-ms-summary",
            "https://example.com/recieve admin@example.com /v2/recieve $var %x #tag @me",
            "user's users' 'quoted' it's rock'n'roll O'Neil",
            "ACRONYM B2B Item2 ITEM item. Item.. item.,",
            "tab\tseparated\nlines\r\nand\u{b}vt\u{c}ff",
            "a ab abc abcd Abc aBc ABc bcd xyz rhythm",
            "trailing punctuation... (parenthesised) item-",
            "`code` here",
            "a <b>tag</b>",
            "&amp; entity",
            "{placeholder} text",
            "[link](https://example.com) text",
            "tilde ~ text",
            "Über naïve café – dash … ellipsis “quotes”",
            "non\u{a0}breaking space",
        ];
        for text in texts {
            let mut out = Vec::new();
            let taken = plain_ascii_words(text, &mut out);
            let plain = text.is_ascii()
                && !text
                    .bytes()
                    .any(|b| matches!(b, b'`' | b'~' | b'<' | b'&' | b'{' | b']'));
            assert_eq!(taken, plain, "{text:?}");
            if taken {
                assert_eq!(out, by_chunks(text), "{text:?}");
            }
            assert_eq!(words(text), by_chunks(text), "{text:?}");
        }
    }

    /// The same over every text of the corpus's definitions and readmes (skipped without it).
    #[test]
    fn the_one_pass_split_agrees_on_the_corpus() {
        use crate::rules::util::test_files::{corpus_or_skip, files_named};
        let Some(corpus) = corpus_or_skip() else {
            return;
        };
        fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) => out.push(s.clone()),
                serde_json::Value::Object(m) => m.values().for_each(|v| strings(v, out)),
                serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
                _ => {}
            }
        }
        let (mut texts, mut taken) = (0, 0);
        for path in files_named(vec![corpus], &["apiDefinition.swagger.json", "readme.md"]) {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            let mut found = Vec::new();
            if path.ends_with("readme.md") {
                found.push(source);
            } else if let Ok(v) = serde_json::from_str(source.trim_start_matches('\u{feff}')) {
                strings(&v, &mut found);
            }
            for text in &found {
                let mut out = Vec::new();
                texts += 1;
                if plain_ascii_words(text, &mut out) {
                    taken += 1;
                    assert_eq!(out, by_chunks(text), "{path:?}: {text:?}");
                }
            }
        }
        assert!(
            taken * 2 > texts,
            "most texts take the one pass: {taken} of {texts}"
        );
    }

    #[test]
    fn the_ascii_table_is_the_separator_test() {
        for b in 0u8..128 {
            assert_eq!(ASCII_SEP[b as usize], is_sep(b as char), "{b:#x}");
        }
        let mut got = Vec::new();
        for_each_chunk("a, b…c\u{a0}d  “e” ", |s, n| got.push((s, n)));
        assert_eq!(got, [(0, 1), (3, 1), (7, 1), (10, 1), (16, 1)]);
    }

    #[test]
    fn plain_words_take_the_general_path_s_result() {
        let chunks = [
            "item", "item.", "items:", "Item...", "pre-", "e.g.", "it's", "items'", "item's", "ab",
            "abc", "ABC", "GitHub", "xyz", "item,", "item)", "a1b", "item.x", "item’", "naïve",
            "item1", "item-", "item--", "word!?", "Word.'", "rhythm", "iPhone",
        ];
        for chunk in chunks {
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            collect_chunk(chunk, 7, &mut fast);
            collect_any_chunk(chunk, 7, &mut general);
            assert_eq!(fast, general, "{chunk}");
        }
    }
}
