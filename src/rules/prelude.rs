//! What a rule file needs, in one `use`.
pub use crate::connector::{Connector, FileKind, Profile};
pub use crate::diagnostic::Severity;
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
