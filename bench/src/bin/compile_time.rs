//! Compile-time cost: builds a crate of 200 `#[generator]` functions and the
//! same 200 written as hand-written iterators, and prints the time of each
//! build (the crates' dependencies are built first and not counted).
//!
//! ```text
//! cargo run --release --manifest-path bench/Cargo.toml --bin compile_time
//! ```
//!
//! The expansion alone (1,000 against 2,000 yields in one function) is
//! timed by `cargo test -p gen-macro --release -- --ignored --nocapture expansion_cost`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const FUNCTIONS: usize = 200;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let runtime = root.join("../gen-runtime").canonicalize().expect("the gen-runtime crate");
    let work = std::env::temp_dir().join("generator-compile-time");
    let target = work.join("target");
    println!("{FUNCTIONS} functions, each a loop with two suspension points; `cargo build`, median of 3:\n");
    println!("| crate | debug build | release build |");
    println!("|---|---:|---:|");
    let runtime = format!("gen-runtime = {{ path = {runtime:?} }}");
    // Cargo builds proc macros without optimisation unless told otherwise.
    let optimised = format!(
        "{runtime}\n\n[profile.dev.build-override]\nopt-level = 3\n\n[profile.release.build-override]\nopt-level = 3"
    );
    for (name, dir, source, dependency) in [
        ("#[generator] functions", "generators", generators(), runtime.clone()),
        ("#[generator] functions, macro built with opt-level 3", "optimised", generators(), optimised),
        ("hand-written iterators", "iterators", iterators(), String::new()),
    ] {
        let dir = work.join(dir);
        write_crate(&dir, &source, &dependency);
        let debug = build_time(&dir, &target, false);
        let release = build_time(&dir, &target, true);
        println!("| {name} | {:.2} s | {:.2} s |", debug.as_secs_f64(), release.as_secs_f64());
    }
}

fn write_crate(dir: &Path, source: &str, dependency: &str) {
    std::fs::create_dir_all(dir.join("src")).expect("a scratch directory");
    let manifest = format!(
        "[package]\nname = \"compile-time-case\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\n{dependency}\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("a manifest");
    std::fs::write(dir.join("src/lib.rs"), source).expect("the source");
}

/// The median of three builds of the crate alone (after one that builds
/// its dependencies).
fn build_time(dir: &Path, target: &Path, release: bool) -> Duration {
    let build = || {
        let mut command = Command::new(env!("CARGO"));
        command.arg("build").arg("--quiet").current_dir(dir).env("CARGO_TARGET_DIR", target);
        if release {
            command.arg("--release");
        }
        let status = command.status().expect("cargo runs");
        assert!(status.success(), "the generated crate builds");
    };
    build();
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            // A new modification time makes cargo rebuild the crate only.
            let lib = dir.join("src/lib.rs");
            let source = std::fs::read(&lib).expect("the source");
            std::fs::write(&lib, source).expect("the source");
            let start = Instant::now();
            build();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

/// Sums every function's items, so that every state machine is compiled
/// to machine code in the crate itself.
fn sum_all() -> String {
    let calls: Vec<String> = (0..FUNCTIONS).map(|i| format!("g{i}(n).fold(0, u64::wrapping_add)")).collect();
    format!(
        "pub fn sum_all(n: u64) -> u64 {{\n    0{}\n}}\n",
        calls.iter().map(|c| format!(" ^ {c}")).collect::<String>()
    )
}

fn generators() -> String {
    let mut source = String::from("use gen_runtime::{generator, yield_};\n");
    source.push_str(&sum_all());
    for i in 0..FUNCTIONS {
        let r = i % 3;
        writeln!(
            source,
            "#[generator(yield = u64)]
pub fn g{i}(n: u64) {{
    let mut acc = {i}u64;
    for k in 0..n {{
        if k % 3 == {r} {{
            yield_!(acc.wrapping_add(k));
        }}
        acc = acc.wrapping_mul(31).wrapping_add(k);
    }}
    yield_!(acc);
}}"
        )
        .expect("writing to a string");
    }
    source
}

fn iterators() -> String {
    let mut source = sum_all();
    for i in 0..FUNCTIONS {
        let r = i % 3;
        writeln!(
            source,
            "pub struct G{i} {{ acc: u64, k: u64, n: u64, done: bool }}
pub fn g{i}(n: u64) -> G{i} {{ G{i} {{ acc: {i}, k: 0, n, done: false }} }}
impl Iterator for G{i} {{
    type Item = u64;
    fn next(&mut self) -> Option<u64> {{
        while self.k < self.n {{
            let k = self.k;
            self.k += 1;
            let item = self.acc.wrapping_add(k);
            self.acc = self.acc.wrapping_mul(31).wrapping_add(k);
            if k % 3 == {r} {{
                return Some(item);
            }}
        }}
        if self.done {{
            return None;
        }}
        self.done = true;
        Some(self.acc)
    }}
}}"
        )
        .expect("writing to a string");
    }
    source
}
