//! The one error type for loading rules data. Every kind is documented, and
//! every error names the file and the item, so a bad rules edit says where.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RulesErrorKind {
    /// The file is not valid TOML, or has an unknown or missing key.
    Parse,
    /// A value is not a decimal written as a string, or is out of range.
    BadValue,
    /// A figure says `not_found` but has a value, or has no value but another status.
    StatusMismatch,
    /// A figure names a source that is not in `sources.toml`, or names none.
    UnknownSource,
    /// An area, register, activity, indicator, pool, service or rule set
    /// named in the data does not exist.
    UnknownReference,
    /// Two items share an id.
    Duplicate,
    /// Thresholds are missing for a threshold indicator, present for an
    /// all-or-nothing one, outside 0–100, or not lower < upper.
    Thresholds,
    /// A rule set is missing a file it needs, or derives from itself.
    Structure,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    pub file: String,
    pub item: String,
    pub kind: RulesErrorKind,
    pub message: String,
}

impl RulesError {
    pub fn new(file: &str, item: &str, kind: RulesErrorKind, message: impl Into<String>) -> Self {
        RulesError {
            file: file.to_string(),
            item: item.to_string(),
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.item, self.message)
        }
    }
}

impl std::error::Error for RulesError {}
