//! `crate = path` for crates that re-export the runtime.

mod runtime {
    pub(crate) use gen_runtime as rt;
}

use runtime::rt::{generator, yield_};

#[generator(yield = u8, crate = crate::runtime::rt)]
fn through_reexport() {
    yield_!(7);
}

#[generator(yield = u8, crate = "crate::runtime::rt")]
fn path_as_string() {
    yield_!(8);
}

#[test]
fn the_runtime_can_live_under_another_path() {
    assert_eq!(through_reexport().chain(path_as_string()).collect::<Vec<_>>(), [7, 8]);
}
