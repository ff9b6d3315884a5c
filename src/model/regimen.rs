//! Dosing: regimens, their dose times, and the regimen fields' schema
//! (key, unit, default, range) that the scenario parser and the UI read.

use serde::Serialize;

/// Check an output interval `dt` (days) against the run length: rows fall
/// at every multiple of `dt` from 0 to `days`. The CLI and the wasm layer
/// both use this, so they accept the same values.
pub fn check_dt(dt: f64, days: f64) -> Result<(), String> {
    if dt.is_finite() && dt >= 1e-3 && dt <= days {
        Ok(())
    } else {
        Err(format!("{dt} is out of range: allowed 0.001 to {days} days (the run length)"))
    }
}

/// Schema of a scenario setting that is not a model parameter (days, seed,
/// regimen fields). Keys are JSON paths as in the scenario contract.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SettingSpec {
    pub key: &'static str,
    pub unit: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// For list settings (`chemo.days`, `anti_pd1.days`): the default list
    /// (then `default` is its first entry). Empty for single values.
    pub default_list: &'static [f64],
    /// True where the default means "until the end of the run"
    /// (`duration_days`); `default` is then the largest allowed value.
    pub default_whole_run: bool,
    pub description: &'static str,
}

/// The longest run, in days.
pub const MAX_DAYS: f64 = 10_000.0;

/// Every scenario setting with a numeric range, in the order the UI shows them.
pub const SETTINGS: &[SettingSpec] = &[
    SettingSpec { key: "days", unit: "days", default: 150.0, min: 1.0, max: MAX_DAYS, default_list: &[], default_whole_run: false, description: "Length of the run" },
    SettingSpec { key: "seed", unit: "", default: 1.0, min: 0.0, max: 4_294_967_295.0, default_list: &[], default_whole_run: false, description: "Seed of the tissue lattice's random numbers" },
    SettingSpec { key: "dfmo.dose_mg", unit: "mg", default: 768.0, min: 0.0, max: 3000.0, default_list: &[], default_whole_run: false, description: "DFMO (eflornithine) oral dose" },
    SettingSpec { key: "dfmo.interval_h", unit: "h", default: 12.0, min: 1.0, max: 168.0, default_list: &[], default_whole_run: false, description: "Hours between DFMO doses" },
    SettingSpec { key: "dfmo.start_day", unit: "days", default: 0.0, min: 0.0, max: MAX_DAYS, default_list: &[], default_whole_run: false, description: "Day of the first DFMO dose" },
    SettingSpec { key: "dfmo.duration_days", unit: "days", default: MAX_DAYS, min: 0.0, max: MAX_DAYS, default_list: &[], default_whole_run: true, description: "Days of DFMO dosing (default: the whole run)" },
    SettingSpec { key: "amxt.dose", unit: "× reference", default: 1.0, min: 0.0, max: 2.0, default_list: &[], default_whole_run: false, description: "AMXT 1501 dose relative to a reference dose (illustrative)" },
    SettingSpec { key: "amxt.interval_h", unit: "h", default: 12.0, min: 1.0, max: 168.0, default_list: &[], default_whole_run: false, description: "Hours between AMXT 1501 doses" },
    SettingSpec { key: "amxt.start_day", unit: "days", default: 0.0, min: 0.0, max: MAX_DAYS, default_list: &[], default_whole_run: false, description: "Day of the first AMXT 1501 dose" },
    SettingSpec { key: "amxt.duration_days", unit: "days", default: MAX_DAYS, min: 0.0, max: MAX_DAYS, default_list: &[], default_whole_run: true, description: "Days of AMXT 1501 dosing (default: the whole run)" },
    SettingSpec { key: "chemo.dose", unit: "dose units", default: 1.0, min: 0.0, max: 10.0, default_list: &[], default_whole_run: false, description: "Chemotherapy dose (adds to plasma level)" },
    SettingSpec { key: "chemo.days", unit: "days", default: 7.0, min: 0.0, max: MAX_DAYS, default_list: &[7.0, 14.0, 21.0], default_whole_run: false, description: "Days of chemotherapy doses (default 7, 14, 21)" },
    SettingSpec { key: "anti_pd1.dose", unit: "dose units", default: 1.0, min: 0.0, max: 10.0, default_list: &[], default_whole_run: false, description: "Anti-PD-1 antibody dose" },
    SettingSpec { key: "anti_pd1.days", unit: "days", default: 7.0, min: 0.0, max: MAX_DAYS, default_list: &[7.0, 10.0, 14.0, 17.0], default_whole_run: false, description: "Days of anti-PD-1 doses (default 7, 10, 14, 17)" },
    SettingSpec { key: "odc_knockout.start_day", unit: "days", default: 0.0, min: 0.0, max: MAX_DAYS, default_list: &[], default_whole_run: false, description: "Day from which tumour ODC is knocked out" },
    SettingSpec { key: "treg_depletion", unit: "", default: 0.0, min: 0.0, max: 1.0, default_list: &[], default_whole_run: false, description: "Fraction of Tregs removed by a systemic depleting antibody (contrast arm)" },
];

/// Most doses a day-list regimen may hold.
pub const MAX_DAY_LIST: usize = 1000;

/// The schema entry of a scenario setting.
pub fn setting(key: &str) -> Option<&'static SettingSpec> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// A repeated oral dose: `dose` every `interval_h` hours from `start_day`
/// while t < start + duration (and t < end of run).
#[derive(Clone, Debug, PartialEq)]
pub struct Repeated {
    pub dose: f64,
    pub interval_h: f64,
    pub start_day: f64,
    /// `None`: until the end of the run.
    pub duration_days: Option<f64>,
}

impl Repeated {
    /// Dose times in days, strictly before `end_day`. Times are computed as
    /// start + k·interval (never accumulated), so they do not drift.
    pub fn times(&self, end_day: f64) -> impl Iterator<Item = f64> + '_ {
        let stop = match self.duration_days {
            Some(dur) => (self.start_day + dur).min(end_day),
            None => end_day,
        };
        let step = self.interval_h / 24.0;
        (0u64..)
            .map(move |k| self.start_day + k as f64 * step)
            .take_while(move |&t| t < stop)
    }
}

/// Doses on listed days.
#[derive(Clone, Debug, PartialEq)]
pub struct OnDays {
    pub dose: f64,
    pub days: Vec<f64>,
}

impl OnDays {
    /// Dose times in days, strictly before `end_day` (duplicates kept: two
    /// doses on the same day add up).
    pub fn times(&self, end_day: f64) -> impl Iterator<Item = f64> + '_ {
        self.days.iter().copied().filter(move |&t| t < end_day)
    }
}

/// Everything given to the patient (or done to the tumour) in one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Treatment {
    /// DFMO, dose in mg.
    pub dfmo: Option<Repeated>,
    /// AMXT 1501, dose relative to the reference dose.
    pub amxt: Option<Repeated>,
    pub chemo: Option<OnDays>,
    pub anti_pd1: Option<OnDays>,
    /// Day from which tumour ODC is held at 0.
    pub odc_knockout_day: Option<f64>,
    /// Fraction of Tregs removed systemically (the contrast arm), 0–1.
    pub treg_depletion: f64,
}

impl Treatment {
    pub fn dfmo_default() -> Repeated {
        Repeated { dose: 768.0, interval_h: 12.0, start_day: 0.0, duration_days: None }
    }
    pub fn amxt_default() -> Repeated {
        Repeated { dose: 1.0, interval_h: 12.0, start_day: 0.0, duration_days: None }
    }
    pub fn chemo_default() -> OnDays {
        OnDays { dose: 1.0, days: setting("chemo.days").map_or(Vec::new(), |s| s.default_list.to_vec()) }
    }
    pub fn anti_pd1_default() -> OnDays {
        OnDays { dose: 1.0, days: setting("anti_pd1.days").map_or(Vec::new(), |s| s.default_list.to_vec()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twice_daily_doses_fall_every_half_day_until_the_end() {
        let r = Treatment::dfmo_default();
        let t: Vec<f64> = r.times(2.0).collect();
        assert_eq!(t, vec![0.0, 0.5, 1.0, 1.5]);
    }

    #[test]
    fn duration_stops_dosing_before_start_plus_duration() {
        let r = Repeated { dose: 1.0, interval_h: 24.0, start_day: 3.0, duration_days: Some(2.0) };
        assert_eq!(r.times(100.0).collect::<Vec<_>>(), vec![3.0, 4.0]);
    }

    #[test]
    fn eight_hourly_times_do_not_drift() {
        let r = Repeated { dose: 1.0, interval_h: 8.0, start_day: 0.0, duration_days: None };
        let t: Vec<f64> = r.times(150.0).collect();
        assert_eq!(t.len(), 450);
        assert!((t[449] - 449.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn day_list_doses_after_the_run_are_dropped() {
        let c = Treatment::chemo_default();
        assert_eq!(c.times(14.0).collect::<Vec<_>>(), vec![7.0]);
    }

    #[test]
    fn every_setting_default_lies_in_its_range() {
        for s in SETTINGS {
            assert!(s.min <= s.default && s.default <= s.max, "{}", s.key);
            assert!(s.default_list.iter().all(|d| (s.min..=s.max).contains(d)), "{}", s.key);
            assert!(s.default_list.is_empty() || s.default_list[0] == s.default, "{}", s.key);
        }
        assert_eq!(Treatment::chemo_default().days, vec![7.0, 14.0, 21.0]);
        assert_eq!(Treatment::anti_pd1_default().days, vec![7.0, 10.0, 14.0, 17.0]);
    }
}
