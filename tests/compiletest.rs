//! Compile-fail tests: every rejected use of the macros has a readable
//! error pointing at the user's code. The `.stderr` files are generated with
//! the stable toolchain CI uses; re-bless with `TRYBUILD=overwrite cargo test
//! --test compiletest` and review every message.

#[rustversion::attr(not(stable), ignore = "the expected output is rustc stable's")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
