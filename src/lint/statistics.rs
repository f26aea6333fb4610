//! `handbok lint --statistics`: findings counted per rule, and the LIX of
//! every page (most difficult first), for an editor's overview.

use crate::diag::Diagnostic;
use crate::lang::Lix;
use crate::load::Content;
use serde_json::json;
use std::collections::BTreeMap;

pub struct Statistics {
    /// Rule id → (findings, how many have a fix).
    rules: BTreeMap<&'static str, (usize, usize)>,
    /// (page file, title, LIX), most difficult first.
    pages: Vec<(String, String, Lix)>,
    level: f64,
}

impl Statistics {
    pub fn new(diags: &[Diagnostic], content: &Content, level: f64) -> Statistics {
        let mut rules: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        for d in diags {
            let entry = rules.entry(d.rule.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(d.fix.is_some());
        }
        let mut pages: Vec<(String, String, Lix)> = content
            .pages
            .iter()
            .map(|p| {
                let lix = crate::lang::page_lix(p);
                (p.display_path(), p.body.title().to_string(), lix)
            })
            .filter(|(_, _, lix)| lix.words > 0)
            .collect();
        pages.sort_by(|a, b| b.2.value().total_cmp(&a.2.value()).then(a.0.cmp(&b.0)));
        Statistics {
            rules,
            pages,
            level,
        }
    }

    pub fn human(&self) -> String {
        let mut rows: Vec<(&&str, &(usize, usize))> = self.rules.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let mut out = String::new();
        for (id, (n, fixable)) in rows {
            let mark = if *fixable > 0 { "[*]" } else { "   " };
            let summary = crate::diag::RuleId::parse(id).map_or("", |r| super::rule(r).summary);
            out.push_str(&format!("{n:>6}  {id:<26} {mark} {summary}\n"));
        }
        if self.rules.is_empty() {
            out.push_str("no findings\n");
        }
        out.push_str(&format!(
            "\nLIX per page (the guide's level: {:.0}; under 40 easy, 40–50 plain, 50–60 hard)\n",
            self.level
        ));
        out.push_str("   LIX  words  sentences  page\n");
        for (path, title, lix) in &self.pages {
            let over = if lix.value() > self.level { " !" } else { "" };
            out.push_str(&format!(
                "{:>6.0}{over:<2}{:>5}  {:>9}  {path} ({})\n",
                lix.value(),
                lix.words,
                lix.sentences,
                crate::diag::printable(title)
            ));
        }
        out
    }

    pub fn json(&self) -> String {
        let rules: Vec<_> = self
            .rules
            .iter()
            .map(|(id, (n, fixable))| json!({ "rule": id, "count": n, "fixable": fixable }))
            .collect();
        let pages: Vec<_> = self
            .pages
            .iter()
            .map(|(path, title, lix)| {
                json!({
                    "path": path,
                    "title": title,
                    "lix": (lix.value() * 10.0).round() / 10.0,
                    "words": lix.words,
                    "sentences": lix.sentences,
                    "long_words": lix.long_words,
                })
            })
            .collect();
        crate::diag::json_safe(
            json!({ "rules": rules, "lix_level": self.level, "pages": pages }).to_string(),
        )
    }
}
