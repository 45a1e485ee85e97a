//! ## What it checks
//! That every operationId the script compares with `this.Context.OperationId` exists in the
//! definition, to catch typos and operations renamed or removed. The comparisons recognised:
//!
//! - `Context.OperationId == "GetUser"` (and `!=`, either side, `.Equals(...)`,
//!   `string.Equals(..., ...)`, with `.ToLower()` and the like making the match case-insensitive);
//! - `switch (this.Context.OperationId) { case "GetUser": ... }`;
//! - the same through a local variable (`var op = this.Context.OperationId;`), through string
//!   constants (`const string GetUserOp = "GetUser";`), and through arrays checked with
//!   `.Contains(this.Context.OperationId)`.
//!
//! A name differing only in case from an operationId is reported as such. The rule is a
//! heuristic: dispatch written some other way is not followed.
//!
//! ## Why it matters for certification
//! The platform passes the operationId of the running operation; a comparison with a name that
//! no operation has is dead code, and the operation meant to be handled silently passes through
//! unchanged.
//!
//! ## Example
//! ```csharp
//! if (this.Context.OperationId == "GetUsr") { ... }
//! ```
//! Use instead:
//! ```csharp
//! if (this.Context.OperationId == "GetUser") { ... }
//! ```
//!
//! ## Fix safety
//! No fix: the rule reads the script heuristically, and whether a name is a typo, an operation renamed on purpose or dead code is the author's call; script edits are not made by ppcert.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/write-code>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::parse_csharp;
use crate::rules::util::text_regex::TextRegex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

pub struct ScriptOperationDispatch;

const LIT: &str = r#""[^"\n]*""#;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<TextRegex> = LazyLock::new(|| TextRegex::new($pat));
    };
}

// `subject == "x"` / `subject == NAME`
re!(CMP_RIGHT, format!(r"([\w.]+)(\s*\(\s*\))?\s*(?:==|!=)\s*({LIT}|[A-Za-z_][\w.]*)"));
// `"x" == subject`
re!(CMP_LEFT, format!(r"({LIT})\s*(?:==|!=)\s*([\w.]+)(\s*\(\s*\))?"));
// `subject.Equals("x"` / `subject.Equals(NAME`
re!(EQUALS, format!(r"([\w.]+)\.Equals\(\s*({LIT}|[A-Za-z_][\w.]*)\s*(,\s*[\w.]*IgnoreCase)?"));
// `string.Equals(subject, "x"` and reversed
re!(STRING_EQUALS, format!(r"[Ss]tring\.Equals\(\s*({LIT}|[\w.]+)\s*,\s*({LIT}|[\w.]+)\s*(,\s*[\w.]*IgnoreCase)?"));
re!(SWITCH, r"\bswitch\s*\(\s*([\w.]+)(\s*\(\s*\))?\s*\)\s*\{");
re!(CASE, format!(r"\bcase\s+({LIT}|[A-Za-z_][\w.]*)\s*(?:when\b[^:]*)?:"));
re!(CONTAINS, r"([A-Za-z_]\w*)\s*\.\s*Contains\(\s*([\w.]+)(\s*\(\s*\))?\s*\)");
re!(INLINE_ARRAY_CONTAINS, r"\{([^{}]*)\}\s*\)?\s*\.\s*Contains\(\s*([\w.]+)(\s*\(\s*\))?\s*\)");
re!(STRING_CONST, format!(r"\bstring\s+([A-Za-z_]\w*)\s*=\s*({LIT})\s*;"));
re!(VAR_FROM_OPERATION_ID, r"\b([A-Za-z_]\w*)\s*=\s*(?:this\s*\.\s*)?Context\s*\.\s*OperationId\b\s*(\.\s*To(?:Lower|Upper)\w*\s*\(\s*\))?\s*;");
re!(LITERAL, LIT);

/// What a comparison compares `OperationId` with.
struct Candidate {
    span: Span,
    value: String,
    ignore_case: bool,
}

impl Rule for ScriptOperationDispatch {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(script) = cx.connector().script.as_ref().filter(|s| s.readable) else {
            return;
        };
        if !script.text.contains("OperationId") {
            return;
        }
        let ids: HashSet<&str> = sw.operations.iter().filter_map(|o| o.operation_id()).collect();
        if ids.is_empty() {
            return;
        }
        let cs = parse_csharp(&script.text);
        let code = cs.masked.as_str();
        let literals: HashMap<usize, (Span, &str)> = cs
            .literals
            .iter()
            .map(|(s, v)| (s.start as usize, (*s, v.as_str())))
            .collect();
        // `"..."` in the masked text at `at` (the opening quote) → its value
        let literal_at = |at: usize| literals.get(&(at + 1)).map(|(_, v)| *v);

        // string constants and variables holding the operationId
        let mut constants: HashMap<&str, usize> = HashMap::new();
        for cap in STRING_CONST.captures_iter(code) {
            if let (Some(name), Some(lit)) = (cap.get(1), cap.get(2)) {
                constants.entry(name.as_str()).or_insert(lit.start());
            }
        }
        let mut subjects: HashMap<String, bool> = HashMap::new(); // name → compared case-insensitively
        for cap in VAR_FROM_OPERATION_ID.captures_iter(code) {
            if let Some(name) = cap.get(1) {
                subjects.insert(name.as_str().to_owned(), cap.get(2).is_some());
            }
        }
        // Whether `subject` (with a call suffix such as `()`) is the operationId; and if the
        // comparison ignores case.
        let is_subject = |subject: &str, called: bool| -> Option<bool> {
            let s: String = subject.chars().filter(|c| !c.is_whitespace()).collect();
            let (base, folded) = match s.rsplit_once('.') {
                Some((b, m)) if called && (m.starts_with("ToLower") || m.starts_with("ToUpper")) => (b.to_owned(), true),
                _ => (s.clone(), false),
            };
            if base == "OperationId" || base.ends_with(".OperationId") {
                return Some(folded);
            }
            subjects.get(&base).map(|f| *f || folded)
        };
        let mut candidates: Vec<Candidate> = Vec::new();
        // `operand` is the text at offset `start`: a literal or a constant's name
        let mut push_operand = |start: usize, operand: &str, ignore_case: bool| {
            let (at, value) = if operand.starts_with('"') {
                match literal_at(start) {
                    Some(v) => (start, v),
                    None => return,
                }
            } else {
                let Some(&at) = constants.get(operand) else { return };
                match literal_at(at) {
                    Some(v) => (at, v),
                    None => return,
                }
            };
            candidates.push(Candidate {
                span: literals
                    .get(&(at + 1))
                    .map_or(Span::new(at, at + 1), |(sp, _)| *sp),
                value: value.to_owned(),
                ignore_case,
            });
        };
        for cap in CMP_RIGHT.captures_iter(code) {
            if let (Some(s), Some(o)) = (cap.get(1), cap.get(3)) {
                if let Some(ic) = is_subject(s.as_str(), cap.get(2).is_some()) {
                    push_operand(o.start(), o.as_str(), ic);
                }
            }
        }
        for cap in CMP_LEFT.captures_iter(code) {
            if let (Some(o), Some(s)) = (cap.get(1), cap.get(2)) {
                if let Some(ic) = is_subject(s.as_str(), cap.get(3).is_some()) {
                    push_operand(o.start(), o.as_str(), ic);
                }
            }
        }
        for cap in EQUALS.captures_iter(code) {
            if let (Some(s), Some(o)) = (cap.get(1), cap.get(2)) {
                if let Some(ic) = is_subject(s.as_str(), false) {
                    push_operand(o.start(), o.as_str(), ic || cap.get(3).is_some());
                }
            }
        }
        for cap in STRING_EQUALS.captures_iter(code) {
            if let (Some(a), Some(b)) = (cap.get(1), cap.get(2)) {
                let ic = cap.get(3).is_some();
                if let Some(f) = is_subject(a.as_str(), false) {
                    push_operand(b.start(), b.as_str(), ic || f);
                } else if let Some(f) = is_subject(b.as_str(), false) {
                    push_operand(a.start(), a.as_str(), ic || f);
                }
            }
        }
        for cap in SWITCH.captures_iter(code) {
            let (Some(s), Some(whole)) = (cap.get(1), cap.get(0)) else { continue };
            let Some(ic) = is_subject(s.as_str(), cap.get(2).is_some()) else { continue };
            let body = block(code, whole.end());
            for case in CASE.captures_iter(body) {
                if let Some(o) = case.get(1) {
                    push_operand(whole.end() + o.start(), o.as_str(), ic);
                }
            }
        }
        // arrays of operationIds checked with .Contains(OperationId)
        for cap in CONTAINS.captures_iter(code) {
            let (Some(array), Some(s)) = (cap.get(1), cap.get(2)) else { continue };
            let Some(ic) = is_subject(s.as_str(), cap.get(3).is_some()) else { continue };
            let decl = array.as_str();
            // `name = { ... }` or `name = new[] { ... }` or `new List<string> { ... }`
            let mut from = 0;
            while let Some(i) = code[from..].find(decl) {
                let at = from + i;
                from = at + decl.len();
                let before_ok = code[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                let rest = &code[from..];
                let Some(eq) = rest.trim_start().strip_prefix('=') else { continue };
                if !before_ok || eq.starts_with('=') {
                    continue;
                }
                let Some(open) = eq.find('{') else { continue };
                if eq[..open].contains(';') {
                    continue;
                }
                let open_at = code.len() - eq.len() + open + 1;
                let body = block(code, open_at);
                for lit in LITERAL.find_iter(body) {
                    push_operand(open_at + lit.start(), lit.as_str(), ic);
                }
                break;
            }
        }
        for cap in INLINE_ARRAY_CONTAINS.captures_iter(code) {
            let (Some(items), Some(s)) = (cap.get(1), cap.get(2)) else { continue };
            let Some(ic) = is_subject(s.as_str(), cap.get(3).is_some()) else { continue };
            for lit in LITERAL.find_iter(items.as_str()) {
                push_operand(items.start() + lit.start(), lit.as_str(), ic);
            }
        }

        let mut seen = HashSet::new();
        for cand in candidates {
            if cand.value.trim().is_empty() || !seen.insert(cand.span.start) {
                continue;
            }
            if ids.contains(cand.value.as_str()) {
                continue;
            }
            let same_case_insensitive = ids.iter().find(|id| id.eq_ignore_ascii_case(&cand.value));
            match same_case_insensitive {
                Some(_) if cand.ignore_case => {}
                Some(id) => {
                    cx.report_text(
                        script,
                        cand.span,
                        format!(
                            "`{}` is compared with `Context.OperationId` but the operationId is `{id}` (the comparison is case-sensitive)",
                            cand.value
                        ),
                    );
                }
                None => {
                    let d = cx.report_text(
                        script,
                        cand.span,
                        format!(
                            "`{}` is compared with `Context.OperationId` but no operation has this operationId",
                            cand.value
                        ),
                    );
                    if let Some(close) = closest(&cand.value, &ids) {
                        d.help(format!("did you mean `{close}`?"));
                    }
                }
            }
        }
    }
}

/// The text of the brace block whose contents start at `from` (just after `{`).
fn block(code: &str, from: usize) -> &str {
    let mut depth = 1usize;
    for (i, b) in code.as_bytes().iter().enumerate().skip(from) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return &code[from..i];
                }
            }
            _ => {}
        }
    }
    code.get(from..).unwrap_or("")
}

/// The operationId closest to `value` by edit distance, when it is close (at most 2 edits).
fn closest<'a>(value: &str, ids: &HashSet<&'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for id in ids {
        let d = edit_distance(&value.to_lowercase(), &id.to_lowercase());
        if d <= 2 && best.is_none_or(|(bd, bid)| d < bd || (d == bd && *id < bid)) {
            best = Some((d, id));
        }
    }
    best.map(|(_, id)| id)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
