//! Reading events from a file or stdin without holding the whole input in memory.
//!
//! The format is detected from the content, not the file name:
//! - the first non-blank line is a complete `{...}` object → NDJSON, one event per line; a bad
//!   line is reported with its number and the next line is read normally;
//! - the input starts with `[` → a JSON array, streamed element by element;
//! - the first line opens an object without closing it → pretty-printed JSON object(s),
//!   one after another (a single `tick.json` is the common case).
//!
//! The scanner only finds where each value ends (brackets and strings); `serde_json` parses
//! each value on its own, so memory is bounded by the largest single event.

use std::io::{self, BufRead, Cursor, Read};

use serde_json::Value;
use thiserror::Error;

/// Where an item came from: its ordinal (1-based), the line it starts on, and how many bytes
/// of input have been consumed once it was read (for progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub index: u64,
    pub line: u64,
    pub offset: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)
    }
}

/// How the input is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ndjson,
    Array,
    /// One or more pretty-printed objects, whitespace separated.
    Objects,
    /// Nothing but whitespace.
    Empty,
}

/// Why one item of the input is not an event body.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("malformed JSON: {0}")]
    Malformed(String),
    #[error("expected a JSON object (an event), found {0}")]
    NotAnObject(&'static str),
    /// The array or object structure is broken; nothing after this point can be read.
    #[error("{0}")]
    Structure(String),
    #[error("reading input failed: {0}")]
    Io(#[from] io::Error),
}

impl InputError {
    /// Whether reading can continue after this error.
    pub fn is_fatal(&self) -> bool {
        matches!(self, InputError::Structure(_) | InputError::Io(_))
    }
}

/// One item read from the input: an event body, or why it is not one.
#[derive(Debug)]
pub struct RawItem {
    pub position: Position,
    pub body: Result<Value, InputError>,
}

enum ArrayState {
    First,
    Next,
    Done,
}

/// Streams event bodies out of any reader; an `Iterator` of [`RawItem`]s.
pub struct InputReader<R: BufRead> {
    r: io::Chain<Cursor<Vec<u8>>, R>,
    format: Format,
    line: u64,
    offset: u64,
    index: u64,
    array: ArrayState,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> InputReader<R> {
    /// Reads just enough (blank lines and the first line) to detect the format.
    pub fn new(mut r: R) -> io::Result<Self> {
        let mut head = Vec::new();
        let format = loop {
            let start = head.len();
            let n = r.read_until(b'\n', &mut head)?;
            if n == 0 {
                break Format::Empty;
            }
            let mut first = trim(&head[start..]);
            if start == 0 {
                first = first
                    .strip_prefix(b"\xEF\xBB\xBF".as_slice())
                    .unwrap_or(first);
            }
            if first.is_empty() {
                continue;
            }
            break if first[0] == b'[' {
                Format::Array
            } else if first[0] == b'{' && first.last() != Some(&b'}') {
                Format::Objects
            } else {
                Format::Ndjson
            };
        };
        // Drop a UTF-8 byte order mark so it is neither a parse error nor counted as data.
        let skip = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let mut cursor = Cursor::new(head);
        cursor.set_position(skip);
        Ok(Self {
            r: cursor.chain(r),
            format,
            line: 1,
            offset: skip,
            index: 0,
            array: ArrayState::First,
            buf: Vec::with_capacity(1024),
            done: format == Format::Empty,
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    fn item(&mut self, line: u64, body: Result<Value, InputError>) -> RawItem {
        self.index += 1;
        if matches!(&body, Err(e) if e.is_fatal()) {
            self.done = true;
        }
        RawItem {
            position: Position {
                index: self.index,
                line,
                offset: self.offset,
            },
            body,
        }
    }

    fn next_ndjson(&mut self) -> Option<RawItem> {
        loop {
            self.buf.clear();
            let line = self.line;
            let n = match self.r.read_until(b'\n', &mut self.buf) {
                Ok(n) => n,
                Err(e) => return Some(self.item(line, Err(e.into()))),
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            self.offset += n as u64;
            let text = trim(&self.buf);
            if text.is_empty() {
                continue;
            }
            let body = parse_object(text);
            return Some(self.item(line, body));
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(self.r.fill_buf()?.first().copied())
    }

    fn bump(&mut self, b: u8) {
        self.r.consume(1);
        self.offset += 1;
        if b == b'\n' {
            self.line += 1;
        }
    }

    /// Skips whitespace; returns the next byte without consuming it.
    fn skip_ws(&mut self) -> io::Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b) if b.is_ascii_whitespace() => self.bump(b),
                other => return Ok(other),
            }
        }
    }

    /// Copies one JSON value (object, array, string or scalar) into `buf`, finding its end by
    /// brackets and string quoting alone. The caller parses it.
    fn scan_value(&mut self) -> Result<(), InputError> {
        self.buf.clear();
        let Some(first) = self.peek()? else {
            return Err(InputError::Structure("unexpected end of input".into()));
        };
        match first {
            b'{' | b'[' => {
                let (mut depth, mut in_str, mut esc) = (0u32, false, false);
                loop {
                    let Some(b) = self.peek()? else {
                        return Err(InputError::Structure(format!(
                            "unexpected end of input inside a JSON value (line {})",
                            self.line
                        )));
                    };
                    self.bump(b);
                    self.buf.push(b);
                    if in_str {
                        if esc {
                            esc = false;
                        } else if b == b'\\' {
                            esc = true;
                        } else if b == b'"' {
                            in_str = false;
                        }
                        continue;
                    }
                    match b {
                        b'"' => in_str = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                }
            }
            b'"' => {
                self.bump(first);
                self.buf.push(first);
                let mut esc = false;
                loop {
                    let Some(b) = self.peek()? else {
                        return Err(InputError::Structure("unterminated string".into()));
                    };
                    self.bump(b);
                    self.buf.push(b);
                    if esc {
                        esc = false;
                    } else if b == b'\\' {
                        esc = true;
                    } else if b == b'"' {
                        return Ok(());
                    }
                }
            }
            _ => {
                while let Some(b) = self.peek()? {
                    if b.is_ascii_whitespace() || matches!(b, b',' | b']' | b'}' | b'[' | b'{') {
                        break;
                    }
                    self.bump(b);
                    self.buf.push(b);
                }
                if self.buf.is_empty() {
                    // A stray closing bracket or comma: skip it so the caller sees progress.
                    self.bump(first);
                    return Err(InputError::Structure(format!(
                        "unexpected '{}' at line {}",
                        first as char, self.line
                    )));
                }
                Ok(())
            }
        }
    }

    fn next_scanned(&mut self) -> Option<RawItem> {
        let peeked = match self.skip_ws() {
            Ok(p) => p,
            Err(e) => return Some(self.item(self.line, Err(e.into()))),
        };
        if self.format == Format::Array {
            match (&self.array, peeked) {
                (ArrayState::Done, _) => {
                    self.done = true;
                    return None;
                }
                (ArrayState::First, Some(b'[')) => {
                    self.bump(b'[');
                    self.array = ArrayState::Next;
                    return self.first_element();
                }
                (ArrayState::Next, Some(b']')) => {
                    self.bump(b']');
                    self.array = ArrayState::Done;
                    self.done = true;
                    return None;
                }
                (ArrayState::Next, Some(b',')) => {
                    self.bump(b',');
                    match self.skip_ws() {
                        Ok(Some(b']')) => {
                            let line = self.line;
                            return Some(self.item(
                                line,
                                Err(InputError::Structure(format!(
                                    "trailing ',' before ']' at line {line}"
                                ))),
                            ));
                        }
                        Ok(_) => {}
                        Err(e) => return Some(self.item(self.line, Err(e.into()))),
                    }
                }
                (_, None) => {
                    let line = self.line;
                    return Some(self.item(
                        line,
                        Err(InputError::Structure(
                            "JSON array is not closed (missing ']' at the end)".into(),
                        )),
                    ));
                }
                (_, Some(b)) => {
                    let line = self.line;
                    return Some(self.item(
                        line,
                        Err(InputError::Structure(format!(
                            "expected ',' or ']' between array elements at line {line}, found '{}'",
                            b as char
                        ))),
                    ));
                }
            }
        } else if peeked.is_none() {
            self.done = true;
            return None;
        }
        self.element()
    }

    fn first_element(&mut self) -> Option<RawItem> {
        match self.skip_ws() {
            Ok(Some(b']')) => {
                self.bump(b']');
                self.array = ArrayState::Done;
                self.done = true;
                None
            }
            Ok(_) => self.element(),
            Err(e) => Some(self.item(self.line, Err(e.into()))),
        }
    }

    fn element(&mut self) -> Option<RawItem> {
        let line = self.line;
        let body = self.scan_value().and_then(|()| parse_object(&self.buf));
        Some(self.item(line, body))
    }
}

impl<R: BufRead> Iterator for InputReader<R> {
    type Item = RawItem;

    fn next(&mut self) -> Option<RawItem> {
        if self.done {
            return None;
        }
        match self.format {
            Format::Empty => None,
            Format::Ndjson => self.next_ndjson(),
            Format::Array | Format::Objects => self.next_scanned(),
        }
    }
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if last.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

fn parse_object(text: &[u8]) -> Result<Value, InputError> {
    let malformed = |e: serde_json::Error| InputError::Malformed(e.to_string());
    if text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let mut de = serde_json::Deserializer::from_slice(text);
        let map = serde::Deserializer::deserialize_map(&mut de, EventObject).map_err(malformed)?;
        de.end().map_err(malformed)?;
        return Ok(Value::Object(map));
    }
    let v: Value = serde_json::from_slice(text).map_err(malformed)?;
    match v {
        Value::Object(_) => Ok(v),
        Value::Array(_) => Err(InputError::NotAnObject("an array")),
        Value::String(_) => Err(InputError::NotAnObject("a string")),
        Value::Number(_) => Err(InputError::NotAnObject("a number")),
        Value::Bool(_) => Err(InputError::NotAnObject("a boolean")),
        Value::Null => Err(InputError::NotAnObject("null")),
    }
}

/// Parses an event body into a map with room for its fields and the envelope the publisher
/// fills in: `Value`'s own parser grows the map key by key, re-hashing it each time, which
/// was a tenth of a batch's parse-and-prepare time. Duplicate keys: the last wins, as with
/// `Value`.
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

/// Convenience for callers holding a plain `Read` (stdin, a file).
pub fn from_reader(r: impl Read) -> io::Result<InputReader<io::BufReader<impl Read>>> {
    InputReader::new(io::BufReader::with_capacity(256 * 1024, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Lines = Vec<(u64, Result<Value, String>)>;

    fn read(text: &str) -> (Format, Lines) {
        let r = InputReader::new(text.as_bytes()).unwrap();
        let f = r.format();
        let items = r
            .map(|i| (i.position.line, i.body.map_err(|e| e.to_string())))
            .collect();
        (f, items)
    }

    #[test]
    fn ndjson_reports_bad_lines_and_keeps_going() {
        let (f, items) = read("{\"a\":1}\n\n{\"a\":\n[1]\n{\"a\":3}\n");
        assert_eq!(f, Format::Ndjson);
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].0, 1);
        assert!(items[0].1.is_ok());
        assert_eq!(items[1].0, 3);
        assert!(items[1].1.as_ref().unwrap_err().contains("malformed JSON"));
        assert_eq!(items[2].0, 4);
        assert!(items[2].1.as_ref().unwrap_err().contains("an array"));
        assert_eq!(items[3].0, 5);
        assert_eq!(items[3].1.as_ref().unwrap()["a"], 3);
    }

    #[test]
    fn single_pretty_object_is_one_event() {
        let (f, items) = read("\n{\n  \"a\": \"}{\\\"\",\n  \"b\": [1, {\"c\": 2}]\n}\n");
        assert_eq!(f, Format::Objects);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].0, 2);
        assert_eq!(items[0].1.as_ref().unwrap()["a"], "}{\"");
    }

    #[test]
    fn array_is_streamed_with_element_lines() {
        let (f, items) = read("[\n  {\"a\": 1},\n  {\"a\": 2,},\n  3,\n  {\"a\": [\"]\"]}\n]\n");
        assert_eq!(f, Format::Array);
        assert_eq!(items.len(), 4);
        assert_eq!(
            items.iter().map(|i| i.0).collect::<Vec<_>>(),
            vec![2, 3, 4, 5]
        );
        assert!(items[0].1.is_ok());
        assert!(items[1].1.as_ref().unwrap_err().contains("malformed"));
        assert!(items[2].1.as_ref().unwrap_err().contains("a number"));
        assert_eq!(items[3].1.as_ref().unwrap()["a"][0], "]");
    }

    #[test]
    fn broken_array_structure_stops_reading() {
        let (_, items) = read("[{\"a\":1} {\"a\":2}]");
        assert_eq!(items.len(), 2);
        assert!(items[1].1.as_ref().unwrap_err().contains("expected ','"));
        let (_, items) = read("[{\"a\":1},");
        assert!(items.last().unwrap().1.as_ref().is_err());
        let (_, items) = read("[]");
        assert!(items.is_empty());
        let (_, items) = read("[{\"a\":1},]");
        assert!(items[1].1.as_ref().unwrap_err().contains("trailing"));
    }

    #[test]
    fn empty_input_has_no_items() {
        let (f, items) = read(" \n\n");
        assert_eq!(f, Format::Empty);
        assert!(items.is_empty());
    }

    #[test]
    fn one_line_array_is_an_array() {
        let (f, items) = read("[{\"a\":1},{\"a\":2}]");
        assert_eq!(f, Format::Array);
        assert_eq!(items.len(), 2);
    }
}
