//! A solution's connector as a connector of the run (`docs/solutions.md` §4.2): its
//! `_openapidefinition.json` is the definition, and an apiProperties document is built from
//! what the solution carries (connection parameters, parameter sets, policy templates, brand
//! colour, script operations, capabilities), so the same rules judge it. Findings on the built
//! document are moved back to the file or element each value came from.

use super::load::SolutionConnector;
use super::sources::{Loc, Sources, Val};
use crate::connector::{Connector, FileKind, JsonFile, Profile};
use crate::diagnostic::Diagnostic;
use crate::json::LineIndex;
use std::path::Path;

/// Props rules about what a solution does not carry, or that a solution rule judges with the
/// solution's own semantics (conn-script-ops for `<scriptoperations>`).
const NOT_CARRIED: &[&str] = &[
    "props-publisher",
    "props-stack-owner",
    "props-script-operations",
];

/// Whether a rule applies to a connector read from a solution: definition, apiProperties (but
/// for publisher and stackOwner, which have no column) and script rules do; intro rules do when
/// the connector came in a certification package with its `intro.md`; readme, settings, PR
/// layout and icon rules (the solution icon is the ≤144 px platform copy) don't.
pub fn applies(file: FileKind, id: &str, has_intro: bool) -> bool {
    match file {
        FileKind::Swagger | FileKind::Script => true,
        FileKind::Props => !NOT_CARRIED.contains(&id),
        FileKind::Intro => has_intro,
        FileKind::Pr => id == "file-readable",
        _ => false,
    }
}

/// Where a stretch of the built apiProperties came from.
enum Origin {
    /// Copied from a JSON file: byte `offset` of the stretch is byte `offset + shift` there.
    File {
        display: String,
        shift: isize,
        text: String,
        lines: LineIndex,
    },
    /// Written from an XML element's value: every finding in it points at the element.
    Element(Loc),
}

struct Stretch {
    start: usize,
    end: usize,
    /// The pointer of the stretch in the built document (`/properties/connectionParameters`).
    pointer: String,
    origin: Origin,
}

/// How to move findings on the built apiProperties back to the solution's files.
pub struct Relocation {
    display: String,
    stretches: Vec<Stretch>,
}

impl Relocation {
    /// Moves each finding on the built document to the file and place its value came from.
    pub fn apply(&self, diagnostics: &mut [Diagnostic], sources: &Sources) {
        for d in diagnostics.iter_mut().filter(|d| d.file == self.display) {
            let Some((start, end)) = d.span else {
                d.file = self.fallback();
                continue;
            };
            let stretch = self
                .stretches
                .iter()
                .find(|s| s.start <= start && start <= s.end);
            // The pointer is into the file (or nothing, for an element), not the built document.
            d.pointer = stretch
                .and_then(|s| d.pointer.strip_prefix(s.pointer.as_str()))
                .unwrap_or("")
                .to_owned();
            match stretch {
                Some(Stretch {
                    origin:
                        Origin::File {
                            display,
                            shift,
                            text,
                            lines,
                        },
                    ..
                }) => {
                    let at = |o: usize| (o as isize + shift).clamp(0, text.len() as isize) as usize;
                    let (s, e) = (at(start), at(end.min(self.stretch_end(start))));
                    let (l, c) = lines.line_col(text, s);
                    let (el, ec) = lines.line_col(text, e);
                    d.file = display.clone();
                    (d.line, d.column, d.end_line, d.end_column) = (l, c, el, ec);
                    d.span = Some((s, e));
                }
                Some(Stretch {
                    origin: Origin::Element(loc),
                    ..
                }) => place(d, *loc, sources),
                None => {
                    d.file = self.fallback();
                    (d.line, d.column, d.end_line, d.end_column) = (1, 1, 1, 1);
                    d.span = None;
                }
            }
        }
    }

    fn stretch_end(&self, start: usize) -> usize {
        self.stretches
            .iter()
            .find(|s| s.start <= start && start <= s.end)
            .map_or(usize::MAX, |s| s.end)
    }

    /// Findings about the document as a whole go to the connection parameters file, or the
    /// connector's element.
    fn fallback(&self) -> String {
        self.stretches
            .iter()
            .find_map(|s| match &s.origin {
                Origin::File { display, .. } => Some(display.clone()),
                Origin::Element(_) => None,
            })
            .unwrap_or_else(|| self.display.trim_end_matches(" (apiProperties)").to_owned())
    }

    /// The texts findings may now point into, for snippets.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str, &LineIndex)> {
        self.stretches.iter().filter_map(|s| match &s.origin {
            Origin::File {
                display,
                text,
                lines,
                ..
            } => Some((display.as_str(), text.as_str(), lines)),
            Origin::Element(_) => None,
        })
    }
}

/// Points a finding at a place in one of the input's sources.
pub fn place(d: &mut Diagnostic, loc: Loc, sources: &Sources) {
    let f = sources.get(loc.file);
    let (l, c) = f.lines.line_col(&f.text, loc.span.start as usize);
    let (el, ec) = f.lines.line_col(&f.text, loc.span.end as usize);
    d.file = f.display.clone();
    (d.line, d.column, d.end_line, d.end_column) = (l, c, el, ec);
    d.span = Some((loc.span.start as usize, loc.span.end as usize));
}

/// The platform's capability codes (D2) by the names apiProperties uses.
fn capability_name(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "118690000" => "composite",
        "118690001" => "tabular",
        "118690002" => "blob",
        "118690003" => "gateway",
        "118690004" => "cloud",
        "118690005" => "actions",
        _ => return None,
    })
}

/// The text of a JSON file without its BOM, and how far the BOM moved it.
fn json_text(file: &JsonFile) -> Option<(&str, isize)> {
    file.doc()?;
    let text = file.text()?;
    Some(match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 3),
        None => (text, 0),
    })
}

/// Old exports write `TemplateId`/`Title`/`Parameters`/`Type`: the same keys in lower camel
/// case, the same length, so offsets stay true.
fn camel_keys(text: &str) -> String {
    let mut out = text.to_owned();
    for key in ["\"TemplateId\"", "\"Title\"", "\"Parameters\"", "\"Type\""] {
        let lower = format!("\"{}{}", key[1..2].to_ascii_lowercase(), &key[2..]);
        out = out.replace(key, &lower);
    }
    out
}

/// Builds the connector of the run from a solution's connector; the connector's definition
/// and script move into it.
pub fn to_connector(
    c: &mut SolutionConnector,
    input_path: &Path,
    profile: Profile,
) -> (Connector, Relocation) {
    let display = format!("{} (apiProperties)", c.display);
    let mut text = String::from("{\"properties\":{");
    let mut stretches = Vec::new();
    let mut first = true;
    let mut key = |text: &mut String, k: &str| {
        if !first {
            text.push(',');
        }
        first = false;
        text.push_str(&format!("\"{k}\":"));
    };
    let mut copy = |text: &mut String, k: &str, file: &JsonFile, camel: bool| {
        let Some((body, bom)) = json_text(file) else {
            return;
        };
        key(text, k);
        let start = text.len();
        if camel {
            text.push_str(&camel_keys(body));
        } else {
            text.push_str(body);
        }
        let full = file.text().unwrap_or_default();
        stretches.push(Stretch {
            start,
            end: text.len(),
            pointer: format!("/properties/{k}"),
            origin: Origin::File {
                display: file.display.clone(),
                shift: bom - start as isize,
                text: full.to_owned(),
                lines: file.lines().cloned().unwrap_or_default(),
            },
        });
    };
    if let Some(f) = &c.connection_parameters {
        copy(&mut text, "connectionParameters", f, false);
    }
    if let Some(f) = &c.parameter_sets {
        copy(&mut text, "connectionParameterSets", f, false);
    }
    if let Some(f) = &c.policy_templates {
        copy(&mut text, "policyTemplateInstances", f, true);
    }
    let mut element = |text: &mut String, k: &str, value: String, v: &Val| {
        key(text, k);
        let start = text.len();
        text.push_str(&value);
        stretches.push(Stretch {
            start,
            end: text.len(),
            pointer: format!("/properties/{k}"),
            origin: Origin::Element(v.loc),
        });
    };
    if let Some(v) = c.xml.get("iconbrandcolor") {
        element(
            &mut text,
            "iconBrandColor",
            serde_json::Value::String(v.trimmed().into()).to_string(),
            v,
        );
    }
    if let Some(v) = c.xml.get("scriptoperations")
        && serde_json::from_str::<Vec<String>>(v.trimmed()).is_ok()
    {
        element(&mut text, "scriptOperations", v.trimmed().to_owned(), v);
    }
    if let Some(v) = c.xml.get("capabilities") {
        let names: Vec<serde_json::Value> = v
            .trimmed()
            .trim_matches(['[', ']'])
            .split(',')
            .filter_map(capability_name)
            .map(|n| serde_json::Value::String(n.into()))
            .collect();
        element(
            &mut text,
            "capabilities",
            serde_json::Value::Array(names).to_string(),
            v,
        );
    }
    text.push_str("}}");
    let mut problems = Vec::new();
    let props = JsonFile::from_bytes(
        FileKind::Props,
        Path::new(&display),
        display.clone(),
        text.into_bytes(),
        &mut problems,
    );
    let mut connector = Connector::empty(
        input_path.to_path_buf(),
        c.display.clone(),
        c.name.clone(),
        profile,
    );
    connector.swagger = c.swagger.take();
    connector.props = Some(props);
    connector.script = c.script.take();
    connector.problems = problems;
    connector.in_solution = true;
    (connector, Relocation { display, stretches })
}
