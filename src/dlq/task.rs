//! Redrive tasks: a replay with a record an operator can watch (`evt dlq tasks`), stop
//! (`evt dlq cancel`) and continue (`evt dlq replay --resume`), like SQS message move tasks.
//!
//! The records live in the JetStream KV bucket [`TASKS_BUCKET`], which evt creates on first
//! use: `task.<ID>` holds a [`TaskRecord`] (JSON), and `lock.<HASH>` names the task running
//! for one DLQ and filter, taken with a create (atomic: of two starts, one wins) so a second
//! start is refused with the running task's id.
//!
//! The process running a task writes its counts and a heartbeat every [`HEARTBEAT`]. A
//! RUNNING task whose heartbeat is older than [`LEASE`] had its process killed: it shows as
//! INTERRUPTED, its lock can be taken over, and `--resume` continues it. Resuming is running
//! the same selection again: moved entries are gone from the DLQ, and a copy that was acked
//! but whose entry was not yet removed is sent again under its stable id
//! (`replay:<DLQ>:<seq>`), which the target deduplicates — the guarantees of replay itself.
//!
//! A cancel is a flag in the record; the running process sees it at its next heartbeat and
//! stops taking entries, finishes the copies in flight (acked, then removed), and records
//! CANCELLED.

use std::time::Duration;

use async_nats::jetstream::{self, kv};
use bytes::Bytes;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::OffsetDateTime;

use super::naming::TASKS_BUCKET;
use super::select::{Filter, SeqRange};
use super::view::rfc3339;
use crate::wire::Limits;

/// How often the running process writes its counts and reads a cancel request.
pub const HEARTBEAT: Duration = Duration::from_secs(1);
/// A RUNNING task without a heartbeat for this long had its process die.
pub const LEASE: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Running,
    Completed,
    Cancelled,
    Failed,
    Interrupted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "RUNNING",
            Status::Completed => "COMPLETED",
            Status::Cancelled => "CANCELLED",
            Status::Failed => "FAILED",
            Status::Interrupted => "INTERRUPTED",
        }
    }
}

/// A filter as a task keeps it, so `--resume` selects exactly what the start did (times are
/// absolute: `--since 1h` was resolved when the task started).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterSpec {
    pub subject: Option<String>,
    pub event_type: Option<String>,
    pub consumer: Option<String>,
    pub error: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub seq: Option<(u64, u64)>,
    pub reason: Option<String>,
    pub group: Option<String>,
    pub parked: Option<bool>,
}

impl FilterSpec {
    pub fn of(f: &Filter) -> FilterSpec {
        FilterSpec {
            subject: f.subject.clone(),
            event_type: f.event_type.clone(),
            consumer: f.consumer.clone(),
            error: f.error.clone(),
            since: f.since.map(rfc3339),
            until: f.until.map(rfc3339),
            seq: f.seq.map(|r| (r.first, r.last)),
            reason: f.reason.map(|r| r.as_str().to_string()),
            group: f.group.as_ref().map(|g| g.id.clone()),
            parked: f.parked,
        }
    }

    pub fn to_filter(&self, limits: Limits) -> Result<Filter, TaskError> {
        let bad = |what: &str| TaskError::Corrupt {
            key: what.to_string(),
        };
        let time = |t: &Option<String>| {
            t.as_deref()
                .map(|s| {
                    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                        .map_err(|_| bad("filter time"))
                })
                .transpose()
        };
        Ok(Filter {
            subject: self.subject.clone(),
            event_type: self.event_type.clone(),
            consumer: self.consumer.clone(),
            error: self.error.clone(),
            since: time(&self.since)?,
            until: time(&self.until)?,
            seq: self.seq.map(|(first, last)| SeqRange { first, last }),
            reason: self
                .reason
                .as_deref()
                .map(|r| super::Reason::parse(r).ok_or_else(|| bad("filter reason")))
                .transpose()?,
            group: self
                .group
                .as_deref()
                .map(|g| super::group::GroupId::parse(g).map_err(|_| bad("filter group")))
                .transpose()?,
            parked: self.parked,
            limits,
        })
    }

    /// `consumer=a error~boom since=…`, for the tasks table.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{k}={v}"));
            }
        };
        add("subject", &self.subject);
        add("type", &self.event_type);
        add("consumer", &self.consumer);
        add("error~", &self.error);
        add("since", &self.since);
        add("until", &self.until);
        add("reason", &self.reason);
        add("group", &self.group);
        if let Some((a, b)) = self.seq {
            parts.push(if b == u64::MAX {
                format!("seq={a}-")
            } else {
                format!("seq={a}-{b}")
            });
        }
        if self.parked == Some(true) {
            parts.push("parked".into());
        }
        if parts.is_empty() {
            "all".into()
        } else {
            parts.join(" ")
        }
    }
}

/// One task as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    pub id: String,
    pub dlq_stream: String,
    pub filter: FilterSpec,
    /// `--to`, or none for each entry's original subject.
    pub target: Option<String>,
    /// Messages per second, when limited.
    pub rate: Option<f64>,
    pub moved: u64,
    pub failed: u64,
    /// Entries of the DLQ not yet examined (an upper bound on what is left to move).
    pub left: u64,
    pub status: Status,
    pub started_by: String,
    pub started_at: String,
    /// Unix milliseconds of the last heartbeat.
    pub heartbeat_ms: i64,
    pub finished_at: Option<String>,
    pub cancel_requested: bool,
    pub error: Option<String>,
    /// The lock key it holds while running.
    pub lock: String,
}

impl TaskRecord {
    /// The status an operator should see: a RUNNING task whose process stopped beating is
    /// INTERRUPTED.
    pub fn effective_status(&self, now_ms: i64) -> Status {
        if self.status == Status::Running && now_ms - self.heartbeat_ms > LEASE.as_millis() as i64 {
            Status::Interrupted
        } else {
            self.status
        }
    }
}

#[derive(Debug, Error)]
pub enum TaskError {
    #[error("cannot open or create the task bucket {TASKS_BUCKET}")]
    Bucket(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("task bucket {TASKS_BUCKET}: cannot read or write '{key}'")]
    Io {
        key: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("task bucket {TASKS_BUCKET}: '{key}' does not hold a valid task")]
    Corrupt { key: String },
    #[error("task {id} is already redriving this selection of '{dlq}' (started by {by}); watch it with `evt dlq tasks`, stop it with `evt dlq cancel {id}`")]
    AlreadyRunning { id: String, dlq: String, by: String },
    #[error("no task {id} (see `evt dlq tasks`)")]
    NotFound { id: String },
    #[error("task {id} is {status}; only an interrupted or cancelled task can be resumed")]
    NotResumable { id: String, status: &'static str },
}

fn io(key: &str, e: impl std::error::Error + Send + Sync + 'static) -> TaskError {
    TaskError::Io {
        key: key.to_string(),
        source: Box::new(e),
    }
}

fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// `user@host`, for "started by".
pub fn whoami() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("{user}@{}", gethostname::gethostname().to_string_lossy())
}

/// FNV-1a of the DLQ and the filter: one lock per selection.
fn lock_key(dlq: &str, filter: &FilterSpec) -> String {
    let text = format!(
        "{dlq}\u{0}{}",
        serde_json::to_string(filter).unwrap_or_default()
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("lock.{h:016x}")
}

/// The task bucket.
#[derive(Clone)]
pub struct Tasks {
    kv: kv::Store,
}

impl Tasks {
    /// Opens the bucket, creating it the first time.
    pub async fn open(js: &jetstream::Context) -> Result<Tasks, TaskError> {
        let kv = match js.get_key_value(TASKS_BUCKET).await {
            Ok(kv) => kv,
            Err(_) => js
                .create_key_value(kv::Config {
                    bucket: TASKS_BUCKET.into(),
                    description: "evt: dead-letter redrive tasks".into(),
                    history: 1,
                    storage: jetstream::stream::StorageType::File,
                    ..Default::default()
                })
                .await
                .map_err(|e| TaskError::Bucket(Box::new(e)))?,
        };
        Ok(Tasks { kv })
    }

    async fn read(&self, key: &str) -> Result<Option<(Vec<u8>, u64)>, TaskError> {
        match self.kv.entry(key).await.map_err(|e| io(key, e))? {
            Some(e) if e.operation == kv::Operation::Put => {
                Ok(Some((e.value.to_vec(), e.revision)))
            }
            _ => Ok(None),
        }
    }

    pub async fn get(&self, id: &str) -> Result<(TaskRecord, u64), TaskError> {
        let key = format!("task.{id}");
        let (v, rev) = self
            .read(&key)
            .await?
            .ok_or_else(|| TaskError::NotFound { id: id.to_string() })?;
        let rec = serde_json::from_slice(&v).map_err(|_| TaskError::Corrupt { key })?;
        Ok((rec, rev))
    }

    async fn write(&self, rec: &TaskRecord, revision: Option<u64>) -> Result<u64, TaskError> {
        let key = format!("task.{}", rec.id);
        let body = Bytes::from(serde_json::to_vec(rec).map_err(|e| io(&key, e))?);
        match revision {
            Some(r) => self.kv.update(&key, body, r).await.map_err(|e| io(&key, e)),
            None => self.kv.put(&key, body).await.map_err(|e| io(&key, e)),
        }
    }

    /// Every task, newest first.
    pub async fn list(&self) -> Result<Vec<TaskRecord>, TaskError> {
        let mut keys = self.kv.keys().await.map_err(|e| io("task.*", e))?;
        let mut out = Vec::new();
        // Bounded by what the bucket holds when listed.
        while let Some(k) = keys.next().await {
            let k = k.map_err(|e| io("task.*", e))?;
            let Some(id) = k.strip_prefix("task.") else {
                continue;
            };
            if let Ok((rec, _)) = self.get(id).await {
                out.push(rec);
            }
        }
        out.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    /// Takes the selection's lock for `id`, or names the live task holding it.
    async fn take_lock(&self, lock: &str, id: &str, dlq: &str) -> Result<(), TaskError> {
        // Bounded: each round either takes the lock or finds a live holder.
        for _ in 0..5 {
            match self.kv.create(lock, Bytes::from(id.to_string())).await {
                Ok(_) => return Ok(()),
                Err(e) if e.kind() == kv::CreateErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(lock, e)),
            }
            let Some((holder, rev)) = self.read(lock).await? else {
                continue;
            };
            let holder = String::from_utf8_lossy(&holder).to_string();
            if holder != id {
                if let Ok((rec, _)) = self.get(&holder).await {
                    if rec.effective_status(now_ms()) == Status::Running {
                        return Err(TaskError::AlreadyRunning {
                            id: holder,
                            dlq: dlq.to_string(),
                            by: rec.started_by,
                        });
                    }
                }
            }
            // A finished or dead holder: take the lock over (the revision makes it atomic).
            if self
                .kv
                .update(lock, Bytes::from(id.to_string()), rev)
                .await
                .is_ok()
            {
                return Ok(());
            }
        }
        Err(TaskError::Io {
            key: lock.to_string(),
            source: "the lock kept changing hands".into(),
        })
    }

    /// Starts a new task for this selection.
    pub async fn start(
        &self,
        dlq: &str,
        filter: &Filter,
        target: Option<String>,
        rate: Option<f64>,
        left: u64,
    ) -> Result<TaskHandle, TaskError> {
        let spec = FilterSpec::of(filter);
        let lock = lock_key(dlq, &spec);
        let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        self.take_lock(&lock, &id, dlq).await?;
        let now = OffsetDateTime::now_utc();
        let rec = TaskRecord {
            id,
            dlq_stream: dlq.to_string(),
            filter: spec,
            target,
            rate,
            moved: 0,
            failed: 0,
            left,
            status: Status::Running,
            started_by: whoami(),
            started_at: rfc3339(now),
            heartbeat_ms: now_ms(),
            finished_at: None,
            cancel_requested: false,
            error: None,
            lock,
        };
        let revision = self.write(&rec, None).await?;
        Ok(TaskHandle {
            tasks: self.clone(),
            rec,
            revision,
        })
    }

    /// Takes an interrupted or cancelled task up again, with its filter, target and rate.
    pub async fn resume(&self, id: &str) -> Result<TaskHandle, TaskError> {
        let (mut rec, _) = self.get(id).await?;
        let status = rec.effective_status(now_ms());
        if !matches!(status, Status::Interrupted | Status::Cancelled) {
            return Err(TaskError::NotResumable {
                id: id.to_string(),
                status: status.as_str(),
            });
        }
        self.take_lock(&rec.lock, id, &rec.dlq_stream).await?;
        rec.status = Status::Running;
        rec.cancel_requested = false;
        rec.finished_at = None;
        rec.heartbeat_ms = now_ms();
        rec.started_by = whoami();
        let revision = self.write(&rec, None).await?;
        Ok(TaskHandle {
            tasks: self.clone(),
            rec,
            revision,
        })
    }

    /// Asks a running task to stop; a task whose process is gone is marked CANCELLED at once.
    /// Returns the status it had.
    pub async fn cancel(&self, id: &str) -> Result<Status, TaskError> {
        // Bounded: a conflict means the runner wrote a heartbeat in between; read again.
        for _ in 0..10 {
            let (mut rec, rev) = self.get(id).await?;
            let status = rec.effective_status(now_ms());
            match status {
                Status::Running => rec.cancel_requested = true,
                Status::Interrupted => {
                    rec.status = Status::Cancelled;
                    rec.finished_at = Some(rfc3339(OffsetDateTime::now_utc()));
                }
                done => return Ok(done),
            }
            if self.write(&rec, Some(rev)).await.is_ok() {
                if status == Status::Interrupted {
                    let _ = self.release(&rec).await;
                }
                return Ok(status);
            }
        }
        Err(TaskError::Io {
            key: format!("task.{id}"),
            source: "the task kept changing".into(),
        })
    }

    async fn release(&self, rec: &TaskRecord) -> Result<(), TaskError> {
        if let Some((holder, rev)) = self.read(&rec.lock).await? {
            if holder == rec.id.as_bytes() {
                self.kv
                    .delete_expect_revision(&rec.lock, Some(rev))
                    .await
                    .map_err(|e| io(&rec.lock, e))?;
            }
        }
        Ok(())
    }
}

/// The running side of a task.
pub struct TaskHandle {
    tasks: Tasks,
    rec: TaskRecord,
    revision: u64,
}

impl TaskHandle {
    pub fn record(&self) -> &TaskRecord {
        &self.rec
    }

    pub fn id(&self) -> &str {
        &self.rec.id
    }

    /// Writes the counts (added to what earlier runs of the task moved) and the heartbeat;
    /// returns true when a cancel was asked for.
    pub async fn beat(&mut self, moved: u64, failed: u64, left: u64) -> Result<bool, TaskError> {
        // A cancel written since our last write makes our revision stale: take its flag.
        for _ in 0..5 {
            self.rec.moved = moved;
            self.rec.failed = failed;
            self.rec.left = left;
            self.rec.heartbeat_ms = now_ms();
            match self.tasks.write(&self.rec, Some(self.revision)).await {
                Ok(rev) => {
                    self.revision = rev;
                    return Ok(self.rec.cancel_requested);
                }
                Err(_) => {
                    let (current, rev) = self.tasks.get(&self.rec.id).await?;
                    self.rec.cancel_requested |= current.cancel_requested;
                    self.revision = rev;
                }
            }
        }
        Ok(self.rec.cancel_requested)
    }

    /// Records how the task ended and frees its selection for the next one.
    pub async fn finish(
        mut self,
        status: Status,
        moved: u64,
        failed: u64,
        left: u64,
        error: Option<String>,
    ) -> Result<TaskRecord, TaskError> {
        let _ = self.beat(moved, failed, left).await;
        self.rec.status = status;
        self.rec.error = error;
        self.rec.finished_at = Some(rfc3339(OffsetDateTime::now_utc()));
        self.tasks.write(&self.rec, None).await?;
        self.tasks.release(&self.rec).await?;
        Ok(self.rec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_spec_round_trips_and_locks_by_selection() {
        let f = Filter {
            consumer: Some("a".into()),
            since: Some(OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap()),
            seq: Some(SeqRange {
                first: 3,
                last: u64::MAX,
            }),
            reason: Some(super::super::Reason::Fatal),
            parked: Some(false),
            ..Default::default()
        };
        let spec = FilterSpec::of(&f);
        let back = spec.to_filter(Limits::default()).unwrap();
        assert_eq!(back, f);
        assert_eq!(
            spec.describe(),
            "consumer=a since=2023-11-14T22:13:20Z reason=fatal seq=3-"
        );
        assert_eq!(lock_key("DLQ", &spec), lock_key("DLQ", &spec.clone()));
        assert_ne!(lock_key("DLQ", &spec), lock_key("DLQ2", &spec));
        assert_ne!(
            lock_key("DLQ", &spec),
            lock_key("DLQ", &FilterSpec::default())
        );
    }

    #[test]
    fn a_silent_running_task_is_interrupted() {
        let rec = TaskRecord {
            id: "t".into(),
            dlq_stream: "DLQ".into(),
            filter: FilterSpec::default(),
            target: None,
            rate: None,
            moved: 0,
            failed: 0,
            left: 0,
            status: Status::Running,
            started_by: "me@here".into(),
            started_at: String::new(),
            heartbeat_ms: 1_000_000,
            finished_at: None,
            cancel_requested: false,
            error: None,
            lock: "lock.x".into(),
        };
        assert_eq!(rec.effective_status(1_000_000 + 1000), Status::Running);
        assert_eq!(
            rec.effective_status(1_000_000 + 60_000),
            Status::Interrupted
        );
    }
}
