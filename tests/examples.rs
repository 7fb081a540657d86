//! Each tutorial example runs (with small sizes) and prints what its
//! challenge asks for.

use std::path::PathBuf;
use std::process::Command;

/// Runs a compiled example: `cargo test` builds them along with the tests;
/// when only this test was selected, it builds the example first.
fn run(name: &str, args: &[&str]) -> String {
    let mut path = std::env::current_exe().expect("the test binary has a path");
    path.pop();
    if path.ends_with("deps") {
        path.pop();
    }
    let binary: PathBuf = path.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building example {name}");
    }
    let output =
        Command::new(&binary).args(args).output().unwrap_or_else(|e| panic!("running {}: {e}", binary.display()));
    assert!(output.status.success(), "{name} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("examples print UTF-8")
}

fn assert_lines(output: &str, expected: &[&str]) {
    for line in expected {
        assert!(output.lines().any(|l| l.contains(line)), "missing `{line}` in:\n{output}");
    }
}

#[test]
fn basic_yield() {
    assert_lines(&run("basic_yield", &[]), &["yielded 1", "yielded 2", "yielded 3"]);
}

#[test]
fn memory_profile() {
    let output = run("memory_profile", &[]);
    assert_lines(
        &output,
        &[
            "Vec<u64> of 1000000 numbers: size_of_val = 24 bytes, heap = 8000000 bytes",
            "heap = 0 bytes",
            "allocated 0 times",
        ],
    );
}

#[test]
fn infinite_fibonacci() {
    let output = run("infinite_fibonacci", &["--count", "12"]);
    assert_lines(&output, &["first 12: 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89", "after  20000 numbers"]);
}

#[test]
fn one_time_trap() {
    assert_lines(
        &run("one_time_trap", &[]),
        &["first pass:  [0, 1, 4, 9]", "second pass: []", "fresh call:  [0, 1, 4, 9]"],
    );
}

#[test]
fn next_protocol() {
    assert_lines(
        &run("next_protocol", &[]),
        &["next() -> None (stays None)", "resume() -> Complete(2)", "panics: \"generator resumed after completion\""],
    );
}

#[test]
fn pipeline_interleaves_stages() {
    let output = run("pipeline", &[]);
    let trace: Vec<&str> = output.lines().take(7).collect();
    assert_eq!(
        trace,
        [
            "== 9.6 pipeline ==",
            "  nums    -> 1",
            "  squares 1 -> 1",
            "  evens   drops 1",
            "  nums    -> 2",
            "  squares 2 -> 4",
            "  evens   keeps 4"
        ]
    );
    assert_lines(&output, &["consumer got 36"]);
}

#[test]
fn large_file_reader() {
    let output = run("large_file_reader", &["--size", "2MB"]);
    assert_lines(&output, &["read 2000000 bytes", "ERROR lines", "throughput:", "peak heap while reading:"]);
}

#[test]
fn yield_from() {
    assert_lines(&run("yield_from", &[]), &["paragraph 3", "(2 header lines, 3 body lines)", "document() returned 5"]);
}

#[test]
fn send() {
    assert_lines(&run("send", &[]), &["send(\"Linus\") -> Some(\"Hello, Linus! (visitor 3)\")"]);
}

#[test]
fn running_average() {
    assert_lines(&run("running_average", &[]), &["-> [10.0, 15.0, 20.0, 25.0]", "send(40.0) -> 25.0"]);
}

#[test]
fn tour_runs_all_ten() {
    let output = run("tour", &[]);
    for challenge in 1..=10 {
        assert_lines(&output, &[&format!("== 9.{challenge} ")]);
    }
}
