//! Writes `$OUT_DIR/programs.rs`: random generator bodies, each defined
//! twice by `twin!` (as a `#[generator]` and as an eager function).
//!
//! `GEN_DIFFTEST_SEED` (default 1) and `GEN_DIFFTEST_COUNT` (default 1000)
//! choose the programs.

mod program;
mod rng;

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-env-changed=GEN_DIFFTEST_SEED");
    println!("cargo::rerun-if-env-changed=GEN_DIFFTEST_COUNT");
    println!("cargo::rerun-if-changed=build");
    let seed: u64 = env_number("GEN_DIFFTEST_SEED", 1);
    let count: usize = env_number("GEN_DIFFTEST_COUNT", 1000);
    let mut out = String::new();
    writeln!(out, "pub const SEED: u64 = {seed};").unwrap();
    let mut names = Vec::new();
    for index in 0..count {
        let mut rng = rng::Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(index as u64));
        let name = format!("p{index}");
        let program = program::Generator::new(&mut rng).program();
        let relaxed: Vec<String> = program.relaxed.iter().map(ToString::to_string).collect();
        let (spec, relaxed) = (program.resume.spec(), relaxed.join(", "));
        writeln!(out, "twin!({name}, depth, {spec}, [{relaxed}], {{\n{}}});", program.body).unwrap();
        names.push(name);
    }
    writeln!(out, "pub const PROGRAMS: &[Twin] = &[").unwrap();
    for name in &names {
        writeln!(out, "    {name}::TWIN,").unwrap();
    }
    writeln!(out, "];").unwrap();
    let path = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("programs.rs");
    std::fs::write(path, out).unwrap();
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
