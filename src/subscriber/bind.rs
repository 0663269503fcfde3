//! Binding a handler to its durable: finding the stream, comparing the declaration with the
//! durable on the server through [`crate::consumer::diff`] (the comparison `streams plan` uses),
//! checking the DLQ wiring, and creating the durable when it does not exist. Nothing is created
//! or changed before every check passed.

use async_nats::jetstream;
use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::context::{ConsumerInfoErrorKind, GetStreamErrorKind};
use async_nats::jetstream::stream::{RetentionPolicy, StorageType};
use tracing::info;

use super::config::{Bound, HandlerConfig};
use super::{BoxError, ConsumerConflict, SubscriberError};
use crate::consumer;
use crate::dlq::naming::{
    advisory_stream_description, advisory_stream_name, dead_letter_subject,
    max_deliveries_advisory_subject,
};
use crate::streams::plan::show;
use crate::streams::{MANAGED_BY, MANAGED_BY_KEY, ROLE_DLQ_ADVISORIES, ROLE_KEY};

/// A failed request about `stream`, keeping its cause.
fn request(what: &'static str, stream: &str) -> impl FnOnce(BoxError) -> SubscriberError {
    let stream = stream.to_string();
    move |source| SubscriberError::Request {
        what,
        stream,
        source,
    }
}

/// Every stream whose subjects overlap `subject` (paged; see `bus::streams_for_subject`).
async fn streams_for_subject(
    js: &jetstream::Context,
    subject: &str,
) -> Result<Vec<String>, SubscriberError> {
    crate::bus::streams_for_subject(js, subject)
        .await
        .map_err(|e| request("looking up streams by subject", subject)(e.into()))
}

pub(super) async fn resolve_stream(
    js: &jetstream::Context,
    cfg: &HandlerConfig,
) -> Result<String, SubscriberError> {
    if let Some(name) = &cfg.stream {
        return match js.get_stream(name).await {
            Ok(_) => Ok(name.clone()),
            Err(e) if is_stream_not_found(&e) => Err(SubscriberError::StreamMissing {
                durable: cfg.durable.clone(),
                stream: name.clone(),
            }),
            Err(e) => Err(request("looking up the stream", name)(e.into())),
        };
    }
    let mut found: Option<String> = None;
    for subject in &cfg.subjects {
        let mut names = streams_for_subject(js, subject).await?;
        let name = match names.len() {
            0 => {
                return Err(SubscriberError::NoStreamForSubject {
                    durable: cfg.durable.clone(),
                    subject: subject.clone(),
                })
            }
            1 => names.remove(0),
            _ => {
                return Err(SubscriberError::AmbiguousStream {
                    durable: cfg.durable.clone(),
                    subject: subject.clone(),
                    streams: names.join(", "),
                })
            }
        };
        match &found {
            Some(f) if *f != name => {
                return Err(SubscriberError::AmbiguousStream {
                    durable: cfg.durable.clone(),
                    subject: cfg.subjects.join(", "),
                    streams: format!("{f}, {name}"),
                })
            }
            _ => found = Some(name),
        }
    }
    found.ok_or_else(|| SubscriberError::NoStreamForSubject {
        durable: cfg.durable.clone(),
        subject: cfg.subjects.join(", "),
    })
}

fn is_stream_not_found(e: &jetstream::context::GetStreamError) -> bool {
    matches!(e.kind(), GetStreamErrorKind::JetStream(j)
        if j.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND)
}

/// Dead letters of `durable` must land in `dlq`; and unless `need_advisories` is false, its
/// MAX_DELIVERIES advisory must be captured by `<DLQ>_ADVISORIES` (created here when `create`).
async fn check_dlq_wiring(
    js: &jetstream::Context,
    durable: &str,
    stream: &str,
    dlq: &str,
    need_advisories: bool,
    create: bool,
) -> Result<(), SubscriberError> {
    let subject = dead_letter_subject(stream, durable);
    let found = streams_for_subject(js, &subject).await?;
    if !found.iter().any(|s| s == dlq) {
        return Err(SubscriberError::DlqNotCaptured {
            durable: durable.to_string(),
            subject,
            dlq_stream: dlq.to_string(),
            found: if found.is_empty() {
                String::new()
            } else {
                format!(" (captured by {})", found.join(", "))
            },
        });
    }
    if need_advisories {
        let adv_subject = max_deliveries_advisory_subject(stream, durable);
        let adv_stream = advisory_stream_name(dlq);
        let found = streams_for_subject(js, &adv_subject).await?;
        if found.contains(&adv_stream) {
            return Ok(());
        }
        if create && found.is_empty() {
            return add_advisory_capture(js, dlq, &adv_subject).await;
        }
        return Err(SubscriberError::AdvisoryNotCaptured {
            durable: durable.to_string(),
            subject: adv_subject,
            dlq_stream: dlq.to_string(),
            advisory_stream: adv_stream,
        });
    }
    Ok(())
}

/// Add `subject` to `<DLQ>_ADVISORIES`, creating the stream as `streams apply` would (same
/// description, retention and storage, so a later plan of a spec declaring it sees nothing to
/// change). `streams apply` keeps such subjects while their consumer exists.
async fn add_advisory_capture(
    js: &jetstream::Context,
    dlq: &str,
    subject: &str,
) -> Result<(), SubscriberError> {
    let name = advisory_stream_name(dlq);
    match js.get_stream(&name).await {
        Ok(mut s) => {
            let info = s
                .info()
                .await
                .map_err(|e| request("reading the advisory stream", &name)(e.into()))?;
            let mut cfg = info.config.clone();
            if !cfg.subjects.iter().any(|x| x == subject) {
                cfg.subjects.push(subject.to_string());
                cfg.subjects.sort();
                js.update_stream(cfg)
                    .await
                    .map_err(|e| request("adding the advisory capture", &name)(e.into()))?;
            }
        }
        Err(e) if is_stream_not_found(&e) => {
            js.create_stream(jetstream::stream::Config {
                name: name.clone(),
                description: Some(advisory_stream_description(dlq)),
                subjects: vec![subject.to_string()],
                retention: RetentionPolicy::WorkQueue,
                storage: StorageType::File,
                metadata: [(ROLE_KEY.to_string(), ROLE_DLQ_ADVISORIES.to_string())].into(),
                ..Default::default()
            })
            .await
            .map_err(|e| request("creating the advisory stream", &name)(e.into()))?;
        }
        Err(e) => return Err(request("looking up the advisory stream", &name)(e.into())),
    }
    info!(stream = %name, subject, "advisory capture added");
    Ok(())
}

/// Bind `cfg` to its durable on `stream_name`, creating the durable when it does not exist.
///
/// An existing durable is compared with what the handler declared by the same comparison
/// `streams plan` uses ([`consumer::diff`]); settings the handler left unset are taken from
/// the server, and so is the DLQ it records. Nothing is created or changed before every check
/// passed.
pub(super) async fn bind_consumer(
    js: &jetstream::Context,
    cfg: &HandlerConfig,
    stream_name: &str,
    default_dlq: &str,
    need_advisories: bool,
) -> Result<(PullConsumer, Bound), SubscriberError> {
    let stream = js
        .get_stream_no_info(stream_name)
        .await
        .map_err(|e| request("looking up the stream", stream_name)(e.into()))?;
    let live = match stream.consumer_info(&cfg.durable).await {
        Ok(info) => Some(info.config.clone()),
        Err(e) if matches!(e.kind(), ConsumerInfoErrorKind::NotFound) => None,
        Err(e) => {
            return Err(request("reading the durable consumer", stream_name)(
                e.into(),
            ))
        }
    };
    let mut want = cfg.declared(stream_name);
    let (bound, create) = match &live {
        Some(live) => {
            let have = consumer::from_live(live);
            // The DLQ is compared only when both sides name one: a durable without recorded
            // wiring (made by hand) accepts the handler's.
            if want.dlq.is_none() || have.dlq.is_none() {
                want.dlq.clone_from(&have.dlq);
            }
            let changes = consumer::diff(&want, live);
            if let Some(first) = changes.first() {
                let rest: Vec<&str> = changes[1..].iter().map(|c| c.field.as_str()).collect();
                return Err(SubscriberError::ConsumerConflict(Box::new(
                    ConsumerConflict {
                        durable: cfg.durable.clone(),
                        stream: stream_name.to_string(),
                        option: first.field.clone(),
                        existing: show(&first.from),
                        declared: show(&first.to),
                        more: if rest.is_empty() {
                            String::new()
                        } else {
                            format!(" (and {} more: {})", rest.len(), rest.join(", "))
                        },
                    },
                )));
            }
            let mut bound =
                Bound::from_consumer(stream_name, &have, cfg.dlq_stream.as_deref(), default_dlq);
            bound.declared_without_dlq = have.dlq.is_none()
                && live.metadata.get(MANAGED_BY_KEY).map(String::as_str) == Some(MANAGED_BY);
            (bound, None)
        }
        None => {
            if cfg.subjects.is_empty() {
                return Err(SubscriberError::DurableMissing {
                    durable: cfg.durable.clone(),
                    stream: stream_name.to_string(),
                });
            }
            let dlq = cfg
                .dlq_stream
                .clone()
                .unwrap_or_else(|| default_dlq.to_string());
            want.dlq = Some(crate::streams::DlqSpec {
                stream: crate::streams::spec::Located::new(dlq),
                subject: None,
            });
            let mut new = consumer::with_new_defaults(consumer::declared(stream_name, &want));
            new.description
                .get_or_insert_with(|| format!("evt handler for {}", cfg.subjects.join(", ")));
            let bound = Bound::from_consumer(stream_name, &new, None, default_dlq);
            (bound, Some(new))
        }
    };
    let need = need_advisories && bound.max_deliver.is_some() && !bound.declared_without_dlq;
    check_dlq_wiring(
        js,
        &cfg.durable,
        stream_name,
        &bound.dlq_stream,
        need,
        cfg.create_advisory_capture,
    )
    .await?;
    let bound = match create {
        None => bound,
        Some(new) => {
            let created = stream
                .create_consumer(consumer::to_config(stream_name, &new, None))
                .await
                .map_err(|e| request("creating the durable consumer", stream_name)(e.into()))?;
            // Run with what the server stored, not with what was sent.
            let have = consumer::from_live(&created.cached_info().config);
            Bound::from_consumer(stream_name, &have, None, default_dlq)
        }
    };
    let pull = stream
        .get_consumer(&cfg.durable)
        .await
        .map_err(|e| request("binding the durable consumer", stream_name)(e))?;
    Ok((pull, bound))
}
