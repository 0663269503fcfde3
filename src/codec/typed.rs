//! Decoding a received message straight into a handler's typed event, for the subscriber
//! manager's hot path: the body is parsed field by field, each field checked by its own
//! tolerant validator (`schema::fields::FieldChecks`), and the typed event deserialised from
//! those fields, without first building the body as one `Value` map (a SipHash of every key,
//! a table to grow and free per message) and then copying it into the typed event.
//!
//! Like the publisher's direct path it only ever says yes: anything it is not sure of (a
//! gzip or JSON error, a limit, an unknown type, a repeated key, a schema that cannot be
//! split, a header that disagrees with the body, any violation, a body that does not fit the
//! type) is answered with `None`, and the caller takes [`EventFactory::decode`] then
//! [`TypedEvent::from_event`], which gives the same value or, on a bad message, the error the
//! dead letter carries. Tests hold both paths to the same answer on the same messages. A
//! declined message is read twice (a gzip body inflated twice, each time within the same
//! limit); only bad or unusual messages go that way.

use serde::de::value::MapDeserializer;
use serde_json::Value;

use super::walk::{FieldWalk, Step};
use super::{direct, onepass, EventFactory, RawMessage};
use crate::event::{field, header, TypedEvent};
use crate::schema::fields::FieldChecks;
use crate::schema::{check_envelope, Mode, Violations};
use crate::wire;

/// A body read for its checks only: every field is skipped once checked, so nothing is built.
#[derive(serde::Deserialize)]
struct ChecksOnly {}

impl TypedEvent for ChecksOnly {
    const EVENT_TYPES: &'static [&'static str] = &[];
    const FROM_BODY: bool = true;
}

impl EventFactory {
    /// Whether `decode(msg)` would accept the message, and its event id, without building
    /// the event: for a caller that passes the body on as stored (`evt consume` printing
    /// it). Where the typed path can vouch for the message it does, with nothing built;
    /// anything else is decoded, so the error is `decode`'s.
    pub fn verify(&self, msg: &RawMessage<'_>) -> Result<String, super::DecodeError> {
        match self.decode_typed::<ChecksOnly>(msg) {
            Some((_, id)) => Ok(id),
            None => self.decode(msg).map(|e| e.event_id),
        }
    }

    /// `decode(msg)` then `T::from_event`, and the event's id; `None` when this path cannot
    /// vouch for the message (see the module doc). Only for types whose
    /// [`TypedEvent::FROM_BODY`] is set: their `from_event` is the body's fields deserialised.
    pub(crate) fn decode_typed<T: TypedEvent>(&self, msg: &RawMessage<'_>) -> Option<(T, String)> {
        if !T::FROM_BODY {
            return None;
        }
        let body = wire::body(msg.headers, msg.payload, &self.limits).ok()?;
        // One UTF-8 check of the whole body, then parsed as `str` (serde_json would otherwise
        // check each string it reads again).
        let text = std::str::from_utf8(&body).ok()?;
        wire::check_values(&body, self.limits.max_values).ok()?;
        if let Some(event_type) = wire::header(msg.headers, header::EVENT_TYPE) {
            return self.decode_one_pass(msg, text, event_type);
        }
        let entries = direct::entries(text)?;
        let text = |name: &str| {
            entries.iter().find_map(|(k, v)| match v {
                Value::String(s) if k == name => Some(s.as_str()),
                _ => None,
            })
        };
        let (event_type, event_id) = (text(field::EVENT_TYPE)?, text(field::EVENT_ID));
        let checks = self.checks_for::<T>(event_type)?;
        if super::header_mismatch(msg.headers, text).is_some() {
            return None;
        }
        let mut walk = FieldWalk::new(checks);
        for (k, v) in &entries {
            let fine = match walk.step(k) {
                Step::Declared(at) => checks.accepts(at, v),
                Step::Undeclared => !checks.is_closed(),
                Step::Decline => false,
            };
            if !fine {
                return None;
            }
        }
        if !walk.complete() || !envelope_fine(text(field::TIMESTAMP), event_id) {
            return None;
        }
        let event_id = event_id?.to_string();
        // Consumes every entry or fails (the deserializer checks nothing is left over).
        let de = MapDeserializer::<_, serde_json::Error>::new(entries.into_iter());
        let typed = T::deserialize(de).ok()?;
        Some((typed, event_id))
    }

    /// The typed path for a message whose `event-type` header names its schema up front: the
    /// event deserialised from the bytes in one pass (`codec::onepass`), then the checks that
    /// need the whole body (required fields, the envelope, the headers against the body).
    fn decode_one_pass<T: TypedEvent>(
        &self,
        msg: &RawMessage<'_>,
        body: &str,
        event_type: &str,
    ) -> Option<(T, String)> {
        let checks = self.checks_for::<T>(event_type)?;
        let mut seen = onepass::Seen::new(checks);
        let mut de = serde_json::Deserializer::from_str(body);
        let typed = T::deserialize(onepass::Body {
            de: &mut de,
            seen: &mut seen,
        })
        .ok()?;
        de.end().ok()?;
        if !seen.walk.complete() {
            return None;
        }
        let [event_id, body_type, timestamp] = &seen.kept;
        let text = |name: &str| {
            match name {
                field::EVENT_ID => event_id,
                field::EVENT_TYPE => body_type,
                _ => &None,
            }
            .as_deref()
        };
        if super::header_mismatch(msg.headers, text).is_some()
            || !envelope_fine(timestamp.as_deref(), event_id.as_deref())
        {
            return None;
        }
        Some((typed, event_id.as_deref()?.to_string()))
    }

    /// The tolerant split of `event_type`'s schema, when `T` takes that type.
    fn checks_for<T: TypedEvent>(&self, event_type: &str) -> Option<&FieldChecks> {
        if !T::accepts(event_type) {
            return None;
        }
        self.registry.get(event_type)?.field_checks(Mode::Tolerant)
    }
}

/// The envelope rules JSON Schema cannot state (`check_envelope`), as a yes or no.
fn envelope_fine(timestamp: Option<&str>, event_id: Option<&str>) -> bool {
    let mut violations = Violations::default();
    check_envelope(timestamp, event_id, Mode::Tolerant, &mut violations);
    violations.is_empty()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use async_nats::HeaderMap;
    use serde_json::json;

    use super::*;
    use crate::codec::{Defaults, EncodeOptions};
    use crate::event::{Event, MarketDataEvent, RiskEvent, SystemEvent, TradingEvent};
    use crate::schema::SchemaRegistry;

    fn factory() -> EventFactory {
        EventFactory::new(Arc::new(SchemaRegistry::builtin().unwrap()))
    }

    fn raw<'a>(headers: &'a HeaderMap, payload: &'a [u8]) -> RawMessage<'a> {
        RawMessage {
            subject: "t.x",
            headers: Some(headers),
            payload,
            stream: Some("S"),
            stream_seq: Some(1),
        }
    }

    /// The path a handler's argument takes when this one declines.
    fn whole<T: TypedEvent>(f: &EventFactory, msg: &RawMessage<'_>) -> Option<(T, String)> {
        let e = f.decode(msg).ok()?;
        let id = e.event_id.clone();
        Some((e.to_typed::<T>().ok()?, id))
    }

    /// Both paths on one message: where the typed path answers, the whole one must give the
    /// same value. Returns (typed answered, whole answered).
    fn both<T: TypedEvent + PartialEq + std::fmt::Debug>(
        f: &EventFactory,
        headers: &HeaderMap,
        payload: &[u8],
    ) -> (bool, bool) {
        let msg = raw(headers, payload);
        let direct = f.decode_typed::<T>(&msg);
        let whole = whole::<T>(f, &msg);
        if let Some(d) = &direct {
            assert_eq!(
                Some(d),
                whole.as_ref(),
                "{}",
                String::from_utf8_lossy(payload)
            );
        }
        (direct.is_some(), whole.is_some())
    }

    /// Each fixture body, as a Python service writes it, plus per field: removed, null, and a
    /// run of values of other kinds; plain and gzip; with and without evt's headers.
    fn variants(body: &serde_json::Map<String, Value>) -> Vec<Vec<u8>> {
        let mut out = vec![serde_json::to_vec(body).unwrap()];
        let others = [
            json!(null),
            json!(0),
            json!(-1),
            json!(1.5),
            json!(""),
            json!("x"),
            json!(true),
            json!([]),
            json!({}),
            json!({"open": 1.0, "high": 2.0, "low": 0.5, "close": 1.5}),
            json!(9_007_199_254_740_993u64),
        ];
        for k in body.keys() {
            let mut b = body.clone();
            b.shift_remove(k);
            out.push(serde_json::to_vec(&b).unwrap());
            for o in &others {
                let mut b = body.clone();
                b.insert(k.clone(), o.clone());
                out.push(serde_json::to_vec(&b).unwrap());
            }
        }
        let mut b = body.clone();
        b.insert("newer_field".into(), json!({"nested": [1, null]}));
        out.push(serde_json::to_vec(&b).unwrap());
        out
    }

    /// Each Python fixture: the body it decodes to, and the message as Python sent it.
    fn fixtures() -> Vec<(serde_json::Map<String, Value>, HeaderMap, Vec<u8>)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let dir = entry.unwrap().path();
            let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
            let Value::Object(body) = serde_json::from_slice(&read("expected.json")).unwrap()
            else {
                panic!("{} is not an object", dir.display())
            };
            let mut headers = HeaderMap::new();
            // `null` for a message sent without headers.
            let hs: Option<serde_json::Map<String, Value>> =
                serde_json::from_slice(&read("headers.json")).unwrap();
            for (k, v) in hs.unwrap_or_default() {
                headers.insert(k.as_str(), v.as_str().unwrap());
            }
            out.push((body, headers, read("payload.bin")));
        }
        assert!(out.len() >= 8, "python fixtures found: {}", out.len());
        out
    }

    fn check_all<T: TypedEvent + PartialEq + std::fmt::Debug>(
        f: &EventFactory,
        (body, python_headers, python_payload): &(
            serde_json::Map<String, Value>,
            HeaderMap,
            Vec<u8>,
        ),
    ) -> (usize, usize) {
        let (mut answered, mut accepted) = (0, 0);
        let (d, w) = both::<T>(f, python_headers, python_payload);
        assert!(w, "the Python message decodes");
        answered += d as usize;
        accepted += 1;
        let enc = f
            .encode(
                &serde_json::from_value::<Event>(Value::Object(body.clone())).unwrap(),
                &EncodeOptions::default(),
            )
            .unwrap();
        let zipped = f
            .encode(
                &serde_json::from_value::<Event>(Value::Object(body.clone())).unwrap(),
                &EncodeOptions {
                    compress: true,
                    ..Default::default()
                },
            )
            .unwrap();
        for payload in variants(body) {
            for headers in [&HeaderMap::new(), &enc.headers] {
                let (d, w) = both::<T>(f, headers, &payload);
                answered += d as usize;
                accepted += w as usize;
            }
        }
        let (d, w) = both::<T>(f, &zipped.headers, &zipped.payload);
        assert!(w, "a gzip body of a valid event decodes");
        answered += d as usize;
        accepted += 1;
        (answered, accepted)
    }

    #[test]
    fn the_typed_path_agrees_with_decode_on_every_fixture_and_variant() {
        let f = factory();
        let mut split = 0;
        for fixture in fixtures() {
            let t = fixture.0["event_type"].as_str().unwrap().to_string();
            let splits = f
                .registry()
                .get(&t)
                .unwrap()
                .field_checks(Mode::Tolerant)
                .is_some();
            let (answered, accepted) = if MarketDataEvent::accepts(&t) {
                check_all::<MarketDataEvent>(&f, &fixture)
            } else if TradingEvent::accepts(&t) {
                check_all::<TradingEvent>(&f, &fixture)
            } else if SystemEvent::accepts(&t) {
                check_all::<SystemEvent>(&f, &fixture)
            } else if RiskEvent::accepts(&t) {
                check_all::<RiskEvent>(&f, &fixture)
            } else {
                panic!("no typed event for {t}")
            };
            assert!(accepted > 0, "{t}");
            if splits {
                split += 1;
                // Where the schema splits, the typed path answers for all the whole path
                // answers (it declines nothing valid but a repeated key, and there is none).
                assert_eq!(answered, accepted, "{t}");
            } else {
                assert_eq!(answered, 0, "{t}");
            }
        }
        // Every built-in type splits but ORDER_PLACED (its LIMIT/SL rules).
        assert!(split >= 9, "fixtures whose type splits: {split}");
    }

    /// `EventSchema::check` answers valid bodies field by field where the schema splits:
    /// on every fixture and variant, in both modes, its yes or no is the whole-document
    /// validator's (with the envelope rules JSON Schema cannot state).
    #[test]
    fn the_split_check_answers_as_the_whole_document_validator() {
        let f = factory();
        let (mut valid, mut invalid) = (0, 0);
        for (body, _, _) in fixtures() {
            let t = body["event_type"].as_str().unwrap().to_string();
            let schema = f.registry().get(&t).unwrap();
            for bytes in variants(&body) {
                let v: Value = serde_json::from_slice(&bytes).unwrap();
                for mode in [Mode::Strict, Mode::Tolerant] {
                    let envelope = {
                        let mut out = Violations::default();
                        let text = |n: &str| v.get(n).and_then(Value::as_str);
                        check_envelope(text("timestamp"), text("event_id"), mode, &mut out);
                        out.is_empty()
                    };
                    let whole = schema.whole_is_valid(&v, mode) && envelope;
                    let checked = schema.check(&v, mode);
                    assert_eq!(checked.is_ok(), whole, "{t} {mode:?}: {v}");
                    if whole {
                        valid += 1;
                    } else {
                        invalid += 1;
                    }
                }
            }
        }
        assert!(
            valid > 100 && invalid > 100,
            "{valid} valid, {invalid} invalid"
        );
    }

    /// `verify` accepts exactly what `decode` accepts, with the same event id, on every
    /// fixture and variant, with and without evt's headers; and it answers without decoding
    /// for the valid ones whose type splits.
    #[test]
    fn verify_agrees_with_decode() {
        let f = factory();
        let (mut both_ok, mut both_refused, mut vouched) = (0, 0, 0);
        for (body, python_headers, python_payload) in fixtures() {
            let enc = f
                .encode(
                    &serde_json::from_value::<Event>(Value::Object(body.clone())).unwrap(),
                    &EncodeOptions::default(),
                )
                .unwrap();
            let mut messages = vec![(python_headers.clone(), python_payload.clone())];
            for payload in variants(&body) {
                messages.push((HeaderMap::new(), payload.clone()));
                messages.push((enc.headers.clone(), payload));
            }
            for (headers, payload) in &messages {
                let msg = raw(headers, payload);
                let decoded = f.decode(&msg).map(|e| e.event_id);
                let verified = f.verify(&msg);
                assert_eq!(
                    verified.as_ref().ok(),
                    decoded.as_ref().ok(),
                    "{}",
                    String::from_utf8_lossy(payload)
                );
                if decoded.is_ok() {
                    both_ok += 1;
                    vouched += f.decode_typed::<ChecksOnly>(&msg).is_some() as usize;
                } else {
                    both_refused += 1;
                }
            }
        }
        // Nested deeper than `decode` reads, in a field the type does not declare (skipped
        // unread by the one-pass reader, which must not skip past the limit).
        let body = fixtures().remove(0).0;
        let enc = f
            .encode(
                &serde_json::from_value::<Event>(Value::Object(body)).unwrap(),
                &EncodeOptions::default(),
            )
            .unwrap();
        let text = String::from_utf8(enc.payload.to_vec()).unwrap();
        for depth in [100, 200, 5_000] {
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let payload = text.replacen('{', &format!("{{\"deep\": {deep}, "), 1);
            let msg = raw(&enc.headers, payload.as_bytes());
            let decoded = f.decode(&msg).map(|e| e.event_id);
            assert_eq!(
                f.verify(&msg).ok(),
                decoded.as_ref().ok().cloned(),
                "depth {depth}"
            );
            assert_eq!(decoded.is_ok(), depth == 100, "depth {depth}");
        }
        assert!(
            both_ok > 100 && both_refused > 100,
            "{both_ok} / {both_refused}"
        );
        assert!(
            vouched * 2 > both_ok,
            "{vouched} of {both_ok} answered without decoding"
        );
    }

    #[test]
    fn declined_messages_are_left_to_decode() {
        let f = factory();
        let d = Defaults {
            source: "test".into(),
            correlation_id: None,
        };
        let e = f
            .prepare(
                json!({"event_type": "RISK_ALERT", "alert_type": "DRAWDOWN", "severity": "HIGH",
                    "message": "m"}),
                &d,
            )
            .unwrap();
        let enc = f.encode(&e, &EncodeOptions::default()).unwrap();
        let ok = raw(&enc.headers, &enc.payload);
        assert!(f.decode_typed::<RiskEvent>(&ok).is_some());
        // Not the handler's type, or a type that does not opt in.
        assert!(f.decode_typed::<TradingEvent>(&ok).is_none());
        assert!(f.decode_typed::<Event>(&ok).is_none());
        let text = String::from_utf8(enc.payload.to_vec()).unwrap();
        let repeated = text.replacen("{", "{\"severity\": \"LOW\", ", 1);
        let other_id = text.replace(&e.event_id, "00000000-0000-4000-8000-000000000000");
        let bad_ts = text.replace(&e.timestamp, "yesterday");
        for bad in [
            repeated.as_str(),
            other_id.as_str(),
            bad_ts.as_str(),
            "[1]",
            "{\"event_type\": \"RISK_ALERT\"} x",
            "{\"event_type\": \"NO_SUCH\"}",
        ] {
            let msg = raw(&enc.headers, bad.as_bytes());
            assert!(f.decode_typed::<RiskEvent>(&msg).is_none(), "{bad}");
        }
        // Not UTF-8 inside a string, or outside one: serde_json's parse refuses both, so the
        // typed path never skips the check `decode` makes first.
        let mut bad_utf8 = enc.payload.to_vec();
        let at = text.find("DRAWDOWN").unwrap();
        bad_utf8[at] = 0xff;
        let mut outside = enc.payload.to_vec();
        outside.insert(1, 0xc3);
        for bytes in [bad_utf8, outside] {
            let msg = raw(&enc.headers, &bytes);
            assert!(f.decode_typed::<RiskEvent>(&msg).is_none());
            assert!(f.decode(&msg).is_err());
        }
        // Many undeclared fields (the one-pass reader's repeat check is quadratic): declined
        // at 64, read by the whole path.
        let mut many =
            serde_json::from_slice::<serde_json::Map<String, Value>>(&enc.payload).unwrap();
        for i in 0..5_000 {
            many.insert(format!("extra_{i}"), json!(i));
        }
        let many = serde_json::to_vec(&many).unwrap();
        let msg = raw(&enc.headers, &many);
        assert!(f.decode_typed::<RiskEvent>(&msg).is_none());
        let (r, _) = whole::<RiskEvent>(&f, &msg).unwrap();
        assert_eq!(r.extra.len(), 5_000);
        // The repeated key decodes on the whole path (last value wins), as before.
        let plain = HeaderMap::new();
        let (r, _) = whole::<RiskEvent>(&f, &raw(&plain, repeated.as_bytes())).unwrap();
        assert_eq!(r.severity.as_deref(), Some("HIGH"));
    }
}
