//! ## What it checks
//! That the connector folder sits where its certification track says, directly below the
//! repository's folder for that track: `certified-connectors/<Name>/` for verified publishers,
//! `independent-publisher-connectors/<Name>/` for independent publishers and
//! `custom-connectors/<Name>/` for samples that will not be published. Two mistakes are reported:
//!
//! - a connector nested deeper (`certified-connectors/Contoso/v2/`) or placed in the track folder
//!   itself;
//! - a connector linted as one profile (`--profile`) while it sits in another track's folder.
//!
//! A folder outside any of these three (a connector kept in its own repository) is not reported:
//! ppcert cannot know where it will go. The target branch (`dev`) cannot be checked from files.
//!
//! ## Why it matters for certification
//! The repository's pipelines and reviewers decide the track from the folder: the certification
//! rules only run on `certified-connectors/` and `independent-publisher-connectors/`, and
//! reviewers move certified submissions out of `custom-connectors/` (#570, #713).
//!
//! ## Example
//! `certified-connectors/Contoso/Contoso Invoices/apiDefinition.swagger.json`
//!
//! Use instead: `certified-connectors/Contoso Invoices/apiDefinition.swagger.json`
//!
//! ## Fix safety
//! No fix: fixes are text edits, and moving the connector folder (or choosing another profile) is the author's step.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/570>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/713>
use crate::rules::prelude::*;

pub struct PrFolderByProfile;

fn track_folder(p: Profile) -> &'static str {
    match p {
        Profile::Certified => "certified-connectors",
        Profile::IndependentPublisher => "independent-publisher-connectors",
        Profile::Custom => "custom-connectors",
    }
}

impl Rule for PrFolderByProfile {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let abs = std::path::absolute(&c.folder).unwrap_or_else(|_| c.folder.clone());
        let parts: Vec<String> = abs
            .components()
            .map(|p| p.as_os_str().to_string_lossy().into_owned())
            .collect();
        // the nearest track folder above (or at) the connector folder
        let Some((at, track)) = parts.iter().enumerate().rev().find_map(|(i, p)| {
            // Any case: on Windows and macOS `Certified-Connectors` is the same folder.
            Profile::ALL.iter().find(|t| track_folder(**t).eq_ignore_ascii_case(p)).map(|t| (i, *t))
        }) else {
            return;
        };
        let depth = parts.len() - 1 - at;
        let folder = track_folder(track);
        if depth == 0 {
            cx.report_path(
                &c.display,
                format!("the connector files are directly in `{folder}/`; they belong in a sub-folder `{folder}/<Name>/`"),
            );
        } else if depth > 1 {
            let nested = parts[at + 1..].join("/");
            cx.report_path(
                &c.display,
                format!("the connector folder `{folder}/{nested}/` is nested; it must be `{folder}/<Name>/`"),
            )
            .help(format!("move the files to `{folder}/{}/`", parts.last().map_or("<Name>", String::as_str)));
        }
        if track != c.profile {
            cx.report_path(
                &c.display,
                format!(
                    "the connector is linted as {} but sits in `{folder}/`; {} connectors belong in `{}/`",
                    c.profile.as_str(),
                    c.profile.as_str(),
                    track_folder(c.profile)
                ),
            );
        }
    }
}
