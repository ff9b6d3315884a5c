//! Command line: headless runs of the whole-tumour model for figures and
//! checks. Bad input: a message on stderr naming the field, exit code 2.

use std::io::Write;
use std::process::ExitCode;

use polyamine_sim::model::{engine, lattice, number_text, params, readout, regimen, scenario, Engine, Scenario, Trajectory};

const USAGE: &str = "\
usage:
  polyamine-sim run --scenario FILE.json [--days N] [--dt D]
        CSV on stdout, a row every D days (default 0.25) from 0 to N
        (FILE `-` reads standard input)
  polyamine-sim run --scenario FILE.json [--days N] --summary
        one JSON object: the outcome (control: held small by the immune
        system; escape: the tumour outgrows the immune defence), the tumour
        in month 5 (geometric mean of T over the last 30 days), x and A at
        the end (MODEL-SPEC A6)
  polyamine-sim tissue --scenario FILE.json --day D [--overlay O] [--scale N] --png OUT.png
        the tissue section on day D as a PNG, pixel for pixel what the widget
        shows (same seed): overlay cells (default), polyamine, drug or
        perfusion; each pixel N × N (1 to 8, default 1)
  polyamine-sim presets [--json]     the treatment presets and tumour types
  polyamine-sim params [--json]      the parameter schema
  polyamine-sim help";

/// A usage error: which flag or field, and why.
struct CliError(String);

const BROKEN_PIPE: &str = "(broken pipe)";

fn io_err(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe { CliError(BROKEN_PIPE.into()) } else { CliError(format!("writing output: {e}")) }
}

/// Print to stdout; a closed pipe ends the command quietly.
fn out(text: &str) -> Result<(), CliError> {
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes()).and_then(|_| o.flush()).map_err(io_err)
}

fn number(v: f64) -> String {
    let mut s = String::new();
    number_text::push_number(&mut s, v);
    s
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("tissue") => tissue(&args[1..]),
        Some("presets") => presets(&args[1..]),
        Some("params") => params_cmd(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(CliError(format!("unknown command `{other}`; valid: run, tissue, presets, params, help"))),
        None => Err(CliError("no command given".into())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`polyamine-sim params | head`) is not an error.
        Err(CliError(msg)) if msg == BROKEN_PIPE => ExitCode::SUCCESS,
        Err(CliError(msg)) => {
            eprintln!("polyamine-sim: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn json_flag(args: &[String]) -> Result<bool, CliError> {
    match args {
        [] => Ok(false),
        [f] if f == "--json" => Ok(true),
        [other, ..] => Err(CliError(format!("unknown flag `{other}`; valid: --json"))),
    }
}

fn flag_number(flag: &str, value: Option<&String>, min: f64, max: f64) -> Result<f64, CliError> {
    let v = value.ok_or_else(|| CliError(format!("{flag}: missing value (allowed {min} to {max})")))?;
    match v.parse::<f64>() {
        Ok(x) if (min..=max).contains(&x) => Ok(x),
        _ => Err(CliError(format!("{flag}: `{v}` is not a number from {min} to {max}"))),
    }
}

fn run(args: &[String]) -> Result<(), CliError> {
    let mut file = None;
    let mut days = None;
    let mut dt = None;
    let mut summary = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--scenario" => file = Some(it.next().ok_or_else(|| CliError("--scenario: missing file name".into()))?.clone()),
            "--days" => {
                let s = regimen::setting("days").expect("declared");
                days = Some(flag_number("--days", it.next(), s.min, s.max)?);
            }
            "--dt" => dt = Some(flag_number("--dt", it.next(), 1e-3, regimen::MAX_DAYS)?),
            "--summary" => summary = true,
            other => return Err(CliError(format!("unknown flag `{other}`; valid: --scenario, --days, --dt, --summary"))),
        }
    }
    let file = file.ok_or_else(|| CliError("--scenario FILE.json is required".into()))?;
    let mut sc = read_scenario(&file)?;
    if let Some(d) = days {
        sc.days = d;
    }
    if summary {
        if dt.is_some() {
            return Err(CliError(format!("--dt: not used with --summary (the readouts read rows every {} day)", readout::READOUT_DT)));
        }
        let r = readout::summarize(&mut Engine::default(), &sc, &mut Trajectory::default()).map_err(|e| CliError(e.to_string()))?;
        return out(&(summary_json(&sc, &r) + "\n"));
    }
    let dt = dt.unwrap_or(0.25);
    regimen::check_dt(dt, sc.days).map_err(|m| CliError(format!("--dt: {m}")))?;
    let mut traj = Trajectory::default();
    Engine::default().run(&sc, dt, &mut traj).map_err(|e| CliError(e.to_string()))?;
    write_csv(&traj).map_err(io_err)
}

/// `run --summary`: the scenario's identity and the A6 readouts, one JSON object.
fn summary_json(sc: &Scenario, r: &readout::Readout) -> String {
    let v = serde_json::json!({
        "tumour": sc.tumour,
        "preset": sc.preset,
        "days": sc.days,
        "outcome": r.outcome,
        "T_month5": r.t_window_geomean,
        "T_max_window": r.t_window_max,
        "window_days": [r.window_start, r.window_end],
        "x_end": r.x_end,
        "A_end": r.a_end,
    });
    serde_json::to_string(&v).expect("serialisable")
}

/// The scenario text of `--scenario FILE` (`-`: standard input).
fn read_scenario(file: &str) -> Result<Scenario, CliError> {
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| CliError(format!("--scenario: cannot read standard input: {e}")))?
    } else {
        std::fs::read_to_string(file).map_err(|e| CliError(format!("--scenario: cannot read `{file}`: {e}")))?
    };
    Scenario::from_json(&text).map_err(|e| CliError(format!("{file}: {e}")))
}

/// `tissue`: the section on a day, as the widget draws it, into a PNG.
fn tissue(args: &[String]) -> Result<(), CliError> {
    use polyamine_sim::model::lattice::render::{picture_side, render, Overlay};
    use polyamine_sim::model::lattice::tissue::{Tissue, STEP_DAYS};
    let (mut file, mut day, mut overlay, mut scale, mut png) = (None, None, Overlay::Cells, 1usize, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--scenario" => file = Some(it.next().ok_or_else(|| CliError("--scenario: missing file name".into()))?.clone()),
            "--day" => day = Some(flag_number("--day", it.next(), 0.0, lattice::MAX_SECTION_DAYS)?),
            "--overlay" => {
                let v = it.next().ok_or_else(|| CliError(format!("--overlay: missing value (valid: {})", Overlay::IDS.join(", "))))?;
                overlay = Overlay::parse(v).map_err(|m| CliError(format!("--overlay: `{v}`: {}", m.trim_start_matches("overlay: "))))?;
            }
            "--scale" => {
                let v = it.next();
                scale = match v.map(|s| s.parse::<usize>()) {
                    Some(Ok(n)) if (1..=8).contains(&n) => n,
                    _ => return Err(CliError(format!("--scale: `{}` is not a whole number from 1 to 8", v.map_or("", |s| s.as_str())))),
                };
            }
            "--png" => png = Some(it.next().ok_or_else(|| CliError("--png: missing file name".into()))?.clone()),
            other => return Err(CliError(format!("unknown flag `{other}`; valid: --scenario, --day, --overlay, --scale, --png"))),
        }
    }
    let file = file.ok_or_else(|| CliError("--scenario FILE.json is required".into()))?;
    let day = day.ok_or_else(|| CliError(format!("--day D is required (0 to {} days)", lattice::MAX_SECTION_DAYS)))?;
    let out = png.ok_or_else(|| CliError("--png OUT.png is required".into()))?;
    let sc = read_scenario(&file)?;
    let last = sc.days.min(lattice::MAX_SECTION_DAYS);
    if day > last {
        return Err(CliError(format!("--day: {day} is past the run: allowed 0 to {last} days (the scenario's `days`)")));
    }
    let mut t = Tissue::new(&sc, lattice::DEFAULT_SIDE).map_err(|e| CliError(e.to_string()))?;
    for _ in 0..(day / STEP_DAYS).round() as u64 {
        t.step();
    }
    let w = picture_side(t.lattice.side);
    let mut rgba = vec![0u8; w * w * 4];
    render(&t.lattice, overlay, &mut rgba);
    let (big, bw) = if scale == 1 {
        (rgba, w)
    } else {
        let bw = w * scale;
        let mut big = vec![0u8; bw * bw * 4];
        for (y, row) in big.chunks_exact_mut(bw * 4).enumerate() {
            for (x, px) in row.chunks_exact_mut(4).enumerate() {
                let o = 4 * ((y / scale) * w + x / scale);
                px.copy_from_slice(&rgba[o..o + 4]);
            }
        }
        (big, bw)
    };
    let bytes = polyamine_sim::png::encode_rgba(bw as u32, bw as u32, &big);
    std::fs::write(&out, bytes).map_err(|e| CliError(format!("--png: cannot write `{out}`: {e}")))
}

fn write_csv(traj: &Trajectory) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    traj.write_csv(&mut out)?;
    out.flush()
}

fn presets(args: &[String]) -> Result<(), CliError> {
    use std::fmt::Write as _;
    let mut s = String::new();
    if json_flag(args)? {
        s = serde_json::to_string_pretty(&scenario::CATALOGUE).expect("serialisable") + "\n";
    } else {
        s.push_str("Tumour types (\"tumour\"):\n");
        for t in scenario::TUMOURS {
            let _ = writeln!(s, "  {:<22} {}", t.id, t.name);
        }
        s.push_str("\nTreatment presets (\"preset\"):\n");
        for p in scenario::PRESETS {
            let _ = writeln!(s, "  {:<22} {}", p.id, p.title);
        }
    }
    out(&s)
}

fn params_cmd(args: &[String]) -> Result<(), CliError> {
    use std::fmt::Write as _;
    let mut s = String::new();
    if json_flag(args)? {
        let v = serde_json::json!({"params": params::SCHEMA, "settings": regimen::SETTINGS, "columns": engine::COLUMNS, "readout": readout::CONSTANTS, "lattice": lattice::CONSTANTS});
        s = serde_json::to_string_pretty(&v).expect("serialisable") + "\n";
    } else {
        let mut group = "";
        for p in params::SCHEMA {
            if p.group != group {
                group = p.group;
                let _ = writeln!(s, "\n[{group}]");
            }
            let _ = writeln!(s, "  {:<18} {:>11} {:<14} range {} to {}  {}  ({})", p.key, number(p.default), p.unit, number(p.min), number(p.max), p.description, p.provenance.label());
        }
        s.push_str("\n[scenario settings]\n");
        for st in regimen::SETTINGS {
            let default = if st.default_whole_run {
                "whole run".to_string()
            } else if !st.default_list.is_empty() {
                st.default_list.iter().map(|d| number(*d)).collect::<Vec<_>>().join(", ")
            } else {
                number(st.default)
            };
            let _ = writeln!(s, "  {:<24} {:>10} {:<12} range {} to {}  {}", st.key, default, st.unit, number(st.min), number(st.max), st.description);
        }
    }
    out(&s)
}
