//! Challenge 9.7, a large file: a generator reads a synthetic log stream
//! line by line, in constant memory, with a progress bar.
//!
//! The stream is produced on the fly by an `impl Read` and never stored.
//! `--size` sets its length (default 100MB); the full challenge is
//! `cargo run --release --example large_file_reader -- --size 100GB`.
//!
//! Python: `for line in open(path): ...` over a file too large for memory.

use std::io::{self, BufRead, BufReader, Read};
use std::time::Instant;

use gen_runtime::{generator, yield_};
use generators::{flag, heap, parse_size};
use indicatif::{ProgressBar, ProgressStyle};

/// An endless-looking log file, generated as it is read.
///
/// Line `n` (from 1) is `2026-11-24T12:00:00Z {level} request {n} took
/// {n % 250}ms`, where `level` is `ERROR` when `n` is a multiple of 97 and
/// `INFO` otherwise; the stream stops after `size` bytes, possibly inside a
/// line. `tests/examples.rs` derives the expected counts from this rule.
struct SyntheticLog {
    remaining: u64,
    line: u64,
    pending: Vec<u8>,
    offset: usize,
}

impl SyntheticLog {
    fn new(size: u64) -> SyntheticLog {
        SyntheticLog { remaining: size, line: 0, pending: Vec::with_capacity(128), offset: 0 }
    }
}

impl Read for SyntheticLog {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut written = 0;
        while written < buf.len() && self.remaining > 0 {
            if self.offset == self.pending.len() {
                self.line += 1;
                let level = if self.line.is_multiple_of(97) { "ERROR" } else { "INFO" };
                self.pending.clear();
                let text = format!("2026-11-24T12:00:00Z {level} request {} took {}ms\n", self.line, self.line % 250);
                self.pending.extend_from_slice(text.as_bytes());
                self.offset = 0;
            }
            let available = &self.pending[self.offset..];
            let limit = usize::try_from(self.remaining).unwrap_or(usize::MAX).min(buf.len() - written);
            let n = available.len().min(limit);
            buf[written..written + n].copy_from_slice(&available[..n]);
            self.offset += n;
            written += n;
            self.remaining -= n as u64;
        }
        Ok(written)
    }
}

/// The duration of every `ERROR` line, read one line at a time.
#[generator(yield = u64)]
fn error_durations(mut reader: impl BufRead) -> io::Result<u64> {
    let mut line = String::new();
    let mut lines = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(lines);
        }
        lines += 1;
        if line.contains(" ERROR ") {
            let millis = line.rsplit(' ').next().and_then(|t| t.trim().strip_suffix("ms")).and_then(|t| t.parse().ok());
            yield_!(millis.unwrap_or(0));
        }
    }
}

pub(crate) fn main() {
    println!("== 9.7 large_file_reader ==");
    let size = flag("--size").and_then(|s| parse_size(&s)).unwrap_or(100_000_000);
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    heap::reset_peak();
    let heap_before = heap::in_use();
    let started = Instant::now();
    let reader = BufReader::with_capacity(64 * 1024, bar.wrap_read(SyntheticLog::new(size)));
    let mut errors = error_durations(reader);
    let (mut count, mut slowest) = (0u64, 0u64);
    let lines = loop {
        match gen_runtime::Generator::resume(&mut errors, ()) {
            gen_runtime::GeneratorState::Yielded(millis) => {
                count += 1;
                slowest = slowest.max(millis);
            }
            gen_runtime::GeneratorState::Complete(result) => break result,
        }
    };
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let lines = match lines {
        Ok(lines) => lines,
        Err(error) => {
            println!("read error: {error}");
            return;
        }
    };
    #[allow(clippy::cast_precision_loss, reason = "a throughput figure")]
    let throughput = size as f64 / 1e6 / elapsed.max(1e-9);
    println!("read {size} bytes, {lines} lines, {count} ERROR lines (slowest {slowest}ms)");
    println!("throughput: {throughput:.0} MB/s");
    println!("peak heap while reading: {} bytes", heap::peak().saturating_sub(heap_before));
    println!(
        "Rust: the generator keeps one line buffer and the reader's 64 KiB buffer, so memory is the same \
         for 100 MB or 100 GB; `?` inside it ends the generator with the I/O error."
    );
}
