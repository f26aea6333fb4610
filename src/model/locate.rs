//! Where a model value is in its source file: the line:column of a part of
//! it, and its byte range when the source holds it verbatim. Findings,
//! fixes, the IR's draft notes and the language server's edits all place
//! text this way.

use super::{Located, Text};

/// A place in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    /// Byte range of the text in the source, when it was found verbatim.
    pub range: Option<(usize, usize)>,
}

/// Find bytes `start..end` of `value` in the source. The text is searched for
/// from where the value starts, skipping as many earlier occurrences as the
/// value itself has before `start`; block scalars and plain scalars hold
/// their text verbatim, so this is exact for them. Otherwise (escapes, folded
/// lines) the value's own position is used and no range is given.
pub fn locate(source: &str, lines: &Lines, value: &Text, start: usize, end: usize) -> Place {
    let pos = value.pos();
    let fallback = Place {
        line: pos.line.max(1),
        column: pos.column.max(1),
        range: None,
    };
    let Some(value_start) = lines.offset(source, pos.line, pos.column) else {
        return fallback;
    };
    let needle = value[start..end].split('\n').next().unwrap_or_default();
    if needle.is_empty() {
        return fallback;
    }
    let skip = value[..start].matches(needle).count();
    let limit = source.floor_char_boundary(value_start + 2 * value.len() + 256);
    let found = source[value_start..limit]
        .match_indices(needle)
        .nth(skip)
        .map(|(i, _)| value_start + i);
    match found {
        Some(at) => {
            let (line, column) = lines.line_column(source, at);
            Place {
                line,
                column,
                range: Some((at, at + needle.len())),
            }
        }
        None => fallback,
    }
}

/// Where each line of a source starts: made once per file, so that
/// placing thousands of findings in a file of megabytes does not read it
/// from its start for each.
#[derive(Debug, Clone, Default)]
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn new(source: &str) -> Lines {
        let starts = source.match_indices('\n').map(|(i, _)| i + 1);
        Lines(std::iter::once(0).chain(starts).collect())
    }

    /// The byte offset of 1-based `line` and character `column`.
    fn offset(&self, source: &str, line: usize, column: usize) -> Option<usize> {
        let start = *self.0.get(line.max(1) - 1)?;
        let rest = source.get(start..)?;
        let col = rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
        Some(start + col)
    }

    /// Line `n` (1-based) of `source`, without its line break, as
    /// `str::lines` gives it.
    pub fn line<'s>(&self, source: &'s str, n: usize) -> Option<&'s str> {
        let start = *self.0.get(n.checked_sub(1)?)?;
        if start >= source.len() {
            return None;
        }
        let end = self.0.get(n).map_or(source.len(), |next| next - 1);
        let line = source.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    /// 1-based line and character column of byte offset `at`.
    pub fn line_column(&self, source: &str, at: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&start| start <= at).max(1);
        let start = self.0[line - 1];
        let column = source.get(start..at).map_or(0, |t| t.chars().count());
        (line, column + 1)
    }
}

/// Files' sources with their lines indexed, each file once: what the
/// outputs that quote or place thousands of findings read lines from.
pub struct Indexed<'a> {
    files: std::collections::HashMap<&'a str, (&'a str, Lines)>,
}

impl<'a> Indexed<'a> {
    /// The files of `paths` among `sources`.
    pub fn new<'p>(
        sources: &'a std::collections::BTreeMap<String, std::sync::Arc<str>>,
        paths: impl Iterator<Item = &'p str>,
    ) -> Indexed<'a> {
        let mut files = std::collections::HashMap::new();
        for path in paths {
            if let Some((path, source)) = sources.get_key_value(path) {
                files
                    .entry(path.as_str())
                    .or_insert_with(|| (&**source, Lines::new(source)));
            }
        }
        Indexed { files }
    }

    /// The source of `path` and its lines.
    pub fn get(&self, path: &str) -> Option<(&'a str, &Lines)> {
        self.files.get(path).map(|(source, lines)| (*source, lines))
    }

    /// Line `n` of `path`.
    pub fn line(&self, path: &str, n: usize) -> Option<&'a str> {
        let (source, lines) = self.get(path)?;
        lines.line(source, n)
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// The index gives what reading the file from its start gives.
    #[test]
    fn the_index_agrees_with_a_read_from_the_start() {
        for source in ["", "a", "a\n", "a\n\n", "å\r\nb\nc", "\n\nx", "ab\ncdé\n\n"] {
            let lines = Lines::new(source);
            let read: Vec<&str> = source.lines().collect();
            for n in 0..read.len() + 3 {
                let expected = n.checked_sub(1).and_then(|i| read.get(i).copied());
                assert_eq!(lines.line(source, n), expected, "{source:?} line {n}");
            }
            for at in (0..=source.len()).filter(|&i| source.is_char_boundary(i)) {
                let expected = crate::text::line_column(source, at);
                assert_eq!(
                    lines.line_column(source, at),
                    expected,
                    "{source:?} at {at}"
                );
                let (line, column) = expected;
                assert_eq!(
                    lines.offset(source, line, column),
                    Some(at),
                    "{source:?} {line}:{column}"
                );
            }
        }
    }
}
