//! The GitHub token: where it comes from, and a type that never shows it.
//!
//! The token goes to two places only: octocrab's `Authorization` header and libgit2's
//! credentials callback. Everything the user sees passes through [`Token::redact`] as a second
//! line of defence.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;
use std::process::{Command, Stdio};

/// A GitHub token. `Debug` and `Display` print `***`.
#[derive(Clone)]
pub struct Token {
    secret: SecretString,
    /// Where it came from, for messages: `GITHUB_TOKEN`, `gh auth token`, ...
    source: String,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token(***, from {})", self.source)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Why no usable token was found. The messages never contain the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError(pub String);

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Token {
    /// A token from `text` (trimmed). `source` names where it came from.
    pub fn new(text: &str, source: &str) -> Result<Token, TokenError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TokenError(format!("the token from {source} is empty")));
        }
        // A header value must be clean: octocrab panics on a newline inside the token.
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenError(format!(
                "the token from {source} contains spaces or control characters; is it really one token?"
            )));
        }
        if !text.is_ascii() {
            return Err(TokenError(format!(
                "the token from {source} contains non-ASCII characters"
            )));
        }
        Ok(Token {
            secret: SecretString::from(text.to_owned()),
            source: source.to_owned(),
        })
    }

    /// Finds the token: the variable named by `--token-env`, else `GITHUB_TOKEN`, else
    /// `GH_TOKEN`, else `gh auth token` when the GitHub CLI is installed. `Ok(None)` when
    /// there is none at all.
    pub fn find(token_env: Option<&str>) -> Result<Option<Token>, TokenError> {
        if let Some(name) = token_env {
            return match std::env::var(name) {
                Ok(value) => Token::new(&value, name).map(Some),
                Err(std::env::VarError::NotPresent) => Err(TokenError(format!(
                    "--token-env names `{name}`, but that environment variable is not set"
                ))),
                Err(std::env::VarError::NotUnicode(_)) => Err(TokenError(format!(
                    "the environment variable `{name}` is not valid UTF-8"
                ))),
            };
        }
        for name in ["GITHUB_TOKEN", "GH_TOKEN"] {
            if let Ok(value) = std::env::var(name)
                && !value.trim().is_empty()
            {
                return Token::new(&value, name).map(Some);
            }
        }
        Ok(from_gh_cli())
    }

    /// The secret itself, for the two places that need it.
    pub(crate) fn expose(&self) -> &str {
        self.secret.expose_secret()
    }

    /// Where the token came from, e.g. `GITHUB_TOKEN`.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// `text` with every occurrence of the token replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(self.expose(), "***")
    }
}

/// `gh auth token`, when the GitHub CLI is installed and logged in. Its output goes through a
/// pipe straight into a [`Token`]; nothing is echoed.
fn from_gh_cli() -> Option<Token> {
    let output = Command::new("gh")
        .args(["auth", "token"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Token::new(&text, "`gh auth token`").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_secret() -> String {
        // Built at run time so that no token-shaped literal sits in the source.
        format!("{}_{}", "ghp", "x".repeat(36))
    }

    #[test]
    fn debug_and_display_redact() {
        let secret = fake_secret();
        let token = Token::new(&format!("  {secret}\n"), "GITHUB_TOKEN").expect("valid");
        assert_eq!(token.expose(), secret);
        for shown in [
            format!("{token:?}"),
            format!("{token}"),
            format!("{token:#?}"),
        ] {
            assert!(!shown.contains(&secret), "{shown}");
            assert!(shown.contains("***"), "{shown}");
        }
        assert_eq!(
            token.redact(&format!("a {secret} b {secret}")),
            "a *** b ***"
        );
    }

    #[test]
    fn rejects_blank_and_multi_part_tokens_without_echoing_them() {
        assert!(Token::new("   ", "GH_TOKEN").is_err());
        let secret = fake_secret();
        let err = Token::new(&format!("{secret} {secret}"), "GH_TOKEN").expect_err("two words");
        assert!(!err.0.contains(&secret));
        assert!(Token::new(&format!("{secret}\u{7}"), "GH_TOKEN").is_err());
    }
}
