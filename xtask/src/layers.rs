//! `cargo xtask layers`: the import graph of `src/`, checked.
//!
//! Every `crate::…` and `super::…` path in a file (in `use` lines and inline)
//! is an edge from the file's module to the module it names. Two checks:
//! - no circles: between top-level modules, and between the children of any
//!   one module (`export::pdf` ↔ `export::epub`);
//! - no upward imports: each top-level module sits on a layer (`LAYERS`, lowest
//!   first) and may only use modules on lower layers.
//!
//! A test (`layers_hold`) runs it, so `cargo test` fails on the first new circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules of `src/`, lowest layer first. A module may use the
/// layers below its own, never its own layer's neighbours or anything above.
pub const LAYERS: &[&[&str]] = &[
    &["text"],
    &["diag", "model", "write", "files"],
    &["media", "lang", "load"],
    &["workspace"],
    &["lint", "diff", "import"],
    &["export", "server", "init"],
    &["preview"],
    &["cli"],
];

/// Module path (`["export", "pdf", "blocks"]`) → the module paths it uses.
pub type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

pub fn run(args: &[&str]) -> Result<(), String> {
    let src = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| crate::root().join("src"), PathBuf::from);
    let graph = graph(&src)?;
    let problems = check(&graph);
    if args.contains(&"--print") {
        print_top(&graph);
    }
    if problems.is_empty() {
        println!(
            "layers: {} modules, {} edges, no circles, no upward imports",
            graph.len(),
            graph.values().map(BTreeSet::len).sum::<usize>()
        );
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn print_top(graph: &Graph) {
    let mut top: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, tos) in graph {
        for to in tos {
            if from[0] != to[0] {
                top.entry(&from[0]).or_default().insert(&to[0]);
            }
        }
    }
    for (from, tos) in top {
        println!(
            "{from} → {}",
            tos.iter().copied().collect::<Vec<_>>().join(", ")
        );
    }
}

/// The problems of a graph: circles and upward imports, one line each.
pub fn check(graph: &Graph) -> Vec<String> {
    let mut problems = upward(graph);
    for (parent, children) in sibling_graphs(graph) {
        for circle in circles(&children) {
            let at = if parent.is_empty() {
                "src".to_string()
            } else {
                parent.join("::")
            };
            problems.push(format!("circle in {at}: {}", circle.join(" → ")));
        }
    }
    problems
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn upward(graph: &Graph) -> Vec<String> {
    let mut problems = BTreeSet::new();
    for (from, tos) in graph {
        for to in tos.iter().filter(|to| to[0] != from[0]) {
            let message = match (layer(&from[0]), layer(&to[0])) {
                (Some(a), Some(b)) if b < a => continue,
                (Some(_), Some(_)) => format!(
                    "upward import: {} uses {} (a layer not below its own)",
                    from.join("::"),
                    to.join("::")
                ),
                (None, _) => format!("{} is on no layer (xtask/src/layers.rs)", from[0]),
                (_, None) => format!("{} is on no layer (xtask/src/layers.rs)", to[0]),
            };
            problems.insert(message);
        }
    }
    problems.into_iter().collect()
}

/// For each module, the graph among its children (each edge between two
/// files collapsed to the children of their closest common parent).
fn sibling_graphs(graph: &Graph) -> BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> {
    let mut out: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (from, tos) in graph {
        for to in tos {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue; // a module and its own parent or child
            }
            out.entry(from[..common].to_vec())
                .or_default()
                .entry(from[common].clone())
                .or_default()
                .insert(to[common].clone());
        }
    }
    out
}

/// Every strongly connected group of more than one node, as a closed walk.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |start: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(n) = stack.pop() {
            for next in graph.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let mut done = BTreeSet::new();
    let mut found = Vec::new();
    for node in graph.keys() {
        if done.contains(node) || !reach(node).contains(node) {
            continue;
        }
        let group: Vec<String> = graph
            .keys()
            .filter(|other| reach(node).contains(*other) && reach(other).contains(node))
            .cloned()
            .collect();
        done.extend(group.iter().cloned());
        let mut walk = group.clone();
        walk.push(group[0].clone());
        found.push(walk);
    }
    found
}

/// The graph of the crate under `src`.
pub fn graph(src: &Path) -> Result<Graph, String> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph = Graph::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let this = module_of(src, file);
        let used = graph.entry(this.clone()).or_default();
        for path in paths_in(&code_only(&text), &this) {
            // `crate::sayln!` is exported at the root but is the CLI's.
            let path = match path.first().map(String::as_str) {
                Some("sayln") => vec!["cli".to_string(), "out".to_string()],
                _ => path,
            };
            if let Some(target) = longest_module(&modules, &path) {
                if target != this && !target.is_empty() {
                    used.insert(target);
                }
            }
        }
    }
    Ok(graph)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// `src/export/pdf/mod.rs` → `["export", "pdf"]`; `lib.rs`/`main.rs` → `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text without comments and test modules: a doc comment naming a
/// module is no dependency, and tests may reach anywhere.
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) if !l[..at].contains('"') => &l[..at],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Absolute module paths named in `text`, from `crate::` and `super::`,
/// with `use` groups (`crate::{a, b::c}`) spread out.
fn paths_in(text: &str, this: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (start, prefix) in ["crate::", "super::"]
        .iter()
        .flat_map(|p| text.match_indices(p).map(move |(i, _)| (i, *p)))
    {
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let base: Vec<String> = if prefix == "crate::" {
            Vec::new()
        } else {
            this[..this.len().saturating_sub(1)].to_vec()
        };
        let rest = &text[start + prefix.len()..];
        for tail in expand(rest) {
            let mut path = base.clone();
            let mut parts = tail.as_slice();
            while let Some(("super", more)) = parts.split_first().map(|(a, b)| (a.as_str(), b)) {
                path.pop();
                parts = more;
            }
            path.extend(parts.iter().cloned());
            out.push(path);
        }
    }
    out
}

/// `a::b::{c, d::e}; …` → `[[a,b,c], [a,b,d,e]]`; `a::b::C::f(` → `[[a,b,C,f]]`.
fn expand(rest: &str) -> Vec<Vec<String>> {
    let mut head = Vec::new();
    let mut word = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == ':' && chars.peek().map(|(_, c)| *c) == Some(':') {
            chars.next();
            head.push(std::mem::take(&mut word));
        } else if c == '{' && word.is_empty() {
            let close = matching_brace(&rest[i..]);
            return split_group(&rest[i + 1..i + close])
                .into_iter()
                .flat_map(|part| expand(part.trim()))
                .map(|tail| head.iter().cloned().chain(tail).collect())
                .collect();
        } else {
            break;
        }
    }
    if !word.is_empty() {
        head.push(word);
    }
    vec![head]
}

fn matching_brace(text: &str) -> usize {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

fn split_group(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&group[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

fn longest_module(modules: &BTreeSet<Vec<String>>, path: &[String]) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_hold() {
        let graph = graph(&crate::root().join("src")).unwrap();
        let problems = check(&graph);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// ARCHITECTURE.md's layer diagram is `LAYERS`, every top-level module
    /// of `src/` is in its code map, and the vendored crates' patch counts
    /// are what their PATCHES.md list, one patch file a change.
    #[test]
    fn the_architecture_map_is_true() {
        let text = std::fs::read_to_string(crate::root().join("ARCHITECTURE.md")).unwrap();
        let diagram: Vec<String> = LAYERS.iter().rev().map(|l| l.join("  ")).collect();
        let block = format!("```\n{}\n```", diagram.join("\n"));
        assert!(
            text.contains(&block),
            "ARCHITECTURE.md should show the layers as\n{block}"
        );
        let graph = graph(&crate::root().join("src")).unwrap();
        let tops: BTreeSet<&str> = graph
            .keys()
            .filter_map(|m| m.first())
            .map(String::as_str)
            .collect();
        for top in tops {
            assert!(layer(top).is_some(), "{top} is on no layer");
            let named = [format!("`src/{top}/`"), format!("`src/{top}.rs`")];
            assert!(
                named.iter().any(|n| text.contains(n.as_str())),
                "{top} is not in the code map"
            );
        }
        let words = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        ];
        for (krate, said) in [
            ("printpdf", "lists its {} changes"),
            ("genpdf", "with {} changes"),
        ] {
            let patches =
                std::fs::read_to_string(crate::root().join(format!("vendor/{krate}/PATCHES.md")))
                    .unwrap();
            let count = (1..)
                .take_while(|n| patches.contains(&format!("\n{n}. ")))
                .count();
            let files = std::fs::read_dir(crate::root().join(format!("vendor/{krate}/patches")))
                .unwrap()
                .count();
            assert_eq!(files, count, "vendor/{krate}: one patch a numbered change");
            for n in 1..=count {
                let named = format!("\n{n}. `patches/{n:02}-");
                assert!(
                    patches.contains(&named),
                    "{krate}: change {n} names no patch"
                );
            }
            let own = format!("with {} changes", words[count]);
            assert!(
                patches.contains(&own),
                "vendor/{krate}/PATCHES.md should say `{own}`"
            );
            let claim = said.replace("{}", words[count]);
            assert!(
                text.contains(&claim),
                "ARCHITECTURE.md should say `{claim}` of {krate}"
            );
        }
    }

    #[test]
    fn a_circle_and_an_upward_import_are_found() {
        let dir = std::env::temp_dir().join(format!("handbok-layers-{}", std::process::id()));
        let write = |rel: &str, text: &str| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("lib.rs", "pub mod model; pub mod lint;");
        write("model/mod.rs", "use crate::lint::{Rule, config::X};\n");
        write(
            "lint/mod.rs",
            "pub mod a; pub mod b;\n// crate::cli is only named here\n",
        );
        write("lint/config.rs", "");
        write("lint/a.rs", "use super::b::f;\n");
        write("lint/b.rs", "fn g() { crate::lint::a::h() }\n");
        write("cli/out.rs", "");
        write("model/say.rs", "fn f() { crate::sayln!(\"x\") }\n");
        let problems = check(&graph(&dir).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            problems,
            [
                "upward import: model uses lint (a layer not below its own)",
                "upward import: model uses lint::config (a layer not below its own)",
                "upward import: model::say uses cli::out (a layer not below its own)",
                "circle in lint: a → b → a",
            ]
        );
    }
}
