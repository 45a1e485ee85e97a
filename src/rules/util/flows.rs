//! The binding chain of a solution's cloud flows (`docs/solutions.md` §5.2), shared by the
//! `fsol-*` rules:
//!
//! ```text
//! action.inputs.host.connectionName ──► key of properties.connectionReferences
//!    entry.api.name / entry.api.logicalName (the connector's <name>)
//!    entry.connection.connectionReferenceLogicalName ──► <connectionreference>
//!       <customconnectorid><connectorid> ──► <Connector><connectorid>
//! action.inputs.host.operationId ──► an operationId of the connector's definition
//! ```

use crate::connector::JsonFile;
use crate::json::{JsonRef, Span};
use crate::solution::model::{ConnectionReference, normalize_guid};
use crate::solution::{At, Input, Loc, Solution, SolutionConnector};

/// One entry of a flow's `properties.connectionReferences`.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    /// The key actions name in `host.connectionName`.
    pub key: &'a str,
    pub node: JsonRef<'a>,
    /// `api.name`: the API's name in the environment (`shared_<escaped name>-5f<hash>`).
    pub api_name: Option<JsonRef<'a>>,
    /// `api.logicalName`: the custom connector's `<name>`.
    pub logical_name: Option<JsonRef<'a>>,
    /// `connection.connectionReferenceLogicalName`.
    pub reference: Option<JsonRef<'a>>,
}

impl<'a> Entry<'a> {
    pub fn api_name(&self) -> Option<&'a str> {
        self.api_name.and_then(|n| n.as_str()).map(str::trim)
    }
    pub fn logical_name(&self) -> Option<&'a str> {
        self.logical_name
            .and_then(|n| n.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
    pub fn reference(&self) -> Option<&'a str> {
        self.reference
            .and_then(|n| n.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// The flow's `properties` object.
pub fn properties(file: &JsonFile) -> Option<JsonRef<'_>> {
    file.doc()?.root().get_ignore_case("properties")
}

/// The flow's `properties.definition`.
pub fn definition(file: &JsonFile) -> Option<JsonRef<'_>> {
    properties(file)?.get_ignore_case("definition")
}

/// The entries of `properties.connectionReferences`, in document order.
pub fn entries(file: &JsonFile) -> Vec<Entry<'_>> {
    let Some(refs) = properties(file).and_then(|p| p.get_ignore_case("connectionReferences"))
    else {
        return Vec::new();
    };
    refs.members()
        .map(|(key, node)| {
            let api = node.get_ignore_case("api");
            Entry {
                key,
                node,
                api_name: api.and_then(|a| a.get_ignore_case("name")),
                logical_name: api.and_then(|a| a.get_ignore_case("logicalName")),
                reference: node
                    .get_ignore_case("connection")
                    .and_then(|c| c.get_ignore_case("connectionReferenceLogicalName")),
            }
        })
        .collect()
}

/// An action's or trigger's `inputs.host`: which connection it uses and which operation.
#[derive(Clone, Copy)]
pub struct Host<'a> {
    pub node: JsonRef<'a>,
    /// The value naming the connection (`connectionName`, or `connection.name` as
    /// `@parameters('$connections')['<key>']['connectionId']`), and the key it names.
    pub connection: Option<(JsonRef<'a>, &'a str)>,
    pub operation_id: Option<JsonRef<'a>>,
}

/// Every `inputs.host` of the flow's definition: triggers and actions at any depth (scopes,
/// conditions, loops, switch cases).
pub fn hosts(file: &JsonFile) -> Vec<Host<'_>> {
    let Some(def) = definition(file) else {
        return Vec::new();
    };
    def.descendants()
        .filter(|n| {
            n.is_object()
                && n.key().is_some_and(|k| k.eq_ignore_ascii_case("host"))
                && n.parent()
                    .and_then(|p| p.key())
                    .is_some_and(|k| k.eq_ignore_ascii_case("inputs"))
        })
        .map(|node| Host {
            node,
            connection: connection_of(node),
            operation_id: node.get_ignore_case("operationId"),
        })
        .collect()
}

fn connection_of(host: JsonRef<'_>) -> Option<(JsonRef<'_>, &str)> {
    for key in ["connectionName", "connectionReferenceName"] {
        if let Some(v) = host.get_ignore_case(key)
            && let Some(s) = v.as_str().map(str::trim).filter(|s| !s.is_empty())
        {
            return Some((v, s));
        }
    }
    let connection = host.get_ignore_case("connection")?;
    if let Some(v) = connection.get_ignore_case("referenceName")
        && let Some(s) = v.as_str().map(str::trim).filter(|s| !s.is_empty())
    {
        return Some((v, s));
    }
    let v = connection.get_ignore_case("name")?;
    let s = v.as_str()?;
    // `@parameters('$connections')['shared_x']['connectionId']`
    let rest = &s[s.find("$connections")?..];
    let start = rest.find("['")? + 2;
    let end = start + rest[start..].find("']")?;
    Some((v, &rest[start..end]))
}

/// A `<connectionreference>` found by logical name, and the solution that defines it.
pub fn find_reference<'i>(
    input: &'i Input,
    logical_name: &str,
) -> Option<(&'i Solution, &'i ConnectionReference)> {
    input
        .solutions
        .iter()
        .find_map(|s| local_reference(s, logical_name).map(|r| (s, r)))
}

/// A `<connectionreference>` of this solution, by logical name (any case).
pub fn local_reference<'s>(s: &'s Solution, logical_name: &str) -> Option<&'s ConnectionReference> {
    s.customizations
        .as_ref()?
        .connection_references
        .iter()
        .find(|r| {
            r.logical_name
                .as_ref()
                .is_some_and(|n| n.trimmed().eq_ignore_ascii_case(logical_name))
        })
}

/// Every connector the input carries, in any of its solutions.
pub fn packaged_connectors(input: &Input) -> Vec<&SolutionConnector> {
    input.solutions.iter().flat_map(|s| &s.connectors).collect()
}

/// The API name a connector gets in an environment starts with `shared_` and its `<name>` with
/// `_` written `-5f` (`tst_toggl-20track` → `shared_tst-5ftoggl-20track-5f<hash>`) (INF from
/// the packages of §0.2).
pub fn api_name_matches(api_name: &str, connector_name: &str) -> bool {
    let api = api_name.trim().to_ascii_lowercase();
    let escaped = format!(
        "shared_{}",
        connector_name
            .trim()
            .to_ascii_lowercase()
            .replace('_', "-5f")
    );
    api == escaped || api.starts_with(&format!("{escaped}-5f"))
}

/// The API part of a connection reference's `connectorid`
/// (`/providers/Microsoft.PowerApps/apis/shared_x` → `shared_x`).
pub fn api_of_connector_id(connector_id: &str) -> &str {
    let id = connector_id.trim().trim_end_matches('/');
    id.rsplit('/').next().unwrap_or(id)
}

/// The reference's `<customconnectorid><connectorid>`, normalised; `None` when absent or empty.
pub fn custom_connector_id(r: &ConnectionReference) -> Option<String> {
    r.custom_connector_id
        .as_ref()
        .map(|v| normalize_guid(v.trimmed()))
        .filter(|g| !g.is_empty())
}

/// Whether an entry binds to a custom connector: it names one in `api.logicalName`, its
/// connection reference points at one, or its API name is a packaged connector's.
pub fn is_custom(input: &Input, entry: &Entry) -> bool {
    entry.logical_name().is_some()
        || entry
            .reference()
            .and_then(|r| find_reference(input, r))
            .is_some_and(|(_, r)| custom_connector_id(r).is_some())
        || entry.api_name().is_some_and(|a| {
            packaged_connectors(input)
                .iter()
                .any(|c| api_name_matches(a, &c.name))
        })
}

/// The packaged connector an entry binds to: by `api.logicalName`, else by its connection
/// reference's `customconnectorid`, else by its API name.
pub fn connector_of<'i>(input: &'i Input, entry: &Entry) -> Option<&'i SolutionConnector> {
    let connectors = packaged_connectors(input);
    if let Some(name) = entry.logical_name() {
        return connectors
            .iter()
            .find(|c| c.name == name)
            .or_else(|| {
                connectors
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(name))
            })
            .copied();
    }
    if let Some(id) = entry
        .reference()
        .and_then(|r| find_reference(input, r))
        .and_then(|(_, r)| custom_connector_id(r))
        && let Some(c) = connectors
            .iter()
            .find(|c| c.xml.id().as_deref() == Some(&id))
    {
        return Some(c);
    }
    let api = entry.api_name()?;
    connectors
        .iter()
        .find(|c| api_name_matches(api, &c.name))
        .copied()
}

/// A short name for a flow in messages: its workflow's `Name`, else its file name.
pub fn flow_name(s: &Solution, flow: &crate::solution::Flow) -> String {
    flow.workflow
        .and_then(|i| s.workflows.get(i))
        .and_then(|w| w.name.as_ref())
        .map(|n| n.trimmed().to_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| {
            flow.path
                .rsplit('/')
                .next()
                .unwrap_or(&flow.path)
                .to_owned()
        })
}

/// A canvas app of a solution, and the custom connectors it uses.
pub struct CanvasApp {
    pub name: String,
    /// The `<CanvasApp>` element, or the unpacked `CanvasApps/<app>.meta.xml` file.
    pub at: At,
    /// `customApiLogicalName`s of its `ConnectionReferences` and the connectors (372) of its
    /// `CdsDependencies`, as written.
    pub custom_connectors: Vec<String>,
}

/// The canvas apps of a solution: `<CanvasApps><CanvasApp>` of `customizations.xml`, or
/// `CanvasApps/*.meta.xml` when unpacked. The model keeps only their names, so the XML is read
/// again here.
pub fn canvas_apps(input: &Input, s: &Solution) -> Vec<CanvasApp> {
    let mut out = Vec::new();
    if let Some(c) = s
        .customizations
        .as_ref()
        .filter(|c| !c.canvas_apps.is_empty())
    {
        let file = c.loc.file;
        let text = &input.sources.get(file).text;
        if let Ok(doc) = roxmltree::Document::parse(text) {
            for app in doc.descendants().filter(|n| is_element(n, "CanvasApp")) {
                let r = app.range();
                out.push(read_app(
                    app,
                    At::Loc(Loc {
                        file,
                        span: Span::new(r.start, r.end),
                    }),
                ));
            }
        }
    }
    if s.unpacked {
        for e in s
            .tree
            .under("CanvasApps")
            .filter(|e| e.path.to_ascii_lowercase().ends_with(".meta.xml"))
        {
            let Ok(bytes) = s.tree.read(e) else { continue };
            let Ok(text) = crate::solution::decode_text(&bytes) else {
                continue;
            };
            let Ok(doc) = roxmltree::Document::parse(&text) else {
                continue;
            };
            let root = doc.root_element();
            if is_element(&root, "CanvasApp") {
                out.push(read_app(root, At::Path(s.tree.display_of(&e.path))));
            }
        }
    }
    out
}

fn is_element(n: &roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name().eq_ignore_ascii_case(name)
}

fn read_app(app: roxmltree::Node, at: At) -> CanvasApp {
    let text = |name: &str| -> String {
        app.children()
            .find(|c| is_element(c, name))
            .map(|c| c.children().filter_map(|t| t.text()).collect::<String>())
            .unwrap_or_default()
    };
    let name = text("Name").trim().to_owned();
    let mut custom_connectors = Vec::new();
    for field in ["ConnectionReferences", "CdsDependencies"] {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text(field).trim()) {
            custom_apis(&v, &mut custom_connectors);
        }
    }
    custom_connectors.sort();
    custom_connectors.dedup();
    CanvasApp {
        name: if name.is_empty() { "?".into() } else { name },
        at,
        custom_connectors,
    }
}

fn custom_apis(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            let get = |key: &str| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            };
            if let Some(Value::String(n)) = get("customApiLogicalName")
                && !n.trim().is_empty()
            {
                out.push(n.trim().to_owned());
            }
            let is_connector = match get("componenttype") {
                Some(Value::Number(n)) => n.as_i64() == Some(372),
                Some(Value::String(t)) => t.trim() == "372",
                _ => false,
            };
            if is_connector
                && let Some(Value::String(n)) = get("logicalname").or_else(|| get("name"))
                && !n.trim().is_empty()
            {
                out.push(n.trim().to_owned());
            }
            for child in map.values() {
                custom_apis(child, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                custom_apis(child, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_names() {
        assert!(api_name_matches(
            "shared_tst-5ftoggl-20track-5f018bcb64ab8eca17",
            "tst_toggl-20track"
        ));
        assert!(api_name_matches(
            "shared_cr37f-5f5fbbc-20news-5fabc",
            "cr37f_5Fbbc-20news"
        ));
        assert!(!api_name_matches("shared_office365", "tst_toggl-20track"));
        assert_eq!(
            api_of_connector_id("/providers/Microsoft.PowerApps/apis/shared_x"),
            "shared_x"
        );
    }
}
