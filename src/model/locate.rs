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
pub fn locate(source: &str, value: &Text, start: usize, end: usize) -> Place {
    let pos = value.pos();
    let fallback = Place {
        line: pos.line.max(1),
        column: pos.column.max(1),
        range: None,
    };
    let Some(value_start) = byte_offset(source, pos.line, pos.column) else {
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
            let (line, column) = crate::text::line_column(source, at);
            Place {
                line,
                column,
                range: Some((at, at + needle.len())),
            }
        }
        None => fallback,
    }
}

fn byte_offset(source: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    let rest = &source[line_start..];
    let col = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + col)
}
