//! A table printed a page at a time, so listing a million dead letters holds one page of rows,
//! not all of them. Column widths are those of the widest cell seen so far: they only grow,
//! so a later page may be wider than an earlier one, never narrower.

use std::io::{self, Write};

/// Rows held before they are written.
pub const PAGE: usize = 500;

pub struct PagedTable<W: Write> {
    out: W,
    header: Vec<String>,
    widths: Vec<usize>,
    rows: Vec<Vec<String>>,
    header_written: bool,
    pub rows_written: u64,
}

impl<W: Write> PagedTable<W> {
    pub fn new(out: W, header: &[&str]) -> Self {
        PagedTable {
            out,
            header: header.iter().map(|h| h.to_string()).collect(),
            widths: header.iter().map(|h| h.chars().count()).collect(),
            rows: Vec::with_capacity(PAGE),
            header_written: false,
            rows_written: 0,
        }
    }

    pub fn push(&mut self, row: Vec<String>) -> io::Result<()> {
        self.rows.push(row);
        if self.rows.len() >= PAGE {
            self.flush_page()?;
        }
        Ok(())
    }

    fn line(out: &mut W, widths: &[usize], cells: &[String]) -> io::Result<()> {
        let last = cells.len().saturating_sub(1);
        for (i, c) in cells.iter().enumerate() {
            if i == last {
                write!(out, "{c}")?;
            } else {
                let pad = widths.get(i).copied().unwrap_or(0);
                write!(out, "{c:<pad$}  ")?;
            }
        }
        writeln!(out)
    }

    fn flush_page(&mut self) -> io::Result<()> {
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                if let Some(w) = self.widths.get_mut(i) {
                    *w = (*w).max(c.chars().count());
                }
            }
        }
        if !self.header_written && !self.rows.is_empty() {
            Self::line(&mut self.out, &self.widths, &self.header)?;
            self.header_written = true;
        }
        for r in self.rows.drain(..) {
            Self::line(&mut self.out, &self.widths, &r)?;
            self.rows_written += 1;
        }
        Ok(())
    }

    /// Writes what is left; returns how many rows were written in all.
    pub fn finish(mut self) -> io::Result<u64> {
        self.flush_page()?;
        self.out.flush()?;
        Ok(self.rows_written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_align_within_and_grow_across() {
        let mut buf = Vec::new();
        let mut t = PagedTable::new(&mut buf, &["A", "B"]);
        for i in 0..(PAGE + 1) {
            t.push(vec![format!("{i}"), "x".into()]).unwrap();
        }
        assert_eq!(t.finish().unwrap(), (PAGE + 1) as u64);
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), PAGE + 2);
        assert_eq!(lines[0], "A    B");
        assert_eq!(lines[1], "0    x");
        assert_eq!(lines[PAGE + 1], "500  x");
    }

    #[test]
    fn nothing_pushed_prints_nothing() {
        let mut buf = Vec::new();
        let t = PagedTable::new(&mut buf, &["A"]);
        assert_eq!(t.finish().unwrap(), 0);
        assert!(buf.is_empty());
    }
}
