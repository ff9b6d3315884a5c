/work/wt12/target-base/release/deps/polyamine_sim-e26f24bfe07a85d7.d: src/bin/polyamine-sim.rs

/work/wt12/target-base/release/deps/polyamine_sim-e26f24bfe07a85d7: src/bin/polyamine-sim.rs

src/bin/polyamine-sim.rs:
