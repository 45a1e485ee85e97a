//! ## What it checks
//! An operation's `x-ms-pageable` extension:
//! - it is an object with a `nextLinkName`;
//! - `nextLinkName` is `nextLink` or `@odata.nextLink` (`InvalidNextLinkNameValue`);
//! - as warnings: the operation's static success response has that property at its root, and
//!   `apiProperties.json` applies an `updatenextlink` policy template to the operation.
//!
//! Decisions:
//! - `nextLinkName` is compared ignoring case. Three merged certified operations use
//!   `nextlink`, matching the property their API returns.
//! - The policy check runs only when `apiProperties.json` is present and parses. An
//!   `updatenextlink` instance without `x-ms-apimTemplate-operationName` counts as applying to
//!   every operation. The check is a warning: about half of the merged pageable connectors do
//!   without the template.
//!
//! ## Why it matters for certification
//! The platform follows the property named by `nextLinkName` to fetch further pages, and the
//! Swagger Validator accepts only the two names above. The next link that a backend returns
//! points at the backend, not at the connector. Without `updatenextlink` the platform calls
//! that link directly, outside the connector and its authentication, and paging breaks.
//!
//! ## Example
//! ```json
//! "x-ms-pageable": { "nextLinkName": "next_page_url" }
//! ```
//! Use instead:
//! ```json
//! "x-ms-pageable": { "nextLinkName": "nextLink" }
//! ```
//! and in `apiProperties.json`:
//! ```json
//! "policyTemplateInstances": [{
//!   "templateId": "updatenextlink",
//!   "title": "Updates next link to make paging work",
//!   "parameters": {
//!     "x-ms-apimTemplate-operationName": ["ListOrders"],
//!     "x-ms-apimTemplateParameter.nextLinkPropertyName": "nextLink"
//!   }
//! }]
//! ```
//!
//! ## Fix safety
//! No fix: `nextLinkName` must be the property the service returns its next-page URL in, which ppcert cannot know, and adding an `updatenextlink` policy is a routing change for the author to decide.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::triggers::{self, Lookup};

pub struct PageableNextLink;

const ALLOWED: [&str; 2] = ["nextLink", "@odata.nextLink"];

impl Rule for PageableNextLink {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(ext) = op.node.get("x-ms-pageable") else {
            return;
        };
        if !ext.is_object() {
            cx.report(
                ext,
                format!(
                    "`x-ms-pageable` is {}; expected an object with `nextLinkName`",
                    triggers::a_type(ext)
                ),
            )
            .code("InvalidNextLinkNameValue");
            return;
        }
        let Some(name_node) = ext.get("nextLinkName") else {
            cx.report_key(ext, "`x-ms-pageable` has no `nextLinkName`")
                .code("InvalidNextLinkNameValue")
                .help("set `\"nextLinkName\": \"nextLink\"` or `\"@odata.nextLink\"`");
            return;
        };
        let Some(name) = name_node
            .as_str()
            .filter(|n| ALLOWED.iter().any(|a| a.eq_ignore_ascii_case(n)))
        else {
            cx.report(
                name_node,
                format!(
                    "`nextLinkName` is `{}`; expected `nextLink` or `@odata.nextLink`",
                    name_node.as_str().unwrap_or(name_node.raw())
                ),
            )
            .code("InvalidNextLinkNameValue")
            .help("return the next-page URL in a root property named `nextLink` or `@odata.nextLink`");
            return;
        };
        if let Some(schema) = triggers::success_schema(sw, op) {
            if let Lookup::Missing(_) = triggers::lookup_path(sw, schema, name) {
                let d = cx
                    .report(
                        name_node,
                        format!(
                            "the success response of {} has no `{name}` property at its root",
                            op.label()
                        ),
                    )
                    .severity(Severity::Warning);
                // A consistency check of ppcert's, not the validator's.
                d.validator_code = None;
            }
        }
        check_policy(cx, op, name_node);
    }
}

fn check_policy(cx: &mut Checker, op: &Operation, at: JsonRef) {
    let Some(props_file) = cx.connector().props.as_ref() else {
        return;
    };
    let Some(props) = props_file.doc() else {
        return;
    };
    let instances: Vec<JsonRef> = props
        .root()
        .get("properties")
        .and_then(|p| p.get("policyTemplateInstances"))
        .into_iter()
        .flat_map(|list| list.items())
        .filter(|i| {
            i.get_str("templateId")
                .is_some_and(|t| t.eq_ignore_ascii_case("updatenextlink"))
        })
        .collect();
    let applies = instances.iter().any(|i| {
        match i
            .get("parameters")
            .and_then(|p| p.get("x-ms-apimTemplate-operationName"))
        {
            None => true,
            Some(names) => match (op.operation_id(), names.as_str()) {
                (Some(id), Some(single)) => single == id,
                (Some(id), None) => names.items().any(|n| n.as_str() == Some(id)),
                (None, _) => false,
            },
        }
    });
    if applies {
        return;
    }
    let msg = if instances.is_empty() {
        format!(
            "{} is pageable but `apiProperties.json` has no `updatenextlink` policy template",
            op.label()
        )
    } else {
        format!(
            "{} is pageable but no `updatenextlink` policy template lists it in `x-ms-apimTemplate-operationName`",
            op.label()
        )
    };
    // Where the editor can take the author: the policy templates, else the properties.
    let props_root = props.root();
    let templates = props_root
        .get("properties")
        .and_then(|p| p.get("policyTemplateInstances"))
        .or_else(|| props_root.get("properties"))
        .unwrap_or(props_root)
        .span();
    let props_display = props_file.display.clone();
    let d = cx
        .report(at, msg)
        .severity(Severity::Warning)
        .help("add an `updatenextlink` policy template for the operation so next links are routed through the connector")
        .related(
            props_display,
            Some((templates.start as usize, templates.end as usize)),
            "the policy templates of apiProperties.json",
        );
    d.validator_code = None;
}
