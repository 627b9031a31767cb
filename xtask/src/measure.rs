//! Measuring child processes: wall time and peak resident memory (from `wait4`), and simple statistics.

use std::process::Command;
use std::time::{Duration, Instant};

/// One run of a command.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Wall-clock time from spawn to exit.
    pub wall: Duration,
    /// Peak resident set size of the process, in KiB.
    pub max_rss_kib: u64,
    /// Whether it exited with status 0.
    pub success: bool,
    /// Its exit status (`None`: killed by a signal, or at its time limit).
    pub code: Option<i32>,
    /// Whether [`run_limited`] killed it at its time limit.
    pub timed_out: bool,
}

/// Runs `cmd` to completion (its output discarded unless the caller redirected it) and measures it.
pub fn run(cmd: &mut Command) -> std::io::Result<Run> {
    let start = Instant::now();
    let pid = cmd.spawn()?.id() as libc::pid_t;
    loop {
        if let Some(run) = reap(pid, 0, start, false)? {
            return Ok(run);
        }
    }
}

/// [`run`] with a time limit: a child still running at `limit` is killed (and reaped), and its run says so.
pub fn run_limited(cmd: &mut Command, limit: Duration) -> std::io::Result<Run> {
    let start = Instant::now();
    let pid = cmd.spawn()?.id() as libc::pid_t;
    let mut nap = Duration::from_micros(500);
    let mut timed_out = false;
    loop {
        if let Some(run) = reap(pid, libc::WNOHANG, start, timed_out)? {
            return Ok(run);
        }
        if !timed_out && start.elapsed() > limit {
            timed_out = true;
            // SAFETY: signalling our own, not yet reaped, child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(20));
    }
}

/// `wait4` on our child `pid` with `flags`: its run once it has exited, `None` while it runs (with `WNOHANG`).
fn reap(pid: libc::pid_t, flags: libc::c_int, start: Instant, timed_out: bool) -> std::io::Result<Option<Run>> {
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, reaped only here (the callers never `wait` on the `Child`); pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
    let wall = start.elapsed();
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    if r != pid {
        return Ok(None);
    }
    let code = (libc::WIFEXITED(status) && !timed_out).then(|| libc::WEXITSTATUS(status));
    Ok(Some(Run { wall, max_rss_kib: usage.ru_maxrss.max(0) as u64, success: code == Some(0), code, timed_out }))
}

/// Median, minimum and maximum of a sample.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// The median.
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
}

impl Stats {
    /// Statistics of a non-empty sample (an empty one gives zeros).
    pub fn of(values: &[f64]) -> Stats {
        if values.is_empty() {
            return Stats { median: 0.0, min: 0.0, max: 0.0 };
        }
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let mid = v.len() / 2;
        let median = if v.len().is_multiple_of(2) { (v[mid - 1] + v[mid]) / 2.0 } else { v[mid] };
        Stats { median, min: v[0], max: v[v.len() - 1] }
    }

    /// `median (min–max)` with a unit, formatted for tables.
    pub fn show(&self, unit: &str, decimals: usize) -> String {
        format!("{:.d$} {unit} ({:.d$}–{:.d$})", self.median, self.min, self.max, d = decimals)
    }
}

/// The exponent `k` of the least-squares fit `y = c · x^k` (a slope in log-log space).
pub fn power_law_exponent(points: &[(f64, f64)]) -> f64 {
    let pts: Vec<(f64, f64)> =
        points.iter().filter(|(x, y)| *x > 0.0 && *y > 0.0).map(|(x, y)| (x.ln(), y.ln())).collect();
    let n = pts.len() as f64;
    if pts.len() < 2 {
        return f64::NAN;
    }
    let (sx, sy) = pts.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let (num, den) = pts.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + (x - mx) * (y - my), b + (x - mx) * (x - mx)));
    num / den
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_min_max() {
        let s = Stats::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(Stats::of(&[1.0, 2.0, 3.0, 10.0]).median, 2.5);
    }

    #[test]
    fn exponent_of_a_power_law() {
        let linear: Vec<(f64, f64)> = [100.0, 1000.0, 10000.0].iter().map(|x| (*x, 3.0 * x)).collect();
        assert!((power_law_exponent(&linear) - 1.0).abs() < 1e-9);
        let quadratic: Vec<(f64, f64)> = [100.0, 1000.0, 10000.0].iter().map(|x| (*x, x * x)).collect();
        assert!((power_law_exponent(&quadratic) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_child_is_killed_at_its_time_limit() {
        let r = run_limited(Command::new("sleep").arg("5"), Duration::from_millis(100)).expect("sleep runs");
        assert!(r.timed_out && r.code.is_none() && !r.success);
        assert!(r.wall < Duration::from_secs(2), "{:?}", r.wall);
        let r = run_limited(&mut Command::new("true"), Duration::from_secs(5)).expect("true runs");
        assert_eq!((r.code, r.timed_out), (Some(0), false));
        assert!(r.max_rss_kib > 0);
    }

    #[test]
    fn measures_a_process() {
        let r = run(Command::new("true").stdout(std::process::Stdio::null())).expect("`true` runs");
        assert!(r.success);
        assert!(r.max_rss_kib > 0);
        let r = run(&mut Command::new("false")).expect("`false` runs");
        assert!(!r.success);
        assert_eq!(r.code, Some(1));
    }
}
