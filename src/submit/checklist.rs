//! The attestation check boxes of upstream's pull-request template, and the names `--attest`
//! gives them.
//!
//! A check box is the author's own statement ("I deployed and tested every operation"), so
//! ticking the wrong one is a false statement made in the author's name. Item numbers shift
//! whenever upstream edits its template (and ppcert's bundled copy may be older than the one
//! on `dev`), so `--attest` takes stable names, found from what each item says: `works`,
//! `paconn-validate`, ... An item ppcert does not know gets a name made of its first words.
//!
//! Which template: the one on upstream's base branch, read from the fetched tree, whenever
//! GitHub answers; ppcert's bundled copy ([`BUNDLED_TEMPLATE`]) only for a plan made without
//! GitHub (a dry run without a token, or when GitHub cannot be reached).
//!
//! The bundled copy is microsoft/PowerPlatformConnectors' `.github/pull_request_template.md`
//! verbatim (MIT licence, © Microsoft Corporation): the newest revision ppcert's authors could
//! read, with nine check boxes. `docs/submission.md` describes a later revision (2022-05-11)
//! that adds a first item, "the connector doesn't already exist"; its exact text was not
//! available, so it is not bundled in paraphrase — the catalogue below still recognises it
//! (`not-duplicate`) when the fetched template has it.

use super::body::Template;

/// Upstream's pull-request template, as bundled (see the module documentation).
pub const BUNDLED_TEMPLATE: &str = include_str!("upstream_pr_template.md");

/// The check boxes ppcert recognises: the name `--attest` takes, what it attests (for
/// `--help` and errors), and lower-case phrases that identify the item in any revision.
const KNOWN: [(&str, &str, &[&str]); 10] = [
    (
        "not-duplicate",
        "the connector does not already exist on the platform or in an open pull request",
        &["already exist", "doesn't exist", "does not exist"],
    ),
    (
        "works",
        "the connector works: you deployed it and tested every operation",
        &["connector works", "deploying and testing", "tested all"],
    ),
    (
        "descriptions",
        "every operation and parameter has a detailed description",
        &["detailed description"],
    ),
    (
        "response-schemas",
        "every action has a response schema, unless it is dynamic",
        &["response schema"],
    ),
    (
        "paconn-validate",
        "`paconn validate` passes on apiDefinition.swagger.json",
        &["paconn validate"],
    ),
    (
        "icon-and-color",
        "certified: a valid brand colour; independent publisher: no icon submitted",
        &[
            "brand color",
            "brand colour",
            "connector icon",
            "submitting a logo",
        ],
    ),
    (
        "pr-title",
        "the pull request is named \"Connector Name (Independent Publisher)\"",
        &["named this pr", "pull request is named"],
    ),
    (
        "flow-screenshots",
        "screenshots of 3 operations working in flows, and the flows succeeding, are in the description",
        &[
            "3 unique operations",
            "working within a flow",
            "three operations",
        ],
    ),
    (
        "test-screenshot",
        "a screenshot of the custom connector's Test operations section is in the description",
        &["test operations section", "test operation"],
    ),
    (
        "oauth-steps",
        "for OAuth, the readme explains step by step how to create the app",
        &["oauth"],
    ),
];

/// One check box of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The name `--attest` takes.
    pub key: String,
    /// The box's text in the template.
    pub label: String,
}

/// The check boxes of one template, in its order.
#[derive(Debug, Clone, Default)]
pub struct Checklist {
    items: Vec<Item>,
}

impl Checklist {
    /// Names every check box of `template`.
    pub fn of(template: &Template) -> Checklist {
        let mut items: Vec<Item> = Vec::new();
        for label in template.items() {
            let lower = label.to_lowercase();
            let taken = |key: &str| items.iter().any(|i| i.key == key);
            let known = KNOWN
                .iter()
                .find(|(key, _, phrases)| !taken(key) && phrases.iter().any(|p| lower.contains(p)))
                .map(|(key, _, _)| (*key).to_owned());
            let key = known.unwrap_or_else(|| {
                let base = slug(label);
                let mut key = base.clone();
                let mut n = 2;
                while taken(&key) {
                    key = format!("{base}-{n}");
                    n += 1;
                }
                key
            });
            items.push(Item {
                key,
                label: label.to_owned(),
            });
        }
        Checklist { items }
    }

    /// The checklist of ppcert's bundled copy of upstream's template.
    pub fn bundled() -> Checklist {
        Checklist::of(&Template::parse(BUNDLED_TEMPLATE))
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The 1-based numbers (as [`Template::render`] takes them) of the items `values` name:
    /// item names or `all`. `template` says which template this is, for messages.
    pub fn resolve(&self, values: &[String], template: &str) -> Result<Vec<usize>, String> {
        let mut ticked = Vec::new();
        for value in values {
            let value = value.trim();
            if value.eq_ignore_ascii_case("all") {
                ticked.extend(1..=self.items.len());
                continue;
            }
            match self
                .items
                .iter()
                .position(|i| i.key.eq_ignore_ascii_case(value))
            {
                Some(n) => ticked.push(n + 1),
                None => return Err(self.unknown(value, template)),
            }
        }
        ticked.sort_unstable();
        ticked.dedup();
        Ok(ticked)
    }

    /// [`Checklist::resolve`] for a plan made without GitHub, from a copy that may be older than
    /// upstream's template: a name ppcert knows that this copy lacks is returned apart (it
    /// cannot be checked) instead of refused.
    pub fn resolve_offline(
        &self,
        values: &[String],
        template: &str,
    ) -> Result<(Vec<usize>, Vec<String>), String> {
        let mut unresolved = Vec::new();
        let mut kept = Vec::new();
        for value in values {
            let v = value.trim();
            let here = v.eq_ignore_ascii_case("all")
                || self.items.iter().any(|i| i.key.eq_ignore_ascii_case(v));
            if !here && KNOWN.iter().any(|(k, _, _)| k.eq_ignore_ascii_case(v)) {
                let name = v.to_ascii_lowercase();
                if !unresolved.contains(&name) {
                    unresolved.push(name);
                }
            } else {
                kept.push(value.clone());
            }
        }
        let ticked = self.resolve(&kept, template).map_err(|e| {
            format!(
                "{e}\n  (upstream's current template could not be read; if it has such a box, run this with GitHub reachable)"
            )
        })?;
        Ok((ticked, unresolved))
    }

    fn unknown(&self, value: &str, template: &str) -> String {
        if self.items.is_empty() {
            return format!(
                "--attest `{}`: {template} has no check boxes to tick",
                shown(value)
            );
        }
        let names: Vec<&str> = self.items.iter().map(|i| i.key.as_str()).collect();
        let mut message = format!(
            "--attest `{}` matches no check box of {template}",
            shown(value)
        );
        if let Ok(n) = value.parse::<usize>() {
            message.push_str(
                "; item numbers change whenever upstream edits its template, so --attest takes names",
            );
            if let Some(item) = n.checked_sub(1).and_then(|i| self.items.get(i)) {
                message.push_str(&format!(" (item {n} is `{}` there)", item.key));
            }
        } else if let Some(near) = did_you_mean(value, names.iter().copied()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        } else if KNOWN.iter().any(|(k, _, _)| k.eq_ignore_ascii_case(value)) {
            message.push_str(" (that template does not ask for it)");
        }
        message.push_str(&format!(
            "\n  its check boxes: {}, or `all`",
            names.join(", ")
        ));
        message
    }
}

/// Checks `--attest` values before the lint and before GitHub is asked, refusing what cannot
/// be a box's name: an item number, or a near miss of a name ppcert knows (a typo). Any other
/// name is judged by the template in use once it is known: upstream may have added a box that
/// ppcert does not know yet, and saying it has none would be a guess.
pub fn check_names(values: &[String]) -> Result<(), String> {
    let bundled = Checklist::bundled();
    let mut names: Vec<String> = KNOWN.iter().map(|(k, _, _)| (*k).to_owned()).collect();
    for item in bundled.items() {
        if !names.contains(&item.key) {
            names.push(item.key.clone());
        }
    }
    for value in values {
        let value = value.trim();
        if value.eq_ignore_ascii_case("all") || names.iter().any(|n| n.eq_ignore_ascii_case(value))
        {
            continue;
        }
        let mut message = format!("--attest `{}`", shown(value));
        if let Ok(n) = value.parse::<usize>() {
            message.push_str(
                ": item numbers change whenever upstream edits its template, so --attest takes names",
            );
            if let Some(item) = n.checked_sub(1).and_then(|i| bundled.items().get(i)) {
                message.push_str(&format!(
                    " (item {n} of ppcert's bundled copy is `{}`)",
                    item.key
                ));
            }
        } else if let Some(near) = did_you_mean(value, names.iter().map(String::as_str)) {
            message.push_str(&format!(
                " is not the name of a check box; did you mean `{near}`?"
            ));
        } else {
            continue;
        }
        message.push_str(&format!("\n{}", help_list()));
        return Err(message);
    }
    Ok(())
}

/// The names of the check boxes ppcert recognises, in upstream's order.
pub fn known_names() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().map(|(key, _, _)| *key)
}

/// The names `--attest` takes, one a line with what each attests.
pub fn help_list() -> String {
    let width = KNOWN.iter().map(|(k, _, _)| k.len()).max().unwrap_or(0);
    let mut s =
        String::from("  names (ask `ppcert submit --dry-run` for the current template's):\n");
    for (key, meaning, _) in KNOWN {
        s.push_str(&format!("    {key:<width$}  {meaning}\n"));
    }
    s.push_str(&format!(
        "    {:<width$}  every check box of the template",
        "all"
    ));
    s
}

/// The closest name, if it is a plausible typo of `value`.
fn did_you_mean<'a>(value: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let value = value.to_ascii_lowercase();
    let names: Vec<&str> = names.collect();
    // The start of a name (`oauth` for `oauth-steps`), else a small typo.
    if value.len() >= 3
        && let Some(n) = names.iter().find(|n| n.starts_with(&value))
    {
        return Some(n);
    }
    let (best, distance) = names
        .iter()
        .map(|n| (*n, crate::rules::util::document::edit_distance(&value, n)))
        .min_by_key(|(_, d)| *d)?;
    (distance <= (best.len() / 4).clamp(1, 3)).then_some(best)
}

/// A long or odd `--attest` value, cut for messages.
fn shown(value: &str) -> String {
    let mut s: String = value.chars().filter(|c| !c.is_control()).take(60).collect();
    if value.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// A name from an unknown item's first meaningful words:
/// "I confirm the connector is accessible" → `connector-is-accessible`.
fn slug(label: &str) -> String {
    const FILLER: [&str; 12] = [
        "i", "attest", "confirm", "that", "have", "the", "if", "this", "is", "a", "an", "my",
    ];
    let words: Vec<String> = label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let first = words
        .iter()
        .position(|w| !FILLER.contains(&w.as_str()))
        .unwrap_or(0);
    let slug = words
        .iter()
        .skip(first)
        .take(4)
        .cloned()
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "item".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(c: &Checklist) -> Vec<&str> {
        c.items().iter().map(|i| i.key.as_str()).collect()
    }

    #[test]
    fn the_bundled_template_is_upstreams_and_every_box_has_a_known_name() {
        assert!(BUNDLED_TEMPLATE.contains("by running `paconn validate` command."));
        let c = Checklist::bundled();
        assert_eq!(
            keys(&c),
            [
                "works",
                "descriptions",
                "response-schemas",
                "paconn-validate",
                "icon-and-color",
                "pr-title",
                "flow-screenshots",
                "test-screenshot",
                "oauth-steps",
            ]
        );
    }

    #[test]
    fn names_follow_the_text_not_the_position() {
        let t = Template::parse(
            "- [ ] I attest that the connector doesn't already exist (I searched PRs and docs).\n- [ ] I validated it with `paconn validate`.\n- [ ] I attest that the connector works and I verified by deploying and testing all the operations.\n- [ ] I confirm the connector is accessible.\n- [ ] I confirm the connector is accessible.\n",
        );
        let c = Checklist::of(&t);
        assert_eq!(
            keys(&c),
            [
                "not-duplicate",
                "paconn-validate",
                "works",
                "connector-is-accessible",
                "connector-is-accessible-2",
            ]
        );
        assert_eq!(
            c.resolve(&["works".into(), "NOT-DUPLICATE".into()], "t"),
            Ok(vec![1, 3])
        );
        assert_eq!(c.resolve(&["all".into()], "t"), Ok(vec![1, 2, 3, 4, 5]));
    }

    #[test]
    fn unknown_names_numbers_and_typos_are_refused_with_a_hint() {
        let c = Checklist::bundled();
        let typo = c
            .resolve(&["pacon-validate".into()], "the template")
            .unwrap_err();
        assert!(typo.contains("did you mean `paconn-validate`?"), "{typo}");
        assert!(
            typo.contains("its check boxes: works, descriptions"),
            "{typo}"
        );
        let number = c.resolve(&["3".into()], "the template").unwrap_err();
        assert!(
            number.contains("item 3 is `response-schemas` there"),
            "{number}"
        );
        let absent = c
            .resolve(&["not-duplicate".into()], "the template")
            .unwrap_err();
        assert!(absent.contains("does not ask for it"), "{absent}");
        let empty = Checklist::default()
            .resolve(&["works".into()], "the template")
            .unwrap_err();
        assert!(empty.contains("has no check boxes"), "{empty}");
    }

    #[test]
    fn offline_a_known_name_the_copy_lacks_is_left_unchecked() {
        let c = Checklist::bundled();
        let (ticked, unresolved) = c
            .resolve_offline(&["works".into(), "not-duplicate".into()], "the copy")
            .expect("known names");
        assert_eq!(ticked, vec![1]);
        assert_eq!(unresolved, vec!["not-duplicate".to_owned()]);
        let e = c
            .resolve_offline(&["screenshots-pasted".into()], "the copy")
            .unwrap_err();
        assert!(e.contains("matches no check box of the copy"), "{e}");
        assert!(e.contains("could not be read"), "{e}");
    }

    #[test]
    fn numbers_and_typos_are_refused_before_github_is_asked() {
        assert!(check_names(&["works".into(), "not-duplicate".into(), "all".into()]).is_ok());
        // Not a near miss: maybe a box upstream added; the template in use decides.
        assert!(check_names(&["screenshots-pasted".into()]).is_ok());
        let e = check_names(&["pacon-validate".into()]).unwrap_err();
        assert!(
            e.contains("is not the name of a check box; did you mean `paconn-validate`?"),
            "{e}"
        );
        assert!(e.contains("oauth-steps"), "the names are listed: {e}");
        let e = check_names(&["oauth".into()]).unwrap_err();
        assert!(e.contains("did you mean `oauth-steps`?"), "{e}");
        let e = check_names(&["2".into()]).unwrap_err();
        assert!(
            e.contains("item 2 of ppcert's bundled copy is `descriptions`"),
            "{e}"
        );
    }
}
