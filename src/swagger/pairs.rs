//! What diff rules judge: operations paired across the two versions, and their fields.

use crate::json::JsonRef;
use crate::swagger::{Operation, Swagger};

/// An operation of the old version, the new version, or both.
pub struct OperationPair<'s, 'a> {
    pub old: Option<&'s Operation<'a>>,
    pub new: Option<&'s Operation<'a>>,
    pub old_sw: &'s Swagger<'a>,
    pub new_sw: &'s Swagger<'a>,
    /// The operationId the validator names the operation by (the old one when the operationId
    /// changed: that is the operation flows lose), or `METHOD /path` for an operation without one.
    pub key: String,
}

impl<'a> OperationPair<'_, 'a> {
    /// `operation/<operationId>`, the validator's ValuePath of the operation.
    pub fn value_path(&self) -> String {
        format!("operation/{}", self.key)
    }
    /// `` `operationId` `` for messages.
    pub fn label(&self) -> String {
        format!("`{}`", self.key)
    }
    /// Both sides, when the operation exists in both versions.
    pub fn both(&self) -> Option<(&Operation<'a>, &Operation<'a>)> {
        self.old.zip(self.new)
    }
}

/// Where a field sits in an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A parameter object (`in` says where it goes).
    Parameter,
    /// The schema of a body parameter, of a response, or of a webhook payload.
    SchemaRoot,
    /// A property of an object schema.
    Property,
    /// The `items` of an array.
    Items,
}

/// Inputs are what flows send; outputs are what they read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRole {
    Input,
    Output,
}

/// One side of a field: the object that describes it, `$ref` resolved.
#[derive(Clone, Copy)]
pub struct Field<'a> {
    /// The parameter or schema object (the `$ref` target when it is a reference).
    pub node: JsonRef<'a>,
    /// Where the field is written: the property, parameter entry or `items` value, `$ref` or not.
    pub site: JsonRef<'a>,
    pub kind: FieldKind,
    /// Required by its parameter's `required` flag or its parent schema's `required` list.
    pub required: bool,
    /// The object schema listing this property (for properties).
    pub parent: Option<JsonRef<'a>>,
}

impl<'a> Field<'a> {
    /// A schema written at `site` (resolved through `$ref`s in `sw`).
    pub(crate) fn schema(
        sw: &crate::swagger::Swagger<'a>,
        site: JsonRef<'a>,
        kind: FieldKind,
        required: bool,
    ) -> Field<'a> {
        Field {
            node: sw.resolve(site).unwrap_or(site),
            site,
            kind,
            required,
            parent: None,
        }
    }

    /// `type`, as written (a non-string `type` is shown as its JSON text).
    pub fn ty(&self) -> Option<&'a str> {
        self.node.get("type").map(|t| t.as_str().unwrap_or(t.raw()))
    }
    pub fn format(&self) -> Option<&'a str> {
        self.node
            .get("format")
            .map(|t| t.as_str().unwrap_or(t.raw()))
    }
    /// The `enum` array, when it is one.
    pub fn enum_list(&self) -> Option<JsonRef<'a>> {
        self.node.get("enum").filter(|e| e.is_array())
    }
    pub fn default(&self) -> Option<JsonRef<'a>> {
        self.node.get("default")
    }
    pub fn has_default(&self) -> bool {
        self.default().is_some_and(|d| !d.is_null())
    }
    /// `x-ms-visibility`, read from the site first (a property may override its `$ref` target).
    pub fn visibility(&self) -> Option<&'a str> {
        self.site
            .get_str("x-ms-visibility")
            .or_else(|| self.node.get_str("x-ms-visibility"))
    }
    pub fn is_internal(&self) -> bool {
        self.visibility() == Some("internal")
    }
    /// The parameter's `in` (for parameters).
    pub fn location(&self) -> Option<&'a str> {
        self.node.get_str("in")
    }
    /// The node to point at for an attribute: its value when present, else the object that lacks
    /// it (the `$ref` target, where the attribute was removed, when the field is a reference).
    pub fn attr(&self, name: &str) -> JsonRef<'a> {
        self.node.get(name).unwrap_or(self.node)
    }
    /// The `required` list entry or flag that makes this field required, else the field itself.
    pub fn required_node(&self) -> JsonRef<'a> {
        match (self.kind, self.parent) {
            (FieldKind::Property, Some(parent)) => {
                let name = self.site.key().unwrap_or_default();
                parent
                    .get("required")
                    .and_then(|r| r.items().find(|i| i.as_str() == Some(name)))
                    .unwrap_or(self.site)
            }
            _ => self.node.get("required").unwrap_or(self.site),
        }
    }
}

/// A field of an operation in the old version, the new version, or both.
pub struct FieldPair<'a> {
    /// The validator's ValuePath of the field, e.g.
    /// `operation/CreateItem/parameter/body/schema/name`.
    pub path: String,
    /// The field as a reader would name it, e.g. `body.name` or `items[].id`.
    pub label: String,
    pub role: FieldRole,
    pub old: Option<Field<'a>>,
    pub new: Option<Field<'a>>,
    /// For a removed field: the field added beside it whose name is so close that it is likely
    /// the same one renamed.
    pub likely_rename: Option<&'a str>,
}

impl<'a> FieldPair<'a> {
    pub fn both(&self) -> Option<(&Field<'a>, &Field<'a>)> {
        self.old.as_ref().zip(self.new.as_ref())
    }
    /// Only in the old version.
    pub fn removed(&self) -> Option<&Field<'a>> {
        self.old.as_ref().filter(|_| self.new.is_none())
    }
    /// Only in the new version.
    pub fn added(&self) -> Option<&Field<'a>> {
        self.new.as_ref().filter(|_| self.old.is_none())
    }
    /// The ValuePath of one of the field's attributes, e.g. `.../name/type`.
    pub fn attr_path(&self, attr: &str) -> String {
        format!("{}/{attr}", self.path)
    }
    /// How messages name the field: `input `body.name`` or `output `id``; an output schema
    /// itself (which has no name) is `the response schema` or `the webhook payload`.
    pub fn describe(&self) -> String {
        if self.label.is_empty() {
            let payload = self.path.contains("/responses/x-ms-notification-content/");
            return if payload {
                "the webhook payload"
            } else {
                "the response schema"
            }
            .to_owned();
        }
        let what = match (self.role, self.kind()) {
            (FieldRole::Input, FieldKind::Parameter) => "parameter",
            (FieldRole::Input, _) => "input",
            (FieldRole::Output, _) => "output",
        };
        format!("{what} `{}`", self.label)
    }
    pub fn kind(&self) -> FieldKind {
        self.new
            .or(self.old)
            .map_or(FieldKind::Property, |f| f.kind)
    }
}

/// The response an operation's outputs come from: the first 2xx response with a schema, else
/// `default` with a schema, else the first 2xx response.
#[derive(Clone, Copy)]
pub struct SuccessResponse<'a> {
    pub code: &'a str,
    pub node: JsonRef<'a>,
    pub site: JsonRef<'a>,
    pub schema: Option<JsonRef<'a>>,
}
