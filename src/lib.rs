//! polyamine-sim: how polyamines in a tumour disarm the immune attack, and
//! what a polyamine inhibitor changes.
//!
//! * [`model`] is the science: pure Rust, no web dependency. Native tests,
//!   benches and the command line link it directly.
//! * [`png`] writes the command line's pictures.
//! * `wasm` (only on `wasm32`) is the thin `#[wasm_bindgen]` boundary the
//!   browser front end in `www/` talks to.
//!
//! See ARCHITECTURE.md for the codemap and the invariants.
#![deny(unsafe_code)]

pub mod model;
/// PNG writer for the command line's pictures (the browser never calls it,
/// so it stays out of the shipped wasm).
pub mod png;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
