//! ## What it checks
//! The keys of `paths`:
//! - each starts with `/` (`OperationPathMustStartWithSlash`);
//! - none holds a query or fragment, i.e. a literal `?` or `#` (`OperationPathMayNotContainQueryOrFragment`;
//!   URL-encoded `%3F` / `%23` are fine);
//! - none holds `*` (`OperationPathContainsUnsupportedCharacters`);
//! - every `{variable}` is well formed: braces balanced and not nested, a non-empty name, inside
//!   one segment (`OperationPathTemplateNotValid`);
//! - no variable carries a default such as `{id=1}` (`OperationPathVariablesContainDefaults`);
//! - no two paths differ only in letter case (`PathRedefined`).
//!
//! Keys starting with `x-` are extensions, not paths, and are skipped. Two identical keys are
//! reported by `json-duplicate-keys`.
//!
//! ## Why it matters for certification
//! The platform builds each request URL from the host, base path and this template; the
//! Swagger Validator rejects templates it cannot route with the codes above. Query parameters
//! belong in `parameters` with `"in": "query"`.
//!
//! ## Example
//! ```json
//! "paths": { "items/{id}?expand=true": { "get": { "operationId": "GetItem" } } }
//! ```
//! Use instead:
//! ```json
//! "paths": { "/items/{id}": { "get": { "operationId": "GetItem", "parameters": [ { "name": "expand", "in": "query", "type": "boolean" } ] } } }
//! ```
//!
//! ## Fix safety
//! Safe: a path without its leading slash gets one (`items` → `/items`); its operations keep their operationIds, so flows are unchanged. No fix when `/items` already exists in some letter case or the key holds a whole URL, nor for queries, `*`, broken templates or paths differing only in case: where those parts belong (a parameter, another path) is the author's call.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use std::collections::HashMap;

pub struct PathSyntax;

/// The first template problem of `path`, if any.
fn template_problem(path: &str) -> Option<(&'static str, String)> {
    let mut open: Option<usize> = None;
    for (i, c) in path.char_indices() {
        match c {
            '{' => {
                if open.is_some() {
                    return Some(("OperationPathTemplateNotValid", "has a `{` inside a variable".into()));
                }
                open = Some(i);
            }
            '}' => {
                let Some(start) = open.take() else {
                    return Some(("OperationPathTemplateNotValid", "has a `}` without a matching `{`".into()));
                };
                let name = &path[start + 1..i];
                if name.trim().is_empty() {
                    return Some(("OperationPathTemplateNotValid", "has an empty variable `{}`".into()));
                }
                if let Some((var, _)) = name.split_once('=') {
                    return Some((
                        "OperationPathVariablesContainDefaults",
                        format!("gives the variable `{var}` a default; declare it on the parameter instead"),
                    ));
                }
            }
            '/' if open.is_some() => {
                return Some(("OperationPathTemplateNotValid", "has a variable that spans a `/`".into()));
            }
            _ => {}
        }
    }
    open.map(|_| ("OperationPathTemplateNotValid", "has a `{` without a matching `}`".into()))
}

impl Rule for PathSyntax {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(paths) = sw.root.get("paths") else { return };
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (path, item) in paths.members() {
            if path.starts_with("x-") {
                continue;
            }
            if !path.starts_with('/') {
                let fixed = format!("/{path}");
                // Not when the slashed path is taken (in any case), nor for a whole URL.
                let taken = paths.members().any(|(k, _)| k.eq_ignore_ascii_case(&fixed));
                let fix = (!taken && !path.contains("://") && !path.starts_with(char::is_whitespace))
                    .then(|| {
                        let span = item.key_span();
                        Fix::safe(
                            "Add the leading slash",
                            vec![Edit::string((span.start as usize, span.end as usize), &fixed)],
                        )
                    });
                cx.report_key(item, format!("path `{path}` does not start with `/`"))
                    .code("OperationPathMustStartWithSlash")
                    .help(format!("use `/{path}`"))
                    .fix_if(fix);
            }
            if let Some(c) = path.chars().find(|c| matches!(c, '?' | '#')) {
                cx.report_key(item, format!("path `{path}` contains `{c}` (a query or fragment)"))
                    .code("OperationPathMayNotContainQueryOrFragment")
                    .help("declare query values as parameters with \"in\": \"query\"");
            }
            if path.contains('*') {
                cx.report_key(item, format!("path `{path}` contains the unsupported character `*`"))
                    .code("OperationPathContainsUnsupportedCharacters");
            }
            if let Some((code, problem)) = template_problem(path) {
                cx.report_key(item, format!("path `{path}` {problem}")).code(code);
            }
            let folded = path.to_lowercase();
            match seen.get(&folded) {
                Some(first) if *first != path => {
                    cx.report_key(
                        item,
                        format!("path `{path}` differs from `{first}` only in letter case"),
                    )
                    .code("PathRedefined")
                    .help("merge the two path items into one");
                }
                Some(_) => {}
                None => {
                    seen.insert(folded, path);
                }
            }
        }
    }
}
