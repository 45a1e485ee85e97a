//! Edits for fixes that change a document's structure (add a member, remove an array item or a
//! member), written so the result reads as if the author had made it: the new member on its own
//! line with its siblings' indentation, commas where JSON needs them, nothing else touched.

use crate::fix::Edit;
use crate::json::JsonRef;

fn span(node: JsonRef<'_>) -> (usize, usize) {
    let s = node.span();
    (s.start as usize, s.end as usize)
}

fn key_start(node: JsonRef<'_>) -> usize {
    node.key_span().start as usize
}

/// The white space that starts the line holding byte `at`.
fn indent_of_line(src: &str, at: usize) -> &str {
    let line_start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let rest = &src[line_start..];
    let end = rest
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Adds `"key": value` (value as JSON text) as the last member of object `obj`.
pub fn insert_member(obj: JsonRef<'_>, key: &str, value: &str) -> Option<Edit> {
    if !obj.is_object() {
        return None;
    }
    let src = obj.doc().source();
    let key = serde_json::to_string(key).ok()?;
    let last = obj.members().last().map(|(_, v)| v);
    match last {
        Some(last) => {
            let at = span(last).1;
            let member_line = indent_of_line(src, key_start(last));
            let same_line = !src[key_start(last)..at].contains('\n')
                && src[span(obj).0..key_start(last)].contains('\n');
            if same_line || src[span(obj).0..at].contains('\n') {
                Some(Edit::replace(
                    (at, at),
                    format!(",{}{member_line}{key}: {value}", obj.doc().newline()),
                ))
            } else {
                // An object on one line stays on one line.
                Some(Edit::replace((at, at), format!(", {key}: {value}")))
            }
        }
        None => {
            let (start, end) = span(obj);
            Some(Edit::replace((start, end), format!("{{ {key}: {value} }}")))
        }
    }
}

/// Removes the item of `array` at `index`, with the comma that separated it.
pub fn remove_item(array: JsonRef<'_>, index: usize) -> Option<Edit> {
    let items: Vec<JsonRef<'_>> = array.items().collect();
    remove_between(
        array,
        &items.iter().map(|i| span(*i)).collect::<Vec<_>>(),
        index,
    )
}

/// Removes member `key` of `obj` (its key, value and separating comma).
pub fn remove_member(obj: JsonRef<'_>, key: &str) -> Option<Edit> {
    let members: Vec<(usize, usize)> = obj
        .members()
        .map(|(_, v)| (key_start(v), span(v).1))
        .collect();
    let index = obj.members().position(|(k, _)| k == key)?;
    remove_between(obj, &members, index)
}

/// Removes the member of `obj` whose key starts at byte `key_start` (one of several with the
/// same key, say).
pub fn remove_member_at(obj: JsonRef<'_>, key_at: usize) -> Option<Edit> {
    let members: Vec<(usize, usize)> = obj
        .members()
        .map(|(_, v)| (key_start(v), span(v).1))
        .collect();
    let index = members.iter().position(|m| m.0 == key_at)?;
    remove_between(obj, &members, index)
}

/// Removes element `index` of `ranges` (the children of `parent`, in order): from the end of the
/// previous one to its end, or, for the first, from its start to the start of the next.
fn remove_between(parent: JsonRef<'_>, ranges: &[(usize, usize)], index: usize) -> Option<Edit> {
    let (start, end) = *ranges.get(index)?;
    let src = parent.doc().source();
    if ranges.len() == 1 {
        // The only child: keep the brackets, drop what is between them.
        let (open, close) = span(parent);
        return Some(Edit::replace((open + 1, close - 1), ""));
    }
    if index > 0 {
        let previous_end = ranges[index - 1].1;
        // `, <white space> child`: from the previous child's end.
        debug_assert!(src[previous_end..start].contains(','));
        Some(Edit::replace((previous_end, end), ""))
    } else {
        let next_start = ranges[1].0;
        Some(Edit::replace((start, next_start), ""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Fix, apply};

    fn edit(src: &str, f: impl Fn(JsonRef<'_>) -> Option<Edit>) -> String {
        let doc = crate::json::parse(src.to_owned()).expect("valid JSON");
        let e = f(doc.root()).expect("an edit");
        apply(src, &[&Fix::safe("t", vec![e])]).0
    }

    #[test]
    fn members_go_on_their_own_line_with_the_siblings_indentation() {
        let src = "{\r\n    \"name\": \"id\",\r\n    \"in\": \"path\"\r\n}";
        assert_eq!(
            edit(src, |r| insert_member(r, "x-ms-url-encoding", "\"single\"")),
            "{\r\n    \"name\": \"id\",\r\n    \"in\": \"path\",\r\n    \"x-ms-url-encoding\": \"single\"\r\n}"
        );
        assert_eq!(
            edit("{\"a\": 1}", |r| insert_member(r, "b", "2")),
            "{\"a\": 1, \"b\": 2}"
        );
        assert_eq!(edit("{ }", |r| insert_member(r, "b", "2")), "{ \"b\": 2 }");
    }

    #[test]
    fn removals_take_their_comma() {
        let src = "{\"s\": [\"https\", \"http\", \"ws\"]}";
        assert_eq!(
            edit(src, |r| remove_item(r.get("s")?, 1)),
            "{\"s\": [\"https\", \"ws\"]}"
        );
        assert_eq!(
            edit(src, |r| remove_item(r.get("s")?, 0)),
            "{\"s\": [\"http\", \"ws\"]}"
        );
        assert_eq!(
            edit("{\n  \"a\": \"\",\n  \"b\": 1\n}", |r| remove_member(
                r, "a"
            )),
            "{\n  \"b\": 1\n}"
        );
        assert_eq!(
            edit("{\n  \"a\": 1,\n  \"b\": \"\"\n}", |r| remove_member(
                r, "b"
            )),
            "{\n  \"a\": 1\n}"
        );
        assert_eq!(edit("{\"a\": \"\"}", |r| remove_member(r, "a")), "{}");
    }
}
