//! ## What it checks
//! That an update keeps the policy templates (`policyTemplateInstances`) of the previous
//! version: an instance with no identical one in the new version (removed, or its template or
//! parameters changed) is reported.
//!
//! ## Why it matters for certification
//! Policy templates change requests and responses at run time: the host a connection calls
//! (`dynamichosturl`), headers, query parameters, routes, paging links. Removing or changing one
//! changes what existing flows send and receive without any change to the definition, which
//! `ppcert diff` on the definition alone cannot see; reviewers ask about it on updates.
//!
//! ## Example
//! Before: `{ "templateId": "dynamichosturl", "parameters": { "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('region').contoso.com" } }`;
//! after: no `dynamichosturl` instance.
//!
//! Use instead: keep the instance, or say in the pull request why the behaviour changes.
//!
//! ## Fix safety
//! No fix: only the author knows whether the change is intended.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/policy-templates>
//! - Review thread: PowerPlatformConnectors #1680 (tests/review_study)
use crate::rules::prelude::*;

pub struct PolicyTemplateRemoved;

impl DiffRule for PolicyTemplateRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Props]
    }

    fn props(&self, cx: &mut DiffChecker, old: JsonRef, new: JsonRef) {
        let Some(before) = old.get("policyTemplateInstances") else {
            return;
        };
        let after: Vec<JsonRef> = new
            .get("policyTemplateInstances")
            .map(|a| a.items().collect())
            .unwrap_or_default();
        for instance in before.items() {
            if after.iter().any(|a| a.json_eq(&instance)) {
                continue;
            }
            let id = instance.get_str("templateId").unwrap_or("?");
            let title = instance
                .get_str("title")
                .map(|t| format!(" (\"{t}\")"))
                .unwrap_or_default();
            let same_template = after.iter().any(|a| {
                a.get_str("templateId")
                    .is_some_and(|t| t.eq_ignore_ascii_case(id))
                    && a.get_str("title") == instance.get_str("title")
            });
            let what = if same_template { "changed" } else { "removed" };
            let at = new.get("policyTemplateInstances").unwrap_or(new);
            cx.report_key(
                at,
                "",
                format!("policy template `{id}`{title} was {what}; requests and responses of existing flows change with it"),
            )
            .help("keep the policy, or say in the pull request why the behaviour changes");
        }
    }
}
