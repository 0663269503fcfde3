//! One consumer model for the whole crate: the description of a durable consumer, the rules it
//! must follow, how it maps to and from the server's config, and the one comparison that
//! decides whether a consumer on the server matches a description.
//!
//! The description is the spec's [`ConsumerSpec`]: every field is an `Option`, and `Some` means
//! "declared" (in YAML, or by an explicit builder call or CLI flag); `None` means "not managed
//! here". `streams plan` compares a file's consumers with [`diff`]; the subscriber binds a
//! handler with the same [`diff`], after filling what the handler did not set from the
//! server, so a handler that restates nothing always binds to what `streams apply` created,
//! and one that restates a value must agree with the server.
//!
//! # backoff and ack_wait: one rule
//! `backoff` is sent to the server exactly as declared (the YAML stays the one truth), and the
//! server then uses `backoff[0]` as the ack wait of the first delivery. So when both are
//! declared they must be equal ([`check`]), and a new durable without a declared `ack_wait`
//! gets `backoff[0]`. A handler that runs longer than a short first step is not protected by
//! stretching the backoff (what the subscriber used to do, so its consumers never matched the
//! spec) but by telling the server it is still working: the subscriber sends in-progress acks
//! while a handler runs, up to the longest step (or `ack_wait` without backoff). A handler that
//! hangs beyond that is redelivered, and after `max_deliver` reaches the DLQ.

mod convert;

use std::time::Duration;

use async_nats::jetstream::consumer;
use serde_json::Value;

use crate::dlq::naming::dead_letter_subject;
use crate::streams::normalize::{sort_located, strip_reserved, unlimited_i64};
use crate::streams::plan::{diff_fields, json_map, Change, Class};
use crate::streams::spec::{AckPolicy, ConsumerSpec, DeliverPolicy, Located};
use crate::streams::units::Dur;

pub use convert::{from_live, to_config, to_managed_config};

/// What a durable gets when a handler creates it and neither it nor a spec said otherwise.
/// Existing durables never get these: their settings come from the server.
pub mod defaults {
    use std::time::Duration;

    /// Deliveries, the first included.
    pub const MAX_DELIVER: i64 = 5;
    /// Delays between deliveries (cut to `max_deliver - 1` steps).
    pub const BACKOFF: [Duration; 3] = [
        Duration::from_secs(1),
        Duration::from_secs(5),
        Duration::from_secs(30),
    ];
    /// The ack wait when there is no backoff.
    pub const ACK_WAIT: Duration = Duration::from_secs(30);
}

/// The consumer's name, whichever field the server filled.
pub fn name_of(c: &consumer::Config) -> &str {
    c.durable_name
        .as_deref()
        .or(c.name.as_deref())
        .unwrap_or("")
}

/// Canonical form: filters merged into one sorted `filter_subjects` list, "unlimited" as -1,
/// reserved metadata removed.
pub fn normalize(c: &mut ConsumerSpec) {
    if c.filter_subject.is_some() || c.filter_subjects.is_some() {
        let mut all: Vec<Located<String>> = c.filter_subject.take().into_iter().collect();
        all.extend(c.filter_subjects.take().unwrap_or_default());
        let mut v = Some(all);
        sort_located(&mut v);
        c.filter_subjects = v;
    }
    unlimited_i64(&mut c.max_deliver);
    strip_reserved(&mut c.metadata);
    crate::streams::normalize::monitor_metadata(
        &mut c.monitor,
        &mut c.metadata,
        crate::monitor::thresholds::Scope::Consumer,
    );
}

/// Fill the default DLQ subject so that a declared `dlq: {stream: D}` compares equal to the
/// live metadata, which always records the subject.
pub fn resolve_dlq_subject(stream: &str, c: &mut ConsumerSpec) {
    if let Some(d) = &mut c.dlq {
        if d.subject.is_none() {
            d.subject = Some(dead_letter_subject(stream, c.durable_name.value.as_str()));
        }
    }
}

/// A declaration of a consumer of `stream`, ready for [`diff`] and [`to_config`].
pub fn declared(stream: &str, spec: &ConsumerSpec) -> ConsumerSpec {
    let mut c = spec.clone();
    normalize(&mut c);
    resolve_dlq_subject(stream, &mut c);
    c
}

/// One broken rule of a declaration: the field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

/// The rules a declaration must follow whoever wrote it (YAML or a handler): the backoff and
/// ack_wait rule, the backoff length against max_deliver, and the start options against the
/// deliver policy. Every problem, in field order.
pub fn check(c: &ConsumerSpec) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut bad = |field, message: String| out.push(Problem { field, message });
    let bounded = c.max_deliver.filter(|m| *m > 0);
    if let Some(b) = &c.backoff {
        if let Some(m) = bounded {
            if b.len() as i64 >= m {
                bad("backoff", format!(
                    "backoff has {} steps but max_deliver is {m}; max_deliver must be larger than the number of backoff steps",
                    b.len()
                ));
            }
        }
        if b.iter().any(|d| d.0.is_zero()) {
            bad("backoff", "backoff steps must be longer than 0".into());
        }
        if let (Some(first), Some(aw)) = (b.first(), c.ack_wait) {
            if *first != aw {
                bad("ack_wait", format!(
                    "with backoff the server uses the first backoff step ({first}) as ack_wait, but ack_wait is {aw}; drop ack_wait or make them equal"
                ));
            }
        }
    }
    match (c.deliver_policy, c.opt_start_time) {
        (Some(DeliverPolicy::ByStartTime), None) => bad(
            "opt_start_time",
            "deliver_policy by_start_time needs opt_start_time (an RFC 3339 time)".into(),
        ),
        (p, Some(t)) if p != Some(DeliverPolicy::ByStartTime) => bad(
            "opt_start_time",
            format!("opt_start_time {t} needs deliver_policy: by_start_time"),
        ),
        _ => {}
    }
    match (c.deliver_policy, c.opt_start_seq) {
        (Some(DeliverPolicy::ByStartSequence), None) => bad(
            "opt_start_seq",
            "deliver_policy by_start_sequence needs opt_start_seq".into(),
        ),
        (p, Some(o)) if p != Some(DeliverPolicy::ByStartSequence) => bad(
            "opt_start_seq",
            format!("opt_start_seq {o} needs deliver_policy: by_start_sequence"),
        ),
        _ => {}
    }
    out
}

/// The settings a handler creating a new durable adds to what it declared: explicit acks,
/// [`defaults`] for max_deliver and backoff, and `ack_wait` = `backoff[0]` (the server's rule).
pub fn with_new_defaults(mut s: ConsumerSpec) -> ConsumerSpec {
    s.ack_policy.get_or_insert(AckPolicy::Explicit);
    let max_deliver = *s.max_deliver.get_or_insert(defaults::MAX_DELIVER);
    if s.backoff.is_none() && s.ack_wait.is_none() {
        let steps = if max_deliver > 0 {
            (max_deliver - 1) as usize
        } else {
            defaults::BACKOFF.len()
        };
        s.backoff = Some(
            defaults::BACKOFF
                .iter()
                .take(steps)
                .map(|d| Dur(*d))
                .collect(),
        );
    }
    if s.ack_wait.is_none() {
        let first = s.backoff.as_ref().and_then(|b| b.first().copied());
        s.ack_wait = Some(first.unwrap_or(Dur(defaults::ACK_WAIT)));
    }
    s
}

/// How a change to one consumer field can be made.
pub fn classify(field: &str) -> (Class, Option<String>) {
    match field {
        "deliver_policy" | "opt_start_seq" | "opt_start_time" | "ack_policy" | "replay_policy"
        | "max_waiting" | "mem_storage" => (
            Class::Recreate,
            Some(format!("{field} cannot change on an existing consumer")),
        ),
        _ => (Class::InPlace, None),
    }
}

/// THE comparison: every declared field of `declared` (from [`declared`]) whose value differs
/// on the live consumer, classified. The `dlq` wiring is always compared (absent means "no
/// wiring"), and a push consumer never matches. Empty means the live consumer is as declared.
pub fn diff(declared: &ConsumerSpec, live: &consumer::Config) -> Vec<Change> {
    let dmap = json_map(declared);
    let lmap = json_map(&from_live(live));
    let mut ch = diff_fields(&dmap, &lmap, &["durable_name", "dlq"], |field, _, _| {
        classify(field)
    });
    if dmap.get("dlq") != lmap.get("dlq") {
        ch.push(Change {
            field: "dlq".into(),
            from: lmap.get("dlq").cloned(),
            to: dmap.get("dlq").cloned(),
            class: Class::InPlace,
            note: None,
        });
    }
    if live
        .deliver_subject
        .as_deref()
        .is_some_and(|s| !s.is_empty())
    {
        ch.push(Change {
            field: "deliver_subject".into(),
            from: live.deliver_subject.clone().map(Value::String),
            to: None,
            class: Class::Recreate,
            note: Some("a push consumer cannot become a pull consumer in place".into()),
        });
    }
    ch
}

/// The delay before delivery `delivered + 1` under `backoff` (the last step repeats); `None`
/// without backoff.
pub fn backoff_step(backoff: &[Duration], delivered: u64) -> Option<Duration> {
    let last = backoff.len().checked_sub(1)?;
    let i = (delivered.saturating_sub(1) as usize).min(last);
    Some(backoff[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::spec::DlqSpec;
    use crate::streams::units::StartTime;

    fn spec(f: impl FnOnce(&mut ConsumerSpec)) -> ConsumerSpec {
        let mut c = ConsumerSpec {
            durable_name: Located::new("c".into()),
            ..Default::default()
        };
        f(&mut c);
        declared("S", &c)
    }

    #[test]
    fn single_filter_and_filter_list_normalize_alike() {
        let a = spec(|c| c.filter_subject = Some(Located::new("x.y".into())));
        let b = spec(|c| c.filter_subjects = Some(vec![Located::new("x.y".into())]));
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
    }

    #[test]
    fn what_was_sent_compares_equal_and_each_difference_is_named() {
        let want = with_new_defaults(spec(|c| {
            c.filter_subjects = Some(vec![
                Located::new("t.order.>".into()),
                Located::new("t.fill.>".into()),
            ]);
            c.max_deliver = Some(4);
            c.dlq = Some(DlqSpec {
                stream: Located::new("DLQ".into()),
                subject: None,
            });
        }));
        // Defaults: backoff cut to max_deliver - 1 steps, ack_wait = backoff[0].
        assert_eq!(
            want.backoff,
            Some(defaults::BACKOFF.iter().map(|d| Dur(*d)).collect())
        );
        assert_eq!(want.ack_wait, Some(Dur(Duration::from_secs(1))));
        let mut live = to_config("S", &want, None);
        assert_eq!(live.filter_subjects.len(), 2);
        assert_eq!(diff(&want, &live), vec![]);
        // Regression: filters stored in another order are not a difference.
        live.filter_subjects.reverse();
        assert_eq!(diff(&want, &live), vec![]);
        live.max_deliver = 9;
        let ch = diff(&want, &live);
        assert_eq!(ch.len(), 1);
        assert_eq!(
            (ch[0].field.as_str(), ch[0].from.clone(), ch[0].to.clone()),
            ("max_deliver", Some(9.into()), Some(4.into()))
        );
        live.deliver_subject = Some("push.here".into());
        assert!(diff(&want, &live)
            .iter()
            .any(|c| c.field == "deliver_subject" && c.class == Class::Recreate));
    }

    #[test]
    fn undeclared_fields_are_not_compared_but_an_empty_backoff_is() {
        let live = to_config(
            "S",
            &with_new_defaults(spec(|c| c.max_deliver = Some(3))),
            None,
        );
        assert_eq!(diff(&spec(|_| {}), &live), vec![]);
        let none = spec(|c| c.backoff = Some(vec![]));
        assert_eq!(diff(&none, &live)[0].field, "backoff");
        let live = to_config("S", &none, None);
        assert_eq!(diff(&none, &live), vec![]);
    }

    #[test]
    fn rules_name_their_field() {
        let fields = |c: ConsumerSpec| -> Vec<&'static str> {
            check(&c).into_iter().map(|p| p.field).collect()
        };
        assert_eq!(
            fields(spec(|c| {
                c.max_deliver = Some(2);
                c.backoff = Some(vec![Dur(Duration::from_secs(1)); 2]);
            })),
            vec!["backoff"]
        );
        assert_eq!(
            fields(spec(|c| {
                c.ack_wait = Some(Dur(Duration::from_secs(30)));
                c.backoff = Some(vec![Dur(Duration::from_secs(1))]);
            })),
            vec!["ack_wait"]
        );
        assert_eq!(
            fields(spec(|c| c.deliver_policy = Some(DeliverPolicy::ByStartTime))),
            vec!["opt_start_time"]
        );
        assert_eq!(
            fields(spec(
                |c| c.opt_start_time = StartTime::parse("2026-01-01T00:00:00Z").ok()
            )),
            vec!["opt_start_time"]
        );
        assert!(fields(with_new_defaults(spec(|_| {}))).is_empty());
    }

    #[test]
    fn start_time_is_sent_as_declared_and_never_as_the_epoch() {
        let t = StartTime::parse("2026-01-31T09:00:00Z").unwrap();
        let with = spec(|c| {
            c.deliver_policy = Some(DeliverPolicy::ByStartTime);
            c.opt_start_time = Some(t);
        });
        let cfg = to_config("S", &with, None);
        assert_eq!(
            cfg.deliver_policy,
            consumer::DeliverPolicy::ByStartTime { start_time: t.0 }
        );
        assert_eq!(diff(&with, &cfg), vec![]);
        let without = spec(|c| c.deliver_policy = Some(DeliverPolicy::ByStartTime));
        assert_eq!(
            to_config("S", &without, None).deliver_policy,
            consumer::DeliverPolicy::All
        );
    }

    #[test]
    fn backoff_steps_repeat_the_last() {
        let b = [Duration::from_secs(1), Duration::from_secs(20)];
        assert_eq!(backoff_step(&b, 1), Some(b[0]));
        assert_eq!(backoff_step(&b, 2), Some(b[1]));
        assert_eq!(backoff_step(&b, 9), Some(b[1]));
        assert_eq!(backoff_step(&[], 1), None);
    }
}
