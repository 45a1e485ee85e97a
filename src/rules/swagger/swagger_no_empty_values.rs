//! ## What it checks
//! That strings the platform needs are not empty (`""`) or made of spaces only.
//!
//! Reported as errors (a value is required there, or an empty one does harm):
//! - `info.title`, `info.version`, `info.contact.name`, `info.license.name`;
//! - operation `operationId`, `summary` and `description`;
//! - parameter `name`, `description` and `x-ms-summary`;
//! - response `description` (required by OpenAPI 2.0);
//! - `x-ms-summary` anywhere: an empty display name replaces the fallback to the property or
//!   parameter name, so the designer shows an unlabelled field;
//! - tag `name`, `externalDocs.url`, and the `name`, `authorizationUrl` and `tokenUrl` of
//!   security definitions.
//!
//! Reported as warnings (optional text that says nothing): `info.description` and
//! `info.termsOfService`, schema, header, tag and security-definition `description`.
//!
//! For custom connectors (profile `custom`), where summaries and descriptions are not required,
//! empty operation summaries and descriptions and empty parameter and info descriptions are
//! warnings; for certified and independent-publisher connectors the certification rules require
//! them, so `info.description`, operation summaries and descriptions and parameter descriptions
//! are errors.
//!
//! This rule owns every empty string in the places above: the rules about one field
//! (`title-required`, `operation-summary-required`, `param-description-required`,
//! `operationid-required`, `info-version`, `contact-required`, `description-length`,
//! `security-definitions-valid`, ...) report it missing or of the wrong type, never blank, so
//! one empty value is one finding. As those rules do, an empty summary or description of an
//! `x-ms-visibility: internal` operation is only a warning: users never see it.
//!
//! Reported as notes: schema `title: ""`, which the custom-connector wizard writes on every
//! property (131 merged connectors carry it) and which the designer ignores when the property
//! has an `x-ms-summary`; reviewers still ask for it to go (#1747), and `--fix` removes it.
//!
//! Not reported: empty `default`, `enum` and example values, which are legitimate data; and
//! values other rules own (`host`, `basePath`, contact URL and e-mail, `x-ms-visibility`,
//! `format`, MIME types, connector metadata).
//!
//! ## Why it matters for certification
//! The Swagger Validator reports empty required values (`RequiredValueEmpty`), and reviewers ask
//! for every empty string to be filled (#3647 had 281 of them). An empty summary, description or
//! display name leaves users of the connector without guidance.
//!
//! ## Example
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "", "description": "" }
//! ```
//! Use instead:
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top",
//!   "description": "The maximum number of items to return." }
//! ```
//!
//! ## Fix safety
//! Safe for optional keys: the empty member is removed (an empty optional value means nothing). Required keys get no fix: their text is the author's to write.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3647>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::document::{Loc, is_blank, walk};

pub struct SwaggerNoEmptyValues;

/// How an empty value at a key is judged.
#[derive(Clone, Copy)]
enum Need {
    /// Always an error.
    Required,
    /// An error for certified and independent-publisher connectors, a warning for custom ones.
    Certification,
    /// A warning.
    Optional,
    /// A note: leftovers of the portal's wizard.
    Leftover,
}

fn need(loc: Loc, key: &str) -> Option<Need> {
    use Need::*;
    if key == "x-ms-summary" {
        return (loc != Loc::NotificationContent).then_some(Required);
    }
    Some(match (loc, key) {
        (Loc::Info, "title" | "version") => Required,
        (Loc::Info, "description") => Certification,
        (Loc::Info, "termsOfService") => Optional,
        (Loc::Contact | Loc::License, "name") => Required,
        (Loc::Operation, "operationId") => Required,
        (Loc::Operation, "summary" | "description") => Certification,
        (Loc::Parameter, "name") => Required,
        (Loc::Parameter, "description") => Certification,
        (Loc::Response, "description") => Required,
        (Loc::Schema | Loc::Header | Loc::Tag | Loc::SecurityScheme, "description") => Optional,
        (Loc::Schema, "title") => Leftover,
        (Loc::Tag, "name") => Required,
        (Loc::ExternalDocs, "url") => Required,
        (Loc::SecurityScheme, "name" | "authorizationUrl" | "tokenUrl") => Required,
        _ => return None,
    })
}

impl Rule for SwaggerNoEmptyValues {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn weight(&self) -> u16 {
        18
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let custom = cx.profile() == Profile::Custom;
        walk(sw, |loc, node| {
            for (key, value) in node.members() {
                let Some(text) = value.as_str() else { continue };
                if !is_blank(text) {
                    continue;
                }
                let Some(need) = need(loc, key) else { continue };
                let internal_operation = loc == Loc::Operation
                    && node
                        .get_str("x-ms-visibility")
                        .is_some_and(|v| v.eq_ignore_ascii_case("internal"));
                let severity = match need {
                    Need::Required => Severity::Error,
                    Need::Certification if !custom && !internal_operation => Severity::Error,
                    Need::Certification | Need::Optional => Severity::Warning,
                    Need::Leftover => Severity::Info,
                };
                let how = if text.is_empty() { "empty" } else { "blank" };
                let d = cx
                    .report(value, format!("`{key}` of {} is {how}", loc.describe()))
                    .severity(severity);
                if matches!(need, Need::Optional | Need::Leftover) {
                    d.help("write a real value or remove the key");
                    if let Some(edit) = util::edits::remove_member(node, key) {
                        d.fix(Fix::safe(format!("Remove the empty `{key}`"), vec![edit]));
                    }
                } else {
                    d.help("write a real value");
                }
            }
        });
    }
}
