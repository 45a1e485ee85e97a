//! ## What it checks
//! That the `using` directives of the script name only the namespaces custom code supports:
//! `System`, `System.Collections`, `System.Collections.Generic`, `System.Diagnostics`,
//! `System.IO`, `System.IO.Compression`, `System.Linq`, `System.Net`, `System.Net.Http`,
//! `System.Net.Http.Headers`, `System.Net.Security`, `System.Security.Authentication`,
//! `System.Security.Cryptography`, `System.Text`, `System.Text.RegularExpressions`,
//! `System.Threading`, `System.Threading.Tasks`, `System.Web`, `System.Xml`, `System.Xml.Linq`,
//! `System.Drawing`, `System.Drawing.Drawing2D`, `System.Drawing.Imaging`,
//! `Microsoft.Extensions.Logging`, `Newtonsoft.Json` and `Newtonsoft.Json.Linq`.
//!
//! `Microsoft.PowerPlatform.Connectors.CustomCode.CSharp`, the namespace of `ScriptBase` that
//! Microsoft's own connector scripts import, is accepted too. For `using static` and aliases
//! (`using Json = Newtonsoft.Json.JsonConvert;`), the namespace holding the type is checked.
//! `using` statements inside methods (`using (var x = ...)`) are not directives and are ignored.
//!
//! ## Why it matters for certification
//! The custom-code sandbox only references these assemblies and namespaces; a script importing
//! anything else does not compile when the connector is uploaded.
//!
//! ## Example
//! ```csharp
//! using System.Globalization;
//! ```
//! Use instead: remove the directive and use what the supported namespaces offer (or
//! fully-qualified names from them).
//!
//! ## Fix safety
//! No fix: removing the directive only helps when nothing in the script uses the namespace, which ppcert cannot tell; replacing what it provides is a code change for the author.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::parse_csharp;
use crate::rules::util::text_regex::TextRegex;
use std::sync::LazyLock;

pub struct ScriptNamespaces;

pub const SUPPORTED: &[&str] = &[
    "System",
    "System.Collections",
    "System.Collections.Generic",
    "System.Diagnostics",
    "System.IO",
    "System.IO.Compression",
    "System.Linq",
    "System.Net",
    "System.Net.Http",
    "System.Net.Http.Headers",
    "System.Net.Security",
    "System.Security.Authentication",
    "System.Security.Cryptography",
    "System.Text",
    "System.Text.RegularExpressions",
    "System.Threading",
    "System.Threading.Tasks",
    "System.Web",
    "System.Xml",
    "System.Xml.Linq",
    "System.Drawing",
    "System.Drawing.Drawing2D",
    "System.Drawing.Imaging",
    "Microsoft.Extensions.Logging",
    "Newtonsoft.Json",
    "Newtonsoft.Json.Linq",
];

/// The namespace of `ScriptBase` in Microsoft's samples and local-development stubs.
const SCRIPT_BASE_NAMESPACE: &str = "Microsoft.PowerPlatform.Connectors.CustomCode.CSharp";

static USING: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(r"(?m)^[ \t]*(?:global[ \t]+)?using[ \t]+(static[ \t]+)?(?:([A-Za-z_]\w*)[ \t]*=[ \t]*)?((?:global::)?[A-Za-z_][\w.]*(?:<[^;>]*>)?)[ \t]*;")
});

fn supported(ns: &str) -> bool {
    SUPPORTED.contains(&ns) || ns == SCRIPT_BASE_NAMESPACE
}

impl Rule for ScriptNamespaces {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(script) = c.script.as_ref().filter(|s| s.readable) else {
            return;
        };
        let cs = parse_csharp(&script.text);
        for cap in USING.captures_iter(&cs.masked) {
            let Some(target) = cap.get(3) else { continue };
            let name = target.as_str().trim_start_matches("global::");
            let name = name.split('<').next().unwrap_or(name);
            let is_type = cap.get(1).is_some() || cap.get(2).is_some();
            let ok = if is_type {
                // `using static T;` / `using A = T;`: T's namespace (or T itself, for a namespace alias)
                supported(name) || name.rsplit_once('.').is_some_and(|(ns, _)| supported(ns))
            } else {
                supported(name)
            };
            if !ok {
                cx.report_text(
                    script,
                    Span::new(target.start(), target.end()),
                    format!("namespace `{name}` is not supported in custom code"),
                )
                .help("remove the directive; custom code may only use System, System.Collections(.Generic), System.Diagnostics, System.IO(.Compression), System.Linq, System.Net(.Http, .Http.Headers, .Security), System.Security.Authentication, System.Security.Cryptography, System.Text(.RegularExpressions), System.Threading(.Tasks), System.Web, System.Xml(.Linq), System.Drawing(.Drawing2D, .Imaging), Microsoft.Extensions.Logging, Newtonsoft.Json(.Linq)");
            }
        }
    }
}
