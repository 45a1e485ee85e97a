//! ## What it checks
//! `host` or `basePath` of the definition changed.
//!
//! ## Why it matters for certification
//! Every route of the connector moves, and existing connections may end up talking to another
//! backend. A templated host also needs a connection parameter to fill it.
//!
//! ## Example
//! Old: `"host": "api.contoso.com"`; new: `"host": "api2.contoso.com"`.
//!
//! ## Fix safety
//! No fix: whether the backend really moved is for the author to know; ppcert reports the change and leaves `host` and `basePath` as written.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/training/modules/custom-connector-lifecycle-management/2-updates>
use crate::rules::prelude::*;

pub struct HostChanged;

impl DiffRule for HostChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Document]
    }

    fn document(&self, cx: &mut DiffChecker, old: &Swagger, new: &Swagger) {
        for key in ["host", "basePath"] {
            let (before, after) = (old.root.get(key), new.root.get(key));
            let same = match (before, after) {
                (Some(a), Some(b)) => a.json_eq(&b),
                (None, None) => true,
                _ => false,
            };
            if same {
                continue;
            }
            let show = |v: Option<JsonRef>| util::diff::shown(v.map(|v| v.as_str().unwrap_or(v.raw())));
            cx.report(
                after.or(before).unwrap_or(new.root),
                key,
                format!("`{key}` changed from {} to {}; every route moves", show(before), show(after)),
            );
        }
    }
}
