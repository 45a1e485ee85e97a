//! What a solution's XML files say, read into plain structs whose values keep their places
//! (`docs/solutions.md` §2, §3, §6, §7, §8.4). Reading is lenient: names in any case and order,
//! missing elements are `None`, unknown elements ignored; the rules decide what is wrong.

use super::sources::{Loc, Val};
use super::xml::{self, attr, child, children, descendant, fields, has_content, loc, val};
use crate::json::Span;
use roxmltree::Node;
use std::collections::BTreeMap;

type Parsed<T> = Result<T, (Span, String)>;

/// `solution.xml` (`Other/Solution.xml` when unpacked).
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The `<SolutionManifest>` element (or the root when it is missing).
    pub loc: Loc,
    pub has_manifest: bool,
    pub unique_name: Option<Val>,
    pub display_name: Option<Val>,
    pub version: Option<Val>,
    pub managed: Option<Val>,
    pub publisher: Option<Publisher>,
    pub root_components: Vec<RootComponent>,
    pub missing_dependencies: Vec<MissingDependency>,
}

#[derive(Debug, Clone)]
pub struct Publisher {
    pub loc: Loc,
    pub unique_name: Option<Val>,
    pub display_name: Option<Val>,
    pub prefix: Option<Val>,
    pub option_value_prefix: Option<Val>,
}

#[derive(Debug, Clone)]
pub struct RootComponent {
    pub loc: Loc,
    /// The `type` attribute: a number such as `372`, kept as written.
    pub kind: Option<Val>,
    pub id: Option<Val>,
    pub schema_name: Option<Val>,
}

#[derive(Debug, Clone)]
pub struct MissingDependency {
    pub loc: Loc,
    pub required: Option<DependencySide>,
    pub dependent: Option<DependencySide>,
}

#[derive(Debug, Clone)]
pub struct DependencySide {
    pub loc: Loc,
    /// `type`: a number (`372`) or a name (`connectionreference`).
    pub kind: Option<String>,
    pub schema_name: Option<String>,
    pub display_name: Option<String>,
    /// `id`, or the first `id.<key>` attribute (`id.connectionreferencelogicalname`).
    pub id: Option<String>,
    pub solution: Option<String>,
}

impl DependencySide {
    /// The name it goes by: schema name, else id, else display name.
    pub fn name(&self) -> &str {
        self.schema_name
            .as_deref()
            .or(self.id.as_deref())
            .or(self.display_name.as_deref())
            .unwrap_or("?")
    }
}

pub fn parse_manifest(file: usize, text: &str) -> Parsed<Manifest> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    let manifest = child(root, "SolutionManifest");
    let m = manifest.unwrap_or(root);
    let field = |name: &str| child(m, name).map(|n| val(file, n));
    let display_name = child(m, "LocalizedNames")
        .and_then(|n| child(n, "LocalizedName"))
        .and_then(|n| attr(file, n, "description"));
    let publisher = child(m, "Publisher").map(|p| Publisher {
        loc: loc(file, p),
        unique_name: child(p, "UniqueName").map(|n| val(file, n)),
        display_name: child(p, "LocalizedNames")
            .and_then(|n| child(n, "LocalizedName"))
            .and_then(|n| attr(file, n, "description")),
        prefix: child(p, "CustomizationPrefix").map(|n| val(file, n)),
        option_value_prefix: child(p, "CustomizationOptionValuePrefix").map(|n| val(file, n)),
    });
    let root_components = child(m, "RootComponents")
        .into_iter()
        .flat_map(|rc| children(rc, "RootComponent"))
        .map(|n| RootComponent {
            loc: loc(file, n),
            kind: attr(file, n, "type"),
            id: attr(file, n, "id"),
            schema_name: attr(file, n, "schemaName"),
        })
        .collect();
    let side = |n: Node| {
        let get = |name: &str| {
            n.attributes()
                .find(|a| a.name().eq_ignore_ascii_case(name))
                .map(|a| a.value().to_owned())
        };
        DependencySide {
            loc: loc(file, n),
            kind: get("type"),
            schema_name: get("schemaName"),
            display_name: get("displayName"),
            id: get("id").or_else(|| {
                n.attributes()
                    .find(|a| a.name().to_ascii_lowercase().starts_with("id."))
                    .map(|a| a.value().to_owned())
            }),
            solution: get("solution"),
        }
    };
    let missing_dependencies = child(m, "MissingDependencies")
        .into_iter()
        .flat_map(|md| children(md, "MissingDependency"))
        .map(|n| MissingDependency {
            loc: loc(file, n),
            required: child(n, "Required").map(side),
            dependent: child(n, "Dependent").map(side),
        })
        .collect();
    Ok(Manifest {
        loc: loc(file, m),
        has_manifest: manifest.is_some(),
        unique_name: field("UniqueName"),
        display_name,
        version: field("Version"),
        managed: field("Managed"),
        publisher,
        root_components,
        missing_dependencies,
    })
}

/// A `<Connector>` element: of `customizations.xml`, or the root of `Connectors/<name>.xml`.
#[derive(Debug, Clone)]
pub struct ConnectorXml {
    pub loc: Loc,
    /// Simple children by lower-cased name (`connectorid`, `name`, `openapidefinition`, ...).
    pub fields: BTreeMap<String, Val>,
}

impl ConnectorXml {
    /// The elements that name a file of the solution (§3.2).
    pub const FILE_FIELDS: &[&str] = &[
        "openapidefinition",
        "connectionparameters",
        "connectionparametersets",
        "policytemplateinstances",
        "customcodeblobcontent",
        "iconblob",
    ];

    pub fn get(&self, name: &str) -> Option<&Val> {
        self.fields.get(name).filter(|v| !v.trimmed().is_empty())
    }
    /// The logical name (`<name>`), which names its files.
    pub fn name(&self) -> Option<&str> {
        self.get("name").map(Val::trimmed)
    }
    pub fn id(&self) -> Option<String> {
        self.get("connectorid").map(|v| normalize_guid(v.trimmed()))
    }
}

pub fn connector_xml(file: usize, node: Node) -> ConnectorXml {
    ConnectorXml {
        loc: loc(file, node),
        fields: fields(file, node),
    }
}

/// A `<connectionreference>`.
#[derive(Debug, Clone)]
pub struct ConnectionReference {
    pub loc: Loc,
    pub logical_name: Option<Val>,
    pub fields: BTreeMap<String, Val>,
    /// `<customconnectorid><connectorid>`: the packaged connector's GUID.
    pub custom_connector_id: Option<Val>,
    /// `<connectionid>`: environment-specific, must never travel.
    pub connection_id: Option<Val>,
}

impl ConnectionReference {
    pub fn get(&self, name: &str) -> Option<&Val> {
        self.fields.get(name).filter(|v| !v.trimmed().is_empty())
    }
}

/// A `<Workflow>`: of `customizations.xml`, or the root of `Workflows/*.json.data.xml`.
#[derive(Debug, Clone)]
pub struct WorkflowXml {
    pub loc: Loc,
    pub id: Option<Val>,
    pub name: Option<Val>,
    pub fields: BTreeMap<String, Val>,
}

impl WorkflowXml {
    pub fn get(&self, name: &str) -> Option<&Val> {
        self.fields.get(name).filter(|v| !v.trimmed().is_empty())
    }
    pub fn display(&self) -> String {
        self.name
            .as_ref()
            .map(|n| n.text.clone())
            .or_else(|| self.id.as_ref().map(|i| i.text.clone()))
            .unwrap_or_else(|| "?".into())
    }
}

pub fn workflow_xml(file: usize, node: Node) -> WorkflowXml {
    WorkflowXml {
        loc: loc(file, node),
        id: attr(file, node, "WorkflowId"),
        name: attr(file, node, "Name"),
        fields: fields(file, node),
    }
}

/// One section of `customizations.xml` and whether it holds anything.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    pub loc: Loc,
    pub non_empty: bool,
}

/// `customizations.xml` (`Other/Customizations.xml` when unpacked).
#[derive(Debug, Clone)]
pub struct Customizations {
    pub loc: Loc,
    pub sections: Vec<Section>,
    pub connectors: Vec<ConnectorXml>,
    pub connection_references: Vec<ConnectionReference>,
    pub workflows: Vec<WorkflowXml>,
    /// `<CanvasApp>` names.
    pub canvas_apps: Vec<Val>,
    /// Each `DocumentUri` / `BackgroundImageUri` a canvas app names.
    pub canvas_files: Vec<Val>,
    /// ConnectorPackageValidator.ps1's view: the first `//Connector`, `//Workflows` and
    /// `//aicopilot_aiplugin` have content.
    pub ps_connector: bool,
    pub ps_workflows: bool,
    pub ps_plugin: bool,
}

impl Customizations {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }
}

pub fn parse_customizations(file: usize, text: &str) -> Parsed<Customizations> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    let sections = root
        .children()
        .filter(|c| c.is_element())
        .map(|c| Section {
            name: c.tag_name().name().to_owned(),
            loc: loc(file, c),
            non_empty: has_content(c),
        })
        .collect();
    let connectors = child(root, "Connectors")
        .into_iter()
        .flat_map(|s| children(s, "Connector"))
        .map(|n| connector_xml(file, n))
        .collect();
    let connection_references = child(root, "connectionreferences")
        .into_iter()
        .flat_map(|s| children(s, "connectionreference"))
        .map(|n| ConnectionReference {
            loc: loc(file, n),
            logical_name: attr(file, n, "connectionreferencelogicalname"),
            fields: fields(file, n),
            custom_connector_id: child(n, "customconnectorid")
                .and_then(|c| child(c, "connectorid"))
                .map(|c| val(file, c)),
            connection_id: child(n, "connectionid").map(|c| val(file, c)),
        })
        .collect();
    let workflows = child(root, "Workflows")
        .into_iter()
        .flat_map(|s| children(s, "Workflow"))
        .map(|n| workflow_xml(file, n))
        .collect();
    let apps: Vec<Node> = child(root, "CanvasApps")
        .into_iter()
        .flat_map(|s| children(s, "CanvasApp"))
        .collect();
    let canvas_apps = apps
        .iter()
        .filter_map(|a| child(*a, "Name").map(|n| val(file, n)))
        .collect();
    let canvas_files = apps
        .iter()
        .flat_map(|a| {
            ["DocumentUri", "BackgroundImageUri"]
                .into_iter()
                .filter_map(|f| child(*a, f).map(|n| val(file, n)))
        })
        .filter(|v| !v.trimmed().is_empty())
        .collect();
    let found = |name: &str| descendant(root, name).is_some_and(has_content);
    Ok(Customizations {
        loc: loc(file, root),
        sections,
        connectors,
        connection_references,
        workflows,
        canvas_apps,
        canvas_files,
        ps_connector: found("Connector"),
        ps_workflows: found("Workflows"),
        ps_plugin: found("aicopilot_aiplugin"),
    })
}

pub fn parse_connector_file(file: usize, text: &str) -> Parsed<Option<ConnectorXml>> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    Ok(root
        .tag_name()
        .name()
        .eq_ignore_ascii_case("Connector")
        .then(|| connector_xml(file, root)))
}

pub fn parse_workflow_file(file: usize, text: &str) -> Parsed<Option<WorkflowXml>> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    Ok(root
        .tag_name()
        .name()
        .eq_ignore_ascii_case("Workflow")
        .then(|| workflow_xml(file, root)))
}

/// `environmentvariabledefinitions/<schema>/environmentvariabledefinition.xml`.
#[derive(Debug, Clone)]
pub struct EnvironmentVariable {
    pub loc: Loc,
    /// The folder it was read from (`environmentvariabledefinitions/<schema>`).
    pub folder: String,
    pub schema_name: Option<Val>,
    pub fields: BTreeMap<String, Val>,
    /// `environmentvariablevalues.json` beside it, when present: its path in the solution.
    pub value_file: Option<String>,
}

impl EnvironmentVariable {
    pub fn get(&self, name: &str) -> Option<&Val> {
        self.fields.get(name).filter(|v| !v.trimmed().is_empty())
    }
    pub fn name(&self) -> String {
        self.schema_name
            .as_ref()
            .map(|v| v.text.clone())
            .unwrap_or_else(|| self.folder.rsplit('/').next().unwrap_or("?").to_owned())
    }
    /// The type code (`100000005` = Secret, D5).
    pub fn type_code(&self) -> Option<&str> {
        self.get("type").map(Val::trimmed)
    }
}

pub fn parse_environment_variable(
    file: usize,
    text: &str,
    folder: String,
) -> Parsed<EnvironmentVariable> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    Ok(EnvironmentVariable {
        loc: loc(file, root),
        folder,
        schema_name: attr(file, root, "schemaname"),
        fields: fields(file, root),
        value_file: None,
    })
}

/// `[Content_Types].xml`.
#[derive(Debug, Clone)]
pub struct ContentTypes {
    pub loc: Loc,
    /// `Default Extension` values, case kept (the match is case-sensitive).
    pub defaults: Vec<String>,
    /// `Override PartName` values.
    pub overrides: Vec<String>,
}

pub fn parse_content_types(file: usize, text: &str) -> Parsed<ContentTypes> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    let get = |name: &'static str, a: &'static str| -> Vec<String> {
        children(root, name)
            .filter_map(|n| n.attribute(a).map(str::to_owned))
            .collect()
    };
    Ok(ContentTypes {
        loc: loc(file, root),
        defaults: get("Default", "Extension"),
        overrides: get("Override", "PartName"),
    })
}

/// `ImportConfig.xml` of a Package Deployer package (§8.4).
#[derive(Debug, Clone)]
pub struct ImportConfig {
    pub loc: Loc,
    /// `solutionpackagefilename` of each `configsolutionfile`, in import order.
    pub solutions: Vec<Val>,
}

pub fn parse_import_config(file: usize, text: &str) -> Parsed<ImportConfig> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    let solutions = root
        .descendants()
        .filter(|n| {
            n.is_element()
                && n.tag_name()
                    .name()
                    .eq_ignore_ascii_case("configsolutionfile")
        })
        .filter_map(|n| attr(file, n, "solutionpackagefilename"))
        .collect();
    Ok(ImportConfig {
        loc: loc(file, root),
        solutions,
    })
}

/// A GUID compared the way Dataverse writes it in different places: braces off, lower case.
pub fn normalize_guid(id: &str) -> String {
    id.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}
