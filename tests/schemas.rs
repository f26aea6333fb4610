//! The schemas editors see are the schemas the loader uses.

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
