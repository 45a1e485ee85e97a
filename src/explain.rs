//! What `ppcert explain` answers: a rule id, a `ppcert convert` finding id or a Microsoft Swagger
//! Validator code (what authors paste from a review, a CI log or the validator's output), matched
//! without regard to case, with the nearest known names suggested for a typo.

use crate::convert::ids::{self as convert_ids, ConvertId};
use crate::rules::{self, LintKind, RuleEntry};

/// What a query names.
pub enum Answer {
    Rule(&'static RuleEntry),
    /// A finding of `ppcert convert`, with the rules that check the same thing in the connector.
    Convert {
        finding: &'static ConvertId,
        rules: Vec<&'static RuleEntry>,
    },
    /// A Microsoft Swagger Validator code (spelled as the validator spells it), with the rules
    /// that report it.
    ValidatorCode {
        code: &'static str,
        rules: Vec<&'static RuleEntry>,
    },
    /// Nothing by that name; the nearest names, best first.
    Unknown {
        suggestions: Vec<&'static str>,
    },
}

/// Every validator code some rule corresponds to, once each, in rule order.
fn validator_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = Vec::new();
    for r in rules::all() {
        for code in r.meta.validator_codes {
            if !codes.contains(code) {
                codes.push(code);
            }
        }
    }
    codes
}

pub fn lookup(query: &str) -> Answer {
    let query = query.trim();
    if let Some(r) = rules::all()
        .iter()
        .find(|r| r.meta.id.eq_ignore_ascii_case(query))
    {
        return Answer::Rule(r);
    }
    if let Some(finding) = convert_ids::ALL
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(query))
    {
        let rules = finding
            .rules
            .iter()
            .filter_map(|id| rules::find(id))
            .collect();
        return Answer::Convert { finding, rules };
    }
    if let Some(code) = validator_codes()
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(query))
    {
        let rules = rules::all()
            .iter()
            .filter(|r| r.meta.validator_codes.contains(&code))
            .collect();
        return Answer::ValidatorCode { code, rules };
    }
    Answer::Unknown {
        suggestions: suggestions(query),
    }
}

/// Known names close to `query`: within a few edits (about one in three characters), or holding
/// it whole (`FieldLength` → `FieldLengthExceeded`, `FieldLengthNotInRange`); at most five.
fn suggestions(query: &str) -> Vec<&'static str> {
    let query = query.to_ascii_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let names = rules::all()
        .iter()
        .map(|r| r.meta.id)
        .chain(convert_ids::ALL.iter().map(|c| c.id))
        .chain(validator_codes());
    let budget = (query.chars().count() / 3).clamp(1, 4);
    let mut scored: Vec<(usize, &'static str)> = names
        .filter_map(|name| {
            let lower = name.to_ascii_lowercase();
            let distance = edit_distance(&query, &lower);
            if distance <= budget {
                Some((distance, name))
            } else if query.len() >= 4 && lower.contains(&query) {
                Some((budget + 1, name))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, name)| name).collect()
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// A rule's documentation, as `ppcert explain` prints it and the language server shows it on hover.
pub fn document(r: &RuleEntry) -> String {
    let m = &r.meta;
    let mut text = format!("# {}\n\n{}\n\n", m.id, m.summary);
    let profiles: Vec<&str> = m.profiles.iter().map(|p| p.as_str()).collect();
    text += &format!(
        "File: {}  ·  Severity: {}  ·  Profiles: {}  ·  Check: {}{}\n",
        m.file.as_str(),
        m.severity,
        profiles.join(", "),
        kind_label(m.lint, r.is_implemented()),
        if m.inferred {
            "  ·  inferred from reviews, not documented"
        } else {
            ""
        }
    );
    if !m.fixable.is_empty() {
        text += &format!(
            "Fix: {} (`ppcert lint --fix`{}).\n",
            m.fixable,
            if m.fixable == "safe" {
                ""
            } else {
                "; unsafe ones with `--unsafe-fixes`"
            }
        );
    }
    if let Some(why) = m.pedantic {
        text += &format!(
            "Opt-in (pedantic): {why} Run it with `--extend-select pedantic` or `--extend-select {}`.\n",
            m.id
        );
    }
    if !m.validator_codes.is_empty() {
        text += &format!(
            "Microsoft Swagger Validator: {}\n",
            m.validator_codes.join(", ")
        );
    }
    text += "\n";
    if m.doc.is_empty() {
        text += &format!("## Rule\n{}\n", m.rationale);
    } else {
        text += m.doc;
        text += "\n";
    }
    if let Some(note) = m.fix_note
        && !m.doc.contains("## Fix safety")
    {
        text += &format!("\n## Fix safety\n{note}\n");
    }
    if !m.evidence.is_empty() {
        text += &format!("\n## Evidence\n{}\n", m.evidence);
    }
    if !m.sources.is_empty() && !m.doc.contains("## References") {
        text += "\n## Sources\n";
        for s in m.sources {
            text += &format!("- {s}\n");
        }
    }
    text
}

/// What kind of check a rule is, in words.
pub fn kind_label(kind: LintKind, implemented: bool) -> &'static str {
    match (kind, implemented) {
        (LintKind::Manual, _) => "reminder",
        (_, false) => "planned",
        (LintKind::Diff, true) => "diff",
        (LintKind::Heuristic, true) => "heuristic",
        (LintKind::Static, true) => "checked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("title", "title"), 0);
    }

    #[test]
    fn names_are_matched_without_case() {
        assert!(
            matches!(lookup("Title-Max-Length"), Answer::Rule(r) if r.meta.id == "title-max-length")
        );
        assert!(matches!(
            lookup("hostnamenotvalid"),
            Answer::ValidatorCode {
                code: "HostNameNotValid",
                ..
            }
        ));
        assert!(matches!(
            lookup("CONVERT-TEXT-FITTED"),
            Answer::Convert { .. }
        ));
    }

    #[test]
    fn typos_get_suggestions() {
        let Answer::Unknown { suggestions } = lookup("titel-max-length") else {
            panic!("a typo is not a rule")
        };
        assert_eq!(suggestions.first(), Some(&"title-max-length"));
        let Answer::Unknown { suggestions } = lookup("FieldLength") else {
            panic!("a fragment is not a code")
        };
        assert!(suggestions.contains(&"FieldLengthExceeded"));
        assert!(suggestions.contains(&"FieldLengthNotInRange"));
        let Answer::Unknown { suggestions } = lookup("zzzzzzzzzzzz") else {
            panic!()
        };
        assert!(suggestions.is_empty());
    }

    /// The rules a convert finding names exist.
    #[test]
    fn convert_findings_name_real_rules() {
        for c in convert_ids::ALL {
            for id in c.rules {
                assert!(rules::find(id).is_some(), "{}: unknown rule `{id}`", c.id);
            }
        }
    }
}
