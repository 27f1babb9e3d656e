//! A scenario leaving the page, and coming back: share links (`link.rs`,
//! over `gpsim-share`'s format), the embed's addresses and snippet
//! (`embed.rs`), scenarios kept in this browser (`saved.rs`) and the files a
//! person downloads or opens (`files.rs`). All pure: text in, text out; the
//! browser's side is in `browser`.

pub mod embed;
pub mod files;
pub mod link;
pub mod saved;
