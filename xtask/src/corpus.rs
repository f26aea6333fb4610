//! `cargo xtask gen-corpus --pages N --out DIR [--seed S]`: a deterministic
//! synthetic guide shaped like the real one — all 290 municipalities across
//! the key areas, area pages with examples, municipality pages, images —
//! built from the seeds' own sentences, with a known sprinkling of defects.

use crate::png::png;
use handbok::model::{kommuner, slug};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const AREAS: [&str; 10] = [
    "Ledarskap",
    "Organisation och kultur",
    "Hela styrkedjan med",
    "Omvärld",
    "Kompetens",
    "Infrastruktur",
    "Verksamhetsutveckling",
    "Samverkan",
    "Informationssäkerhet",
    "Juridik",
];
const EXAMPLES_PER_AREA_PAGE: usize = 30;

/// Defects put in on purpose: (rule, every how many municipality pages).
pub const DEFECTS: [(&str, usize); 6] = [
    ("double-period", 97),
    ("quote-style", 89),
    ("missing-read-more", 211),
    ("duplicate-entry", 401),
    ("placeholder-illustration", 307),
    ("missing-space", 151),
];

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// Clean sentences from the seeds: no years, quotes, links or defects, so
/// that every finding in the corpus is one that was put there on purpose.
fn sentences(root: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let dir = root.join("tests/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let banned = [
        "“", "‘", "”", "Se mer", "Klicka", "Läs mer", "..", "här ska", ".jpg", ".png", "*", "’",
        "kommer", "ska ", "/", "(", ")",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        for line in text.lines() {
            for s in line.trim().trim_start_matches('•').split_inclusive(". ") {
                let s = s.trim();
                let glued = s
                    .as_bytes()
                    .windows(2)
                    .any(|w| (w[0] == b',' || w[0] == b'.') && w[1].is_ascii_alphabetic());
                let year = s.split(|c: char| !c.is_ascii_digit()).any(|d| d.len() == 4);
                if (40..=240).contains(&s.len())
                    && s.ends_with('.')
                    && s.starts_with(char::is_uppercase)
                    && !glued
                    && !year
                    && !banned.iter().any(|b| s.contains(b))
                {
                    out.push(s.to_string());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    if out.len() < 20 {
        return Err(format!(
            "only {} usable sentences in {}",
            out.len(),
            dir.display()
        ));
    }
    Ok(out)
}

struct Entry {
    kommun: String,
    title: String,
    summary: String,
    target: String,
    defects: Vec<&'static str>,
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn block(out: &mut String, key: &str, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}: |");
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
}

/// Where generated files go: `(relative path, bytes)`.
pub type Sink<'a> = dyn FnMut(&str, &[u8]) -> Result<(), String> + 'a;

/// Generate into a folder on disk.
pub fn generate_to(
    root: &Path,
    pages: usize,
    out: &Path,
    seed: u64,
) -> Result<BTreeMap<&'static str, usize>, String> {
    generate(root, pages, seed, &mut |rel, bytes| {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).map_err(|e| e.to_string())?;
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    })
}

/// The generated guide's pages, loaded in memory (no media).
pub fn in_memory(root: &Path, pages: usize, seed: u64) -> Result<handbok::load::Content, String> {
    let mut files: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    generate(root, pages, seed, &mut |rel, bytes| {
        if rel.ends_with(".yaml") {
            files.push((rel.into(), bytes.to_vec()));
        }
        Ok(())
    })?;
    Ok(handbok::load::load_bytes(Path::new("generated"), files))
}

pub fn generate(
    root: &Path,
    pages: usize,
    seed: u64,
    sink: &mut Sink,
) -> Result<BTreeMap<&'static str, usize>, String> {
    let pool = sentences(root)?;
    // Sweden's municipalities in alphabetical order, with handbok's folder names.
    let mut register: Vec<&handbok::model::kommuner::Kommun> = kommuner::all().iter().collect();
    register.sort_by_key(|k| k.name);
    let kommuner: Vec<&str> = register.iter().map(|k| k.name).collect();
    let slugs: Vec<&str> = register.iter().map(|k| k.slug.as_str()).collect();
    let volumes = pages
        .div_ceil(AREAS.len() * (EXAMPLES_PER_AREA_PAGE + 1))
        .max(1);
    let area_pages = AREAS.len() * volumes;
    let municipality_pages = pages.saturating_sub(area_pages);
    let mut rng = Rng(seed | 1);
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    // Area page (area, volume) → its examples.
    let mut listed: BTreeMap<(usize, usize), Vec<Entry>> = BTreeMap::new();
    let mut per_area = [0usize; AREAS.len()];
    for i in 0..municipality_pages {
        let kommun = kommuner[(i / AREAS.len()) % kommuner.len()];
        let kommun_slug = &slugs[(i / AREAS.len()) % kommuner.len()];
        let a = i % AREAS.len();
        let cycle = i / (kommuner.len() * AREAS.len());
        let suffix = if cycle == 0 {
            String::new()
        } else {
            format!("-{}", cycle + 1)
        };
        let area = AREAS[a];
        let target = format!("{kommun_slug}/{}{suffix}", slug(area));
        let defect = |rule: &str| {
            DEFECTS
                .iter()
                .any(|(r, every)| *r == rule && i % every == every - 1)
        };
        let mut defects = Vec::new();
        let mut summary = format!(
            "{kommun} arbetar med {} i omgång {}. {} {} {}",
            area.to_lowercase(),
            cycle + 1,
            rng.pick(&pool),
            rng.pick(&pool),
            rng.pick(&pool)
        );
        if defect("quote-style") {
            summary.push_str(" Ledningen säger “vi har bestämt oss” till alla.");
            defects.push("quote-style");
        }
        summary.push('\n');
        let mut details = String::new();
        for _ in 0..4 {
            let _ = writeln!(details, "- {}", rng.pick(&pool));
        }
        if defect("placeholder-illustration") {
            details.push_str("\nhär ska illustrationen in.\n");
            defects.push("placeholder-illustration");
        }
        if defect("missing-space") {
            details.push_str("\nDet handlar om följsamhet till det som bestämts,att gå från ord till handling.\n");
            defects.push("missing-space");
        }
        let title = format!(
            "{area} i {kommun}{}",
            if cycle == 0 {
                String::new()
            } else {
                format!(", del {}", cycle + 1)
            }
        );
        let mut page = String::from(
            "# yaml-language-server: $schema=../../../schemas/municipality.schema.json\n",
        );
        let _ = writeln!(
            page,
            "kind: municipality\nmunicipality: {}\narea: {}\ntitle: {}",
            quoted(kommun),
            quoted(area),
            quoted(&title)
        );
        let _ = writeln!(
            page,
            "revision:\n  date: \"{}-{:02}-{:02} {:02}:{:02}\"\n  author: Frick",
            2016 + rng.next() % 4,
            1 + rng.next() % 12,
            1 + rng.next() % 28,
            8 + rng.next() % 10,
            rng.next() % 60
        );
        block(&mut page, "summary", 0, &summary);
        block(&mut page, "details", 0, &details);
        sink(
            &format!("kommuner/{kommun_slug}/{}{suffix}.yaml", slug(area)),
            page.as_bytes(),
        )?;
        let volume = (per_area[a] / EXAMPLES_PER_AREA_PAGE).min(volumes - 1);
        per_area[a] += 1;
        for d in &defects {
            *counts.entry(d).or_default() += 1;
        }
        let mut entry_defects = Vec::new();
        for rule in ["double-period", "missing-read-more", "duplicate-entry"] {
            if defect(rule) {
                entry_defects.push(rule);
                *counts.entry(rule).or_default() += 1;
            }
        }
        listed.entry((a, volume)).or_default().push(Entry {
            kommun: kommun.to_string(),
            title,
            summary,
            target,
            defects: entry_defects,
        });
    }
    for a in 0..AREAS.len() {
        for v in 0..volumes {
            let examples = listed.remove(&(a, v)).unwrap_or_default();
            sink(
                &format!("omraden/{}.yaml", area_id(a, v)),
                area_page(a, v, &examples, &mut rng, &pool).as_bytes(),
            )?;
            let image = png(320, 180, |x, y| {
                [
                    (40 + a * 20) as u8,
                    (60 + (x + y) % 120) as u8,
                    (90 + v * 7 % 150) as u8,
                ]
            });
            sink(&format!("media/{}.png", area_id(a, v)), &image)?;
        }
    }
    let mut guide = String::from("# yaml-language-server: $schema=../schemas/guide.schema.json\ntitle: Mittköping\nsubtitle: En genererad handbok om digitalisering i kommuner\nlanguage: sv\nedition: \"1\"\nparts:\n");
    for a in 0..AREAS.len() {
        for v in 0..volumes {
            let _ = writeln!(guide, "  - omraden/{}", area_id(a, v));
        }
    }
    sink("guide.yaml", guide.as_bytes())?;
    // A real guide keeps a word list of its names and borrowed words.
    sink("ordlista.txt", include_bytes!("../../content/ordlista.txt"))?;
    Ok(counts)
}

fn area_id(a: usize, v: usize) -> String {
    if v == 0 {
        slug(AREAS[a])
    } else {
        format!("{}-del-{}", slug(AREAS[a]), v + 1)
    }
}

fn area_page(a: usize, v: usize, examples: &[Entry], rng: &mut Rng, pool: &[String]) -> String {
    let title = if v == 0 {
        AREAS[a].to_string()
    } else {
        format!("{}, del {}", AREAS[a], v + 1)
    };
    let mut out = String::from(
        "# yaml-language-server: $schema=../../schemas/area.schema.json\nkind: area\n",
    );
    let _ = writeln!(out, "title: {}", quoted(&title));
    let _ = writeln!(
        out,
        "images:\n  - file: {}.png\n    alt: {}",
        area_id(a, v),
        quoted(&format!("Illustration till {title}"))
    );
    for key in ["vad", "vem", "hur"] {
        block(
            &mut out,
            key,
            0,
            &format!("{} {}\n", rng.pick(pool), rng.pick(pool)),
        );
    }
    out.push_str("model:\n  municipality: Mittköping\n");
    let _ = writeln!(
        out,
        "  title: {}",
        quoted(&format!(
            "Så arbetar Mittköping med {}",
            AREAS[a].to_lowercase()
        ))
    );
    block(
        &mut out,
        "summary",
        2,
        &format!("{} {}\n", rng.pick(pool), rng.pick(pool)),
    );
    if !examples.is_empty() {
        out.push_str("examples:\n");
    }
    for e in examples {
        write_example(&mut out, e);
        if e.defects.contains(&"duplicate-entry") {
            write_example(&mut out, e);
        }
    }
    out
}

fn write_example(out: &mut String, e: &Entry) {
    let _ = writeln!(
        out,
        "  - municipality: {}\n    title: {}",
        quoted(&e.kommun),
        quoted(&e.title)
    );
    block(out, "summary", 4, &e.summary);
    if e.defects.contains(&"missing-read-more") {
        return;
    }
    let text = if e.defects.contains(&"double-period") {
        "Läs mer.."
    } else {
        "Läs mer"
    };
    let _ = writeln!(
        out,
        "    read_more:\n      text: {text}\n      to: {}",
        e.target
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every defect put in is found, and nothing else is.
    #[test]
    fn lint_finds_exactly_the_defects_put_in() {
        let out = std::env::temp_dir().join(format!("handbok-corpus-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let put_in = generate_to(root, 700, &out, 7).unwrap();
        let content = handbok::load::load(&out).unwrap();
        let config = handbok::workspace::config::Config::default();
        let found = handbok::lint::check(&content, &config, 2026);
        std::fs::remove_dir_all(&out).unwrap();
        // The language rules judge the seed prose the generator borrows,
        // not the defects it puts in.
        const LANGUAGE: [&str; 5] = [
            "spelling",
            "abbreviation-style",
            "repeated-word",
            "long-sentence",
            "readability",
        ];
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for d in found
            .iter()
            .filter(|d| !LANGUAGE.contains(&d.rule.as_str()))
        {
            *by_rule.entry(d.rule.as_str()).or_default() += 1;
        }
        let mut expected: BTreeMap<&str, usize> = put_in.clone();
        // The summary with English quotes is on the area page and the municipality page.
        *expected.get_mut("quote-style").unwrap() *= 2;
        // A municipality page whose example lost its link is an orphan.
        expected.insert("orphan-page", put_in["missing-read-more"]);
        assert_eq!(by_rule, expected);
        assert_eq!(content.pages.len(), 700);
    }
}
