//! The GMS contract payment model for GP Contract Simulator.
//!
//! Pure Rust: no web crates, no file or network I/O, no clock, no randomness, no floating
//! point in money. Rules are data (`rules/`), embedded at compile time.
//! Given validated inputs the engine always returns a statement.
//!
//! The flow: [`practice::validate`] turns raw inputs into a [`Practice`];
//! [`calc::statement`] computes one rule set's [`Statement`];
//! [`compare::compare`] and [`compare::waterfall`] set rule sets side by side;
//! [`explain::explain`] puts any line into words.

pub mod batch;
pub mod breakeven;
pub mod calc;
pub mod calibration;
pub mod checks;
pub mod compact;
pub mod compare;
pub use calc::explain;

pub mod figure;
pub mod money;
pub mod national;
pub mod population;
pub mod practice;
pub mod practice_file;
pub mod prepared;
pub mod presets;
pub mod ranges;
pub mod rules;
pub mod tables;
pub mod typed;

pub use calc::{statement, Line, LineKind, Statement};
pub use figure::{Figure, Status, Unit};
pub use money::{Money, Patients, Percent, Points, WeightedPatients};
pub use practice::{validate, Practice, Problem, RawPractice, Warning};
pub use rules::{Catalog, RuleSet};
