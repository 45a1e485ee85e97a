//! A span-aware JSON parser.
//!
//! serde_json loses positions, and every ppcert finding must point at the exact line and column of a
//! key or value. The parser builds an arena of nodes that remember their byte span, their parent and
//! their key, so a node's RFC 6901 pointer and its line:column are derived only when a finding needs them.
//!
//! It is strict JSON (RFC 8259) with the leniencies Microsoft's pipeline has, each recorded as a
//! [`Quirk`] so a rule can report it: a leading UTF-8 byte-order mark and trailing commas. Duplicate
//! keys are kept (lookups see the last one, as serde_json and most platforms do) and recorded too.

mod line_index;
mod parser;

pub use line_index::LineIndex;
pub use parser::{ParseError, parse};

use std::fmt;

/// Index of a node in its [`JsonDoc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Where a string's decoded text lives: in the source (no escapes) or in the document's side buffer.
#[derive(Debug, Clone, Copy)]
struct StrRef {
    in_source: bool,
    start: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(StrRef),
    /// Children are `members[start..start + len]`.
    Array {
        start: u32,
        len: u32,
    },
    Object {
        start: u32,
        len: u32,
        /// The union of the members' [`key_bit`]s: a key whose bit is not in it is not a member.
        keys: u32,
    },
}

/// One of 32 bits picked by a key's length and first and last bytes: an object's lookups are
/// mostly of keys it lacks (`x-ms-dynamic-values` on every parameter), and most are told so by
/// this bit alone.
#[inline]
fn key_bit(key: &[u8]) -> u32 {
    let (first, last) = match key {
        [] => (0, 0),
        [first, .., last] => (*first, *last),
        [only] => (*only, *only),
    };
    let mix = u32::from(first) | (u32::from(last) << 8) | ((key.len() as u32) << 16);
    1 << (mix.wrapping_mul(0x9E37_79B1) >> 27)
}

/// How a node hangs from its parent.
#[derive(Debug, Clone, Copy)]
enum Link {
    Root,
    Key { parent: NodeId, member: u32 },
    Index { parent: NodeId, index: u32 },
}

#[derive(Debug, Clone, Copy)]
struct Node {
    kind: Kind,
    span: Span,
    link: Link,
}

/// An object member or array element. For array elements the key is unused.
#[derive(Debug, Clone, Copy)]
struct Member {
    key: StrRef,
    key_span: Span,
    value: NodeId,
}

/// Something the parser accepted but strict JSON does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quirk {
    /// A UTF-8 byte-order mark at the start of the file.
    Bom,
    /// A comma before `]` or `}`; the span covers the comma.
    TrailingComma(Span),
    /// `key` appears again in the same object; `first` is the span of its first occurrence.
    DuplicateKey {
        object: NodeId,
        key: String,
        first: Span,
        again: Span,
    },
}

/// The JSON type of a value, named as JSON Schema names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        })
    }
}

/// A parsed JSON document: the source text, its nodes, and the quirks met while parsing.
pub struct JsonDoc {
    source: String,
    strings: String,
    nodes: Vec<Node>,
    members: Vec<Member>,
    quirks: Vec<Quirk>,
    /// Built on first use: most files need no positions unless something is reported.
    lines: std::sync::OnceLock<LineIndex>,
    /// Whether the source has a CRLF line ending anywhere, found on first use: each fix that
    /// adds a line asks, and a search of the whole source per fix made a megabyte definition
    /// with a few hundred fixes cost more than its parse.
    crlf: std::sync::OnceLock<bool>,
}

impl JsonDoc {
    pub fn root(&self) -> JsonRef<'_> {
        JsonRef {
            doc: self,
            id: NodeId(0),
        }
    }
    pub fn node(&self, id: NodeId) -> JsonRef<'_> {
        JsonRef { doc: self, id }
    }
    pub fn source(&self) -> &str {
        &self.source
    }
    pub fn quirks(&self) -> &[Quirk] {
        &self.quirks
    }
    /// The line ending new lines should use: CRLF when the source has one anywhere.
    pub fn newline(&self) -> &'static str {
        let crlf = *self
            .crlf
            .get_or_init(|| memchr::memmem::find(self.source.as_bytes(), b"\r\n").is_some());
        if crlf { "\r\n" } else { "\n" }
    }
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
    }
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
    /// Resolves an RFC 6901 pointer such as `/paths/~1items/get`.
    pub fn pointer(&self, pointer: &str) -> Option<JsonRef<'_>> {
        if pointer.is_empty() {
            return Some(self.root());
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self.root();
        for token in rest.split('/') {
            let token = unescape_pointer_token(token);
            node = match node.node().kind {
                Kind::Object { .. } => node.get(&token)?,
                Kind::Array { .. } => node.index(token.parse().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
    fn str_of(&self, s: StrRef) -> &str {
        let (buf, start) = if s.in_source {
            (&self.source, s.start)
        } else {
            (&self.strings, s.start)
        };
        &buf[start as usize..(start + s.len) as usize]
    }
}

fn unescape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// Appends one RFC 6901 reference token to `out`, escaping `~` and `/`.
pub fn push_pointer_token(out: &mut String, token: &str) {
    out.push('/');
    // Most tokens need no escape: copied whole, not a character at a time.
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// A borrowed handle on one node: cheap to copy, and the way rules read JSON.
#[derive(Clone, Copy)]
pub struct JsonRef<'a> {
    doc: &'a JsonDoc,
    id: NodeId,
}

impl PartialEq for JsonRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.doc, other.doc) && self.id == other.id
    }
}
impl Eq for JsonRef<'_> {}

impl fmt::Debug for JsonRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonRef({} {})", self.pointer(), self.json_type())
    }
}

impl<'a> JsonRef<'a> {
    fn node(&self) -> &'a Node {
        &self.doc.nodes[self.id.0 as usize]
    }
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn doc(&self) -> &'a JsonDoc {
        self.doc
    }
    /// The span of the value itself.
    pub fn span(&self) -> Span {
        self.node().span
    }
    /// The span of the key this value hangs from, or of the value for array elements and the root.
    pub fn key_span(&self) -> Span {
        match self.node().link {
            Link::Key { member, .. } => self.doc.members[member as usize].key_span,
            _ => self.span(),
        }
    }
    /// The key this value hangs from, if it is an object member.
    pub fn key(&self) -> Option<&'a str> {
        match self.node().link {
            Link::Key { member, .. } => {
                Some(self.doc.str_of(self.doc.members[member as usize].key))
            }
            _ => None,
        }
    }
    /// The index of this value in its array, if it is an array element.
    pub fn array_index(&self) -> Option<usize> {
        match self.node().link {
            Link::Index { index, .. } => Some(index as usize),
            _ => None,
        }
    }
    pub fn parent(&self) -> Option<JsonRef<'a>> {
        match self.node().link {
            Link::Root => None,
            Link::Key { parent, .. } | Link::Index { parent, .. } => Some(self.doc.node(parent)),
        }
    }
    /// The RFC 6901 JSON pointer of this node.
    pub fn pointer(&self) -> String {
        let mut tokens = Vec::with_capacity(16);
        let mut node = *self;
        loop {
            match node.node().link {
                Link::Root => break,
                Link::Key { parent, member } => {
                    tokens.push(std::borrow::Cow::Borrowed(
                        self.doc.str_of(self.doc.members[member as usize].key),
                    ));
                    node = self.doc.node(parent);
                }
                Link::Index { parent, index } => {
                    tokens.push(std::borrow::Cow::Owned(index.to_string()));
                    node = self.doc.node(parent);
                }
            }
        }
        let mut out = String::with_capacity(tokens.iter().map(|t| t.len() + 1).sum());
        for t in tokens.iter().rev() {
            push_pointer_token(&mut out, t);
        }
        out
    }
    /// Depth below the root (the root is 0).
    pub fn depth(&self) -> usize {
        let mut d = 0;
        let mut n = *self;
        while let Some(p) = n.parent() {
            d += 1;
            n = p;
        }
        d
    }

    pub fn json_type(&self) -> JsonType {
        match self.node().kind {
            Kind::Null => JsonType::Null,
            Kind::Bool(_) => JsonType::Boolean,
            Kind::Number(_) => JsonType::Number,
            Kind::String(_) => JsonType::String,
            Kind::Array { .. } => JsonType::Array,
            Kind::Object { .. } => JsonType::Object,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self.node().kind, Kind::Object { .. })
    }
    pub fn is_array(&self) -> bool {
        matches!(self.node().kind, Kind::Array { .. })
    }
    pub fn is_string(&self) -> bool {
        matches!(self.node().kind, Kind::String(_))
    }
    pub fn is_null(&self) -> bool {
        matches!(self.node().kind, Kind::Null)
    }
    pub fn as_str(&self) -> Option<&'a str> {
        match self.node().kind {
            Kind::String(s) => Some(self.doc.str_of(s)),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.node().kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self.node().kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }
    /// The number as an integer, if it is one exactly.
    pub fn as_i64(&self) -> Option<i64> {
        let n = self.as_f64()?;
        (n.fract() == 0.0 && n.abs() < 9.0e15 && !self.raw().contains(['.', 'e', 'E']))
            .then_some(n as i64)
    }
    /// The source text of the value, exactly as written.
    pub fn raw(&self) -> &'a str {
        let s = self.span();
        &self.doc.source[s.start as usize..s.end as usize]
    }

    fn children(&self) -> &'a [Member] {
        match self.node().kind {
            Kind::Array { start, len } | Kind::Object { start, len, .. } => {
                &self.doc.members[start as usize..(start + len) as usize]
            }
            _ => &[],
        }
    }
    /// Number of members or elements; 0 for scalars.
    pub fn len(&self) -> usize {
        self.children().len()
    }
    pub fn is_empty(&self) -> bool {
        self.children().is_empty()
    }
    /// The value of `key` (the last one when the key is duplicated); `None` for non-objects.
    ///
    /// Inlined up to the test of the object's key bits, which most look-ups end at (with a
    /// literal key, its bit is computed at compile time); the members are scanned out of line.
    #[inline]
    pub fn get(&self, key: &str) -> Option<JsonRef<'a>> {
        let Kind::Object { start, len, keys } = self.node().kind else {
            return None;
        };
        if keys & key_bit(key.as_bytes()) == 0 {
            return None;
        }
        self.member(start, len, key)
    }
    /// The member `key` of the object whose members are `members[start..start + len]`.
    fn member(&self, start: u32, len: u32, key: &str) -> Option<JsonRef<'a>> {
        let members = &self.doc.members[start as usize..(start + len) as usize];
        // Most lookups miss on length alone; compare bytes only when the lengths agree.
        let len = key.len() as u32;
        members
            .iter()
            .rev()
            .find(|m| m.key.len == len && self.doc.str_of(m.key) == key)
            .map(|m| self.doc.node(m.value))
    }
    /// Like [`get`](Self::get) but ignoring ASCII case.
    pub fn get_ignore_case(&self, key: &str) -> Option<JsonRef<'a>> {
        if !self.is_object() {
            return None;
        }
        self.children()
            .iter()
            .rev()
            .find(|m| self.doc.str_of(m.key).eq_ignore_ascii_case(key))
            .map(|m| self.doc.node(m.value))
    }
    /// `get(key)` then `as_str`.
    pub fn get_str(&self, key: &str) -> Option<&'a str> {
        self.get(key).and_then(|v| v.as_str())
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn index(&self, i: usize) -> Option<JsonRef<'a>> {
        if !self.is_array() {
            return None;
        }
        self.children().get(i).map(|m| self.doc.node(m.value))
    }
    /// Object members in document order (duplicates included).
    pub fn members(self) -> impl Iterator<Item = (&'a str, JsonRef<'a>)> + 'a {
        let doc = self.doc;
        let members = if self.is_object() {
            self.children()
        } else {
            &[]
        };
        members
            .iter()
            .map(move |m| (doc.str_of(m.key), doc.node(m.value)))
    }
    /// Array elements in order.
    pub fn items(self) -> impl Iterator<Item = JsonRef<'a>> + 'a {
        let doc = self.doc;
        let items = if self.is_array() {
            self.children()
        } else {
            &[]
        };
        items.iter().map(move |m| doc.node(m.value))
    }
    /// Every child value, of an object or an array.
    pub fn child_values(self) -> impl Iterator<Item = JsonRef<'a>> + 'a {
        let doc = self.doc;
        self.children().iter().map(move |m| doc.node(m.value))
    }
    /// This node and every node below it, depth-first, in document order.
    pub fn descendants(self) -> impl Iterator<Item = JsonRef<'a>> + 'a {
        // Nodes are allocated in document order, so a subtree is a contiguous id range.
        let doc = self.doc;
        let end = self.subtree_end();
        (self.id.0..end).map(move |i| doc.node(NodeId(i)))
    }
    fn subtree_end(&self) -> u32 {
        let mut n = *self;
        loop {
            match n.children().last() {
                Some(m) => n = self.doc.node(m.value),
                None => return n.id.0 + 1,
            }
        }
    }
    /// Converts this subtree to a serde_json value (for the jsonschema crate and for output).
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self.node().kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(b),
            Kind::Number(_) => {
                let raw = self.raw();
                serde_json::from_str::<serde_json::Number>(raw)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
            Kind::String(s) => Value::String(self.doc.str_of(s).to_owned()),
            Kind::Array { .. } => Value::Array(self.items().map(|v| v.to_value()).collect()),
            Kind::Object { .. } => Value::Object(
                self.members()
                    .map(|(k, v)| (k.to_owned(), v.to_value()))
                    .collect(),
            ),
        }
    }
    /// Whether two values are equal as JSON (numbers by value, objects regardless of key order).
    pub fn json_eq(&self, other: &JsonRef<'_>) -> bool {
        match (self.node().kind, other.node().kind) {
            (Kind::Null, Kind::Null) => true,
            (Kind::Bool(a), Kind::Bool(b)) => a == b,
            (Kind::Number(a), Kind::Number(b)) => a == b,
            (Kind::String(_), Kind::String(_)) => self.as_str() == other.as_str(),
            (Kind::Array { .. }, Kind::Array { .. }) => {
                self.len() == other.len()
                    && self.items().zip(other.items()).all(|(a, b)| a.json_eq(&b))
            }
            (Kind::Object { .. }, Kind::Object { .. }) => {
                // The same keys, each with an equal value; with duplicate keys, the value that
                // counts is the one `get` finds (the last).
                self.members()
                    .all(|(k, _)| match (self.get(k), other.get(k)) {
                        (Some(a), Some(b)) => a.json_eq(&b),
                        _ => false,
                    })
                    && other.members().all(|(k, _)| self.has(k))
            }
            _ => false,
        }
    }
}
