/work/wt12/target-base/release/deps/polyamine_sim.d: src/lib.rs src/model/mod.rs src/model/engine.rs src/model/integrate.rs src/model/json.rs src/model/lattice/mod.rs src/model/lattice/field.rs src/model/lattice/render.rs src/model/lattice/tissue.rs src/model/ode.rs src/model/params.rs src/model/regimen.rs src/model/rosenbrock.rs src/model/scenario.rs

/work/wt12/target-base/release/deps/libpolyamine_sim.so: src/lib.rs src/model/mod.rs src/model/engine.rs src/model/integrate.rs src/model/json.rs src/model/lattice/mod.rs src/model/lattice/field.rs src/model/lattice/render.rs src/model/lattice/tissue.rs src/model/ode.rs src/model/params.rs src/model/regimen.rs src/model/rosenbrock.rs src/model/scenario.rs

/work/wt12/target-base/release/deps/libpolyamine_sim.rlib: src/lib.rs src/model/mod.rs src/model/engine.rs src/model/integrate.rs src/model/json.rs src/model/lattice/mod.rs src/model/lattice/field.rs src/model/lattice/render.rs src/model/lattice/tissue.rs src/model/ode.rs src/model/params.rs src/model/regimen.rs src/model/rosenbrock.rs src/model/scenario.rs

src/lib.rs:
src/model/mod.rs:
src/model/engine.rs:
src/model/integrate.rs:
src/model/json.rs:
src/model/lattice/mod.rs:
src/model/lattice/field.rs:
src/model/lattice/render.rs:
src/model/lattice/tissue.rs:
src/model/ode.rs:
src/model/params.rs:
src/model/regimen.rs:
src/model/rosenbrock.rs:
src/model/scenario.rs:
