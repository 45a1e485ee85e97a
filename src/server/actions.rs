//! What the editor asks about findings: hover, code actions (the rule's fix, "ignore this rule",
//! "open the documentation", fix all) and the shapes of pulled diagnostic reports.

use super::documents::{Documents, key, path_to_uri};
use super::folder::{FileFindings, FolderLint};
use super::positions::{Encoding, Lines};
use crate::config::Config;
use crate::connector::Profile;
use crate::fix::Applicability;
use lsp_types::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const OPEN_DOCS: &str = "ppcert.openDocumentation";
pub const FIX_ALL_KIND: &str = "source.fixAll.ppcert";

fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn contains(range: &Range, at: Position) -> bool {
    range.start <= at && at <= range.end
}

pub fn hover(result: &FolderLint, path: &Path, at: Position, _encoding: Encoding) -> Option<Hover> {
    let file = result.files.get(path)?;
    let here: Vec<_> = file
        .findings
        .iter()
        .filter(|f| contains(&f.lsp.range, at))
        .collect();
    if here.is_empty() {
        return None;
    }
    let mut text = String::new();
    for f in &here {
        let d = &f.diagnostic;
        text += &format!(
            "**ppcert `{}`** ({}): {}\n\n",
            d.rule, d.severity, d.message
        );
    }
    if let Some(profile) = &result.profile {
        text += &format!(
            "_Judged as **{}** ({})._\n\n",
            profile.profile.as_str(),
            profile.reason.describe()
        );
    }
    let mut documented = Vec::new();
    for f in &here {
        let rule = f.diagnostic.rule;
        if documented.contains(&rule) {
            continue;
        }
        documented.push(rule);
        if let Some(entry) = crate::rules::find(rule) {
            text += "---\n\n";
            text += &crate::explain::document(entry);
            text += "\n";
        }
    }
    let range = here[0].lsp.range;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(range),
    })
}

/// Where "ignore this rule" writes: the ppcert.toml that applies, or a new one at the root of the
/// workspace folder holding the connector (else in the connector folder).
pub struct IgnoreTarget {
    pub path: PathBuf,
    pub text: Option<String>,
    from_disk: bool,
}

impl IgnoreTarget {
    pub fn find(folder: &Path, roots: &[PathBuf], docs: &mut Documents) -> Option<IgnoreTarget> {
        if let Some(path) = Config::find(folder) {
            let text = docs.text(&path)?;
            return Some(IgnoreTarget {
                from_disk: docs.get(&path).is_none(),
                path,
                text: Some(text),
            });
        }
        let root = roots
            .iter()
            .filter(|r| folder.starts_with(r))
            .max_by_key(|r| r.components().count())
            .cloned()
            .unwrap_or_else(|| folder.to_path_buf());
        Some(IgnoreTarget {
            path: key(&root).join("ppcert.toml"),
            text: None,
            from_disk: true,
        })
    }

    /// The edit that adds `rule` to the top-level `ignore` list.
    fn edit(&self, rule: &str, encoding: Encoding) -> Option<WorkspaceEdit> {
        let uri = path_to_uri(&self.path)?;
        let Some(text) = &self.text else {
            let create = DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            }));
            let insert = DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![OneOf::Left(TextEdit::new(
                    Range::default(),
                    format!("ignore = [\"{rule}\"]\n"),
                ))],
            });
            return Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![create, insert])),
                ..WorkspaceEdit::default()
            });
        };
        let (offset, insert) = ignore_insertion(text, rule);
        let lines = Lines::new(text, encoding, self.from_disk);
        let at = lines.position(offset);
        let mut changes = HashMap::new();
        changes.insert(uri, vec![TextEdit::new(Range::new(at, at), insert)]);
        Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        })
    }
}

/// Where and what to insert so that the file's top-level `ignore` holds `rule`: into the list
/// when there is one, else a new `ignore` line before the first table.
fn ignore_insertion(text: &str, rule: &str) -> (usize, String) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix("ignore")
            && let Some(rest) = rest.trim_start().strip_prefix('=')
            && rest.trim_start().starts_with('[')
        {
            let bracket = offset + line.find('[').unwrap_or(0);
            let empty = rest.trim_start()[1..].trim_start().starts_with(']');
            let sep = if empty { "" } else { ", " };
            return (bracket + 1, format!("\"{rule}\"{sep}"));
        }
        offset += line.len();
    }
    let before_table = text
        .split_inclusive('\n')
        .scan(0usize, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .find(|(_, line)| line.trim_start().starts_with('['))
        .map(|(start, _)| start);
    match before_table {
        Some(at) => (at, format!("ignore = [\"{rule}\"]\n\n")),
        None if text.is_empty() || text.ends_with('\n') => {
            (text.len(), format!("ignore = [\"{rule}\"]\n"))
        }
        None => (text.len(), format!("\nignore = [\"{rule}\"]\n")),
    }
}

pub fn wants_fix_all(p: &CodeActionParams) -> bool {
    match &p.context.only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            let k = k.as_str();
            FIX_ALL_KIND.starts_with(k)
                && (k == "source" || k == "source.fixAll" || k == FIX_ALL_KIND)
        }),
    }
}

fn wants_quickfix(p: &CodeActionParams) -> bool {
    match &p.context.only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| k.as_str() == "quickfix"),
    }
}

pub fn code_actions(
    p: &CodeActionParams,
    result: &FolderLint,
    path: &Path,
    encoding: Encoding,
    ignore: Option<&IgnoreTarget>,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let Some(file) = result.files.get(path) else {
        return out;
    };
    if !wants_quickfix(p) {
        return out;
    }
    let uri = &p.text_document.uri;
    let mut ignored = Vec::new();
    for finding in file
        .findings
        .iter()
        .filter(|f| overlaps(&f.lsp.range, &p.range))
    {
        let d = &finding.diagnostic;
        if crate::rules::find(d.rule).is_none() {
            continue; // "not-checked", "config": no rule to fix, ignore or document.
        }
        if let Some(fix) = &d.fix
            && fix.applicability != Applicability::DisplayOnly
            && let Some(edit) = fix_edit(uri, file, fix, encoding)
        {
            let safe = fix.applicability == Applicability::Safe;
            let title = if safe {
                format!("Fix: {} ({})", fix.title, d.rule)
            } else {
                format!("Fix (unsafe): {} ({})", fix.title, d.rule)
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![finding.lsp.clone()]),
                edit: Some(edit),
                is_preferred: Some(safe),
                ..CodeAction::default()
            }));
        }
        if ignored.contains(&d.rule) {
            continue;
        }
        ignored.push(d.rule);
        if let Some(target) = ignore
            && let Some(edit) = target.edit(d.rule, encoding)
        {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Ignore `{}` in ppcert.toml", d.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![finding.lsp.clone()]),
                edit: Some(edit),
                ..CodeAction::default()
            }));
        }
        let url = crate::rules::docs_url(d.rule);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Open documentation for `{}`", d.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![finding.lsp.clone()]),
            command: Some(Command {
                title: format!("Open documentation for `{}`", d.rule),
                command: OPEN_DOCS.into(),
                arguments: Some(vec![url.into()]),
            }),
            ..CodeAction::default()
        }));
    }
    out
}

fn fix_edit(
    uri: &Uri,
    file: &FileFindings,
    fix: &crate::fix::Fix,
    encoding: Encoding,
) -> Option<WorkspaceEdit> {
    let lines = Lines::new(&file.text, encoding, file.from_disk);
    let mut edits: Vec<TextEdit> = Vec::new();
    for e in &fix.edits {
        if e.end > file.text.len()
            || !file.text.is_char_boundary(e.start)
            || !file.text.is_char_boundary(e.end)
        {
            return None;
        }
        edits.push(TextEdit::new(
            lines.range(e.start, e.end),
            e.content.clone(),
        ));
    }
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

/// "Fix all": every safe fix of the document, as `ppcert lint --fix` would apply them (several
/// passes), in one edit.
pub fn fix_all(
    uri: &Uri,
    path: &Path,
    folder: &Path,
    profile: Option<Profile>,
    overlay: crate::connector::Overlay,
    encoding: Encoding,
) -> Option<CodeActionOrCommand> {
    let request = crate::workspace::Request {
        paths: vec![folder.to_path_buf()],
        rules: crate::config::RuleSettings {
            profile,
            ..Default::default()
        },
        overlay,
        ..Default::default()
    };
    let fixed = crate::workspace::fixing::fix(&request, false, false).ok()?;
    let (_, _, before, after) = fixed.files.iter().find(|(p, ..)| key(p) == *path)?;
    // The document is open: the text is the client's buffer.
    let lines = Lines::new(before, encoding, false);
    let edit = TextEdit::new(lines.range(0, before.len()), after.clone());
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![edit]);
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: "Fix all safe ppcert findings".into(),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }))
}

// ---- pulled reports ------------------------------------------------------------------------

/// A result id that changes exactly when the diagnostics do.
pub fn result_id(items: &[Diagnostic]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(items)
        .unwrap_or_default()
        .hash(&mut h);
    format!("{:016x}", h.finish())
}

pub fn full_report(
    items: Vec<Diagnostic>,
    result_id: Option<String>,
) -> DocumentDiagnosticReportResult {
    full_report_with(items, result_id, HashMap::new())
}

pub fn full_report_with(
    items: Vec<Diagnostic>,
    result_id: Option<String>,
    related: HashMap<Uri, DocumentDiagnosticReportKind>,
) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: (!related.is_empty()).then_some(related),
            full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
        },
    ))
}

pub fn related_report(items: Vec<Diagnostic>) -> DocumentDiagnosticReportKind {
    let result_id = Some(result_id(&items));
    DocumentDiagnosticReportKind::Full(FullDocumentDiagnosticReport { result_id, items })
}

pub fn unchanged_report(result_id: String) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
        RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        },
    ))
}

pub fn workspace_report(
    reports: Vec<(Uri, String, Option<i64>, Vec<Diagnostic>)>,
    previous: &HashMap<String, String>,
) -> WorkspaceDiagnosticReportResult {
    let items = reports
        .into_iter()
        .map(|(uri, rid, version, items)| {
            if previous.get(uri.as_str()) == Some(&rid) {
                WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id: rid,
                        },
                    },
                )
            } else {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(rid),
                        items,
                    },
                })
            }
        })
        .collect();
    WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items })
}

#[cfg(test)]
mod tests {
    use super::ignore_insertion;

    fn apply(text: &str, rule: &str) -> String {
        let (at, insert) = ignore_insertion(text, rule);
        format!("{}{}{}", &text[..at], insert, &text[at..])
    }

    #[test]
    fn ignore_goes_into_the_top_level_list_or_a_new_line_before_tables() {
        assert_eq!(apply("", "a"), "ignore = [\"a\"]\n");
        assert_eq!(apply("ignore = []\n", "a"), "ignore = [\"a\"]\n");
        assert_eq!(
            apply("ignore = [\"b\"]\n", "a"),
            "ignore = [\"a\", \"b\"]\n"
        );
        assert_eq!(
            apply(
                "profile = \"certified\"\n[[overrides]]\npaths = [\"x\"]\nignore = [\"b\"]\n",
                "a"
            ),
            "profile = \"certified\"\nignore = [\"a\"]\n\n[[overrides]]\npaths = [\"x\"]\nignore = [\"b\"]\n"
        );
        assert_eq!(
            apply("profile = \"custom\"", "a"),
            "profile = \"custom\"\nignore = [\"a\"]\n"
        );
    }
}
