//! The pull request's body: upstream's pull-request template (read from the fetched base tree,
//! since a PR opened through the API gets no template), its check boxes ticked only where the
//! author confirmed them, then what ppcert checked.

use super::folder::ConnectorFolder;

/// GitHub caps a pull request body at 65,536 characters.
const MAX_BODY_CHARS: usize = 65_536;

/// The paths GitHub looks at for a pull-request template, in its order of preference.
pub const TEMPLATE_PATHS: [&str; 6] = [
    ".github/pull_request_template.md",
    ".github/PULL_REQUEST_TEMPLATE.md",
    "pull_request_template.md",
    "PULL_REQUEST_TEMPLATE.md",
    "docs/pull_request_template.md",
    "docs/PULL_REQUEST_TEMPLATE.md",
];

/// A pull-request template and its attestation check boxes.
#[derive(Debug, Clone, Default)]
pub struct Template {
    text: String,
    /// Line index and text of each unticked check box (`- [ ] ...`), in order.
    items: Vec<(usize, String)>,
}

impl Template {
    pub fn parse(text: &str) -> Template {
        let items = text
            .lines()
            .enumerate()
            .filter_map(|(i, line)| checkbox(line).map(|label| (i, label.trim().to_owned())))
            .collect();
        Template {
            text: text.to_owned(),
            items,
        }
    }

    /// The check boxes' labels, numbered from 1 in `--attest`.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(_, label)| label.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The template with the boxes whose 1-based numbers are in `ticked` ticked.
    pub fn render(&self, ticked: &[usize]) -> String {
        let tick_lines: Vec<usize> = self
            .items
            .iter()
            .enumerate()
            .filter(|(n, _)| ticked.contains(&(n + 1)))
            .map(|(_, (line, _))| *line)
            .collect();
        let mut out = String::new();
        for (i, line) in self.text.lines().enumerate() {
            if tick_lines.contains(&i) {
                out.push_str(&line.replacen("[ ]", "[x]", 1));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }
}

/// The label of an unticked Markdown check box line.
fn checkbox(line: &str) -> Option<&str> {
    let rest = line.trim_start();
    let rest = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .or_else(|| rest.strip_prefix("+ "))?;
    rest.strip_prefix("[ ]")
}

/// What the lint run before submitting found.
#[derive(Debug, Clone, Default)]
pub struct LintFacts {
    pub errors: usize,
    pub warnings: usize,
    /// How many rules ran (those of the connector's profile, after the configuration).
    pub rules: usize,
    /// `--force` submitted despite errors.
    pub forced: bool,
}

/// The whole body: the template (boxes ticked as confirmed), then ppcert's section.
pub fn render(
    template: &Template,
    ticked: &[usize],
    folder: &ConnectorFolder,
    lint: &LintFacts,
) -> String {
    let mut body = String::new();
    if lint.forced && lint.errors > 0 {
        body.push_str(&format!(
            "> [!WARNING]\n> Submitted with `ppcert submit --force`: the author overrode {} reported by ppcert.\n\n",
            count(lint.errors, "error")
        ));
    }
    if !template.is_empty() {
        body.push_str(template.render(ticked).trim_end());
        body.push_str("\n\n");
    }
    body.push_str(&ppcert_section(folder, lint));
    if body.chars().count() > MAX_BODY_CHARS {
        body = body.chars().take(MAX_BODY_CHARS - 1).collect();
    }
    body
}

fn ppcert_section(folder: &ConnectorFolder, lint: &LintFacts) -> String {
    let mut s = String::from("---\n### Checked with ppcert\n");
    s.push_str(&format!(
        "- ppcert {} ran {} of the `{}` profile on this folder before submitting: {}, {}.\n",
        env!("CARGO_PKG_VERSION"),
        count(lint.rules, "rule"),
        folder.profile.as_str(),
        count(lint.errors, "error"),
        count(lint.warnings, "warning"),
    ));
    s.push_str("- Checked offline: the swagger definition, apiProperties.json, the readme and the script against the certification rules (`ppcert rules` lists them). Rules that need a person or a live service are not included.\n");
    let names: Vec<String> = folder
        .files
        .iter()
        .map(|f| format!("`{}`", f.name))
        .collect();
    s.push_str(&format!(
        "- Files in `{}`: {}.\n",
        folder.repo_path(),
        names.join(", ")
    ));
    if !folder.left_out.is_empty() {
        let left: Vec<String> = folder
            .left_out
            .iter()
            .map(|l| format!("`{}` ({})", l.name, l.reason))
            .collect();
        s.push_str(&format!("- Left out: {}.\n", left.join("; ")));
    }
    s
}

pub(crate) fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "---\n**Check:**\n\n- [ ] first item\n  - [ ] second item\nText - [ ] not a box\n* [x] already ticked\n";

    #[test]
    fn finds_unticked_boxes_and_ticks_only_the_confirmed_ones() {
        let t = Template::parse(TEMPLATE);
        assert_eq!(t.items().collect::<Vec<_>>(), ["first item", "second item"]);
        let none = t.render(&[]);
        assert_eq!(none, TEMPLATE);
        let second = t.render(&[2]);
        assert!(second.contains("- [ ] first item\n  - [x] second item\n"));
        assert!(second.contains("Text - [ ] not a box"));
    }
}
