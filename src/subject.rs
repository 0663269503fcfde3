//! NATS subject rules: what may be published to, what a pattern matches, and whether two
//! patterns can ever match the same subject.
//!
//! Publishing to a wildcard or a malformed subject is refused here, before any connection is
//! made, so a typo never turns into a message nobody can route. Overlap checks serve the
//! stream manager (two streams may not capture the same subject) and `tail` (which stream
//! covers a subject).

use thiserror::Error;

/// Why a subject or pattern is not acceptable.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SubjectError {
    #[error("subject is empty")]
    Empty,
    #[error("subject '{subject}' contains whitespace")]
    Whitespace { subject: String },
    #[error("subject '{subject}' has an empty token (leading, trailing or doubled '.')")]
    EmptyToken { subject: String },
    #[error("subject '{subject}' contains the wildcard '{wildcard}': a message must go to one concrete subject")]
    Wildcard { subject: String, wildcard: String },
    #[error("subject '{subject}': '>' may only be the last token")]
    MisplacedFullWildcard { subject: String },
    #[error("subject '{subject}': '*' and '>' must be whole tokens")]
    PartialWildcard { subject: String },
}

fn check_common(subject: &str) -> Result<(), SubjectError> {
    if subject.is_empty() {
        return Err(SubjectError::Empty);
    }
    if subject.chars().any(char::is_whitespace) {
        return Err(SubjectError::Whitespace {
            subject: subject.to_string(),
        });
    }
    if subject.split('.').any(str::is_empty) {
        return Err(SubjectError::EmptyToken {
            subject: subject.to_string(),
        });
    }
    Ok(())
}

/// A subject that a message can be published to: non-empty tokens, no whitespace, no wildcards.
pub fn validate_publish_subject(subject: &str) -> Result<(), SubjectError> {
    check_common(subject)?;
    for token in subject.split('.') {
        if token == "*" || token == ">" {
            return Err(SubjectError::Wildcard {
                subject: subject.to_string(),
                wildcard: token.to_string(),
            });
        }
    }
    Ok(())
}

/// A subject pattern that may be subscribed to or captured by a stream.
pub fn validate_pattern(pattern: &str) -> Result<(), SubjectError> {
    check_common(pattern)?;
    let tokens: Vec<&str> = pattern.split('.').collect();
    for (i, token) in tokens.iter().enumerate() {
        if *token == ">" && i + 1 != tokens.len() {
            return Err(SubjectError::MisplacedFullWildcard {
                subject: pattern.to_string(),
            });
        }
        if token.len() > 1 && (token.contains('*') || token.contains('>')) {
            return Err(SubjectError::PartialWildcard {
                subject: pattern.to_string(),
            });
        }
    }
    Ok(())
}

/// Whether the concrete `subject` is matched by `pattern`.
pub fn matches(pattern: &str, subject: &str) -> bool {
    let mut p = pattern.split('.');
    let mut s = subject.split('.');
    loop {
        match (p.next(), s.next()) {
            (Some(">"), Some(_)) => return true,
            (Some("*"), Some(_)) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// Whether some concrete subject is matched by both patterns.
pub fn overlaps(a: &str, b: &str) -> bool {
    let mut x = a.split('.');
    let mut y = b.split('.');
    loop {
        match (x.next(), y.next()) {
            (Some(">"), Some(_)) | (Some(_), Some(">")) => return true,
            (Some("*"), Some(_)) | (Some(_), Some("*")) => {}
            (Some(p), Some(q)) if p == q => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// Whether every subject matched by `inner` is also matched by `outer`.
pub fn is_subset(inner: &str, outer: &str) -> bool {
    let mut i = inner.split('.');
    let mut o = outer.split('.');
    loop {
        match (i.next(), o.next()) {
            (Some(_), Some(">")) => return true,
            (Some(">"), Some(_)) => return false,
            (Some(_), Some("*")) => {}
            (Some("*"), Some(_)) => return false,
            (Some(p), Some(q)) if p == q => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_subject_refuses_wildcards_empty_tokens_and_spaces() {
        assert!(validate_publish_subject("market.tick.NSE.RELIANCE").is_ok());
        assert!(matches!(
            validate_publish_subject("trading.order.>"),
            Err(SubjectError::Wildcard { .. })
        ));
        assert!(matches!(
            validate_publish_subject("market.*.NSE"),
            Err(SubjectError::Wildcard { .. })
        ));
        assert!(matches!(
            validate_publish_subject("market..tick"),
            Err(SubjectError::EmptyToken { .. })
        ));
        assert!(matches!(
            validate_publish_subject(".market"),
            Err(SubjectError::EmptyToken { .. })
        ));
        assert!(matches!(
            validate_publish_subject("market tick"),
            Err(SubjectError::Whitespace { .. })
        ));
        assert_eq!(validate_publish_subject(""), Err(SubjectError::Empty));
    }

    #[test]
    fn patterns_put_full_wildcard_last_only() {
        assert!(validate_pattern("market.>").is_ok());
        assert!(validate_pattern("market.*.NSE").is_ok());
        assert!(validate_pattern("market.>.NSE").is_err());
        assert!(validate_pattern("market.ti*").is_err());
    }

    #[test]
    fn matching_follows_nats_rules() {
        assert!(matches("market.>", "market.tick.NSE.X"));
        assert!(!matches("market.>", "market"));
        assert!(matches("market.*.NSE", "market.tick.NSE"));
        assert!(!matches("market.*.NSE", "market.tick.BSE"));
        assert!(!matches("market.*", "market.tick.NSE"));
        assert!(matches("a.b", "a.b"));
    }

    #[test]
    fn overlap_sees_through_wildcards() {
        assert!(overlaps("market.>", "market.tick.*"));
        assert!(overlaps("market.*.NSE", "market.tick.*"));
        assert!(!overlaps("market.*", "market.tick.NSE"));
        assert!(!overlaps("market.>", "trading.>"));
        assert!(overlaps(">", "anything"));
        assert!(!overlaps("a.b", "a.b.c"));
    }

    #[test]
    fn subset_is_strict_about_wildcards() {
        assert!(is_subset("market.tick.*", "market.>"));
        assert!(is_subset("market.tick.NSE", "market.*.NSE"));
        assert!(!is_subset("market.>", "market.tick.>"));
        assert!(!is_subset("market.*", "market.tick"));
        assert!(is_subset("market.>", "market.>"));
        assert!(!is_subset("trading.order.>", "trading.order.*"));
    }
}
