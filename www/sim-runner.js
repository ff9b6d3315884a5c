// The simulation runner of <polyamine-sim>: every call the widget makes into
// the wasm goes through here, inside the guard.
//
// One runner per widget holds its wasm handles: a TissueSim per arm (the
// treatment, and in compare mode the other arm: untreated, or another preset) and one OdeEngine (the
// whole-tumour run for the chart, gauge and captions, the outcomes, the
// dose–response sweeps, the CSV). It steps the sections, renders them and
// copies their pixels to their canvases through a zero-copy view of wasm
// memory, re-made whenever `memory.buffer` changes identity (memory grew).
//
// The guard: a Rust panic surfaces in JS as a WebAssembly.RuntimeError (a
// trap). It stops this runner, and so only this widget: onCrash(error) shows
// the error panel; nothing escapes to the page. After a trap the handles are
// dropped, never freed (a trapped handle may still be borrowed).
//
// Every model constant comes from the wasm: the step length, the section's
// size and the overlay ids from `schema().lattice`, the readout run from
// `schema().readout`, the trajectory's column names from `schema().columns`.

import { TAG, armScenario } from './settings.js';

/** Rows of the whole-tumour run the chart, gauge and captions read (days). */
export const RUN_DT = 0.25;

/** The arms, in the order of the sections and of the canvases they draw into: the treatment, and the arm it is compared with. */
export const ARMS = Object.freeze(['treatment', 'compare']);

const isTrap = (error) => globalThis.WebAssembly !== undefined && error instanceof WebAssembly.RuntimeError;

/**
 * `fn(handle)`, then free the handle, also when `fn` throws; not after a
 * trap (the widget stops, and a trapped handle may not be freed).
 */
function using(handle, fn) {
  let trapped = false;
  try {
    return fn(handle);
  } catch (error) {
    trapped = isTrap(error);
    throw error;
  } finally {
    if (!trapped) handle.free();
  }
}

/** A whole-tumour run's columns by name, copied out of wasm memory in one piece (`OdeRun.data()`, named by `schema().columns`). */
export class Trajectory {
  #columns = new Map();

  constructor(data, names) {
    const rows = data.length / names.length;
    names.forEach((name, j) => this.#columns.set(name, Float64Array.from({ length: rows }, (_, i) => data[i * names.length + j])));
  }

  /** One column (a Float64Array); a name the model does not export is an Error naming the ones it does. */
  column(name) {
    const column = this.#columns.get(name);
    if (!column) throw new Error(`column "${name}" is not in the model's trajectory; schema().columns: ${[...this.#columns.keys()].join(', ')}`);
    return column;
  }
}

export class SimRunner {
  #glue;
  #memory;
  #schema;
  #onCrash;
  #ode = null; // the OdeEngine, made at the first restart
  #sections = []; // [{ arm, sim, canvas, ctx, image, buffer }], in the order of ARMS
  #crashed = false;
  #depth = 0; // guarded calls in progress (an inner one leaves the error to the outer)

  /**
   * @param {{ glue: object, exports: { memory: WebAssembly.Memory }, schema: object }} wasm from loadWasm()
   * @param {(error: unknown) => void} onCrash called once, when a call into the wasm failed and this runner stopped
   */
  constructor({ glue, exports, schema }, onCrash) {
    this.#glue = glue;
    this.#memory = exports.memory;
    this.#schema = schema;
    this.#onCrash = onCrash;
  }

  /** True once a call failed: the runner does nothing more (a new runner starts again). */
  get crashed() {
    return this.#crashed;
  }

  /** True while there are sections to step and draw. */
  get ready() {
    return this.#sections.length > 0 && !this.#crashed;
  }

  /** The treatment section's day (0 before the first restart, after a crash and after release). */
  get day() {
    return this.guard(() => this.#sections[0]?.sim.day() ?? 0, 0);
  }

  /** The canvases the sections draw into, in the order of ARMS. */
  get canvases() {
    return this.#sections.map((s) => s.canvas);
  }

  /**
   * Run `fn`, which calls into the wasm (directly or through this runner).
   * Any exception stops this runner: onCrash(error), and `fallback` is
   * returned. Inside another guarded call, the outer one handles it.
   */
  guard(fn, fallback) {
    return this.#contain(fn, fallback, () => true);
  }

  /**
   * Like guard, for calls whose errors are the caller's (a bad argument, a
   * scenario the solver rejects): those are thrown; only a trap stops the runner.
   */
  call(fn, fallback) {
    return this.#contain(fn, fallback, isTrap);
  }

  #contain(fn, fallback, fatal) {
    if (this.#crashed) return fallback;
    if (this.#depth > 0) return fn();
    this.#depth++;
    try {
      return fn();
    } catch (error) {
      if (!fatal(error)) throw error;
      this.#crashed = true;
      this.#onCrash(error);
      return fallback;
    } finally {
      this.#depth--;
    }
  }

  /** Free the handles (not after a crash: a trapped handle may not be freed). */
  release() {
    if (!this.#crashed) {
      this.#ode?.free();
      for (const s of this.#sections) s.sim.free();
    }
    this.#ode = null;
    this.#sections = [];
  }

  /**
   * Start again from day 0: the whole-tumour run of `scenario` (rows every
   * RUN_DT), each arm's outcome, and the sections (the other arm too if
   * `compare`, its preset id: 'untreated' or another treatment), drawing
   * into `canvases` (in the order of ARMS). Sections are
   * reused: `TissueSim.reset` skips the set-up when only the regimen changed.
   * Returns { scenario, trajectory, outcomes } (the scenario as run: without
   * `params` if the engine rejected them), or null after a crash.
   */
  restart(scenario, compare, canvases) {
    return this.guard(() => {
      this.#ode ??= new this.#glue.OdeEngine();
      const { scenario: checked, run } = this.#runChecked(scenario);
      const { trajectory, outcome } = using(run, () => ({
        trajectory: new Trajectory(run.data(), this.#schema.columns),
        outcome: this.#outcomeOf(checked, run),
      }));
      const outcomes = { treatment: outcome };
      const arms = [checked];
      if (compare) {
        arms.push(armScenario(checked, compare));
        outcomes.compare = this.#outcomeOf(arms[1]);
      }
      for (const s of this.#sections.slice(arms.length)) s.sim.free();
      this.#sections = arms.map((sc, i) => this.#section(ARMS[i], sc, this.#sections[i]?.sim, canvases[i]));
      return { scenario: checked, trajectory, outcomes };
    }, null);
  }

  /** A section: `sim` reset to `scenario`, or a new one; its canvas sized to the section's picture (`TissueSim.picture_side()`). */
  #section(arm, scenario, sim, canvas) {
    if (sim) sim.reset(scenario);
    else sim = new this.#glue.TissueSim(scenario, this.#schema.lattice.side);
    const side = sim.picture_side();
    if (canvas.width !== side || canvas.height !== side) Object.assign(canvas, { width: side, height: side });
    return { arm, sim, canvas, ctx: canvas.getContext('2d'), image: null, buffer: null };
  }

  /**
   * The whole-tumour run of `scenario`, rows every RUN_DT: { scenario, run }.
   * If the engine rejects the scenario (say parameters that contradict each
   * other), the run of the same without `params`, with a warning naming the
   * problem; the scenario returned is the one run.
   */
  #runChecked(scenario) {
    try {
      return { scenario, run: this.#ode.run(scenario, RUN_DT) };
    } catch (error) {
      if (isTrap(error)) throw error;
      // Without params, the same run once more: WebKit now and then fails a
      // run the next one gets right (docs/RELIABILITY.md, "A wrong read").
      const rest = { ...scenario };
      delete rest.params;
      console.warn(`<${TAG}>: ${error.message}; ${'params' in scenario ? 'running without the params attribute' : 'running it once more'}.`);
      return { scenario: rest, run: this.#ode.run(rest, RUN_DT) };
    }
  }

  /**
   * How a scenario ends by the model's rule (MODEL-SPEC A6,
   * `OdeRun.readout()`): 'control' or 'escape'. Read over a run of at least
   * the readout run (`schema().readout.dose_response_days`), so a short run
   * still says where the tumour is heading. `run`, if given, is the
   * scenario's own run (reused when long enough).
   */
  #outcomeOf(scenario, run = null) {
    const days = Math.max(scenario.days, this.#schema.readout.dose_response_days);
    if (run && scenario.days >= days) return run.readout().outcome;
    return using(this.#ode.run({ ...scenario, days }, RUN_DT), (long) => long.readout().outcome);
  }

  /** Whole steps in `days` days (0 for a negative or non-numeric number). */
  stepsIn(days) {
    return Math.max(0, Math.round(Number(days) / this.#schema.lattice.step_days)) || 0;
  }

  /** Step every section on by `n` steps, never past day `end`; returns the day. */
  step(n, end) {
    return this.guard(() => {
      const left = Math.ceil((end - this.day) / this.#schema.lattice.step_days - 1e-9);
      const steps = Math.max(0, Math.min(n, left));
      for (const s of this.#sections) s.sim.step(steps);
      return this.day;
    }, 0);
  }

  /** Render each section with `overlay` and put its pixels on its canvas (a view of wasm memory, re-made if memory grew). */
  render(overlay) {
    this.guard(() => {
      for (const s of this.#sections) {
        s.sim.render(overlay);
        const buffer = this.#memory.buffer;
        if (s.buffer !== buffer) {
          const side = s.sim.picture_side();
          s.buffer = buffer;
          s.image = new ImageData(new Uint8ClampedArray(buffer, s.sim.pixels_ptr(), s.sim.pixels_len()), side, side);
        }
        s.ctx.putImageData(s.image, 0, 0);
      }
    });
  }

  /**
   * Each section's census, in the order of ARMS: { arm, day, tumour,
   * effectors, inside, polyamine, coreDensity }. A full scan of the state:
   * for captions and text alternatives, not every frame.
   */
  census() {
    return this.guard(
      () =>
        this.#sections.map(({ arm, sim }) => {
          sim.refresh_census();
          return {
            arm,
            day: sim.day(),
            tumour: sim.tumour_sites(),
            effectors: sim.effectors(),
            inside: sim.effectors_in_tumour(),
            polyamine: sim.tumour_polyamine(),
            coreDensity: sim.effector_core_density(),
          };
        }),
      [],
    );
  }

  /** The legend of an overlay: [{ key, rgb }] (Rust's `overlay_legend`). */
  legend(overlay) {
    return this.guard(() => this.#glue.overlay_legend(overlay), []);
  }

  /**
   * Dose–response: the tumour in month 5 for each DFMO dose in `doses` (mg),
   * with or without AMXT 1501 (at its default dose if the scenario gives
   * none), the rest of `scenario` as set. A solver error is thrown (it
   * stops only the curve); after a trap, NaN for every dose.
   */
  sweep(scenario, amxtOn, doses) {
    return this.call(() => {
      const sc = structuredClone(scenario);
      sc.dfmo = { ...(sc.dfmo ?? {}), dose_mg: 0 };
      if (amxtOn) sc.amxt ??= { dose: this.#schema.settings.find((s) => s.key === 'amxt.dose').default };
      else sc.amxt = null;
      return Array.from(this.#ode.dfmo_sweep(sc, Float64Array.from(doses)));
    }, doses.map(() => NaN));
  }

  /** The whole-tumour trajectory of `scenario` as CSV, rows every `dt` days ('' before the first restart or after a crash; a bad `dt` throws). */
  csv(scenario, dt) {
    if (!this.#ode) return '';
    return this.call(() => using(this.#ode.run(scenario, Number(dt)), (run) => run.to_csv()), '');
  }
}
