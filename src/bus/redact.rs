//! Credentials never reach output: URLs are shown with their password or token masked.

/// `nats://user:secret@host:4222` → `nats://user:***@host:4222`; a lone token in the user part
/// (`nats://s3cr3t@host`) is masked too, since it is a secret.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => {
            let (userinfo, host) = authority.split_at(at);
            let masked = match userinfo.find(':') {
                Some(c) => format!("{}:***", &userinfo[..c]),
                None => "***".to_string(),
            };
            format!("{scheme}{masked}{host}{tail}")
        }
        None => url.to_string(),
    }
}

/// The URL without its user information: the client is given credentials separately, so the
/// URL it logs (at debug level) holds none.
pub fn without_credentials(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn masks_passwords_and_tokens() {
        assert_eq!(
            redact_url("nats://alice:hunter2@127.0.0.1:4222"),
            "nats://alice:***@127.0.0.1:4222"
        );
        assert_eq!(redact_url("tls://tok123@h:4222"), "tls://***@h:4222");
        assert_eq!(redact_url("nats://127.0.0.1:4222"), "nats://127.0.0.1:4222");
        assert_eq!(redact_url("127.0.0.1:4222"), "127.0.0.1:4222");
        assert_eq!(redact_url("nats://a:b@c@h:1"), "nats://a:***@h:1");
        assert_eq!(
            super::without_credentials("nats://a:b@h:1/x"),
            "nats://h:1/x"
        );
        assert_eq!(super::without_credentials("tok@h:1"), "h:1");
        assert_eq!(super::without_credentials("nats://h:1"), "nats://h:1");
    }
}
