//! The two trees of a conversion: the input document as read (ordered, with the byte span of
//! every key and value, for JSON and YAML alike), and the JSON written out (ordered as built).
//!
//! serde_json's `Value` sorts object keys unless its `preserve_order` feature is on, and that
//! feature would change the key order of every `json!` in the rest of ppcert; property order
//! matters to connector authors (it is the order fields appear in the designer), so both trees
//! keep keys in document order themselves.

use crate::json::{Span, push_pointer_token};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A value of the input document with its span and the span of the key it hangs from.
#[derive(Debug, Clone)]
pub struct Node {
    pub span: Span,
    /// The key's span for object members; the value's span otherwise.
    pub key_span: Span,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    /// Members in document order; keys are unique (the reader keeps the last of duplicates).
    Object(Vec<(String, Node)>),
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node {
            span,
            key_span: span,
            value,
        }
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.value {
            Value::Object(m) => m.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }
    pub fn members(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Object(m) => m,
            _ => &[],
        }
    }
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(a) => a,
            _ => &[],
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }
    /// The node at an RFC 6901 pointer relative to this one.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        let Some(rest) = pointer.strip_prefix('/') else {
            return pointer.is_empty().then_some(self);
        };
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Object(_) => node.get(&token)?,
                Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
    /// The deepest node on the way to `pointer`, and its pointer.
    pub fn deepest(&self, pointer: &str) -> (&Node, String) {
        let mut node = self;
        let mut reached = String::new();
        if let Some(rest) = pointer.strip_prefix('/') {
            for raw in rest.split('/') {
                let token = raw.replace("~1", "/").replace("~0", "~");
                let next = match &node.value {
                    Value::Object(_) => node.get(&token),
                    Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                    _ => None,
                };
                match next {
                    Some(n) => {
                        node = n;
                        push_pointer_token(&mut reached, &token);
                    }
                    None => break,
                }
            }
        }
        (node, reached)
    }
    /// Whether the value says nothing: `null`, `false`, `""`, `[]` or `{}`.
    pub fn is_blank(&self) -> bool {
        match &self.value {
            Value::Null | Value::Bool(false) => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(m) => m.is_empty(),
            _ => false,
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(v) => s.serialize_str(v),
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for item in a {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// JSON being written: objects keep the order their keys were set in.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Num(serde_json::Number),
    Str(String),
    Arr(Vec<J>),
    Obj(Obj),
}

/// An ordered JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Obj(pub Vec<(String, J)>);

impl Obj {
    pub fn new() -> Obj {
        Obj(Vec::new())
    }
    /// Sets `key`, replacing an earlier value in place.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<J>) {
        let key = key.into();
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
    /// Sets `key` unless it is already set.
    pub fn set_default(&mut self, key: &str, value: impl Into<J>) {
        if !self.has(key) {
            self.0.push((key.to_owned(), value.into()));
        }
    }
    pub fn opt(&mut self, key: &str, value: Option<impl Into<J>>) {
        if let Some(v) = value {
            self.set(key, v);
        }
    }
    pub fn get(&self, key: &str) -> Option<&J> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn remove(&mut self, key: &str) -> Option<J> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl J {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }
    /// A number, written as an integer when it is one.
    pub fn num(v: f64) -> J {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            J::Num((v as i64).into())
        } else {
            serde_json::Number::from_f64(v).map_or(J::Null, J::Num)
        }
    }
    pub fn from_value(v: &serde_json::Value) -> J {
        use serde_json::Value as V;
        match v {
            V::Null => J::Null,
            V::Bool(b) => J::Bool(*b),
            V::Number(n) => J::Num(n.clone()),
            V::String(s) => J::Str(s.clone()),
            V::Array(a) => J::Arr(a.iter().map(J::from_value).collect()),
            V::Object(m) => J::Obj(Obj(m
                .iter()
                .map(|(k, v)| (k.clone(), J::from_value(v)))
                .collect())),
        }
    }
    pub fn from_node(n: &Node) -> J {
        match &n.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(v) => J::Num(v.clone()),
            Value::String(s) => J::Str(s.clone()),
            Value::Array(a) => J::Arr(a.iter().map(J::from_node).collect()),
            Value::Object(m) => J::Obj(Obj(m
                .iter()
                .map(|(k, v)| (k.clone(), J::from_node(v)))
                .collect())),
        }
    }
    /// Rewrites every `$ref` string inside this value with `f` (used on extension values, which
    /// may hold schemas such as `x-ms-notification-content`).
    pub fn rewrite_refs(&mut self, f: &dyn Fn(&str) -> Option<String>) {
        match self {
            J::Arr(a) => a.iter_mut().for_each(|v| v.rewrite_refs(f)),
            J::Obj(o) => {
                for (k, v) in &mut o.0 {
                    if k == "$ref" {
                        if let J::Str(s) = v
                            && let Some(new) = f(s)
                        {
                            *s = new;
                        }
                    } else {
                        v.rewrite_refs(f);
                    }
                }
            }
            _ => {}
        }
    }
}

impl From<&str> for J {
    fn from(s: &str) -> J {
        J::Str(s.to_owned())
    }
}
impl From<String> for J {
    fn from(s: String) -> J {
        J::Str(s)
    }
}
impl From<&String> for J {
    fn from(s: &String) -> J {
        J::Str(s.clone())
    }
}
impl From<bool> for J {
    fn from(b: bool) -> J {
        J::Bool(b)
    }
}
impl From<i64> for J {
    fn from(n: i64) -> J {
        J::Num(n.into())
    }
}
impl From<usize> for J {
    fn from(n: usize) -> J {
        J::Num((n as u64).into())
    }
}
impl From<f64> for J {
    fn from(n: f64) -> J {
        J::num(n)
    }
}
impl From<Obj> for J {
    fn from(o: Obj) -> J {
        J::Obj(o)
    }
}
impl From<Vec<J>> for J {
    fn from(a: Vec<J>) -> J {
        J::Arr(a)
    }
}
impl From<Vec<String>> for J {
    fn from(a: Vec<String>) -> J {
        J::Arr(a.into_iter().map(J::Str).collect())
    }
}

impl Serialize for J {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            J::Null => s.serialize_unit(),
            J::Bool(b) => s.serialize_bool(*b),
            J::Num(n) => n.serialize(s),
            J::Str(v) => s.serialize_str(v),
            J::Arr(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for item in a {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            J::Obj(o) => o.serialize(s),
        }
    }
}

impl Serialize for Obj {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Pretty JSON with two-space indents and a final newline, as connector files are written.
pub fn to_pretty(value: &impl Serialize) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}
