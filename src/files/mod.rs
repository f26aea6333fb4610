//! The two doors: every file handbok reads goes through [`read`], every
//! file it writes through [`write`]. Nothing else in handbok touches the
//! file system's read and write functions (`clippy.toml` forbids them
//! elsewhere), so what these two decide holds for every command.

pub mod read;
pub mod stage;
pub mod tmp;
pub mod write;
