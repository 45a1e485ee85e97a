//! ## What it checks
//! Whether an update of a certified connector's definition changes only text: descriptions,
//! summaries (`summary`, `x-ms-summary`), titles of schemas and properties, and the contact.
//! Such an update is reported as info, so the author knows it counts as a minor update.
//!
//! ## Why it matters for certification
//! Microsoft deploys minor updates (descriptions, summaries, contact, and outside the definition
//! apiProperties descriptions, brand colour, readme or icon) faster than functional ones. The
//! check sees the definition only: changes to the other files are not judged here.
//!
//! ## Example
//! Old: `"summary": "Get task"`; new: `"summary": "Get a task"`, and nothing else changed.
//!
//! ## Fix safety
//! No fix: the finding is informational; an update that changes only text has nothing to fix.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates>
use crate::rules::prelude::*;

pub struct UpdateMinorScope;

/// Members whose changes do not change behaviour. `info.title` is not among them: it is the
/// connector's name.
const TEXT: &[&str] = &["description", "summary", "x-ms-summary", "contact", "externalDocs"];

impl DiffRule for UpdateMinorScope {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Document]
    }

    fn document(&self, cx: &mut DiffChecker, old: &Swagger, new: &Swagger) {
        if util::diff::equal_ignoring(old.root, new.root, &[])
            || !util::diff::equal_ignoring(old.root, new.root, TEXT)
        {
            return;
        }
        cx.report(
            new.root.get("info").unwrap_or(new.root),
            "",
            "the definition changes only descriptions, summaries or the contact: a minor update",
        );
    }
}
