//! The findings `ppcert convert` reports: a stable id, a default severity and one line each.
//! `ppcert convert --help` and docs/convert.md list them (a test keeps the two in step).

use crate::diagnostic::Severity;

pub struct ConvertId {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The lint rules that check, in the converted connector, what the finding is about
    /// (`ppcert explain <id>` lists them).
    pub rules: &'static [&'static str],
}

macro_rules! ids {
    ($($name:ident = $id:literal, $sev:ident, $summary:literal => [$($rule:literal),*];)*) => {
        $(pub const $name: &str = $id;)*
        /// Every conversion finding, in the order the documentation lists them.
        pub const ALL: &[ConvertId] = &[
            $(ConvertId { id: $id, severity: Severity::$sev, summary: $summary, rules: &[$($rule),*] },)*
        ];
    };
}

ids! {
    INPUT_UNREADABLE = "convert-input-unreadable", Error,
        "The input file cannot be read (missing, not UTF-8, too large)." => ["file-readable"];
    INPUT_SYNTAX = "convert-input-syntax", Error,
        "The input is not valid JSON or YAML; nothing is written." => ["swagger-valid-json", "json-duplicate-keys"];
    DUPLICATE_KEY = "convert-duplicate-key", Warning,
        "A key appears twice in one object (or the file holds several YAML documents); the last value (the first document) is used." => ["json-duplicate-keys"];
    NOT_OPENAPI3 = "convert-not-openapi3", Error,
        "The input is not an OpenAPI 3 document (no `openapi: 3.x`); nothing is written." => ["swagger-version-2"];
    OPENAPI31 = "convert-openapi31", Warning,
        "OpenAPI 3.1 input is read as 3.0: each 3.1-only construct rewritten into its 3.0 form or dropped is reported." => ["swagger-version-2"];
    INVALID_ELEMENT = "convert-invalid-element", Error,
        "A part of the document does not follow OpenAPI 3.0 (wrong type, missing field); that part is left out of the result." => ["swagger-required-keys"];
    KEYWORD_DROPPED = "convert-keyword-dropped", Warning,
        "A keyword with no Swagger 2.0 counterpart (or unknown to OpenAPI 3.0) is not carried over." => ["swagger-no-unknown-properties"];
    EXAMPLE_DROPPED = "convert-example-dropped", Info,
        "An example Swagger 2.0 has no place for (parameter examples, named examples beyond the first) is not carried over." => [];
    REF_UNSUPPORTED = "convert-ref-unsupported", Error,
        "A `$ref` to another file or to a section Swagger 2.0 cannot reference; replaced by an empty schema or left out." => ["swagger-ref-targets"];
    SERVER_URL = "convert-server-url", Warning,
        "No usable server URL: `host` (and maybe `basePath`) could not be derived." => ["host-required", "host-valid"];
    MULTIPLE_SERVERS = "convert-multiple-servers", Warning,
        "Several servers (or servers on a path or operation): only one is used, and the others are dropped." => ["host-valid"];
    SERVER_FROM_PATH = "convert-server-from-path", Warning,
        "The document declares no `servers`: `host` comes from the first server of a path item or operation, and applies to every operation." => ["host-required", "host-valid"];
    SERVER_VARIABLE = "convert-server-variable", Warning,
        "A server variable: its default goes into `host`/`basePath`, and a connection parameter with a `dynamichosturl` policy lets users choose it." => ["host-valid", "props-policy-templates"];
    COOKIE_PARAMETER = "convert-cookie-parameter", Warning,
        "A cookie parameter (or cookie API key): connectors cannot declare cookies; it is left out." => [];
    CALLBACK_DROPPED = "convert-callback-dropped", Warning,
        "A callback: a connector describes webhooks differently (`x-ms-notification-content`, `x-ms-trigger`); it is left out." => ["webhook-notification-content", "webhook-delete-operation"];
    LINK_DROPPED = "convert-link-dropped", Warning,
        "A response link: Swagger 2.0 has no links; it is left out." => [];
    ONEOF_APPROXIMATED = "convert-oneof-approximated", Warning,
        "`oneOf`: the alternatives are merged into one schema (objects: every property, none of the alternative-only ones required), or the schema is left untyped." => ["swagger-no-unknown-properties"];
    ANYOF_APPROXIMATED = "convert-anyof-approximated", Warning,
        "`anyOf`: approximated like `oneOf`." => ["swagger-no-unknown-properties"];
    NOT_DROPPED = "convert-not-dropped", Warning,
        "`not`: Swagger 2.0 cannot express it; the constraint is left out." => ["swagger-no-unknown-properties"];
    PARAMETER_APPROXIMATED = "convert-parameter-approximated", Warning,
        "A parameter, header or form field whose schema or serialisation (object, `content`, `deepObject`, `matrix`, `label`) a non-body Swagger 2.0 parameter cannot hold; it becomes a string." => ["body-param-shape"];
    MEDIA_TYPE_DROPPED = "convert-media-type-dropped", Warning,
        "A request or response media type whose schema differs from the one kept: Swagger 2.0 has one schema per body and per response." => ["mime-types-supported", "single-response-schema"];
    STATUS_RANGE = "convert-status-range", Warning,
        "A response status range (`2XX`) becomes its first code (`200`): Swagger 2.0 has no ranges." => ["response-codes-valid"];
    DEFAULT_RESPONSE_SCHEMA = "convert-default-response-schema", Warning,
        "The schema of a `default` response is left out when a 2xx response exists: certification rejects schemas on `default`." => ["default-response-no-schema"];
    SECURITY_APPROXIMATED = "convert-security-approximated", Warning,
        "A security scheme Swagger 2.0 or connectors cannot hold as is (bearer, OpenID Connect, client credentials, several OAuth flows, several schemes)." => ["security-definitions-valid", "auth-type-supported"];
    OPERATIONID_GENERATED = "convert-operationid-generated", Warning,
        "An operation without `operationId` gets one from its method and path; flows refer to operations by it, so choose it before publishing." => ["operationid-required", "operationid-unique"];
    TEXT_FITTED = "convert-text-fitted", Warning,
        "A title, description or summary changed to fit the certification rules (length, restricted words or characters, trailing punctuation)." => ["title-max-length", "title-restricted-words", "title-trailing-alphanumeric", "description-length", "operation-summary-max-length", "operation-summary-restricted-chars", "operation-summary-trailing"];
    SUMMARY_GENERATED = "convert-summary-generated", Info,
        "An operation without `summary` gets one from its description or operationId." => ["operation-summary-required"];
    BRAND_COLOR_PLACEHOLDER = "convert-brand-color-placeholder", Warning,
        "apiProperties.json holds a placeholder `iconBrandColor` (`#007ee5`) to replace with the icon's background colour." => ["props-brand-color-required", "props-brand-color-certified"];
    README_SKELETON = "convert-readme-skeleton", Info,
        "readme.md is a skeleton: its `Required.` lines are for the author to write." => ["readme-required", "readme-sections-certified", "readme-sections-ip"];
}

pub fn find(id: &str) -> Option<&'static ConvertId> {
    ALL.iter().find(|c| c.id == id)
}

/// The list shown at the end of `ppcert convert --help`.
pub fn help_text() -> String {
    let mut out = String::from(
        "Findings (each with the line:column and JSON pointer of the input it is about):\n",
    );
    for c in ALL {
        out.push_str(&format!(
            "  {:<33} {:<7} {}\n",
            c.id,
            c.severity.as_str(),
            c.summary
        ));
    }
    out
}
