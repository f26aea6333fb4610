//! The schemas editors see are the schemas the loader uses.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

use std::path::Path;

#[test]
fn every_content_file_names_an_existing_schema_of_its_kind() {
    let root = Path::new("content");
    for rel in handbok::load::content_files(root).unwrap() {
        let path = root.join(&rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        let schema = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: no schema line", rel.display()));
        let resolved = path.parent().unwrap().join(schema);
        assert!(
            resolved.exists(),
            "{}: {schema} does not exist",
            rel.display()
        );
        let name = resolved.file_name().unwrap().to_str().unwrap();
        let on_disk = std::fs::read_to_string(&resolved).unwrap();
        assert_eq!(handbok::load::schema_text(name), Some(on_disk.as_str()));
    }
}

#[test]
fn schemas_are_draft_2020_12() {
    for (name, text) in handbok::load::SCHEMA_FILES {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            v["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
    }
}

/// A document of a schema with every property it allows filled in: each
/// string a value of its own (`v1`, `v2`, …), each array one item (one per
/// variant for a one-of-these-keys object such as a section's block).
fn maximal(
    schema: &serde_json::Value,
    defs: &serde_json::Value,
    n: &mut usize,
) -> serde_json::Value {
    use serde_json::{json, Value};
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return maximal(&defs[name], defs, n);
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    match schema["type"].as_str() {
        Some("object") => {
            let mut object = serde_json::Map::new();
            for (key, property) in schema["properties"].as_object().unwrap() {
                object.insert(key.clone(), maximal(property, defs, n));
            }
            // `oneOf` required keys (municipality or organisation): the first.
            for other in alternatives(schema).iter().skip(1).flatten() {
                object.remove(other);
            }
            Value::Object(object)
        }
        Some("array") => {
            let items = &schema["items"];
            let items = match items.get("$ref") {
                Some(_) => {
                    defs[items["$ref"].as_str().unwrap().rsplit('/').next().unwrap()].clone()
                }
                None => items.clone(),
            };
            if items["maxProperties"] == 1 {
                // One item per key: `{text: …}`, `{image: …}`, `{examples: …}`.
                let whole = maximal(&items, defs, n);
                let each = whole.as_object().unwrap().iter();
                Value::Array(each.map(|(k, v)| json!({ k: v })).collect())
            } else {
                // One item per `oneOf` alternative, each with its own key.
                let first = maximal(&items, defs, n);
                let mut all = vec![first.clone()];
                let alternatives = alternatives(&items);
                for keys in alternatives.iter().skip(1) {
                    let mut item = first.as_object().unwrap().clone();
                    alternatives[0].iter().for_each(|k| {
                        item.remove(k);
                    });
                    for k in keys {
                        item.insert(k.clone(), maximal(&items["properties"][k], defs, n));
                    }
                    all.push(Value::Object(item));
                }
                Value::Array(all)
            }
        }
        Some("integer") => schema["minimum"].clone(),
        Some("boolean") => json!(true),
        _ if schema["pattern"]
            .as_str()
            .is_some_and(|p| p.starts_with("^[0-9]{4}-")) =>
        {
            json!("2017-10-16 17:24")
        }
        _ => {
            *n += 1;
            json!(format!("v{n}"))
        }
    }
}

/// The keys each `oneOf` alternative of an object schema requires.
fn alternatives(schema: &serde_json::Value) -> Vec<Vec<String>> {
    schema["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|alt| {
            alt["required"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|k| k.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// Every string value of a document, with the path of keys to it.
fn leaves(value: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(o) => o
            .iter()
            .for_each(|(k, v)| leaves(v, &format!("{path}/{k}"), out)),
        serde_json::Value::Array(a) => a.iter().for_each(|v| leaves(v, &format!("{path}/-"), out)),
        serde_json::Value::String(s) => out.push((path.to_string(), s.clone())),
        _ => {}
    }
}

/// Schema and model agree field by field: a page with every property the
/// schema allows loads without a finding (the model takes every field, no
/// field is unknown to it), comes back whole when the model is written out
/// (nothing dropped), and every text in it is one that text rules look at
/// (`model::fields`: a field it leaves out would never be linted).
#[test]
fn schema_and_model_agree_field_by_field() {
    let defs: serde_json::Value =
        serde_json::from_str(handbok::load::schema_text("defs.schema.json").unwrap()).unwrap();
    let defs = &defs["$defs"];
    for kind in ["area", "municipality", "article", "guide"] {
        let name = format!("{kind}.schema.json");
        let schema: serde_json::Value =
            serde_json::from_str(handbok::load::schema_text(&name).unwrap()).unwrap();
        let doc = maximal(&schema, defs, &mut 0);
        let dir = tempfile::tempdir().unwrap();
        let file = if kind == "guide" {
            "guide.yaml".to_string()
        } else {
            format!("{kind}.yaml")
        };
        std::fs::write(
            dir.path().join(&file),
            serde_json::to_string_pretty(&doc).unwrap(),
        )
        .unwrap();
        let content = handbok::load::load(dir.path()).unwrap();
        assert!(
            content.diagnostics.is_empty(),
            "{kind}: {:#?}\n{doc:#}",
            content.diagnostics
        );
        let back = match kind {
            "guide" => serde_json::to_value(content.guide.as_ref().unwrap()).unwrap(),
            _ => serde_json::to_value(&content.pages[0].body).unwrap(),
        };
        let expected = doc.clone();
        assert_eq!(
            back, expected,
            "{kind}: the model does not give back what the schema allows"
        );
        if kind == "guide" {
            continue;
        }
        let seen: Vec<(&str, String)> = handbok::model::fields::fields(&content.pages[0])
            .iter()
            .map(|f| (f.key, f.value.to_string()))
            .collect();
        let mut texts = Vec::new();
        leaves(&expected, "", &mut texts);
        for (path, text) in texts {
            let metadata = path == "/kind"
                || path.ends_with("/revision/date")
                || path.ends_with("/revision/author");
            let key = path.rsplit('/').find(|k| *k != "-").unwrap();
            assert!(
                metadata || seen.contains(&(key, text)),
                "{kind}: {path} is not among the fields text rules see, under its key (model/fields.rs)"
            );
        }
    }
}
