//! Writing to the terminal without panicking. A reader that goes away
//! (`handbok lint | head`) ends the run quietly; a full or closed stderr
//! never stops work half done (books are written before anything is said
//! about them, and what is said is best effort).

use anstream::ColorChoice;
use std::io::Write;

/// The one colour decision, from `--color`, then the environment:
/// `FORCE_COLOR` or `CLICOLOR_FORCE` (CI logs), `NO_COLOR`, and whether the
/// stream is a terminal (anstream's rules).
pub fn set_color(choice: Option<ColorChoice>) {
    let forced = std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty() && v != "0");
    let choice = choice.unwrap_or(if forced {
        ColorChoice::Always
    } else {
        ColorChoice::Auto
    });
    choice.write_global();
}

/// Whether what goes to stdout is coloured.
pub fn stdout_color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != ColorChoice::Never
}

/// Whether what goes to stderr is coloured.
pub fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != ColorChoice::Never
}

/// Write the command's result to stdout. If the reader has gone away the
/// run ends here, quietly, with exit 0, as `cat` and `grep` do.
pub fn stdout(text: &str) -> Result<(), crate::Error> {
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(crate::Error::new(format!("cannot write output: {e}"))),
    }
}

/// Say something on stderr; if stderr cannot take it, carry on.
pub fn say(text: &str) {
    let _ = anstream::stderr().lock().write_all(text.as_bytes());
}

/// [`say`] with formatting and a line end.
#[macro_export]
macro_rules! sayln {
    ($($arg:tt)*) => {
        $crate::cli::out::say(&format!("{}\n", format_args!($($arg)*)))
    };
}
