//! ## What it checks
//! Lists the values of Secret-typed environment variables (`<type>100000005</type>`) that travel
//! with the solution — a `<defaultvalue>` in the definition or a current value in
//! `environmentvariablevalues.json` — and any other value shaped like an Azure Key Vault secret
//! reference (`/subscriptions/…/providers/Microsoft.KeyVault/vaults/…/secrets/…`). The finding
//! says what the reference names, never the names themselves.
//!
//! ## Why it matters
//! A Secret-typed variable never holds the secret: its value is a reference to a secret in
//! Azure Key Vault, made of a subscription id, a resource group, a vault name and a secret
//! name. That is not a secret, but it belongs to one environment: imported elsewhere, the
//! variable points at the first environment's vault (which the target may not be allowed to
//! read). This is information for review, not a defect.
//!
//! ## Example
//! ```json
//! "value": "/subscriptions/…/resourceGroups/rg-dev/providers/Microsoft.KeyVault/vaults/kv-dev/secrets/ContosoApiKey"
//! ```
//! Review: remove the value before exporting and set the reference per environment (deployment
//! settings file), or keep it if every target uses the same vault.
//!
//! ## Fix safety
//! No fix: the finding is for review; whether every target environment uses the same vault only the author knows.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets>
use crate::rules::util::leaks;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SecKeyvaultRef;

const HELP: &str = "set the reference per environment (deployment settings file) unless every target environment uses the same vault";

const NAMES: &str =
    "a Key Vault reference naming one environment's subscription, resource group, vault and secret";

fn is_vault_reference(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    l.contains("/subscriptions/") && l.contains("microsoft.keyvault/vaults/")
}

impl SolutionRule for SecKeyvaultRef {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for v in &s.environment_variables {
                let secret = v.type_code() == Some("100000005");
                if let Some(default) = v.get("defaultvalue")
                    && (secret || is_vault_reference(default.trimmed()))
                {
                    let kind = if secret {
                        "Secret-typed environment variable"
                    } else {
                        "environment variable"
                    };
                    let message = format!(
                        "{kind} `{}` has a default value ({}): {NAMES}",
                        v.name(),
                        leaks::shape(default.trimmed())
                    );
                    cx.report_at(default.loc, message).help(HELP);
                }
            }
            for file in &s.environment_values {
                let variable = s.environment_variables.iter().find(|v| {
                    v.value_file
                        .as_ref()
                        .is_some_and(|p| s.tree.display_of(p) == file.display)
                });
                let secret = variable.is_some_and(|v| v.type_code() == Some("100000005"));
                let Some(doc) = file.doc() else { continue };
                for node in doc.root().descendants() {
                    let Some(value) = node.as_str().map(str::trim).filter(|v| !v.is_empty()) else {
                        continue;
                    };
                    let is_value = node.key().is_some_and(|k| k.eq_ignore_ascii_case("value"));
                    if !((secret && is_value) || is_vault_reference(value)) {
                        continue;
                    }
                    let name = variable.map_or_else(|| "?".to_owned(), |v| v.name());
                    let message = format!(
                        "environment variable `{name}` has a current value ({}): {NAMES}",
                        leaks::shape(value)
                    );
                    cx.report_json(file, node, message).help(HELP);
                }
            }
        }
    }
}
