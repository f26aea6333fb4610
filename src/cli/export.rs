//! `handbok export`: the options, handbok.toml's defaults, a progress bar
//! and what the export says; the books are made by [`crate::export`].

use super::CacheArgs;
use crate::diag::Style;
use crate::export::{self, pdf, Export, Format};
use crate::workspace::config::{Paper, Split};
use crate::workspace::Workspace;
use crate::Error;
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Content folder [default: the guide the current folder is in, else
    /// content].
    pub path: Option<PathBuf>,
    /// Formats, comma-separated: pdf, epub, html (the web site, in
    /// OUT/site/) [default: `[export] formats` in handbok.toml, else
    /// pdf,epub,html].
    #[arg(long)]
    pub format: Option<String>,
    /// Output folder [default: `[export] out`, else dist].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write one booklet per key area (A5 for PDF) [default: `[export] split`].
    #[arg(long, value_enum)]
    pub split: Option<SplitArg>,
    /// The book's paper; booklets are A5 [default: `[export] paper`, else a4].
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// Export even when the content has error-level findings: a draft,
    /// with placeholders for missing images (exit 3).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// `--split`, as `[export] split`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitArg {
    /// One booklet per key area.
    Area,
}

/// `--paper`, as `[export] paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    A4,
    A5,
}

/// The exit code of an export that wrote its books as drafts.
pub const DRAFT: u8 = 3;

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    // The guide the path (or the current folder) is in, as lint finds it.
    let paths: Vec<PathBuf> = args.path.iter().cloned().collect();
    let selection = super::lint::select(&paths)?
        .ok_or_else(|| Error::new("the path is in no guide (no guide.yaml above it)"))?;
    let root = selection.root.clone();
    let mut config = Workspace::config(&root, None)?;
    config.cache = args.cache.place().dir(&root);
    let options = options(args, &config.export)?;
    let bar = progress();
    let done = |total: usize| {
        bar.set_length(total as u64);
        bar.inc(1);
    };
    let outcome = export::build(&root, &config, &options, &done);
    bar.finish_and_clear();
    let outcome = outcome?;
    for note in &outcome.notes {
        crate::sayln!("note: {note}");
    }
    match outcome.export {
        Export::Refused { errors, content } => {
            let report = crate::lint::output::Report {
                diagnostics: &errors,
                sources: &content.sources,
                files: content.sources.len(),
                selection: &selection,
            };
            crate::cli::out::say(&report.findings(Style {
                color: crate::cli::out::stderr_color(),
            }));
            crate::sayln!(
                "export refused: {} error(s) in the content; fix them or pass --force",
                errors.len()
            );
            Ok(ExitCode::from(1))
        }
        Export::Written {
            books,
            removed,
            drafts,
        } => {
            for path in &removed {
                crate::sayln!("removed {} (no longer made)", path.display());
            }
            for (path, size) in &books {
                crate::sayln!("wrote {} ({} kB)", path.display(), size.div_ceil(1024));
            }
            if drafts.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            crate::sayln!("draft: made with --force, not ready to publish:");
            for d in &drafts {
                match d.at.as_str() {
                    "" => crate::sayln!("  {}", d.message),
                    at => crate::sayln!("  {at}: {}", d.message),
                }
            }
            Ok(ExitCode::from(DRAFT))
        }
    }
}

/// The command's options, with `[export]` of handbok.toml where they are
/// not given.
fn options(
    args: &Args,
    settings: &crate::workspace::config::Export,
) -> Result<export::Options, Error> {
    let formats = match (&args.format, &settings.formats) {
        (Some(list), _) => export::parse_formats(list)?,
        (None, Some(list)) => export::parse_formats(&list.join(","))?,
        (None, None) => Format::ALL.to_vec(),
    };
    let out = args
        .out
        .clone()
        .or_else(|| settings.out.clone())
        .unwrap_or_else(|| PathBuf::from("dist"));
    let paper = args.paper.map(|p| match p {
        PaperArg::A4 => Paper::A4,
        PaperArg::A5 => Paper::A5,
    });
    let paper = match paper.or(settings.paper) {
        Some(Paper::A5) => pdf::Paper::A5,
        Some(Paper::A4) | None => pdf::Paper::A4,
    };
    Ok(export::Options {
        formats,
        site: settings.site.clone(),
        out,
        split: args
            .split
            .map(|SplitArg::Area| Split::Area)
            .or(settings.split)
            .is_some(),
        paper,
        force: args.force,
    })
}

fn progress() -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar.set_message("building");
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}
