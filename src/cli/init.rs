//! `handbok init`: its options and what it says; the files are
//! [`crate::init`]'s.

use crate::Error;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder for the guide (made if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The guide's title.
    #[arg(long, default_value = "Handbok")]
    pub title: String,
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    for path in crate::init::create(&args.dir, &args.title)? {
        crate::sayln!("wrote {}", path.display());
    }
    crate::sayln!(
        "next: write in {}, then `handbok lint {dir}` and `handbok export {dir}`",
        args.dir.join(crate::init::AREA).display(),
        dir = args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
