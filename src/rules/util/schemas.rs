//! Helpers shared by the schemas rules: reading schema keywords, finding properties through
//! `$ref` and `allOf`, walking child schemas, and a conservative regular-expression syntax check.

use crate::json::{JsonRef, NodeId};
use crate::swagger::{Edge, Swagger};

/// How deep the property look-ups follow `$ref` and `allOf` before giving up.
const MAX_LOOKUP_DEPTH: usize = 16;

/// The `type` of a schema, when it is a single string.
pub fn type_of<'a>(node: JsonRef<'a>) -> Option<&'a str> {
    node.get_str("type")
}

/// Whether the schema's shape is only known at run time (`x-ms-dynamic-schema`,
/// `x-ms-dynamic-properties`).
pub fn is_dynamic(node: JsonRef<'_>) -> bool {
    node.has("x-ms-dynamic-schema") || node.has("x-ms-dynamic-properties")
}

/// Whether a response key is a successful (2xx) status code.
pub fn is_success_code(code: &str) -> bool {
    code.len() == 3 && code.starts_with('2') && code.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a schema says nothing about the value: `{}`, or an object with neither
/// properties, `additionalProperties`, `allOf` nor a dynamic-schema extension. `node` must be
/// resolved already; a `$ref` is never empty.
pub fn is_empty_schema(node: JsonRef<'_>) -> bool {
    if !node.is_object() || node.has("$ref") || is_dynamic(node) {
        return false;
    }
    let has_shape = |key: &str| node.get(key).is_some_and(|v| !v.is_empty());
    match node.get("type") {
        None => {
            !["properties", "items", "allOf"]
                .iter()
                .any(|k| has_shape(k))
                && !["additionalProperties", "enum", "format"]
                    .iter()
                    .any(|k| node.has(k))
        }
        Some(t) if t.as_str() == Some("object") => {
            !has_shape("properties") && !node.has("additionalProperties") && !has_shape("allOf")
        }
        Some(_) => false,
    }
}

/// Calls `f` for each child schema of `node`: its properties, `items` (object or tuple form),
/// an object `additionalProperties`, and its `allOf` members, in document order. `$ref`s are
/// not followed.
pub fn for_each_child<'a>(node: JsonRef<'a>, mut f: impl FnMut(JsonRef<'a>, Edge<'a>)) {
    // One pass over the keywords: this runs for every schema of every connector.
    for (key, value) in node.members() {
        match key {
            "properties" => {
                for (name, p) in value.members() {
                    if p.is_object() {
                        f(p, Edge::Property(name));
                    }
                }
            }
            "items" if value.is_object() => f(value, Edge::Items),
            "items" => {
                for i in value.items().filter(|i| i.is_object()) {
                    f(i, Edge::Items);
                }
            }
            "additionalProperties" if value.is_object() => f(value, Edge::AdditionalProperties),
            "allOf" => {
                for m in value.items().filter(|m| m.is_object()) {
                    f(m, Edge::AllOf);
                }
            }
            _ => {}
        }
    }
}

/// The schemas whose `properties` and `required` describe the same object as `schema`: the
/// schema itself and, when it is an `allOf` member, the composed schemas above it (whose other
/// members contribute properties too).
pub fn object_scopes<'a>(
    sw: &Swagger<'a>,
    schema: JsonRef<'a>,
) -> impl Iterator<Item = JsonRef<'a>> {
    let mut next = Some(schema);
    let mut steps = 0;
    std::iter::from_fn(move || {
        let current = next?;
        steps += 1;
        next = sw
            .schema_at(current.id())
            .filter(|s| s.edge == Edge::AllOf && steps < MAX_LOOKUP_DEPTH)
            .and_then(|s| s.parent);
        Some(current)
    })
}

/// The schema of property `name` as `node` defines it, looking through its `$ref` and `allOf`
/// members (the property's own schema is returned unresolved).
pub fn find_property<'a>(sw: &Swagger<'a>, node: JsonRef<'a>, name: &str) -> Option<JsonRef<'a>> {
    let mut seen = Vec::new();
    find_property_in(sw, node, name, &mut seen)
}

fn find_property_in<'a>(
    sw: &Swagger<'a>,
    node: JsonRef<'a>,
    name: &str,
    seen: &mut Vec<NodeId>,
) -> Option<JsonRef<'a>> {
    if seen.len() >= MAX_LOOKUP_DEPTH || seen.contains(&node.id()) {
        return None;
    }
    seen.push(node.id());
    if let Some(p) = node.get("properties").and_then(|p| p.get(name)) {
        return Some(p);
    }
    if node.has("$ref")
        && let Ok(target) = sw.resolve(node)
        && let Some(p) = find_property_in(sw, target, name, seen)
    {
        return Some(p);
    }
    node.get("allOf")?
        .items()
        .find_map(|m| find_property_in(sw, m, name, seen))
}

/// Whether `node` (through its `$ref` and `allOf` members) lists `name` in `required`.
pub fn requires(sw: &Swagger<'_>, node: JsonRef<'_>, name: &str) -> bool {
    let mut seen = Vec::new();
    requires_in(sw, node, name, &mut seen)
}

fn requires_in(sw: &Swagger<'_>, node: JsonRef<'_>, name: &str, seen: &mut Vec<NodeId>) -> bool {
    if seen.len() >= MAX_LOOKUP_DEPTH || seen.contains(&node.id()) {
        return false;
    }
    seen.push(node.id());
    if node
        .get("required")
        .is_some_and(|r| r.items().any(|i| i.as_str() == Some(name)))
    {
        return true;
    }
    if node.has("$ref")
        && let Ok(target) = sw.resolve(node)
        && requires_in(sw, target, name, seen)
    {
        return true;
    }
    node.get("allOf")
        .is_some_and(|a| a.items().any(|m| requires_in(sw, m, name, seen)))
}

/// The `format` values the connector schema (and the platform) knows (catalogue §8.4).
pub const KNOWN_FORMATS: &[&str] = &[
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "date-no-tz",
    "email",
    "html",
    "uri",
    "uuid",
];

/// Why `pattern` is not a valid regular expression, when it is surely not.
///
/// Connector patterns are evaluated by .NET and by JavaScript (ECMA-262) engines, whose syntaxes
/// differ from each other and from the `regex` crate's (look-around, back-references, inline
/// options...). This only reports what every one of them rejects: unbalanced parentheses, an
/// unterminated character class, a quantifier with nothing to repeat or nested directly in
/// another, `{n,m}` with n > m, a reversed class range, and a trailing backslash. Anything it
/// does not understand is accepted.
pub fn pattern_error(pattern: &str) -> Option<String> {
    let error = scan_pattern(pattern)?;
    if error.starts_with(NESTED_QUANTIFIER) {
        // The `regex` crate accepts stacked quantifiers (`a**`); .NET and JavaScript do not.
        return Some(error);
    }
    // A second opinion for the rest: the `regex` crate rejects all of these too, so when it
    // accepts the pattern the scanner above was wrong.
    regex::Regex::new(pattern).is_err().then_some(error)
}

/// How the scanner's message for a quantifier stacked on another starts.
const NESTED_QUANTIFIER: &str = "a quantifier follows another";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of the pattern, of a group or of an alternative: nothing to repeat.
    Nothing,
    /// An atom that a quantifier can follow.
    Atom,
    /// A quantifier; a `?` may still make it lazy.
    Quantifier,
    /// A lazy quantifier: nothing more may follow as a quantifier.
    Lazy,
    /// An anchor or something the scanner does not model: quantifiers are not judged.
    Unknown,
}

fn scan_pattern(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut depth: usize = 0;
    let mut prev = Prev::Nothing;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Some("it ends with a lone backslash".into());
                };
                prev = if matches!(next, 'b' | 'B' | 'A' | 'z' | 'Z' | 'G') {
                    Prev::Unknown
                } else {
                    Prev::Atom
                };
                i += 2;
            }
            '(' => {
                depth += 1;
                i += 1;
                if chars.get(i) == Some(&'?') {
                    i += 1;
                    if chars.get(i) == Some(&'#') {
                        // A .NET comment group: skip to its end.
                        while i < chars.len() && chars[i] != ')' {
                            i += 1;
                        }
                        continue;
                    }
                    // Group options and names are not modelled.
                    prev = Prev::Unknown;
                } else {
                    prev = Prev::Nothing;
                }
            }
            ')' => {
                if depth == 0 {
                    return Some(format!(
                        "the `)` at character {} has no matching `(`",
                        i + 1
                    ));
                }
                depth -= 1;
                prev = Prev::Atom;
                i += 1;
            }
            '|' => {
                prev = Prev::Nothing;
                i += 1;
            }
            '[' => {
                i = match scan_class(&chars, i) {
                    Ok(end) => end,
                    Err(Some(e)) => return Some(e),
                    Err(None) => return None,
                };
                prev = Prev::Atom;
            }
            '*' | '+' | '?' => {
                if let Some(e) = quantify(&mut prev, c, i) {
                    return Some(e);
                }
                i += 1;
            }
            '{' => match counted_quantifier(&chars, i) {
                Some((min, max, end)) => {
                    if let Some(max) = max.filter(|max| min > *max) {
                        return Some(format!(
                            "the quantifier `{}` has its minimum {min} above its maximum {max}",
                            chars[i..end].iter().collect::<String>()
                        ));
                    }
                    if let Some(e) = quantify(&mut prev, '{', i) {
                        return Some(e);
                    }
                    i = end;
                }
                None => {
                    // A `{` that is no quantifier is a literal in both engines.
                    prev = Prev::Atom;
                    i += 1;
                }
            },
            '^' | '$' => {
                prev = Prev::Unknown;
                i += 1;
            }
            _ => {
                prev = Prev::Atom;
                i += 1;
            }
        }
    }
    match depth {
        0 => None,
        1 => Some("a `(` is not closed by `)`".into()),
        n => Some(format!("{n} `(` are not closed by `)`")),
    }
}

/// Applies a quantifier to what precedes it.
fn quantify(prev: &mut Prev, q: char, at: usize) -> Option<String> {
    let (next, error) = match (*prev, q) {
        (Prev::Atom, _) => (Prev::Quantifier, None),
        (Prev::Quantifier, '?') => (Prev::Lazy, None),
        (Prev::Unknown, _) => (Prev::Quantifier, None),
        (Prev::Nothing, _) => (
            Prev::Quantifier,
            Some(format!(
                "the quantifier `{q}` at character {} has nothing to repeat",
                at + 1
            )),
        ),
        (Prev::Quantifier | Prev::Lazy, _) => (
            Prev::Quantifier,
            Some(format!(
                "{NESTED_QUANTIFIER}: `{q}` at character {}",
                at + 1
            )),
        ),
    };
    *prev = next;
    error.map(|e| match q {
        '{' => e.replace("`{`", "`{n}`"),
        _ => e,
    })
}

/// A well-formed `{n}`, `{n,}` or `{n,m}` at `start`: its bounds and the index after it.
fn counted_quantifier(chars: &[char], start: usize) -> Option<(u64, Option<u64>, usize)> {
    let mut i = start + 1;
    let number = |i: &mut usize| -> Option<u64> {
        let from = *i;
        while chars.get(*i).is_some_and(|c| c.is_ascii_digit()) {
            *i += 1;
        }
        if *i == from {
            return None;
        }
        Some(
            chars[from..*i]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(u64::MAX),
        )
    };
    let min = number(&mut i)?;
    let max = match chars.get(i)? {
        '}' => Some(min),
        ',' => {
            i += 1;
            if chars.get(i) == Some(&'}') {
                None
            } else {
                Some(number(&mut i)?)
            }
        }
        _ => return None,
    };
    (chars.get(i) == Some(&'}')).then_some((min, max, i + 1))
}

/// Scans a character class starting at `[`: the index after its `]`, an error, or `Err(None)`
/// when the engines read it differently and no verdict is safe.
fn scan_class(chars: &[char], start: usize) -> Result<usize, Option<String>> {
    let mut i = start + 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        // `[]` is an empty class in JavaScript but a literal `]` in .NET.
        return Err(None);
    }
    // The value of the previous atom (None for a class escape such as `\d`), when it can start
    // a range.
    let mut left: Option<(Option<u32>, usize)> = None;
    while i < chars.len() {
        let c = chars[i];
        if c == ']' {
            return Ok(i + 1);
        }
        if c == '-' && left.is_some() && chars.get(i + 1).is_some_and(|n| *n != ']') {
            let (right, end) = class_atom(chars, i + 1).ok_or(None)?;
            if let (Some((Some(l), from)), Some(r)) = (left, right)
                && l > r
            {
                let text: String = chars[from..end].iter().collect();
                return Err(Some(format!("the class range `{text}` runs backwards")));
            }
            left = None;
            i = end;
            continue;
        }
        let (value, end) = class_atom(chars, i).ok_or(None)?;
        left = Some((value, i));
        i = end;
    }
    Err(Some(format!(
        "the character class opened at character {} is not closed by `]`",
        start + 1
    )))
}

/// One atom of a character class at `i`: its code point when known, and the index after it.
/// `None` when the pattern ends inside an escape.
fn class_atom(chars: &[char], i: usize) -> Option<(Option<u32>, usize)> {
    let c = *chars.get(i)?;
    if c != '\\' {
        return Some((Some(c as u32), i + 1));
    }
    let e = *chars.get(i + 1)?;
    let hex = |from: usize, len: usize| -> Option<u32> {
        let s: String = chars.get(from..from + len)?.iter().collect();
        u32::from_str_radix(&s, 16).ok()
    };
    Some(match e {
        'n' => (Some(10), i + 2),
        'r' => (Some(13), i + 2),
        't' => (Some(9), i + 2),
        'f' => (Some(12), i + 2),
        'v' => (Some(11), i + 2),
        'b' => (Some(8), i + 2),
        'x' => match hex(i + 2, 2) {
            Some(v) => (Some(v), i + 4),
            None => (None, i + 2),
        },
        'u' => match hex(i + 2, 4) {
            Some(v) => (Some(v), i + 6),
            None => (None, i + 2),
        },
        'p' | 'P' if chars.get(i + 2) == Some(&'{') => {
            let end = chars[i + 2..]
                .iter()
                .position(|c| *c == '}')
                .map_or(chars.len(), |p| i + 2 + p + 1);
            (None, end)
        }
        e if e.is_ascii_alphanumeric() => (None, i + 2),
        e => (Some(e as u32), i + 2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_patterns() {
        for p in [
            r"^\d{5}(-\d{4})?$",
            r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$",
            r"(?i)^abc$",
            r"(?<=a)b",
            r"(a)\1",
            r"[]a]",
            r"a{,5}",
            r"x{",
            r"[\d-z]",
            r"[a-z-[aeiou]]",
            r"^*",
            r"a*?",
            r"\p{L}+",
            r"[\u0041-\u005A]",
            r"",
            r"a{2}?",
            r"a??",
            r"(?=a)*",
            r"[\w-.]",
            r"[.-\w]",
            r"[\]]",
            r"[^]]",
            r"(a)|",
            r"()",
            r"(?<n>a)\k<n>",
            r"\u{41}",
            r"[\n-\r]",
            r"a{99999999999999999999}",
            r"[a-z&&[^b]]",
            r"a{1,2",
            r"[\b-a]",
            r"[\0-\x20]",
            r"[\p{L}-z]",
            r"$*",
        ] {
            assert_eq!(pattern_error(p), None, "{p}");
        }
    }

    #[test]
    fn invalid_patterns() {
        let missed: Vec<&str> = [
            r"(abc",
            r"abc)",
            r"[abc",
            r"*abc",
            r"a**",
            r"a{3,2}",
            r"[z-a]",
            r"abc\",
            r"a|*b",
            r"(+a)",
            r"a{2}{3}",
            r"x*{2}",
            r"[\x5a-\x41]",
            r"[\r-\n]",
            r"a|*",
            r"(*)",
            r"a++",
        ]
        .into_iter()
        .filter(|p| pattern_error(p).is_none())
        .collect();
        assert!(missed.is_empty(), "{missed:?}");
    }

    #[test]
    fn success_codes() {
        assert!(is_success_code("200"));
        assert!(is_success_code("204"));
        assert!(!is_success_code("2XX"));
        assert!(!is_success_code("default"));
        assert!(!is_success_code("400"));
    }
}
