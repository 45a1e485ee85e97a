//! ## What it checks
//! That each `policyTemplateInstances[].templateId` of a known template is written in lowercase
//! (`dynamichosturl`, `setheader`, `setproperty`, ...), not in a mixed-case variant such as
//! `dynamicHostUrl` or `SetProperty`.
//!
//! The repository schema accepts some mixed-case variants and merged connectors use them, so this
//! is a warning; unknown template ids are `props-policy-templates`' concern.
//!
//! ## Why it matters for certification
//! The lowercase ids are the canonical ones used by the documentation and by most merged
//! connectors; a reviewer-approved fix changed `dynamicHostUrl` to `dynamichosturl`, and not every
//! mixed-case spelling is accepted by the schema (`setProperty` is not, `SetProperty` is).
//!
//! ## Example
//! ```json
//! { "templateId": "dynamicHostUrl", "title": "Custom host", "parameters": { "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('host')" } }
//! ```
//! Use instead:
//! ```json
//! { "templateId": "dynamichosturl", "title": "Custom host", "parameters": { "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('host')" } }
//! ```
//!
//! ## Fix safety
//! Safe: the id is rewritten in lowercase, the form the platform knows; the policy and its parameters stay as they are.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2742>
use crate::rules::prelude::*;
use crate::rules::util::props::policy_template;

pub struct PolicyTemplateIdLowercase;

impl Rule for PolicyTemplateIdLowercase {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(list) = props.get("policyTemplateInstances") else { return };
        for item in list.items() {
            let Some(id_node) = item.get("templateId") else { continue };
            let Some(id) = id_node.as_str() else { continue };
            let Some(template) = policy_template(id) else { continue };
            if id != template.id {
                cx.report(
                    id_node,
                    format!("template id `{id}` should be written in lowercase, `{}`", template.id),
                )
                .fix(Fix::safe("Write the template id in lowercase", vec![set_string(id_node, template.id)]));
            }
        }
    }
}
