//! ## What it checks
//! That the script does not create its own `HttpClient` (`new HttpClient(...)`,
//! `new System.Net.Http.HttpClient()`, or `HttpClient c = new()`). Comments and strings are
//! ignored.
//!
//! ## Why it matters for certification
//! Requests must go through `this.Context.SendAsync(...)`, which applies the connection's
//! authentication, policies and telemetry; Microsoft documents that creating `HttpClient`
//! instances will be blocked in the future.
//!
//! ## Example
//! ```csharp
//! using (var client = new HttpClient()) { var r = await client.SendAsync(request); }
//! ```
//! Use instead:
//! ```csharp
//! var r = await this.Context.SendAsync(request, this.CancellationToken);
//! ```
//!
//! ## Fix safety
//! No fix: moving the calls onto `this.Context.SendAsync` means rewriting how requests are built, sent and disposed, a code change ppcert cannot make safely.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::parse_csharp;
use crate::rules::util::text_regex::TextRegex;
use std::sync::LazyLock;

pub struct ScriptNoNewHttpclient;

static NEW_CLIENT: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(r"\bnew\s+(?:global::)?(?:System\.Net\.Http\.)?HttpClient\s*[({]|\bHttpClient\s+[A-Za-z_]\w*\s*=\s*new\s*\(")
});

impl Rule for ScriptNoNewHttpclient {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(script) = c.script.as_ref().filter(|s| s.readable) else {
            return;
        };
        if !script.text.contains("HttpClient") {
            return;
        }
        let cs = parse_csharp(&script.text);
        for m in NEW_CLIENT.find_iter(&cs.masked) {
            let text = m.as_str().trim_end_matches(['(', '{']).trim_end();
            cx.report_text(
                script,
                Span::new(m.start(), m.start() + text.len()),
                "the script creates an `HttpClient`; send requests with `this.Context.SendAsync(...)`",
            )
            .help("use `await this.Context.SendAsync(request, this.CancellationToken)`");
        }
    }
}
