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

/// The wasm's allocator: lol_alloc's free list (address-ordered, merges
/// neighbours) instead of the standard dlmalloc, 2.8 KB smaller gzipped,
/// which a figure's first visit needs (docs/RELIABILITY.md). The widget
/// allocates while it builds or restarts a run, never per frame, so a walk
/// along a short free list costs nothing a reader sees (docs/PERFORMANCE.md);
/// the long-run page test holds wasm memory level over 10,000 days of
/// restarts.
// SAFETY: the wasm runs on the page's one thread: nothing else allocates.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
#[allow(unsafe_code)]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
