//! The typed path in one pass: a handler's typed event deserialised straight from the body's
//! bytes, each declared field checked as the parser reads it (its compiled scalar check, or
//! jsonschema on a `Value` of that one field when its subschema does not compile), instead
//! of first parsing every field into a `Value` and then deserialising the event from those.
//!
//! The schema must be known before the first field, so this needs the `event-type` header
//! (evt and the blueprint's Python publisher both write it); the body's `event_type` must
//! then agree with it. Like the rest of the typed path it only says yes: any failed check,
//! repeated key, parse error or a body that does not fit the type stops the parse, and the
//! message takes the whole decode, which words the error.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::direct::Key;
use super::walk::{FieldWalk, Step};
use crate::schema::fields::FieldChecks;
use crate::schema::scalar::{Scalar, ScalarCheck};

/// What the pass saw, for the checks made once it ends.
pub(super) struct Seen<'c, 'de> {
    pub walk: FieldWalk<'c, 'de>,
    current: Option<usize>,
    /// The envelope strings kept (`FieldChecks::envelope_at`): event id, event type,
    /// timestamp.
    pub kept: [Option<Cow<'de, str>>; 3],
}

impl<'c, 'de> Seen<'c, 'de> {
    pub fn new(checks: &'c FieldChecks) -> Self {
        Seen {
            walk: FieldWalk::new(checks),
            current: None,
            kept: [None, None, None],
        }
    }

    fn slot(&mut self, at: usize) -> Option<&mut Option<Cow<'de, str>>> {
        let i = self
            .walk
            .checks
            .envelope_at()
            .iter()
            .position(|k| *k == Some(at))?;
        self.kept.get_mut(i)
    }
}

fn declined<E: de::Error>() -> E {
    E::custom("declined by the one-pass reader")
}

/// The body's deserializer, handing the type a map whose fields are checked.
pub(super) struct Body<'s, 'c, 'de, D> {
    pub de: D,
    pub seen: &'s mut Seen<'c, 'de>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Body<'_, '_, 'de, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_map(Object {
            visitor,
            seen: self.seen,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct Object<'s, 'c, 'de, V> {
    visitor: V,
    seen: &'s mut Seen<'c, 'de>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Object<'_, '_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Fields {
            map,
            seen: self.seen,
        })
    }
}

struct Fields<'s, 'c, 'de, A> {
    map: A,
    seen: &'s mut Seen<'c, 'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Fields<'_, '_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(Key)? else {
            return Ok(None);
        };
        let s = &mut *self.seen;
        s.current = match s.walk.step(&key) {
            Step::Declared(at) => Some(at),
            Step::Undeclared if !s.walk.checks.is_closed() => None,
            Step::Undeclared | Step::Decline => return Err(declined()),
        };
        match key {
            Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::new(k)),
            Cow::Owned(k) => seed.deserialize(StringDeserializer::new(k)),
        }
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let Some(at) = self.seen.current.take() else {
            // Undeclared (the tolerant reader accepts any value). Read as a `Value`, which
            // holds its nesting to serde_json's limit as `decode` does: a type that skips the
            // field unread would have serde_json skip it to any depth.
            let v: Value = self.map.next_value()?;
            return seed.deserialize(v).map_err(de::Error::custom);
        };
        let (validator, scalar) = self.seen.walk.checks.checks_at(at);
        if let Some(check) = scalar {
            let guard = Guard {
                check,
                keep: self.seen.slot(at),
            };
            return self.map.next_value_seed(Checked { seed, guard });
        }
        let v: Value = self.map.next_value()?;
        if !validator.is_valid(&v) {
            return Err(declined());
        }
        if let (Some(slot), Value::String(s)) = (self.seen.slot(at), &v) {
            *slot = Some(Cow::Owned(s.clone()));
        }
        seed.deserialize(v).map_err(de::Error::custom)
    }
}

/// What stands between one declared scalar field's value and the type's own deserializer:
/// the field's check, and where to keep the value when it is an envelope string.
struct Guard<'k, 'c, 'de> {
    check: &'c ScalarCheck,
    keep: Option<&'k mut Option<Cow<'de, str>>>,
}

impl<'de> Guard<'_, '_, 'de> {
    fn pass<E: de::Error>(&self, v: Scalar<'_>) -> Result<(), E> {
        if self.check.accepts(v) {
            Ok(())
        } else {
            Err(declined())
        }
    }

    /// `v` is only made when the value is kept (an escaped string is copied for it).
    fn keep(&mut self, v: impl FnOnce() -> Cow<'de, str>) {
        if let Some(slot) = self.keep.as_deref_mut() {
            *slot = Some(v());
        }
    }
}

/// The field's value as a seed: its deserializer wrapped in the guard.
struct Checked<'k, 'c, 'de, S> {
    seed: S,
    guard: Guard<'k, 'c, 'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Checked<'_, '_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Guarded {
            de,
            guard: self.guard,
        })
    }
}

struct Guarded<'k, 'c, 'de, D> {
    de: D,
    guard: Guard<'k, 'c, 'de>,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Guarded<'_, '_, 'de, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let guard = self.guard;
        self.de.deserialize_any(Check { visitor, guard })
    }

    // `Option<T>` fields must be asked for as options, or a present value would not reach
    // `visit_some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let guard = self.guard;
        self.de.deserialize_option(Check { visitor, guard })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// `visit_*` methods of `Check` for plain scalars: the guard's answer, then the type's visitor.
macro_rules! checked_scalars {
    ($($method:ident($ty:ty) => $kind:ident),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.guard.pass(Scalar::$kind(v))?;
            self.visitor.$method(v)
        }
    )*};
}

/// The type's visitor, behind the guard. A value that is not a scalar (an object or array)
/// falls to the defaults, which refuse it: such a field's subschema never compiles.
struct Check<'k, 'c, 'de, V> {
    visitor: V,
    guard: Guard<'k, 'c, 'de>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Check<'_, '_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    checked_scalars!(visit_bool(bool) => Bool, visit_i64(i64) => I64, visit_u64(u64) => U64, visit_f64(f64) => F64);

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> Result<V::Value, E> {
        self.guard.pass(Scalar::Str(v))?;
        self.guard.keep(|| Cow::Borrowed(v));
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<V::Value, E> {
        self.guard.pass(Scalar::Str(v))?;
        self.guard.keep(|| Cow::Owned(v.to_owned()));
        self.visitor.visit_str(v)
    }

    fn visit_string<E: de::Error>(mut self, v: String) -> Result<V::Value, E> {
        self.guard.pass(Scalar::Str(&v))?;
        self.guard.keep(|| Cow::Owned(v.clone()));
        self.visitor.visit_string(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.guard.pass(Scalar::Null)?;
        self.visitor.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.guard.pass(Scalar::Null)?;
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        let guard = self.guard;
        self.visitor.visit_some(Guarded { de, guard })
    }
}
