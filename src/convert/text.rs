//! Fitting titles, descriptions and summaries to the certification rules, where that can be done
//! without changing what they say: lengths (`title-max-length` 30, `description-length` 500,
//! `operation-summary-max-length` and parameter `x-ms-summary` 80), the words a title may not
//! hold (`API`, `Connector`), the characters a summary may not hold (`/ \ < > * % & ?`) and
//! trailing punctuation. Each function returns the fitted text and what was changed, or `None`
//! when the text already fits.

pub const TITLE_MAX: usize = 30;
pub const DESCRIPTION_MAX: usize = 500;
pub const SUMMARY_MAX: usize = 80;

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Cuts `s` to at most `max` characters at a word boundary.
fn cut_words(s: &str, max: usize) -> String {
    if chars(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for word in s.split_whitespace() {
        let extra = if out.is_empty() { 0 } else { 1 };
        if chars(&out) + extra + chars(word) > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        s.chars().take(max).collect()
    } else {
        out
    }
}

fn trim_trailing(s: &str) -> &str {
    s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')')
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `info.title`: no `API`/`Connector` words, at most 30 characters, ending alphanumeric.
pub fn fit_title(s: &str) -> Option<(String, Vec<String>)> {
    let mut why = Vec::new();
    let kept: Vec<&str> = s
        .split_whitespace()
        .filter(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            let restricted =
                bare.eq_ignore_ascii_case("api") || bare.eq_ignore_ascii_case("connector");
            if restricted {
                why.push(format!("removed the restricted word `{bare}`"));
            }
            !restricted
        })
        .collect();
    let mut out = kept.join(" ");
    if out.is_empty() {
        return None; // nothing but restricted words: leave it to the author
    }
    if chars(&out) > TITLE_MAX {
        why.push(format!("shortened to {TITLE_MAX} characters"));
        out = cut_words(&out, TITLE_MAX);
    }
    let trimmed = s_trim_title(&out);
    if trimmed.len() != out.len() {
        why.push("removed trailing characters that are not letters or digits".into());
        out = trimmed;
    }
    (out != s && !out.is_empty()).then_some((out, why))
}

fn s_trim_title(s: &str) -> String {
    s.trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// `info.description`: at most 500 characters, cut at the end of a sentence where possible.
pub fn fit_description(s: &str) -> Option<(String, Vec<String>)> {
    if chars(s) <= DESCRIPTION_MAX {
        return None;
    }
    let head: String = s.chars().take(DESCRIPTION_MAX).collect();
    let sentence_end = head
        .char_indices()
        .filter(|(i, c)| {
            matches!(c, '.' | '!' | '?')
                && head[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    let out = match sentence_end {
        Some(end) if end >= 30 => head[..end].to_owned(),
        _ => cut_words(s, DESCRIPTION_MAX),
    };
    Some((
        out,
        vec![format!("shortened to {DESCRIPTION_MAX} characters")],
    ))
}

/// An operation `summary`: one line, none of `/ \ < > * % & ?`, at most 80 characters, no
/// trailing punctuation.
pub fn fit_summary(s: &str) -> Option<(String, Vec<String>)> {
    let mut why = Vec::new();
    let mut out = String::with_capacity(s.len());
    let mut replaced = Vec::new();
    for c in s.chars() {
        match c {
            '&' => {
                out.push_str(" and ");
                replaced.push(c);
            }
            '%' => {
                out.push_str(" percent ");
                replaced.push(c);
            }
            '/' | '\\' | '<' | '>' | '*' | '?' => {
                out.push(' ');
                replaced.push(c);
            }
            c => out.push(c),
        }
    }
    if !replaced.is_empty() {
        replaced.dedup();
        let list: Vec<String> = replaced.iter().map(|c| format!("`{c}`")).collect();
        why.push(format!(
            "replaced the restricted characters {}",
            list.join(" ")
        ));
    }
    let mut out = collapse(&out);
    if out != collapse(s) && replaced.is_empty() {
        // only whitespace changed: not worth a finding unless it was a line break
    }
    if s.contains('\n') {
        why.push("joined its lines".into());
    }
    if chars(&out) > SUMMARY_MAX {
        out = cut_words(&out, SUMMARY_MAX);
        why.push(format!("shortened to {SUMMARY_MAX} characters"));
    }
    let trimmed = trim_trailing(&out).to_owned();
    if trimmed != out && !trimmed.is_empty() {
        why.push("removed trailing punctuation".into());
        out = trimmed;
    }
    (!why.is_empty() && !out.is_empty()).then_some((out, why))
}

/// A parameter's `x-ms-summary`: one line, at most 80 characters.
pub fn fit_param_summary(s: &str) -> Option<(String, Vec<String>)> {
    let mut why = Vec::new();
    let mut out = collapse(s);
    if s.contains('\n') {
        why.push("joined its lines".into());
    }
    if chars(&out) > SUMMARY_MAX {
        out = cut_words(&out, SUMMARY_MAX);
        why.push(format!("shortened to {SUMMARY_MAX} characters"));
    }
    (!why.is_empty() && !out.is_empty()).then_some((out, why))
}

const ACRONYMS: &[&str] = &[
    "id", "url", "uri", "api", "ip", "html", "json", "xml", "sku", "utc", "uuid", "guid",
];

/// The words of an identifier: `petId`, `pet_id`, `X-Pet-ID` → `pet`, `id`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && !cur.is_empty()
            && (chars[i - 1].is_lowercase()
                || chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                    && chars[i - 1].is_uppercase());
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter().map(|w| w.to_lowercase()).collect()
}

fn cased(word: &str, capital: bool) -> String {
    if ACRONYMS.contains(&word) {
        return word.to_uppercase();
    }
    if !capital {
        return word.to_owned();
    }
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `petId` → `Pet ID` (title case, for parameter `x-ms-summary`).
pub fn title_case(name: &str) -> String {
    let w: Vec<String> = words(name).iter().map(|w| cased(w, true)).collect();
    if w.is_empty() {
        name.to_owned()
    } else {
        cut_words(&w.join(" "), SUMMARY_MAX)
    }
}

/// `getPetById` → `Get pet by ID` (sentence case, for an operation summary).
pub fn sentence_case(name: &str) -> String {
    let w: Vec<String> = words(name)
        .iter()
        .enumerate()
        .map(|(i, w)| cased(w, i == 0))
        .collect();
    if w.is_empty() {
        name.to_owned()
    } else {
        cut_words(&w.join(" "), SUMMARY_MAX)
    }
}

/// `GET /pets/{petId}/toys` → `GetPetsToysByPetId`.
pub fn operation_id(method: &str, path: &str) -> String {
    let mut out = cased(method, true);
    let mut by = Vec::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(var) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            by.push(var);
            continue;
        }
        for w in words(seg) {
            out.push_str(&cased(&w, true).replace(' ', ""));
        }
    }
    if !by.is_empty() {
        out.push_str("By");
        for (i, v) in by.iter().enumerate() {
            if i > 0 {
                out.push_str("And");
            }
            for w in words(v) {
                // `Id`, not `ID`, inside an identifier
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(c.as_str());
                }
            }
        }
    }
    out.retain(|c| c.is_ascii_alphanumeric());
    if out.is_empty() {
        "Operation".into()
    } else {
        out
    }
}

/// `text (deprecated)`, within `max` characters, unless the text already says it.
pub fn mark_deprecated(text: &str, max: usize) -> Option<String> {
    if text.to_ascii_lowercase().contains("deprecated") {
        return None;
    }
    const MARK: &str = " (deprecated)";
    let head = cut_words(text.trim_end(), max.saturating_sub(MARK.len()));
    Some(format!("{head}{MARK}"))
}

/// A summary from the first sentence of a description, when it is short enough.
pub fn summary_from_description(d: &str) -> Option<String> {
    let first = d.lines().next()?.trim();
    let end = first
        .char_indices()
        .find(|(i, c)| {
            matches!(c, '.' | '!' | '?') && first[i + 1..].starts_with(char::is_whitespace)
        })
        .map_or(first.len(), |(i, _)| i);
    let s = first[..end].trim();
    let s = fit_summary(s).map_or_else(|| s.to_owned(), |(f, _)| f);
    (!s.is_empty() && chars(&s) <= SUMMARY_MAX && chars(first) <= 2 * SUMMARY_MAX).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(fit_title("Contoso API").unwrap().0, "Contoso");
        assert_eq!(
            fit_title("Contoso Tasks Connector for Power Users everywhere")
                .unwrap()
                .0,
            "Contoso Tasks for Power Users"
        );
        assert_eq!(fit_title("Contoso!").unwrap().0, "Contoso");
        assert!(fit_title("Contoso Tasks").is_none());
        assert!(fit_title("API").is_none());
    }

    #[test]
    fn summaries() {
        let (s, why) = fit_summary("Create/update a user & group?").unwrap();
        assert_eq!(s, "Create update a user and group");
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(fit_summary("List pets").is_none());
        let long = "word ".repeat(30);
        assert!(fit_summary(&long).unwrap().0.chars().count() <= 80);
    }

    #[test]
    fn descriptions() {
        let d = "A sentence that is long enough. ".repeat(20);
        let (f, _) = fit_description(&d).unwrap();
        assert!(f.chars().count() <= 500 && f.ends_with('.'), "{f}");
    }

    #[test]
    fn names() {
        assert_eq!(title_case("petId"), "Pet ID");
        assert_eq!(title_case("X-Request-Id"), "X Request ID");
        assert_eq!(title_case("page_size"), "Page Size");
        assert_eq!(sentence_case("getPetById"), "Get pet by ID");
        assert_eq!(sentence_case("HTMLParser"), "HTML parser");
        assert_eq!(
            operation_id("get", "/pets/{petId}/toys"),
            "GetPetsToysByPetId"
        );
        assert_eq!(operation_id("post", "/"), "Post");
        assert_eq!(
            summary_from_description("Lists all pets. Paged.").unwrap(),
            "Lists all pets"
        );
    }
}
