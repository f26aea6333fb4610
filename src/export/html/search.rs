//! The site's search: a Pagefind index built in-process from the pages
//! as written, a search page at `sok/` and its small script. Reading the
//! site needs no JavaScript; searching it does, and fetches only the
//! index's own files, so it works from any static server and sub-path.
//!
//! Pagefind holds every page it indexes in memory until it writes the
//! index (about 100 kB a page), so a large guide is indexed in shards of
//! [`SHARD`] pages, as many at once as there are cores, which the search
//! page merges.

use crate::export::Files;
use crate::Error;
use rayon::prelude::*;

/// The search page's folder.
pub const PATH: &str = "sok";

/// The script of the search page, in the site's root.
pub const SCRIPT: &str = "sok.js";

/// Pages a shard of the index holds at most.
pub const SHARD: usize = 2_000;

/// The search index of a site.
pub struct Index {
    pub files: Files,
    /// The folders of the shards after the first (`pagefind-2/`), which
    /// the search page merges into the first.
    pub more: Vec<String>,
}

/// The index of `pages` (site path, HTML), as files under `pagefind/`
/// (and `pagefind-2/`… for a large guide). Only the `<main>` of a page
/// marked `data-pagefind-body` is indexed; words are stemmed as Swedish.
pub fn index(pages: &[(&str, &str)]) -> Result<Index, Error> {
    index_in(pages, SHARD)
}

fn index_in(pages: &[(&str, &str)], size: usize) -> Result<Index, Error> {
    // Pagefind reads the working folder when it starts and panics
    // without one: say so instead.
    std::env::current_dir()
        .map_err(|e| Error::new(format!("search index: no working folder: {e}")))?;
    let shards: Vec<Result<Files, Error>> = pages
        .par_chunks(size)
        .enumerate()
        .map(|(n, pages)| shard_files(n, pages))
        .collect();
    let mut out = Index {
        files: Vec::new(),
        more: more(shards.len()),
    };
    for files in shards {
        out.files.extend(files?);
    }
    out.files.sort_by(|a, b| a.0.cmp(&b.0));
    out.files.push(script());
    Ok(out)
}

/// The search page's script, in the site's root.
pub fn script() -> (String, Vec<u8>) {
    (SCRIPT.to_string(), include_bytes!("sok.js").to_vec())
}

/// The folder of shard `n` (from 0).
fn folder(n: usize) -> String {
    match n {
        0 => "pagefind".to_string(),
        n => format!("pagefind-{}", n + 1),
    }
}

/// The folders the search page merges into the first, for `shards` shards.
pub fn more(shards: usize) -> Vec<String> {
    (1..shards).map(|n| format!("{}/", folder(n))).collect()
}

/// Shard `n` of the index, its files under its folder: the pages from
/// `n × SHARD` in reading order.
pub fn shard_files(n: usize, pages: &[(&str, &str)]) -> Result<Files, Error> {
    let folder = folder(n);
    Ok(shard(pages)?
        .into_iter()
        .filter(|(name, _)| wanted(name, n == 0))
        .map(|(name, bytes)| (format!("{folder}/{name}"), bytes))
        .collect())
}

/// One shard's index, on a runtime of its own (Pagefind's API is async).
fn shard(pages: &[(&str, &str)]) -> Result<Files, Error> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())
        .and_then(|runtime| runtime.block_on(build(pages)))
        .map_err(|e| Error::new(format!("search index: {e}")))
}

async fn build(pages: &[(&str, &str)]) -> Result<Files, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let config = PagefindServiceConfig::builder()
        .force_language("sv".to_string())
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    for (path, html) in pages {
        index
            .add_html_file(Some(path.to_string()), None, html.to_string())
            .await
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .collect())
}

/// The index and, in the first shard, the search API; not Pagefind's own
/// interfaces (the search page has its own) nor its highlighter. A
/// merged shard runs on the first one's code.
fn wanted(name: &str, first: bool) -> bool {
    let code = name.ends_with(".js") || name.starts_with("wasm.");
    let unused =
        name.contains("-ui.") || name.contains("highlight") || name == "wasm.unknown.pagefind";
    !unused && (first || !code)
}

/// The search page's content; `root` leads to the site's root, `more`
/// names the shards to merge. Without script it says where else to look.
pub fn page(root: &str, more: &[String]) -> String {
    use crate::export::xhtml::esc;
    let more = match more {
        [] => String::new(),
        more => format!(" data-more=\"{}\"", esc(&more.join(" "))),
    };
    format!(
        "<h1>Sök i handboken</h1>\n\
         <form class=\"search-page\" role=\"search\" action=\"./\" method=\"get\">\n\
         <label for=\"sok-fraga\">Sökord</label>\n\
         <input id=\"sok-fraga\" type=\"search\" name=\"q\" autocomplete=\"off\"/>\n\
         <button type=\"submit\">Sök</button>\n</form>\n\
         <p id=\"sok-status\" role=\"status\"></p>\n\
         <ol id=\"sok-traffar\" class=\"hits\"{more}></ol>\n\
         <noscript><p>Sökningen behöver JavaScript. Alla sidor finns i \
         <a href=\"{}\">innehållsförteckningen</a>.</p></noscript>\n",
        esc(root)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(word: &str) -> String {
        format!("<html lang=\"sv\"><body><main data-pagefind-body><h1>{word}</h1><p>Om {word}.</p></main></body></html>")
    }

    #[test]
    fn a_large_guide_is_indexed_in_shards_the_first_one_with_the_code() {
        let html: Vec<String> = ["ett", "två", "tre", "fyra", "fem"].map(page).to_vec();
        let paths = [
            "a/index.html",
            "b/index.html",
            "c/index.html",
            "d/index.html",
            "e/index.html",
        ];
        let pages: Vec<(&str, &str)> = paths
            .iter()
            .zip(&html)
            .map(|(p, h)| (*p, h.as_str()))
            .collect();
        let index = index_in(&pages, 2).unwrap();
        assert_eq!(index.more, ["pagefind-2/", "pagefind-3/"]);
        let names: Vec<&str> = index.files.iter().map(|(n, _)| n.as_str()).collect();
        for folder in ["pagefind", "pagefind-2", "pagefind-3"] {
            let entry = format!("{folder}/pagefind-entry.json");
            assert!(names.contains(&entry.as_str()), "{names:?}");
        }
        assert!(
            names.contains(&"pagefind/pagefind.js") && names.contains(&"pagefind/wasm.sv.pagefind")
        );
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("pagefind-") && (n.ends_with(".js") || n.contains("wasm"))),
            "{names:?}"
        );
        assert!(
            !names
                .iter()
                .any(|n| n.contains("-ui.") || n.contains("wasm.unknown")),
            "{names:?}"
        );
        // The same pages give the same bytes.
        assert_eq!(index_in(&pages, 2).unwrap().files, index.files);
    }
}
