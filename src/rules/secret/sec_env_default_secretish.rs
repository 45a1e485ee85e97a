//! ## What it checks
//! That an environment variable whose schema name says secret, password, key or token (for
//! example `cr123_ClientSecret`, `cr123_ApiKey`) has no `<defaultvalue>` in its
//! `environmentvariabledefinition.xml`, and that no default value of any variable looks like a
//! credential (a well-known token format, a connection string with a password). Names of ids,
//! URLs and names (`cr123_KeyVaultName`, `cr123_TokenUrl`) are not secrets, and a name that
//! only ends in `key` (`cr123_PartitionKey`) counts when the default looks random. Secret-typed
//! variables (`100000005`), whose value is a Key Vault reference, are `sec-keyvault-ref`'s.
//! The message gives the value's length, never the value.
//!
//! This is a heuristic: a name is only a hint, so it warns.
//!
//! ## Why it matters
//! The default value is part of the definition: it travels into every environment the solution
//! is imported into, in clear text, and is used wherever no current value is set.
//!
//! ## Example
//! ```xml
//! <environmentvariabledefinition schemaname="cr123_ApiKey">
//!   <defaultvalue>9f86d081884c7d65…</defaultvalue>
//!   <type>100000000</type>
//! ```
//! Use instead: no default; make the variable Secret-typed (Azure Key Vault) and set its value
//! per environment.
//!
//! ## Fix safety
//! No fix: the rule is a heuristic; whether the default is a secret, and where its value should live instead, is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/environmentvariables>
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets>
//! - <https://github.com/microsoft/coe-starter-kit/tree/main/CenterofExcellenceCoreComponents/SolutionPackage/src/environmentvariabledefinitions>
use crate::rules::util::leaks;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SecEnvDefaultSecretish;

impl SolutionRule for SecEnvDefaultSecretish {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for v in input.solutions.iter().flat_map(|s| &s.environment_variables) {
            if v.type_code() == Some("100000005") {
                continue;
            }
            let Some(default) = v.get("defaultvalue") else {
                continue;
            };
            let value = default.trimmed();
            if leaks::is_placeholder(value) || leaks::is_reference(value) {
                continue;
            }
            let name = v.name();
            let why = if leaks::strong_secret_name(&name)
                || (leaks::secret_name(&name) && leaks::random_looking(value))
            {
                "its name says it holds a secret".to_owned()
            } else if let Some(kind) = leaks::credential_kind(value) {
                format!("the value looks like {kind}")
            } else {
                continue;
            };
            cx.report_at(
                default.loc,
                format!(
                    "environment variable `{name}` has a default value ({}) and {why}",
                    leaks::shape(value)
                ),
            )
            .help("remove the default value; keep secrets in a Secret-typed variable backed by Azure Key Vault and set values per environment");
        }
    }
}
