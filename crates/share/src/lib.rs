//! What the app and the CLI share beyond the engine: the practice form as
//! the user typed it ([`form`]) and the share-link format ([`link`]). Pure
//! text in and out, no browser and no Yew, so `gpsim open` reads a link
//! exactly as the page does and every link path is tested natively.

pub mod form;
pub mod link;
