//! Helpers shared by the props rules (apiProperties.json and settings.json).
//!
//! ## Who judges what
//! `props-schema-conformance` checks apiProperties.json against ppcert's own structural schema
//! (`schemas/apiProperties.schema.json`): allowed keys and JSON types. A key whose value a
//! dedicated rule judges is accepted by the schema as it is, and that rule reports every problem
//! of that key (missing, wrong type, wrong value, wrong case), so one defect gives one finding:
//!
//! | key | owner |
//! |---|---|
//! | `properties.iconBrandColor` | `props-brand-color-required` (format), `-certified` / `-ip` (value) |
//! | `properties.publisher`, `properties.stackOwner` | `props-publisher`, `props-stack-owner` |
//! | `properties.capabilities` | `props-capabilities` |
//! | `properties.scriptOperations` | `props-script-operations` |
//! | `properties.policyTemplateInstances` | `props-policy-templates`, `policy-template-id-lowercase` |
//! | contact-like keys (`contact`, `email`, `website`, ...) | `props-no-contact` |
//! | connection parameter names, the `token:TenantId` claim | `props-connection-parameter-names` |
//! | a connection parameter being an object, its `type` and `uiDefinition` | `props-connection-parameter-types` |
//! | `oAuthSettings.identityProvider` (+ `resourceUri`, `IsFirstParty: "True"` for AAD) | `oauth-identity-provider` |
//! | `oAuthSettings.redirectMode`, `redirectUrl` | `oauth-redirect-mode` |
//! | `oAuthSettings.clientId`, `clientSecret` | `oauth-client-id-placeholder` |
//!
//! Everything else (unknown keys, the shape of `allowedValues`, `oAuthSettings.scopes`,
//! `customParameters`, `connectionParameterSets`, ...) is the schema's.

use crate::connector::Connector;
use crate::json::{JsonRef, JsonType};
use crate::props::ConnectionParameter;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Keys of `properties` whose values a dedicated rule judges (see the module doc).
pub const OWNED_PROPERTIES: &[&str] = &[
    "iconBrandColor",
    "publisher",
    "stackOwner",
    "capabilities",
    "scriptOperations",
    "policyTemplateInstances",
];

/// Whether a key of `properties` (or of the file's root) holds contact data, which belongs in the
/// swagger's `info.contact` (`props-no-contact`).
pub fn is_contact_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    matches!(
        k.as_str(),
        "website" | "url" | "homepage" | "support" | "supporturl" | "privacypolicy"
    ) || k.contains("contact")
        || k.contains("email")
        || k.contains("phone")
}

/// A key looked up exactly, or, failing that, ignoring ASCII case.
#[derive(Clone, Copy)]
pub enum KeyLookup<'a> {
    Exact(JsonRef<'a>),
    /// Present, but spelled differently (`stackowner` for `stackOwner`).
    WrongCase(&'a str, JsonRef<'a>),
    Missing,
}

pub fn lookup<'a>(object: JsonRef<'a>, key: &str) -> KeyLookup<'a> {
    if let Some(v) = object.get(key) {
        return KeyLookup::Exact(v);
    }
    object
        .members()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map_or(KeyLookup::Missing, |(k, v)| KeyLookup::WrongCase(k, v))
}

/// Where a node is, for messages: `` `oAuthSettings` ``, `` `values[1]` ``, or `the file` for the root.
pub fn place(node: JsonRef<'_>) -> String {
    if let Some(key) = node.key() {
        return format!("`{key}`");
    }
    match (node.array_index(), node.parent().and_then(|p| p.key())) {
        (Some(i), Some(parent)) => format!("`{parent}[{i}]`"),
        (Some(i), None) => format!("item {i}"),
        _ => "the file".to_owned(),
    }
}

/// `a`, `a or b`, `a, b or c` with each value in backquotes.
pub fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// `a`, `b`, `c` with each value in backquotes.
pub fn list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    quoted.join(", ")
}

/// A JSON type with its article, for "must be a string, not a number".
pub fn a_type(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

/// The message for a key spelt in another case than the one the platform reads.
pub fn wrong_case(found: &str, expected: &str) -> String {
    format!("`{found}` must be spelled `{expected}` (keys are case-sensitive)")
}

/// An unsafe fix writing the key `value` hangs from as `key`. Unsafe: the platform ignores the
/// misspelt key, so with the right spelling it starts to act on the value.
pub fn rename_key(value: JsonRef<'_>, key: &str) -> crate::fix::Fix {
    let span = value.key_span();
    crate::fix::Fix::unsafe_edit(
        format!("Write `{key}`"),
        vec![crate::fix::Edit::string(
            (span.start as usize, span.end as usize),
            key,
        )],
    )
}

/// Reports a missing, misspelt, non-string or blank `properties.<key>`; returns the text when
/// it is a usable string.
pub fn required_string<'a>(
    cx: &mut crate::rules::Checker,
    props: &crate::props::Props<'a>,
    key: &str,
    help: &str,
) -> Option<&'a str> {
    let properties = props.properties?;
    match lookup(properties, key) {
        KeyLookup::Missing => {
            cx.report_key(properties, format!("`properties` has no `{key}`"))
                .help(help.to_owned());
            None
        }
        KeyLookup::WrongCase(found, value) => {
            cx.report_key(value, wrong_case(found, key))
                .fix(rename_key(value, key));
            None
        }
        KeyLookup::Exact(value) => match value.as_str() {
            None => {
                cx.report(
                    value,
                    format!(
                        "`{key}` must be a string, not {}",
                        a_type(value.json_type())
                    ),
                );
                None
            }
            Some(text) if text.trim().is_empty() => {
                cx.report(value, format!("`{key}` is empty"))
                    .help(help.to_owned());
                None
            }
            Some(text) => Some(text),
        },
    }
}

/// Whether `s` is an HTML hex colour `#RRGGBB`.
pub fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The words of an identifier, lower-cased: `appRuntimeKey` → `app`, `runtime`, `key`;
/// `private_key` → `private`, `key`; `API Key` → `api`, `key`.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// What kind of secret a name or label suggests (`password`, `API key`, ...), if any.
pub fn secret_kind(text: &str) -> Option<&'static str> {
    let w = words(text);
    let has = |x: &str| w.iter().any(|v| v == x);
    // Addresses, names and ids of things are not secrets: `tokenUrl`, `keyName`, `Secret Server URL`.
    const NOT_SECRET: &[&str] = &[
        "url", "uri", "host", "server", "endpoint", "domain", "name", "id", "type", "public",
    ];
    if w.iter().any(|v| NOT_SECRET.contains(&v.as_str())) {
        return None;
    }
    let joined = w.concat();
    if has("password") || has("passwd") || has("pwd") || joined.contains("password") {
        return Some("a password");
    }
    if has("secret") || joined.contains("secret") {
        return Some("a secret");
    }
    if joined.contains("apikey") || has("key") {
        return Some("a key");
    }
    if has("token") {
        return Some("a token");
    }
    None
}

/// Every operationId of the connector's swagger (`paths` and `x-ms-paths`), read straight from
/// the document; `None` when there is no parsable swagger to compare with.
pub fn swagger_operation_ids(connector: &Connector) -> Option<HashSet<&str>> {
    let root = connector.swagger.as_ref()?.doc()?.root();
    let mut ids = HashSet::new();
    for section in ["paths", "x-ms-paths"] {
        for (_, item) in root.get(section).into_iter().flat_map(|p| p.members()) {
            for (method, op) in item.members() {
                if crate::swagger::METHODS.contains(&method)
                    && let Some(id) = op.get_str("operationId")
                {
                    ids.insert(id);
                }
            }
        }
    }
    Some(ids)
}

/// The closest operationId ignoring case, for "did you mean" hints.
pub fn operation_id_hint<'a>(ids: &HashSet<&'a str>, wanted: &str) -> Option<&'a str> {
    ids.iter()
        .copied()
        .find(|id| id.eq_ignore_ascii_case(wanted))
}

/// Whether a string is a placeholder rather than a real value: empty, bracketed (`[[DUMMY]]`,
/// `{{ client id }}`, `<clientId>`), an all-zero GUID, or wording such as `dummy`, `placeholder`,
/// `your client id`, `enter ...`, `xxxx`.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    let bracketed = [('[', ']'), ('{', '}'), ('<', '>'), ('(', ')')]
        .iter()
        .any(|(open, close)| lower.starts_with(*open) && lower.ends_with(*close));
    if bracketed || lower.starts_with("**") || lower.starts_with("@@") {
        return true;
    }
    if lower.chars().all(|c| c == '0' || c == '-') || lower.chars().all(|c| c == 'x') {
        return true;
    }
    const WORDS: &[&str] = &[
        "dummy",
        "placeholder",
        "your",
        "enter",
        "insert",
        "replace",
        "example",
        "sample",
        "client id",
        "client_id",
        "clientid",
        "client-id",
        "client secret",
        "client_secret",
        "clientsecret",
        "xxxx",
        "todo",
        "changeme",
        "add ",
        "here",
        "please",
        "value",
        "secret",
    ];
    WORDS.iter().any(|w| lower.contains(w))
}

/// Whether a string looks like a real credential: a non-zero GUID, or a long opaque token that
/// mixes letters and digits without spaces.
pub fn looks_like_credential(value: &str) -> bool {
    let v = value.trim();
    if is_guid(v) {
        return !v.chars().all(|c| c == '0' || c == '-');
    }
    let opaque = v.len() >= 16
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~+/=".contains(c));
    let letters = v.chars().any(|c| c.is_ascii_alphabetic());
    let digits = v.chars().any(|c| c.is_ascii_digit());
    opaque && letters && digits
}

fn is_guid(v: &str) -> bool {
    let groups: Vec<&str> = v.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Canonical policy template ids and what their instances need (catalogue §8.8).
pub struct PolicyTemplate {
    pub id: &'static str,
    /// Required `x-ms-apimTemplateParameter.*` names (without the prefix).
    pub required: &'static [&'static str],
    /// Optional ones, with their allowed values when they are an enum (empty = any string).
    pub optional: &'static [(&'static str, &'static [&'static str])],
    /// Whether `x-ms-apimTemplate-policySection` may also be `Failure`.
    pub failure_section: bool,
    /// Templates merged connectors use but the repository schema does not describe: their
    /// parameters are not checked.
    pub undocumented: bool,
}

const fn template(
    id: &'static str,
    required: &'static [&'static str],
    optional: &'static [(&'static str, &'static [&'static str])],
) -> PolicyTemplate {
    PolicyTemplate {
        id,
        required,
        optional,
        failure_section: false,
        undocumented: false,
    }
}

const EXISTS_ACTION: &[&str] = &["override", "skip", "append"];

pub const POLICY_TEMPLATES: &[PolicyTemplate] = &[
    template(
        "convertarraytoobject",
        &[
            "propertyParentPath",
            "keyWithinCollectionPath",
            "newPropertyPath",
        ],
        &[("propertySubPath", &[]), ("retainKey", &["true", "false"])],
    ),
    template(
        "convertobjecttoarray",
        &["propertyParentPath", "newPropertyPath"],
        &[
            ("propertySubPath", &[]),
            ("keyName", &[]),
            ("valueName", &[]),
        ],
    ),
    template("dynamichosturl", &["urlTemplate"], &[]),
    template(
        "encodepropertyvalue",
        &["propertyParentPath", "newPropertyPath"],
        &[("propertySubPath", &[])],
    ),
    template("pollingtrigger", &["triggerConfig", "triggerDataPath"], &[]),
    template(
        "routerequesttoendpoint",
        &["newPath"],
        &[(
            "httpMethod",
            &[
                "GET",
                "POST",
                "PUT",
                "PATCH",
                "DELETE",
                "OPTIONS",
                "HEAD",
                "@Request.OriginalHTTPMethod",
            ],
        )],
    ),
    PolicyTemplate {
        id: "setheader",
        required: &["name", "value"],
        optional: &[("existsAction", EXISTS_ACTION)],
        failure_section: true,
        undocumented: false,
    },
    template(
        "setproperty",
        &[
            "newPropertyParentPathTemplate",
            "newPropertySubPathTemplate",
            "propertyValuePathTemplate",
        ],
        &[],
    ),
    template(
        "setqueryparameter",
        &["name", "value"],
        &[("existsAction", EXISTS_ACTION)],
    ),
    template(
        "setvaluefromurl",
        &[
            "parameterTemplate",
            "parameterValueUrl",
            "parameterValuePathTemplate",
        ],
        &[("httpMethod", &["GET", "POST", "PUT"])],
    ),
    template(
        "stringreplace",
        &[
            "propertyParentPath",
            "sourceString",
            "replacementString",
            "newPropertyPath",
        ],
        &[("propertySubPath", &[])],
    ),
    template(
        "stringtoarray",
        &[
            "propertyParentPath",
            "delimiterList",
            "childPropertyName",
            "newPropertyPath",
        ],
        &[("propertySubPath", &[])],
    ),
    template(
        "updatenextlink",
        &["nextLinkPropertyName"],
        &[("nextLinkParentPropertyPath", &[])],
    ),
    PolicyTemplate {
        id: "dynamicsubdomain",
        required: &[],
        optional: &[],
        failure_section: false,
        undocumented: true,
    },
    PolicyTemplate {
        id: "moveproperties",
        required: &[],
        optional: &[],
        failure_section: false,
        undocumented: true,
    },
    PolicyTemplate {
        id: "setconnectionstatustounauthenticated",
        required: &[],
        optional: &[],
        failure_section: false,
        undocumented: true,
    },
];

/// The template with this id, ignoring case.
pub fn policy_template(id: &str) -> Option<&'static PolicyTemplate> {
    POLICY_TEMPLATES
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(id))
}

/// Declares a [`CompiledSchema`] static for the schema file at `$path` (from the crate root):
/// the validator compiled from it and its text, from the one path.
macro_rules! compiled_schema {
    ($(#[$doc:meta])* $name:ident, $validator:ident, $path:literal) => {
        #[jsonschema::validator(path = $path)]
        struct $validator;

        $(#[$doc])*
        pub static $name: CompiledSchema = CompiledSchema::new(
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)),
            $validator::iter_errors,
        );
    };
}

compiled_schema!(
    /// `schemas/apiProperties.schema.json`, compiled in.
    API_PROPERTIES_SCHEMA,
    ApiPropertiesValidator,
    "schemas/apiProperties.schema.json"
);

compiled_schema!(
    /// `schemas/settings.schema.json` (paconn's `settings.json`), compiled in.
    SETTINGS_SCHEMA,
    SettingsValidator,
    "schemas/settings.schema.json"
);

/// What a schema compiled into ppcert finds in a document: the `iter_errors` of a type made
/// by jsonschema's `validator` attribute.
pub type SchemaErrors = for<'i> fn(&'i Value) -> jsonschema::ErrorIterator<'i>;

/// One of ppcert's JSON Schemas, compiled with ppcert itself (jsonschema's `validator`
/// attribute): a run builds no validator and checks no schema against its
/// meta-schema, which took about 1 ms of every run with an `apiProperties.json`. The schema's
/// text is parsed only to word a finding (the keys allowed where one is not, a pattern's
/// description).
pub struct CompiledSchema {
    text: &'static str,
    schema: OnceLock<Value>,
    errors: SchemaErrors,
}

impl CompiledSchema {
    /// `text` is the schema `errors` was compiled from.
    pub const fn new(text: &'static str, errors: SchemaErrors) -> CompiledSchema {
        CompiledSchema {
            text,
            schema: OnceLock::new(),
            errors,
        }
    }

    fn schema(&self) -> &Value {
        self.schema
            .get_or_init(|| serde_json::from_str(self.text).expect("embedded schema is valid JSON"))
    }

    /// Validates the document under `root` and turns each error into a finding at the exact node.
    pub fn check<'a>(&self, root: JsonRef<'a>) -> Vec<SchemaFinding<'a>> {
        use jsonschema::error::{TypeKind, ValidationErrorKind as K};
        let instance = root.to_value();
        let doc = root.doc();
        let mut out = Vec::new();
        for error in (self.errors)(&instance) {
            let Some(at) = doc.pointer(error.instance_path().as_str()) else {
                continue;
            };
            let schema_at = self.schema().pointer(error.schema_path().as_str());
            let what = place(at);
            let (node, on_key, message, help) = match error.kind() {
                K::AdditionalProperties { unexpected } => {
                    let allowed = self.allowed_keys(error.schema_path().as_str());
                    for key in unexpected {
                        let Some(value) = at.get(key) else { continue };
                        let same_but_case = allowed.iter().find(|a| a.eq_ignore_ascii_case(key));
                        // Renamed only when the right spelling is not there too.
                        let fix = same_but_case
                            .filter(|a| !at.has(a))
                            .map(|a| rename_key(value, a));
                        let hint = same_but_case
                            .map(|a| format!("keys are case-sensitive: write `{a}`"))
                            .or_else(|| {
                                (!allowed.is_empty())
                                    .then(|| format!("allowed keys: {}", list(&allowed)))
                            });
                        out.push(SchemaFinding {
                            node: value,
                            on_key: true,
                            key: Some(key.clone()),
                            message: if at.parent().is_none() {
                                format!("unknown top-level key `{key}`")
                            } else {
                                format!("unknown key `{key}` in {what}")
                            },
                            help: hint,
                            fix,
                        });
                    }
                    continue;
                }
                K::Required { property } => {
                    let name = property.as_str().unwrap_or_default();
                    (
                        at,
                        true,
                        format!("{what} is missing the required key `{name}`"),
                        None,
                    )
                }
                K::Type { kind } => {
                    let expected = match kind {
                        TypeKind::Single(t) => article(&t.to_string()),
                        TypeKind::Multiple(set) => set
                            .iter()
                            .map(|t| article(&t.to_string()))
                            .collect::<Vec<_>>()
                            .join(" or "),
                    };
                    (
                        at,
                        false,
                        format!("{what} must be {expected}, not {}", a_type(at.json_type())),
                        None,
                    )
                }
                K::Enum { options } => {
                    let opts: Vec<String> = options
                        .as_array()
                        .map(|a| a.iter().map(show).collect())
                        .unwrap_or_default();
                    let refs: Vec<&str> = opts.iter().map(String::as_str).collect();
                    (
                        at,
                        false,
                        format!("{what} is {}; expected {}", show_node(at), one_of(&refs)),
                        None,
                    )
                }
                K::Constant { expected_value } => (
                    at,
                    false,
                    format!(
                        "{what} is {}; expected `{}`",
                        show_node(at),
                        show(expected_value)
                    ),
                    None,
                ),
                K::Pattern { .. } => {
                    let description = schema_at
                        .and_then(|_| parent_pointer(error.schema_path().as_str()))
                        .and_then(|p| self.schema().pointer(p))
                        .and_then(|s| s.get("description"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    (
                        at,
                        false,
                        format!(
                            "{what} is {}, which does not have the expected form",
                            show_node(at)
                        ),
                        description,
                    )
                }
                K::MinItems { limit } => (
                    at,
                    false,
                    if *limit == 1 {
                        format!("{what} must not be empty")
                    } else {
                        format!("{what} must have at least {limit} items")
                    },
                    None,
                ),
                K::MinLength { .. } => (at, false, format!("{what} must not be empty"), None),
                K::FalseSchema => (at, true, format!("{what} is not allowed here"), None),
                _ => {
                    let text = error.to_string();
                    (at, false, format!("{what}: {}", lower_first(&text)), None)
                }
            };
            out.push(SchemaFinding {
                node,
                on_key,
                key: None,
                message,
                help,
                fix: None,
            });
        }
        out
    }

    /// The keys the schema object holding the `additionalProperties` keyword at `keyword` allows.
    fn allowed_keys(&self, keyword: &str) -> Vec<&str> {
        let Some(object) = parent_pointer(keyword).and_then(|p| self.schema().pointer(p)) else {
            return Vec::new();
        };
        object
            .get("properties")
            .and_then(Value::as_object)
            .map(|m| {
                m.keys()
                    .map(String::as_str)
                    .filter(|k| *k != "displayname")
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A schema violation, placed on a node of the checked document.
pub struct SchemaFinding<'a> {
    pub node: JsonRef<'a>,
    /// Report on the key the node hangs from rather than on its value.
    pub on_key: bool,
    /// For an unknown key: the key.
    pub key: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// For an unknown key that differs from an allowed one only in case: the (unsafe) rename.
    pub fix: Option<crate::fix::Fix>,
}

impl SchemaFinding<'_> {
    /// Reports the finding for the current rule, on the key or the value as it says.
    pub fn report(self, cx: &mut crate::rules::Checker) {
        let d = if self.on_key {
            cx.report_key(self.node, self.message)
        } else {
            cx.report(self.node, self.message)
        };
        if let Some(help) = self.help {
            d.help(help);
        }
        d.fix_if(self.fix);
    }
}

fn parent_pointer(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

fn article(t: &str) -> String {
    match t {
        "null" => "null".to_owned(),
        "integer" => "an integer".to_owned(),
        "array" | "object" => format!("an {t}"),
        _ => format!("a {t}"),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A JSON value for messages, short.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => {
            let s = other.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(57).collect::<String>())
            } else {
                s
            }
        }
    }
}

/// A node's value for messages: `` `text` `` for short scalars, its type otherwise.
pub fn show_node(node: JsonRef<'_>) -> String {
    match node.json_type() {
        JsonType::Object | JsonType::Array => a_type(node.json_type()).to_owned(),
        JsonType::String => {
            let s = node.as_str().unwrap_or_default();
            if s.chars().count() > 60 {
                let cut: String = s.chars().take(57).collect();
                format!("`{cut}…`")
            } else {
                format!("`{s}`")
            }
        }
        t => format!("`{}` ({})", node.raw(), a_type(t)),
    }
}

/// The connection parameters of an apiProperties `properties` object, each name once (the
/// first of `connectionParameters`, then of the `connectionParameterSets`), objects only.
pub fn connection_parameters_of(properties: JsonRef<'_>) -> Vec<(&str, JsonRef<'_>)> {
    let mut out: Vec<(&str, JsonRef<'_>)> = Vec::new();
    for p in ConnectionParameter::all_in(properties) {
        if p.node.is_object() && !out.iter().any(|(n, _)| *n == p.name) {
            out.push((p.name, p.node));
        }
    }
    out
}

/// A connection parameter's `uiDefinition.constraints.<key>`, as written (`"true"` or `true`).
fn constraint(param: JsonRef<'_>, key: &str) -> bool {
    param
        .get("uiDefinition")
        .and_then(|u| u.get("constraints"))
        .and_then(|c| c.get(key))
        .is_some_and(|v| {
            v.as_bool() == Some(true) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true"))
        })
}

/// Whether users must give the connection parameter a value.
pub fn is_required(param: JsonRef<'_>) -> bool {
    constraint(param, "required")
}

/// Whether the connection parameter is hidden from users.
pub fn is_hidden(param: JsonRef<'_>) -> bool {
    constraint(param, "hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The validators compiled into ppcert find what jsonschema's run-time validator of the same
    /// schema finds (the same errors, at the same places, in the same order) in every
    /// apiProperties.json and settings.json of the corpus, the samples and the fixtures, and in
    /// variants of each with a node of another type or an unknown key.
    #[test]
    fn compiled_in_schemas_find_what_the_run_time_validator_finds() {
        use crate::rules::util::test_files::{corpus, files_named};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let roots = vec![root.join("samples"), root.join("tests"), corpus()];
        let files = files_named(roots, &["apiProperties.json", "settings.json"]);
        assert!(!files.is_empty());
        let listed = |errors: jsonschema::ErrorIterator<'_>| -> Vec<String> {
            errors
                .map(|e| format!("{} {} {:?}", e.instance_path(), e.schema_path(), e.kind()))
                .collect()
        };
        let (mut compared, mut with_errors) = (0, 0);
        for (name, compiled) in [
            ("apiProperties.json", &API_PROPERTIES_SCHEMA),
            ("settings.json", &SETTINGS_SCHEMA),
        ] {
            let run_time = jsonschema::validator_for(compiled.schema()).unwrap();
            for file in files
                .iter()
                .filter(|f| f.file_name().is_some_and(|n| n == name))
            {
                let text = std::fs::read_to_string(file).unwrap_or_default();
                let Ok(doc) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}'))
                else {
                    continue;
                };
                for variant in std::iter::once(doc.clone()).chain(variants(&doc)) {
                    let found = listed(run_time.iter_errors(&variant));
                    assert_eq!(
                        listed((compiled.errors)(&variant)),
                        found,
                        "{}: {variant}",
                        file.display()
                    );
                    compared += 1;
                    with_errors += usize::from(!found.is_empty());
                }
            }
        }
        assert!(
            compared > 1000 && with_errors > 500,
            "{compared} compared, {with_errors} with errors"
        );
    }

    /// `doc` with one node changed: each of its first objects' and arrays' members in turn
    /// replaced by a value of each other kind, and each object given an unknown key.
    fn variants(doc: &Value) -> Vec<Value> {
        fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
            if out.len() >= 40 {
                return;
            }
            out.push(at.clone());
            match v {
                Value::Object(m) => m.iter().for_each(|(k, v)| {
                    pointers(
                        v,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    )
                }),
                Value::Array(a) => {
                    (a.iter().enumerate()).for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out))
                }
                _ => {}
            }
        }
        let mut at = Vec::new();
        pointers(doc, String::new(), &mut at);
        let mut out = Vec::new();
        for p in at.iter().filter(|p| !p.is_empty()) {
            for other in [
                Value::from(1),
                Value::from(1.5),
                Value::from(""),
                Value::from(true),
                Value::Null,
                Value::Array(vec![]),
                serde_json::json!({}),
            ] {
                let mut v = doc.clone();
                *v.pointer_mut(p).unwrap() = other;
                out.push(v);
            }
        }
        for p in &at {
            let mut v = doc.clone();
            if let Some(m) = v.pointer_mut(p).and_then(Value::as_object_mut) {
                m.insert("notAKey".into(), Value::from(1));
                out.push(v);
            }
        }
        out
    }

    #[test]
    fn placeholders() {
        for p in [
            "[[DUMMY]]",
            "PLACEHOLDER_CLIENTID",
            "<<Please add your clientID here>>",
            "",
            "{{ client id }}",
            "dummy",
            "[YOUR_CLIENT_ID]",
            "00000000-0000-0000-0000-000000000000",
            "xxxxxxxxxxxxxxxxxxxxxxxx",
            "Zoom Client ID",
            "****CLIENT_ID****",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for real in ["945e244d-b5ea-4b33-9231-ed9737c5f124", "flow", "pacman"] {
            assert!(!is_placeholder(real), "{real}");
        }
        assert!(looks_like_credential(
            "945e244d-b5ea-4b33-9231-ed9737c5f124"
        ));
        assert!(looks_like_credential("FJ8aTHhXL1WNBkl3HPsCuLmB6KGQp3CD"));
        assert!(!looks_like_credential("power-platform-integration"));
        assert!(!looks_like_credential(
            "00000000-0000-0000-0000-000000000000"
        ));
    }

    #[test]
    fn secrets() {
        assert_eq!(words("appRuntimeKey"), ["app", "runtime", "key"]);
        assert_eq!(words("API Key"), ["api", "key"]);
        assert_eq!(words("private_key"), ["private", "key"]);
        for s in [
            "api_key",
            "apiKey",
            "password",
            "secretKey",
            "licenseKey",
            "API Key",
            "Access Token",
            "clientSecret",
        ] {
            assert!(secret_kind(s).is_some(), "{s}");
        }
        for s in [
            "username",
            "siteUrl",
            "region",
            "keyName",
            "tokenUrl",
            "publicKey",
            "environment",
            "Base URL to Secret Server",
        ] {
            assert!(secret_kind(s).is_none(), "{s}");
        }
        assert!(is_hex_colour("#da3b01"));
        assert!(!is_hex_colour("#da3b0"));
        assert!(!is_hex_colour("da3b01a"));
    }

    #[test]
    fn contact_keys() {
        assert!(is_contact_key("contact"));
        assert!(is_contact_key("contactEmail"));
        assert!(is_contact_key("website"));
        assert!(!is_contact_key("publisher"));
        assert!(!is_contact_key("stackOwner"));
    }

    #[test]
    fn policy_templates_are_lowercase_and_unique() {
        let mut seen = HashSet::new();
        for t in POLICY_TEMPLATES {
            assert_eq!(t.id, t.id.to_ascii_lowercase());
            assert!(seen.insert(t.id));
        }
        assert!(policy_template("DynamicHostUrl").is_some());
        assert!(policy_template("nope").is_none());
    }
}
