//! ## What it checks
//! That `basePath`, when present, is a string starting with `/`.
//!
//! ## Why it matters for certification
//! The platform appends operation paths to `basePath`; without the leading slash the request
//! URL is malformed. The repository schema requires the slash (pattern `^/`) and the Swagger
//! Validator reports `BasePathNotValid`. The fix is mechanical: add the slash.
//!
//! ## Example
//! ```json
//! { "host": "api.contoso.com", "basePath": "v1" }
//! ```
//! Use instead:
//! ```json
//! { "host": "api.contoso.com", "basePath": "/v1" }
//! ```
//!
//! ## Fix safety
//! Safe: the slash is added (`v1` → `/v1`, an empty basePath → `/`); the URLs the platform builds
//! are the ones the author meant. A basePath holding a whole URL gets no fix.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::info::{quote, type_name};

pub struct BasepathSlash;

impl Rule for BasepathSlash {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(base) = sw.root.get("basePath") else { return };
        let Some(text) = base.as_str() else {
            cx.report(base, format!("`basePath` is {}; expected a string starting with `/`", type_name(base)));
            return;
        };
        if text.starts_with('/') {
            return;
        }
        let d = if text.is_empty() {
            cx.report(base, "`basePath` is empty; it must start with `/`")
        } else {
            cx.report(base, format!("basePath `{}` does not start with `/`", quote(text)))
        };
        if text.contains("://") {
            d.help("basePath holds only the path; put the host name in `host` and the scheme in `schemes`");
        } else {
            let fixed = format!("/{}", text.trim());
            d.help(format!("write `\"basePath\": \"{fixed}\"`"))
                .fix(Fix::safe("Add the leading slash", vec![set_string(base, &fixed)]));
        }
    }
}
