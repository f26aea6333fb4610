//! Renaming a page: its file moves, and every link to it (each `to:` that
//! leads there, `parts` in guide.yaml) is rewritten. A plan of byte edits,
//! carried out by whoever asks: the language server as a workspace edit, a
//! command line as file writes.

use crate::load::{Content, GUIDE_FILE};
use crate::model::fields::{fields, FieldKind};
use crate::model::Text;
use std::collections::BTreeMap;
use std::path::Path;

/// A page renamed, as edits of the files as they are now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The page's file, and where it goes (relative to the root).
    pub from: String,
    pub to: String,
    /// Replacements by file (relative to the root), in the order found.
    pub edits: BTreeMap<String, Vec<Edit>>,
}

/// Replace bytes `start..end` of a file with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Plan renaming the page that `link` leads to (`to:` as written, short as
/// `umea/ledarskap` or a full id) as `new`, read the way `link` is written:
/// after `umea/ledarskap`, `umea/ledning` means `kommuner/umea/ledning`.
/// Each link keeps its form: short links get the short name, full ones the
/// full id. Refused, with why: a name that is no page id, the page's own,
/// another page's, or a file's on disk (`root`).
pub fn plan(content: &Content, root: &Path, link: &str, new: &str) -> Result<Rename, String> {
    let page = content
        .resolve(link)
        .ok_or_else(|| format!("no page `{link}` in this guide"))?;
    let old = page.id.as_str();
    let typed = new.trim();
    let short = |link: &str| id_form(link) != old;
    let new_id = if short(link) && typed.split('/').count() == 2 {
        crate::model::read_more_candidates(typed)
            .pop()
            .unwrap_or_default()
    } else {
        typed.to_string()
    };
    may_take(content, root, old, typed, &new_id)?;
    let new_short = if new_id == typed {
        short_form(&new_id)
    } else {
        Some(typed.to_string())
    };
    let from = page.display_path();
    let ext = from.rsplit('.').next().unwrap_or("yaml");
    let mut edits: BTreeMap<String, Vec<Edit>> = BTreeMap::new();
    for p in &content.pages {
        let targets = fields(p)
            .into_iter()
            .filter(|f| f.kind == FieldKind::Target)
            .filter(|f| content.resolve(f.value).is_some_and(|p| p.id == old));
        for field in targets {
            let text = match &new_short {
                Some(s) if short(field.value) => s,
                _ => &new_id,
            };
            edit(content, &mut edits, &p.display_path(), field.value, text);
        }
    }
    if let Some(guide) = &content.guide {
        for part in guide.parts.iter().filter(|id| id.as_str() == old) {
            edit(content, &mut edits, GUIDE_FILE, part, &new_id);
        }
    }
    Ok(Rename {
        to: format!("{new_id}.{ext}"),
        from,
        edits,
    })
}

/// Whether page `old` may be called `new_id` (typed as `typed`): a page id
/// of slugs, not the page's own, no other page's, no file's.
fn may_take(
    content: &Content,
    root: &Path,
    old: &str,
    typed: &str,
    new_id: &str,
) -> Result<(), String> {
    let slugs = crate::text::is_new_page_id;
    if !slugs(typed) || !slugs(new_id) {
        return Err(format!(
            "`{typed}` cannot be a page id: write a-z, 0-9 and - between slashes \
             (at most {} characters a part, no - first or last)",
            crate::text::MAX_ID_PART
        ));
    }
    if new_id == old {
        return Err(format!("`{old}` is the page's id already"));
    }
    // The page must stay where pages are read: not in media/, not through
    // a folder that is a link to elsewhere.
    if new_id.split('/').next() == Some(crate::model::MEDIA_DIR) {
        return Err(format!(
            "`{new_id}` would put the page in {}/, where pages are not read",
            crate::model::MEDIA_DIR
        ));
    }
    crate::files::write::inside(root, Path::new(&format!("{new_id}.yaml")))
        .map_err(|e| format!("`{new_id}` cannot be written: {e}"))?;
    // Anything on disk by that name, known to the guide or not (a broken
    // file, a folder, guide.yaml itself).
    let taken = [format!("{new_id}.yaml"), format!("{new_id}.yml")]
        .into_iter()
        .find(|f| crate::files::read::entry(&root.join(f)) != crate::files::read::Entry::Missing);
    let other = content.resolve(typed).or(content.page(new_id));
    match (other, taken) {
        (Some(p), _) => Err(format!(
            "`{typed}` leads to another page already ({})",
            p.display_path()
        )),
        (None, Some(file)) => Err(format!("{file} is there already")),
        (None, None) => Ok(()),
    }
}

/// Replace `value` (as found in `file`) with `text`.
fn edit(
    content: &Content,
    edits: &mut BTreeMap<String, Vec<Edit>>,
    file: &str,
    value: &Text,
    text: &str,
) {
    let source = content.sources.get(file).map_or("", |s| s);
    let lines = crate::model::locate::Lines::new(source);
    let place = crate::model::locate::locate(source, &lines, value, 0, value.len());
    if let Some((start, end)) = place.range {
        edits.entry(file.to_string()).or_default().push(Edit {
            start,
            end,
            text: text.to_string(),
        });
    }
}

/// The short form of a municipality page's id (`kommuner/umea/x` →
/// `umea/x`), when it leads back to it.
fn short_form(id: &str) -> Option<String> {
    let rest = id.strip_prefix("kommuner/")?;
    let back = crate::model::read_more_candidates(rest);
    (rest.split('/').count() == 2 && back.last().is_some_and(|b| b == id)).then(|| rest.to_string())
}

/// A link as a page id: `/omraden/x/` → `omraden/x`.
fn id_form(link: &str) -> &str {
    link.trim().trim_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rename_moves_the_file_and_rewrites_each_link_in_its_form() {
        let root = Path::new("content");
        let content = crate::load::load(root).unwrap();
        let short = plan(&content, root, "umea/ledarskap", "umea/ledning").unwrap();
        assert_eq!(short.from, "kommuner/umea/ledarskap.yaml");
        assert_eq!(short.to, "kommuner/umea/ledning.yaml");
        let edits = &short.edits["omraden/ledarskap.yaml"];
        let source = &content.sources["omraden/ledarskap.yaml"];
        for e in edits {
            assert_eq!(&source[e.start..e.end], "umea/ledarskap");
            assert_eq!(e.text, "umea/ledning");
        }
        let part = plan(&content, root, "omraden/ledarskap", "omraden/ledning").unwrap();
        let guide = &part.edits[GUIDE_FILE];
        assert_eq!(
            &content.sources[GUIDE_FILE][guide[0].start..guide[0].end],
            "omraden/ledarskap"
        );
        assert_eq!(guide[0].text, "omraden/ledning");
    }

    #[test]
    fn a_rename_is_refused_with_why() {
        let root = Path::new("content");
        let content = crate::load::load(root).unwrap();
        for (new, why) in [
            ("Umea/Ledning", "cannot be a page id"),
            ("umea/-x", "cannot be a page id"),
            (&"x".repeat(61), "cannot be a page id"),
            ("umea/ledarskap", "is the page's id already"),
            ("guide", "guide.yaml is there already"),
        ] {
            let refused = plan(&content, root, "umea/ledarskap", new).unwrap_err();
            assert!(refused.contains(why), "{new}: {refused}");
        }
        assert!(plan(&content, root, "nowhere/x", "y")
            .unwrap_err()
            .contains("no page"));
    }
}
