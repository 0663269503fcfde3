//! Reading the live topology: one paged STREAM.LIST for every stream, then the consumer lists
//! of the streams that matter, requested in parallel (a 50-stream topology is ~3 round trips
//! deep, not 200).

use std::collections::{BTreeMap, HashSet};

use async_nats::jetstream;
use futures::{StreamExt, TryStreamExt};

use super::errors::{live_error, StreamsError};
use super::plan::{Live, LiveStream};

/// How many consumer-list requests may be in flight at once.
pub const PARALLEL_REQUESTS: usize = 32;

/// Every stream on the server, with the consumers of those named in `consumers_of` (all streams
/// when `None`).
pub async fn fetch(
    js: &jetstream::Context,
    server_version: &str,
    consumers_of: Option<&HashSet<String>>,
) -> Result<Live, StreamsError> {
    let infos: Vec<jetstream::stream::Info> = js
        .streams()
        .try_collect()
        .await
        .map_err(|e| live_error("listing streams", e))?;
    let wanted: Vec<String> = infos
        .iter()
        .map(|i| i.config.name.clone())
        .filter(|n| consumers_of.is_none_or(|set| set.contains(n)))
        .collect();
    let consumer_lists: Vec<(String, Vec<jetstream::consumer::Config>)> =
        futures::stream::iter(wanted.into_iter().map(|name| async move {
            let stream = js
                .get_stream_no_info(&name)
                .await
                .map_err(|e| live_error(format!("stream {name}"), e))?;
            let configs: Vec<jetstream::consumer::Config> = stream
                .consumers()
                .map_ok(|info| info.config)
                .try_collect()
                .await
                .map_err(|e| live_error(format!("consumers of stream {name}"), e))?;
            Ok::<_, StreamsError>((name, configs))
        }))
        .buffer_unordered(PARALLEL_REQUESTS)
        .try_collect()
        .await?;
    let mut consumers: BTreeMap<String, Vec<jetstream::consumer::Config>> =
        consumer_lists.into_iter().collect();
    let streams = infos
        .into_iter()
        .map(|i| {
            let name = i.config.name.clone();
            let cs = consumers.remove(&name).unwrap_or_default();
            (
                name,
                LiveStream {
                    messages: i.state.messages,
                    bytes: i.state.bytes,
                    consumers: cs,
                    config: i.config,
                },
            )
        })
        .collect();
    Ok(Live {
        streams,
        server_version: server_version.to_string(),
    })
}

/// One row of `evt streams ls`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StreamRow {
    pub name: String,
    pub subjects: Vec<String>,
    pub messages: u64,
    pub bytes: u64,
    pub consumers: usize,
    pub managed_by_evt: bool,
}

/// A summary of every stream (one paged request, no per-stream calls).
pub async fn list(js: &jetstream::Context) -> Result<Vec<StreamRow>, StreamsError> {
    let infos: Vec<jetstream::stream::Info> = js
        .streams()
        .try_collect()
        .await
        .map_err(|e| live_error("listing streams", e))?;
    let mut rows: Vec<StreamRow> = infos
        .into_iter()
        .map(|i| StreamRow {
            managed_by_evt: i
                .config
                .metadata
                .get(super::MANAGED_BY_KEY)
                .map(String::as_str)
                == Some(super::MANAGED_BY),
            name: i.config.name,
            subjects: i.config.subjects,
            messages: i.state.messages,
            bytes: i.state.bytes,
            consumers: i.state.consumer_count,
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}
