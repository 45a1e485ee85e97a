//! Where each object of an OpenAPI 2.0 document sits ([`Loc`]), found once per document: the
//! rules that look at every object of a kind (texts, keywords, extensions) share one walk.

use super::{METHODS, Swagger};
use crate::json::{JsonRef, NodeId};

/// Where an object sits in an OpenAPI 2.0 document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    Root,
    Info,
    Contact,
    License,
    PathItem,
    Operation,
    /// A parameter object (or a `{"$ref": ...}` to one).
    Parameter,
    /// `items` of a non-body parameter or of a header (a primitive items object).
    Items,
    /// A response object (or a `{"$ref": ...}` to one).
    Response,
    /// A response header.
    Header,
    /// A schema object (definitions, body and response schemas and everything below them).
    Schema,
    SecurityScheme,
    Tag,
    ExternalDocs,
    Xml,
    /// `x-ms-notification-content` of a path item or an operation (an extension object).
    NotificationContent,
}

impl Loc {
    /// How a message names the location.
    pub fn describe(self) -> &'static str {
        match self {
            Loc::Root => "the document root",
            Loc::Info => "`info`",
            Loc::Contact => "`info.contact`",
            Loc::License => "`info.license`",
            Loc::PathItem => "a path item",
            Loc::Operation => "an operation",
            Loc::Parameter => "a parameter",
            Loc::Items => "the `items` of a parameter or header",
            Loc::Response => "a response",
            Loc::Header => "a response header",
            Loc::Schema => "a schema",
            Loc::SecurityScheme => "a security definition",
            Loc::Tag => "a tag",
            Loc::ExternalDocs => "`externalDocs`",
            Loc::Xml => "`xml`",
            Loc::NotificationContent => "`x-ms-notification-content`",
        }
    }

    /// Whether a `$ref` is a legal member at this location (the reference objects of OpenAPI 2.0).
    pub fn admits_ref(self) -> bool {
        matches!(
            self,
            Loc::PathItem | Loc::Parameter | Loc::Response | Loc::Schema
        )
    }
}

type Stack<'a> = Vec<(Loc, JsonRef<'a>)>;

fn each_value<'a>(stack: &mut Stack<'a>, loc: Loc, map: JsonRef<'a>) {
    stack.extend(map.members().map(|(_, v)| (loc, v)));
}

/// Calls `f` for every object of the definition that OpenAPI 2.0 gives a meaning to, once each,
/// with its location. Extension values (`x-...`), examples and defaults are not entered, except
/// `x-ms-notification-content`, whose `schema` is a real schema. `$ref`s are not followed: each
/// target is visited where it is defined.
pub fn walk<'a>(sw: &Swagger<'a>, mut f: impl FnMut(Loc, JsonRef<'a>)) {
    for (loc, node) in sw.located() {
        f(loc, node);
    }
}

/// The objects [`walk`] visits, in its order: found once per document ([`Swagger::located`]).
pub(super) fn locate(root: JsonRef<'_>) -> Vec<(Loc, NodeId)> {
    let mut found = Vec::new();
    let mut stack: Stack<'_> = vec![(Loc::Root, root)];
    while let Some((loc, node)) = stack.pop() {
        if !node.is_object() {
            continue;
        }
        found.push((loc, node.id()));
        // One pass over the members (a duplicated key is entered twice, which is harmless).
        for (key, value) in node.members() {
            let child = match (loc, key) {
                (Loc::Root, "info") => Loc::Info,
                (Loc::Root | Loc::Operation | Loc::Tag | Loc::Schema, "externalDocs") => {
                    Loc::ExternalDocs
                }
                (Loc::Root, "tags") => {
                    stack.extend(value.items().map(|t| (Loc::Tag, t)));
                    continue;
                }
                (Loc::Root, "paths") => {
                    for (path, item) in value.members() {
                        if !path.starts_with("x-") {
                            stack.push((Loc::PathItem, item));
                        }
                    }
                    continue;
                }
                (Loc::Root, "definitions") | (Loc::Schema, "properties") => {
                    each_value(&mut stack, Loc::Schema, value);
                    continue;
                }
                (Loc::Root, "parameters") => {
                    each_value(&mut stack, Loc::Parameter, value);
                    continue;
                }
                (Loc::Root, "responses") => {
                    each_value(&mut stack, Loc::Response, value);
                    continue;
                }
                (Loc::Root, "securityDefinitions") => {
                    each_value(&mut stack, Loc::SecurityScheme, value);
                    continue;
                }
                (Loc::Info, "contact") => Loc::Contact,
                (Loc::Info, "license") => Loc::License,
                (Loc::PathItem | Loc::Operation, "parameters") => {
                    stack.extend(value.items().map(|p| (Loc::Parameter, p)));
                    continue;
                }
                (Loc::PathItem | Loc::Operation, "x-ms-notification-content") => {
                    Loc::NotificationContent
                }
                (Loc::PathItem, method) if METHODS.contains(&method) => Loc::Operation,
                (Loc::Operation, "responses") => {
                    for (code, r) in value.members() {
                        if !code.starts_with("x-") {
                            stack.push((Loc::Response, r));
                        }
                    }
                    continue;
                }
                (Loc::Parameter | Loc::Response | Loc::NotificationContent, "schema") => {
                    Loc::Schema
                }
                (Loc::Parameter | Loc::Items | Loc::Header, "items") => Loc::Items,
                (Loc::Response, "headers") => {
                    each_value(&mut stack, Loc::Header, value);
                    continue;
                }
                (Loc::Schema, "items") => {
                    if value.is_array() {
                        stack.extend(value.items().map(|i| (Loc::Schema, i)));
                        continue;
                    }
                    Loc::Schema
                }
                (Loc::Schema, "additionalProperties") => Loc::Schema,
                (Loc::Schema, "allOf") => {
                    stack.extend(value.items().map(|s| (Loc::Schema, s)));
                    continue;
                }
                (Loc::Schema, "xml") => Loc::Xml,
                _ => continue,
            };
            stack.push((child, value));
        }
    }
    found
}
