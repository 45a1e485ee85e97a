//! Recursive-descent JSON parser producing a [`JsonDoc`].

use super::{JsonDoc, Kind, Link, Member, Node, NodeId, Quirk, Span, StrRef};

/// Nesting deeper than this is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 400;

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Byte offset of the offending character.
    pub offset: usize,
}

/// Parses `source`. A leading BOM and trailing commas are accepted and recorded as quirks.
pub fn parse(source: String) -> Result<JsonDoc, (ParseError, String)> {
    let mut p = Parser {
        src: source.as_bytes(),
        pos: 0,
        strings: String::new(),
        nodes: Vec::with_capacity(source.len() / 12),
        members: Vec::with_capacity(source.len() / 12),
        scratch: Vec::new(),
        key_sets: Vec::new(),
        quirks: Vec::new(),
        depth: 0,
    };
    if p.src.starts_with(b"\xEF\xBB\xBF") {
        p.pos = 3;
        p.quirks.push(Quirk::Bom);
    }
    let result = (|| {
        p.skip_ws();
        p.value(Link::Root)?;
        p.skip_ws();
        if p.pos < p.src.len() {
            return Err(p.err("unexpected content after the JSON value"));
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            let Parser {
                strings,
                nodes,
                members,
                quirks,
                ..
            } = p;
            Ok(JsonDoc {
                source,
                strings,
                nodes,
                members,
                quirks,
                lines: Default::default(),
                crlf: Default::default(),
            })
        }
        Err(e) => Err((e, source)),
    }
}

/// The first position from `pos` holding a byte a string cannot simply contain: a quote, a
/// backslash or a control character (or `src.len()`). Descriptions make up most of a
/// definition's bytes, so this looks at eight at a time.
fn next_special(src: &[u8], mut pos: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    while let Some(chunk) = src.get(pos..pos + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // The classic "has a zero byte" and "has a byte below n" tests: a borrow can only flag
        // bytes after a true hit, so the lowest flagged byte is always the first special one.
        let flags = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | w.wrapping_sub(ONES * 0x20) & !w)
            & HIGHS;
        if flags != 0 {
            return pos + (flags.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = src.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

struct Parser<'s> {
    src: &'s [u8],
    pos: usize,
    strings: String,
    nodes: Vec<Node>,
    members: Vec<Member>,
    scratch: Vec<Member>,
    /// Key sets of the large objects being parsed, by scratch mark (innermost last).
    key_sets: Vec<(usize, std::collections::HashMap<Vec<u8>, Span>)>,
    quirks: Vec<Quirk>,
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            message: message.into(),
            offset: self.pos.min(self.src.len()),
        }
    }

    fn describe_here(&self) -> String {
        match self.src.get(self.pos) {
            None => "end of file".into(),
            Some(&b) if b < 0x80 && !b.is_ascii_control() => format!("`{}`", b as char),
            Some(&b) if b < 0x80 => format!("control character 0x{b:02x}"),
            Some(_) => {
                let s = std::str::from_utf8(&self.src[self.pos..]).ok().or_else(|| {
                    (1..=4).find_map(|n| {
                        std::str::from_utf8(self.src.get(self.pos..self.pos + n)?).ok()
                    })
                });
                match s.and_then(|s| s.chars().next()) {
                    Some(c) => format!("`{c}`"),
                    None => "a non-UTF-8 byte".into(),
                }
            }
        }
    }

    fn skip_ws(&mut self) {
        const EIGHT_SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
        let src = self.src;
        let mut pos = self.pos;
        loop {
            // Indentation, most of a pretty-printed file's white space: eight spaces at a time.
            while let Some(chunk) = src.get(pos..pos + 8) {
                if u64::from_ne_bytes(chunk.try_into().expect("8 bytes")) != EIGHT_SPACES {
                    break;
                }
                pos += 8;
            }
            match src.get(pos) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => pos += 1,
                _ => break,
            }
        }
        self.pos = pos;
    }

    fn push(&mut self, kind: Kind, start: usize, link: Link) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            kind,
            span: Span::new(start, start),
            link,
        });
        id
    }

    fn value(&mut self, link: Link) -> Result<NodeId, ParseError> {
        let start = self.pos;
        let id = match self.src.get(self.pos) {
            Some(b'{') => self.object(link)?,
            Some(b'[') => self.array(link)?,
            Some(b'"') => {
                let s = self.string()?;
                self.push(Kind::String(s), start, link)
            }
            Some(b't') => self.literal("true", Kind::Bool(true), link)?,
            Some(b'f') => self.literal("false", Kind::Bool(false), link)?,
            Some(b'n') => self.literal("null", Kind::Null, link)?,
            Some(b'-' | b'0'..=b'9') => {
                let n = self.number()?;
                self.push(Kind::Number(n), start, link)
            }
            Some(b'/') => return Err(self.err("comments are not allowed in JSON")),
            Some(b'\'') => return Err(self.err("strings must use double quotes in JSON")),
            _ => {
                return Err(self.err(format!(
                    "expected a JSON value, found {}",
                    self.describe_here()
                )));
            }
        };
        self.nodes[id.0 as usize].span = Span::new(start, self.pos);
        Ok(id)
    }

    fn literal(&mut self, word: &str, kind: Kind, link: Link) -> Result<NodeId, ParseError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            let start = self.pos;
            self.pos += word.len();
            Ok(self.push(kind, start, link))
        } else {
            Err(self.err(format!(
                "expected a JSON value, found {}",
                self.describe_here()
            )))
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// Moves the children collected on the scratch stack since `mark` into place and links them.
    fn finish_container(&mut self, id: NodeId, mark: usize, is_object: bool) {
        let start = self.members.len() as u32;
        let len = (self.scratch.len() - mark) as u32;
        self.members.extend(self.scratch.drain(mark..));
        for (i, m) in self.members[start as usize..].iter().enumerate() {
            self.nodes[m.value.0 as usize].link = if is_object {
                Link::Key {
                    parent: id,
                    member: start + i as u32,
                }
            } else {
                Link::Index {
                    parent: id,
                    index: i as u32,
                }
            };
        }
        self.nodes[id.0 as usize].kind = if is_object {
            let (src, strings) = (self.src, &self.strings);
            let keys = (self.members[start as usize..].iter()).fold(0, |keys, m| {
                keys | super::key_bit(bytes_of(src, strings, m.key))
            });
            Kind::Object { start, len, keys }
        } else {
            Kind::Array { start, len }
        };
    }

    fn object(&mut self, link: Link) -> Result<NodeId, ParseError> {
        self.enter()?;
        let id = self.push(
            Kind::Object {
                start: 0,
                len: 0,
                keys: 0,
            },
            self.pos,
            link,
        );
        self.pos += 1; // {
        let mark = self.scratch.len();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                match self.src.get(self.pos) {
                    Some(b'"') => {}
                    Some(b'}') if self.scratch.len() > mark => {
                        // Handled by the trailing-comma branch below; unreachable in practice.
                        return Err(self.err("expected a key"));
                    }
                    _ => {
                        return Err(self.err(format!(
                            "expected a string key, found {}",
                            self.describe_here()
                        )));
                    }
                }
                let key_start = self.pos;
                let key = self.string()?;
                let key_span = Span::new(key_start, self.pos);
                self.skip_ws();
                if self.src.get(self.pos) != Some(&b':') {
                    return Err(self.err(format!(
                        "expected `:` after the key, found {}",
                        self.describe_here()
                    )));
                }
                self.pos += 1;
                self.skip_ws();
                let value = self.value(Link::Root)?;
                self.check_duplicate(id, mark, key, key_span);
                self.scratch.push(Member {
                    key,
                    key_span,
                    value,
                });
                self.skip_ws();
                match self.src.get(self.pos) {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_ws();
                        if self.src.get(self.pos) == Some(&b'}') {
                            self.quirks
                                .push(Quirk::TrailingComma(Span::new(comma, comma + 1)));
                            self.pos += 1;
                            break;
                        }
                    }
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        return Err(self.err(format!(
                            "expected `,` or `}}` in object, found {}",
                            self.describe_here()
                        )));
                    }
                }
            }
        }
        if self.key_sets.last().is_some_and(|(m, _)| *m == mark) {
            self.key_sets.pop();
        }
        self.finish_container(id, mark, true);
        self.depth -= 1;
        Ok(id)
    }

    /// Records a repeated key. Small objects are scanned; large ones (hundreds of definitions)
    /// keep a hash set so the check stays linear.
    fn check_duplicate(&mut self, object: NodeId, mark: usize, key: StrRef, key_span: Span) {
        let Parser {
            src,
            strings,
            scratch,
            key_sets,
            quirks,
            ..
        } = self;
        let bytes = |s: StrRef| bytes_of(src, strings, s);
        let key_bytes = bytes(key);
        let siblings = &scratch[mark..];
        let first = if siblings.len() < 24 {
            siblings
                .iter()
                .find(|m| bytes(m.key) == key_bytes)
                .map(|m| m.key_span)
        } else {
            if key_sets.last().is_none_or(|(m, _)| *m != mark) {
                let set = siblings
                    .iter()
                    .map(|m| (bytes(m.key).to_vec(), m.key_span))
                    .collect();
                key_sets.push((mark, set));
            }
            let set = &mut key_sets.last_mut().expect("just pushed").1;
            match set.get(key_bytes) {
                Some(span) => Some(*span),
                None => {
                    set.insert(key_bytes.to_vec(), key_span);
                    None
                }
            }
        };
        if let Some(first) = first {
            let key = String::from_utf8_lossy(key_bytes).into_owned();
            quirks.push(Quirk::DuplicateKey {
                object,
                key,
                first,
                again: key_span,
            });
        }
    }

    fn array(&mut self, link: Link) -> Result<NodeId, ParseError> {
        self.enter()?;
        let id = self.push(Kind::Array { start: 0, len: 0 }, self.pos, link);
        self.pos += 1; // [
        let mark = self.scratch.len();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                let start = self.pos;
                let value = self.value(Link::Root)?;
                let empty = StrRef {
                    in_source: true,
                    start: 0,
                    len: 0,
                };
                self.scratch.push(Member {
                    key: empty,
                    key_span: Span::new(start, start),
                    value,
                });
                self.skip_ws();
                match self.src.get(self.pos) {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_ws();
                        if self.src.get(self.pos) == Some(&b']') {
                            self.quirks
                                .push(Quirk::TrailingComma(Span::new(comma, comma + 1)));
                            self.pos += 1;
                            break;
                        }
                    }
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        return Err(self.err(format!(
                            "expected `,` or `]` in array, found {}",
                            self.describe_here()
                        )));
                    }
                }
            }
        }
        self.finish_container(id, mark, false);
        self.depth -= 1;
        Ok(id)
    }

    fn string(&mut self) -> Result<StrRef, ParseError> {
        let open = self.pos;
        self.pos += 1; // "
        let start = self.pos;
        // Fast path: no escapes, the text is a slice of the source.
        loop {
            self.pos = next_special(self.src, self.pos);
            match self.src.get(self.pos) {
                None => {
                    self.pos = open;
                    return Err(self.err("unterminated string"));
                }
                Some(b'"') => {
                    let s = StrRef {
                        in_source: true,
                        start: start as u32,
                        len: (self.pos - start) as u32,
                    };
                    self.pos += 1;
                    return Ok(s);
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => {
                    return Err(self.err("control characters must be escaped inside strings"));
                }
                // Not reached: `next_special` stops only at the bytes above.
                Some(_) => self.pos += 1,
            }
        }
        // Slow path: decode escapes into the side buffer.
        let out_start = self.strings.len();
        self.strings
            .push_str(std::str::from_utf8(&self.src[start..self.pos]).unwrap_or(""));
        loop {
            let run = self.pos;
            self.pos = next_special(self.src, self.pos);
            self.strings
                .push_str(std::str::from_utf8(&self.src[run..self.pos]).unwrap_or(""));
            match self.src.get(self.pos) {
                None => {
                    self.pos = open;
                    return Err(self.err("unterminated string"));
                }
                Some(b'"') => {
                    self.pos += 1;
                    let len = (self.strings.len() - out_start) as u32;
                    return Ok(StrRef {
                        in_source: false,
                        start: out_start as u32,
                        len,
                    });
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.src.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            self.strings.push(c);
                            continue;
                        }
                        _ => return Err(self.err("invalid escape sequence")),
                    };
                    self.pos += 1;
                    self.strings.push(c);
                }
                Some(_) => {
                    return Err(self.err("control characters must be escaped inside strings"));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err("truncated \\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.err("invalid \\u escape"))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.src.get(self.pos..self.pos + 2) == Some(b"\\u") {
                self.pos += 2;
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                }
            }
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn number(&mut self) -> Result<f64, ParseError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.src.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.src.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.src.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if self.src.get(self.pos).is_some_and(u8::is_ascii_digit) {
                    return Err(self.err("numbers cannot have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.src.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.err("expected digits after the decimal point"));
            }
        }
        if matches!(self.src.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.src.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("expected digits in the exponent"));
            }
        }
        let text = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("0");
        Ok(text.parse().unwrap_or(f64::NAN))
    }
}

/// A string's bytes: in the source when it had no escapes, else in the side buffer.
fn bytes_of<'b>(src: &'b [u8], strings: &'b str, s: StrRef) -> &'b [u8] {
    let range = s.start as usize..(s.start + s.len) as usize;
    if s.in_source {
        &src[range]
    } else {
        &strings.as_bytes()[range]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_special_finds_the_first_quote_backslash_or_control() {
        let naive = |src: &[u8], pos: usize| {
            (pos..src.len())
                .find(|&i| matches!(src[i], b'"' | b'\\' | 0..0x20))
                .unwrap_or(src.len())
        };
        // Every byte value at every offset of a 20-byte run, after each kind of filler; the
        // fillers include the bytes next to the special ones and UTF-8 continuation bytes, where
        // an eight-at-a-time test could borrow or carry wrongly.
        for filler in [
            b'a', b' ', 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF,
        ] {
            for special in 0..=255u8 {
                for at in 0..20 {
                    let mut src = vec![filler; 20];
                    src[at] = special;
                    for start in [0, 1, 7, 8, 13] {
                        assert_eq!(
                            next_special(&src, start),
                            naive(&src, start),
                            "filler {filler:#x}, byte {special:#x} at {at}, from {start}"
                        );
                    }
                }
            }
        }
        // Two special bytes in one word: the first wins.
        assert_eq!(next_special(b"ab\\cd\"efgh", 0), 2);
        assert_eq!(next_special(b"abcd\"e\x01gh", 0), 4);
        assert_eq!(next_special(b"", 0), 0);
    }

    fn doc(s: &str) -> JsonDoc {
        parse(s.to_owned()).map_err(|(e, _)| e).expect("parses")
    }

    /// Runs of white space of every length around eight, mixed kinds included, end where
    /// the next value starts.
    #[test]
    fn white_space_runs_of_any_length() {
        for n in 0..20 {
            for tail in ["", "\t", "\r\n", " \n \t"] {
                let ws = format!("{}{tail}", " ".repeat(n));
                let text = format!("{ws}{{{ws}\"a\"{ws}:{ws}[{ws}1{ws},{ws}true{ws}]{ws}}}{ws}");
                let d = doc(&text);
                let a = d.root().get("a").expect("a");
                let start = a.span().start as usize;
                assert_eq!(&text[start..start + 1], "[", "{n} {tail:?}");
                let one = a.index(0).expect("1").span().start as usize;
                assert_eq!(&text[one..one + 1], "1", "{n} {tail:?}");
            }
        }
    }

    #[test]
    fn newline_is_crlf_when_any_line_ends_so() {
        assert_eq!(doc("{\n  \"a\": 1\n}").newline(), "\n");
        assert_eq!(doc("{\"a\": 1}").newline(), "\n");
        assert_eq!(doc("{\r\n  \"a\": 1\r\n}").newline(), "\r\n");
        assert_eq!(doc("{\n  \"a\": 1\r\n}").newline(), "\r\n");
        assert_eq!(doc("{\"a\": \"\\r\\n\"}").newline(), "\n");
    }

    #[test]
    fn json_eq_reads_duplicate_keys_as_lookups_do() {
        let a = doc(r#"{"a": 1, "a": 2, "b": [1, {"c": true}]}"#);
        let b = doc(r#"{"b": [1.0, {"c": true}], "a": 2}"#);
        let c = doc(r#"{"a": 2, "b": [1, {"c": true}], "d": null}"#);
        let d = doc(r#"{"a": 1, "b": [1, {"c": true}]}"#);
        assert!(a.root().json_eq(&a.root()));
        assert!(a.root().json_eq(&b.root()) && b.root().json_eq(&a.root()));
        assert!(!a.root().json_eq(&c.root()) && !c.root().json_eq(&a.root()));
        assert!(!a.root().json_eq(&d.root()));
    }

    #[test]
    fn spans_pointers_and_lookup() {
        let d = doc("{\n  \"a/b\": [1, {\"x~\": \"y\\n\"}],\n  \"c\": true\n}");
        let x = d.pointer("/a~1b/1/x~0").unwrap();
        assert_eq!(x.as_str(), Some("y\n"));
        assert_eq!(x.pointer(), "/a~1b/1/x~0");
        assert_eq!(x.key(), Some("x~"));
        assert_eq!(
            d.lines().line_col(d.source(), x.key_span().start as usize),
            (2, 15)
        );
        assert_eq!(d.root().get("c").unwrap().as_bool(), Some(true));
        assert_eq!(d.root().descendants().count(), 6);
    }

    #[test]
    fn quirks_are_recorded() {
        let d = doc("\u{feff}{\"a\": [1,2,], \"a\": 3,}");
        assert!(matches!(d.quirks()[0], Quirk::Bom));
        assert_eq!(
            d.quirks()
                .iter()
                .filter(|q| matches!(q, Quirk::TrailingComma(_)))
                .count(),
            2
        );
        assert!(
            d.quirks()
                .iter()
                .any(|q| matches!(q, Quirk::DuplicateKey { key, .. } if key == "a"))
        );
        assert_eq!(d.root().get("a").unwrap().as_f64(), Some(3.0));
    }

    #[test]
    fn errors_have_offsets() {
        for (src, offset) in [
            ("{\"a\": }", 6),
            ("[1 2]", 3),
            ("{\"a\": 1", 7),
            ("\"abc", 0),
            ("{} x", 3),
            ("01", 1),
        ] {
            let (e, _) = parse(src.to_owned())
                .err()
                .unwrap_or_else(|| panic!("{src} should fail"));
            assert_eq!(e.offset, offset, "{src}: {}", e.message);
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let src = "[".repeat(100_000);
        let (e, _) = parse(src).err().unwrap();
        assert!(e.message.contains("nesting"));
    }

    #[test]
    fn unicode_escapes() {
        let d = doc(r#"["\u00e9\ud83d\ude00", "\ud800"]"#);
        assert_eq!(d.root().index(0).unwrap().as_str(), Some("é😀"));
        assert_eq!(d.root().index(1).unwrap().as_str(), Some("\u{FFFD}"));
    }

    /// A lookup finds each key an object has (escaped, empty, one byte, repeated: the last)
    /// and none it lacks, whatever the keys' bits share.
    #[test]
    fn lookups_find_exactly_the_keys() {
        let keys = [
            "",
            "a",
            "b",
            "in",
            "name",
            "type",
            "x-ms-summary",
            "x-ms-visibility",
            "$ref",
            "é",
            "description",
            "required",
            "schema",
            "x-ms-dynamic-values",
            "enum",
            "default",
        ];
        let probes = [
            "",
            "a",
            "c",
            "nm",
            "typ",
            "types",
            "x-ms-summarz",
            "xmssummary",
            "ref",
        ];
        for take in 0..keys.len() {
            let present = &keys[..take];
            let mut members: Vec<String> = (present.iter().enumerate())
                .map(|(i, k)| format!("{}: {i}", serde_json::to_string(k).expect("a key")))
                .collect();
            // x-ms-summary (again, if it was there), its last byte escaped, last.
            members.push(r#""x-ms-summar\u0079": 99"#.to_owned());
            let text = format!("{{{}}}", members.join(", "));
            let d = doc(&text);
            for k in keys.iter().chain(&probes) {
                let want = match present.iter().position(|p| p == k) {
                    _ if *k == "x-ms-summary" => Some(99.0),
                    Some(i) => Some(i as f64),
                    None => None,
                };
                assert_eq!(
                    d.root().get(k).and_then(|v| v.as_f64()),
                    want,
                    "{k} in {text}"
                );
            }
        }
    }

    #[test]
    fn json_eq_ignores_key_order() {
        let a = doc(r#"{"a": 1, "b": [true, null]}"#);
        let b = doc(r#"{"b": [true, null], "a": 1.0}"#);
        assert!(a.root().json_eq(&b.root()));
    }
}
