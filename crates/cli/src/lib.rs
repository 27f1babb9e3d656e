//! The readers behind `gpsim`: practice files (TOML, JSON), practice CSVs
//! (our columns and the HSCIC payments file) and `--set` edits. A library so
//! that the fuzz targets and their corpus replay test read input exactly as
//! the command does. It writes nothing and never panics on what it reads.

pub mod input;
