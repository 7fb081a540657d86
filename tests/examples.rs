//! Each tutorial example runs (with small sizes) and prints what its
//! challenge asks for: the values it prints are checked against values the
//! test computes on its own, not only the section headers.

use std::path::PathBuf;
use std::process::Command;

use num_bigint::BigUint;

/// Runs an example, built first by the profile and into the target
/// directory of this test binary: `cargo test` builds the examples along
/// with the tests, but `cargo test --test examples` does not, and must not
/// run a stale binary.
fn run(name: &str, args: &[&str]) -> String {
    let mut profile_dir = std::env::current_exe().expect("the test binary has a path");
    profile_dir.pop();
    if profile_dir.ends_with("deps") {
        profile_dir.pop();
    }
    let profile = match profile_dir.file_name().and_then(|name| name.to_str()) {
        Some("debug") | None => "dev",
        Some(other) => other,
    };
    let target_dir = profile_dir.parent().expect("a profile directory is inside the target directory");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--example", name, "--profile", profile, "--target-dir"])
        .arg(target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building example {name}");
    let binary: PathBuf = profile_dir.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let output =
        Command::new(&binary).args(args).output().unwrap_or_else(|e| panic!("running {}: {e}", binary.display()));
    assert!(output.status.success(), "{name} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("examples print UTF-8")
}

/// The lines an example prints between its `== 9.N name ==` header and its
/// one-line `Rust: ...` explanation, which must both be there.
fn body<'a>(output: &'a str, header: &str) -> Vec<&'a str> {
    let mut lines = output.lines();
    assert_eq!(lines.next(), Some(header), "the header comes first in:\n{output}");
    let body: Vec<&str> = lines.by_ref().take_while(|line| !line.starts_with("Rust: ")).collect();
    assert!(output.lines().any(|line| line.starts_with("Rust: ")), "no `Rust: ` explanation in:\n{output}");
    body
}

/// The number between `before` and `after` in the one line of `output`
/// that contains `before`.
fn number_in(output: &str, before: &str, after: &str) -> u64 {
    let line =
        output.lines().find(|line| line.contains(before)).unwrap_or_else(|| panic!("no `{before}` in:\n{output}"));
    let rest = &line[line.find(before).unwrap_or_default() + before.len()..];
    let text = rest.split(after).next().unwrap_or_default().trim();
    text.parse().unwrap_or_else(|_| panic!("`{text}` in `{line}` is not a number"))
}

#[test]
fn basic_yield() {
    assert_eq!(body(&run("basic_yield", &[]), "== 9.1 basic_yield =="), ["yielded 1", "yielded 2", "yielded 3"]);
}

#[test]
fn memory_profile() {
    let output = run("memory_profile", &[]);
    let count: u64 = 1_000_000;
    let vec_line = format!(
        "Vec<u64> of {count} numbers: size_of_val = {} bytes, heap = {} bytes",
        size_of::<Vec<u64>>(),
        count * 8
    );
    let generator_size = number_in(&output, &format!("generator of {count} numbers: size_of_val = "), " bytes");
    let generator_line = format!("generator of {count} numbers: size_of_val = {generator_size} bytes, heap = 0 bytes");
    let sum_line = format!("both sum to {}; running the generator allocated 0 times", count * (count - 1) / 2);
    assert_eq!(body(&output, "== 9.2 memory_profile =="), [vec_line.as_str(), &generator_line, &sum_line]);
    // The generator holds its loop state (a range and the count), whatever
    // the count.
    assert!(generator_size <= 64, "a generator of {generator_size} bytes");
}

/// `F(n)` by fast doubling, unrelated to the example's loop:
/// `F(2k) = F(k) (2 F(k+1) - F(k))`, `F(2k+1) = F(k)² + F(k+1)²`.
fn fibonacci(n: u64) -> BigUint {
    let (mut a, mut b) = (BigUint::from(0u8), BigUint::from(1u8));
    for bit in (0..u64::BITS - n.leading_zeros()).rev() {
        let two_k = &a * (&b * 2u8 - &a);
        let two_k_plus_one = &a * &a + &b * &b;
        (a, b) =
            if n >> bit & 1 == 0 { (two_k, two_k_plus_one) } else { (two_k_plus_one.clone(), two_k + two_k_plus_one) };
    }
    a
}

#[test]
fn fast_doubling_agrees_with_the_definition() {
    let firsts: Vec<BigUint> = (0..12).map(fibonacci).collect();
    let expected: Vec<BigUint> = [0u32, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89].into_iter().map(BigUint::from).collect();
    assert_eq!(firsts, expected);
    assert_eq!(fibonacci(93).to_string(), "12200160415121876738");
}

#[test]
fn infinite_fibonacci() {
    let output = run("infinite_fibonacci", &["--count", "12"]);
    let lines = body(&output, "== 9.3 infinite_fibonacci ==");
    let first: Vec<String> = (0..12).map(|n| fibonacci(n).to_string()).collect();
    assert_eq!(lines[0], format!("first 12: {}", first.join(", ")));
    let bytes = |n: &BigUint| n.bits().div_ceil(8);
    let mut all_bytes = 0;
    let mut produced = 0;
    let (mut a, mut b) = (BigUint::from(0u8), BigUint::from(1u8));
    for checkpoint in [1_000u64, 10_000, 20_000] {
        while produced < checkpoint {
            all_bytes += bytes(&a);
            (a, b) = (b.clone(), a + b);
            produced += 1;
        }
        let last = bytes(&fibonacci(checkpoint - 1));
        let line = lines
            .iter()
            .find(|line| line.starts_with(&format!("after {checkpoint:>6} numbers:")))
            .unwrap_or_else(|| panic!("no checkpoint {checkpoint} in:\n{output}"));
        assert!(
            line.ends_with(&format!(
                "(the last number alone is {last:>4} bytes; keeping all of them would take {all_bytes} bytes)"
            )),
            "{line}"
        );
        // Only a few numbers are alive, not all of them.
        let in_use = number_in(line, "heap in use", "bytes");
        assert!(in_use < 10 * last + 4096, "heap in use {in_use} bytes at checkpoint {checkpoint}");
    }
    // The 20,000th number was really produced, and is right.
    let digits = fibonacci(19_999).to_string();
    assert_eq!(digits.len(), 4180);
    assert!(
        lines.contains(
            &format!("number 20000 is F(19999): 4180 decimal digits, {}…{}", &digits[..10], &digits[4170..]).as_str()
        ),
        "{output}"
    );
}

#[test]
fn one_time_trap() {
    assert_eq!(
        body(&run("one_time_trap", &[]), "== 9.4 one_time_trap =="),
        ["first pass:  [0, 1, 4, 9]", "second pass: [] (the generator is exhausted)", "fresh call:  [0, 1, 4, 9]"],
    );
}

#[test]
fn next_protocol() {
    assert_eq!(
        body(&run("next_protocol", &[]), "== 9.5 next_protocol =="),
        [
            "next() -> Some(\"first\")",
            "next() -> Some(\"second\")",
            "next() -> None",
            "next() -> None (stays None)",
            "resume() -> Yielded(\"first\")",
            "resume() -> Yielded(\"second\")",
            "resume() -> Complete(2)",
            "resume() after completion panics: \"generator resumed after completion\"",
        ],
    );
}

#[test]
fn pipeline_interleaves_stages() {
    let mut expected = Vec::new();
    for n in 1..=6 {
        expected.push(format!("  nums    -> {n}"));
        expected.push(format!("  squares {n} -> {}", n * n));
        if n * n % 2 == 0 {
            expected.push(format!("  evens   keeps {}", n * n));
            expected.push(format!("consumer got {}", n * n));
        } else {
            expected.push(format!("  evens   drops {}", n * n));
        }
    }
    assert_eq!(body(&run("pipeline", &[]), "== 9.6 pipeline =="), expected);
}

/// Line `n` (from 1) of the synthetic log, by the rule documented on
/// `SyntheticLog` in `examples/large_file_reader.rs`.
fn log_line(n: u64) -> String {
    let level = if n.is_multiple_of(97) { "ERROR" } else { "INFO" };
    format!("2026-11-24T12:00:00Z {level} request {n} took {}ms\n", n % 250)
}

/// The lines, `ERROR` lines and slowest `ERROR` duration of the first
/// `size` bytes of the synthetic log: a cut last line still counts as a
/// line, and as an `ERROR` line if it shows ` ERROR `; its duration only
/// counts when its `ms` is there.
fn log_summary(size: u64) -> (u64, u64, u64) {
    let (mut offset, mut lines, mut errors, mut slowest) = (0, 0, 0, 0);
    while offset < size {
        lines += 1;
        let line = log_line(lines);
        let shown = &line[..line.len().min(usize::try_from(size - offset).unwrap_or(usize::MAX))];
        if shown.contains(" ERROR ") {
            errors += 1;
            if let Some(millis) = shown.trim_end().strip_suffix("ms").and_then(|rest| rest.rsplit(' ').next()) {
                slowest = slowest.max(millis.parse().expect("a duration"));
            }
        }
        offset += line.len() as u64;
    }
    (lines, errors, slowest)
}

/// Where line `n` of the synthetic log starts.
fn log_offset(n: u64) -> u64 {
    (1..n).map(|k| log_line(k).len() as u64).sum()
}

#[test]
fn large_file_reader() {
    // 2 MB ends inside an `INFO` line; the other size ends inside line
    // 97 × 300, an `ERROR` line, after its ` ERROR ` and before its
    // duration (the summary asserted for it was computed separately).
    let cut_error_line = log_offset(97 * 300) + 30;
    assert_eq!(log_summary(cut_error_line), (97 * 300, 300, 249));
    for size in [2_000_000, cut_error_line] {
        let output = run("large_file_reader", &["--size", &size.to_string()]);
        let lines = body(&output, "== 9.7 large_file_reader ==");
        let (count, errors, slowest) = log_summary(size);
        assert_eq!(lines[0], format!("read {size} bytes, {count} lines, {errors} ERROR lines (slowest {slowest}ms)"));
        assert!(lines[1].starts_with("throughput: ") && lines[1].ends_with(" MB/s"), "{output}");
        number_in(lines[1], "throughput: ", " MB/s");
        // Constant memory: the reader's 64 KiB buffer and one line, not the
        // stream.
        let peak = number_in(lines[2], "peak heap while reading: ", " bytes");
        assert!(peak < 96 * 1024, "peak heap {peak} bytes for {size} bytes");
    }
}

#[test]
fn yield_from() {
    assert_eq!(
        body(&run("yield_from", &[]), "== 9.8 yield_from =="),
        [
            "title: Generators",
            "author: Rust",
            "paragraph 1",
            "paragraph 2",
            "paragraph 3",
            "(2 header lines, 3 body lines)",
            "document() returned 5",
        ],
    );
}

#[test]
fn send() {
    let expected: Vec<String> = ["Ada", "Grace", "Linus"]
        .iter()
        .zip(1..)
        .map(|(name, visitor)| format!("send({name:?}) -> Some(\"Hello, {name}! (visitor {visitor})\")"))
        .collect();
    assert_eq!(body(&run("send", &[]), "== 9.9 send =="), expected);
}

#[test]
fn running_average() {
    let readings = [10.0, 20.0, 30.0, 40.0];
    // The mean of the first 1, 2, 3 and 4 readings.
    let averages = [10.0, 15.0, 20.0, 25.0];
    let shown: Vec<String> = averages.iter().map(|a| format!("{a:.1}")).collect();
    let mut expected = vec![format!("adapter:   {readings:?} -> [{}]", shown.join(", "))];
    for (value, average) in readings.iter().zip(&averages) {
        expected.push(format!("coroutine: send({value:.1}) -> {average:.1}"));
    }
    assert_eq!(body(&run("running_average", &[]), "== 9.10 running_average =="), expected);
}

#[test]
fn tour_runs_all_ten() {
    let output = run("tour", &[]);
    let headers: Vec<&str> = output.lines().filter(|line| line.starts_with("== 9.")).collect();
    let numbers: Vec<String> = (1..=10).map(|n| format!("== 9.{n} ")).collect();
    assert_eq!(headers.len(), 10, "{output}");
    for (header, number) in headers.iter().zip(&numbers) {
        assert!(header.starts_with(number.as_str()), "{header} where {number} was expected");
    }
    // The examples whose output does not depend on the machine print the
    // same inside the tour as on their own.
    for name in ["basic_yield", "one_time_trap", "next_protocol", "pipeline", "yield_from", "send", "running_average"] {
        let alone = run(name, &[]);
        assert!(output.contains(&alone), "the tour's {name} differs from:\n{alone}");
    }
}
