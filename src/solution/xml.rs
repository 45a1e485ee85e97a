//! Reading the solution's XML files leniently: element names in any case and any order, unknown
//! sections ignored (real exports carry sections the public XSD does not know), whitespace-only
//! text treated as empty, every value kept with its place.

use super::sources::{Loc, Val};
use crate::json::Span;
use roxmltree::{Document, Node};
use std::collections::BTreeMap;

/// Parses `text`, or says where and why it is not well-formed XML. DTDs are refused
/// (roxmltree's default), so no entity expansion can blow up.
pub fn parse(text: &str) -> Result<Document<'_>, (Span, String)> {
    Document::parse(text).map_err(|e| {
        let pos = e.pos();
        let offset = offset_of(text, pos.row as usize, pos.col as usize);
        (
            Span::new(offset, offset),
            format!("is not well-formed XML: {e}"),
        )
    })
}

fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == row {
            return offset
                + line
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(line.len(), |(b, _)| b);
        }
        offset += line.len();
    }
    text.len()
}

pub fn loc(file: usize, node: Node) -> Loc {
    let r = node.range();
    Loc {
        file,
        span: Span::new(r.start, r.end),
    }
}

/// The first element child named `name`, in any case.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

/// Every element child named `name`, in any case.
pub fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

/// The first descendant element named `name` (document order), in any case.
pub fn descendant<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.descendants()
        .find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

/// The text directly inside an element (all text children, joined).
pub fn text(node: Node) -> String {
    node.children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect()
}

/// An element's text as a value placed at the element.
pub fn val(file: usize, node: Node) -> Val {
    Val {
        text: text(node),
        loc: loc(file, node),
    }
}

/// An attribute in any case, placed at the attribute's value.
pub fn attr(file: usize, node: Node, name: &str) -> Option<Val> {
    node.attributes()
        .find(|a| a.name().eq_ignore_ascii_case(name))
        .map(|a| {
            let r = a.range_value();
            Val {
                text: a.value().to_owned(),
                loc: Loc {
                    file,
                    span: Span::new(r.start, r.end),
                },
            }
        })
}

/// The simple children of an element (text-only elements), by lower-cased name; the first of
/// each name wins. `xsi:nil` elements are left out.
pub fn fields(file: usize, node: Node) -> BTreeMap<String, Val> {
    let mut out = BTreeMap::new();
    for c in node.children().filter(|c| c.is_element()) {
        if c.attributes()
            .any(|a| a.name() == "nil" && a.value() == "true")
        {
            continue;
        }
        out.entry(c.tag_name().name().to_ascii_lowercase())
            .or_insert_with(|| val(file, c));
    }
    out
}

/// What ConnectorPackageValidator.ps1 counts as "found": the element has child nodes or
/// attributes. It loads XML without keeping whitespace, so whitespace-only text is no child.
pub fn has_content(node: Node) -> bool {
    node.attributes().len() > 0
        || node.children().any(|c| {
            c.is_element() || (c.is_text() && c.text().is_some_and(|t| !t.trim().is_empty()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_placed() {
        let text = "<a>\n  <b></c>\n</a>";
        let (span, msg) = parse(text).err().unwrap();
        assert!(msg.contains("not well-formed"), "{msg}");
        assert_eq!(&text[..span.start as usize], "<a>\n  <b>");
    }

    #[test]
    fn whitespace_is_not_content_and_names_match_in_any_case() {
        let doc = parse("<r><Workflows>\n  </Workflows><connectors><Connector/></connectors></r>")
            .unwrap();
        let root = doc.root_element();
        assert!(!has_content(child(root, "workflows").unwrap()));
        assert!(has_content(child(root, "Connectors").unwrap()));
    }

    #[test]
    fn dtds_are_refused() {
        assert!(parse("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>").is_err());
    }
}
