//! Matching and comparing pages and entries.

use super::entries::{entries, Entry, EntryKind};
use super::words::{nature, ratio, spans, Nature, Span};
use crate::model::Page;
use crate::text::normalize;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Added,
    Removed,
    Changed,
    Moved,
}

/// One difference, in the guide's terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// Page id (the new one, or the old one for a removed page).
    pub page: String,
    pub page_title: String,
    /// The entry: "Exempel › Linköping – Ledarutbildningar", "Avsnitt › Vad".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nature: Option<Nature>,
    /// Word-level spans of a changed text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Span>,
    /// Where a moved entry or page came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub ignore_whitespace: bool,
}

struct Ctx<'a> {
    opts: Options,
    out: Vec<Change>,
    /// Examples that left a page, and examples that arrived, for moves across pages.
    gone: Vec<(&'a Page, Entry)>,
    arrived: Vec<(&'a Page, Entry)>,
}

impl Ctx<'_> {
    fn change(&mut self, kind: Kind, page: &Page, entry: Option<&Entry>) -> &mut Change {
        self.out.push(Change {
            kind,
            page: page.id.clone(),
            page_title: page.body.title().to_string(),
            entry: entry
                .filter(|e| e.kind != EntryKind::Page)
                .map(|e| e.label.clone()),
            field: None,
            old: None,
            new: None,
            nature: None,
            words: Vec::new(),
            note: None,
        });
        self.out.last_mut().expect("just pushed")
    }

    fn fields(&mut self, page: &Page, old: &Entry, new: &Entry) {
        let mut names: Vec<&'static str> = old.fields.iter().map(|(n, _)| *n).collect();
        for (n, _) in &new.fields {
            if !names.contains(n) {
                names.push(n);
            }
        }
        for name in names {
            let (a, b) = (old.field(name), new.field(name));
            if a == b {
                continue;
            }
            let nat = match (a, b) {
                (Some(a), Some(b)) => nature(a, b),
                _ => Nature::Words,
            };
            if self.opts.ignore_whitespace && nat == Nature::Whitespace {
                continue;
            }
            let words = match (a, b) {
                (Some(a), Some(b)) => spans(a, b),
                _ => Vec::new(),
            };
            let c = self.change(Kind::Changed, page, Some(new));
            c.field = Some(name.to_string());
            c.old = a.map(str::to_string);
            c.new = b.map(str::to_string);
            c.nature = Some(nat);
            c.words = words;
        }
    }
}

/// All differences between two sets of pages.
pub fn diff(old: &[Page], new: &[Page], opts: Options) -> Vec<Change> {
    let mut ctx = Ctx {
        opts,
        out: Vec::new(),
        gone: Vec::new(),
        arrived: Vec::new(),
    };
    let (pairs, removed, added) = pair_pages(old, new);
    for (o, n) in &pairs {
        if o.id != n.id {
            let c = ctx.change(Kind::Moved, n, None);
            c.old = Some(o.display_path());
            c.new = Some(n.display_path());
            c.note = Some(format!("file renamed from {}", o.id));
        }
        compare_pages(&mut ctx, o, n);
    }
    moves_across_pages(&mut ctx);
    for p in removed {
        let c = ctx.change(Kind::Removed, p, None);
        c.old = Some(p.body.title().to_string());
    }
    for p in added {
        let c = ctx.change(Kind::Added, p, None);
        c.new = Some(p.body.title().to_string());
    }
    ctx.out
}

type Paired<'a> = (Vec<(&'a Page, &'a Page)>, Vec<&'a Page>, Vec<&'a Page>);

/// Pages by id; a page whose file was renamed is found by its content.
fn pair_pages<'a>(old: &'a [Page], new: &'a [Page]) -> Paired<'a> {
    let by_id: HashMap<&str, &Page> = old.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    for n in new {
        match by_id.get(n.id.as_str()) {
            Some(o) => pairs.push((*o, n)),
            None => added.push(n),
        }
    }
    let new_ids: std::collections::HashSet<&str> = new.iter().map(|p| p.id.as_str()).collect();
    let removed: Vec<Candidate> = old
        .iter()
        .filter(|p| !new_ids.contains(p.id.as_str()))
        .map(Candidate::of)
        .collect();
    let (mut matched, still_added) = pair_renamed(&removed, &added);
    pairs.extend(matched.iter().map(|&(i, n)| (removed[i].page, n)));
    matched.sort_unstable_by_key(|&(i, _)| i);
    let taken: std::collections::HashSet<usize> = matched.iter().map(|&(i, _)| i).collect();
    let removed = (0..removed.len())
        .filter(|i| !taken.contains(i))
        .map(|i| removed[i].page)
        .collect();
    (pairs, removed, still_added)
}

/// A page that left, with what finding its new place takes: its text, the
/// text's hash, and its words (hashed).
struct Candidate<'a> {
    page: &'a Page,
    title: String,
    text: String,
    words: std::collections::HashSet<u64>,
}

impl<'a> Candidate<'a> {
    fn of(page: &'a Page) -> Candidate<'a> {
        let text = page_text(page);
        Candidate {
            page,
            title: normalize(page.body.title()),
            words: word_hashes(&text),
            text,
        }
    }
}

fn word_hashes(text: &str) -> std::collections::HashSet<u64> {
    use std::hash::{Hash, Hasher};
    text.split_whitespace()
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Which added page is which removed one, renamed: the same text or title
/// first (hash lookups, so moving thousands of pages stays linear), then the
/// most similar text among the few pages that share the most words.
fn pair_renamed<'a>(
    removed: &[Candidate<'a>],
    added: &[&'a Page],
) -> (Vec<(usize, &'a Page)>, Vec<&'a Page>) {
    type Index = HashMap<(String, crate::model::PageKind), Vec<usize>>;
    let (mut by_text, mut by_title): (Index, Index) = Default::default();
    for (i, c) in removed.iter().enumerate().rev() {
        by_text
            .entry((c.text.clone(), c.page.body.kind()))
            .or_default()
            .push(i);
        by_title
            .entry((c.title.clone(), c.page.body.kind()))
            .or_default()
            .push(i);
    }
    let mut free = vec![true; removed.len()];
    let take = |list: Option<&mut Vec<usize>>, free: &mut Vec<bool>| -> Option<usize> {
        let list = list?;
        while let Some(i) = list.pop() {
            if free[i] {
                free[i] = false;
                return Some(i);
            }
        }
        None
    };
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for &n in added {
        let text = page_text(n);
        let kind = n.body.kind();
        let exact = take(by_text.get_mut(&(text.clone(), kind)), &mut free).or_else(|| {
            take(
                by_title.get_mut(&(normalize(n.body.title()), kind)),
                &mut free,
            )
        });
        match exact {
            Some(i) => matched.push((i, n)),
            None => rest.push((n, text)),
        }
    }
    let mut still_added = Vec::new();
    for (n, text) in rest {
        let words = word_hashes(&text);
        let mut shortlist: Vec<(usize, usize)> = (0..removed.len())
            .filter(|&i| free[i] && removed[i].page.body.kind() == n.body.kind())
            .map(|i| (removed[i].words.intersection(&words).count(), i))
            .collect();
        shortlist.sort_unstable_by(|a, b| b.cmp(a));
        let best = shortlist
            .iter()
            .take(3)
            .map(|&(_, i)| (i, ratio(&removed[i].text, &text)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, r)) if r >= 0.6 => {
                free[i] = false;
                matched.push((i, n));
            }
            _ => still_added.push(n),
        }
    }
    (matched, still_added)
}

fn page_text(p: &Page) -> String {
    entries(p)
        .iter()
        .map(Entry::text)
        .collect::<Vec<_>>()
        .join("\n")
}

fn compare_pages<'a>(ctx: &mut Ctx<'a>, o: &'a Page, n: &'a Page) {
    let (old, new) = (entries(o), entries(n));
    let mut new_by_key: HashMap<&str, &Entry> = HashMap::new();
    for e in new.iter().filter(|e| e.kind != EntryKind::Example) {
        new_by_key.insert(&e.key, e);
    }
    for e in old.iter().filter(|e| e.kind != EntryKind::Example) {
        match new_by_key.remove(e.key.as_str()) {
            Some(m) => ctx.fields(n, e, m),
            None => {
                let c = ctx.change(Kind::Removed, o, Some(e));
                c.old = Some(e.text());
            }
        }
    }
    for e in new
        .iter()
        .filter(|e| e.kind != EntryKind::Example && new_by_key.contains_key(e.key.as_str()))
    {
        let c = ctx.change(Kind::Added, n, Some(e));
        c.new = Some(e.text());
    }
    compare_examples(ctx, o, n, &old, &new);
}

fn compare_examples<'a>(ctx: &mut Ctx<'a>, o: &'a Page, n: &'a Page, old: &[Entry], new: &[Entry]) {
    let old: Vec<&Entry> = old
        .iter()
        .filter(|e| e.kind == EntryKind::Example)
        .collect();
    let new: Vec<&Entry> = new
        .iter()
        .filter(|e| e.kind == EntryKind::Example)
        .collect();
    let mut old_index: HashMap<&str, usize> = HashMap::new();
    for (i, e) in old.iter().enumerate() {
        old_index.entry(e.key.as_str()).or_insert(i);
    }
    let mut matched: Vec<(usize, usize)> = Vec::new();
    let mut used = vec![false; old.len()];
    let mut unmatched_new = Vec::new();
    for (j, e) in new.iter().enumerate() {
        match old_index.get(e.key.as_str()).filter(|&&i| !used[i]) {
            Some(&i) => {
                used[i] = true;
                matched.push((i, j));
            }
            None => unmatched_new.push(j),
        }
    }
    // A retitled example: same municipality and much the same text.
    let mut arrived = Vec::new();
    for j in unmatched_new {
        let best = (0..old.len())
            .filter(|&i| !used[i])
            .map(|i| {
                let same_place = old[i].field("municipality") == new[j].field("municipality");
                (i, ratio(&old[i].text(), &new[j].text()), same_place)
            })
            .filter(|&(_, r, same)| r >= 0.8 || (same && r >= 0.5))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, _, _)) => {
                used[i] = true;
                matched.push((i, j));
            }
            None => arrived.push(j),
        }
    }
    matched.sort_by_key(|&(_, j)| j);
    let in_order = longest_increasing(&matched.iter().map(|&(i, _)| i).collect::<Vec<_>>());
    for (k, &(i, j)) in matched.iter().enumerate() {
        if !in_order.contains(&k) {
            let c = ctx.change(Kind::Moved, n, Some(new[j]));
            c.note = Some(format!("moved from place {} to place {}", i + 1, j + 1));
        }
        ctx.fields(n, old[i], new[j]);
    }
    ctx.gone.extend(
        (0..old.len())
            .filter(|&i| !used[i])
            .map(|i| (o, old[i].clone())),
    );
    ctx.arrived
        .extend(arrived.into_iter().map(|j| (n, new[j].clone())));
}

/// Indices (into `seq`) of a longest strictly increasing subsequence: the
/// entries that kept their order; the others moved.
fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    let n = seq.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for j in 0..n {
        for i in 0..j {
            if seq[i] < seq[j] && len[i] + 1 > len[j] {
                len[j] = len[i] + 1;
                prev[j] = i;
            }
        }
    }
    let mut out = Vec::new();
    let mut k = (0..n).max_by_key(|&k| (len[k], usize::MAX - k));
    while let Some(i) = k {
        out.push(i);
        k = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    out
}

/// An example that left one page and arrived on another is moved, not
/// removed and added.
fn moves_across_pages(ctx: &mut Ctx) {
    let gone = std::mem::take(&mut ctx.gone);
    let arrived = std::mem::take(&mut ctx.arrived);
    // Arrivals by key, each list in order, so pairing is a lookup.
    let mut by_key: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
    for (k, (_, a)) in arrived.iter().enumerate() {
        by_key.entry(a.key.clone()).or_default().push_back(k);
    }
    let mut used = vec![false; arrived.len()];
    for (from, e) in gone {
        match by_key.get_mut(&e.key).and_then(|q| q.pop_front()) {
            Some(k) => {
                used[k] = true;
                let (to, a) = &arrived[k];
                let (to, a) = (*to, a.clone());
                let c = ctx.change(Kind::Moved, to, Some(&a));
                c.note = Some(format!(
                    "moved from {} ({})",
                    from.body.title().as_str(),
                    from.id
                ));
                ctx.fields(to, &e, &a);
            }
            None => {
                let c = ctx.change(Kind::Removed, from, Some(&e));
                c.old = Some(e.text());
            }
        }
    }
    for ((to, a), used) in arrived.into_iter().zip(used) {
        if !used {
            let c = ctx.change(Kind::Added, to, Some(&a));
            c.new = Some(a.text());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_keeps_the_order_that_stayed() {
        // 0 1 2 3 with 3 moved to the front: only the 3 moved.
        let lis = longest_increasing(&[3, 0, 1, 2]);
        assert_eq!(lis.len(), 3);
        assert!(!lis.contains(&0));
    }
}
