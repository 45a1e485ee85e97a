//! ## What it checks
//! That no JSON object in the definition, apiProperties.json or settings.json holds the same key
//! twice. Each repeated key is reported at its own position, naming the first occurrence.
//!
//! ## Why it matters for certification
//! Parsers disagree on which value of a repeated key wins (most keep the last, some the first,
//! some refuse the file), so the platform, the upstream pipeline and your editor may each see a
//! different connector. ppcert reads the last value, like serde_json and .NET's Json.NET.
//!
//! ## Example
//! ```json
//! { "summary": "Get items", "description": "Gets items.", "summary": "List items" }
//! ```
//! Use instead: keep one `summary`.
//!
//! ## Fix safety
//! Safe: the earlier member is removed and the last one, whose value every reader (the platform, ppcert, most JSON parsers) already takes, stays.
use crate::json::Quirk;
use crate::rules::prelude::*;

pub struct JsonDuplicateKeys;

impl Rule for JsonDuplicateKeys {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        for file in [&connector.swagger, &connector.props, &connector.settings].into_iter().flatten() {
            let Some(doc) = file.doc() else { continue };
            for quirk in doc.quirks() {
                if let Quirk::DuplicateKey { object, key, first, again } = quirk {
                    let (line, column) = doc.lines().line_col(doc.source(), first.start as usize);
                    // Removing the earlier member keeps the value every reader already takes.
                    let fix = util::edits::remove_member_at(doc.node(*object), first.start as usize)
                        .map(|e| Fix::safe(format!("Remove the first `{key}` (the value that wins stays)"), vec![e]));
                    cx.report_json_span(
                        file,
                        *again,
                        format!("duplicate key `{key}` (first defined at line {line}, column {column}); the last value wins"),
                    )
                    .fix_if(fix);
                }
            }
        }
    }
}
