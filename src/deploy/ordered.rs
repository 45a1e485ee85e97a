//! JSON that keeps its keys in document order, for the files deploy sends and download writes.
//!
//! serde_json sorts object keys (its `preserve_order` feature would change every `json!` in
//! ppcert), and a connector author's key order is what they read in review: a download that
//! re-sorted `apiDefinition.swagger.json` would turn the first `git diff` into noise.

use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(IndexMap<String, Json>),
}

pub type Object = IndexMap<String, Json>;

impl Json {
    /// Parses UTF-8 text, with or without a byte-order mark.
    pub fn parse(bytes: &[u8]) -> Result<Json, String> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Object(map) => map.get_mut(key),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Object> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Json::as_str)
    }

    pub fn string(s: impl Into<String>) -> Json {
        Json::String(s.into())
    }

    pub fn object(members: impl IntoIterator<Item = (&'static str, Json)>) -> Json {
        Json::Object(
            members
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    /// Two-space indentation, `\n` line ends, no trailing newline (as paconn and
    /// `JSON.stringify(v, null, 2)` write).
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn compact(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Converts from serde_json's value (whose key order is already lost).
    pub fn from_value(value: &serde_json::Value) -> Json {
        match value {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(*b),
            serde_json::Value::Number(n) => Json::Number(n.clone()),
            serde_json::Value::String(s) => Json::String(s.clone()),
            serde_json::Value::Array(items) => {
                Json::Array(items.iter().map(Json::from_value).collect())
            }
            serde_json::Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Json::from_value(v)))
                    .collect(),
            ),
        }
    }

    /// Every JSON pointer at which `self` and `other` differ, outermost first (a changed object
    /// member is one entry, not one per nested leaf); at most `limit` of them.
    pub fn differences(&self, other: &Json, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        diff_at(self, other, &mut String::new(), &mut out, limit);
        out
    }
}

fn diff_at(a: &Json, b: &Json, at: &mut String, out: &mut Vec<String>, limit: usize) {
    if out.len() >= limit || a == b {
        return;
    }
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (key, value) in x {
                let len = at.len();
                crate::json::push_pointer_token(at, key);
                match y.get(key) {
                    Some(other) => diff_at(value, other, at, out, limit),
                    None if out.len() < limit => out.push(format!("{} removed", pointer(at))),
                    None => {}
                }
                at.truncate(len);
            }
            for key in y.keys().filter(|k| !x.contains_key(*k)) {
                if out.len() >= limit {
                    return;
                }
                let len = at.len();
                crate::json::push_pointer_token(at, key);
                out.push(format!("{} added", pointer(at)));
                at.truncate(len);
            }
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                diff_at(p, q, at, out, limit);
                at.truncate(len);
            }
        }
        _ => out.push(format!("{} changed", pointer(at))),
    }
}

fn pointer(at: &str) -> &str {
    if at.is_empty() {
        "(the whole file)"
    } else {
        at
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => n.serialize(s),
            Json::String(v) => s.serialize_str(v),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(v)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = IndexMap::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            // The last of duplicate keys wins, as in serde_json and the service.
            members.shift_remove(&k);
            members.insert(k, v);
        }
        Ok(Json::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_strips_a_bom() {
        let doc = Json::parse(b"\xEF\xBB\xBF{\"z\":1,\"a\":{\"y\":[1,2.5],\"b\":null}}").unwrap();
        assert_eq!(doc.compact(), r#"{"z":1,"a":{"y":[1,2.5],"b":null}}"#);
        assert_eq!(doc.pretty().lines().nth(1), Some("  \"z\": 1,"));
    }

    #[test]
    fn differences_name_pointers() {
        let a = Json::parse(br#"{"a":1,"b":{"c":[1,2]},"d":1}"#).unwrap();
        let b = Json::parse(br#"{"a":1,"b":{"c":[1,3]},"e":1}"#).unwrap();
        assert_eq!(
            a.differences(&b, 10),
            ["/b/c/1 changed", "/d removed", "/e added"]
        );
        assert!(a.differences(&a, 10).is_empty());
    }
}
