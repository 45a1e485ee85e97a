//! A regular expression compiled for the text it searches: once with Unicode classes, and once
//! without them for ASCII text, which is nearly every script and most definitions.
//!
//! On ASCII text the two find the same matches: `\w`, `\s`, `\d` and `\b` differ only on
//! non-ASCII characters, as do `.` and negated classes (`[^"]`), which the ASCII form lets match
//! any byte, and case-insensitive letters (`(?i)k` also matches the Kelvin sign). Yet the ASCII
//! form compiles several times faster: a Unicode `\w` is an automaton of hundreds of ranges. A
//! script with a dozen such patterns spent 3 ms of a 15 ms run compiling them.
//!
//! A text that is ASCII after a byte-order mark (most scripts written on Windows) is searched in
//! the ASCII form too, the mark read as `\x01`: like U+FEFF, one character that is no letter,
//! digit, space or line end and that no pattern names, so the matches are the same; their
//! offsets past the mark move by the two bytes it is longer.

use regex::bytes::RegexBuilder;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

pub struct TextRegex {
    pattern: String,
    /// Whether the pattern may name U+FEFF or `\x01` (escapes, properties, control classes),
    /// so that a byte-order mark may not be read as `\x01`.
    names_controls: bool,
    unicode: OnceLock<regex::Regex>,
    ascii: OnceLock<regex::bytes::Regex>,
}

/// Which form searches a text.
enum Form<'r> {
    Unicode(&'r regex::Regex),
    Ascii(&'r regex::bytes::Regex),
}

/// One match in a text.
#[derive(Clone, Copy, Debug)]
pub struct Match<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Match<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// The groups of one match.
#[derive(Debug)]
pub struct Captures<'t> {
    text: &'t str,
    groups: Vec<Option<(usize, usize)>>,
}

impl<'t> Captures<'t> {
    pub fn get(&self, i: usize) -> Option<Match<'t>> {
        let (start, end) = (*self.groups.get(i)?)?;
        Some(Match {
            text: self.text,
            start,
            end,
        })
    }
    pub fn len(&self) -> usize {
        self.groups.len()
    }
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = Option<Match<'t>>> + '_ {
        (0..self.groups.len()).map(|i| self.get(i))
    }
}

impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;
    /// The text of group `i`; panics when it did not take part, as `regex` does.
    fn index(&self, i: usize) -> &str {
        let (start, end) = self.groups[i].expect("the group took part in the match");
        &self.text[start..end]
    }
}

impl TextRegex {
    /// Compiles nothing yet: each form is compiled on its first text. A pattern that does not
    /// compile is a bug of ppcert's, found by the rule's tests.
    pub fn new(pattern: impl Into<String>) -> Self {
        let pattern: String = pattern.into();
        let names_controls = [
            "\\x0", "\\x1", "\\x{", "\\u", "\\U", "\\p", "\\P", "cntrl", "\u{1}", "\u{feff}",
        ]
        .iter()
        .any(|p| pattern.contains(p));
        Self {
            names_controls,
            pattern,
            unicode: OnceLock::new(),
            ascii: OnceLock::new(),
        }
    }

    /// The form to search `text` with, and for the ASCII form the bytes to search: `text`, or
    /// `text` with its byte-order mark read as `\x01` (then `true`).
    fn form<'t>(&self, text: &'t str) -> (Form<'_>, Cow<'t, [u8]>, bool) {
        let (bytes, marked) = match text.strip_prefix('\u{feff}') {
            Some(rest) if rest.is_ascii() && !self.names_controls => {
                let mut b = Vec::with_capacity(rest.len() + 1);
                b.push(1);
                b.extend_from_slice(rest.as_bytes());
                (Cow::Owned(b), true)
            }
            _ if text.is_ascii() => (Cow::Borrowed(text.as_bytes()), false),
            _ => {
                let unicode = self
                    .unicode
                    .get_or_init(|| regex::Regex::new(&self.pattern).expect("valid regex"));
                return (Form::Unicode(unicode), Cow::Borrowed(&[]), false);
            }
        };
        let ascii = self.ascii.get_or_init(|| {
            RegexBuilder::new(&self.pattern)
                .unicode(false)
                .build()
                .expect("valid regex")
        });
        (Form::Ascii(ascii), bytes, marked)
    }

    pub fn is_match(&self, text: &str) -> bool {
        match self.form(text) {
            (Form::Unicode(r), ..) => r.is_match(text),
            (Form::Ascii(r), bytes, _) => r.is_match(&bytes),
        }
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.captures_iter(text).next()
    }

    /// The matches of `text`, leftmost first, without overlaps.
    pub fn find_iter<'r, 't: 'r>(&'r self, text: &'t str) -> impl Iterator<Item = Match<'t>> + 'r {
        self.captures_iter(text).filter_map(|c| c.get(0))
    }

    /// The groups of each match of `text`, leftmost first, without overlaps.
    pub fn captures_iter<'r, 't: 'r>(
        &'r self,
        text: &'t str,
    ) -> Box<dyn Iterator<Item = Captures<'t>> + 'r> {
        match self.form(text) {
            (Form::Unicode(r), ..) => Box::new(r.captures_iter(text).map(move |c| Captures {
                text,
                groups: c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect(),
            })),
            (Form::Ascii(r), bytes, marked) => {
                // Past the mark, an offset in `bytes` is two less than in `text`.
                let at = move |p: usize| if marked && p > 0 { p + 2 } else { p };
                let captures = move |c: regex::bytes::Captures<'_>| Captures {
                    text,
                    groups: c
                        .iter()
                        .map(|m| m.map(|m| (at(m.start()), at(m.end()))))
                        .collect(),
                };
                match bytes {
                    Cow::Borrowed(b) => Box::new(r.captures_iter(b).map(captures)),
                    // A marked copy lives only here: its matches are gathered first.
                    Cow::Owned(b) => {
                        let all: Vec<Captures<'t>> = r.captures_iter(&b).map(captures).collect();
                        Box::new(all.into_iter())
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both forms find the same groups on ASCII text, for the constructs whose meaning differs
    /// beyond ASCII.
    #[test]
    fn ascii_and_unicode_forms_agree_on_ascii_text() {
        let patterns = [
            r#"\b([A-Za-z_]\w*)\s*=\s*(@?"[^"\n]*")"#,
            r"(?i)(?:^|[;\s])(?:password|pwd)\s*=\s*[^;\s'\x22]{4,}",
            r"(?m)^[ \t]*using[ \t]+([\w.]+)[ \t]*;",
            r"(?i)ks\d+.",
            r"\B\W+\S\D",
            r"^.[^a]{2}",
            r"(?s).+",
        ];
        let texts = [
            "var password = \"hunter22\"; Pwd=abcdef;\nusing System.Net.Http;\n KS12x ks3\n",
            "a_b1 = @\"x\" ;\t\x0b\x0c\x1f\x7f password=  abcd\nusing  Foo.Bar ;",
            "",
            // A byte-order mark, at the start of a match or between matches.
            "\u{feff}using System;\nx = \"y\";",
            "\u{feff}password=abcd;KS1\u{2}",
            "\u{feff}",
        ];
        for p in patterns {
            let unicode = regex::Regex::new(p).unwrap();
            let r = TextRegex::new(p);
            for t in texts {
                let want: Vec<Vec<Option<(usize, usize)>>> = unicode
                    .captures_iter(t)
                    .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                    .collect();
                let got: Vec<Vec<Option<(usize, usize)>>> =
                    r.captures_iter(t).map(|c| c.groups).collect();
                assert_eq!(got, want, "{p} on {t:?}");
                assert_eq!(r.is_match(t), unicode.is_match(t), "{p} on {t:?}");
                assert!(r.ascii.get().is_some() && r.unicode.get().is_none());
            }
        }
        // A pattern that names controls searches a marked text in the Unicode form.
        let r = TextRegex::new(r"^[\x00-\x1f]");
        assert!(!r.is_match("\u{feff}x"));
        assert!(r.unicode.get().is_some());
        // Non-ASCII text takes the Unicode form: `\w` takes `ñ`.
        let r = TextRegex::new(r"\w+");
        assert_eq!(
            r.find_iter("contraseña x").next().unwrap().as_str(),
            "contraseña"
        );
    }
}
