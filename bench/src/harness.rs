//! The results table: time per item as a ratio to the hand-written
//! baseline measured in the same run, instructions per item (callgrind),
//! `size_of_val`, and heap allocations per run.
//!
//! ```text
//! cargo run --release --manifest-path bench/Cargo.toml [-- OPTIONS]
//!   --only fib,pipeline   only these workloads
//!   --no-callgrind        skip the instruction counts
//! ```
//!
//! Instructions per item: the binary runs itself under
//! `valgrind --tool=callgrind` on a tenth of the workload, once with one
//! run and once with two; the difference, divided by the items of one run,
//! leaves out start-up and input preparation.

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::alloc_counter::allocations;
use crate::workloads::{Scale, Variant, Workload, all};

/// The report with the variants of this crate.
pub fn main() {
    main_with(|_| None);
}

/// The report, with one more variant per workload from `extra` (the nightly
/// `gen` blocks).
pub fn main_with(extra: impl Fn(&Workload) -> Option<Variant>) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, workload, variant, runs] = args.as_slice()
        && flag == "--callgrind-child"
    {
        callgrind_child(&extra, workload, variant, runs.parse().expect("a number of runs"));
        return;
    }
    let only: Option<Vec<String>> = option(&args, "--only").map(|list| list.split(',').map(str::to_owned).collect());
    let callgrind = !args.iter().any(|a| a == "--no-callgrind") && valgrind_available();
    println!("{}", header(callgrind));
    for mut workload in all(Scale::Full) {
        if only.as_ref().is_some_and(|only| !only.iter().any(|name| name == workload.name)) {
            continue;
        }
        if let Some(variant) = extra(&workload) {
            workload.variants.push(variant);
        }
        report(&workload, callgrind);
    }
}

fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}

fn header(callgrind: bool) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let rustc = Command::new("rustc").arg("-V").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    let instructions = if callgrind { "" } else { " (instruction counts skipped: no valgrind, or --no-callgrind)" };
    format!(
        "Machine: {cpu}, {} cores. Toolchain: {}.{instructions}\n\
         Time: median of repeated runs, per item, and as a ratio to hand-written in the same run.",
        std::thread::available_parallelism().map_or(0, usize::from),
        rustc.unwrap_or_else(|_| "unknown".to_owned()),
    )
}

fn report(workload: &Workload, callgrind: bool) {
    let baseline = (workload.variants[0].run)();
    for variant in &workload.variants {
        let result = (variant.run)();
        assert_eq!(
            result, baseline,
            "{} / {}: checksum differs from {}",
            workload.name, variant.name, workload.variants[0].name
        );
    }
    let times = median_times(workload);
    println!("\n### {}\n", workload.title);
    println!("| variant | ns/item | vs hand-written | instructions/item | size (bytes) | allocations/run |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (variant, time) in workload.variants.iter().zip(&times) {
        let per_item = time.as_secs_f64() * 1e9 / workload.items as f64;
        let ratio = time.as_secs_f64() / times[0].as_secs_f64();
        let instructions = if callgrind {
            instructions_per_item(workload, variant.name).map_or_else(|| "?".to_owned(), |i| format!("{i:.1}"))
        } else {
            "–".to_owned()
        };
        let before = allocations();
        black_box((variant.run)());
        let allocated = allocations() - before;
        println!(
            "| {} | {per_item:.2} | {ratio:.2}× | {instructions} | {} | {allocated} |",
            variant.name, variant.size
        );
    }
}

/// The median time of one run of each variant. The variants take turns,
/// round after round, so that a slower or faster phase of this (shared,
/// noisy) machine affects them all alike; short runs are batched.
fn median_times(workload: &Workload) -> Vec<Duration> {
    let batches: Vec<u32> = workload.variants.iter().map(|v| batch_size(&*v.run)).collect();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); workload.variants.len()];
    let rounds = 21;
    for round in 0..rounds {
        for k in 0..workload.variants.len() {
            let index = (k + round) % workload.variants.len();
            let (run, batch) = (&workload.variants[index].run, batches[index]);
            let start = Instant::now();
            for _ in 0..batch {
                black_box(run());
            }
            samples[index].push(start.elapsed() / batch);
        }
    }
    samples
        .into_iter()
        .map(|mut times| {
            times.sort_unstable();
            times[times.len() / 2]
        })
        .collect()
}

/// How many runs make a sample of at least 5 ms.
fn batch_size(run: &dyn Fn() -> u64) -> u32 {
    let start = Instant::now();
    black_box(run());
    let once = start.elapsed().max(Duration::from_nanos(1));
    (Duration::from_millis(5).as_nanos() / once.as_nanos()).clamp(1, 100_000) as u32
}

fn valgrind_available() -> bool {
    Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Instructions per item: callgrind on a tenth of the workload, two runs
/// minus one run.
fn instructions_per_item(workload: &Workload, variant: &str) -> Option<f64> {
    let one = callgrind_instructions(workload.name, variant, 1)?;
    let two = callgrind_instructions(workload.name, variant, 2)?;
    let items = all(Scale::Tenth).into_iter().find(|w| w.name == workload.name)?.items;
    Some((two.saturating_sub(one)) as f64 / items as f64)
}

fn callgrind_instructions(workload: &str, variant: &str, runs: u32) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args(["--callgrind-child", workload, variant, &runs.to_string()])
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let collected = stderr.lines().find_map(|line| line.split("Collected :").nth(1))?;
    collected.trim().parse().ok()
}

/// Under callgrind: prepares a tenth of the workload and runs one variant
/// `runs` times.
fn callgrind_child(extra: &impl Fn(&Workload) -> Option<Variant>, workload: &str, variant: &str, runs: u32) {
    let mut workload = all(Scale::Tenth).into_iter().find(|w| w.name == workload).expect("a known workload");
    if let Some(extra) = extra(&workload) {
        workload.variants.push(extra);
    }
    let variant = workload.variants.iter().find(|v| v.name == variant).expect("a known variant");
    for _ in 0..runs {
        black_box((variant.run)());
    }
}
