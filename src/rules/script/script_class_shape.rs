//! ## What it checks
//! The shape custom code must have: exactly one class deriving from `ScriptBase`, named
//! `Script`, which overrides `ExecuteAsync()` returning `Task<HttpResponseMessage>`. Comments and
//! string literals are ignored (a class name inside an HTML string is not a class). Helper
//! classes next to `Script` are fine.
//!
//! A class named `script` (another case) is a warning rather than an error: three merged
//! independent-publisher connectors use it and run, but the documentation names it `Script`.
//!
//! ## Why it matters for certification
//! The platform compiles the file and runs `Script.ExecuteAsync()` for each operation routed to
//! custom code; a script of another shape fails to upload or never runs.
//!
//! ## Example
//! ```csharp
//! public class MyConnector : ScriptBase
//! {
//!     public override Task<HttpResponseMessage> Run() { ... }
//! }
//! ```
//! Use instead:
//! ```csharp
//! public class Script : ScriptBase
//! {
//!     public override async Task<HttpResponseMessage> ExecuteAsync()
//!     {
//!         return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);
//!     }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: renaming the class (with its constructors and uses) or rewriting `ExecuteAsync` is a code change ppcert cannot make safely in C# it only scans.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::{first_line_span, parse_csharp};
use crate::rules::util::text_regex::{Match, TextRegex};
use std::sync::LazyLock;

pub struct ScriptClassShape;

static CLASS: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(r"\bclass\s+([A-Za-z_]\w*)\s*(?:<[^>{]*>)?\s*(?::\s*([^{;]+))?\{")
});
static BASE: LazyLock<TextRegex> =
    LazyLock::new(|| TextRegex::new(r"(?:^|[\s,.:])ScriptBase\s*(?:$|,)"));
static EXECUTE: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(
        r"((?:\b(?:public|protected|internal|private|override|async|sealed|virtual|new|static|unsafe)\s+)*)([\w.]+(?:\s*<[^;{()=]*>)?)\s+ExecuteAsync\s*\(([^)]*)\)",
    )
});

const HELP: &str = "write `public class Script : ScriptBase` with `public override async Task<HttpResponseMessage> ExecuteAsync()`";

impl Rule for ScriptClassShape {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(script) = c.script.as_ref().filter(|s| s.readable) else {
            return;
        };
        let cs = parse_csharp(&script.text);
        let code = cs.masked.as_str();
        let mut script_classes = Vec::new();
        let mut plain_script = None;
        for cap in CLASS.captures_iter(code) {
            let (Some(name), base) = (cap.get(1), cap.get(2)) else { continue };
            let derives = base.is_some_and(|b| BASE.is_match(b.as_str().trim()));
            if derives {
                script_classes.push(name);
            } else if name.as_str() == "Script" {
                plain_script = Some(name);
            }
        }
        let span_of = |m: Match| Span::new(m.start(), m.end());
        let Some(first) = script_classes.first().copied() else {
            match plain_script {
                Some(m) => {
                    cx.report_text(script, span_of(m), "class `Script` must derive from `ScriptBase`")
                        .help(HELP);
                }
                None => {
                    cx.report_text(
                        script,
                        first_line_span(&script.text),
                        "the script has no class `Script` deriving from `ScriptBase`",
                    )
                    .help(HELP);
                }
            }
            return;
        };
        for extra in &script_classes[1..] {
            cx.report_text(
                script,
                span_of(*extra),
                format!(
                    "class `{}` is a second class deriving from `ScriptBase`; a script has exactly one, named `Script`",
                    extra.as_str()
                ),
            );
        }
        let name = first.as_str();
        if name != "Script" {
            if name.eq_ignore_ascii_case("Script") {
                cx.report_text(
                    script,
                    span_of(first),
                    format!("the script class is named `{name}`; the documentation names it `Script`"),
                )
                .severity(Severity::Warning)
                .help("rename the class to `Script`");
            } else {
                cx.report_text(
                    script,
                    span_of(first),
                    format!("class `{name}` derives from `ScriptBase` but must be named `Script`"),
                )
                .help("rename the class to `Script`");
            }
        }
        // ExecuteAsync()
        let declarations: Vec<_> = EXECUTE
            .captures_iter(code)
            .filter(|cap| {
                // a declaration, not a call: `await ExecuteAsync()` or `x.ExecuteAsync()` have no type before
                cap.get(2).is_some_and(|t| !matches!(t.as_str(), "await" | "return" | "new"))
            })
            .collect();
        let Some(decl) = declarations
            .iter()
            .find(|cap| cap.get(3).is_some_and(|p| p.as_str().trim().is_empty()))
        else {
            cx.report_text(
                script,
                span_of(first),
                format!("class `{name}` does not override `ExecuteAsync()`"),
            )
            .help(HELP);
            return;
        };
        let Some(whole) = decl.get(0) else { return };
        let at = match code[whole.start()..].find("ExecuteAsync") {
            Some(i) => Span::new(whole.start() + i, whole.start() + i + "ExecuteAsync".len()),
            None => span_of(whole),
        };
        let modifiers = decl.get(1).map_or("", |m| m.as_str());
        if !modifiers.split_whitespace().any(|m| m == "override") {
            cx.report_text(script, at, "`ExecuteAsync()` must be declared `override`")
                .help(HELP);
        }
        let ret: String = decl
            .get(2)
            .map_or("", |m| m.as_str())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !is_task_of_response(&ret) {
            cx.report_text(
                script,
                at,
                format!("`ExecuteAsync()` returns `{ret}`; it must return `Task<HttpResponseMessage>`"),
            )
            .help(HELP);
        }
    }
}

/// `Task<HttpResponseMessage>`, possibly namespace-qualified.
fn is_task_of_response(ret: &str) -> bool {
    let Some((outer, inner)) = ret.strip_suffix('>').and_then(|r| r.split_once('<')) else {
        return false;
    };
    let last = |s: &str| s.rsplit('.').next().unwrap_or(s).to_owned();
    last(outer) == "Task" && last(inner) == "HttpResponseMessage"
}
