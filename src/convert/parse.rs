//! Reading the input text, JSON or YAML, into a [`Node`] tree that remembers where every key and
//! value is.
//!
//! JSON goes through ppcert's own span-aware parser (the one `lint` uses). YAML goes through
//! saphyr's `MarkedYaml`, which keeps the start and end of every node; its character positions
//! are turned into byte offsets so both inputs are located (line:column and snippets) the same
//! way.

use super::tree::{Node, Value};
use crate::json::{JsonRef, Quirk, Span};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    /// By extension (`.json`, `.yaml`, `.yml`), else by the first character of the text.
    pub fn detect(path: &Path, text: &str) -> Syntax {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => Syntax::Json,
            Some("yaml" | "yml") => Syntax::Yaml,
            _ => {
                let first = text
                    .trim_start_matches('\u{feff}')
                    .trim_start()
                    .chars()
                    .next();
                if matches!(first, Some('{' | '[')) {
                    Syntax::Json
                } else {
                    Syntax::Yaml
                }
            }
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Json => "JSON",
            Syntax::Yaml => "YAML",
        }
    }
}

/// Nesting deeper than this is refused (the JSON parser has the same limit).
pub const MAX_DEPTH: usize = 400;

/// Why the text could not be read, and where.
#[derive(Debug)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// The tree, and notes about the text worth telling the user (span, message).
pub struct Parsed {
    pub root: Node,
    pub notes: Vec<(Span, String)>,
}

pub fn parse(text: &str, syntax: Syntax) -> Result<Parsed, SyntaxError> {
    match syntax {
        Syntax::Json => parse_json(text),
        Syntax::Yaml => parse_yaml(text),
    }
}

fn parse_json(text: &str) -> Result<Parsed, SyntaxError> {
    let doc = crate::json::parse(text.to_owned()).map_err(|(e, _)| SyntaxError {
        message: e.message,
        offset: e.offset,
    })?;
    let mut notes = Vec::new();
    let mut has_duplicates = false;
    for q in doc.quirks() {
        if let Quirk::DuplicateKey { key, again, .. } = q {
            has_duplicates = true;
            notes.push((
                *again,
                format!("key `{key}` appears twice in the same object; the last one is used"),
            ));
        }
    }
    let root = json_node(doc.root(), has_duplicates);
    Ok(Parsed { root, notes })
}

fn json_node(r: JsonRef<'_>, dedupe: bool) -> Node {
    let value = match r.json_type() {
        crate::json::JsonType::Null => Value::Null,
        crate::json::JsonType::Boolean => Value::Bool(r.as_bool().unwrap_or(false)),
        crate::json::JsonType::Number => serde_json::from_str::<serde_json::Number>(r.raw())
            .map(Value::Number)
            .unwrap_or(Value::Null),
        crate::json::JsonType::String => Value::String(r.as_str().unwrap_or_default().to_owned()),
        crate::json::JsonType::Array => {
            Value::Array(r.items().map(|v| json_node(v, dedupe)).collect())
        }
        crate::json::JsonType::Object => {
            let mut members: Vec<(String, Node)> = Vec::with_capacity(r.len());
            for (k, v) in r.members() {
                let node = json_node(v, dedupe);
                if dedupe && let Some(slot) = members.iter_mut().find(|(key, _)| key == k) {
                    slot.1 = node;
                    continue;
                }
                members.push((k.to_owned(), node));
            }
            Value::Object(members)
        }
    };
    Node {
        span: r.span(),
        key_span: r.key_span(),
        value,
    }
}

/// Character index → byte offset, for texts that are not pure ASCII.
struct Offsets(Option<Vec<u32>>);

impl Offsets {
    fn new(text: &str) -> Offsets {
        if text.is_ascii() {
            return Offsets(None);
        }
        let mut v: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        v.push(text.len() as u32);
        Offsets(Some(v))
    }
    fn byte(&self, char_index: usize) -> u32 {
        match &self.0 {
            None => char_index as u32,
            Some(v) => v.get(char_index).or(v.last()).copied().unwrap_or(0),
        }
    }
    fn span(&self, s: &saphyr::Marker, e: &saphyr::Marker) -> Span {
        let start = self.byte(s.index());
        let end = self.byte(e.index()).max(start);
        Span { start, end }
    }
}

fn parse_yaml(text: &str) -> Result<Parsed, SyntaxError> {
    let offsets = Offsets::new(text);
    let docs = MarkedYaml::load_from_str(text).map_err(|e| SyntaxError {
        message: e.info().to_owned(),
        offset: offsets.byte(e.marker().index()) as usize,
    })?;
    let mut notes = Vec::new();
    let Some(first) = docs.first() else {
        return Err(SyntaxError {
            message: "the file holds no YAML document".into(),
            offset: 0,
        });
    };
    if let Some(second) = docs.get(1) {
        notes.push((
            offsets.span(&second.span.start, &second.span.end),
            "the file holds several YAML documents; only the first is read".into(),
        ));
    }
    let root = yaml_node(first, text, &offsets, 0)?;
    Ok(Parsed { root, notes })
}

fn yaml_node(
    y: &MarkedYaml<'_>,
    text: &str,
    offsets: &Offsets,
    depth: usize,
) -> Result<Node, SyntaxError> {
    let span = offsets.span(&y.span.start, &y.span.end);
    if depth > MAX_DEPTH {
        return Err(SyntaxError {
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
            offset: span.start as usize,
        });
    }
    let value = match &y.data {
        YamlData::Value(s) => scalar(s),
        YamlData::Representation(raw, _, _) => Value::String(raw.to_string()),
        YamlData::Sequence(items) => Value::Array(
            items
                .iter()
                .map(|i| yaml_node(i, text, offsets, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut members: Vec<(String, Node)> = Vec::with_capacity(map.len());
            for (k, v) in map.iter() {
                let key_span = offsets.span(&k.span.start, &k.span.end);
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Value(_) | YamlData::Representation(..) => text
                        .get(key_span.start as usize..key_span.end as usize)
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| match &k.data {
                            YamlData::Value(s) => scalar_text(s),
                            _ => String::new(),
                        }),
                    _ => {
                        return Err(SyntaxError {
                            message:
                                "a mapping key that is not a plain value (OpenAPI keys are strings)"
                                    .into(),
                            offset: key_span.start as usize,
                        });
                    }
                };
                let mut node = yaml_node(v, text, offsets, depth + 1)?;
                node.key_span = key_span;
                if let Some(slot) = members.iter_mut().find(|(m, _)| *m == key) {
                    slot.1 = node;
                } else {
                    members.push((key, node));
                }
            }
            Value::Object(members)
        }
        YamlData::Tagged(_, inner) => return yaml_node(inner, text, offsets, depth + 1),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    };
    Ok(Node::new(value, span))
}

fn scalar(s: &Scalar<'_>) -> Value {
    match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number((*i).into()),
        Scalar::FloatingPoint(f) => serde_json::Number::from_f64(f.into_inner())
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.into_inner().to_string())),
        Scalar::String(s) => Value::String(s.to_string()),
    }
}

fn scalar_text(s: &Scalar<'_>) -> String {
    match s {
        Scalar::Null => "null".into(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.into_inner().to_string(),
        Scalar::String(s) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keys_and_positions() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok é\n";
        let p = parse(text, Syntax::Yaml).unwrap();
        let n = p
            .root
            .pointer("/paths/~1a/get/responses/200/description")
            .unwrap();
        assert_eq!(n.as_str(), Some("ok é"));
        assert_eq!(&text[n.span.start as usize..n.span.end as usize], "ok é");
        let r = p.root.pointer("/paths/~1a/get/responses/200").unwrap();
        assert_eq!(
            &text[r.key_span.start as usize..r.key_span.end as usize],
            "200"
        );
    }

    #[test]
    fn json_duplicates_keep_the_last() {
        let p = parse(r#"{"a": 1, "a": 2}"#, Syntax::Json).unwrap();
        assert_eq!(p.root.members().len(), 1);
        assert_eq!(p.notes.len(), 1);
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let e = parse("a: [1, 2\nb: 3\n", Syntax::Yaml).err().unwrap();
        assert!(e.offset > 0, "{e:?}");
        let e = parse("{\"a\": }", Syntax::Json).err().unwrap();
        assert_eq!(e.offset, 6);
    }
}
