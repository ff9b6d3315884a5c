/work/wt12/target-base/release/deps/lattice-4a08055be3e038b8.d: benches/lattice.rs

/work/wt12/target-base/release/deps/lattice-4a08055be3e038b8: benches/lattice.rs

benches/lattice.rs:
