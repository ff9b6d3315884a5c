//! The `#[wasm_bindgen]` boundary: opaque handles, `step(n)`, small getters,
//! and bulk data as pointers into wasm memory that JS wraps in typed-array
//! views (zero copy). Per-frame data never goes through serde. Nothing here
//! may panic on user input: every setter clamps to a valid value.

use wasm_bindgen::prelude::*;

use crate::model::preview::Preview;

/// Installs the panic hook so a Rust panic is logged with its message.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, so the page can show what it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// One simulation and its picture. JS owns it through an opaque handle and
/// must call `free()` when done.
#[wasm_bindgen]
pub struct Simulation {
    preview: Preview,
}

#[wasm_bindgen]
impl Simulation {
    /// A simulation drawn at `width` × `height` pixels (each clamped to 16–1024).
    #[wasm_bindgen(constructor)]
    pub fn new(width: u32, height: u32) -> Simulation {
        Simulation { preview: Preview::new(width as usize, height as usize) }
    }

    pub fn width(&self) -> u32 {
        self.preview.width() as u32
    }

    pub fn height(&self) -> u32 {
        self.preview.height() as u32
    }

    /// Inhibitor level in [0, 1]; other values are clamped, NaN becomes 0.
    pub fn set_inhibition(&mut self, level: f64) {
        self.preview.set_inhibition(level);
    }

    pub fn inhibition(&self) -> f64 {
        self.preview.inhibition()
    }

    /// Advance by `n` steps.
    pub fn step(&mut self, n: u32) {
        self.preview.step(n);
    }

    /// Redraw the RGBA buffer.
    pub fn render(&mut self) {
        self.preview.render();
    }

    /// Byte offset of the RGBA buffer in wasm memory. The buffer does not move
    /// while this handle lives, but wasm memory itself may grow (which
    /// detaches old `ArrayBuffer`s), so JS re-creates its view when
    /// `memory.buffer` changes.
    pub fn pixels_ptr(&self) -> *const u8 {
        self.preview.rgba().as_ptr()
    }

    /// Length of the RGBA buffer in bytes (width × height × 4).
    pub fn pixels_len(&self) -> usize {
        self.preview.rgba().len()
    }
}
