//! `handbok serve`: the guide's site, built in memory and served over
//! HTTP while it follows the disk. Each page carries its findings, marked
//! where they are rendered; a saved change rebuilds the book and tells
//! the open tabs, which fetch their page again.
//!
//! Threads: the HTTP server (axum on a tokio runtime) only reads the
//! current [`state::Built`]; one thread follows the disk and swaps in a
//! new build after each change; one keeps the search index up to date.

mod annotate;
mod http;
mod search;
mod state;

pub use annotate::Editor;

use crate::workspace::watch::{Events, Next};
use crate::workspace::{Config, Workspace};
use crate::Error;
use state::Built;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::{Arc, RwLock};

/// What to serve, and where.
pub struct Options {
    pub host: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// Given on the command line: over `[serve] editor` in handbok.toml.
    pub editor: Option<Editor>,
}

/// What the server's threads share.
pub struct Shared {
    built: RwLock<Arc<Built>>,
    search: RwLock<Arc<search::Files>>,
    /// The generation of the current build, for the tabs to wait on.
    changes: tokio::sync::watch::Sender<u64>,
    /// `--editor`, over the settings' editor.
    editor: Option<Editor>,
    /// The port served, which a request's `Host` must name.
    port: u16,
}

impl Shared {
    fn built(&self) -> Arc<Built> {
        self.built
            .read()
            .map_or_else(|e| e.into_inner().clone(), |b| b.clone())
    }

    fn search(&self) -> Arc<search::Files> {
        self.search
            .read()
            .map_or_else(|e| e.into_inner().clone(), |s| s.clone())
    }

    /// Swap in a new build and tell the tabs.
    fn publish(&self, built: Built) {
        let generation = built.generation;
        match self.built.write() {
            Ok(mut b) => *b = Arc::new(built),
            Err(e) => *e.into_inner() = Arc::new(built),
        }
        self.changes.send_replace(generation);
    }
}

/// A preview ready to serve: the port is taken and the guide built.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    ws: Workspace,
    events: Events,
    /// The image files as the last full pass checked them.
    images: crate::media::Checks,
    /// Why handbok.toml is not in force, if it is not.
    settings: Option<String>,
}

impl Server {
    /// Take the port, follow the disk and build the guide at `root` with
    /// `config`. A port in use is an error that names it.
    pub fn start(root: &Path, config: Config, options: &Options) -> Result<Server, Error> {
        let address = SocketAddr::new(options.host, options.port);
        let listener = TcpListener::bind(address).map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => Error::new(format!(
                "port {} on {} is in use; give another with --port",
                options.port, options.host
            )),
            _ => Error::new(format!("cannot listen on {address}: {e}")),
        })?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::new(format!("cannot listen on {address}: {e}")))?
            .port();
        // Watching before loading: a change while the guide loads is seen.
        let events = Events::start(root);
        let ws = Workspace::load(root, config)?;
        let pass = crate::lint::check_content(&ws.content, &ws.config);
        let book = state::book(&ws, &pass.images);
        let images = pass.images;
        let built = Built::new(1, &ws, book, (pass.findings, pass.notes), None);
        let shared = Arc::new(Shared {
            built: RwLock::new(Arc::new(built)),
            search: RwLock::default(),
            changes: tokio::sync::watch::Sender::new(1),
            editor: options.editor.clone(),
            port,
        });
        Ok(Server {
            listener,
            shared,
            ws,
            events,
            images,
            settings: None,
        })
    }

    /// How many pages the guide has.
    pub fn pages(&self) -> usize {
        self.ws.content.pages.len()
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        let address = self.listener.local_addr().ok();
        let port = address.map_or(0, |a| a.port());
        // Every address (0.0.0.0, ::) is opened at the loopback one.
        match address.map(|a| a.ip()) {
            Some(IpAddr::V6(ip)) if ip.is_unspecified() => format!("http://[::1]:{port}/"),
            Some(IpAddr::V6(ip)) => format!("http://[{ip}]:{port}/"),
            Some(ip) if !ip.is_unspecified() => format!("http://{ip}:{port}/"),
            _ => format!("http://127.0.0.1:{port}/"),
        }
    }

    /// Serve until the process is stopped: follow the disk on one
    /// thread, index for search on another, answer requests on this one.
    pub fn run(self) -> Result<(), Error> {
        let Server {
            listener,
            shared,
            ws,
            events,
            images,
            settings,
        } = self;
        let indexer = search::Indexer::start(shared.clone());
        indexer.wanted();
        let follower = shared.clone();
        std::thread::spawn(move || {
            let session = Session {
                ws,
                images,
                settings,
                book: None,
                media: 0,
            };
            session.follow(&events, &follower, &indexer);
        });
        http::serve(listener, shared)
    }
}

/// What the following thread holds: the guide as on disk.
struct Session {
    ws: Workspace,
    /// The image files as checked, kept while media/ does not change.
    images: crate::media::Checks,
    /// Why handbok.toml is not in force, when it is broken.
    settings: Option<String>,
    /// The book of the last change, while the whole guide is still to
    /// be checked.
    book: Option<Arc<Result<crate::export::ir::Book, String>>>,
    /// How many times media/ has changed (see [`Built::media`]).
    media: u64,
}

/// How long the disk must be still before the whole guide is checked
/// again: saves in a row are each shown at once, checked whole once.
const QUIET: std::time::Duration = std::time::Duration::from_millis(200);

impl Session {
    /// Follow the disk until the watcher is gone: each batch of changes
    /// shown at once ([`Session::quick`]), the whole guide checked when
    /// the disk is still ([`Session::full`]), then the search index.
    fn follow(mut self, events: &Events, shared: &Shared, indexer: &search::Indexer) {
        let root = self.ws.root.clone();
        loop {
            let wait = self.book.is_some().then_some(QUIET);
            match events.next_within(&root, wait) {
                Next::Changes(changed) => {
                    if !self.quick(&changed, shared) {
                        indexer.wanted();
                    }
                }
                Next::Quiet => {
                    if self.full(shared, &|| events.waiting()) {
                        indexer.wanted();
                    }
                }
                Next::Closed => return,
            }
        }
    }

    /// After a batch of changes: the book rebuilt and the tabs told, with
    /// the changed pages checked. A change to anything but pages (an
    /// image, the word list, the settings) can bear on any page: then the
    /// whole guide is checked at once. Whether the whole guide is still
    /// to be checked.
    fn quick(&mut self, changed: &[std::path::PathBuf], shared: &Shared) -> bool {
        let files = apply(&mut self.ws, changed, &mut self.settings);
        // The root itself (an empty path): the folder was replaced.
        let media = changed
            .iter()
            .any(|p| p.as_os_str().is_empty() || p.starts_with(crate::model::MEDIA_DIR));
        if media {
            self.images = crate::media::Checks::new(&self.ws.root);
        }
        let whole = files.len() < changed.len();
        // An image, the logo or a stylesheet may be what changed.
        if whole {
            self.media += 1;
        }
        let ws = &self.ws;
        let checked = match whole {
            true => {
                let pass = crate::lint::check_content(&ws.content, &ws.config);
                self.images = pass.images;
                (pass.findings, pass.notes)
            }
            false => {
                let pass = crate::lint::check_files(&ws.content, &ws.config, &files);
                let findings = state::merged(&shared.built(), &files, pass.findings);
                (findings, pass.notes)
            }
        };
        let book = state::book(ws, &self.images);
        let generation = shared.built().generation + 1;
        let settings = self.settings.clone();
        let mut built = Built::new(generation, ws, book.clone(), checked, settings);
        built.media = self.media;
        shared.publish(built);
        self.book = (!whole).then_some(book);
        !whole
    }

    /// The whole guide checked again, as findings in one file can come
    /// from another; the tabs are told only if that shows something new.
    /// Given up when `stop` says a new change is in (to be shown first,
    /// and checked again after it): `false`.
    fn full(&mut self, shared: &Shared, stop: &(dyn Fn() -> bool + Sync)) -> bool {
        let ws = &self.ws;
        let Some(full) = crate::lint::check_content_until(&ws.content, &ws.config, stop) else {
            return false;
        };
        let Some(book) = self.book.take() else {
            return false;
        };
        let generation = shared.built().generation + 1;
        let checked = (full.findings, full.notes);
        let mut built = Built::new(generation, ws, book, checked, self.settings.clone());
        built.media = self.media;
        let now = shared.built();
        if built.findings != now.findings || built.notes != now.notes {
            shared.publish(built);
        } else {
            quiet_swap(shared, built);
        }
        self.images = full.images;
        true
    }
}

/// Swap in a build that shows nothing new, without telling the tabs.
fn quiet_swap(shared: &Shared, mut built: Built) {
    built.generation = shared.built().generation;
    match shared.built.write() {
        Ok(mut b) => *b = Arc::new(built),
        Err(e) => *e.into_inner() = Arc::new(built),
    }
}

/// Apply changes on disk to the workspace; the content files among them,
/// relative to the root, with `/`.
fn apply(
    ws: &mut Workspace,
    changed: &[std::path::PathBuf],
    settings: &mut Option<String>,
) -> Vec<String> {
    let config = changed
        .iter()
        .any(|p| p.as_os_str().is_empty() || p == Path::new(crate::workspace::config::FILE_NAME));
    if config {
        match ws.reload_config() {
            Ok(_) => *settings = None,
            Err(e) => *settings = Some(e.to_string()),
        }
    }
    for rel in changed {
        ws.follow(rel);
    }
    changed
        .iter()
        .map(|p| crate::model::slash_path(p))
        .filter(|p| crate::load::is_content_file(p))
        .collect()
}
