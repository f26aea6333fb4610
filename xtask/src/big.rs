//! `cargo xtask bench big [--mb N]`: memory and time of `handbok lint` and
//! `handbok export` on the bundled guide with one field of N MB of prose
//! (the "20 MB field"). Memory should grow with the input, a few
//! times its size, not with the layout's bookkeeping.

use std::path::Path;

/// Words of the bundled guide's own register; the text is varied but
/// deterministic.
const WORDS: &[&str] = &[
    "digitalisering",
    "kommunen",
    "verksamheten",
    "utveckling",
    "ledarskap",
    "medarbetare",
    "förändring",
    "strategi",
    "arbetet",
    "tjänster",
    "invånare",
    "och",
    "som",
    "för",
    "att",
    "med",
    "i",
    "på",
    "av",
];

/// `bytes` of prose in paragraphs of 40–120 words, indented for a literal block.
fn prose(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 200);
    let mut state = 2017u64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    while out.len() < bytes {
        out.push_str("  ");
        for i in 0..40 + next(80) {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(WORDS[next(WORDS.len() as u64) as usize]);
        }
        out.push_str(".\n\n");
    }
    out
}

/// The bundled guide, with `mb` megabytes of prose added to one field.
fn guide(mb: usize, dir: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    copy_dir(&super::root().join("content"), dir).map_err(|e| e.to_string())?;
    let page = dir.join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page).map_err(|e| e.to_string())?;
    let at = text
        .find("vem: |\n")
        .ok_or("no `vem: |` in ledarskap.yaml")?
        + 7;
    let big = format!("{}{}{}", &text[..at], prose(mb << 20), &text[at..]);
    std::fs::write(&page, big).map_err(|e| e.to_string())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

pub fn bench(args: &[&str]) -> Result<(), String> {
    let (named, _) = super::options(args)?;
    let mb = super::number(&named, "mb", 15)?.max(1);
    let work = super::root().join("target/bench-big");
    guide(mb, &work.join("guide"))?;
    let bin = super::release_binary()?;
    let bin = bin.to_str().expect("UTF-8 path");
    let size = std::fs::metadata(work.join("guide/omraden/ledarskap.yaml"))
        .map_err(|e| e.to_string())?
        .len();
    println!("bundled guide + {mb} MB of prose in one field ({size} bytes in the file)");
    println!("| command | wall | peak memory | × file size |\n|---|---:|---:|---:|");
    let commands: [(&str, &[&str]); 3] = [
        ("lint", &["lint", "guide"]),
        (
            "export --format pdf",
            &["export", "guide", "--out", "out", "--format", "pdf"],
        ),
        ("export (PDF + EPUB)", &["export", "guide", "--out", "out"]),
    ];
    for (name, args) in commands {
        let cmd: Vec<&str> = std::iter::once(bin).chain(args.iter().copied()).collect();
        let (wall, peak) = super::measure(&cmd, &work)?;
        let (memory, ratio) = peak.map_or(("?".into(), "?".into()), |kb| {
            let bytes = kb as f64 * 1024.0;
            (
                format!("{:.0} MB", bytes / 1048576.0),
                format!("{:.1}", bytes / size as f64),
            )
        });
        println!(
            "| handbok {name} | {:.2} s | {memory} | {ratio} |",
            wall.as_secs_f64()
        );
    }
    Ok(())
}
