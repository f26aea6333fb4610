//! A value with the position it was read from.
//!
//! Read from YAML, the position comes from marked-yaml's own `Spanned`.
//! Written to and read from a binary format (the load cache), the position
//! travels with the value. Written to a human-readable format (the YAML the
//! importer writes), only the value is written.

use super::{Located, Pos};
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;

/// A value and its 1-based line and column. Equality, ordering and hashing
/// look at the value only: two texts are the same wherever they were read.
#[derive(Debug, Clone, Default)]
pub struct Spanned<T> {
    pos: Pos,
    inner: T,
}

impl<T> Spanned<T> {
    pub fn new(pos: Pos, inner: T) -> Self {
        Spanned { pos, inner }
    }

    /// A value built in memory, with no place in a file.
    pub fn blank(inner: T) -> Self {
        Spanned::new(Pos::default(), inner)
    }
}

impl<T> Located for Spanned<T> {
    fn pos(&self) -> Pos {
        self.pos
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl<T: PartialEq> PartialEq<T> for Spanned<T> {
    fn eq(&self, other: &T) -> bool {
        self.inner == *other
    }
}

impl PartialEq<&str> for Spanned<String> {
    fn eq(&self, other: &&str) -> bool {
        self.inner == *other
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.inner.hash(state);
    }
}

impl Borrow<str> for Spanned<String> {
    fn borrow(&self) -> &str {
        &self.inner
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            self.inner.serialize(serializer)
        } else {
            (self.pos.line, self.pos.column, &self.inner).serialize(serializer)
        }
    }
}

// marked-yaml hands a position to a struct of this name as map entries
// under these keys (its own `Spanned` asks for them the same way).
const MARKED: &str = "$___::marked_data::serde::Spanned<T>";
const MARKED_LINE: &str = "$___::marked_data::serde::Spanned<T>::span_start_line";
const MARKED_COLUMN: &str = "$___::marked_data::serde::Spanned<T>::span_start_column";
const MARKED_INNER: &str = "$___::marked_data::serde::Spanned<T>::inner";
const MARKED_FIELDS: [&str; 9] = [
    "$___::marked_data::serde::Spanned<T>::span_start_source",
    "$___::marked_data::serde::Spanned<T>::span_start_char",
    MARKED_LINE,
    MARKED_COLUMN,
    "$___::marked_data::serde::Spanned<T>::span_end_source",
    "$___::marked_data::serde::Spanned<T>::span_end_char",
    "$___::marked_data::serde::Spanned<T>::span_end_line",
    "$___::marked_data::serde::Spanned<T>::span_end_column",
    MARKED_INNER,
];

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_struct(MARKED, &MARKED_FIELDS, Marked(PhantomData))
        } else {
            let (line, column, inner) = <(usize, usize, T)>::deserialize(deserializer)?;
            Ok(Spanned::new(Pos::new(line, column), inner))
        }
    }
}

struct Marked<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Marked<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value read by marked-yaml")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
        let mut pos = Pos::default();
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                MARKED_LINE => pos.line = map.next_value()?,
                MARKED_COLUMN => pos.column = map.next_value()?,
                MARKED_INNER => return Ok(Spanned::new(pos, map.next_value()?)),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Err(serde::de::Error::custom("marked value without its value"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Doc {
        name: Spanned<String>,
        level: Option<Spanned<u8>>,
    }

    #[test]
    fn yaml_gives_positions() {
        let doc: Doc = marked_yaml::from_yaml(0, "# c\nname: Umeå\nlevel: 2\n").unwrap();
        assert_eq!(doc.name.pos(), Pos::new(2, 7));
        assert_eq!(doc.level.as_ref().map(|l| l.pos()), Some(Pos::new(3, 8)));
    }

    #[test]
    fn binary_keeps_positions_and_json_writes_values_only() {
        let doc: Doc = marked_yaml::from_yaml(0, "name: Umeå\nlevel: 2\n").unwrap();
        let bytes = rmp_serde::to_vec_named(&doc).unwrap();
        let back: Doc = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(back.name.pos(), Pos::new(1, 7));
        assert_eq!(back.level.unwrap().pos(), Pos::new(2, 8));
        let json = serde_json::to_string(&doc).unwrap();
        assert_eq!(json, r#"{"name":"Umeå","level":2}"#);
    }
}
