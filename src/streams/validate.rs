//! Offline validation: everything that can be known wrong without a server, all at once, each
//! problem with its file and line.

use std::collections::HashMap;
use std::path::Path;

use super::errors::{Invalid, Issue};
use super::spec::{AckPolicy, Retention, Spec, StreamSpec};
use crate::dlq::naming::{
    advisory_stream_name, dead_letter_subject as dlq_subject, parked_subject,
};
use crate::subject;

fn issue(file: &Path, line: u32, message: impl Into<String>) -> Issue {
    Issue {
        file: file.to_path_buf(),
        line,
        message: message.into(),
    }
}

fn at(file: &Path, line: u32) -> String {
    format!("{}:{line}", file.display())
}

/// Stream and consumer names: what JetStream accepts and what is safe inside a subject.
fn check_name(kind: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return Some(format!("{kind} name is empty"));
    }
    if name.len() > 255 {
        return Some(format!(
            "{kind} name '{name}' is longer than 255 characters"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '.' | '*' | '>' | '/' | '\\'))
    {
        return Some(format!(
            "{kind} name '{name}' contains '{}': names may not contain whitespace, '.', '*', '>', '/' or '\\'",
            c.escape_default()
        ));
    }
    None
}

/// The subjects a stream captures: its declared list, or its name when none is declared (what
/// the server does).
pub fn effective_subjects(s: &StreamSpec) -> Vec<(String, u32)> {
    match &s.subjects {
        Some(list) if !list.is_empty() => list
            .iter()
            .map(|l| (l.value.clone(), l.line.max(s.name.line)))
            .collect(),
        _ => vec![(s.name().to_string(), s.name.line)],
    }
}

/// All problems in the spec, in file order. Empty means valid.
pub fn check(spec: &Spec) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, &StreamSpec> = HashMap::new();
    let dlq_targets: Vec<&str> = spec
        .streams
        .iter()
        .flat_map(|s| s.consumers.iter())
        .filter_map(|c| c.dlq.as_ref().map(|d| d.stream.value.as_str()))
        .collect();

    for s in &spec.streams {
        let f = s.file.as_path();
        let line = s.name.line;
        if let Some(m) = check_name("stream", s.name()) {
            out.push(issue(f, line, m));
        }
        if let Some(prev) = seen.insert(s.name(), s) {
            out.push(issue(
                f,
                line,
                format!(
                    "stream {} is declared twice (first at {})",
                    s.name(),
                    at(&prev.file, prev.name.line)
                ),
            ));
        }
        if let Some(base) = dlq_targets
            .iter()
            .find(|d| advisory_stream_name(d) == s.name())
        {
            {
                out.push(issue(f, line, format!(
                    "stream name {} is reserved: evt generates it to capture max-delivery advisories for DLQ stream {base}",
                    s.name()
                )));
            }
        }
        check_metadata(
            &mut out,
            f,
            line,
            &format!("stream {}", s.name()),
            s.metadata.as_ref(),
        );
        let mut subjects_seen: Vec<&str> = Vec::new();
        for subj in s.subjects.iter().flatten() {
            if let Err(e) = subject::validate_pattern(&subj.value) {
                out.push(issue(f, subj.line, format!("stream {}: {e}", s.name())));
            } else if subjects_seen.contains(&subj.value.as_str()) {
                out.push(issue(
                    f,
                    subj.line,
                    format!(
                        "stream {}: subject '{}' is listed twice",
                        s.name(),
                        subj.value
                    ),
                ));
            }
            subjects_seen.push(&subj.value);
        }
        if let (Some(dw), Some(age)) = (s.duplicate_window, s.max_age) {
            if !age.0.is_zero() && dw.0 > age.0 {
                out.push(issue(f, line, format!(
                    "stream {}: duplicate_window {dw} is longer than max_age {age}; the server refuses this (make duplicate_window <= max_age)",
                    s.name()
                )));
            }
        }
        if let Some(r) = s.num_replicas {
            if !(1..=5).contains(&r) {
                out.push(issue(
                    f,
                    line,
                    format!("stream {}: num_replicas must be 1 to 5, not {r}", s.name()),
                ));
            }
        }
        check_consumers(&mut out, spec, s);
    }
    check_overlaps(&mut out, spec);
    check_monitors(spec, &mut out);
    out
}

fn check_metadata(
    out: &mut Vec<Issue>,
    f: &Path,
    line: u32,
    what: &str,
    md: Option<&std::collections::BTreeMap<String, String>>,
) {
    for k in md.into_iter().flat_map(|m| m.keys()) {
        if k.starts_with("evt.") || k.starts_with("_nats.") {
            out.push(issue(
                f,
                line,
                format!("{what}: metadata key '{k}' is reserved (evt.* is set by evt, _nats.* by the server)"),
            ));
        }
    }
}

fn check_consumers(out: &mut Vec<Issue>, spec: &Spec, s: &StreamSpec) {
    let f = s.file.as_path();
    let stream_subjects = effective_subjects(s);
    let mut names: HashMap<&str, u32> = HashMap::new();
    // (consumer, filter, line) for the WorkQueue overlap check; None filter = everything.
    let mut wq_filters: Vec<(&str, Option<&str>, u32)> = Vec::new();
    for c in &s.consumers {
        let line = c.durable_name.line;
        let who = format!("consumer {}/{}", s.name(), c.name());
        if let Some(m) = check_name("consumer", c.name()) {
            out.push(issue(f, line, format!("stream {}: {m}", s.name())));
        }
        if let Some(prev) = names.insert(c.name(), line) {
            out.push(issue(
                f,
                line,
                format!("{who} is declared twice (first at line {prev})"),
            ));
        }
        check_metadata(out, f, line, &who, c.metadata.as_ref());
        if c.filter_subject.is_some() && c.filter_subjects.is_some() {
            out.push(issue(
                f,
                line,
                format!("{who}: declare filter_subject or filter_subjects, not both"),
            ));
        }
        let filters = c.filters();
        for (i, flt) in filters.iter().enumerate() {
            let fl = flt.line.max(line);
            if let Err(e) = subject::validate_pattern(&flt.value) {
                out.push(issue(f, fl, format!("{who}: filter {e}")));
                continue;
            }
            if !stream_subjects
                .iter()
                .any(|(ss, _)| subject::overlaps(&flt.value, ss))
            {
                let list: Vec<&str> = stream_subjects.iter().map(|(s, _)| s.as_str()).collect();
                out.push(issue(f, fl, format!(
                    "{who}: filter '{}' is outside the stream's subjects [{}]; it would never receive a message",
                    flt.value,
                    list.join(", ")
                )));
            }
            for other in &filters[..i] {
                if subject::overlaps(&flt.value, &other.value) {
                    out.push(issue(
                        f,
                        fl,
                        format!(
                            "{who}: filters '{}' and '{}' overlap; the server refuses overlapping filters",
                            other.value, flt.value
                        ),
                    ));
                }
            }
        }
        if s.retention == Some(Retention::Workqueue) {
            if filters.is_empty() {
                wq_filters.push((c.name(), None, line));
            }
            for flt in &filters {
                wq_filters.push((c.name(), Some(&flt.value), flt.line.max(line)));
            }
        }
        let bounded = c.max_deliver.filter(|m| *m > 0);
        for p in crate::consumer::check(c) {
            out.push(issue(f, line, format!("{who}: {}", p.message)));
        }
        if let Some(d) = &c.dlq {
            let dl = d.stream.line.max(line);
            if bounded.is_none() {
                out.push(issue(f, dl, format!(
                    "{who}: has a dlq but max_deliver is unbounded; messages would be redelivered forever and never reach {} (set max_deliver)",
                    d.stream.value
                )));
            }
            if c.ack_policy == Some(AckPolicy::None) {
                out.push(issue(f, dl, format!(
                    "{who}: has a dlq but ack_policy is none; nothing is ever redelivered or dead-lettered"
                )));
            }
            let subject = d
                .subject
                .clone()
                .unwrap_or_else(|| dlq_subject(s.name(), c.name()));
            if let Err(e) = subject::validate_publish_subject(&subject) {
                out.push(issue(f, dl, format!("{who}: dlq subject: {e}")));
            }
            // The subscriber manager and the max-deliveries mover write dead letters to the
            // default subject; accepting another here would declare a route nothing follows.
            let default_subject = dlq_subject(s.name(), c.name());
            if subject != default_subject {
                out.push(issue(f, dl, format!(
                    "{who}: dlq subject '{subject}' is not supported: dead letters always go to '{default_subject}' (remove dlq.subject)"
                )));
            }
            match spec.stream(&d.stream.value) {
                None => out.push(issue(f, dl, format!(
                    "{who}: dlq stream {} is not declared in the spec",
                    d.stream.value
                ))),
                Some(target) if target.name() == s.name() => out.push(issue(f, dl, format!(
                    "{who}: dlq stream is the consumer's own stream; dead letters would be delivered again"
                ))),
                Some(target) => {
                    let inside = effective_subjects(target)
                        .iter()
                        .any(|(p, _)| subject::matches(p, &subject));
                    if !inside {
                        out.push(issue(f, dl, format!(
                            "{who}: dlq subject '{subject}' is not captured by DLQ stream {} (subjects [{}]); add e.g. 'dlq.>' to it",
                            target.name(),
                            target.subject_list().join(", ")
                        )));
                    }
                    // The parking lot is part of the wiring: it must land in the DLQ too.
                    let parked = parked_subject(s.name(), c.name());
                    let parked_inside = effective_subjects(target)
                        .iter()
                        .any(|(p, _)| subject::matches(p, &parked));
                    if inside && !parked_inside {
                        out.push(issue(f, dl, format!(
                            "{who}: parking-lot subject '{parked}' is not captured by DLQ stream {} (subjects [{}]); add e.g. 'dlq.>' to it",
                            target.name(),
                            target.subject_list().join(", ")
                        )));
                    }
                }
            }
            if advisory_stream_name(&d.stream.value).len() > 255 {
                out.push(issue(f, dl, format!("{who}: dlq stream name is too long")));
            }
        }
    }
    for (i, (c1, f1, l1)) in wq_filters.iter().enumerate() {
        for (c2, f2, _) in &wq_filters[..i] {
            if c1 == c2 {
                continue;
            }
            let clash = match (f1, f2) {
                (Some(a), Some(b)) => subject::overlaps(a, b),
                _ => true,
            };
            if clash {
                out.push(issue(f, *l1, format!(
                    "stream {} is a WorkQueue: consumers {c2} and {c1} have overlapping filters ({} vs {}); each message may go to only one consumer",
                    s.name(),
                    f2.unwrap_or("everything"),
                    f1.unwrap_or("everything")
                )));
            }
        }
    }
}

fn check_overlaps(out: &mut Vec<Issue>, spec: &Spec) {
    let all: Vec<(&StreamSpec, Vec<(String, u32)>)> = spec
        .streams
        .iter()
        .map(|s| (s, effective_subjects(s)))
        .collect();
    for (i, (s, subs)) in all.iter().enumerate() {
        for (o, osubs) in &all[..i] {
            if o.name() == s.name() {
                continue;
            }
            for (a, line) in subs {
                for (b, oline) in osubs {
                    if subject::validate_pattern(a).is_err()
                        || subject::validate_pattern(b).is_err()
                    {
                        continue;
                    }
                    if subject::overlaps(a, b) {
                        let dlq_note = if is_dlq_of(spec, s.name(), o.name())
                            || is_dlq_of(spec, o.name(), s.name())
                        {
                            " (a DLQ stream must not capture its source's subjects: dead letters would flow back)"
                        } else {
                            ""
                        };
                        out.push(issue(&s.file, *line, format!(
                            "stream {}: subject '{a}' overlaps '{b}' of stream {} ({}){dlq_note}; a message may be stored by only one stream",
                            s.name(),
                            o.name(),
                            at(&o.file, *oline)
                        )));
                    }
                }
            }
        }
    }
}

/// `monitor:` blocks: fields of the right scope, warnings below criticals.
fn check_monitors(spec: &Spec, out: &mut Vec<Issue>) {
    use crate::monitor::thresholds::{problems, Scope};
    for s in &spec.streams {
        if let Some(m) = &s.monitor {
            for p in problems(&m.value, Scope::Stream) {
                out.push(issue(&s.file, m.line, format!("stream {}: {p}", s.name())));
            }
        }
        for c in &s.consumers {
            if let Some(m) = &c.monitor {
                for p in problems(&m.value, Scope::Consumer) {
                    out.push(issue(
                        &s.file,
                        m.line,
                        format!("consumer {}/{}: {p}", s.name(), c.name()),
                    ));
                }
            }
        }
    }
}

fn is_dlq_of(spec: &Spec, dlq: &str, source: &str) -> bool {
    spec.stream(source).is_some_and(|s| {
        s.consumers
            .iter()
            .any(|c| c.dlq.as_ref().is_some_and(|d| d.stream.value == dlq))
    })
}

/// [`check`] as a `Result`.
pub fn validate(spec: &Spec) -> Result<(), Invalid> {
    let issues = check(spec);
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Invalid(issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::spec::parse_str;

    fn spec(text: &str) -> Spec {
        Spec {
            streams: parse_str(Path::new("s.yaml"), text, &|_| None)
                .unwrap()
                .streams,
            files: vec![],
        }
    }

    fn messages(text: &str) -> Vec<String> {
        check(&spec(text)).iter().map(|i| i.to_string()).collect()
    }

    #[test]
    fn overlapping_subjects_across_streams_with_wildcards() {
        let m = messages(
            "streams:\n  - name: A\n    subjects: [market.>]\n  - name: B\n    subjects:\n      - x.y\n      - market.tick.*\n",
        );
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("s.yaml:7: stream B: subject 'market.tick.*' overlaps 'market.>' of stream A (s.yaml:3)"), "{m:?}");
    }

    #[test]
    fn reports_every_problem_at_once() {
        let m = messages(concat!(
            "streams:\n",
            "  - name: W\n", // 2
            "    subjects: [w.>]\n",
            "    retention: workqueue\n",
            "    max_age: 1m\n",
            "    duplicate_window: 2m\n", // dup > age
            "    consumers:\n",
            "      - durable_name: a\n", // 8
            "        filter_subject: w.a.>\n",
            "      - durable_name: b\n",         // 10
            "        filter_subject: w.*.x\n",   // overlaps a on WQ
            "      - durable_name: c\n",         // 12
            "        filter_subject: other.>\n", // outside
            "      - durable_name: d\n",         // 14
            "        filter_subject: w.d\n",
            "        max_deliver: 2\n",
            "        backoff: [1s, 2s]\n",   // backoff >= max_deliver
            "        dlq: {stream: NOPE}\n", // undeclared dlq
            "      - durable_name: e\n",     // 19
            "        filter_subject: w.e\n",
            "        dlq: {stream: W2}\n", // unbounded max_deliver; subject outside
            "  - name: W2\n",
            "    subjects: [w2.>]\n",
        ));
        let joined = m.join("\n");
        assert!(
            joined.contains("s.yaml:2: stream W: duplicate_window 2m is longer than max_age 1m"),
            "{joined}"
        );
        assert!(
            joined.contains(
                "s.yaml:11: stream W is a WorkQueue: consumers a and b have overlapping filters"
            ),
            "{joined}"
        );
        assert!(
            joined.contains("s.yaml:13: consumer W/c: filter 'other.>' is outside"),
            "{joined}"
        );
        assert!(
            joined.contains("s.yaml:14: consumer W/d: backoff has 2 steps but max_deliver is 2"),
            "{joined}"
        );
        assert!(
            joined.contains("s.yaml:18: consumer W/d: dlq stream NOPE is not declared"),
            "{joined}"
        );
        assert!(
            joined.contains("s.yaml:21: consumer W/e: has a dlq but max_deliver is unbounded"),
            "{joined}"
        );
        assert!(
            joined.contains("consumer W/e: dlq subject 'dlq.W.e' is not captured by DLQ stream W2"),
            "{joined}"
        );
        assert_eq!(m.len(), 7, "{joined}");
    }

    #[test]
    fn dlq_stream_overlapping_its_source_is_called_out() {
        let m = messages(
            "streams:\n  - name: S\n    subjects: [s.>]\n    consumers:\n      - durable_name: c\n        max_deliver: 3\n        dlq: {stream: D, subject: s.dead}\n  - name: D\n    subjects: [s.dead]\n",
        );
        assert!(
            m.iter()
                .any(|x| x.contains("a DLQ stream must not capture its source")),
            "{m:?}"
        );
        // Dead letters are always written to dlq.<STREAM>.<CONSUMER>; another subject is refused.
        assert!(
            m.iter()
                .any(|x| x.contains("dlq subject 's.dead' is not supported")),
            "{m:?}"
        );
    }

    #[test]
    fn names_and_duplicates_and_reserved_metadata() {
        let m = messages(
            "streams:\n  - name: a.b\n  - name: X\n    subjects: [x]\n    metadata: {evt.managed-by: me}\n  - name: X\n    subjects: [y]\n",
        );
        let joined = m.join("\n");
        assert!(
            joined.contains("s.yaml:2: stream name 'a.b' contains '.'"),
            "{joined}"
        );
        assert!(
            joined.contains("s.yaml:6: stream X is declared twice (first at s.yaml:3)"),
            "{joined}"
        );
        assert!(
            joined.contains("metadata key 'evt.managed-by' is reserved"),
            "{joined}"
        );
    }

    #[test]
    fn start_options_need_their_policy_and_the_policy_its_start() {
        let m = messages(concat!(
            "streams:\n",
            "  - name: S\n",
            "    subjects: [s.>]\n",
            "    consumers:\n",
            "      - durable_name: a\n", // 5
            "        deliver_policy: by_start_time\n",
            "      - durable_name: b\n", // 7
            "        opt_start_time: 2026-01-31T09:00:00Z\n",
            "      - durable_name: c\n", // 9
            "        deliver_policy: by_start_sequence\n",
        ));
        let joined = m.join("\n");
        assert!(
            joined.contains(
                "s.yaml:5: consumer S/a: deliver_policy by_start_time needs opt_start_time"
            ),
            "{joined}"
        );
        assert!(
            joined.contains("s.yaml:7: consumer S/b: opt_start_time 2026-01-31T09:00:00Z needs deliver_policy: by_start_time"),
            "{joined}"
        );
        assert!(
            joined.contains(
                "s.yaml:9: consumer S/c: deliver_policy by_start_sequence needs opt_start_seq"
            ),
            "{joined}"
        );
        assert_eq!(m.len(), 3, "{joined}");
    }

    #[test]
    fn a_valid_topology_passes() {
        let s = spec(
            "streams:\n  - name: S\n    subjects: [s.>]\n    consumers:\n      - durable_name: c\n        max_deliver: 3\n        backoff: [1s, 5s]\n        dlq: {stream: D}\n  - name: D\n    subjects: [dlq.>]\n",
        );
        assert_eq!(check(&s), vec![]);
    }
}
