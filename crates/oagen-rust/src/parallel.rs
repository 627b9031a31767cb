//! A minimal work pool: independent jobs spread over the available cores, results in job order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Runs `work` on every job, on up to as many threads as there are cores (the calling thread being one of them),
/// and returns the results in job order. Jobs are claimed in order, so putting the largest first balances the load.
pub fn run<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let threads = cores().min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let worker = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(i) else { break };
        let r = work(job);
        let mut results = results.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        results[i] = Some(r);
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            // A thread that cannot be started leaves its jobs to the others.
            let _started = std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, worker);
        }
        worker();
    });
    let results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    results.into_iter().zip(jobs).map(|(r, job)| r.unwrap_or_else(|| work(job))).collect()
}

/// The cores this process may use, asked once (the answer reads cgroup files).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The stack of each worker: generous, because formatting walks the generated syntax tree recursively.
const STACK: usize = 64 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        let jobs: Vec<u64> = (0..50).collect();
        let out = run(&jobs, |n| {
            std::thread::sleep(std::time::Duration::from_micros(50 - n));
            n * 2
        });
        assert_eq!(out, jobs.iter().map(|n| n * 2).collect::<Vec<_>>());
    }
}
