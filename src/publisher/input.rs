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
//!
//! Bounds: one item (an NDJSON line, an array element, an object) may be at most `max_item`
//! bytes (by default [`crate::wire::DEFAULT_MAX_INFLATED`], the largest body any reader
//! accepts). A longer NDJSON line is skipped without being buffered and reported by its line
//! number; the next line is read normally. In an array or a stream of objects the end of an
//! over-long item cannot be found without reading it, so reading stops there with an error.
//! Nesting deeper than [`crate::wire::JSON_MAX_DEPTH`] is refused per item by `serde_json`.

use std::io::{self, BufRead, Cursor, Read};

use serde_json::Value;
use thiserror::Error;

use crate::wire::{human_size, DEFAULT_MAX_INFLATED, JSON_MAX_DEPTH};

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
    #[error("nested deeper than {JSON_MAX_DEPTH} levels of arrays and objects")]
    TooDeep,
    /// One NDJSON line longer than the limit; it was skipped, not buffered.
    #[error("the line is longer than the limit of {}; skipped", human_size(*limit))]
    TooLong { limit: u64 },
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
    max_item: u64,
}

impl<R: BufRead> InputReader<R> {
    /// Reads just enough (blank lines and the first line) to detect the format; items up to
    /// the default limit ([`DEFAULT_MAX_INFLATED`]).
    pub fn new(r: R) -> io::Result<Self> {
        Self::with_max_item(r, DEFAULT_MAX_INFLATED)
    }

    /// [`InputReader::new`] with items of at most `max_item` bytes.
    pub fn with_max_item(mut r: R, max_item: u64) -> io::Result<Self> {
        let max_item = max_item.max(1);
        let (mut line, mut offset) = (1u64, 0u64);
        let mut head = Vec::new();
        let mut at_start = true;
        let format = loop {
            head.clear();
            // Bounded: only the first bytes of a long first line are needed to tell the format.
            let n = (&mut r)
                .take(max_item.saturating_add(1))
                .read_until(b'\n', &mut head)?;
            if n == 0 {
                break Format::Empty;
            }
            if std::mem::take(&mut at_start) && head.starts_with(b"\xEF\xBB\xBF") {
                // A UTF-8 byte order mark is neither a parse error nor data.
                head.drain(..3);
                offset += 3;
            }
            let first = trim(&head);
            if first.is_empty() {
                // Blank lines are counted and dropped, so any number of them costs nothing.
                offset += head.len() as u64;
                if head.last() == Some(&b'\n') {
                    line += 1;
                }
                continue;
            }
            let cut = head.last() != Some(&b'\n') && n as u64 > max_item;
            break if first[0] == b'[' {
                Format::Array
            } else if first[0] == b'{' && !cut && first.last() != Some(&b'}') {
                Format::Objects
            } else {
                Format::Ndjson
            };
        };
        Ok(Self {
            r: Cursor::new(head).chain(r),
            format,
            line,
            offset,
            index: 0,
            array: ArrayState::First,
            buf: Vec::with_capacity(1024),
            done: format == Format::Empty,
            max_item,
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The next item as `parse` makes it from the item's text and the line it starts on, or
    /// why it could not be read. `parse` is not called for an item the reader itself refuses
    /// (too long, broken structure, I/O).
    pub fn next_with<T>(
        &mut self,
        parse: impl FnOnce(&[u8], u64) -> T,
    ) -> Option<(Position, Result<T, InputError>)> {
        if self.done {
            return None;
        }
        let (line, read) = match self.format {
            Format::Empty => return None,
            Format::Ndjson => self.next_ndjson()?,
            Format::Array | Format::Objects => self.next_scanned()?,
        };
        let out = read.map(|()| parse(trim(&self.buf), line));
        self.index += 1;
        if matches!(&out, Err(e) if e.is_fatal()) {
            self.done = true;
        }
        let position = Position {
            index: self.index,
            line,
            offset: self.offset,
        };
        Some((position, out))
    }

    /// The next line's text into `buf` (`Ok`), with the line it is on.
    fn next_ndjson(&mut self) -> Option<(u64, Result<(), InputError>)> {
        loop {
            self.buf.clear();
            let line = self.line;
            let (n, too_long) = match self.read_line_bounded() {
                Ok(r) => r,
                Err(e) => return Some((line, Err(e.into()))),
            };
            if n == 0 {
                self.done = true;
                return None;
            }
            self.line += 1;
            self.offset += n;
            if too_long {
                let limit = self.max_item;
                return Some((line, Err(InputError::TooLong { limit })));
            }
            let text = trim(&self.buf);
            if text.is_empty() {
                continue;
            }
            return Some((line, Ok(())));
        }
    }

    /// One line into `buf`, keeping at most `max_item` bytes of it: the rest of a longer
    /// line is read and dropped. Returns the bytes consumed and whether the line was too long.
    fn read_line_bounded(&mut self) -> io::Result<(u64, bool)> {
        let cap = usize::try_from(self.max_item).unwrap_or(usize::MAX);
        let (mut consumed, mut too_long) = (0u64, false);
        loop {
            let avail = match self.r.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok((consumed, too_long));
            }
            let (take, end) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            if !too_long {
                let content = take - usize::from(end);
                if self.buf.len() + content > cap {
                    too_long = true;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(&avail[..take]);
                }
            }
            self.r.consume(take);
            consumed += take as u64;
            if end {
                return Ok((consumed, too_long));
            }
        }
    }

    /// Appends a byte of the value being scanned, refusing an item past the limit.
    fn keep(&mut self, b: u8, line: u64) -> Result<(), InputError> {
        if self.buf.len() as u64 >= self.max_item {
            return Err(InputError::Structure(format!(
                "the item starting at line {line} is longer than the limit of {}; the rest of the input is not read",
                human_size(self.max_item)
            )));
        }
        self.buf.push(b);
        Ok(())
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
        let start = self.line;
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
                    self.keep(b, start)?;
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
                self.keep(first, start)?;
                let mut esc = false;
                loop {
                    let Some(b) = self.peek()? else {
                        return Err(InputError::Structure("unterminated string".into()));
                    };
                    self.bump(b);
                    self.keep(b, start)?;
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
                    self.keep(b, start)?;
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

    fn next_scanned(&mut self) -> Option<(u64, Result<(), InputError>)> {
        let peeked = match self.skip_ws() {
            Ok(p) => p,
            Err(e) => return Some((self.line, Err(e.into()))),
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
                            return Some((
                                line,
                                Err(InputError::Structure(format!(
                                    "trailing ',' before ']' at line {line}"
                                ))),
                            ));
                        }
                        Ok(_) => {}
                        Err(e) => return Some((self.line, Err(e.into()))),
                    }
                }
                (_, None) => {
                    let line = self.line;
                    return Some((
                        line,
                        Err(InputError::Structure(
                            "JSON array is not closed (missing ']' at the end)".into(),
                        )),
                    ));
                }
                (_, Some(b)) => {
                    let line = self.line;
                    return Some((
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

    fn first_element(&mut self) -> Option<(u64, Result<(), InputError>)> {
        match self.skip_ws() {
            Ok(Some(b']')) => {
                self.bump(b']');
                self.array = ArrayState::Done;
                self.done = true;
                None
            }
            Ok(_) => self.element(),
            Err(e) => Some((self.line, Err(e.into()))),
        }
    }

    fn element(&mut self) -> Option<(u64, Result<(), InputError>)> {
        let line = self.line;
        Some((line, self.scan_value()))
    }
}

impl<R: BufRead> Iterator for InputReader<R> {
    type Item = RawItem;

    fn next(&mut self) -> Option<RawItem> {
        let (position, body) = self.next_with(parse_object)?;
        Some(RawItem {
            position,
            body: body.and_then(|b| b),
        })
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

/// Parses one item that starts on input line `line`; syntax errors name the input's line.
pub(crate) fn parse_object(text: &[u8], line: u64) -> Result<Value, InputError> {
    let malformed = |e: serde_json::Error| {
        let msg = e.to_string();
        // serde_json reports its depth bound only in words.
        if msg.starts_with("recursion limit exceeded") {
            return InputError::TooDeep;
        }
        let what = msg.find(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
        if e.line() == 0 {
            return InputError::Malformed(what.to_string());
        }
        InputError::Malformed(format!(
            "{what} at line {} column {}",
            line + e.line() as u64 - 1,
            e.column()
        ))
    };
    let v = crate::wire::parse_event_json(text).map_err(malformed)?;
    match v {
        Value::Object(_) => Ok(v),
        Value::Array(_) => Err(InputError::NotAnObject("an array")),
        Value::String(_) => Err(InputError::NotAnObject("a string")),
        Value::Number(_) => Err(InputError::NotAnObject("a number")),
        Value::Bool(_) => Err(InputError::NotAnObject("a boolean")),
        Value::Null => Err(InputError::NotAnObject("null")),
    }
}

/// Convenience for callers holding a plain `Read` (stdin, a file); items of at most
/// `max_item` bytes.
pub fn from_reader(
    r: impl Read,
    max_item: u64,
) -> io::Result<InputReader<io::BufReader<impl Read>>> {
    InputReader::with_max_item(io::BufReader::with_capacity(256 * 1024, r), max_item)
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
        assert_eq!(
            items[1].1.as_ref().unwrap_err(),
            "malformed JSON: EOF while parsing a value at line 3 column 5"
        );
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

    fn read_max(text: &str, max: u64) -> Lines {
        InputReader::with_max_item(text.as_bytes(), max)
            .unwrap()
            .map(|i| (i.position.line, i.body.map_err(|e| e.to_string())))
            .collect()
    }

    #[test]
    fn an_ndjson_line_past_the_limit_is_skipped_and_the_next_read() {
        let long = format!("{{\"a\":\"{}\"}}", "x".repeat(100));
        // Exactly at the limit is fine (the newline does not count).
        let exact = read_max(&format!("{long}\n"), long.len() as u64);
        assert!(exact[0].1.is_ok(), "{exact:?}");
        let items = read_max(&format!("{{\"a\":1}}\n{long}\n{{\"a\":3}}"), 50);
        assert_eq!(items.len(), 3);
        assert!(items[0].1.is_ok());
        assert_eq!(items[1].0, 2);
        assert_eq!(
            items[1].1.as_ref().unwrap_err(),
            "the line is longer than the limit of 50 B; skipped"
        );
        assert_eq!(items[2].0, 3);
        assert_eq!(items[2].1.as_ref().unwrap()["a"], 3);
        // A first line that is too long, and one with no newline at all.
        let items = read_max(&format!("{long}\n{{\"a\":2}}\n"), 50);
        assert!(items[0].1.is_err() && items[1].1.is_ok(), "{items:?}");
        let items = read_max(&format!("{{\"a\":1}}\n{long}"), 50);
        assert!(items[1].1.as_ref().unwrap_err().contains("longer than"));
    }

    #[test]
    fn an_array_item_past_the_limit_stops_reading_clearly() {
        let long = format!("{{\"a\":\"{}\"}}", "x".repeat(100));
        let items = read_max(&format!("[{{\"a\":1}},\n{long},{{\"a\":3}}]"), 50);
        assert_eq!(items.len(), 2);
        let e = items[1].1.as_ref().unwrap_err();
        assert!(
            e.contains("item starting at line 2 is longer than the limit of 50 B"),
            "{e}"
        );
    }

    #[test]
    fn deep_nesting_is_a_per_line_error() {
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let (_, items) = read(&format!("{{\"a\":1}}\n{deep}\n{{\"a\":3}}\n"));
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[1].1.as_ref().unwrap_err(),
            "nested deeper than 127 levels of arrays and objects"
        );
        assert!(items[2].1.is_ok());
    }

    #[test]
    fn blank_lines_before_the_first_event_are_counted_not_kept() {
        let (f, items) = read("\n\n  \n{\"a\":1}\n");
        assert_eq!(f, Format::Ndjson);
        assert_eq!(items[0].0, 4);
        let (f, items) = read("\u{feff}\n{\"a\":1}\n");
        assert_eq!(f, Format::Ndjson);
        assert_eq!(items[0].0, 2);
    }

    #[test]
    fn one_line_array_is_an_array() {
        let (f, items) = read("[{\"a\":1},{\"a\":2}]");
        assert_eq!(f, Format::Array);
        assert_eq!(items.len(), 2);
    }
}
