//! Turning a path into an [`Input`]: detect the shape (`docs/solutions.md` §1.6), open every
//! archive level through the bounded reader, and read each solution's files into the model.
//! Nothing here judges: problems that stop a file from being read are kept for the rules.

use super::archive::{Archive, MAX_DEPTH};
use super::model::{
    self, ConnectorXml, ContentTypes, Customizations, EnvironmentVariable, ImportConfig, Manifest,
    WorkflowXml,
};
use super::sources::{Loc, Sources, decode_text};
use super::tree::{Tree, TreeEntry};
use crate::connector::{FileKind, FileProblem, JsonFile, TextFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The shape of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A certification package: outer zip → package zip → assets folder → solution zips.
    Package,
    /// An exported solution zip.
    SolutionZip,
    /// A SolutionPackager / `pac solution unpack` folder (or `pac solution clone`'s `src/`).
    Unpacked,
}

impl InputKind {
    /// With its article: "a certification package", "an unpacked solution".
    pub fn with_article(self) -> &'static str {
        match self {
            InputKind::Package => "a certification package",
            InputKind::SolutionZip => "a solution zip",
            InputKind::Unpacked => "an unpacked solution",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            InputKind::Package => "certification package",
            InputKind::SolutionZip => "solution zip",
            InputKind::Unpacked => "unpacked solution",
        }
    }
}

/// What an archive is in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveRole {
    /// The zip the user named, holding `intro.md` and the package zip.
    Outer,
    /// The package zip, holding the assets folder.
    Package,
    Solution,
}

/// One archive opened, at its depth (0 = the file the user named).
pub struct ArchiveLevel {
    pub archive: Arc<Archive>,
    pub depth: usize,
    pub role: ArchiveRole,
}

/// Where a problem is: a place in a text file, or a whole file or archive entry.
#[derive(Debug, Clone)]
pub enum At {
    Loc(Loc),
    Path(String),
}

/// A file that could not be read or parsed, for the rule that owns it.
#[derive(Debug, Clone)]
pub struct Problem {
    pub rule: &'static str,
    pub at: At,
    pub message: String,
}

/// A solution, package or unpacked tree, read.
pub struct Input {
    pub path: PathBuf,
    pub display: String,
    pub kind: InputKind,
    pub sources: Sources,
    pub archives: Vec<ArchiveLevel>,
    pub package: Option<Package>,
    pub solutions: Vec<Solution>,
    pub problems: Vec<Problem>,
    /// Archives that were not opened because they sit deeper than [`MAX_DEPTH`].
    pub too_deep: Vec<String>,
    /// Bytes read (inflated) so far, across every level: bounded by [`MAX_INPUT_READ`].
    pub read_bytes: u64,
}

/// The most an input is inflated in all, over all its levels and solutions: each archive is
/// bounded on its own, and this bounds what a package of many solutions holds in memory.
pub const MAX_INPUT_READ: u64 = 512 << 20;

/// The certification package's two outer levels (§1.2).
pub struct Package {
    /// Files at the root of the outer zip.
    pub outer_files: Vec<String>,
    pub outer_folders: Vec<String>,
    /// `.md` and `.zip` files at the root of the outer zip.
    pub md_files: Vec<String>,
    pub zip_files: Vec<String>,
    /// The intro, when exactly one `.md` is there.
    pub intro: Option<TextFile>,
    /// The package zip that was opened (the only `.zip`, or the first of several).
    pub inner: Option<InnerPackage>,
}

pub struct InnerPackage {
    /// The package zip's name and how it is shown.
    pub name: String,
    pub display: String,
    pub root_files: Vec<String>,
    pub root_folders: Vec<String>,
    /// The assets folder: the only root folder, or `PkgAssets` among several.
    pub assets: Option<String>,
    /// Sub-folders of the assets folder.
    pub assets_subfolders: Vec<String>,
    /// `.zip` files directly in the assets folder, by name.
    pub solution_zips: Vec<String>,
    /// Other files directly in the assets folder.
    pub assets_files: Vec<String>,
    /// `.zip` files elsewhere in the package zip (root or deeper).
    pub stray_zips: Vec<String>,
    pub import_config: Option<ImportConfig>,
}

/// One solution's files and what they say.
pub struct Solution {
    pub tree: Tree,
    pub unpacked: bool,
    /// The solution zip's file name inside the package's assets folder.
    pub file_name: Option<String>,
    /// Root files of a solution zip that are missing (`solution.xml`, ...), any case.
    pub missing_root_files: Vec<&'static str>,
    /// The folder the root files were found in instead, when they sit one level down.
    pub wrapper: Option<String>,
    pub manifest: Option<Manifest>,
    pub customizations: Option<Customizations>,
    pub content_types: Option<ContentTypes>,
    pub connectors: Vec<SolutionConnector>,
    /// Workflows, from `customizations.xml` or from `Workflows/*.json.data.xml` when unpacked.
    pub workflows: Vec<WorkflowXml>,
    pub flows: Vec<Flow>,
    pub environment_variables: Vec<EnvironmentVariable>,
    /// `environmentvariablevalues.json` files, parsed.
    pub environment_values: Vec<JsonFile>,
    /// `connectionreferences/*/connectioninstance*.json` files, parsed.
    pub connection_instances: Vec<JsonFile>,
}

impl Solution {
    pub fn name(&self) -> String {
        self.manifest
            .as_ref()
            .and_then(|m| m.unique_name.as_ref())
            .map(|v| v.trimmed().to_owned())
            .or_else(|| self.file_name.clone())
            .unwrap_or_else(|| self.tree.display.clone())
    }
    /// The solution carries a connector (`customizations.xml` or `Connectors/*.xml`).
    pub fn has_connector(&self) -> bool {
        !self.connectors.is_empty()
    }
    pub fn has_workflows(&self) -> bool {
        !self.workflows.is_empty()
    }
    /// `Managed` as written: `0`, `1` or `2`.
    pub fn managed(&self) -> Option<&str> {
        self.manifest
            .as_ref()
            .and_then(|m| m.managed.as_ref())
            .map(|v| v.trimmed())
    }
}

/// A `<Connector>` of a solution and the files it names.
pub struct SolutionConnector {
    pub xml: ConnectorXml,
    /// The logical name, or `connector-<n>` when it has none.
    pub name: String,
    /// How the connector is shown: `Pkg.zip!/PkgAssets/C.zip!/Connector/<name>`.
    pub display: String,
    pub swagger: Option<JsonFile>,
    pub connection_parameters: Option<JsonFile>,
    pub parameter_sets: Option<JsonFile>,
    pub policy_templates: Option<JsonFile>,
    pub script: Option<TextFile>,
    /// The icon's display path and bytes.
    pub icon: Option<(String, Vec<u8>)>,
    /// Elements naming a file that is not in the solution: (element, the path it names).
    pub missing_files: Vec<(String, super::sources::Val)>,
    /// The definition's operationIds and their `x-ms-visibility`, kept when the definition is
    /// handed to the connector rules.
    pub operations: BTreeMap<String, Option<String>>,
}

/// A cloud flow's definition file.
pub struct Flow {
    /// Index into [`Solution::workflows`] of the `<Workflow>` naming it, when one does.
    pub workflow: Option<usize>,
    pub path: String,
    pub file: JsonFile,
}

/// What a path holds, by its name and first entries; `None` when it is not a solution input.
pub fn detect_dir(dir: &Path) -> Option<PathBuf> {
    detect_dir_listed(dir, None)
}

/// The entry `name` (any ASCII case) of `dir`: looked up in `names` when the folder was listed,
/// else read.
fn entry(dir: &Path, names: Option<&[String]>, name: &str) -> Option<PathBuf> {
    match names {
        Some(names) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(name))
            .map(|n| dir.join(n)),
        None => find_ci(dir, name),
    }
}

/// [`detect_dir`] of a folder whose entries are `names` (`None`: not listed).
pub fn detect_dir_listed(dir: &Path, names: Option<&[String]>) -> Option<PathBuf> {
    // An exported zip's contents checked in as they are: `solution.xml` and
    // `customizations.xml` at the root.
    // (Not SolutionPackager's own `Other/`, which holds `Solution.xml` and `Customizations.xml`.)
    let is_other = dir
        .file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("Other"));
    if !is_other
        && entry(dir, names, "solution.xml").is_some()
        && entry(dir, names, "customizations.xml").is_some()
    {
        return Some(dir.to_path_buf());
    }
    // SolutionPackager's `Other/Solution.xml`, in the folder or its `src`. A listed folder
    // without an entry of that name cannot have it, so nothing is opened for it.
    let may_have = |name: &str| names.is_none() || entry(dir, names, name).is_some();
    [(dir.to_path_buf(), "Other"), (dir.join("src"), "src")]
        .into_iter()
        .find(|(root, first)| {
            may_have(first) && find_ci(&root.join("Other"), "Solution.xml").is_some()
        })
        .map(|(root, _)| root)
}

/// Whether a folder is Dataverse Git integration's YAML source, which ppcert does not read.
pub fn is_git_integration_yaml(dir: &Path) -> bool {
    is_git_integration_yaml_listed(dir, None)
}

/// [`is_git_integration_yaml`] of a folder whose entries are `names` (`None`: not listed).
pub fn is_git_integration_yaml_listed(dir: &Path, names: Option<&[String]>) -> bool {
    let has = |name: &str| entry(dir, names, name).is_some();
    (has("solution.yml") || has("solution.yaml"))
        || entry(dir, names, "solutions").is_some_and(|d| {
            std::fs::read_dir(d)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| find_ci(&e.path(), "solution.yml").is_some())
        })
}

fn find_ci(dir: &Path, name: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(name))
        .map(|e| e.path())
}

/// Whether `name` ends with `suffix`, ignoring ASCII case.
pub fn ends_ci(name: &str, suffix: &str) -> bool {
    name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

pub(super) fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Reads a file of a tree, or records why not under `zip-readable` / `sol-referenced-files`.
pub(super) fn read_or_note(tree: &Tree, entry: &TreeEntry, input: &mut Input) -> Option<Vec<u8>> {
    if input.read_bytes.saturating_add(entry.size) > MAX_INPUT_READ {
        input.problems.push(Problem {
            rule: "zip-size",
            at: At::Path(tree.display_of(&entry.path)),
            message: format!(
                "`{}` was not read: the input inflates to more than {} MiB in all, over its levels and solutions",
                tree.display_of(&entry.path),
                MAX_INPUT_READ >> 20
            ),
        });
        return None;
    }
    match tree.read(entry) {
        Ok(bytes) => {
            input.read_bytes += bytes.len() as u64;
            Some(bytes)
        }
        Err(failure) => {
            if !failure.already_reported {
                input.problems.push(Problem {
                    rule: failure.rule,
                    at: At::Path(tree.display_of(&entry.path)),
                    message: failure.message,
                });
            }
            None
        }
    }
}

/// Decodes a text file into the input's sources, or records why it is not text.
pub(super) fn add_text(
    input: &mut Input,
    display: String,
    bytes: &[u8],
    rule: &'static str,
) -> Option<usize> {
    match decode_text(bytes) {
        Ok(text) => Some(input.sources.add(display, text)),
        Err(why) => {
            input.problems.push(Problem {
                rule,
                message: format!("`{display}` {why}"),
                at: At::Path(display),
            });
            None
        }
    }
}

pub(super) fn note_file_problems(
    problems: Vec<FileProblem>,
    rule: &'static str,
    input: &mut Input,
) {
    for p in problems {
        input.problems.push(Problem {
            rule,
            at: At::Path(p.display.clone()),
            message: format!("`{}` {}", p.display, p.message),
        });
    }
}

/// Reads and parses one XML file of a solution; `None` when it is absent or broken (recorded).
pub(super) fn read_xml<T>(
    tree: &Tree,
    path: &str,
    input: &mut Input,
    parse: impl FnOnce(usize, &str) -> Result<T, (crate::json::Span, String)>,
) -> Option<T> {
    let entry = tree.find(path)?.clone();
    let bytes = read_or_note(tree, &entry, input)?;
    let display = tree.display_of(&entry.path);
    let file = add_text(input, display.clone(), &bytes, "sol-xml-wellformed")?;
    match parse(file, &input.sources.get(file).text) {
        Ok(v) => Some(v),
        Err((span, message)) => {
            input.problems.push(Problem {
                rule: "sol-xml-wellformed",
                at: At::Loc(Loc { file, span }),
                message: format!("`{display}` {message}"),
            });
            None
        }
    }
}

fn read_json(
    tree: &Tree,
    entry: &TreeEntry,
    kind: FileKind,
    input: &mut Input,
) -> Option<JsonFile> {
    let bytes = read_or_note(tree, entry, input)?;
    let mut problems = Vec::new();
    let file = JsonFile::from_bytes(
        kind,
        Path::new(&entry.path),
        tree.display_of(&entry.path),
        bytes,
        &mut problems,
    );
    note_file_problems(problems, "conn-files", input);
    Some(file)
}

const ROOT_FILES: [&str; 3] = ["solution.xml", "customizations.xml", "[Content_Types].xml"];

pub(super) fn read_solution(
    tree: Tree,
    file_name: Option<String>,
    input: &mut Input,
    depth: usize,
) -> Solution {
    // SolutionPackager's layout (`Other/Solution.xml`); a folder holding an exported zip's
    // contents as they are is read like the zip.
    let unpacked = !tree.is_zip() && tree.find("Other/Solution.xml").is_some();
    let (manifest_path, customizations_path) = if unpacked {
        (
            "Other/Solution.xml".to_owned(),
            "Other/Customizations.xml".to_owned(),
        )
    } else {
        ("solution.xml".to_owned(), "customizations.xml".to_owned())
    };
    let mut missing_root_files = Vec::new();
    let mut wrapper = None;
    let mut prefix = String::new();
    if !unpacked {
        missing_root_files = ROOT_FILES
            .into_iter()
            .filter(|f| !tree.root_files().any(|e| e.path.eq_ignore_ascii_case(f)))
            .collect();
        // A hand-zipped solution often has its files one folder down: read them there, and say so.
        if missing_root_files.len() == ROOT_FILES.len() {
            let folders = tree.root_folders();
            if let [one] = folders.as_slice()
                && tree.find(&format!("{one}/solution.xml")).is_some()
            {
                wrapper = Some(one.clone());
                prefix = format!("{one}/");
            }
        }
    }
    let manifest = read_xml(
        &tree,
        &format!("{prefix}{manifest_path}"),
        input,
        model::parse_manifest,
    );
    let customizations = read_xml(
        &tree,
        &format!("{prefix}{customizations_path}"),
        input,
        model::parse_customizations,
    );
    let content_types = if unpacked {
        None
    } else {
        read_xml(
            &tree,
            &format!("{prefix}[Content_Types].xml"),
            input,
            model::parse_content_types,
        )
    };

    // Connectors: from customizations.xml, or one `Connectors/<name>.xml` each when unpacked.
    let mut connector_xml: Vec<ConnectorXml> = customizations
        .as_ref()
        .map(|c| c.connectors.clone())
        .unwrap_or_default();
    let mut workflows: Vec<WorkflowXml> = customizations
        .as_ref()
        .map(|c| c.workflows.clone())
        .unwrap_or_default();
    if unpacked {
        let files: Vec<TreeEntry> = tree
            .under("Connectors")
            .filter(|e| {
                ends_ci(&e.path, ".xml")
                    && !ends_ci(&e.path, "_managed.xml")
                    && e.path.matches('/').count() == 1
            })
            .cloned()
            .collect();
        for e in files {
            if let Some(Some(c)) = read_xml(&tree, &e.path, input, model::parse_connector_file) {
                connector_xml.push(c);
            }
        }
        let files: Vec<TreeEntry> = tree
            .under("Workflows")
            .filter(|e| ends_ci(&e.path, ".json.data.xml"))
            .cloned()
            .collect();
        for e in files {
            if let Some(Some(w)) = read_xml(&tree, &e.path, input, model::parse_workflow_file) {
                workflows.push(w);
            }
        }
    }
    let connectors = connector_xml
        .into_iter()
        .enumerate()
        .map(|(i, xml)| read_connector(&tree, &prefix, xml, i, unpacked, input))
        .collect();

    // Flows: every workflow's JsonFileName, then any other JSON in Workflows/.
    let mut flows = Vec::new();
    let mut seen = Vec::new();
    for (i, w) in workflows.iter().enumerate() {
        let Some(path) = w.get("jsonfilename") else {
            continue;
        };
        let Some(entry) = find_solution_file(&tree, &prefix, path.trimmed()).cloned() else {
            continue;
        };
        seen.push(entry.path.clone());
        if let Some(file) = read_json(&tree, &entry, FileKind::Pkg, input) {
            flows.push(Flow {
                workflow: Some(i),
                path: entry.path.clone(),
                file,
            });
        }
    }
    let others: Vec<TreeEntry> = tree
        .under(&format!("{prefix}Workflows"))
        .filter(|e| ends_ci(&e.path, ".json") && !seen.contains(&e.path))
        .cloned()
        .collect();
    for entry in others {
        if let Some(file) = read_json(&tree, &entry, FileKind::Pkg, input) {
            flows.push(Flow {
                workflow: None,
                path: entry.path.clone(),
                file,
            });
        }
    }

    // Environment variables and connection instances.
    let mut environment_variables = Vec::new();
    let mut environment_values = Vec::new();
    let defs: Vec<TreeEntry> = tree
        .under(&format!("{prefix}environmentvariabledefinitions"))
        .cloned()
        .collect();
    for e in &defs {
        let name = base_name(&e.path);
        let folder = e.path[..e.path.len() - name.len()]
            .trim_end_matches('/')
            .to_owned();
        if name.eq_ignore_ascii_case("environmentvariabledefinition.xml") {
            if let Some(mut v) = read_xml(&tree, &e.path, input, |f, t| {
                model::parse_environment_variable(f, t, folder.clone())
            }) {
                v.value_file = defs
                    .iter()
                    .find(|d| {
                        d.path.len() > folder.len()
                            && d.path[..folder.len()] == folder
                            && base_name(&d.path)
                                .eq_ignore_ascii_case("environmentvariablevalues.json")
                    })
                    .map(|d| d.path.clone());
                environment_variables.push(v);
            }
        } else if name.eq_ignore_ascii_case("environmentvariablevalues.json")
            && let Some(f) = read_json(&tree, e, FileKind::Pkg, input)
        {
            environment_values.push(f);
        }
    }
    let instances: Vec<TreeEntry> = tree
        .under(&format!("{prefix}connectionreferences"))
        .filter(|e| ends_ci(&e.path, ".json"))
        .cloned()
        .collect();
    let connection_instances = instances
        .iter()
        .filter_map(|e| read_json(&tree, e, FileKind::Pkg, input))
        .collect();

    // Archives inside a solution are never opened; in a package they would be a fourth level.
    if tree.is_zip() && depth >= MAX_DEPTH {
        for e in tree.entries.iter().filter(|e| ends_ci(&e.path, ".zip")) {
            input.too_deep.push(tree.display_of(&e.path));
        }
    }
    Solution {
        tree,
        unpacked,
        file_name,
        missing_root_files,
        wrapper,
        manifest,
        customizations,
        content_types,
        connectors,
        workflows,
        flows,
        environment_variables,
        environment_values,
        connection_instances,
    }
}

/// A path named inside the solution (`/Connector/x.json`); unpacked trees keep connector files
/// in `Connectors/` while the XML still says `/Connector/`.
pub fn find_solution_file<'t>(tree: &'t Tree, prefix: &str, named: &str) -> Option<&'t TreeEntry> {
    let named = named.trim().trim_start_matches('/');
    tree.find(&format!("{prefix}{named}")).or_else(|| {
        let rest = named
            .strip_prefix("Connector/")
            .or_else(|| named.strip_prefix("connector/"))?;
        tree.find(&format!("{prefix}Connectors/{rest}"))
    })
}

fn read_connector(
    tree: &Tree,
    prefix: &str,
    xml: ConnectorXml,
    i: usize,
    unpacked: bool,
    input: &mut Input,
) -> SolutionConnector {
    let name = xml
        .name()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("connector-{}", i + 1));
    let folder = if !unpacked { "Connector" } else { "Connectors" };
    let mut c = SolutionConnector {
        display: tree.display_of(&format!("{prefix}{folder}/{name}")),
        name,
        swagger: None,
        connection_parameters: None,
        parameter_sets: None,
        policy_templates: None,
        script: None,
        icon: None,
        missing_files: Vec::new(),
        operations: BTreeMap::new(),
        xml,
    };
    let named: Vec<(String, super::sources::Val)> = ConnectorXml::FILE_FIELDS
        .iter()
        .copied()
        .filter_map(|f| c.xml.get(f).map(|v| (f.to_owned(), v.clone())))
        .collect();
    for (field, path) in named {
        let Some(entry) = find_solution_file(tree, prefix, path.trimmed()).cloned() else {
            c.missing_files.push((field, path));
            continue;
        };
        match field.as_str() {
            "openapidefinition" => c.swagger = read_json(tree, &entry, FileKind::Swagger, input),
            "connectionparameters" => {
                c.connection_parameters = read_json(tree, &entry, FileKind::Props, input)
            }
            "connectionparametersets" => {
                c.parameter_sets = read_json(tree, &entry, FileKind::Props, input)
            }
            "policytemplateinstances" => {
                c.policy_templates = read_json(tree, &entry, FileKind::Props, input)
            }
            "customcodeblobcontent" => {
                if let Some(bytes) = read_or_note(tree, &entry, input) {
                    let mut problems = Vec::new();
                    c.script = Some(TextFile::from_bytes(
                        FileKind::Script,
                        Path::new(&entry.path),
                        tree.display_of(&entry.path),
                        bytes,
                        &mut problems,
                    ));
                    note_file_problems(problems, "conn-files", input);
                }
            }
            _ => {
                if let Some(bytes) = read_or_note(tree, &entry, input) {
                    c.icon = Some((tree.display_of(&entry.path), bytes));
                }
            }
        }
    }
    if let Some(doc) = c.swagger.as_ref().and_then(|s| s.doc()) {
        let root = doc.root();
        let sections = ["paths", "x-ms-paths"]
            .into_iter()
            .filter_map(|k| root.get(k));
        for (_, item) in sections.flat_map(|p| p.members()) {
            for (method, op) in item.members() {
                if !matches!(
                    method,
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options"
                ) {
                    continue;
                }
                if let Some(id) = op.get_str("operationId") {
                    c.operations.insert(
                        id.to_owned(),
                        op.get_str("x-ms-visibility").map(str::to_owned),
                    );
                }
            }
        }
    }
    c
}
