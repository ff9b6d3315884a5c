//! `Tissue::step` allocates nothing after start-up (a counting global
//! allocator; in its own test binary so it counts only this test).
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use polyamine_sim::model::lattice::tissue::Tissue;
use polyamine_sim::model::Scenario;

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn step_allocates_nothing_after_start_up() {
    let sc = Scenario::from_json(r#"{"preset": "dfmo-amxt-chemo", "days": 60}"#).unwrap();
    let mut t = Tissue::new(&sc, 256).unwrap();
    t.step();
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for _ in 0..300 {
        t.step();
    }
    let during = ALLOCATIONS.load(Ordering::SeqCst) - before;
    assert_eq!(during, 0, "{during} allocations in 300 steps");
}
