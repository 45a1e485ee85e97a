//! ## What it checks
//! The names of the connector's files:
//!
//! - the definition must be named `apiDefinition.swagger.json`: another name
//!   (`OpenAI.swagger.json`, `apiDefination.swagger.json`, `apiDefinition.json`) is an error,
//!   because the pipeline picks the file by that name and silently skips the others;
//! - `apiProperties.json` likewise (a misspelling such as `apiProperty.json` is an error);
//! - a name that only differs in case (`apidefinition.swagger.json`, `ApiProperties.json`) is a
//!   warning: the swagger pipeline matches it case-insensitively, but `paconn`, the templates and
//!   case-sensitive file systems expect the exact spelling;
//! - the conventional names `script.csx`, `icon.png`, `intro.md` and `settings.json` in another
//!   case or form (`Script.cs`, `connector-script.csx`, `Icon.PNG`) are warnings (for the script,
//!   the one ppcert lints; further script files are `script-single-file-csharp`'s).
//!
//! Readme names are free (`readme.md`, `README.md`, ... all appear in merged connectors).
//!
//! ## Why it matters for certification
//! The Swagger Validator and the apiProperties validator run on files selected by name; a
//! misnamed definition escapes validation (four merged independent-publisher folders did) and
//! reviewers ask for the rename (#1583).
//!
//! ## Example
//! `certified-connectors/Contoso/Contoso.swagger.json`
//!
//! Use instead: `certified-connectors/Contoso/apiDefinition.swagger.json`
//!
//! ## Fix safety
//! No fix: fixes are text edits, and renaming files (to `apiDefinition.swagger.json`, `apiProperties.json`, ...) is a file operation for the author.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.pipelines/swagger_validation.yml>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.pipelines/apiProperties_validator.yml>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1583>
use crate::rules::prelude::*;
use crate::rules::util::files::{entry_display, extension, looks_like_definition, looks_like_properties};

pub struct PrFileNamesExact;

const SWAGGER: &str = "apiDefinition.swagger.json";
const PROPS: &str = "apiProperties.json";

impl Rule for PrFileNamesExact {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let has_exact = |name: &str| c.entries.iter().any(|e| !e.is_dir && e.name == name);
        let swagger_exact = has_exact(SWAGGER);
        // other script files are `script-single-file-csharp`'s
        let script_name = c
            .script
            .as_ref()
            .and_then(|s| s.path.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let props_exact = has_exact(PROPS);
        for e in c.entries.iter().filter(|e| !e.is_dir) {
            let name = e.name.as_str();
            let lower = name.to_ascii_lowercase();
            let display = entry_display(c, e);
            let ext = extension(name);
            let rename = |cx: &mut Checker, expected: &str, message: String, warning: bool| {
                let d = cx.report_path(&display, message).help(format!("rename `{name}` to `{expected}`"));
                if warning {
                    d.severity(Severity::Warning);
                }
            };
            if name == SWAGGER || name == PROPS {
                continue;
            }
            if lower == SWAGGER.to_ascii_lowercase() {
                rename(cx, SWAGGER, format!("`{name}` differs in case from `{SWAGGER}`"), true);
            } else if lower == PROPS.to_ascii_lowercase() {
                rename(cx, PROPS, format!("`{name}` differs in case from `{PROPS}`"), true);
            } else if ext == "json" && looks_like_definition(&lower) {
                if swagger_exact {
                    cx.report_path(
                        &display,
                        format!("`{name}` looks like a second API definition; the pipeline only validates `{SWAGGER}`"),
                    )
                    .severity(Severity::Warning)
                    .help("keep one definition per connector folder");
                } else {
                    rename(
                        cx,
                        SWAGGER,
                        format!("the definition must be named `{SWAGGER}`; the certification pipeline does not validate `{name}`"),
                        false,
                    );
                }
            } else if ext == "json" && looks_like_properties(&lower) {
                if props_exact {
                    cx.report_path(
                        &display,
                        format!("`{name}` looks like a second properties file; the pipeline only validates `{PROPS}`"),
                    )
                    .severity(Severity::Warning)
                    .help("keep one apiProperties.json per connector folder");
                } else {
                    rename(
                        cx,
                        PROPS,
                        format!("the connector properties must be named `{PROPS}`; the certification pipeline does not validate `{name}`"),
                        false,
                    );
                }
            } else if (ext == "csx" || ext == "cs") && name != "script.csx" && Some(name) == script_name.as_deref() {
                rename(cx, "script.csx", format!("the script's conventional name is `script.csx`, not `{name}`"), true);
            } else if lower == "icon.png" && name != "icon.png" {
                rename(cx, "icon.png", format!("`{name}` differs in case from `icon.png`"), true);
            } else if lower == "intro.md" && name != "intro.md" {
                rename(cx, "intro.md", format!("`{name}` differs in case from `intro.md`"), true);
            } else if lower == "settings.json" && name != "settings.json" {
                rename(cx, "settings.json", format!("`{name}` differs in case from `settings.json`"), true);
            }
        }
    }
}
