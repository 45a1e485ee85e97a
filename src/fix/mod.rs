//! Fixes: what a finding proposes to change, as text edits on the file it is in, with how safe
//! the change is (ruff's model). Edits replace byte ranges of the source the rules saw, so
//! everything else in the file (indentation, key order, line ends, a BOM, the trailing newline)
//! stays as the author wrote it.

use serde::Serialize;

/// How safe a fix is to apply without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown as a suggestion, never applied: the author must decide (a description, a contact).
    DisplayOnly,
    /// Changes what users see or what an existing flow sends; applied with `--unsafe-fixes`.
    Unsafe,
    /// Leaves the meaning and every existing flow unchanged; applied by `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace `start..end` (bytes of the file) with `content`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub content: String,
}

impl Edit {
    pub fn replace(span: (usize, usize), content: impl Into<String>) -> Edit {
        Edit {
            start: span.0,
            end: span.1,
            content: content.into(),
        }
    }

    /// Replaces a JSON string token (quotes included in `span`) with `text`, encoded.
    pub fn string(span: (usize, usize), text: &str) -> Edit {
        Edit::replace(span, serde_json::to_string(text).unwrap_or_default())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// What it does, imperative: "Add the leading slash".
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            title: title.into(),
            edits,
        }
    }

    pub fn unsafe_edit(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            title: title.into(),
            edits,
        }
    }

    fn range(&self) -> (usize, usize) {
        let start = self.edits.iter().map(|e| e.start).min().unwrap_or(0);
        let end = self.edits.iter().map(|e| e.end).max().unwrap_or(0);
        (start, end)
    }
}

/// Applies `fixes` to `text`: each fix whole or not at all, in order of position; a fix whose
/// range overlaps one already taken waits for the next pass (the caller lints again). Fixes with
/// edits outside the text or not on character boundaries are skipped. Returns the new text and
/// the indexes of the fixes applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| fixes[i].range());
    let mut taken: Vec<usize> = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    let mut last_end = 0usize;
    let mut first = true;
    for i in order {
        let fix = fixes[i];
        if fix.applicability == Applicability::DisplayOnly || fix.edits.is_empty() {
            continue;
        }
        let (start, end) = fix.range();
        let valid = fix.edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
        });
        if !valid || (!first && start < last_end) {
            continue;
        }
        // Edits of one fix must not overlap each other either.
        let mut own: Vec<&Edit> = fix.edits.iter().collect();
        own.sort_by_key(|e| (e.start, e.end));
        if own.windows(2).any(|w| w[1].start < w[0].end) {
            continue;
        }
        first = false;
        last_end = end.max(start);
        taken.push(i);
        edits.extend(own);
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.start]);
        out.push_str(&e.content);
        at = e.end;
    }
    out.push_str(&text[at..]);
    (out, taken)
}

/// A unified diff of `old` and `new` (hunks with three lines of context, nearby changes in one
/// hunk), headed `--- a/PATH` / `+++ b/PATH`; empty when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    const CONTEXT: usize = 3;
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // The changed blocks, as (old start, old end, new start, new end). Fixes are local, so a
    // greedy walk that resynchronises on the nearest equal line reads well without a full LCS.
    let mut blocks: Vec<(usize, usize, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (mut ei, mut ej) = (a.len(), b.len());
        let mut best = usize::MAX;
        for di in 0..=(a.len() - i).min(200) {
            for dj in 0..=(b.len() - j).min(200) {
                if di + dj >= best {
                    break;
                }
                if i + di < a.len() && j + dj < b.len() && a[i + di] == b[j + dj] {
                    best = di + dj;
                    ei = i + di;
                    ej = j + dj;
                }
            }
        }
        blocks.push((i, ei, j, ej));
        i = ei;
        j = ej;
    }
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let mut k = 0;
    while k < blocks.len() {
        // Blocks closer than twice the context share a hunk.
        let mut last = k;
        while last + 1 < blocks.len() && blocks[last + 1].0 - blocks[last].1 <= 2 * CONTEXT {
            last += 1;
        }
        let (i0, _, j0, _) = blocks[k];
        let (_, i1, _, j1) = blocks[last];
        let before = i0.min(CONTEXT);
        let after = (a.len() - i1).min(CONTEXT);
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            i0 - before + 1,
            i1 + after - (i0 - before),
            j0 - before + 1,
            j1 + after - (j0 - before)
        ));
        for line in &a[i0 - before..i0] {
            push_line(&mut out, ' ', line);
        }
        for n in k..=last {
            let (bi0, bi1, bj0, bj1) = blocks[n];
            for line in &a[bi0..bi1] {
                push_line(&mut out, '-', line);
            }
            for line in &b[bj0..bj1] {
                push_line(&mut out, '+', line);
            }
            let until = if n < last {
                blocks[n + 1].0
            } else {
                bi1 + after
            };
            for line in &a[bi1..until] {
                push_line(&mut out, ' ', line);
            }
        }
        k = last + 1;
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_order_and_defers_overlaps() {
        let text = "{\"a\": \"x.\", \"b\": \"y\"}";
        let f1 = Fix::safe("a", vec![Edit::replace((6, 10), "\"x\"")]);
        let f2 = Fix::safe("b", vec![Edit::replace((17, 20), "\"z\"")]);
        let overlapping = Fix::safe("c", vec![Edit::replace((7, 9), "q")]);
        let shown = Fix {
            applicability: Applicability::DisplayOnly,
            title: "d".into(),
            edits: vec![Edit::replace((0, 1), "[")],
        };
        let (out, taken) = apply(text, &[&f2, &overlapping, &f1, &shown]);
        assert_eq!(out, "{\"a\": \"x\", \"b\": \"z\"}");
        assert_eq!(taken.len(), 2);
        assert!(!taken.contains(&3));
    }

    #[test]
    fn diffs_name_the_changed_lines() {
        let old = "{\n  \"a\": 1,\n  \"b\": 2\n}\n";
        let new = "{\n  \"a\": 1,\n  \"b\": 3\n}\n";
        let d = unified_diff("x.json", old, new);
        assert!(d.contains("-  \"b\": 2\n+  \"b\": 3\n"), "{d}");
        assert!(
            d.starts_with("--- a/x.json\n+++ b/x.json\n@@ -1,4 +1,4 @@"),
            "{d}"
        );
        assert_eq!(unified_diff("x", "a", "a"), "");
    }
}
