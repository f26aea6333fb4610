//! Validation against the JSON Schemas in `schemas/`. The files are compiled
//! into the binary, so editors (through the `$schema` line) and the loader use
//! the very same rules. Errors point at the offending value.

use crate::diag::{Diagnostic, RuleId};
use crate::model::PageKind;
use jsonschema::{error::ValidationErrorKind, paths::LocationSegment, Retrieve, Uri, Validator};
use marked_yaml::Node;
use serde_json::Value;
use std::sync::OnceLock;

/// Every schema file, by name, as shipped in `schemas/`.
pub const SCHEMA_FILES: [(&str, &str); 5] = [
    (
        "defs.schema.json",
        include_str!("../../schemas/defs.schema.json"),
    ),
    (
        "guide.schema.json",
        include_str!("../../schemas/guide.schema.json"),
    ),
    (
        "area.schema.json",
        include_str!("../../schemas/area.schema.json"),
    ),
    (
        "municipality.schema.json",
        include_str!("../../schemas/municipality.schema.json"),
    ),
    (
        "article.schema.json",
        include_str!("../../schemas/article.schema.json"),
    ),
];

const BASE: &str = "file:///handbok/schemas/";

/// The schema text of a file name, if it is one of ours.
pub fn schema_text(name: &str) -> Option<&'static str> {
    SCHEMA_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// Serves `defs.schema.json` and friends from the binary, never the network.
struct Embedded;

impl Retrieve for Embedded {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let text = schema_text(name).ok_or_else(|| format!("unknown schema {uri}"))?;
        Ok(serde_json::from_str(text)?)
    }
}

fn validators() -> &'static [(PageKind, Validator)] {
    static VALIDATORS: OnceLock<Vec<(PageKind, Validator)>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        PageKind::ALL
            .into_iter()
            .map(|kind| {
                let name = format!("{}.schema.json", kind.name());
                let schema: Value =
                    serde_json::from_str(schema_text(&name).expect("schema is embedded"))
                        .expect("embedded schema is JSON; tested");
                let validator = jsonschema::options()
                    .with_base_uri(format!("{BASE}{name}"))
                    .with_retriever(Embedded)
                    .build(&schema)
                    .expect("embedded schema compiles; tested");
                (kind, validator)
            })
            .collect()
    })
}

fn validator(kind: PageKind) -> &'static Validator {
    &validators()
        .iter()
        .find(|(k, _)| *k == kind)
        .expect("every kind has a schema")
        .1
}

/// The kind a page file declares in its `kind:` field.
pub fn page_kind(node: &Node, rel: &str) -> Result<PageKind, Vec<Diagnostic>> {
    let violation = |line, column, message: String| {
        vec![Diagnostic::new(RuleId::SchemaViolation, rel, line, column)
            .message(message)
            .help("set `kind:` to area, municipality or article")]
    };
    let Some(map) = node.as_mapping() else {
        let p = start(node);
        return Err(violation(
            p.0,
            p.1,
            "a page must be a mapping of fields".into(),
        ));
    };
    let Some(kind) = map.get_scalar("kind") else {
        if let Some(value) = map.get_node("kind") {
            let p = start(value);
            return Err(violation(
                p.0,
                p.1,
                "`kind` must be one word, not a list or a mapping".into(),
            ));
        }
        let p = start(node);
        return Err(violation(p.0, p.1, "missing required field `kind`".into()));
    };
    match PageKind::from_name(kind.as_str()) {
        Some(k) if k != PageKind::Guide => Ok(k),
        _ => {
            let p = kind
                .span()
                .start()
                .map(|m| (m.line(), m.column()))
                .unwrap_or((1, 1));
            Err(violation(
                p.0,
                p.1,
                format!("unknown page kind `{}`", kind.as_str()),
            ))
        }
    }
}

/// Validate a parsed file against the schema of its kind.
pub fn check(kind: PageKind, node: &Node, rel: &str) -> Vec<Diagnostic> {
    let instance = to_json(node);
    let validator = validator(kind);
    if validator.is_valid(&instance) {
        return Vec::new();
    }
    validator
        .iter_errors(&instance)
        .map(|err| {
            let segments: Vec<LocationSegment> = err.instance_path().iter().collect();
            let target = resolve(node, &segments);
            let (line, column, message) = match err.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    let key = unexpected.first().map(String::as_str).unwrap_or_default();
                    let (l, c) = key_position(target, key).unwrap_or_else(|| start(target));
                    (
                        l,
                        c,
                        format!("unknown field `{key}`{}", location(&segments)),
                    )
                }
                ValidationErrorKind::Required { property } => {
                    let (l, c) = start(target);
                    let name = property.as_str().unwrap_or_default();
                    (
                        l,
                        c,
                        format!("missing required field `{name}`{}", location(&segments)),
                    )
                }
                _ => {
                    let (l, c) = start(target);
                    (l, c, format!("{}{}", err.masked(), location(&segments)))
                }
            };
            Diagnostic::new(RuleId::SchemaViolation, rel, line, column)
                .message(message)
                .help(format!("see schemas/{}.schema.json", kind.name()))
        })
        .collect()
}

/// ` in examples[2].title`, or nothing at the top level.
fn location(segments: &[LocationSegment]) -> String {
    let mut out = String::new();
    for seg in segments {
        match seg {
            LocationSegment::Property(p) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(p);
            }
            LocationSegment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        out
    } else {
        format!(" in `{out}`")
    }
}

fn resolve<'a>(mut node: &'a Node, segments: &[LocationSegment]) -> &'a Node {
    for seg in segments {
        let next = match (seg, node) {
            (LocationSegment::Property(p), Node::Mapping(m)) => m.get_node(p),
            (LocationSegment::Index(i), Node::Sequence(s)) => s.get_node(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// Where a node starts. A block mapping's own mark lies after its first key,
/// so a mapping is placed at its first key instead.
fn start(node: &Node) -> (usize, usize) {
    let first_key = node
        .as_mapping()
        .and_then(|m| m.keys().next())
        .map(|k| k.span());
    first_key
        .unwrap_or(node.span())
        .start()
        .map(|m| (m.line(), m.column()))
        .unwrap_or((1, 1))
}

fn key_position(node: &Node, key: &str) -> Option<(usize, usize)> {
    let map = node.as_mapping()?;
    let (k, _) = map.iter().find(|(k, _)| k.as_str() == key)?;
    k.span().start().map(|m| (m.line(), m.column()))
}

/// The node tree as JSON, typing plain scalars the way YAML 1.2's core schema
/// does for the values our schemas care about (booleans, integers, null).
fn to_json(node: &Node) -> Value {
    match node {
        Node::Scalar(s) if !s.may_coerce() => Value::String(s.as_str().to_string()),
        Node::Scalar(s) => {
            let v = s.as_str();
            if let Some(b) = s.as_bool() {
                Value::Bool(b)
            } else if matches!(v, "" | "~" | "null" | "Null" | "NULL") {
                Value::Null
            } else if let Ok(i) = v.parse::<i64>() {
                Value::from(i)
            } else {
                Value::String(v.to_string())
            }
        }
        Node::Sequence(seq) => Value::Array(seq.iter().map(to_json).collect()),
        Node::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().to_string(), to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_schema_compiles() {
        assert_eq!(validators().len(), PageKind::ALL.len());
    }
}
