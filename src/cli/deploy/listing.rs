//! `ppcert env list` and `ppcert connector list`.

use super::{CloudArgs, with_powerapps};
use crate::cli::EXIT_OK;
use crate::deploy::redact;

#[derive(clap::Args, Debug)]
pub struct EnvArgs {
    #[command(subcommand)]
    pub command: EnvCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum EnvCommand {
    /// Every environment you can use (with or without Power Automate), the default one marked,
    /// and whether it has Dataverse (needed for `deploy --solution`).
    List(EnvListArgs),
}

#[derive(clap::Args, Debug)]
pub struct EnvListArgs {
    /// JSON on stdout, for scripts.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub cloud: CloudArgs,
}

#[derive(clap::Args, Debug)]
pub struct ConnectorArgs {
    #[command(subcommand)]
    pub command: ConnectorCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum ConnectorCommand {
    /// The custom connectors of an environment.
    List(ConnectorListArgs),
}

#[derive(clap::Args, Debug)]
pub struct ConnectorListArgs {
    /// The environment (its id, as `ppcert env list` shows).
    #[arg(long, short = 'e')]
    pub env: String,
    /// Also Microsoft's and certified connectors, not only custom ones.
    #[arg(long)]
    pub all: bool,
    /// JSON on stdout, for scripts.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub cloud: CloudArgs,
}

/// Left-aligned columns, two spaces apart.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i + 1 == row.len() {
                    cell.clone()
                } else {
                    format!("{cell:<width$}", width = widths[i])
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

pub fn environments(args: EnvArgs, color: bool) -> u8 {
    let EnvCommand::List(args) = args.command;
    let (envs, note) = match with_powerapps(&args.cloud, color, |pa| pa.environments()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(note) = note {
        super::print_warning(color, &redact::clean(&note));
    }
    if args.json {
        let items: Vec<serde_json::Value> = envs
            .iter()
            .map(|e| {
                serde_json::json!({
                    "name": e.name,
                    "displayName": e.display_name,
                    "isDefault": e.is_default,
                    "dataverseUrl": e.dataverse_url,
                    "sku": e.sku,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        );
        return EXIT_OK;
    }
    if envs.is_empty() {
        println!("No environments: your account can use none.");
        return EXIT_OK;
    }
    let mut rows = vec![vec![
        "ENVIRONMENT".to_owned(),
        "NAME".to_owned(),
        "DEFAULT".to_owned(),
        "DATAVERSE".to_owned(),
    ]];
    for e in &envs {
        rows.push(vec![
            e.name.clone(),
            e.display_name.clone(),
            if e.is_default { "default" } else { "" }.to_owned(),
            e.dataverse_url.clone().unwrap_or_else(|| "-".to_owned()),
        ]);
    }
    print!("{}", table(&rows));
    EXIT_OK
}

pub fn connectors(args: ConnectorArgs, color: bool) -> u8 {
    let ConnectorCommand::List(args) = args.command;
    let all = match with_powerapps(&args.cloud, color, |pa| pa.connectors(&args.env)) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let shown: Vec<_> = all.iter().filter(|c| args.all || c.custom).collect();
    if args.json {
        let items: Vec<serde_json::Value> = shown
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id,
                    "displayName": c.display_name,
                    "isCustomApi": c.custom,
                    "createdBy": c.created_by,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        );
        return EXIT_OK;
    }
    if shown.is_empty() {
        println!(
            "No custom connectors in {} ({} others; --all lists them).",
            args.env,
            all.len()
        );
        return EXIT_OK;
    }
    let mut rows = vec![vec![
        "CONNECTOR ID".to_owned(),
        "NAME".to_owned(),
        "CREATED BY".to_owned(),
    ]];
    for c in shown {
        rows.push(vec![
            c.id.clone(),
            c.display_name.clone(),
            c.created_by.clone().unwrap_or_default(),
        ]);
    }
    print!("{}", table(&rows));
    EXIT_OK
}
