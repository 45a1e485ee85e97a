//! Helpers the diff rules share: the deprecation pattern, enum lists, and the default nuance.

use crate::diagnostic::Severity;
use crate::json::JsonRef;
use crate::swagger::pairs::Field;
use crate::swagger::{Operation, Swagger};

/// `deprecated: true` on the operation.
pub fn is_deprecated(op: &Operation<'_>) -> bool {
    op.node.get("deprecated").and_then(|d| d.as_bool()) == Some(true)
}

/// The operation's `x-ms-visibility`.
pub fn visibility<'a>(op: &Operation<'a>) -> Option<&'a str> {
    op.node.get_str("x-ms-visibility")
}

pub fn is_internal(op: &Operation<'_>) -> bool {
    visibility(op) == Some("internal")
}

/// `x-ms-api-annotation.family` of an operation.
pub fn family<'a>(op: &Operation<'a>) -> Option<&'a str> {
    op.node.get("x-ms-api-annotation")?.get_str("family")
}

/// `x-ms-api-annotation.revision` of an operation (an integer; a numeric string is accepted).
pub fn revision(op: &Operation<'_>) -> Option<i64> {
    let r = op.node.get("x-ms-api-annotation")?.get("revision")?;
    r.as_i64().or_else(|| r.as_str()?.trim().parse().ok())
}

/// The operation of `sw` that continues `op`'s family: the same `family` with the highest
/// `revision` above `op`'s (or any other member when `op` has no revision).
pub fn successor<'s, 'a>(sw: &'s Swagger<'a>, op: &Operation<'a>) -> Option<&'s Operation<'a>> {
    let fam = family(op)?;
    let rev = revision(op);
    sw.operations
        .iter()
        .filter(|o| family(o) == Some(fam) && o.operation_id() != op.operation_id())
        .filter(|o| match (rev, revision(o)) {
            (Some(a), Some(b)) => b > a,
            _ => true,
        })
        .max_by_key(|o| revision(o).unwrap_or(i64::MIN))
}

/// Whether a summary or description says "(deprecated)" as the deprecation guidance asks.
pub fn says_deprecated(text: Option<&str>) -> bool {
    text.is_some_and(|t| t.to_ascii_lowercase().contains("deprecated"))
}

/// The values of an `enum` list.
pub fn enum_values<'a>(list: Option<JsonRef<'a>>) -> Vec<JsonRef<'a>> {
    list.map(|l| l.items().collect()).unwrap_or_default()
}

/// The values of `from` that `to` lacks, as JSON text.
pub fn missing_values(from: &[JsonRef<'_>], to: &[JsonRef<'_>]) -> Vec<String> {
    from.iter()
        .filter(|v| !to.iter().any(|w| v.json_eq(w)))
        .map(|v| v.raw().to_owned())
        .collect()
}

/// `a`, `b` and `c` as a list for messages, shortened after a few.
pub fn list(values: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut out: Vec<String> = values
        .iter()
        .take(SHOWN)
        .map(|v| format!("`{v}`"))
        .collect();
    if values.len() > SHOWN {
        out.push(format!("{} more", values.len() - SHOWN));
    }
    out.join(", ")
}

/// The severity of a new requirement on an input that carries a default: the platform fills the
/// default in, so no validator message was ever seen for it. `internal` with a default is never
/// shown to users (info); visible with a default is a warning. `None` when there is no default.
pub fn default_nuance(field: &Field<'_>) -> Option<Severity> {
    if !field.has_default() {
        None
    } else if field.is_internal() {
        Some(Severity::Info)
    } else {
        Some(Severity::Warning)
    }
}

/// A value shown in a message: a string unquoted, anything else as JSON, shortened.
pub fn shown(value: Option<&str>) -> String {
    match value {
        None => "(none)".into(),
        Some(v) if v.chars().count() > 40 => {
            format!("`{}…`", v.chars().take(40).collect::<String>())
        }
        Some(v) => format!("`{v}`"),
    }
}

/// Whether two values are equal as JSON once the members named in `ignored` are left out of
/// every object (at any depth).
pub fn equal_ignoring(a: JsonRef<'_>, b: JsonRef<'_>, ignored: &[&str]) -> bool {
    fn kept<'a>(n: JsonRef<'a>, ignored: &[&str]) -> Vec<&'a str> {
        let mut keys: Vec<&str> = n
            .members()
            .map(|(k, _)| k)
            .filter(|k| !ignored.contains(k))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
    if a.is_object() && b.is_object() {
        let keys = kept(a, ignored);
        keys == kept(b, ignored)
            && keys.iter().all(|k| match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => equal_ignoring(x, y, ignored),
                _ => false,
            })
    } else if a.is_array() && b.is_array() {
        a.len() == b.len()
            && a.items()
                .zip(b.items())
                .all(|(x, y)| equal_ignoring(x, y, ignored))
    } else {
        a.json_eq(&b)
    }
}

/// Among names that appeared beside `removed`, the one it was likely renamed to: equal but for
/// case and separators (`userId` / `user_id`), or at most a quarter of its letters apart
/// (`recieved` / `received`). `None` when no name, or more than one equally close, qualifies.
pub fn likely_rename<'a>(removed: &str, added: &[&'a str]) -> Option<&'a str> {
    let bare = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let gone = bare(removed);
    if gone.is_empty() {
        return None;
    }
    let limit = (gone.chars().count() / 4).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    for &name in added {
        let d = crate::rules::util::spelling::distance(&gone, &bare(name));
        if d > limit {
            continue;
        }
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tie = true,
            _ => {
                best = Some((d, name));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, name)| name)
}

#[cfg(test)]
mod rename_tests {
    use super::likely_rename;

    #[test]
    fn likely_renames() {
        assert_eq!(
            likely_rename("userId", &["user_id", "name"]),
            Some("user_id")
        );
        assert_eq!(likely_rename("recieved", &["received"]), Some("received"));
        assert_eq!(likely_rename("id", &["name"]), None);
        assert_eq!(likely_rename("status", &["state", "stats"]), Some("stats"));
        assert_eq!(
            likely_rename("top", &["tip", "tap"]),
            None,
            "a tie is no suggestion"
        );
    }
}
