//! `handbok serve`: the options, and what the preview says when it
//! starts; the preview itself is [`crate::preview`].

use super::CacheArgs;
use crate::preview::{Editor, Options, Server};
use crate::workspace::config::{editor_names, editor_pattern};
use crate::workspace::Workspace;
use crate::Error;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Content folder [default: the guide the current folder is in, else
    /// content].
    pub path: Option<PathBuf>,
    /// The port to listen on; 0 takes any free one.
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on. Another than the loopback address shows
    /// the guide to the network.
    #[arg(long, default_value = "127.0.0.1", value_parser = host)]
    pub host: IpAddr,
    /// Open the preview in the browser.
    #[arg(long)]
    pub open: bool,
    /// What a finding's link opens: vscode, vscodium, cursor, zed, idea,
    /// sublime, textmate, none, or a URL pattern with {path}, {line} and
    /// {column} [default: `[serve] editor` in handbok.toml, else vscode].
    #[arg(long)]
    pub editor: Option<String>,
    #[command(flatten)]
    pub cache: CacheArgs,
}

fn host(text: &str) -> Result<IpAddr, String> {
    match text {
        "localhost" => Ok(IpAddr::from([127, 0, 0, 1])),
        _ => text
            .parse()
            .map_err(|_| format!("`{text}` is not an IP address (127.0.0.1, ::1, 0.0.0.0)")),
    }
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let paths: Vec<PathBuf> = args.path.iter().cloned().collect();
    let selection = super::lint::select(&paths)?
        .ok_or_else(|| Error::new("the path is in no guide (no guide.yaml above it)"))?;
    let root = std::fs::canonicalize(&selection.root).unwrap_or(selection.root.clone());
    let mut config = Workspace::config(&root, None)?;
    config.cache = args.cache.place().dir(&root);
    let editor = match &args.editor {
        Some(editor) => Some(Editor(editor_pattern(editor).ok_or_else(|| {
            Error::new(format!("--editor: `{editor}` is not {}", editor_names()))
        })?)),
        None => None,
    };
    let options = Options {
        host: args.host,
        port: args.port,
        editor,
    };
    let server = Server::start(&root, config, &options)?;
    let url = server.url();
    let pages = server.pages();
    crate::sayln!(
        "serving {} ({pages} page(s)) at {url}; Ctrl-C stops",
        crate::model::slash_path(&root)
    );
    if !args.host.is_loopback() {
        crate::sayln!("note: {} shows the guide to the network", args.host);
    }
    crate::cli::out::stdout(&format!("{url}\n"))?;
    if args.open {
        open(&url);
    }
    server.run()?;
    Ok(ExitCode::SUCCESS)
}

/// Open `url` in the default browser; a failure is only a note.
fn open(url: &str) {
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let started = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = started {
        crate::sayln!(
            "note: cannot open a browser ({} {e}); open {url}",
            opener[0]
        );
    }
}
