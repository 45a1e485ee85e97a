//! What a rule file needs, in one `use`.
pub use crate::connector::{Connector, FileKind, Profile};
pub use crate::diagnostic::Severity;
pub use crate::fix::{Edit, Fix};
pub use crate::json::{JsonRef, JsonType};
pub use crate::props::{ConnectionParameter, Props};
pub use crate::rules::util;
pub use crate::rules::{Checker, DiffChecker, DiffKind, DiffRule};
pub use crate::rules::{NodeKind, Rule};
pub use crate::swagger::pairs::{
    Field, FieldKind, FieldPair, FieldRole, OperationPair, SuccessResponse,
};
pub use crate::swagger::{
    Edge, Operation, Origin, ParamLevel, Parameter, Response, Role, Schema, Swagger,
};

/// An edit replacing the JSON string at `node` with `text` (encoded, quotes and all).
pub fn set_string(node: JsonRef<'_>, text: &str) -> Edit {
    let span = node.span();
    Edit::string((span.start as usize, span.end as usize), text)
}

/// An edit replacing the value at `node` with `json` (JSON text, written as given).
pub fn set_raw(node: JsonRef<'_>, json: &str) -> Edit {
    let span = node.span();
    Edit::replace((span.start as usize, span.end as usize), json)
}
