//! The page's components. They render derived results and dispatch actions;
//! none computes payments itself.

pub mod checked;
pub mod common;
pub mod embed;
pub mod find;
pub mod glossary;
pub mod keep;
pub mod national;
pub mod notes;
pub mod practice;
pub mod printed;
pub mod results;
pub mod scenario;
pub mod share;
pub mod sure;
pub mod top;
pub mod waterfall;
