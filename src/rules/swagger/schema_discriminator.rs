//! ## What it checks
//! That a schema's `discriminator` names one of its properties (looked up through `$ref` and
//! `allOf`), that this property is a `string`, and that it is listed in `required`.
//!
//! ## Why it matters for certification
//! The discriminator tells which subtype an instance is; it only works when every instance has
//! it as a string. The Swagger Validator rejects anything else with
//! `DiscriminatorMustBeARequiredStringProperty`.
//!
//! ## Example
//! ```json
//! "Pet": {
//!   "type": "object",
//!   "discriminator": "petType",
//!   "properties": { "petType": { "type": "integer" } }
//! }
//! ```
//! Use instead:
//! ```json
//! "Pet": {
//!   "type": "object",
//!   "discriminator": "petType",
//!   "required": ["petType"],
//!   "properties": { "petType": { "type": "string" } }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the discriminator must name the property the service sends its subtype in, which ppcert cannot know; adding it to `required` or changing its type would change what flows send and accept.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use util::schemas::{find_property, object_scopes, requires, type_of};

pub struct SchemaDiscriminator;

impl Rule for SchemaDiscriminator {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Schema]
    }

    fn schema(&self, cx: &mut Checker, sw: &Swagger, schema: &Schema) {
        let Some(value) = schema.node.get("discriminator") else {
            return;
        };
        let Some(name) = value.as_str() else {
            cx.report(value, "`discriminator` must be the name of a property");
            return;
        };
        let Some(property) =
            object_scopes(sw, schema.node).find_map(|s| find_property(sw, s, name))
        else {
            cx.report(value, format!("discriminator `{name}` is not a property of this schema"))
                .help("name a required string property defined in `properties`");
            return;
        };
        let resolved = sw.resolve(property).unwrap_or(property);
        match type_of(resolved) {
            Some("string") => {}
            Some(t) => {
                cx.report(value, format!("discriminator `{name}` is of type `{t}`; it must be a string"));
            }
            None => {
                cx.report(value, format!("discriminator `{name}` has no `type`; it must be a string"));
            }
        }
        if !object_scopes(sw, schema.node).any(|s| requires(sw, s, name)) {
            cx.report(value, format!("discriminator `{name}` is not listed in `required`"))
                .help(format!("add `{name}` to the schema's `required` array"));
        }
    }
}
