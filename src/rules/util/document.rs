//! Helpers shared by the document rules: a walk over every OpenAPI 2.0 object of the definition
//! with its location, the keywords each location admits, the known `x-ms-*` extensions, and small
//! text helpers (edit distance, source spans of characters inside a JSON string).

use crate::json::{JsonRef, Span};
pub use crate::swagger::{Loc, walk};

/// Defines [`keywords`] (the fixed fields of each location, for messages and suggestions) and
/// [`is_keyword`] (the same test compiled to a `match`, for the hot path) from one table.
macro_rules! keyword_table {
    ($($loc:ident => [$($kw:literal),* $(,)?]),* $(,)?) => {
        /// The OpenAPI 2.0 fixed fields of each location (extensions aside). `None` for locations
        /// whose members are not OpenAPI keywords (`x-ms-notification-content`).
        pub fn keywords(loc: Loc) -> Option<&'static [&'static str]> {
            match loc {
                $(Loc::$loc => Some(&[$($kw),*]),)*
                Loc::NotificationContent => None,
            }
        }

        /// Whether `key` is an OpenAPI 2.0 fixed field of `loc`.
        pub fn is_keyword(loc: Loc, key: &str) -> bool {
            match loc {
                $(Loc::$loc => matches!(key, $($kw)|*),)*
                Loc::NotificationContent => false,
            }
        }

        /// Whether `key` is an OpenAPI 2.0 fixed field of some object.
        pub fn is_swagger_keyword(key: &str) -> bool {
            $(matches!(key, $($kw)|*))||*
        }
    };
}

// Body and non-body parameter fields are accepted together: which of them fit which `in` is
// `body-param-shape`'s concern.
keyword_table! {
    Root => [
        "swagger",
        "info",
        "host",
        "basePath",
        "schemes",
        "consumes",
        "produces",
        "paths",
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
        "security",
        "tags",
        "externalDocs",
    ],
    Info => [
        "title",
        "description",
        "termsOfService",
        "contact",
        "license",
        "version",
    ],
    Contact => [
        "name",
        "url",
        "email",
    ],
    License => [
        "name",
        "url",
    ],
    PathItem => [
        "$ref",
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "parameters",
    ],
    Operation => [
        "tags",
        "summary",
        "description",
        "externalDocs",
        "operationId",
        "consumes",
        "produces",
        "parameters",
        "responses",
        "schemes",
        "deprecated",
        "security",
    ],
    Parameter => [
        "$ref",
        "name",
        "in",
        "description",
        "required",
        "schema",
        "allowEmptyValue",
        "type",
        "format",
        "items",
        "collectionFormat",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
    ],
    Items => [
        "type",
        "format",
        "items",
        "collectionFormat",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
    ],
    Header => [
        "description",
        "type",
        "format",
        "items",
        "collectionFormat",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
    ],
    Response => [
        "$ref",
        "description",
        "schema",
        "headers",
        "examples",
    ],
    Schema => [
        "$ref",
        "format",
        "title",
        "description",
        "default",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
        "required",
        "enum",
        "type",
        "items",
        "allOf",
        "properties",
        "additionalProperties",
        "discriminator",
        "readOnly",
        "xml",
        "externalDocs",
        "example",
    ],
    SecurityScheme => [
        "type",
        "description",
        "name",
        "in",
        "flow",
        "authorizationUrl",
        "tokenUrl",
        "scopes",
    ],
    Tag => [
        "name",
        "description",
        "externalDocs",
    ],
    ExternalDocs => [
        "description",
        "url",
    ],
    Xml => [
        "name",
        "namespace",
        "prefix",
        "attribute",
        "wrapped",
    ],
}

/// Keywords of OpenAPI 3 or later JSON Schema drafts that Swagger 2.0 (and so the platform) does
/// not support.
pub const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "openapi",
    "servers",
    "components",
    "webhooks",
    "requestBody",
    "callbacks",
    "links",
    "content",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "const",
    "writeOnly",
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "patternProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "additionalItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "contentEncoding",
    "contentMediaType",
    "style",
    "explode",
    "allowReserved",
];

/// The `x-ms-*` extensions the platform reads, and where each one has an effect (catalogue §8.10,
/// the repository schema, and the keys Microsoft's own tooling writes).
pub const XMS_EXTENSIONS: &[(&str, &[Loc])] = {
    use Loc::*;
    const OP: &[Loc] = &[Operation];
    const FIELD: &[Loc] = &[Parameter, Items, Schema];
    const LABEL: &[Loc] = &[Operation, Parameter, Items, Schema, Response, Header];
    &[
        ("x-ms-agentic-protocol", OP),
        ("x-ms-api-annotation", &[Info, Operation]),
        ("x-ms-capabilities", &[Root, Operation]),
        ("x-ms-connector-metadata", &[Root]),
        ("x-ms-deployment-version", &[Info]),
        ("x-ms-docs", &[Root]),
        ("x-ms-dynamic-list", FIELD),
        ("x-ms-dynamic-properties", &[Parameter, Schema]),
        ("x-ms-dynamic-schema", &[Parameter, Schema]),
        ("x-ms-dynamic-tree", FIELD),
        ("x-ms-dynamic-values", FIELD),
        ("x-ms-editor", FIELD),
        ("x-ms-editor-options", FIELD),
        ("x-ms-enum-values", FIELD),
        ("x-ms-localizeDefaultValue", FIELD),
        ("x-ms-media-kind", FIELD),
        ("x-ms-no-generic-test", OP),
        ("x-ms-notification", OP),
        ("x-ms-notification-content", &[PathItem, Operation]),
        ("x-ms-notification-url", &[Parameter, Schema]),
        ("x-ms-openai-data", &[Root, Operation]),
        ("x-ms-openai-manifest", &[Root]),
        ("x-ms-operation-context", OP),
        ("x-ms-pageable", OP),
        ("x-ms-require-user-confirmation", OP),
        ("x-ms-safe-operation", OP),
        ("x-ms-summary", LABEL),
        ("x-ms-test-value", FIELD),
        ("x-ms-trigger", OP),
        ("x-ms-trigger-hint", OP),
        ("x-ms-trigger-metadata", OP),
        ("x-ms-trigger-value", FIELD),
        ("x-ms-url-encoding", &[Parameter]),
        ("x-ms-visibility", LABEL),
    ]
};

/// `x-ms-*` names written by AutoRest, OpenAPI generators and Microsoft's own tooling. The platform
/// ignores them, but they are not mistakes: never reported, wherever they are.
pub const TOLERATED_XMS: &[&str] = &[
    "x-ms-arm-id-details",
    "x-ms-azure-resource",
    "x-ms-client-default",
    "x-ms-client-flatten",
    "x-ms-client-name",
    "x-ms-client-request-id",
    "x-ms-code-generation-settings",
    "x-ms-discriminator-value",
    "x-ms-docs-operation-type",
    "x-ms-enum",
    "x-ms-error-response",
    "x-ms-examples",
    "x-ms-external",
    "x-ms-header-collection-prefix",
    "x-ms-identifiers",
    "x-ms-keywords",
    "x-ms-long-running-operation",
    "x-ms-long-running-operation-options",
    "x-ms-mutability",
    "x-ms-navigationProperty",
    "x-ms-odata",
    "x-ms-openai-published-to-copilots",
    "x-ms-parameter-grouping",
    "x-ms-parameter-location",
    "x-ms-parameterized-host",
    "x-ms-paths",
    "x-ms-request-id",
    "x-ms-secret",
    "x-ms-skip-url-encoding",
];

/// The locations where a known platform extension has an effect; `None` for other names.
pub fn xms_locations(name: &str) -> Option<&'static [Loc]> {
    XMS_EXTENSIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, locs)| *locs)
}

/// Whether `name` is a known platform extension or a tolerated tooling extension.
pub fn is_known_xms(name: &str) -> bool {
    xms_locations(name).is_some() || TOLERATED_XMS.contains(&name)
}

/// The known extension `name` most likely stands for, when it is a misspelling, a case variant or
/// a mangled form (`x-ms-visibilty`, `X-MS-Summary`, `x_ms_summary`, `x-ms-summary:`,
/// `x-ms-summary title`). `None` when nothing is close.
pub fn closest_xms(name: &str) -> Option<&'static str> {
    let known = || {
        XMS_EXTENSIONS
            .iter()
            .map(|(n, _)| *n)
            .chain(TOLERATED_XMS.iter().copied())
    };
    // Case, `_` for `-`, stray spaces and colons.
    let norm: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':' && *c != '"')
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if let Some(k) = known().find(|k| k.eq_ignore_ascii_case(&norm)) {
        return Some(k);
    }
    // A known name followed by junk: `x-ms-summary title`.
    let lower = name.to_ascii_lowercase().replace('_', "-");
    if let Some(k) = known()
        .filter(|k| {
            lower.len() > k.len()
                && lower.starts_with(&k.to_ascii_lowercase())
                && !lower.as_bytes()[k.len()].is_ascii_alphanumeric()
                && lower.as_bytes()[k.len()] != b'-'
        })
        .max_by_key(|k| k.len())
    {
        return Some(k);
    }
    // A typo: at most one edit in short names, two in longer ones.
    let (best, distance) = known()
        .map(|k| (k, edit_distance(&norm, &k.to_ascii_lowercase())))
        .min_by_key(|(_, d)| *d)?;
    let suffix = best.len().saturating_sub("x-ms-".len());
    let limit = if suffix <= 5 { 1 } else { 2 };
    (distance <= limit).then_some(best)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), on bytes.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The decoded characters of a JSON string value with the byte span each one occupies in the
/// source (a literal character, or its escape sequence such as `\u2019`). Empty for non-strings.
pub fn string_chars(node: JsonRef<'_>) -> impl Iterator<Item = (char, Span)> + '_ {
    let raw = if node.is_string() { node.raw() } else { "" };
    let base = node.span().start as usize;
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or("");
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let rest = inner.get(pos..)?;
        let mut chars = rest.chars();
        let c = chars.next()?;
        let start = pos;
        if c != '\\' {
            pos += c.len_utf8();
            return Some((c, Span::new(base + 1 + start, base + 1 + pos)));
        }
        let esc = chars.next().unwrap_or('\\');
        let decoded = match esc {
            'u' => {
                let hex = |at: usize| {
                    inner
                        .get(at..at + 4)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                };
                let hi = hex(pos + 2).unwrap_or(0xFFFD);
                pos += 6;
                if (0xD800..0xDC00).contains(&hi) && inner.get(pos..pos + 2) == Some("\\u") {
                    let lo = hex(pos + 2).unwrap_or(0);
                    pos += 6;
                    if (0xDC00..0xE000).contains(&lo) {
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            .unwrap_or('\u{FFFD}')
                    } else {
                        '\u{FFFD}'
                    }
                } else {
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            other => {
                pos += 1 + other.len_utf8();
                match other {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    c => c,
                }
            }
        };
        pos = pos.min(inner.len());
        Some((decoded, Span::new(base + 1 + start, base + 1 + pos)))
    })
}

/// Whether a string value is empty or only whitespace.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The user-facing text keys of each location.
pub fn text_keys(loc: Loc) -> &'static [&'static str] {
    match loc {
        Loc::Info => &["title", "description"],
        Loc::Operation => &["summary", "description", "x-ms-summary"],
        Loc::Parameter | Loc::Items | Loc::Response | Loc::Header => {
            &["x-ms-summary", "description"]
        }
        Loc::Schema => &["title", "x-ms-summary", "description"],
        Loc::NotificationContent => &["description"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("x-ms-visibilty", "x-ms-visibility"), 1);
        assert_eq!(edit_distance("x-ms-sumamry", "x-ms-summary"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn closest_names() {
        assert_eq!(closest_xms("x-ms-visibilty"), Some("x-ms-visibility"));
        assert_eq!(closest_xms("x-ms-summmary"), Some("x-ms-summary"));
        assert_eq!(closest_xms("x-ms-visbility"), Some("x-ms-visibility"));
        assert_eq!(closest_xms("X-MS-Summary"), Some("x-ms-summary"));
        assert_eq!(closest_xms("x-ms-summary:"), Some("x-ms-summary"));
        assert_eq!(closest_xms("x-ms  -summary"), Some("x-ms-summary"));
        assert_eq!(closest_xms("x-ms-summary title"), Some("x-ms-summary"));
        assert_eq!(closest_xms("x_ms_summary"), Some("x-ms-summary"));
        assert_eq!(closest_xms("x-ms-enum-value"), Some("x-ms-enum-values"));
        assert_eq!(
            closest_xms("x-ms-api-annotations"),
            Some("x-ms-api-annotation")
        );
        assert_eq!(closest_xms("x-ms-tooltip"), None);
    }

    #[test]
    fn char_spans() {
        let Ok(doc) = crate::json::parse(r#"["a\u2019b", "é\n"]"#.to_owned()) else {
            panic!("the test document parses");
        };
        let first = doc.root().index(0).expect("item");
        let spans: Vec<_> = string_chars(first).collect();
        assert_eq!(spans.len(), 3);
        assert_eq!(spans[1].0, '\u{2019}');
        assert_eq!(spans[1].1, Span::new(3, 9));
        let second = doc.root().index(1).expect("item");
        let spans: Vec<_> = string_chars(second).collect();
        assert_eq!(spans[0], ('é', Span::new(14, 16)));
        assert_eq!(spans[1], ('\n', Span::new(16, 18)));
    }
}
