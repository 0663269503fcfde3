//! The spec format: what `streams/*.yaml` may say, and loading it from files or directories.
//!
//! Field names are JetStream's own (as `nats stream info --json` shows them). Every field but
//! the names is optional: a field left out is not managed (never compared, never changed), so a
//! spec can own as much or as little of a stream as its authors want. Unknown keys are errors
//! with file, line and column: a typo in `max_age` must not create a stream that keeps data
//! forever.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::errors::SpecError;
use super::units::{Dur, Size, StartTime};

/// A value with the line and column it was read from (0 when it did not come from a file).
#[derive(Debug, Clone, Default)]
pub struct Located<T> {
    pub value: T,
    pub line: u32,
    pub column: u32,
}

impl<T> Located<T> {
    pub fn new(value: T) -> Self {
        Located {
            value,
            line: 0,
            column: 0,
        }
    }
}

impl<T: PartialEq> PartialEq for Located<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Located {
            value: s.value,
            line: s.referenced.line() as u32,
            column: s.referenced.column() as u32,
        })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// One YAML file: a list of streams.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    #[serde(default)]
    pub streams: Vec<StreamSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Retention {
    Limits,
    Interest,
    Workqueue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Storage {
    File,
    Memory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Discard {
    Old,
    New,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    S2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliverPolicy {
    All,
    Last,
    New,
    ByStartSequence,
    ByStartTime,
    LastPerSubject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AckPolicy {
    Explicit,
    None,
    All,
    #[serde(rename = "flow_control")]
    FlowControl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplayPolicy {
    Instant,
    Original,
}

/// Where a stream's replicas may be placed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A stream, in JetStream's field names.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    pub name: Located<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subjects: Option<Vec<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<Storage>,
    #[serde(default, alias = "replicas", skip_serializing_if = "Option::is_none")]
    pub num_replicas: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consumers: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_msgs: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<Size>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_msgs_per_subject: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_msg_size: Option<Size>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discard: Option<Discard>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discard_new_per_subject: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_window: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_direct: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_rollup_hdrs: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deny_delete: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deny_purge: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_ack: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_msg_ttl: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_delete_marker_ttl: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    /// Thresholds for `evt check` (a DLQ's depth and newest entry, a stream's size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor: Option<Located<MonitorSpec>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consumers: Vec<ConsumerSpec>,
    /// The file this stream was declared in (empty for live configs).
    #[serde(skip)]
    pub file: PathBuf,
}

/// Where a consumer's dead letters go: a declared stream, and optionally the subject in it
/// (default `dlq.<SOURCE_STREAM>.<CONSUMER>`, see [`crate::dlq::naming::dead_letter_subject`]).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DlqSpec {
    pub stream: Located<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// A durable pull consumer. Several instances bound to the same durable share its messages:
/// that is a queue group for pull consumers.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerSpec {
    #[serde(alias = "name")]
    pub durable_name: Located<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliver_policy: Option<DeliverPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_start_seq: Option<u64>,
    /// RFC 3339 time, with `deliver_policy: by_start_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opt_start_time: Option<StartTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_policy: Option<AckPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_wait: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_deliver: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<Vec<Dur>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_subject: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_subjects: Option<Vec<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay_policy: Option<ReplayPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ack_pending: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_waiting: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_batch: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<Size>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_expires: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_threshold: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers_only: Option<bool>,
    #[serde(default, alias = "replicas", skip_serializing_if = "Option::is_none")]
    pub num_replicas: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mem_storage: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlq: Option<DlqSpec>,
    /// Thresholds for `evt check` on this consumer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor: Option<Located<MonitorSpec>>,
}

/// Thresholds for `evt check`, as `<measure>_warn` / `<measure>_critical` pairs; a measure
/// reaches a state when its value is at or above the threshold. Counts are messages,
/// ages are durations (`30s`, `5m`). The consumer fields apply under a consumer, the stream
/// fields under a stream (a DLQ's depth and the age of its newest entry); validation says
/// which is misplaced. `streams apply` also writes the ones natscli knows as
/// `io.nats.monitor.*` metadata, so `nats server check` agrees (see [`crate::monitor`]).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MonitorSpec {
    /// Consumer: messages not yet delivered (`num_pending`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_warn: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_critical: Option<u64>,
    /// Consumer: age of the oldest unacked message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_seconds_warn: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_seconds_critical: Option<Dur>,
    /// Consumer: delivered, not acked (default: 80% and 100% of `max_ack_pending`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_pending_warn: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_pending_critical: Option<u64>,
    /// Consumer: messages being redelivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redelivered_warn: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redelivered_critical: Option<u64>,
    /// Consumer: time since the server last delivered a message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_delivery_warn: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_delivery_critical: Option<Dur>,
    /// Consumer: time since the last ack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ack_warn: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ack_critical: Option<Dur>,
    /// Stream: messages stored (a DLQ's depth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_warn: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_critical: Option<u64>,
    /// Stream: the newest message (a DLQ's newest dead letter) is *younger* than this: the
    /// one threshold graded the other way round, since a fresh dead letter means failures now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_age_warn: Option<Dur>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_age_critical: Option<Dur>,
}

impl ConsumerSpec {
    /// Filter subjects as one list, whichever of the two fields declared them.
    pub fn filters(&self) -> Vec<&Located<String>> {
        let mut v: Vec<&Located<String>> = self.filter_subject.iter().collect();
        if let Some(list) = &self.filter_subjects {
            v.extend(list.iter());
        }
        v
    }

    pub fn name(&self) -> &str {
        &self.durable_name.value
    }
}

impl StreamSpec {
    pub fn name(&self) -> &str {
        &self.name.value
    }

    pub fn subject_list(&self) -> Vec<&str> {
        self.subjects
            .iter()
            .flatten()
            .map(|s| s.value.as_str())
            .collect()
    }
}

/// Everything loaded from the given paths, in file order.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub streams: Vec<StreamSpec>,
    pub files: Vec<PathBuf>,
}

impl Spec {
    pub fn stream(&self, name: &str) -> Option<&StreamSpec> {
        self.streams.iter().find(|s| s.name() == name)
    }

    pub fn consumer_count(&self) -> usize {
        self.streams.iter().map(|s| s.consumers.len()).sum()
    }

    /// Load files and directories (`*.yaml`/`*.yml` inside, sorted), expanding `${VAR}` from
    /// the process environment.
    pub fn load(paths: &[PathBuf]) -> Result<Spec, SpecError> {
        Self::load_with_env(paths, &|k| std::env::var(k).ok())
    }

    /// As [`Spec::load`] with an explicit variable lookup (tests, embedding).
    pub fn load_with_env(
        paths: &[PathBuf],
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Spec, SpecError> {
        let mut files = Vec::new();
        for p in paths {
            let meta = std::fs::metadata(p).map_err(|source| SpecError::Read {
                path: p.clone(),
                source,
            })?;
            if meta.is_dir() {
                let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                    .map_err(|source| SpecError::Read {
                        path: p.clone(),
                        source,
                    })?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| {
                        f.is_file()
                            && matches!(
                                f.extension().and_then(|e| e.to_str()),
                                Some("yaml" | "yml")
                            )
                    })
                    .collect();
                found.sort();
                if found.is_empty() {
                    return Err(SpecError::NoFiles { path: p.clone() });
                }
                files.extend(found);
            } else {
                files.push(p.clone());
            }
        }
        let mut spec = Spec::default();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|source| SpecError::Read {
                path: f.clone(),
                source,
            })?;
            let parsed = parse_str(&f, &text, env)?;
            spec.streams.extend(parsed.streams);
            spec.files.push(f);
        }
        Ok(spec)
    }
}

/// Parse one file's text (after `${VAR}` expansion); `file` is used in errors and recorded on
/// each stream.
pub fn parse_str(
    file: &Path,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<SpecFile, SpecError> {
    let expanded = expand_env(file, text, env)?;
    if expanded.trim().is_empty() {
        return Ok(SpecFile::default());
    }
    let mut parsed: SpecFile =
        serde_saphyr::from_str(&expanded).map_err(|e| parse_error(file, &expanded, &e))?;
    for s in &mut parsed.streams {
        s.file = file.to_path_buf();
    }
    Ok(parsed)
}

/// The key on line `line` (1-based) of `text`, for `  key: value` and `- key: value` lines.
fn key_on_line(text: &str, line: u32) -> Option<&str> {
    let l = text.lines().nth((line as usize).checked_sub(1)?)?;
    let l = l.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = l.split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(key)
}

fn parse_error(file: &Path, text: &str, e: &serde_saphyr::Error) -> SpecError {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .unwrap_or((0, 0));
    let mut message = e.without_snippet().to_string();
    // The library appends its own "at line X column Y"; we print file:line:col in front.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let mut message = message.lines().next().unwrap_or("").trim().to_string();
    // A bad value (a duration without unit, a time that is not RFC 3339) names the field it
    // was given for, so the message reads on its own.
    if let Some(key) = key_on_line(text, line) {
        if !message.contains(key) {
            message = format!("{key}: {message}");
        }
    }
    SpecError::Parse {
        file: file.to_path_buf(),
        line,
        column,
        message,
    }
}

/// `${VAR}` → its value. Comment lines are left alone, so a commented-out reference to an
/// unset variable is not an error. Values with newlines are refused: they would shift every
/// line number after them and could inject YAML structure.
fn expand_env(
    file: &Path,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<String, SpecError> {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with('#') || !line.contains("${") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                return Err(SpecError::Env {
                    file: file.to_path_buf(),
                    line: i as u32 + 1,
                    message: "unterminated ${ (expected ${NAME})".into(),
                });
            };
            let name = &after[..end];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(SpecError::Env {
                    file: file.to_path_buf(),
                    line: i as u32 + 1,
                    message: format!("'${{{name}}}' is not a variable name"),
                });
            }
            let value = env(name).ok_or_else(|| SpecError::Env {
                file: file.to_path_buf(),
                line: i as u32 + 1,
                message: format!("environment variable {name} is not set"),
            })?;
            if value.contains('\n') {
                return Err(SpecError::Env {
                    file: file.to_path_buf(),
                    line: i as u32 + 1,
                    message: format!("environment variable {name} contains a newline"),
                });
            }
            out.push_str(&value);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SpecFile, SpecError> {
        parse_str(Path::new("t.yaml"), text, &|k| {
            (k == "ENV").then(|| "prod".to_string())
        })
    }

    #[test]
    fn parses_streams_consumers_and_units_with_lines() {
        let f = parse(
            "streams:\n  - name: MARKET\n    subjects: [market.>]\n    max_age: 7d\n    max_bytes: 10GiB\n    consumers:\n      - durable_name: strat\n        ack_wait: 30s\n        dlq: {stream: DLQ}\n",
        )
        .unwrap();
        let s = &f.streams[0];
        assert_eq!(s.name.value, "MARKET");
        assert_eq!(s.name.line, 2);
        assert_eq!(s.max_bytes, Some(Size(10 << 30)));
        assert_eq!(s.consumers[0].durable_name.line, 7);
        assert_eq!(s.consumers[0].dlq.as_ref().unwrap().stream.value, "DLQ");
    }

    #[test]
    fn unknown_key_is_an_error_with_line_and_column() {
        let e = parse("streams:\n  - name: M\n    max_agee: 7d\n").unwrap_err();
        let SpecError::Parse {
            line,
            column,
            message,
            ..
        } = &e
        else {
            panic!("{e}")
        };
        assert_eq!(*line, 3, "{e}");
        assert!(*column >= 5, "{e}");
        assert!(message.contains("max_agee"), "{e}");
        assert!(e.to_string().starts_with("t.yaml:3:"), "{e}");
    }

    #[test]
    fn bad_duration_names_its_line() {
        let e = parse("streams:\n  - name: M\n    max_age: 7\n").unwrap_err();
        assert!(e.to_string().starts_with("t.yaml:3:"), "{e}");
        assert!(e.to_string().contains("no unit"), "{e}");
        assert!(e.to_string().contains("max_age: "), "{e}");
    }

    #[test]
    fn bad_opt_start_time_names_its_line_and_field() {
        let e = parse("streams:\n  - name: M\n    consumers:\n      - durable_name: c\n        deliver_policy: by_start_time\n        opt_start_time: yesterday 10am\n").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("t.yaml:6:"), "{text}");
        assert!(text.contains("opt_start_time"), "{text}");
        assert!(
            text.contains("'yesterday 10am' is not an RFC 3339 time"),
            "{text}"
        );
    }

    #[test]
    fn env_vars_expand_and_missing_ones_are_named() {
        let f = parse("streams:\n  - name: M_${ENV}\n").unwrap();
        assert_eq!(f.streams[0].name.value, "M_prod");
        let e = parse("streams:\n  - name: M\n    description: ${NOPE}\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.yaml:3: environment variable NOPE is not set"
        );
        assert!(parse("# ${NOPE}\nstreams: []\n").is_ok());
    }
}
