//! Human units in the spec: durations (`7d`, `500ms`) and sizes (`10GiB`).
//!
//! Both parse leniently (any unit people write) and print canonically (the largest unit that
//! divides the value exactly), so that `168h` and `7d` compare equal and `export` writes what a
//! person would. Bare numbers are refused for durations: JetStream's JSON uses nanoseconds and
//! a stray `max_age: 7` would silently mean 7 ns.

use std::fmt;
use std::time::Duration;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A duration written with a unit; `0` alone is allowed and means "none / unlimited".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dur(pub Duration);

const UNITS: [(&str, u128); 7] = [
    ("d", 86_400_000_000_000),
    ("h", 3_600_000_000_000),
    ("m", 60_000_000_000),
    ("s", 1_000_000_000),
    ("ms", 1_000_000),
    ("us", 1_000),
    ("ns", 1),
];

impl Dur {
    /// Parse `7d`, `1h30m`, `500ms`, `0`.
    pub fn parse(s: &str) -> Result<Dur, String> {
        let t = s.trim();
        if t == "0" {
            return Ok(Dur(Duration::ZERO));
        }
        if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "'{t}' has no unit: write e.g. {t}s, {t}ms, {t}m, {t}h or {t}d"
            ));
        }
        let d = humantime::parse_duration(t)
            .map_err(|e| format!("'{t}' is not a duration ({e}); try 500ms, 30s, 2m, 1h, 7d"))?;
        // JetStream carries durations as signed 64-bit nanoseconds (about 292 years); a longer
        // one would wrap into a negative, i.e. a different, value on the server.
        if d.as_nanos() > i64::MAX as u128 {
            return Err(format!("'{t}' is too long (at most 292 years)"));
        }
        Ok(Dur(d))
    }

    pub fn as_duration(self) -> Duration {
        self.0
    }
}

impl fmt::Display for Dur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.as_nanos();
        if n == 0 {
            return f.write_str("0s");
        }
        for (unit, size) in UNITS {
            if n.is_multiple_of(size) {
                return write!(f, "{}{unit}", n / size);
            }
        }
        unreachable!("1 ns divides every duration")
    }
}

impl Serialize for Dur {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Dur;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration with a unit, such as 500ms, 30s, 2m, 1h or 7d")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dur, E> {
                Dur::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dur, E> {
                Dur::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dur, E> {
                Dur::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// An RFC 3339 instant (`2026-01-31T09:00:00Z`, `2026-01-31T14:30:00+05:30`), for
/// `opt_start_time`. Parsed when the spec is loaded, so a value like `yesterday 10am` is an
/// error with its file and line instead of a start time nobody meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StartTime(pub OffsetDateTime);

impl StartTime {
    pub fn parse(s: &str) -> Result<StartTime, String> {
        let t = s.trim();
        OffsetDateTime::parse(t, &Rfc3339)
            .map(|v| StartTime(v.to_offset(time::UtcOffset::UTC)))
            .map_err(|e| {
                format!("'{t}' is not an RFC 3339 time ({e}); write e.g. 2026-01-31T09:00:00Z")
            })
    }
}

impl fmt::Display for StartTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.format(&Rfc3339) {
            Ok(s) => f.write_str(&s),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for StartTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StartTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = StartTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 time such as 2026-01-31T09:00:00Z")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StartTime, E> {
                StartTime::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A byte size: `10GiB`, `512MB`, `1048576`; `-1` means unlimited (JetStream's convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Size(pub i64);

const SIZE_UNITS: [(&str, i64); 9] = [
    ("TiB", 1 << 40),
    ("GiB", 1 << 30),
    ("MiB", 1 << 20),
    ("KiB", 1 << 10),
    ("TB", 1_000_000_000_000),
    ("GB", 1_000_000_000),
    ("MB", 1_000_000),
    ("KB", 1_000),
    ("B", 1),
];

impl Size {
    pub fn parse(s: &str) -> Result<Size, String> {
        let t = s.trim();
        let bad =
            || format!("'{t}' is not a size; try 1048576, 512MiB, 10GiB, 500MB or -1 (unlimited)");
        if let Ok(n) = t.parse::<i64>() {
            return if n >= -1 { Ok(Size(n)) } else { Err(bad()) };
        }
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (num, unit) = t.split_at(split);
        let unit = unit.trim();
        let mult = SIZE_UNITS
            .iter()
            .chain(
                [
                    ("K", 1 << 10),
                    ("M", 1 << 20),
                    ("G", 1 << 30),
                    ("T", 1 << 40),
                ]
                .iter(),
            )
            .find(|(u, _)| u.eq_ignore_ascii_case(unit))
            .map(|(_, m)| *m)
            .ok_or_else(bad)?;
        let value: f64 = num.parse().map_err(|_| bad())?;
        let bytes = value * mult as f64;
        if !bytes.is_finite() || bytes < 0.0 || bytes > i64::MAX as f64 || bytes.fract() != 0.0 {
            return Err(bad());
        }
        Ok(Size(bytes as i64))
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 <= 0 {
            return write!(f, "{}", self.0);
        }
        for (unit, m) in SIZE_UNITS.iter().take(8) {
            if self.0 % m == 0 {
                return write!(f, "{}{unit}", self.0 / m);
            }
        }
        write!(f, "{}", self.0)
    }
}

impl Serialize for Size {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Plain byte counts stay numbers so the YAML reads naturally; others carry their unit.
        let text = self.to_string();
        match text.parse::<i64>() {
            Ok(n) => s.serialize_i64(n),
            Err(_) => s.serialize_str(&text),
        }
    }
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Size;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a size such as 1048576, 512MiB or 10GiB (-1 for unlimited)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Size, E> {
                Size::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Size, E> {
                i64::try_from(v)
                    .map(Size)
                    .map_err(|_| E::custom(format!("{v} is too large")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Size, E> {
                Size::parse(&v.to_string()).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units_and_print_canonically() {
        assert_eq!(Dur::parse("7d").unwrap().0, Duration::from_secs(7 * 86400));
        assert_eq!(Dur::parse("168h").unwrap().to_string(), "7d");
        assert_eq!(Dur::parse("500ms").unwrap().to_string(), "500ms");
        assert_eq!(Dur::parse("1h30m").unwrap().to_string(), "90m");
        assert_eq!(Dur::parse("0").unwrap().to_string(), "0s");
        assert!(Dur::parse("7").unwrap_err().contains("no unit"));
        assert!(Dur::parse("7 fortnights").is_err());
        assert!(Dur::parse("1000000y").unwrap_err().contains("too long"));
    }

    #[test]
    fn start_times_are_rfc3339_and_print_in_utc() {
        let t = StartTime::parse("2026-01-31T14:30:00+05:30").unwrap();
        assert_eq!(t.to_string(), "2026-01-31T09:00:00Z");
        assert!(StartTime::parse("yesterday 10am")
            .unwrap_err()
            .contains("not an RFC 3339 time"));
    }

    #[test]
    fn sizes_parse_binary_and_decimal_units() {
        assert_eq!(Size::parse("10GiB").unwrap().0, 10 << 30);
        assert_eq!(Size::parse("500MB").unwrap().0, 500_000_000);
        assert_eq!(Size::parse("1.5KiB").unwrap().0, 1536);
        assert_eq!(Size::parse("-1").unwrap().0, -1);
        assert_eq!(Size(10 << 30).to_string(), "10GiB");
        assert_eq!(Size(1000).to_string(), "1KB");
        assert_eq!(Size(1001).to_string(), "1001");
        assert!(Size::parse("-5").is_err());
        assert!(Size::parse("10 parsecs").is_err());
    }
}
