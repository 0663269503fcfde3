//! Schema violations as people read them: the JSON path and the rule broken, all of them.

use std::fmt;

use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;

/// One broken rule at one place in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the offending value (`/quantity`, `/depth/buy/0/price`); `""` is the
    /// body itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Every violation found in one body (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Violation {
            path: path.into(),
            message: message.into(),
        });
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// Turn a jsonschema error into violations; unknown and missing fields are reported at the
/// field's own path (`/quantiy: unknown field (did you mean quantity?)`), which is where a
/// person looks, rather than at the enclosing object.
pub(crate) fn push_error(out: &mut Violations, e: &ValidationError<'_>, known_fields: &[String]) {
    let at = e.instance_path().as_str();
    match e.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                let mut msg = String::from("unknown field");
                if at.is_empty() {
                    if let Some(s) = closest(name, known_fields.iter().map(String::as_str)) {
                        msg.push_str(&format!(" (did you mean {s}?)"));
                    }
                }
                out.push(format!("{at}/{}", escape_pointer(name)), msg);
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string);
            out.push(
                format!("{at}/{}", escape_pointer(&name)),
                "required field is missing",
            );
        }
        _ => out.push(at, e.to_string()),
    }
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Levenshtein distance, for "did you mean" hints (inputs are short names).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Candidates close to `name` (case-insensitive), best first.
pub(crate) fn close_matches<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let upper = name.to_ascii_uppercase();
    let limit = (name.len() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let cu = c.to_ascii_uppercase();
            let d = distance(&upper, &cu);
            let related =
                d <= limit || (upper.len() >= 4 && (cu.contains(&upper) || upper.contains(&cu)));
            related.then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, c)| c.to_string()).collect()
}

fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    close_matches(name, candidates).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("ORDER_FILED", "ORDER_FILLED"), 1);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn close_matches_rank_typos_first() {
        let known = [
            "ORDER_FILLED",
            "ORDER_PLACED",
            "MARKET_TICK",
            "MARKET_TICK_V2",
        ];
        assert_eq!(
            close_matches("order_filed", known.iter().copied())[0],
            "ORDER_FILLED"
        );
        let tick = close_matches("MARKET_TIK", known.iter().copied());
        assert_eq!(tick[0], "MARKET_TICK");
        assert!(close_matches("HEARTBEAT", known.iter().copied()).is_empty());
    }

    #[test]
    fn violations_display_path_and_rule() {
        let mut v = Violations::default();
        v.push("/quantity", "-5 is less than the minimum of 1");
        v.push("", "oops");
        assert_eq!(
            v.to_string(),
            "/quantity: -5 is less than the minimum of 1; /: oops"
        );
    }
}
