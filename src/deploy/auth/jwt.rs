//! Reading a token's claims. Nothing here validates a signature: the claims only tell ppcert
//! who signed in and where (`oid` for the `objectIds/{oid}` routes, `tid`, the account name,
//! the expiry); the services validate the tokens themselves.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// The object id of the user or service principal.
    pub oid: Option<String>,
    pub tid: Option<String>,
    /// `preferred_username`, `upn` or `unique_name`.
    pub account: Option<String>,
    pub name: Option<String>,
    pub aud: Option<String>,
    pub exp: Option<u64>,
    /// The application id, for app-only tokens.
    pub appid: Option<String>,
}

/// The claims of a JWT's payload; `None` when `token` is not a JWT.
pub fn claims(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    parts.next()?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let s = |key: &str| v.get(key).and_then(|x| x.as_str()).map(str::to_owned);
    Some(Claims {
        oid: s("oid"),
        tid: s("tid"),
        account: s("preferred_username")
            .or_else(|| s("upn"))
            .or_else(|| s("unique_name")),
        name: s("name"),
        aud: match v.get("aud") {
            Some(serde_json::Value::Array(a)) => {
                a.first().and_then(|x| x.as_str()).map(str::to_owned)
            }
            Some(x) => x.as_str().map(str::to_owned),
            None => None,
        },
        exp: v.get("exp").and_then(|x| {
            x.as_u64()
                .or_else(|| x.as_f64().map(|f| f as u64))
                .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
        }),
        appid: s("appid").or_else(|| s("azp")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_payload_and_refuses_non_jwts() {
        let payload = URL_SAFE_NO_PAD.encode(
            br#"{"oid":"o-1","tid":"t-1","preferred_username":"a@b.example","aud":"https://service.powerapps.com/","exp":1700000000}"#,
        );
        let c = claims(&format!("eyJhbGciOiJub25lIn0.{payload}.sig")).expect("a JWT");
        assert_eq!(c.oid.as_deref(), Some("o-1"));
        assert_eq!(c.account.as_deref(), Some("a@b.example"));
        assert_eq!(c.exp, Some(1_700_000_000));
        assert!(claims("opaque-token").is_none());
        assert!(claims("a.!!!.c").is_none());
    }
}
