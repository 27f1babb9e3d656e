//! The practice form as typed: in `gpsim-share` (`crates/share`), with the
//! link format, so the CLI reads a link's practice exactly as the app does.

pub use gpsim_share::form::*;
