//! The readme.md skeleton, and the findings about the generated files themselves.
//!
//! The readme has the headings `readme-sections-certified` and `readme-sections-ip` require, the
//! description and the operations from the input, and `Required. ...` lines — the repository
//! template's own placeholder style, which `ppcert lint` reports — where only the author knows
//! what to write.

use super::write::Written;
use super::{Options, PROPS_FILE, README_FILE, Reporter, ids};
use crate::connector::Profile;
use std::fmt::Write as _;

pub fn readme(out: &Written) -> String {
    let mut s = String::new();
    let title = if out.title.trim().is_empty() {
        "Connector name"
    } else {
        out.title.trim()
    };
    let _ = writeln!(s, "# {title}");
    match &out.description {
        Some(d) if !d.trim().is_empty() => {
            let _ = writeln!(s, "{}", d.trim());
        }
        _ => {
            let _ = writeln!(
                s,
                "Required. Two or three sentences about the service and what the connector does with it."
            );
        }
    }
    let _ = writeln!(s, "\n## Publisher: Publisher's Name\n");
    let _ = writeln!(
        s,
        "## Prerequisites\nRequired. What users need before they can use the connector (an account, a plan, a licence).\n"
    );
    let _ = writeln!(s, "## Supported Operations");
    for (summary, description) in &out.operations {
        let _ = writeln!(
            s,
            "### {}",
            if summary.is_empty() {
                "Operation"
            } else {
                summary
            }
        );
        match description {
            Some(d) if !d.trim().is_empty() => {
                let _ = writeln!(s, "{}", d.trim().lines().next().unwrap_or_default());
            }
            _ => {
                let _ = writeln!(s, "Required. What this operation does.");
            }
        }
    }
    let credentials = match out.auth {
        Some("apiKey") => "Required. How users get an API key for the service.",
        Some("basic") => {
            "Required. Which user name and password users sign in with, and how to get them."
        }
        Some(_) => {
            "Required. Step-by-step instructions to register the OAuth app (redirect URL, scopes) that Microsoft will create for the certified connector."
        }
        None => "No authentication is needed.",
    };
    let _ = writeln!(s, "\n## Obtaining Credentials\n{credentials}\n");
    let _ = writeln!(
        s,
        "## Known Issues and Limitations\nRequired. Known issues and limits (throttling, unsupported features), or \"None\".\n"
    );
    let _ = writeln!(
        s,
        "## Deployment Instructions\nRun `paconn create --api-def {} --api-prop {}` to deploy the connector as a custom connector.",
        super::SWAGGER_FILE,
        PROPS_FILE
    );
    s
}

pub fn output_notes(rep: &mut Reporter<'_>, opts: &Options, props: &str, readme: &str) {
    let folder = opts.connector.trim_end_matches('/');
    if opts.profile != Profile::IndependentPublisher {
        let at = props.find("\"iconBrandColor\"").unwrap_or(0);
        rep.in_output(
            ids::BRAND_COLOR_PLACEHOLDER,
            format!("{folder}/{PROPS_FILE}"),
            props,
            at,
            "/properties/iconBrandColor",
            "`iconBrandColor` is the placeholder `#007ee5`: set it to the background colour of the connector's icon",
        )
        .help("certified connectors may not use #007ee5 or #ffffff; independent publisher connectors use #da3b01");
    }
    rep.in_output(
        ids::README_SKELETON,
        format!("{folder}/{README_FILE}"),
        readme,
        0,
        "",
        "readme.md is a skeleton: write the publisher and replace each `Required.` line",
    );
}
