//! The words of a text that the spelling check looks at, and where they are.

/// The ordinary words of `text` to check, with their byte offsets.
pub fn words(text: &str) -> Vec<(usize, &str)> {
    // Most texts have nothing to mask: no copy for them.
    let masked = if text
        .bytes()
        .any(|b| matches!(b, b'`' | b'~' | b'<' | b'&' | b'{' | b']'))
    {
        std::borrow::Cow::Owned(mask(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    // A word is three letters and a separator at least: room for all of them up front, where
    // growing the list one word at a time was half a percent of a whole-corpus run.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    for_each_chunk(&masked, |start, len| {
        collect_chunk(&text[start..start + len], start, &mut out);
    });
    out
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
