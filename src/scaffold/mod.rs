//! `ppcert new`: a connector folder that lints without errors for its track, with a `TODO`
//! placeholder wherever only the author can decide.
//!
//! Three steps, so a front end can show findings between them and nothing is written before
//! every check has passed:
//! 1. [`plan`] checks the name (a folder name on Windows too; a valid title for the track, by
//!    the title rules themselves) and decides where the folder goes ([`place`]): refusals are
//!    messages, and nothing exists on disk yet;
//! 2. [`render`] builds the files in memory: the definition and apiProperties ([`definition`],
//!    from the template or from what `ppcert convert` made of an OpenAPI description), the
//!    readme and intro ([`docs`]), paconn's settings.json and a `.ppcert.toml` where they belong;
//! 3. [`write`] creates the folder, never overwriting a file, and removes what it wrote if a
//!    write fails.
//!
//! What each placeholder looks like, and the rule that reports it, are in
//! `src/rules/swagger/placeholder_todo.rs`; `tests/new.rs` checks that every placeholder
//! written here is reported there.

mod definition;
mod docs;
mod name;
mod place;

pub use definition::DEFAULT_CATEGORY;
pub use place::{CONFIG_FILE, Placement};

use crate::config::Config;
use crate::connector::{Profile, display_path};
use crate::convert::{PROPS_FILE, README_FILE, SWAGGER_FILE};
use crate::deploy::settings::{FILE_NAME as SETTINGS_FILE, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

pub const INTRO_FILE: &str = "intro.md";

/// Where the connector goes and as what; nothing is written yet.
#[derive(Debug)]
pub struct Plan {
    pub name: String,
    pub folder: PathBuf,
    pub profile: Profile,
    pub placement: Placement,
    /// What the title rules say below error level (an `info.title` the author may want to
    /// reconsider).
    pub title_warnings: Vec<Diagnostic>,
    /// The configuration file the folder's `.ppcert.toml` takes the place of, if any.
    pub shadowed_config: Option<PathBuf>,
}

/// A file of the new folder.
#[derive(Debug, Clone)]
pub struct File {
    pub name: &'static str,
    pub text: String,
    /// Why it is there, for the list `ppcert new` prints.
    pub purpose: &'static str,
}

/// Checks `name` and decides where the connector goes, from `base` (the current folder or
/// `--out`). An `Err` is the reason to refuse, for the user.
pub fn plan(name: &str, profile: Option<Profile>, base: &Path) -> Result<Plan, String> {
    if let Some(problem) = name::folder_name_problem(name) {
        return Err(format!(
            "`{name}` cannot name a connector folder: {problem}"
        ));
    }
    let place = place::locate(name, profile, base)?;
    let (errors, title_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        name::title_findings(name, place.profile)
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        let reasons: Vec<String> = errors
            .iter()
            .map(|d| format!("{} ({})", d.message, d.rule))
            .collect();
        return Err(format!(
            "`{name}` cannot be the title of a {} connector, and the name becomes `info.title`: {}",
            place.profile.as_str(),
            reasons.join("; ")
        ));
    }
    place::check_target(&place.folder)?;
    let shadowed_config = match place.placement {
        Placement::Standalone => Config::find(base),
        _ => None,
    };
    Ok(Plan {
        name: name.to_owned(),
        folder: place.folder,
        profile: place.profile,
        placement: place.placement,
        title_warnings,
        shadowed_config,
    })
}

/// The files of the new folder, and what the next steps depend on.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: Vec<File>,
    /// Whether the definition declares authentication.
    pub has_auth: bool,
    /// Whether the definition holds the template's sample operation (no `--from`).
    pub sample_operation: bool,
}

/// The folder's files, in memory: from the templates, or completing `converted` (what
/// `ppcert convert` made of an OpenAPI description; its readme skeleton is replaced).
pub fn render(plan: &Plan, converted: Option<&crate::convert::Output>) -> Result<Rendered, String> {
    let profile = plan.profile;
    let def = definition::definition(&plan.name, profile, converted.map(|o| o.swagger.as_str()))?;
    let props = definition::properties(profile, converted.map(|o| o.props.as_str()))?;
    let mut files = vec![
        File {
            name: SWAGGER_FILE,
            text: def.pretty() + "\n",
            purpose: "the API definition (Swagger 2.0)",
        },
        File {
            name: PROPS_FILE,
            text: props.pretty() + "\n",
            purpose: if definition::submitted(profile) {
                "connection parameters, brand colour, publisher"
            } else {
                "connection parameters, brand colour"
            },
        },
        File {
            name: README_FILE,
            text: docs::readme(&plan.name, profile, &def),
            purpose: if definition::submitted(profile) {
                "the readme, with the sections of the track's template"
            } else {
                "the readme"
            },
        },
    ];
    if definition::submitted(profile) {
        // The certification package needs an intro.md (Partner Center for verified publishers,
        // the package independent publishers commit since 2025); the intro-* rules check it here,
        // and `ppcert submit` leaves it out of the pull request.
        files.push(File {
            name: INTRO_FILE,
            text: docs::intro(profile, &def),
            purpose: "the certification package's introduction",
        });
    } else {
        // Only a custom connector gets paconn's settings.json. Certified and independent-publisher
        // folders are pull-request folders, where settings.json is not submitted
        // (settings-not-submitted: any for independent publishers, and the environment and
        // connector ids `paconn`/`ppcert deploy` record in it for certified ones); `ppcert deploy`
        // writes it there on the first deploy when the author wants one.
        let settings = Settings {
            api_definition: Some(SWAGGER_FILE.into()),
            api_properties: Some(PROPS_FILE.into()),
            ..Settings::default()
        };
        files.push(File {
            name: SETTINGS_FILE,
            text: settings.render(),
            purpose: "paconn's settings (file names; deploy adds the ids)",
        });
    }
    if plan.placement == Placement::Standalone {
        files.push(File {
            name: CONFIG_FILE,
            text: place::config_text(profile),
            purpose: "pins the profile for `ppcert lint`",
        });
    }
    Ok(Rendered {
        files,
        has_auth: definition::auth_type(&def).is_some(),
        sample_operation: converted.is_none(),
    })
}

/// What the author does next, beyond the placeholders `ppcert lint` lists.
pub fn next_steps(plan: &Plan, rendered: &Rendered) -> Vec<String> {
    let folder = display_path(&plan.folder);
    let quoted = if folder.contains(' ') {
        format!("\"{folder}\"")
    } else {
        folder
    };
    let mut steps =
        vec!["replace each `TODO` placeholder listed above with your own text".to_owned()];
    if rendered.sample_operation {
        steps.push(format!(
            "replace the sample operation `ListItems` with your API's operations (or delete the folder and start again from an OpenAPI description: `ppcert new \"{}\" --profile {} --from openapi.yaml`)",
            plan.name,
            plan.profile.as_str()
        ));
    }
    if !rendered.has_auth {
        steps.push(
            "declare the authentication (securityDefinitions and connectionParameters), or say in the pull request why the service needs none".into(),
        );
    }
    if definition::submitted(plan.profile) {
        steps.push(format!(
            "check `Categories` in x-ms-connector-metadata: it says `{DEFAULT_CATEGORY}`; use one or two of the allowed categories (`ppcert explain metadata-categories-allowed`)"
        ));
    }
    match plan.profile {
        Profile::Certified => steps.push(
            "make the icon for the certification package: icon.png, 230×230, on a background of the iconBrandColor you choose".into(),
        ),
        Profile::IndependentPublisher => steps.push(
            "add no icon: Microsoft gives independent-publisher connectors a generic one".into(),
        ),
        Profile::Custom => {}
    }
    steps.push(format!(
        "run `ppcert lint {quoted}` until it reports nothing"
    ));
    steps.push(match plan.profile {
        Profile::Custom => {
            format!("deploy it to an environment: `ppcert deploy {quoted} --env ENV`")
        }
        _ => format!(
            "open the pull request: `ppcert submit {quoted} --dry-run`, then without --dry-run"
        ),
    });
    steps
}

/// Creates the folder and writes `files`, refusing to overwrite anything (the folder was empty or
/// absent when planned; a file that appeared since stops the write). On failure, what was
/// written is removed again.
pub fn write(plan: &Plan, files: &[File]) -> Result<(), String> {
    let folder = &plan.folder;
    let shown = display_path(folder);
    if let Some(parent) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create `{}`: {e}", display_path(parent)))?;
    }
    let created = match std::fs::create_dir(folder) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            place::check_target(folder)?;
            false
        }
        Err(e) => return Err(format!("cannot create `{shown}`: {e}")),
    };
    let mut written: Vec<PathBuf> = Vec::new();
    let result = files.iter().try_for_each(|f| {
        let path = folder.join(f.name);
        write_new(&path, &f.text)
            .map(|()| written.push(path.clone()))
            .map_err(|e| {
                format!(
                    "cannot write `{}`: {e}; nothing was kept",
                    display_path(&path)
                )
            })
    });
    if result.is_err() {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
        if created {
            let _ = std::fs::remove_dir(folder);
        }
    }
    result
}

fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}
