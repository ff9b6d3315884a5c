//! The binding layer in real browsers (`wasm-pack test --headless --chrome`
//! and `--firefox`).
#![cfg(target_arch = "wasm32")]

use polyamine_sim::model::preview::Preview;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn preview_renders_in_the_browser() {
    let mut p = Preview::new(64, 48);
    assert_eq!(p.rgba().len(), 64 * 48 * 4);
    let before = p.rgba().to_vec();
    p.set_inhibition(1.0);
    p.render();
    assert_ne!(before, p.rgba());
}
