//! ## What it checks
//! The user-facing strings of the definition: `info.title` and `info.description`; the `summary`,
//! `description` and `x-ms-summary` of operations; the `x-ms-summary` and `description` of
//! parameters, `items`, schemas, responses and headers; schema `title`s; `displayName`s of
//! `x-ms-enum-values`; and the `description` of `x-ms-notification-content`. It reports, at the
//! exact line and column of the first offending character of each string:
//! - typographic punctuation with a plain equivalent: curly quotes and apostrophes (`‘ ’ “ ” „`),
//!   the acute accent used as an apostrophe (`´`), dashes (`– —`), the ellipsis (`…`), bullets
//!   (`•`);
//! - invisible or special spaces: no-break and thin spaces, zero-width characters, soft hyphens;
//! - mojibake, text that went through the wrong encoding: `Ã©`, `â€™`, `Î¤`, the replacement
//!   character `�` and C1 control characters;
//! - words in a non-Latin script (`Ταμιευτήριο`, Cyrillic, CJK, Arabic ...), and a lone Cyrillic
//!   letter hidden in a Latin word (`Сreation` with a Cyrillic `С`);
//! - strings that read as Spanish, French, German, Portuguese, Dutch or Italian: among their
//!   first 16 words, at least two distinct common words of those languages (`obtener`,
//!   `usuarios`, `avec`, `löschen`, ...) and more of them than English function words.
//!
//! ## Decisions
//! This is a heuristic, tuned to stay quiet on English text: accented letters (`Zürich`,
//! `Auðkenni`, `Nestlé`), symbols (`™ ® © ° ± € £ ² µ → ≥`) and single Greek letters used as
//! symbols (`μs`, `Δ`) are not reported, and the foreign-word lists leave out words that are also
//! English or common abbreviations (`die`, `los`, `des`, `con`, `est`, `mit`). Strings that are
//! data rather than text (enum values, defaults, examples, `x-ms-test-value`) are not checked.
//! One finding per string. In a file that is not valid UTF-8 the replacement characters stand
//! for the bytes `swagger-valid-json` reports, so they are not reported again. The characters of
//! the first three kinds are this rule's alone: `operation-summary-charset-strict`,
//! `operation-summary-trailing` and `title-trailing-alphanumeric` leave them to it.
//!
//! ## Why it matters for certification
//! Certification requires connector strings in English (the validator's `ValueMustBeInEnglish`),
//! and reviewers have rejected curly quotes and other non-ASCII punctuation (#967). Typographic
//! characters usually come from pasting out of a word processor; invisible characters and
//! mojibake show up as garbage or odd spacing in the designer.
//!
//! ## Example
//! ```json
//! "summary": "Get the user’s profile"
//! ```
//! Use instead:
//! ```json
//! "summary": "Get the user's profile"
//! ```
//!
//! ## Fix safety
//! Safe: invisible characters (zero-width spaces, soft hyphens) are removed and special spaces become plain ones; nothing visible changes. Unsafe (`--unsafe-fixes`): curly quotes, dashes, ellipses and bullets become their plain ASCII forms, a visible change. Mojibake and non-English text get no fix: only the author can retype them.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/967>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::chars::{invisible, typographic};
use crate::rules::util::document::{Loc, string_chars, walk};
use crate::rules::util::english::foreign_words;
use rustc_hash::FxHashMap;

pub struct SwaggerStringsEnglish;

impl Rule for SwaggerStringsEnglish {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn weight(&self) -> u16 {
        70
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        // A definition repeats its texts ("The ID of the item." on every operation): each
        // distinct one is read once.
        let mut read =
            FxHashMap::with_capacity_and_hasher(sw.located_count(), Default::default());
        walk(sw, |loc, node| {
            let keys = util::document::text_keys(loc);
            if keys.is_empty() {
                return;
            }
            let enum_values = matches!(loc, Loc::Parameter | Loc::Items | Loc::Schema);
            for (key, value) in node.members() {
                if keys.contains(&key) {
                    check(cx, sw, &mut read, key, value);
                } else if enum_values && key == "x-ms-enum-values" {
                    for entry in value.items() {
                        if let Some(name) = entry.get("displayName") {
                            check(cx, sw, &mut read, "displayName", name);
                        }
                    }
                }
            }
        });
    }
}

/// What [`foreign_words`] said of each text read so far.
type Read<'a> = FxHashMap<&'a str, Option<String>>;

fn check<'a>(
    cx: &mut Checker,
    sw: &Swagger,
    read: &mut Read<'a>,
    key: &str,
    value: JsonRef<'a>,
) {
    let Some(text) = value.as_str() else { return };
    if !text.is_ascii() {
        // In a file that is not valid UTF-8, each replacement character stands for bytes
        // `swagger-valid-json` reports.
        let lossy = sw.file.invalid_utf8_at.is_some();
        if let Some((span, message)) = first_bad_char(value, lossy) {
            let fix = plain(text).filter(|_| !lossy).and_then(|(plain, typographic)| {
                let edit = vec![set_string(value, &plain)];
                // Invisible characters leave nothing visible behind; straight quotes and dashes
                // for typographic ones are a visible change, if not one of meaning.
                Some(if typographic {
                    Fix::unsafe_edit("Use plain characters", edit)
                } else {
                    Fix::safe("Remove the invisible characters", edit)
                })
            });
            let d = cx.report_json_span(sw.file, span, format!("`{key}` {message}"));
            d.pointer = value.pointer();
            d.fix_if(fix);
            return;
        }
    }
    let words = read.entry(text).or_insert_with(|| foreign_words(text));
    if let Some(words) = words {
        cx.report(
            value,
            format!("`{key}` looks like non-English text ({words}); user-facing strings must be in English"),
        );
    }
}

/// `text` with typographic characters replaced by plain ones and special spaces by spaces,
/// invisible characters removed, and whether a typographic one was replaced; `None` when
/// something else is wrong too (mojibake, non-English text), which only the author can retype.
fn plain(text: &str) -> Option<(String, bool)> {
    let mut out = String::with_capacity(text.len());
    let mut typographic_seen = false;
    for c in text.chars() {
        if let Some((_, plain)) = typographic(c) {
            out.push_str(plain);
            typographic_seen = true;
        } else if let Some((_, space)) = invisible(c) {
            if space {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    let again: Vec<char> = out.chars().filter(|c| !c.is_ascii()).collect();
    let clean = again.is_empty() || {
        // What is left must be ordinary (accented Latin letters, symbols): no problem of its own.
        let doc = crate::json::parse(serde_json::to_string(&out).ok()?).ok()?;
        first_bad_char(doc.root(), false).is_none()
    };
    clean.then_some((out, typographic_seen))
}

/// Characters Windows-1252 gives to the bytes 0x80-0x9F, which mojibake is full of.
fn cp1252_high(c: char) -> bool {
    matches!(
        c,
        '€' | '‚'
            | 'ƒ'
            | '„'
            | '…'
            | '†'
            | '‡'
            | 'ˆ'
            | '‰'
            | 'Š'
            | '‹'
            | 'Œ'
            | 'Ž'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}'
            | '•'
            | '–'
            | '—'
            | '˜'
            | '™'
            | 'š'
            | '›'
            | 'œ'
            | 'ž'
            | 'Ÿ'
    )
}

/// A UTF-8 lead byte read as Latin-1, followed by a continuation byte read as Latin-1 or
/// Windows-1252: `Ã©` for `é`, `â€™` for `’`.
fn is_mojibake(a: char, b: char) -> bool {
    ('\u{C2}'..='\u{EF}').contains(&a) && (('\u{80}'..='\u{BF}').contains(&b) || cp1252_high(b))
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{052F}').contains(&c)
}

/// A letter of a script other than Latin (symbol-like letters aside).
fn non_latin_letter(c: char) -> bool {
    let u = c as u32;
    c.is_alphabetic()
        && u >= 0x370
        && !(0x1E00..=0x1EFF).contains(&u)
        && !(0x2000..=0x2BFF).contains(&u)
        && !(0xFB00..=0xFB06).contains(&u)
}

fn first_bad_char(value: JsonRef<'_>, lossy: bool) -> Option<(Span, String)> {
    let chars: Vec<(char, Span)> = string_chars(value).collect();
    let letter_at = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|(c, _)| c.is_alphabetic() && !non_latin_letter(*c))
    };
    for (i, &(c, span)) in chars.iter().enumerate() {
        if c.is_ascii() {
            continue;
        }
        let u = c as u32;
        if let Some(&(next, next_span)) = chars.get(i + 1) {
            if is_mojibake(c, next) {
                // The whole sequence: a lead character and up to three continuation characters.
                let tail = chars[i + 1..]
                    .iter()
                    .take(3)
                    .take_while(|(c, _)| ('\u{80}'..='\u{BF}').contains(c) || cp1252_high(*c))
                    .count()
                    .max(1);
                let end = chars.get(i + tail).map_or(next_span.end, |(_, s)| s.end);
                let seq: String = chars[i..=i + tail].iter().map(|(c, _)| *c).collect();
                return Some((
                    Span::new(span.start as usize, end as usize),
                    format!("contains `{seq}`, text decoded with the wrong encoding (mojibake); retype it"),
                ));
            }
        }
        if c == '\u{FFFD}' && lossy {
            continue;
        }
        if c == '\u{FFFD}' {
            return Some((span, "contains the replacement character U+FFFD, left by a wrong encoding; retype the text".into()));
        }
        if (0x80..=0x9F).contains(&u) {
            return Some((span, format!("contains the control character U+{u:04X}, left by a wrong encoding; retype the text")));
        }
        if let Some((name, plain)) = typographic(c) {
            return Some((span, format!("contains the {name} `{c}` (U+{u:04X}); use `{plain}`")));
        }
        if let Some((name, space)) = invisible(c) {
            let fix = if space { "use a plain space" } else { "remove it" };
            return Some((span, format!("contains a {name} (U+{u:04X}); {fix}")));
        }
        if non_latin_letter(c) {
            let run = chars[i..]
                .iter()
                .take_while(|(c, _)| non_latin_letter(*c))
                .count();
            if run >= 2 {
                let end = chars[i + run - 1].1.end as usize;
                let word: String = chars[i..i + run].iter().take(24).map(|(c, _)| *c).collect();
                return Some((
                    Span::new(span.start as usize, end),
                    format!("contains non-English text `{word}`; user-facing strings must be in English"),
                ));
            }
            if is_cyrillic(c) && (letter_at(i.checked_sub(1)) || letter_at(Some(i + 1))) {
                return Some((span, format!("hides the Cyrillic letter `{c}` (U+{u:04X}) in a Latin word; type the Latin letter")));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::util::english::foreign_words;

    #[test]
    fn foreign_text() {
        assert!(foreign_words("Obtener la lista de usuarios").is_some());
        assert!(foreign_words("Neue Datei erstellen").is_some());
        assert!(foreign_words("Get the list of users for a team").is_none());
        assert!(foreign_words("Los Angeles and Las Vegas offices").is_none());
    }
}
