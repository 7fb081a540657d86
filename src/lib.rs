//! Support for the examples and tests of this workspace: a global allocator
//! that counts heap bytes, so the examples can report measured memory.
//!
//! This package is not published; the library users depend on is
//! `gen-runtime`.

pub mod heap;

/// The value of a command-line flag `--name value` (or `--name=value`).
#[must_use]
pub fn flag(name: &str) -> Option<String> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == name {
            return args.next();
        }
        if let Some(value) = arg.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {
            return Some(value.to_owned());
        }
    }
    None
}

/// Parses a byte size: `1024`, `64KB`, `100MB`, `100GB` (powers of 1000) or
/// `1KiB`, `1MiB`, `1GiB` (powers of 1024).
#[must_use]
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let scale: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        "KIB" => 1 << 10,
        "MIB" => 1 << 20,
        "GIB" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(super::parse_size("100GB"), Some(100_000_000_000));
        assert_eq!(super::parse_size("2MiB"), Some(2 << 20));
        assert_eq!(super::parse_size("512"), Some(512));
        assert_eq!(super::parse_size("12XB"), None);
    }
}
