//! `ppcert deploy`: lint, then create or update the connector in an environment.

use super::gate::{LintFlags, judge};
use super::{CloudArgs, Stderr, fail, signed_in};
use crate::cli::{EXIT_FINDINGS, EXIT_OK, print_warning};
use crate::deploy::folder::Folder;
use crate::deploy::powerapps::PowerApps;
use crate::deploy::{self, DeployOptions, Outcome, Reporter, dataverse, redact};
use secrecy::SecretString;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct DeployArgs {
    /// The connector folder (default: the current folder).
    pub path: Option<PathBuf>,
    /// paconn's settings file; the connector is the folder it is in. Flags override what it says.
    #[arg(long, short = 's')]
    pub settings: Option<PathBuf>,
    /// The environment (its id, as `ppcert env list` shows); default: settings.json's.
    #[arg(long, short = 'e', alias = "environment")]
    pub env: Option<String>,
    /// Update this connector; default: settings.json's, else a new connector is created.
    #[arg(long = "connector-id", short = 'c')]
    pub connector_id: Option<String>,
    /// Create or update the connector inside this unmanaged Dataverse solution (its unique name).
    #[arg(long)]
    pub solution: Option<String>,
    /// The environment variable holding the OAuth client secret (never a flag value). Without it
    /// you are asked on a terminal when creating.
    #[arg(long = "secret-env", value_name = "NAME")]
    pub secret_env: Option<String>,
    /// Deploy even though ppcert finds errors (said loudly).
    #[arg(long)]
    pub force: bool,
    /// Show what would be sent (secrets masked) and send nothing.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Send apiProperties' stackOwner, which the service refuses today.
    #[arg(long = "keep-stack-owner")]
    pub keep_stack_owner: bool,
    /// On update without a script.csx, remove the connector's custom code (paconn's behaviour).
    #[arg(long = "clear-script")]
    pub clear_script: bool,
    /// Skip the validation by Microsoft's validator before the upload.
    #[arg(long = "no-validate")]
    pub no_validate: bool,
    /// Only errors and the result.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub lint: LintFlags,
    #[command(flatten)]
    pub cloud: CloudArgs,
}

/// The OAuth client secret: from the variable `--secret-env` names, else asked on a terminal
/// when `ask`.
fn client_secret(args: &DeployArgs, ask: bool) -> Result<Option<SecretString>, String> {
    if let Some(name) = &args.secret_env {
        return match std::env::var(name) {
            Ok(v) if !v.trim().is_empty() => {
                redact::register(v.trim());
                Ok(Some(SecretString::from(v.trim().to_owned())))
            }
            Ok(_) => Err(format!("--secret-env names `{name}`, which is empty")),
            Err(_) => Err(format!(
                "--secret-env names `{name}`, but that environment variable is not set"
            )),
        };
    }
    if ask && std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let typed =
            rpassword::prompt_password("OAuth client secret of the connector's app (not shown): ")
                .map_err(|e| format!("cannot read the secret: {e}"))?;
        if !typed.trim().is_empty() {
            redact::register(typed.trim());
            return Ok(Some(SecretString::from(typed.trim().to_owned())));
        }
    }
    Ok(None)
}

pub fn deploy(args: DeployArgs, color: bool) -> u8 {
    let dir = match (&args.settings, &args.path) {
        (Some(s), _) => s
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), PathBuf::from),
        (None, Some(p)) => p.clone(),
        (None, None) => PathBuf::from("."),
    };
    let folder = match Folder::read(&dir) {
        Ok(f) => f,
        Err(e) => return fail(color, &e),
    };
    let from_settings = folder.settings.clone().unwrap_or_default();
    let Some(env) = args.env.clone().or(from_settings.environment.clone()) else {
        return fail(
            color,
            "which environment? Pass --env ENV (`ppcert env list` shows yours); deploy records it in settings.json for next time",
        );
    };
    let connector_id = match (&args.connector_id, &from_settings.connector_id) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(id)) if from_settings.environment.as_deref() == Some(env.as_str()) => {
            Some(id.clone())
        }
        (None, Some(id)) => {
            print_warning(
                color,
                &format!(
                    "settings.json's connector {id} is in environment {}; a new connector is created in {env}",
                    from_settings.environment.as_deref().unwrap_or("(none)")
                ),
            );
            None
        }
        (None, None) => None,
    };
    let rep = Stderr {
        color,
        quiet: args.quiet,
    };

    // Lint first: a connector with errors is not deployed unless forced.
    let judged = match judge(&folder.dir, &args.lint, color) {
        Ok(j) => j,
        Err(e) => return fail(color, &e),
    };
    if !args.quiet || judged.summary.errors > 0 {
        eprint!("{}", judged.render());
    }
    if !judged.unjudged.is_empty() && !args.force {
        return fail(
            color,
            "not deploying: ppcert could not judge the connector (above); fix that, or pass --force",
        );
    }
    if judged.summary.errors > 0 {
        if !args.force {
            crate::cli::print_error(
                color,
                &format!(
                    "not deploying: ppcert found {} in `{}`; fix them (`ppcert lint {}`), or pass --force to deploy anyway",
                    crate::workspace::plural(judged.summary.errors, "error"),
                    folder.dir.display(),
                    folder.dir.display()
                ),
            );
            return EXIT_FINDINGS;
        }
        print_warning(
            color,
            &format!(
                "--force: DEPLOYING DESPITE {} that ppcert found",
                crate::workspace::plural(judged.summary.errors, "ERROR").to_uppercase()
            ),
        );
    }

    let creating = connector_id.is_none() && args.solution.is_none();
    let opts = DeployOptions {
        env: env.clone(),
        connector_id: connector_id.clone(),
        secret: match client_secret(&args, creating && !args.dry_run) {
            Ok(s) => s,
            Err(e) => return fail(color, &e),
        },
        keep_stack_owner: args.keep_stack_owner,
        clear_script: args.clear_script,
        validate: !args.no_validate,
    };
    if args.dry_run {
        return dry_run(&args, &folder, &opts, color);
    }
    let (http, mut session) = match signed_in(&args.cloud, color) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let outcome = match &args.solution {
        Some(solution) => {
            let envs = {
                let mut pa = PowerApps {
                    http: &http,
                    session: &mut session,
                };
                match pa.environments() {
                    Ok((envs, _)) => envs,
                    Err(e) => return fail(color, &e.to_string()),
                }
            };
            let Some(environment) = envs.iter().find(|e| e.name.eq_ignore_ascii_case(&env)) else {
                return fail(
                    color,
                    &format!("there is no environment `{env}` among yours (`ppcert env list`)"),
                );
            };
            dataverse::Dataverse::for_environment(&http, &mut session, environment)
                .and_then(|mut dv| dataverse::deploy(&mut dv, &folder, solution, &rep))
        }
        None => {
            let mut pa = PowerApps {
                http: &http,
                session: &mut session,
            };
            deploy::deploy(&mut pa, &folder, &opts, &rep)
        }
    };
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return fail(color, &e.to_string()),
    };
    match deploy::record_settings(&folder, &env, outcome.id(), &http.endpoints().powerapps) {
        Ok(Some(path)) => rep.step(&format!(
            "recorded the connector and environment in {}",
            path.display()
        )),
        Ok(None) => {}
        Err(e) => print_warning(color, &e),
    }
    match &outcome {
        Outcome::Created(id) => println!("Created connector {id} in environment {env}."),
        Outcome::Updated(id) => println!("Updated connector {id} in environment {env}."),
    }
    EXIT_OK
}

/// `--dry-run`: the requests a deploy would make, the body with secrets masked.
fn dry_run(args: &DeployArgs, folder: &Folder, opts: &DeployOptions, color: bool) -> u8 {
    if let Some(solution) = &args.solution {
        println!(
            "Would create or update the connector `{}` in Dataverse solution {solution} of environment {} (the Dataverse `connector` table, with MSCRM.SolutionUniqueName: {solution}).",
            folder.title().unwrap_or(""),
            opts.env
        );
        return EXIT_OK;
    }
    let plan = match deploy::plan(folder, opts) {
        Ok(p) => p,
        Err(e) => return fail(color, &e),
    };
    for note in &plan.notes {
        print_warning(color, note);
    }
    println!(
        "Would {} in environment {} (nothing is sent with --dry-run):",
        match &opts.connector_id {
            Some(id) => format!("update connector {id}"),
            None => "create a connector".to_owned(),
        },
        opts.env
    );
    let base = "/providers/Microsoft.PowerApps";
    let mut step = 1;
    if opts.validate {
        println!(
            "  {step}. POST {base}/objectIds/<your object id>/validateApiSwagger (the swagger)"
        );
        step += 1;
    }
    if !plan.uploads.is_empty() {
        println!("  {step}. POST {base}/objectIds/<your object id>/generateResourceStorage");
        step += 1;
        for u in &plan.uploads {
            println!(
                "  {step}. PUT <storage>/{} ({}, {})",
                u.name,
                crate::deploy::http::human_bytes(u.bytes.len()),
                u.content_type
            );
            step += 1;
        }
    }
    match &opts.connector_id {
        Some(id) => println!("  {step}. PATCH {base}/apis/{id} with:"),
        None => println!("  {step}. POST {base}/apis with:"),
    }
    println!("{}", redact::clean(&plan.shown().pretty()));
    EXIT_OK
}
