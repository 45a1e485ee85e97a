//! Servers: a connector has one host. It comes from the first of the document's `servers`, or,
//! when the document declares none, from the first server declared on a path item or an
//! operation (where it came from is reported). Server variables become a connection parameter
//! each, with a `dynamichosturl` policy (see the apiProperties part of [`super::write`]).

use super::read::{Api, METHODS};
use super::writer::Writer;
use super::{ids, join};

#[derive(Default, Clone)]
pub struct Server {
    pub host: Option<String>,
    pub base_path: Option<String>,
    pub schemes: Vec<String>,
    /// (connection parameter, variable, description, allowed values)
    pub variables: Vec<(String, String, Option<String>, Vec<String>)>,
    /// The server URL with `@connectionParameters('...')` in place of each variable.
    pub url_template: Option<String>,
}

impl Writer<'_, '_> {
    /// The connector's one server: the first of the document's `servers`, or, when the document
    /// declares none, the first declared on a path item or an operation (reported, since it then
    /// applies to every operation). Servers differing from it only in scheme add schemes; the
    /// others are dropped, reported.
    pub fn servers(&mut self) -> Server {
        let api = self.api;
        let mut out = Server::default();
        let (list, at): (&[openapiv3::Server], String) = if !api.servers.is_empty() {
            (&api.servers, "/servers".to_owned())
        } else if let Some((list, at, owner)) = first_nested_servers(api) {
            self.rep
                .at(ids::SERVER_FROM_PATH, &format!("{at}/0/url"), false, format!("the document declares no `servers`: `host` and `basePath` come from the server of {owner} (`{}`), and apply to every operation", list[0].url))
                .help("if every operation uses this server, declare it once in the document's `servers`");
            (list, at)
        } else {
            self.rep
                .at(ids::SERVER_URL, "/servers", true, "the document has no `servers`: the definition gets no `host`")
                .help("add `host` (and `basePath`) to apiDefinition.swagger.json, or a server URL to the input");
            return out;
        };
        let first = &list[0];
        let url_ptr = format!("{at}/0/url");
        let mut url = first.url.clone();
        let vars = first.variables.clone().unwrap_or_default();
        let mut template = first.url.clone();
        let mut names = Vec::new();
        while let Some(start) = url.find('{') {
            let Some(len) = url[start..].find('}') else {
                break;
            };
            let name = url[start + 1..start + len].to_owned();
            let value = match vars.get(&name) {
                Some(v) => v.default.clone(),
                None => {
                    self.rep.at(ids::SERVER_URL, &url_ptr, false, format!("server variable `{name}` is not defined under `variables`; it is left empty"));
                    String::new()
                }
            };
            url.replace_range(start..start + len + 1, &value);
            if vars.contains_key(&name) && !names.contains(&name) {
                names.push(name);
            }
        }
        for name in &names {
            let param = connection_name(name);
            template = template.replace(
                &format!("{{{name}}}"),
                &format!("@connectionParameters('{param}')"),
            );
            let v = &vars[name];
            self.rep.at(
                ids::SERVER_VARIABLE,
                &join(&format!("{at}/0/variables"), name),
                true,
                format!("server variable `{name}`: its default `{}` is used in the definition, and apiProperties.json gets a connection parameter `{param}` with a `dynamichosturl` policy so each connection can set it", v.default),
            );
            out.variables.push((
                param,
                name.clone(),
                v.description.clone(),
                v.enumeration.clone(),
            ));
        }
        if !names.is_empty() {
            out.url_template = Some(template);
        }
        let parsed = split_url(&url);
        match &parsed {
            Some((scheme, host, path)) => {
                if let Some(s) = scheme {
                    out.schemes.push(s.clone());
                }
                out.host = (!host.is_empty()).then(|| host.clone());
                out.base_path = (!path.is_empty()).then(|| path.clone());
                if host.is_empty() {
                    self.rep
                        .at(ids::SERVER_URL, &url_ptr, false, format!("server URL `{}` has no host: the definition gets no `host`", first.url))
                        .help("use an absolute server URL (https://api.example.com/v1), or add `host` to the definition");
                }
            }
            None => {
                self.rep.at(
                    ids::SERVER_URL,
                    &url_ptr,
                    false,
                    format!(
                        "server URL `{}` cannot be read as a URL: the definition gets no `host`",
                        first.url
                    ),
                );
            }
        }
        for (i, s) in list.iter().enumerate().skip(1) {
            match (resolved_url(s), &parsed) {
                (Some((Some(scheme), h, p)), Some((_, host, path))) if h == *host && p == *path => {
                    if !out.schemes.contains(&scheme) {
                        out.schemes.push(scheme);
                    }
                }
                _ => {
                    self.rep.at(
                        ids::MULTIPLE_SERVERS,
                        &format!("{at}/{i}"),
                        false,
                        format!("server `{}` is dropped: a connector has one host (the first server, `{}`, is used)", s.url, first.url),
                    );
                }
            }
        }
        if let Some((_, host, path)) = &parsed {
            self.server_from = Some((at, host.clone(), path.clone()));
        }
        out
    }

    /// The `servers` of a path item or an operation (`what`): a connector has one host, so they
    /// are dropped, reported, unless the host came from them or they declare that server again.
    pub fn nested_servers(&mut self, list: &[openapiv3::Server], ptr: &str, what: &str) {
        if list.is_empty() {
            return;
        }
        let at = join(ptr, "servers");
        if let Some((from, host, path)) = &self.server_from {
            let same = |s: &openapiv3::Server| {
                resolved_url(s).is_some_and(|(_, h, p)| h == *host && p == *path)
            };
            if *from == at || list.iter().all(same) {
                return;
            }
        }
        self.rep.at(
            ids::MULTIPLE_SERVERS,
            &at,
            true,
            format!("servers of {what} are dropped: a connector has one host"),
        );
    }
}

/// The first `servers` declared on a path item or an operation, in document order, with their
/// pointer and what declares them.
fn first_nested_servers(api: &Api) -> Option<(&[openapiv3::Server], String, String)> {
    for (path, item) in &api.paths {
        let ptr = join("/paths", path);
        if !item.servers.is_empty() {
            return Some((
                &item.servers,
                join(&ptr, "servers"),
                format!("path `{path}`"),
            ));
        }
        for method in METHODS {
            if let Some((_, op)) = item.iter().find(|(m, _)| *m == method)
                && !op.servers.is_empty()
            {
                let owner = format!("operation `{} {path}`", method.to_uppercase());
                return Some((&op.servers, join(&join(&ptr, method), "servers"), owner));
            }
        }
    }
    None
}

/// A server's URL with its variables' defaults, split as [`split_url`] does.
fn resolved_url(s: &openapiv3::Server) -> Option<(Option<String>, String, String)> {
    let mut url = s.url.clone();
    for (name, v) in s.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &v.default);
    }
    split_url(&url)
}

/// `scheme://host/path` → (scheme, host, path without a trailing `/` unless it is `/`).
fn split_url(url: &str) -> Option<(Option<String>, String, String)> {
    let url = url.trim();
    let (scheme, rest) = match url.find("://") {
        Some(i) => (Some(url[..i].to_ascii_lowercase()), &url[i + 3..]),
        None => match url.strip_prefix("//") {
            Some(r) => (None, r),
            None => {
                if url.starts_with('/') || url.is_empty() {
                    return Some((None, String::new(), trim_path(url)));
                }
                return None;
            }
        },
    };
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = host.rsplit('@').next().unwrap_or(host);
    Some((scheme, host.to_owned(), trim_path(path)))
}

fn trim_path(p: &str) -> String {
    if p == "/" {
        return p.to_owned();
    }
    p.trim_end_matches('/').to_owned()
}

/// A connection parameter name (`^[0-9a-zA-Z_]+$`) for a server variable.
fn connection_name(var: &str) -> String {
    let s: String = var
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.is_empty() { "server".into() } else { s }
}
