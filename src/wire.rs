//! The one reader of the wire format (DESIGN.md §2, §7): header lookup, the `compressed`
//! header, bounded gzip inflation and bounded JSON parsing. The codec, tail, the DLQ views and
//! selection, and publish all read bodies through here, so a rule changes in one place.
//!
//! # Bounds
//!
//! - **Inflated size.** A gzip body is inflated into a buffer that never grows past
//!   [`Limits::max_inflated`] (plus one read chunk); one byte more is
//!   [`WireError::TooLarge`], never a truncated body. The default,
//!   [`DEFAULT_MAX_INFLATED`] = 8 MiB, is a fixed cap rather than one derived from the
//!   server's `max_payload`: a decoder (a subscriber, `dlq show`) may read messages a different
//!   server stored, and `max_payload` may be set as high as 64 MiB, which times a usual 5–10×
//!   JSON compression ratio would allow half a gigabyte per message. 8 MiB is eight times the
//!   server's default 1 MiB max payload, more than any one event this system writes needs.
//! - **Memory under concurrency.** Each message being decoded holds at most `max_inflated`
//!   bytes of inflated body (the buffer grows by doubling, then exactly up to the limit; a
//!   reallocation briefly holds the old and the new buffer, 1.5 × the limit) plus the
//!   `serde_json::Value` built from it. With `concurrency` messages in flight the worst case for
//!   bodies that are refused as too large is `concurrency × 1.5 × max_inflated`: 8 in flight
//!   at the default is under 100 MiB. (The subscriber decodes synchronously inside each
//!   handler task, so in practice no more run at once than the runtime has worker threads;
//!   `evt consume --concurrency 8` with eight 512 MiB bombs queued peaks near 60 MiB RSS in
//!   the tests.) An accepted body is parsed; a `Value` can take several times its text (up to
//!   ~16× for an array of one-digit numbers), so a limit raised by the user should be chosen
//!   with the concurrency in mind.
//! - **Values per body.** A `Value` can take several times its text (an array of one-digit
//!   numbers ~16×, with `Vec` doubling ~32×), so a body within the size limit could still cost
//!   hundreds of MiB per message once parsed: an 8 MB `[0,0,…]` took `tail --decode` to 350 MB.
//!   [`Limits::max_values`] (default [`DEFAULT_MAX_VALUES`] = 100,000, far above any event)
//!   bounds the JSON values one body may hold, checked by a byte scan before parsing; past it
//!   is [`WireError::TooManyValues`]. Bodies shorter than twice the limit cannot exceed it
//!   and are not scanned, so ordinary events pay nothing.
//! - **Nesting depth.** JSON is parsed by `serde_json` with its recursion limit of 128, which
//!   accepts at most [`JSON_MAX_DEPTH`] (127) nested arrays or objects; nothing in evt calls
//!   `disable_recursion_limit` or enables the `unbounded_depth` feature, so a body nested
//!   100,000 deep is a [`WireError::BadJson`] ("recursion limit exceeded"), not a stack
//!   overflow.
//!
//! Errors here do not know where the message came from; callers (the codec's `DecodeError`)
//! add the subject, stream and sequence.

use std::borrow::Cow;
use std::io::Read as _;

use async_nats::header::HeaderValue;
use async_nats::HeaderMap;
use flate2::read::MultiGzDecoder;
use serde_json::Value;
use thiserror::Error;

use crate::event::header;

/// The first two bytes of every gzip member (RFC 1952).
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Default for [`Limits::max_inflated`]: 8 MiB (see the module doc for why).
pub const DEFAULT_MAX_INFLATED: u64 = 8 * 1024 * 1024;

/// Default for [`Limits::max_values`] (see the module doc for why).
pub const DEFAULT_MAX_VALUES: u64 = 100_000;

/// The deepest nesting of arrays and objects accepted: `serde_json`'s recursion limit (128)
/// less one. evt never disables that limit.
pub const JSON_MAX_DEPTH: usize = 127;

/// Bounds on what reading one message may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest body accepted after gzip inflation, in bytes. Also the largest single item
    /// `evt publish` reads from its input (an event no reader would accept is not worth
    /// buffering).
    pub max_inflated: u64,
    /// Most JSON values (scalars, arrays, objects, keys not counted) one body may hold.
    pub max_values: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_inflated: DEFAULT_MAX_INFLATED,
            max_values: DEFAULT_MAX_VALUES,
        }
    }
}

/// Why a body could not be read off the wire. Callers add where the message came from.
#[derive(Debug, Error)]
pub enum WireError {
    #[error("header compressed has value {value:?}; expected \"true\" or \"false\"")]
    BadCompressedHeader { value: String },
    #[error("header compressed: true but the body is not gzip: {source}")]
    BadGzip {
        #[source]
        source: std::io::Error,
    },
    #[error("the body is gzip but the message has no \"compressed: true\" header")]
    UnexpectedGzip,
    #[error("the gzip body inflates to more than the limit of {}", human_size(*limit))]
    TooLarge { limit: u64 },
    #[error("the JSON body holds more than the limit of {limit} values")]
    TooManyValues { limit: u64 },
    #[error("the body is not UTF-8: {source}")]
    NotUtf8 {
        #[source]
        source: std::str::Utf8Error,
    },
    #[error("the body is not JSON: {source}")]
    BadJson {
        #[source]
        source: serde_json::Error,
    },
}

/// A header's value: exact name first (nats-py sends names as written, lowercase), then any
/// ASCII case (some clients canonicalize names to `Compressed`). The first value when repeated.
///
/// One pass over the map, no lookup: `HeaderMap::get` parses the name into a new
/// `HeaderName` (an allocation for every non-standard name) and hashes it with SipHash. Over
/// the eight headers evt writes, that was 54 ns a lookup against 15 ns for the scan (release,
/// five names, present and absent); a consumed message takes about six lookups.
pub fn header<'a>(headers: Option<&'a HeaderMap>, name: &str) -> Option<&'a str> {
    let mut any_case = None;
    for (k, vs) in headers?.iter() {
        let k: &str = k.as_ref();
        if k == name {
            return vs.first().map(HeaderValue::as_str);
        }
        if any_case.is_none() && k.eq_ignore_ascii_case(name) {
            any_case = vs.first();
        }
    }
    any_case.map(HeaderValue::as_str)
}

/// The `compressed` header: `true` (any case) is gzip; `false`, empty or absent is plain.
pub fn compressed(headers: Option<&HeaderMap>) -> Result<bool, WireError> {
    match header(headers, header::COMPRESSED) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") || v.is_empty() => Ok(false),
        Some(v) => Err(WireError::BadCompressedHeader {
            value: v.to_string(),
        }),
    }
}

/// The stored body, when it can be written as one line of JSON unchanged: not gzip and
/// without line breaks (JSON has them only as whitespace). For a body that decoded, that is
/// the text the decoder read, byte for byte as its producer wrote it.
pub fn one_line<'a>(headers: Option<&HeaderMap>, payload: &'a [u8]) -> Option<&'a [u8]> {
    let plain = matches!(compressed(headers), Ok(false));
    // `contains` on bytes is memchr: a scan of a few hundred bytes costs next to nothing.
    (plain && !payload.contains(&b'\n') && !payload.contains(&b'\r')).then_some(payload)
}

/// The body bytes: inflated (within `limits`) when the header says gzip, else as stored.
/// A body that starts with the gzip magic but is not flagged is refused, and so is a flagged
/// body without it.
pub fn body<'a>(
    headers: Option<&HeaderMap>,
    payload: &'a [u8],
    limits: &Limits,
) -> Result<Cow<'a, [u8]>, WireError> {
    let is_gzip = payload.starts_with(&GZIP_MAGIC);
    if compressed(headers)? {
        if !is_gzip {
            return Err(WireError::BadGzip {
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "missing the gzip magic bytes 1f 8b",
                ),
            });
        }
        Ok(Cow::Owned(inflate(payload, limits.max_inflated)?))
    } else if is_gzip {
        Err(WireError::UnexpectedGzip)
    } else {
        Ok(Cow::Borrowed(payload))
    }
}

/// Every gzip member, like Python's `gzip.decompress`, into at most `limit` bytes.
pub fn inflate(data: &[u8], limit: u64) -> Result<Vec<u8>, WireError> {
    const CHUNK: usize = 32 * 1024;
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut dec = MultiGzDecoder::new(data);
    let mut out: Vec<u8> = Vec::with_capacity(data.len().saturating_mul(4).min(cap));
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match dec.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(source) => return Err(WireError::BadGzip { source }),
        };
        if out.len().saturating_add(n) > cap {
            return Err(WireError::TooLarge { limit });
        }
        if out.capacity() - out.len() < n {
            // Double as `Vec` would, but never past the limit: the buffer stays within it.
            let grow = out.capacity().max(CHUNK).min(cap - out.len()).max(n);
            out.reserve_exact(grow);
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

/// Parse body bytes as JSON, telling "not UTF-8" from "not JSON". Nesting is bounded by
/// [`JSON_MAX_DEPTH`], the number of values by [`Limits::max_values`].
pub fn parse_json(bytes: &[u8], limits: &Limits) -> Result<Value, WireError> {
    let text = std::str::from_utf8(bytes).map_err(|source| WireError::NotUtf8 { source })?;
    check_values(bytes, limits.max_values)?;
    // Parsed as `str`: serde_json then skips its UTF-8 check of every string (a tenth of a
    // consumed event's parse), which the line above made once for the whole body.
    event_json(text.as_bytes(), serde_json::Deserializer::from_str(text))
        .map_err(|source| WireError::BadJson { source })
}

/// JSON text as a `Value`, as `serde_json::from_slice` reads it, except that a top-level
/// object is made with room for an event's fields and the envelope a publisher fills in:
/// `Value`'s own parser grows the map key by key, re-hashing it each time, which was a tenth
/// of a batch's parse-and-prepare time. Duplicate keys: the last wins, as with `Value`.
pub(crate) fn parse_event_json(text: &[u8]) -> serde_json::Result<Value> {
    event_json(text, serde_json::Deserializer::from_slice(text))
}

fn event_json<'a, R: serde_json::de::Read<'a>>(
    text: &[u8],
    mut de: serde_json::Deserializer<R>,
) -> serde_json::Result<Value> {
    if text.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        let v = serde::Deserialize::deserialize(&mut de)?;
        de.end()?;
        return Ok(v);
    }
    let map = serde::Deserializer::deserialize_map(&mut de, EventObject)?;
    de.end()?;
    Ok(Value::Object(map))
}

struct EventObject;

impl<'de> serde::de::Visitor<'de> for EventObject {
    type Value = serde_json::Map<String, Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let mut map = serde_json::Map::with_capacity(a.size_hint().unwrap_or(0).max(16));
        while let Some((k, v)) = a.next_entry::<String, Value>()? {
            map.insert(k, v);
        }
        Ok(map)
    }
}

/// Refuse JSON text holding more than `limit` values, without parsing it. Each value but the
/// first is announced by a `,` or an opening `[`/`{` outside strings, so counting those is an
/// upper bound that needs no allocation. Text shorter than `2 × limit` bytes is skipped:
/// every value takes at least one byte and one separator.
pub(crate) fn check_values(bytes: &[u8], limit: u64) -> Result<(), WireError> {
    if (bytes.len() as u64) < limit.saturating_mul(2) {
        return Ok(());
    }
    let (mut count, mut depth, mut in_str, mut esc) = (1u64, 0usize, false, false);
    for &b in bytes {
        if in_str {
            match (esc, b) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                // Too deep is serde_json's to report (its recursion limit), as it is for
                // short bodies, so the same body always gets the same error.
                if depth > JSON_MAX_DEPTH {
                    return Ok(());
                }
                count += 1;
                if count > limit {
                    return Err(WireError::TooManyValues { limit });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => {
                count += 1;
                if count > limit {
                    return Err(WireError::TooManyValues { limit });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The body of a message as JSON: [`body`] then [`parse_json`].
pub fn read_json(
    headers: Option<&HeaderMap>,
    payload: &[u8],
    limits: &Limits,
) -> Result<Value, WireError> {
    parse_json(&body(headers, payload, limits)?, limits)
}

/// A body as a person can best read it, for showing a message that did not decode.
#[derive(Debug, Clone, PartialEq)]
pub enum Readable {
    /// Valid JSON (after inflation when flagged).
    Json(Value),
    /// UTF-8 text that is not JSON.
    Text(String),
    /// Neither: the bytes (inflated when that worked, else as stored).
    Bytes(Vec<u8>),
    /// Not shown: the body inflates past the limit.
    TooLarge { limit: u64 },
    /// Not shown: the body holds more JSON values than the limit.
    TooManyValues { limit: u64 },
}

/// What to show for a message's body, whatever is wrong with it.
pub fn readable(headers: Option<&HeaderMap>, payload: &[u8], limits: &Limits) -> Readable {
    let bytes = match body(headers, payload, limits) {
        Ok(b) => b,
        Err(WireError::TooLarge { limit }) => return Readable::TooLarge { limit },
        // A bad header or bad gzip: the bytes as stored are all there is.
        Err(_) => Cow::Borrowed(payload),
    };
    match std::str::from_utf8(&bytes) {
        Ok(text) => match parse_json(text.as_bytes(), limits) {
            Ok(v) => Readable::Json(v),
            Err(WireError::TooManyValues { limit }) => Readable::TooManyValues { limit },
            Err(_) => Readable::Text(text.to_string()),
        },
        Err(_) => Readable::Bytes(bytes.into_owned()),
    }
}

/// `8 MiB`, `1.5 KiB`, `100 B`: a byte count in binary units.
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in &UNITS[1..] {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    if v.fract() == 0.0 {
        format!("{v:.0} {unit} ({n} bytes)")
    } else {
        format!("{v:.1} {unit} ({n} bytes)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write as _;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn flagged(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("compressed", v);
        h
    }

    #[test]
    fn one_line_is_the_stored_body_only_when_it_is_plain_and_has_no_line_break() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert("compressed", v);
            h
        };
        let body = br#"{"a": 1, "b": [2, 3]}"#;
        assert_eq!(one_line(None, body), Some(&body[..]));
        assert_eq!(one_line(Some(&with("false")), body), Some(&body[..]));
        assert_eq!(one_line(Some(&with("true")), body), None);
        assert_eq!(one_line(Some(&with("maybe")), body), None);
        assert_eq!(one_line(None, b"{\"a\":\n1}"), None);
        assert_eq!(one_line(None, b"{\"a\":1}\r"), None);
    }

    #[test]
    fn inflate_accepts_exactly_the_limit_and_refuses_one_byte_more() {
        let data = vec![b' '; 100_000];
        let z = gz(&data);
        assert_eq!(inflate(&z, 100_000).unwrap(), data);
        assert!(matches!(
            inflate(&z, 99_999),
            Err(WireError::TooLarge { limit: 99_999 })
        ));
        // Through the header path too, and the message names the limit.
        let limits = Limits {
            max_inflated: 99_999,
            ..Limits::default()
        };
        let e = body(Some(&flagged("true")), &z, &limits).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the gzip body inflates to more than the limit of 97.7 KiB (99999 bytes)"
        );
    }

    #[test]
    fn inflate_never_holds_much_more_than_the_limit() {
        // 64 MiB of zeros, refused at 1 MiB; the buffer must not have grown past the limit.
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            e.write_all(&zeros).unwrap();
        }
        let z = e.finish().unwrap();
        assert!(matches!(
            inflate(&z, 1 << 20),
            Err(WireError::TooLarge { .. })
        ));
        let ok = inflate(&gz(&zeros), 1 << 20).unwrap();
        assert!(ok.capacity() <= 1 << 20, "{}", ok.capacity());
    }

    #[test]
    fn every_gzip_member_is_read_like_python() {
        let mut z = gz(b"{\"a\":");
        z.extend(gz(b"1}"));
        let v = read_json(Some(&flagged("true")), &z, &Limits::default()).unwrap();
        assert_eq!(v["a"], 1);
        // The limit counts all members together.
        assert!(matches!(
            inflate(&z, 6),
            Err(WireError::TooLarge { limit: 6 })
        ));
        assert_eq!(inflate(&z, 7).unwrap(), b"{\"a\":1}");
    }

    #[test]
    fn header_lookup_prefers_the_exact_name_then_any_case() {
        let mut h = HeaderMap::new();
        h.insert("Event-Type", "CANON");
        assert_eq!(header(Some(&h), "event-type"), Some("CANON"));
        h.insert("event-type", "EXACT");
        assert_eq!(header(Some(&h), "event-type"), Some("EXACT"));
        // Neither spelling is exact: one of them, whichever the map holds first.
        assert!(header(Some(&h), "EVENT-TYPE").is_some());
        assert_eq!(header(Some(&h), "source"), None);
        assert_eq!(header(None, "event-type"), None);
    }

    #[test]
    fn compressed_header_values() {
        for v in ["true", "True", "TRUE"] {
            assert!(compressed(Some(&flagged(v))).unwrap(), "{v}");
        }
        for v in ["false", "FALSE", ""] {
            assert!(!compressed(Some(&flagged(v))).unwrap(), "{v:?}");
        }
        assert!(!compressed(None).unwrap());
        assert!(!compressed(Some(&HeaderMap::new())).unwrap());
        let mut canon = HeaderMap::new();
        canon.insert("Compressed", "true");
        assert!(compressed(Some(&canon)).unwrap());
        for v in ["yes", "1", "gzip"] {
            assert!(matches!(
                compressed(Some(&flagged(v))),
                Err(WireError::BadCompressedHeader { .. })
            ));
        }
    }

    #[test]
    fn both_mismatches_are_refused() {
        let l = Limits::default();
        let z = gz(b"{}");
        assert!(matches!(
            body(Some(&flagged("true")), b"{}", &l),
            Err(WireError::BadGzip { .. })
        ));
        assert!(matches!(body(None, &z, &l), Err(WireError::UnexpectedGzip)));
        assert!(matches!(
            body(Some(&flagged("false")), &z, &l),
            Err(WireError::UnexpectedGzip)
        ));
        // Truncated gzip is bad gzip, not a short body.
        assert!(matches!(
            body(Some(&flagged("true")), &z[..z.len() - 4], &l),
            Err(WireError::BadGzip { .. })
        ));
    }

    #[test]
    fn deep_json_is_an_error_not_a_stack_overflow() {
        let n = 100_000;
        let mut s = "[".repeat(n);
        s.push_str(&"]".repeat(n));
        let e = parse_json(s.as_bytes(), &Limits::default()).unwrap_err();
        assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse_json(nested(JSON_MAX_DEPTH).as_bytes(), &Limits::default()).is_ok());
        assert!(parse_json(nested(JSON_MAX_DEPTH + 1).as_bytes(), &Limits::default()).is_err());
    }

    #[test]
    fn a_body_with_more_values_than_the_limit_is_refused_before_parsing() {
        let limits = Limits {
            max_values: 1_000,
            ..Limits::default()
        };
        let array = |n: usize| format!("[{}]", vec!["0"; n].join(","));
        // 1,000 values: the array and 999 elements.
        assert!(parse_json(array(999).as_bytes(), &limits).is_ok());
        assert!(matches!(
            parse_json(array(1_000).as_bytes(), &limits),
            Err(WireError::TooManyValues { limit: 1_000 })
        ));
        // Separators inside strings are not values, escaped quotes included.
        let text = format!(r#"{{"a":"{}\",[{{"}}"#, ",".repeat(5_000));
        assert!(parse_json(text.as_bytes(), &limits).is_ok(), "{text}");
        assert!(matches!(
            readable(None, array(5_000).as_bytes(), &limits),
            Readable::TooManyValues { limit: 1_000 }
        ));
    }

    #[test]
    fn readable_prefers_json_then_text_then_bytes() {
        let l = Limits::default();
        assert_eq!(
            readable(None, b"{\"a\":1}", &l),
            Readable::Json(serde_json::json!({"a": 1}))
        );
        assert_eq!(
            readable(Some(&flagged("true")), &gz(b"{\"a\":1}"), &l),
            Readable::Json(serde_json::json!({"a": 1}))
        );
        assert_eq!(readable(None, b"hi", &l), Readable::Text("hi".into()));
        assert_eq!(readable(None, b"\xff", &l), Readable::Bytes(vec![0xff]));
        let big = gz(&[b' '; 2048]);
        assert_eq!(
            readable(
                Some(&flagged("true")),
                &big,
                &Limits {
                    max_inflated: 1024,
                    ..Limits::default()
                }
            ),
            Readable::TooLarge { limit: 1024 }
        );
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(100), "100 B");
        assert_eq!(human_size(8 << 20), "8 MiB (8388608 bytes)");
    }
}
