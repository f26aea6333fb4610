//! Places in a file as handbok counts them (1-based lines, columns in
//! characters, byte offsets) and as LSP does (0-based lines, columns in
//! UTF-16 code units), and files as `file://` URIs.

use crate::diag::Diagnostic;
use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};

/// A file's text with where each line starts.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn line(&self, index: usize) -> &'a str {
        let start = self.starts.get(index).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |e| e - 1);
        &self.text[start..end.max(start)]
    }

    /// Byte offset of 1-based `line` and character `column`.
    fn offset(&self, line: usize, column: usize) -> usize {
        let index = line.saturating_sub(1).min(self.starts.len() - 1);
        let text = self.line(index);
        let within = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        self.starts[index] + within
    }

    /// The bytes a finding covers.
    pub fn span(&self, d: &Diagnostic) -> (usize, usize) {
        let (end_line, end_column) = d.end();
        (
            self.offset(d.line, d.column),
            self.offset(end_line, end_column),
        )
    }

    /// A byte offset as an LSP position.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let index = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[index];
        let before = self.text.get(start..offset).unwrap_or_default();
        let character: usize = before.chars().map(char::len_utf16).sum();
        Position::new(index as u32, character as u32)
    }

    /// An LSP position as a byte offset.
    pub fn offset_of(&self, position: Position) -> usize {
        let index = position.line as usize;
        let Some(&start) = self.starts.get(index) else {
            return self.text.len();
        };
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in self.line(index).char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + self.line(index).len()
    }

    /// Bytes `start..end` as an LSP range.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The range a finding covers.
    pub fn finding(&self, d: &Diagnostic) -> Range {
        let (start, end) = self.span(d);
        self.range(start, end)
    }
}

/// The file a `file://` URI names.
pub fn path_of(uri: &str) -> Option<PathBuf> {
    let path = uri.strip_prefix("file://")?;
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

/// A file as a `file://` URI.
pub fn uri_of(path: &Path) -> Uri {
    let path = path.to_string_lossy();
    let text = format!("file://{}", crate::text::encode_path(&path));
    text.parse().unwrap_or_else(|_| {
        // A character the URI grammar refuses: every byte but the plainest
        // percent-encoded, which always parses.
        let plain = |b: u8| b.is_ascii_alphanumeric() || b"-._~/".contains(&b);
        let encoded: String = path
            .bytes()
            .map(|b| {
                if plain(b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        format!("file://{encoded}")
            .parse()
            .expect("a percent-encoded path is a URI")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "a: x\nb: Umeå 😀 här\n";
        let lines = Lines::new(text);
        let offset = text.find("här").unwrap();
        let at = lines.position(offset);
        assert_eq!(at, Position::new(1, 11));
        assert_eq!(lines.offset_of(at), offset);
        assert_eq!(lines.offset(2, 11), offset);
    }

    #[test]
    fn uris_and_paths() {
        let path = Path::new("/tmp/ny guide/sök.yaml");
        let uri = uri_of(path);
        assert_eq!(uri.as_str(), "file:///tmp/ny%20guide/s%C3%B6k.yaml");
        assert_eq!(path_of(uri.as_str()).unwrap(), path);
    }
}
