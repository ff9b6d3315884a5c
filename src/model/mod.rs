//! The science. Nothing in here may depend on wasm-bindgen, web-sys or js-sys.

pub mod engine;
pub mod integrate;
pub mod json;
pub mod lattice;
pub mod number_text;
pub mod ode;
pub mod params;
pub mod readout;
pub mod regimen;
pub mod rosenbrock;
pub mod scenario;

pub use engine::{simulate, Engine, Trajectory, COLUMNS};
pub use params::{Params, SCHEMA};
pub use readout::{Outcome, Readout};
pub use scenario::{Scenario, ScenarioError};
