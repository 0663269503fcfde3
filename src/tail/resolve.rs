//! Pure planning for `tail`: which part of a stream a subject pattern selects.
//!
//! A consumer's filter must lie inside its stream's subjects, while the user may ask for a
//! wider pattern (`market.>` on a stream capturing `market.tick.>`) or a crossing one. The
//! filter is therefore the intersection of the pattern with each stream subject, and the
//! caller is told whether the stream covers the whole pattern (if not, some matching
//! messages are never stored and tail says so).

use crate::subject::is_subset;

/// The subjects matched by both patterns, as one pattern; `None` when they are disjoint.
pub fn intersection(a: &str, b: &str) -> Option<String> {
    let x: Vec<&str> = a.split('.').collect();
    let y: Vec<&str> = b.split('.').collect();
    let mut out: Vec<&str> = Vec::with_capacity(x.len().max(y.len()));
    let mut i = 0;
    loop {
        match (x.get(i), y.get(i)) {
            (Some(&">"), Some(_)) => {
                out.extend_from_slice(&y[i..]);
                break;
            }
            (Some(_), Some(&">")) => {
                out.extend_from_slice(&x[i..]);
                break;
            }
            (Some(&"*"), Some(t)) | (Some(t), Some(&"*")) => out.push(t),
            (Some(p), Some(q)) if p == q => out.push(p),
            (None, None) => break,
            _ => return None,
        }
        i += 1;
    }
    Some(out.join("."))
}

/// How a stream with `stream_subjects` is read for `pattern`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterPlan {
    /// Consumer filter subjects (one or more); empty when the pattern selects nothing stored.
    pub filters: Vec<String>,
    /// Every subject matching the pattern is captured by the stream.
    pub covers: bool,
}

pub fn plan_filter(pattern: &str, stream_subjects: &[String]) -> FilterPlan {
    let covers = stream_subjects.iter().any(|s| is_subset(pattern, s));
    if covers {
        return FilterPlan {
            filters: vec![pattern.to_string()],
            covers,
        };
    }
    let mut filters: Vec<String> = Vec::new();
    for s in stream_subjects {
        if let Some(i) = intersection(pattern, s) {
            if !filters.iter().any(|f| is_subset(&i, f)) {
                filters.retain(|f| !is_subset(f, &i));
                filters.push(i);
            }
        }
    }
    FilterPlan { filters, covers }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersection_of_patterns() {
        assert_eq!(
            intersection("market.>", "market.tick.>").as_deref(),
            Some("market.tick.>")
        );
        assert_eq!(
            intersection("market.*.NSE", "market.tick.*").as_deref(),
            Some("market.tick.NSE")
        );
        assert_eq!(intersection("a.b", "a.c"), None);
        assert_eq!(intersection("a.*", "a.b.c"), None);
        assert_eq!(intersection(">", "a.b").as_deref(), Some("a.b"));
        assert_eq!(intersection("a.>", "a").as_deref(), None);
    }

    #[test]
    fn a_covered_pattern_is_its_own_filter() {
        let p = plan_filter("trading.order.>", &["trading.>".to_string()]);
        assert_eq!(p.filters, vec!["trading.order.>"]);
        assert!(p.covers);
    }

    #[test]
    fn a_wider_pattern_is_narrowed_to_what_the_stream_holds() {
        let p = plan_filter(
            "market.>",
            &[
                "market.tick.>".to_string(),
                "market.bar.*".to_string(),
                "other".to_string(),
            ],
        );
        assert_eq!(p.filters, vec!["market.tick.>", "market.bar.*"]);
        assert!(!p.covers);
    }
}
