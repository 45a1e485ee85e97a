//! Well-known credential formats (GitHub, AWS, Slack, Google, Stripe, Azure tokens, private keys,
//! JSON Web Tokens, passwords in URLs), shared by `pr-no-secrets` and `test-value-no-secrets`.

use crate::json::Span;
use crate::rules::util::text_regex::TextRegex;
use std::sync::LazyLock;

/// Well-known credential formats, one capture group per kind.
static TOKENS: LazyLock<TextRegex> = LazyLock::new(|| {
    let patterns: Vec<&str> = TOKEN_KINDS.iter().map(|(pattern, _)| *pattern).collect();
    TextRegex::new(patterns.join("|"))
});

/// Each credential pattern, and what a match of it looks like.
const TOKEN_KINDS: [(&str, &str); 9] = [
    (
        r"((?-u:\b)(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?-u:\b)|(?-u:\b)github_pat_[A-Za-z0-9_]{60,100}(?-u:\b))",
        "a GitHub token",
    ),
    (
        r"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)",
        "a private key",
    ),
    (
        r"((?-u:\b)(?:AKIA|ASIA)[0-9A-Z]{16}(?-u:\b))",
        "an AWS access key id",
    ),
    (
        r"((?-u:\b)xox[abposr]-[0-9A-Za-z]{8,}-[0-9A-Za-z-]{8,})",
        "a Slack token",
    ),
    (
        r"((?-u:\b)AIza[0-9A-Za-z_\-]{35}(?-u:\b))",
        "a Google API key",
    ),
    (
        r"((?-u:\b)(?:sk|rk)_live_[0-9A-Za-z]{20,}(?-u:\b))",
        "a Stripe live key",
    ),
    (
        r"(AccountKey=[A-Za-z0-9+/]{80,}={0,2})",
        "an Azure Storage account key",
    ),
    (
        r"((?-u:\b)eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,})",
        "a JSON Web Token (a bearer token)",
    ),
    (
        r"((?-u:\b)https?://[A-Za-z0-9._%\-]{1,64}:[^\s/:@{}<>\[\]]{6,64}@[A-Za-z0-9.\-]+)",
        URL_PASSWORD,
    ),
];

/// Azure AD client secrets have no literal prefix, which would keep the regex engine from skipping
/// ahead on the other patterns' prefixes; they are searched separately, only where `Q~` occurs.
static AZURE: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(
        r"(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:$|[^A-Za-z0-9_~.\-])",
    )
});

/// What each pattern of [`TOKENS`] needs but the last (a password in a URL): a text with none of
/// these can hold only that kind, which [`url_passwords`] finds as the pattern would without it
/// being compiled (0.7 ms, most of the secret checks of a one-connector run).
const TOKEN_LITERALS: [&str; 14] = [
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "-----BEGIN ",
    "AKIA",
    "ASIA",
    "xox",
    "AIza",
    "_live_",
    "AccountKey=",
    "eyJ",
];

/// Whether `text` holds one of [`TOKEN_LITERALS`], in one pass of a vectorised multi-literal
/// search (Teddy, aho-corasick's `packed` searcher: cheap to build, unlike a whole automaton).
/// Counted with callgrind on the median connector: 0.11 million instructions, building
/// included, against 0.26 million for one `memmem` pass per literal and 1.07 million with an
/// Aho-Corasick automaton, half of which went to building it. Where Teddy is not available (no
/// SIMD), one `memmem` pass per literal. (Only the first megabyte of a run's text is searched
/// so: see [`HAND_SEARCH_BUDGET`].)
fn has_token_literal(text: &str) -> bool {
    static TEDDY: LazyLock<Option<aho_corasick::packed::Searcher>> = LazyLock::new(|| {
        aho_corasick::packed::Config::new()
            .builder()
            .extend(TOKEN_LITERALS)
            .build()
    });
    match &*TEDDY {
        Some(teddy) => teddy.find(text).is_some(),
        None => has_token_literal_by_memmem(text),
    }
}

fn has_token_literal_by_memmem(text: &str) -> bool {
    static FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        (TOKEN_LITERALS.iter())
            .map(memchr::memmem::Finder::new)
            .collect()
    });
    FINDERS.iter().any(|f| f.find(text.as_bytes()).is_some())
}

const URL_PASSWORD: &str = "a user name and password in a URL";

/// How much text may be searched by hand before the patterns are used anyway: a long run
/// compiles them once and then searches faster with them than by the literals and by hand.
const HAND_SEARCH_BUDGET: usize = 1 << 20;
static HAND_SEARCHED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether `text` is searched with [`url_passwords`] (which finds what [`TOKENS`] would).
fn search_by_hand(text: &str) -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    HAND_SEARCHED.fetch_add(text.len(), Relaxed) + text.len() <= HAND_SEARCH_BUDGET
        && !has_token_literal(text)
}

/// The matches of [`TOKENS`]' last pattern,
/// `(?-u:\b)https?://[A-Za-z0-9._%\-]{1,64}:[^\s/:@{}<>\[\]]{6,64}@[A-Za-z0-9.\-]+`, in a
/// text where no other can match. Each part stops at a character its class excludes, so a
/// match is decided by where `http` starts; the repetitions count characters, as the pattern
/// does on non-ASCII text.
fn url_passwords(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(i) = memchr::memmem::find(&bytes[at..], b"http") {
            let start = at + i;
            match (start == 0 || !word(bytes[start - 1]))
                .then(|| url_password_end(text, start + 4))
                .flatten()
            {
                Some(end) => {
                    at = end;
                    return Some((start, end));
                }
                None => at = start + 1,
            }
        }
        None
    })
}

/// Where a URL with a user name and password that continues at `at` (after `http`) ends.
fn url_password_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let rest = rest
        .strip_prefix("s://")
        .or_else(|| rest.strip_prefix("://"))?;
    let user = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b"._%-".contains(b))
        .count();
    if !(1..=64).contains(&user) {
        return None;
    }
    let rest = rest[user..].strip_prefix(':')?;
    let mut password = 0;
    let mut chars = rest.char_indices();
    let at_sign = loop {
        let (i, c) = chars.next()?;
        if c.is_whitespace() || "/:@{}<>[]".contains(c) {
            break (c == '@').then_some(i)?;
        }
        password += 1;
    };
    if !(6..=64).contains(&password) {
        return None;
    }
    let rest = &rest[at_sign + 1..];
    let host = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || b".-".contains(b))
        .count();
    (host > 0).then(|| text.len() - rest.len() + host)
}

/// Reports each credential-shaped value in `text`: its byte range and what it looks like
/// (`a GitHub token`). Documented examples (`AKIAIOSFODNN7EXAMPLE`) and placeholder user names
/// are left out.
pub fn scan_tokens(text: &str, report: &mut dyn FnMut(Span, &str)) {
    let tokens: Box<dyn Iterator<Item = ((usize, usize), &str)>> = if !search_by_hand(text) {
        Box::new(TOKENS.captures_iter(text).filter_map(|cap| {
            let (i, m) = cap
                .iter()
                .enumerate()
                .skip(1)
                .find_map(|(i, m)| m.map(|m| (i, m)))?;
            Some((
                (m.start(), m.end()),
                TOKEN_KINDS.get(i - 1).map_or("a secret", |(_, kind)| *kind),
            ))
        }))
    } else {
        Box::new(url_passwords(text).map(|m| (m, URL_PASSWORD)))
    };
    let azure = memchr::memmem::find(text.as_bytes(), b"Q~")
        .map(|_| AZURE.captures_iter(text).filter_map(|cap| cap.get(1)))
        .into_iter()
        .flatten()
        .map(|m| ((m.start(), m.end()), "an Azure AD client secret"));
    for ((start, end), kind) in tokens.chain(azure) {
        let s = &text[start..end];
        let lower = s.to_ascii_lowercase();
        if ["example", "sample", "dummy", "fake", "xxxx"]
            .iter()
            .any(|w| lower.contains(w))
        {
            continue; // documented examples such as AWS's `AKIAIOSFODNN7EXAMPLE`
        }
        if kind.starts_with("a user name") {
            let userinfo = s
                .split("://")
                .nth(1)
                .and_then(|r| r.split('@').next())
                .unwrap_or("");
            if is_placeholder(userinfo) || userinfo.contains("password") {
                continue;
            }
        }
        report(Span::new(start, end), kind);
    }
}

/// Whether a value is an obvious placeholder (`[[DUMMY]]`, `<your key>`, `xxxx`, ...).
pub fn is_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    v.contains(['[', ']', '{', '}', '<', '>', '$', '%', '@'])
        || [
            "your",
            "dummy",
            "placeholder",
            "example",
            "sample",
            "xxxx",
            "****",
            "test",
            "fake",
            "redacted",
            "changeme",
            "replace",
            "secret",
            "token",
            "password",
        ]
        .iter()
        .any(|w| l.contains(w))
        || l.bytes().all(|b| Some(b) == l.as_bytes().first().copied())
}

/// What the first credential-shaped value in `text` looks like, if any.
pub fn credential_in(text: &str) -> Option<String> {
    let mut found = None;
    scan_tokens(text, &mut |_, kind| {
        found.get_or_insert_with(|| kind.to_owned());
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both searches find each literal wherever it is, in texts shorter and longer than Teddy's
    /// minimum, and nothing in texts without one.
    #[test]
    fn token_literals_are_found_by_both_searches() {
        let filler = "The ID of the item, as returned by the list operation. ".repeat(3);
        for literal in TOKEN_LITERALS {
            for text in [
                literal.to_string(),
                format!("a {literal}b"),
                format!("{filler}{literal}"),
                format!("{literal}{filler}"),
                format!("{filler}{literal}{filler}"),
            ] {
                assert!(has_token_literal(&text), "{text:?}");
                assert!(has_token_literal_by_memmem(&text), "{text:?}");
            }
        }
        for text in ["", "gh", "AKI", "github pat", &filler, "-----BEGIN", "ey J"] {
            assert!(!has_token_literal(text), "{text:?}");
            assert!(!has_token_literal_by_memmem(text), "{text:?}");
        }
    }

    /// The spans [`TOKENS`] finds in `text`, which must hold none of [`TOKEN_LITERALS`].
    fn tokens_regex(text: &str) -> Vec<(usize, usize)> {
        assert!(!has_token_literal(text), "{text:?}");
        TOKENS
            .captures_iter(text)
            .map(|cap| {
                let m = cap.get(9).expect("only the URL pattern can match");
                (m.start(), m.end())
            })
            .collect()
    }

    fn same_as_regex(text: &str) -> Vec<(usize, usize)> {
        let hand: Vec<_> = url_passwords(text).collect();
        assert_eq!(hand, tokens_regex(text), "{text:?}");
        hand
    }

    /// URL passwords built at run time, so that none is committed.
    #[test]
    fn url_passwords_match_the_pattern() {
        let url = |scheme: &str, user: &str, password: &str, host: &str| {
            format!("{scheme}://{user}:{password}@{host}")
        };
        let ok = url("http", "alice", &"pw".repeat(4), "example.com");
        for (text, found) in [
            (format!("see {ok}/path"), 1),
            (ok.clone(), 1),
            (format!("x{ok}"), 0),
            (format!("_{ok}"), 0),
            (format!("-{ok}"), 1),
            (format!("\u{feff}{ok}"), 1),
            (format!("{ok} and {ok}"), 2),
            (format!("{ok}{ok}"), 1),
            (url("https", "a", "abcdef", "h"), 1),
            (url("httpss", "a", "abcdef", "h"), 0),
            (url("http", "a", "abcde", "h"), 0),
            (url("http", "a", &"p".repeat(64), "h"), 1),
            (url("http", "a", &"p".repeat(65), "h"), 0),
            (url("http", &"u".repeat(64), "abcdef", "h"), 1),
            (url("http", &"u".repeat(65), "abcdef", "h"), 0),
            (url("http", "", "abcdef", "h"), 0),
            (url("http", "a", "abcdef", ""), 0),
            (url("http", "a", "abcdef", "/x"), 0),
            (url("http", "a", &"é".repeat(6), "h"), 1),
            (url("http", "a", &"é".repeat(5), "h"), 0),
            (url("http", "a", &"é".repeat(40), "h"), 1),
            (url("http", "a", "abc\u{a0}def", "h"), 0),
            (url("http", "a", "ab{cdef", "h"), 0),
            (format!("http://a:b@{ok}"), 1),
            (format!("http:/{ok}"), 1),
        ] {
            assert_eq!(same_as_regex(&text).len(), found, "{text:?}");
        }
    }

    /// Random URL-like texts, near each limit of the pattern, against the regular expression.
    #[test]
    fn url_passwords_agree_with_the_pattern_on_random_texts() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let run = |next: &mut dyn FnMut(usize) -> usize, chars: &[&str], lens: &[usize]| {
            let len = lens[next(lens.len())];
            (0..len)
                .map(|_| chars[next(chars.len())])
                .collect::<String>()
        };
        let mut matched = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..1 + next(2) {
                text += ["", "x", " ", "-", "_", "é", "\u{feff}", "a:"][next(8)];
                text += ["http", "https", "https", "httpss", "htp"][next(5)];
                text += ["://", "://", "://", ":/"][next(4)];
                // Characters outside a part's class are rarer, so that many texts match.
                let user = [
                    "a", "Z", "9", ".", "-", "_", "%", "a", "Z", "9", "a", "é", ":",
                ];
                text += &run(&mut next, &user, &[0, 1, 2, 3, 63, 64, 65]);
                text += [":", ":", ":", ""][next(4)];
                let mut password = ["a", "é", "1", "!", "x", "%", "€"].repeat(20);
                password.extend(["\u{a0}", " ", "/", "{", ":"]);
                text += &run(&mut next, &password, &[4, 5, 6, 7, 30, 63, 64, 65]);
                text += ["@", "@", "@", ""][next(4)];
                text += &run(&mut next, &["a", ".", "-", "é", "/", "9"], &[0, 1, 3, 6]);
            }
            matched += same_as_regex(&text).len();
        }
        assert!(
            matched > 200,
            "the texts exercise the pattern ({matched} matches)"
        );
    }

    /// Every file of the corpus without a credential literal: the same matches either way.
    #[test]
    fn url_passwords_agree_with_the_pattern_on_the_corpus() {
        let Some(corpus) = crate::rules::util::test_files::corpus_or_skip() else {
            return;
        };
        let names = [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "settings.json",
            "readme.md",
            "intro.md",
            "script.csx",
        ];
        let mut compared = 0;
        for path in crate::rules::util::test_files::files_named(vec![corpus], &names) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if !has_token_literal(&text) {
                same_as_regex(&text);
                compared += 1;
            }
        }
        assert!(compared > 1000, "{compared} files compared");
    }

    fn kinds_found(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        scan_tokens(text, &mut |_, kind| found.push(kind.to_owned()));
        found
    }

    /// Token-shaped values are built at run time so that no token-looking string is committed.
    #[test]
    fn well_known_token_formats() {
        let github = format!("token {}_{} here", "ghp", "a1B2".repeat(9));
        assert_eq!(kinds_found(&github), ["a GitHub token"]);
        let fine_grained = format!("{}_{}", "github_pat", "Ab3_".repeat(20));
        assert_eq!(kinds_found(&fine_grained), ["a GitHub token"]);
        let azure = format!("secret: {}Q~{} end", "Xy48", "aB3".repeat(11));
        assert_eq!(kinds_found(&azure), ["an Azure AD client secret"]);
        assert!(
            kinds_found(&format!("{}_{}", "ghp", "a1B2".repeat(4))).is_empty(),
            "too short"
        );
        assert!(
            kinds_found("AKIAIOSFODNN7EXAMPLE").is_empty(),
            "documented example"
        );
    }
}
