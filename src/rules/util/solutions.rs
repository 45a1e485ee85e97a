//! Helpers shared by the rules on certification packages and solutions (`docs/solutions.md`):
//! which solution plays which part in a package, where a solution's folders are, how a flow
//! action binds to a connector, and how to point at a place in a JSON file that did not parse.

use crate::connector::JsonFile;
use crate::diagnostic::Diagnostic;
use crate::json::JsonRef;
use crate::rules::SolutionChecker;
use crate::solution::model::{ConnectionReference, normalize_guid};
use crate::solution::{Flow, Input, InputKind, Solution, SolutionConnector};

/// The part a solution plays in a certification package, read the way
/// ConnectorPackageValidator.ps1 reads `customizations.xml` (§8.2 step 8): the first
/// `Connector`, `Workflows` and `aicopilot_aiplugin` elements count when they have content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A `Connector` and no `Workflows` (nor AI plugin).
    Connector,
    /// `Workflows` (the script also wants a `Connector`; `pkg-flow-has-connector` says so).
    Flow,
    /// A `Connector` and an `aicopilot_aiplugin`, no `Workflows`.
    Plugin,
    /// None of these.
    Other,
}

impl Role {
    pub fn describe(self) -> &'static str {
        match self {
            Role::Connector => "the connector solution",
            Role::Flow => "a flow solution",
            Role::Plugin => "the AI plugin solution",
            Role::Other => "neither a connector nor a flow solution",
        }
    }
}

/// `(connector, workflows, plugin)` as the script sees them; all false when `customizations.xml`
/// could not be read.
pub fn ps_view(s: &Solution) -> (bool, bool, bool) {
    s.customizations
        .as_ref()
        .map(|c| (c.ps_connector, c.ps_workflows, c.ps_plugin))
        .unwrap_or_default()
}

pub fn role(s: &Solution) -> Role {
    match ps_view(s) {
        (true, false, false) => Role::Connector,
        (true, false, true) => Role::Plugin,
        (_, true, false) => Role::Flow,
        _ => Role::Other,
    }
}

/// Whether the package ships an AI plugin: some solution has an `aicopilot_aiplugin`.
pub fn has_plugin(input: &Input) -> bool {
    package_solutions(input).any(|s| ps_view(s).2)
}

/// How many solution zips the assets folder should hold: two, three with an AI plugin.
pub fn expected_solutions(input: &Input) -> usize {
    if has_plugin(input) { 3 } else { 2 }
}

/// Whether the assets folder holds as many solution zips as it should (when it does not,
/// `pkg-solution-count` names the missing part and the role rules stay quiet).
pub fn solution_count_ok(input: &Input) -> bool {
    input
        .package
        .as_ref()
        .and_then(|p| p.inner.as_ref())
        .is_some_and(|i| i.assets.is_some() && i.solution_zips.len() == expected_solutions(input))
}

/// The solutions of the package's assets folder (none when the input is not a package).
pub fn package_solutions(input: &Input) -> impl Iterator<Item = &Solution> {
    input
        .solutions
        .iter()
        .filter(move |s| input.kind == InputKind::Package && s.file_name.is_some())
}

/// The folder a solution's files sit in: `""`, or `"<wrapper>/"` when they are one level down.
pub fn prefix(s: &Solution) -> String {
    s.wrapper
        .as_ref()
        .map(|w| format!("{w}/"))
        .unwrap_or_default()
}

/// Whether the solution has a folder `name` at its root (any case), by its files or by a
/// folder entry of the zip: what the script's `Test-Path` sees after extracting it.
pub fn has_folder(s: &Solution, name: &str) -> bool {
    let folder = format!("{}{name}", prefix(s));
    if s.tree.under(&folder).next().is_some() {
        return true;
    }
    s.tree.archive().is_some_and(|a| {
        a.entries.iter().filter(|e| e.is_dir).any(|e| {
            let n = e.name.replace('\\', "/");
            let n = n.trim_end_matches('/');
            n.eq_ignore_ascii_case(&folder)
                || (n.len() > folder.len()
                    && n.as_bytes()[folder.len()] == b'/'
                    && n[..folder.len()].eq_ignore_ascii_case(&folder))
        })
    })
}

/// How a solution is named in messages: `` `Flow.zip` (ContosoFlow) `` in a package, else
/// `` `ContosoFlow` `` (its unique name).
pub fn label(s: &Solution) -> String {
    let unique = s
        .manifest
        .as_ref()
        .and_then(|m| m.unique_name.as_ref())
        .map(|v| v.trimmed().to_owned())
        .filter(|n| !n.is_empty());
    match (&s.file_name, unique) {
        (Some(f), Some(u)) => format!("`{f}` ({u})"),
        (Some(f), None) => format!("`{f}`"),
        (None, Some(u)) => format!("`{u}`"),
        (None, None) => format!("`{}`", s.tree.display),
    }
}

/// The solutions that carry "the connector": in a package, those classified as the connector
/// solution; in a solution zip or unpacked folder, every solution with a connector.
pub fn connector_solutions(input: &Input) -> Vec<&Solution> {
    if input.kind == InputKind::Package {
        package_solutions(input)
            .filter(|s| role(s) == Role::Connector)
            .collect()
    } else {
        input
            .solutions
            .iter()
            .filter(|s| s.has_connector())
            .collect()
    }
}

/// The connectors the input ships: those of the connector solutions, or of every solution when
/// no solution classifies as the connector solution.
pub fn packaged_connectors(input: &Input) -> Vec<&SolutionConnector> {
    let from = connector_solutions(input);
    if from.iter().any(|s| s.has_connector()) {
        from.iter().flat_map(|s| s.connectors.iter()).collect()
    } else {
        input
            .solutions
            .iter()
            .flat_map(|s| s.connectors.iter())
            .collect()
    }
}

/// Every connection reference of the input's solutions.
pub fn connection_references(input: &Input) -> impl Iterator<Item = &ConnectionReference> {
    input
        .solutions
        .iter()
        .filter_map(|s| s.customizations.as_ref())
        .flat_map(|c| c.connection_references.iter())
}

/// One flow action (or trigger) bound to a connection: `inputs.host.connectionName` (§5.2).
pub struct Binding<'a> {
    pub flow: &'a Flow,
    /// The `host` object.
    pub host: JsonRef<'a>,
    /// The key of `properties.connectionReferences` it names.
    pub key: &'a str,
    /// That entry, when it exists.
    pub entry: Option<JsonRef<'a>>,
    pub operation_id: Option<&'a str>,
}

impl<'a> Binding<'a> {
    /// `entry.api.logicalName`: the connector's `<name>`.
    pub fn api_logical_name(&self) -> Option<&'a str> {
        self.entry?.get("api")?.get_str("logicalName")
    }
    /// `entry.connection.connectionReferenceLogicalName`.
    pub fn reference_name(&self) -> Option<&'a str> {
        self.entry?
            .get("connection")?
            .get_str("connectionReferenceLogicalName")
    }
    /// The action's name (its key in `actions` or `triggers`).
    pub fn action_name(&self) -> &'a str {
        self.host
            .parent()
            .and_then(|inputs| inputs.parent())
            .and_then(|action| action.key())
            .unwrap_or("?")
    }

    /// Whether the action calls `connector`: the entry's `api.logicalName` is its name, or the
    /// connection reference it names points at its id.
    pub fn binds_to(&self, input: &Input, connector: &SolutionConnector) -> bool {
        if self
            .api_logical_name()
            .is_some_and(|n| n.eq_ignore_ascii_case(&connector.name))
        {
            return true;
        }
        let (Some(reference), Some(id)) = (self.reference_name(), connector.xml.id()) else {
            return false;
        };
        connection_references(input).any(|r| {
            r.logical_name
                .as_ref()
                .is_some_and(|n| n.trimmed().eq_ignore_ascii_case(reference))
                && r.custom_connector_id
                    .as_ref()
                    .is_some_and(|c| normalize_guid(c.trimmed()) == id)
        })
    }
}

/// Every action and trigger of a flow that names a connection.
pub fn bindings(flow: &Flow) -> Vec<Binding<'_>> {
    let Some(root) = flow.file.doc().map(|d| d.root()) else {
        return Vec::new();
    };
    let Some(properties) = root.get("properties") else {
        return Vec::new();
    };
    let references = properties.get("connectionReferences");
    let Some(definition) = properties.get("definition") else {
        return Vec::new();
    };
    definition
        .descendants()
        .filter(|n| n.key() == Some("host") && n.is_object())
        .filter_map(|host| {
            let key = host.get_str("connectionName")?;
            Some(Binding {
                flow,
                host,
                key,
                entry: references.and_then(|r| r.get(key)),
                operation_id: host.get_str("operationId"),
            })
        })
        .collect()
}

/// Reports a finding at a byte offset of a JSON file, which may not have parsed.
pub fn report_json_offset<'c>(
    cx: &'c mut SolutionChecker,
    file: &JsonFile,
    offset: usize,
    message: impl Into<String>,
) -> &'c mut Diagnostic {
    let d = cx.report_path(&file.display, message);
    if let (Some(text), Some(lines)) = (file.text(), file.lines()) {
        let offset = offset.min(text.len());
        let (l, c) = lines.line_col(text, offset);
        (d.line, d.column, d.end_line, d.end_column) = (l, c, l, c + 1);
        d.span = Some((offset, (offset + 1).min(text.len())));
    }
    d
}

/// The label of a solution component type code (D1), or how the type is written.
pub fn component_type_name(kind: &str) -> Option<&'static str> {
    if kind.eq_ignore_ascii_case("connectionreference") {
        return Some("connection reference");
    }
    let code: u32 = kind.trim().parse().ok()?;
    COMPONENT_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// The `componenttype` choices of the SolutionComponent table (D1).
pub const COMPONENT_TYPES: &[(u32, &str)] = &[
    (1, "table (entity)"),
    (2, "column (attribute)"),
    (3, "relationship"),
    (4, "attribute picklist value"),
    (5, "attribute lookup value"),
    (6, "view attribute"),
    (7, "localized label"),
    (8, "relationship extra condition"),
    (9, "option set"),
    (10, "entity relationship"),
    (11, "entity relationship role"),
    (12, "entity relationship relationships"),
    (13, "managed property"),
    (14, "entity key"),
    (16, "privilege"),
    (17, "privilege object type code"),
    (18, "index"),
    (20, "security role"),
    (21, "role privilege"),
    (22, "display string"),
    (23, "display string map"),
    (24, "form"),
    (25, "organization"),
    (26, "saved query (view)"),
    (29, "workflow or cloud flow"),
    (31, "report"),
    (32, "report entity"),
    (33, "report category"),
    (34, "report visibility"),
    (35, "attachment"),
    (36, "email template"),
    (37, "contract template"),
    (38, "KB article template"),
    (39, "mail merge template"),
    (44, "duplicate rule"),
    (45, "duplicate rule condition"),
    (46, "entity map"),
    (47, "attribute map"),
    (48, "ribbon command"),
    (49, "ribbon context group"),
    (50, "ribbon customization"),
    (52, "ribbon rule"),
    (53, "ribbon tab to command map"),
    (55, "ribbon diff"),
    (59, "saved query visualization (chart)"),
    (60, "system form"),
    (61, "web resource"),
    (62, "site map"),
    (63, "connection role"),
    (64, "complex control"),
    (65, "hierarchy rule"),
    (66, "custom control"),
    (68, "custom control default config"),
    (70, "field security profile"),
    (71, "field permission"),
    (80, "model-driven app"),
    (90, "plug-in type"),
    (91, "plug-in assembly"),
    (92, "SDK message processing step"),
    (93, "SDK message processing step image"),
    (95, "service endpoint"),
    (150, "routing rule"),
    (151, "routing rule item"),
    (152, "SLA"),
    (153, "SLA item"),
    (154, "convert rule"),
    (155, "convert rule item"),
    (161, "mobile offline profile"),
    (162, "mobile offline profile item"),
    (165, "similarity rule"),
    (166, "data source mapping"),
    (201, "SDK message"),
    (202, "SDK message filter"),
    (203, "SDK message pair"),
    (204, "SDK message request"),
    (205, "SDK message request field"),
    (206, "SDK message response"),
    (207, "SDK message response field"),
    (208, "import map"),
    (210, "web wizard"),
    (300, "canvas app"),
    (371, "connector"),
    (372, "connector"),
    (380, "environment variable definition"),
    (381, "environment variable value"),
    (400, "AI project type"),
    (401, "AI project"),
    (402, "AI configuration"),
    (430, "entity analytics configuration"),
    (431, "attribute image configuration"),
    (432, "entity image configuration"),
];

/// The elements of a `<Connector>` that name a file of the solution (§3.2).
pub const FILE_FIELDS: &[&str] = crate::solution::model::ConnectorXml::FILE_FIELDS;

/// Whether a root component `type` is a connector (372 in every export; 371 is the other
/// picklist value with the same label, D1).
pub fn is_connector_type(kind: &str) -> bool {
    matches!(kind.trim(), "371" | "372")
}

/// What a folder or file that macOS Finder's "Compress" adds is, when `name` is one: the
/// PowerShell validator counts `__MACOSX/` as a folder and rejects the package for it.
pub fn finder_metadata(name: &str) -> Option<&'static str> {
    let last = name
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(name);
    if last.eq_ignore_ascii_case("__MACOSX") {
        Some(
            " — `__MACOSX/` is the metadata folder macOS Finder's Compress adds; remove it \
             (`zip -d <zip> '__MACOSX/*'`) or zip with `zip -r -X`, which does not add it",
        )
    } else if last.eq_ignore_ascii_case(".DS_Store") {
        Some(
            " — `.DS_Store` is macOS Finder's folder metadata; remove it (`zip -d <zip> '*.DS_Store'`)",
        )
    } else {
        None
    }
}

/// Each solution of the package and the role it plays: "`Flow.zip` is a flow solution; ...".
pub fn roles_in_package(input: &Input) -> String {
    package_solutions(input)
        .map(|s| format!("{} is {}", label(s), role(s).describe()))
        .collect::<Vec<_>>()
        .join("; ")
}
