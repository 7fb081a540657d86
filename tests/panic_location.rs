//! The panic of a resume after completion (or after a panic) reports the
//! caller's `resume`, not the runtime's source: it is the caller's mistake.
//!
//! A test binary of its own, with one test: the panic hook it installs is
//! global to the process.
//!
//! Not checked: through `dyn Generator` (`boxed`), rustc's vtable shim of a
//! `#[track_caller]` method reports the method's definition, in the runtime.

use std::panic::{self, AssertUnwindSafe, Location};
use std::sync::{Arc, Mutex};

use gen_runtime::{Generator, generator, yield_};

#[generator(yield = u8)]
fn one() {
    yield_!(1);
}

#[generator(yield = u8)]
fn panics() {
    panic!("in the body");
}

/// Runs `f`, which must panic, and returns where the panic hook says it
/// happened, with the line `f` was called on.
fn panic_location(f: impl FnOnce()) -> (String, u32) {
    let seen: Arc<Mutex<Option<(String, u32)>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let location = info.location().map(|l| (l.file().to_string(), l.line()));
        *sink.lock().unwrap() = location;
    }));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    assert!(outcome.is_err(), "the call did not panic");
    let location = seen.lock().unwrap().take();
    location.expect("the panic hook saw no location")
}

#[test]
fn resuming_a_finished_generator_reports_the_callers_line() {
    let this_file = Location::caller().file();

    let mut g = one();
    assert!(g.by_ref().eq([1]));
    let mut line = 0;
    let (file, reported) = panic_location(|| {
        line = line!() + 1;
        g.resume(());
    });
    assert_eq!((file.as_str(), reported), (this_file, line), "a finished generator");

    // Through the forwarding impls of `&mut G` and `Box<G>` too.
    let (file, reported) = panic_location(|| {
        line = line!() + 1;
        Generator::resume(&mut &mut g, ());
    });
    assert_eq!((file.as_str(), reported), (this_file, line), "through `&mut G`");
    let mut in_box = Box::new(one());
    in_box.by_ref().for_each(drop);
    let (file, reported) = panic_location(|| {
        line = line!() + 1;
        in_box.resume(());
    });
    assert_eq!((file.as_str(), reported), (this_file, line), "through `Box<G>`");

    let mut g = panics();
    let (file, _) = panic_location(|| {
        g.resume(());
    });
    assert_eq!(file, this_file, "the body's own panic");
    let (file, reported) = panic_location(|| {
        line = line!() + 1;
        g.resume(());
    });
    assert_eq!((file.as_str(), reported), (this_file, line), "a generator that panicked");
}
