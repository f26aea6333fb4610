//! handbok: import, lint, diff and export a structured Swedish handbook.
//!
//! The pipeline is load → model → lint / diff / export; see ARCHITECTURE.md.

pub mod cli;
pub mod diag;
pub mod diff;
pub mod export;
pub mod files;
pub mod import;
pub mod init;
pub mod lang;
pub mod lint;
pub mod load;
pub mod media;
pub mod model;
pub mod preview;
pub mod server;
pub mod text;

pub mod workspace;
pub mod write;

use std::fmt;

/// A failure of the tool itself (as opposed to a finding in the content):
/// the command exits with status 2.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}
