//! Reading text and YAML with positions (marked-yaml), turning every failure
//! into a finding that points at a line and column.

use crate::diag::{Diagnostic, RuleId};
use marked_yaml::{LoadError, LoaderOptions, Marker, Node};
use serde::de::DeserializeOwned;

/// Parse YAML into a node tree with positions. Quoted scalars stay strings
/// (`"1"` is text, `1` a number). Duplicate keys are errors:
/// YAML would silently keep only the last one.
pub fn parse(source: &str, rel: &str) -> Result<Node, Box<Diagnostic>> {
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true);
    marked_yaml::parse_yaml_with_options(0, source, options)
        .map_err(|e| Box::new(load_error(&e, rel)))
}

fn load_error(e: &LoadError, rel: &str) -> Diagnostic {
    let (marker, message) = match e {
        LoadError::TopLevelMustBeMapping(m) => {
            (*m, "the file must be a mapping of fields".to_string())
        }
        LoadError::TopLevelMustBeSequence(m) => (*m, "the file must be a sequence".to_string()),
        LoadError::UnexpectedAnchor(m) => (*m, "anchors and aliases are not supported".to_string()),
        LoadError::MappingKeyMustBeScalar(m) => (*m, "a key must be plain text".to_string()),
        LoadError::UnexpectedTag(m) => (*m, "YAML tags are not supported".to_string()),
        LoadError::ScanError(m, scan) => (*m, format!("invalid YAML: {}", scan.info())),
        LoadError::DuplicateKey(inner) => {
            let first = inner.prev_key.span().start().map(|m| m.line()).unwrap_or(0);
            let marker = inner
                .key
                .span()
                .start()
                .copied()
                .unwrap_or(Marker::new(0, 0, 1, 1));
            (
                marker,
                format!(
                    "duplicate key `{}` (first set on line {first})",
                    inner.key.as_str()
                ),
            )
        }
    };
    Diagnostic::new(RuleId::ParseError, rel, marker.line(), marker.column()).message(message)
}

/// Deserialize a validated node tree into a typed value. Schema validation
/// runs first, so a failure here means schema and model disagree; it is still
/// reported as a finding, never a panic.
pub fn typed<T: DeserializeOwned>(node: &Node, rel: &str) -> Result<T, Box<Diagnostic>> {
    marked_yaml::from_node(node).map_err(|e| {
        let mark = e.start_mark().unwrap_or(Marker::new(0, 0, 1, 1));
        let at = e.path().map(|p| format!(" at `{p}`")).unwrap_or_default();
        Box::new(
            Diagnostic::new(RuleId::SchemaViolation, rel, mark.line(), mark.column())
                .message(format!("wrong value{at}: {}", &*e)),
        )
    })
}
