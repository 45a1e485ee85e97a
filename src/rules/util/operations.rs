//! Helpers shared by the operations rules.
use crate::json::JsonRef;
use crate::swagger::Operation;

/// Characters the Swagger Validator rejects in an operation summary (`RestrictedCharactersInSummary`).
pub const SUMMARY_RESTRICTED: &[char] = &['/', '\\', '<', '>', '*', '%', '&', '?'];

/// The end of a summary that `operation-summary-trailing` reports: the characters after the last
/// letter, digit or `)`, when the last of them is neither restricted (reported by
/// `operation-summary-restricted-chars`) nor special (`swagger-strings-english`).
pub fn reported_trailing_run(text: &str) -> Option<&str> {
    let last = text.chars().next_back()?;
    if last.is_alphanumeric()
        || last == ')'
        || SUMMARY_RESTRICTED.contains(&last)
        || super::chars::is_special(last)
    {
        return None;
    }
    let kept = text.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == ')'));
    Some(&text[kept.len()..])
}

/// Whether the operation is hidden from users (`x-ms-visibility: internal`).
pub fn is_internal(op: &Operation) -> bool {
    op.node
        .get_str("x-ms-visibility")
        .is_some_and(|v| v.eq_ignore_ascii_case("internal"))
}

/// The operation's `summary` value and its text, when it is a string.
pub fn summary<'a>(op: &Operation<'a>) -> Option<(JsonRef<'a>, &'a str)> {
    let node = op.node.get("summary")?;
    Some((node, node.as_str()?))
}

/// The distinct characters of `text` that `bad` selects, in order of first appearance,
/// formatted for a message: `` `/`, `&`, a space ``.
pub fn list_chars(text: &str, bad: impl Fn(char) -> bool) -> Option<String> {
    let mut found: Vec<char> = Vec::new();
    for c in text.chars() {
        if bad(c) && !found.contains(&c) {
            found.push(c);
        }
    }
    if found.is_empty() {
        return None;
    }
    let mut out = String::new();
    for (i, c) in found.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match c {
            ' ' => out.push_str("a space"),
            '\t' => out.push_str("a tab"),
            '\n' | '\r' => out.push_str("a line break"),
            c if c.is_whitespace() || c.is_control() => {
                out.push_str(&format!("`{}`", c.escape_unicode()));
            }
            c => {
                out.push('`');
                out.push(*c);
                out.push('`');
            }
        }
    }
    Some(out)
}

/// Whether `text` ends like a sentence: with `.`, `!` or `?`, possibly followed by closing
/// quotes or brackets (`"Gets rows (deprecated)."`, `'Say "hi."'`).
pub fn ends_with_sentence_punctuation(text: &str) -> bool {
    let trimmed = text
        .trim_end()
        .trim_end_matches(['"', '\'', ')', ']', '`', '”', '’', '*']);
    trimmed.ends_with(['.', '!', '?', '…', '。'])
}

/// Whether `text` mentions deprecation as a word (`(deprecated)`, `[DEPRECATED]`, `Deprecated -`).
pub fn says_deprecated(text: &str) -> bool {
    contains_ignore_case(text, "deprecated") && super::contains_word(text, "deprecated")
}

/// Whether `text` contains `needle`, ignoring ASCII case, without allocating.
pub fn contains_ignore_case(text: &str, needle: &str) -> bool {
    needle.is_empty() || super::find_ignore_ascii_case(text, needle).next().is_some()
}

/// The product name `text` mentions, if any; a cheap pre-check spares the common case the
/// allocations of [`super::product_name_in`].
pub fn product_name_in(text: &str) -> Option<&'static str> {
    // A text that names a product contains the first word of that name.
    let maybe = super::PRODUCT_NAMES
        .iter()
        .any(|name| contains_ignore_case(text, name.split(' ').next().unwrap_or(name)));
    if maybe {
        super::product_name_in(text)
    } else {
        None
    }
}

/// Normalizes a summary or description for "are these the same text" comparisons: trims
/// whitespace and a final period, ignores ASCII case.
pub fn same_text(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> &str {
        s.trim().trim_end_matches('.').trim_end()
    }
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// Letters and digits, lowercased: `User ID.`, `user_id` and `userId` are all `userid`.
pub fn bare(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn bare_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// `bare(a) == bare(b)`, without building either.
pub fn bare_eq(a: &str, b: &str) -> bool {
    // Most texts are ASCII, where a byte is a character and lower-casing one gives one:
    // comparing bytes costs a fifth of going through `char::to_lowercase`.
    if a.is_ascii() && b.is_ascii() {
        return bare_bytes(a).eq(bare_bytes(b));
    }
    bare_chars(a).eq(bare_chars(b))
}

/// [`bare_chars`] of an ASCII text, as bytes.
fn bare_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
}

/// `bare(text).is_empty()`, without building it.
pub fn bare_is_empty(text: &str) -> bool {
    !text.bytes().any(|b| b.is_ascii_alphanumeric())
        && (text.is_ascii() || !text.chars().any(char::is_alphanumeric))
}

/// At most the last `n` characters of `text` for a one-line message: `…` in front when cut,
/// line breaks and tabs shown as spaces.
pub fn tail(text: &str, n: usize) -> String {
    let count = text.chars().count();
    let skip = count.saturating_sub(n);
    let mut out: String = if skip > 0 {
        "…".into()
    } else {
        String::new()
    };
    out.extend(text.chars().skip(skip).map(one_line));
    out
}

/// At most the first `n` characters of `text` for a one-line message: `…` after when cut, line
/// breaks and tabs shown as spaces.
pub fn head(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).map(one_line).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

fn one_line(c: char) -> char {
    if c.is_whitespace() || c.is_control() {
        ' '
    } else {
        c
    }
}

/// One piece of a path segment: literal text or a `{template}` variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(&'a str),
    Var,
}

/// Splits one path segment (no `/`) into literals and variables. Unbalanced braces are kept as
/// literal text (`path-syntax` reports them).
pub fn segment_pieces(segment: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        out.push(Piece::Var);
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

/// How two path templates of the same verb relate for routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap {
    /// The templates are indistinguishable: same literals, variables in the same places.
    Full,
    /// Some URL matches both, because a variable can take the value of the other's literal.
    Partial,
}

/// Whether two paths, split at `/`, can route the same URL. Literals compare ignoring ASCII
/// case. (Split once by the caller: a path is compared with many.)
pub fn segments_overlap(a: &[&str], b: &[&str]) -> Option<Overlap> {
    if a.len() != b.len() {
        return None;
    }
    let mut result = Overlap::Full;
    for (x, y) in a.iter().zip(b) {
        if segment_overlap(x, y)? == Overlap::Partial {
            result = Overlap::Partial;
        }
    }
    Some(result)
}

fn segment_overlap(a: &str, b: &str) -> Option<Overlap> {
    if !a.contains('{') && !b.contains('{') {
        // Two literals: most pairs of a connector's paths part here.
        return a.eq_ignore_ascii_case(b).then_some(Overlap::Full);
    }
    // Two variables, as most paths begin (`/{instance}/...`).
    let variable = |s: &str| {
        s.len() >= 2 && s.starts_with('{') && s[1..].find(['{', '}']) == Some(s.len() - 2)
    };
    if variable(a) && variable(b) {
        return Some(Overlap::Full);
    }
    let (pa, pb) = (segment_pieces(a), segment_pieces(b));
    let same_shape = pa.len() == pb.len()
        && pa.iter().zip(&pb).all(|pair| match pair {
            (Piece::Var, Piece::Var) => true,
            (Piece::Literal(x), Piece::Literal(y)) => x.eq_ignore_ascii_case(y),
            _ => false,
        });
    if same_shape {
        return Some(Overlap::Full);
    }
    let var_a = pa.contains(&Piece::Var);
    let var_b = pb.contains(&Piece::Var);
    let fits = match (var_a, var_b) {
        (false, false) => false,
        (true, false) => literal_fits(&pa, b),
        (false, true) => literal_fits(&pb, a),
        (true, true) => affixes_compatible(&pa, &pb),
    };
    fits.then_some(Overlap::Partial)
}

/// Whether the literal segment `text` matches the pattern `pieces` (each variable takes one or
/// more characters). Linear in `pieces.len() * text.len()`: no backtracking on odd templates.
fn literal_fits(pieces: &[Piece], text: &str) -> bool {
    let n = text.len();
    // reach[i]: the pieces so far can match exactly `text[..i]`.
    let mut reach = vec![false; n + 1];
    reach[0] = true;
    for piece in pieces {
        let mut next = vec![false; n + 1];
        match piece {
            Piece::Literal(lit) => {
                for i in (0..=n).filter(|&i| reach[i]) {
                    let end = i + lit.len();
                    if end <= n
                        && text.is_char_boundary(end)
                        && text.as_bytes()[i..end].eq_ignore_ascii_case(lit.as_bytes())
                    {
                        next[end] = true;
                    }
                }
            }
            Piece::Var => {
                // Any end strictly after the first reachable start, on a character boundary.
                if let Some(first) = reach.iter().position(|&r| r) {
                    for (j, slot) in next.iter_mut().enumerate().skip(first + 1) {
                        *slot = text.is_char_boundary(j);
                    }
                }
            }
        }
        if !next.contains(&true) {
            return false;
        }
        reach = next;
    }
    reach[n]
}

/// For two segments that both hold variables: whether their leading and trailing literals agree
/// (one is a prefix/suffix of the other), so some value can match both.
fn affixes_compatible(a: &[Piece], b: &[Piece]) -> bool {
    let lower = |p: Option<&Piece>| match p {
        Some(Piece::Literal(s)) => s.to_ascii_lowercase(),
        _ => String::new(),
    };
    let (pa, pb) = (lower(a.first()), lower(b.first()));
    let (sa, sb) = (lower(a.last()), lower(b.last()));
    (pa.starts_with(&pb) || pb.starts_with(&pa)) && (sa.ends_with(&sb) || sb.ends_with(&sa))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bare_eq` and `bare_is_empty` answer as building `bare` would, ASCII or not.
    #[test]
    fn bare_comparisons_match_building_bare() {
        let texts = [
            "",
            " ",
            "-",
            "User ID.",
            "user_id",
            "userId",
            "UserIDs",
            "displayName",
            "Display name",
            "display-name!",
            "Straße",
            "STRASSE",
            "strasse",
            "ΟΔΟΣ",
            "οδος",
            "Ünit",
            "unit",
            "\u{212A}ey",
            "key",
            "İd",
            "i̇d",
            "id",
            "a1",
            "A 1",
            "…",
            "½",
        ];
        for a in texts {
            assert_eq!(bare_is_empty(a), bare(a).is_empty(), "{a:?}");
            for b in texts {
                assert_eq!(bare_eq(a, b), bare(a) == bare(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn contains_ignore_case_is_a_window_search() {
        let by_windows = |text: &str, needle: &str| {
            needle.is_empty()
                || text
                    .as_bytes()
                    .windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        };
        let texts = [
            "",
            "p",
            "Power Apps",
            "use POWERAPPS here",
            "powe",
            "a Logic app",
            "ß Power",
            "xxPowerxx",
        ];
        for text in texts {
            for needle in [
                "",
                "power",
                "Power",
                "POWERAPPS",
                "logic",
                "x",
                "ß",
                "er A",
                "s",
            ] {
                assert_eq!(
                    contains_ignore_case(text, needle),
                    by_windows(text, needle),
                    "{text:?} {needle:?}"
                );
            }
        }
    }

    fn path_overlap(a: &str, b: &str) -> Option<Overlap> {
        let (sa, sb): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
        segments_overlap(&sa, &sb)
    }

    #[test]
    fn overlaps() {
        assert_eq!(
            path_overlap("/items/{id}", "/items/{name}"),
            Some(Overlap::Full)
        );
        assert_eq!(
            path_overlap("/Items/{id}", "/items/{x}"),
            Some(Overlap::Full)
        );
        assert_eq!(
            path_overlap("/items/{id}", "/items/search"),
            Some(Overlap::Partial)
        );
        assert_eq!(path_overlap("/items/{id}", "/users/{id}"), None);
        assert_eq!(path_overlap("/items/{id}", "/items/{id}/x"), None);
        assert_eq!(
            path_overlap("/f/{id}.json", "/f/a.json"),
            Some(Overlap::Partial)
        );
        assert_eq!(path_overlap("/f/{id}.json", "/f/a.xml"), None);
        assert_eq!(path_overlap("/f/{id}.json", "/f/{x}.xml"), None);
        assert_eq!(
            path_overlap("/f/Set('{id}')", "/f/Set('{k}')"),
            Some(Overlap::Full)
        );
        assert_eq!(path_overlap("/f/a{id}", "/f/ab{x}"), Some(Overlap::Partial));
        assert_eq!(path_overlap("/é/{x}", "/é/b"), Some(Overlap::Partial));
        assert_eq!(path_overlap("/a/{x}é", "/a/é"), None);
        assert_eq!(path_overlap("/a/{x}é", "/a/éé"), Some(Overlap::Partial));
        // Whole-segment variables, and segments that only look like one.
        assert_eq!(path_overlap("/{a}/x/{b}", "/{c}/x/{}"), Some(Overlap::Full));
        assert_eq!(path_overlap("/{a}/x", "/{c}/y"), None);
        assert_eq!(path_overlap("/{a/x", "/{a/x"), Some(Overlap::Full));
        assert_eq!(path_overlap("/{a/x", "/{b/x"), None);
        assert_eq!(path_overlap("/{a}}/x", "/{b}}/x"), Some(Overlap::Full));
        assert_eq!(path_overlap("/{a}}/x", "/{b}/x"), Some(Overlap::Partial));
        assert_eq!(path_overlap("/{a}/x", "//x"), None);
        // Many variables against a long literal: must stay fast.
        let many = "{a}x".repeat(40) + "y";
        let long = "x".repeat(4000);
        assert_eq!(path_overlap(&format!("/{many}"), &format!("/{long}")), None);
    }

    #[test]
    fn sentences() {
        assert!(ends_with_sentence_punctuation("Gets rows (deprecated)."));
        assert!(ends_with_sentence_punctuation("Gets \"rows.\" "));
        assert!(!ends_with_sentence_punctuation("Gets rows"));
        assert!(!ends_with_sentence_punctuation("Gets rows (deprecated)"));
    }

    #[test]
    fn cut() {
        assert_eq!(tail("Gets an item by ID", 5), "…by ID");
        assert_eq!(tail("éé", 5), "éé");
        assert_eq!(head("Gets an item", 4), "Gets…");
        assert_eq!(head("Gets", 4), "Gets");
        assert_eq!(tail("a\nb", 5), "a b");
    }

    #[test]
    fn chars() {
        assert_eq!(
            list_chars("a/b&c/", |c| SUMMARY_RESTRICTED.contains(&c)).as_deref(),
            Some("`/`, `&`")
        );
        assert_eq!(list_chars("abc", |c| c == '/'), None);
        assert!(same_text("Get items.", " get items"));
        assert!(!same_text("", ""));
    }
}
