//! `readme.md` and `intro.md`, from the templates in `templates/`.
//!
//! The readme follows the repository's readme template for the track (the headings
//! `readme-sections-certified` and `readme-sections-ip` check: Publisher, Prerequisites,
//! Supported Operations, Obtaining Credentials, Known Issues and Limitations, Deployment
//! Instructions), the intro the certification package's `intro.md` structure (`intro-structure`).
//! The template's own placeholders (`Required. ...`, `Publisher's Name`) are replaced by `TODO:`
//! lines, which `placeholder-todo` reports as warnings instead of failing the readme rules.

use super::definition::{auth_type, operations};
use crate::connector::Profile;
use crate::deploy::ordered::Json;
use std::fmt::Write as _;

const README: &str = include_str!("templates/readme.md");
const INTRO: &str = include_str!("templates/intro.md");

const DESCRIPTION_TODO: &str = "TODO: one paragraph, two or three sentences, about the service and what the connector does with it.";

/// What users read about credentials, for the authentication the definition declares.
fn credentials(definition: &Json, profile: Profile) -> &'static str {
    match auth_type(definition).as_deref() {
        Some("apiKey") => {
            "TODO: how users get an API key for the service (where to sign up, where the key is shown)."
        }
        Some("basic") => {
            "TODO: which user name and password users sign in with, and how they get them."
        }
        Some(_) if profile == Profile::IndependentPublisher => {
            "TODO: step-by-step instructions to register the OAuth app (redirect URL, scopes), which Microsoft follows to create the connector's app."
        }
        Some(_) => {
            "TODO: how users sign in, and step-by-step instructions to register the OAuth app (redirect URL, scopes)."
        }
        None => {
            "TODO: how users get credentials for the service, or that it needs none (the definition declares no authentication yet)."
        }
    }
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}

/// The readme of `name`: its description when the definition has a real one, its operations.
pub fn readme(name: &str, profile: Profile, definition: &Json) -> String {
    let description = definition
        .get("info")
        .and_then(|i| i.str_at("description"))
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.starts_with("TODO:"))
        .unwrap_or(DESCRIPTION_TODO);
    let publisher = match profile {
        Profile::Certified => "## Publisher: TODO: your company or organization\n\n",
        Profile::IndependentPublisher => {
            "## Publisher: TODO: your first and last name, or your company (several publishers: separated by commas)\n\n"
        }
        // Custom connectors are samples: nobody publishes them.
        Profile::Custom => "",
    };
    let mut ops = String::new();
    for (summary, description) in operations(definition) {
        let _ = writeln!(ops, "### {summary}");
        let text = description.unwrap_or_else(|| "TODO: what this operation does.".into());
        let _ = writeln!(ops, "{text}\n");
    }
    if ops.is_empty() {
        ops.push_str("TODO: the connector's actions and triggers, one `###` heading each.\n\n");
    }
    fill(
        README,
        &[
            ("title", name),
            ("description", description),
            ("publisher", publisher),
            ("operations", &ops),
            ("credentials", credentials(definition, profile)),
        ],
    )
}

/// The `intro.md` of the certification package.
pub fn intro(profile: Profile, definition: &Json) -> String {
    fill(INTRO, &[("credentials", credentials(definition, profile))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_is_filled() {
        let def =
            super::super::definition::definition("Contoso", Profile::Certified, None).unwrap();
        for profile in Profile::ALL {
            assert!(!readme("Contoso", profile, &def).contains("{{"));
            assert!(!intro(profile, &def).contains("{{"));
        }
        assert!(readme("Contoso", Profile::Certified, &def).contains("### List items\nTODO:"));
        assert!(!readme("Contoso", Profile::Custom, &def).contains("Publisher"));
    }
}
