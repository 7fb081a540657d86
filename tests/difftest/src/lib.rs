//! Random generator bodies, each compiled twice: as a `#[generator]` and as
//! a plain function in which `yield_!(v)` records `yield v` (and evaluates
//! to the resume argument the generator would receive there). See
//! `build/program.rs` for what a body may contain. Both are compiled under
//! `deny(warnings)`: a body is warning-free as a plain function, and the
//! expansion must not add a warning.
//!
//! Rerun with other programs: `GEN_DIFFTEST_SEED=7 cargo test -p gen-difftest`
//! (`GEN_DIFFTEST_COUNT` sets how many).

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use gen_runtime::{Generator, GeneratorState, generator, yield_};

/// The ordered events of a run: values made, yielded, dropped.
#[derive(Clone, Default)]
pub struct Log(Rc<RefCell<Vec<String>>>);

thread_local! {
    static CURRENT: RefCell<Log> = RefCell::new(Log::default());
}

impl Log {
    /// A new log, which everything made on this thread records to from now on.
    #[must_use]
    pub fn start() -> Log {
        let log = Log::default();
        CURRENT.with(|current| *current.borrow_mut() = log.clone());
        log
    }

    pub fn event(&self, event: String) {
        self.0.borrow_mut().push(event);
    }

    #[must_use]
    pub fn events(&self) -> Vec<String> {
        self.0.borrow().clone()
    }

    /// A new `D`, by a method of the log: the keep rule assumes the result
    /// may borrow the log.
    #[must_use]
    pub fn d(&self, id: usize) -> D {
        D::new(id)
    }
}

/// Records an event in the current log.
pub fn event(event: String) {
    CURRENT.with(|current| current.borrow().event(event));
}

/// A value that records its creation and its drop.
pub struct D {
    pub n: i64,
}

impl D {
    #[must_use]
    pub fn new(id: usize) -> D {
        event(format!("new {id}"));
        D { n: i64::try_from(id).unwrap_or(-1) }
    }

    /// A method the macro does not know: it may have moved the value.
    #[must_use]
    pub fn get(&self) -> i64 {
        self.n
    }
}

impl Drop for D {
    fn drop(&mut self) {
        event(format!("drop {}", self.n));
    }
}

/// Makes `D`s by a method: the keep rule assumes the result of a method
/// of a local may borrow it.
pub struct Maker;

impl Maker {
    #[must_use]
    pub fn d(&self, id: usize) -> D {
        D::new(id)
    }
}

/// Takes a `D` by value.
#[must_use]
#[allow(clippy::needless_pass_by_value, reason = "moving the value is the point")]
pub fn consume(d: D) -> i64 {
    d.n
}

/// A value that borrows a `D` and records its own drop.
pub struct Watch<'a>(pub &'a D);

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        event(format!("unwatch {}", self.0.n));
    }
}

/// A struct without drop glue of its own: its fields can be moved out.
pub struct Pair {
    pub l: D,
    pub k: i64,
}

/// `size_of_val`, as an `i64`: its value depends on the inferred type.
#[must_use]
pub fn size<T>(value: &T) -> i64 {
    i64::try_from(std::mem::size_of_val(value)).unwrap_or(-1)
}

/// Fails for some values, for `?`.
///
/// # Errors
///
/// When `x` is 7 modulo 13.
pub fn check(x: i64) -> Result<i64, i64> {
    if x.rem_euclid(13) == 7 { Err(x) } else { Ok(x) }
}

/// What a program completes with.
pub type Out = Result<(i64, Vec<D>), i64>;

/// A sub-generator for `yield_from!`, with a value to drop and a
/// completion value.
#[generator(yield = i64)]
pub fn sub(n: i64) -> i64 {
    let d = D::new(100_000 + usize::try_from(n).unwrap_or(0));
    for k in 0..n {
        yield_!(k * 10 + d.n);
    }
    n * 3
}

/// A sub-generator that takes resume arguments.
#[generator(yield = i64, resume = i64, first = start)]
pub fn sub_r(n: i64) -> i64 {
    let mut total = start;
    for k in 0..n {
        total = total.wrapping_add(yield_!(k));
    }
    total
}

/// How deep a body that delegates to itself goes: the outermost call is
/// `body(DEPTH)`, and `body(depth - 1)` is called while `depth > 0`.
pub const DEPTH: u32 = 2;

/// A completion value of the body, folded into an `i64`; its `D`s are
/// dropped here.
#[must_use]
#[allow(clippy::needless_pass_by_value, reason = "dropping the value is the point")]
pub fn fold_out(out: Out) -> i64 {
    match out {
        Ok((v, ds)) => v.wrapping_add(i64::try_from(ds.len()).unwrap_or(0)),
        Err(e) => e,
    }
}

/// What one run did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Completed with this value (summarised; its `D`s are dropped after).
    Complete(String),
    /// The body panicked.
    Panicked,
    /// Dropped while suspended, or unwound at a `yield_!`.
    Stopped,
}

fn summary(out: &Out) -> String {
    match out {
        Ok((v, ds)) => format!("ok {v} {:?}", ds.iter().map(|d| d.n).collect::<Vec<_>>()),
        Err(e) => format!("err {e}"),
    }
}

/// The resume argument of the `k`-th resume (0 starts the generator).
#[must_use]
pub fn resume_arg(k: usize) -> i64 {
    1000 + i64::try_from(k).unwrap_or(0)
}

/// Drives a generator: to completion, or `limit` resumes then drops it.
pub fn drive<R, G: Generator<R, Yield = i64, Return = Out>>(
    mut generator: G,
    arg: impl Fn(usize) -> R,
    limit: Option<usize>,
) -> Outcome {
    let mut resumes = 0;
    loop {
        if limit == Some(resumes) {
            drop(generator);
            return Outcome::Stopped;
        }
        let step = catch_unwind(AssertUnwindSafe(|| generator.resume(arg(resumes))));
        resumes += 1;
        match step {
            Ok(GeneratorState::Yielded(value)) => event(format!("yield {value}")),
            Ok(GeneratorState::Complete(out)) => {
                let summary = summary(&out);
                drop(out);
                return Outcome::Complete(summary);
            }
            Err(_) => {
                // Finished for good: resuming panics without running user
                // code, and dropping drops nothing more.
                let again = catch_unwind(AssertUnwindSafe(|| generator.resume(arg(resumes))));
                let message = again.err().and_then(|p| p.downcast_ref::<&str>().map(|s| (*s).to_owned()));
                event(format!("resumed after the panic: {message:?}"));
                drop(generator);
                return Outcome::Panicked;
            }
        }
    }
}

/// Runs a plain twin, which may panic.
pub fn run_eager(body: impl FnOnce() -> Out) -> Outcome {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(out) => {
            let summary = summary(&out);
            drop(out);
            Outcome::Complete(summary)
        }
        Err(payload) if payload.is::<Stop>() => Outcome::Stopped,
        Err(_) => {
            // What the generator's driver records after its panic.
            event("resumed after the panic: Some(\"generator resumed after panicking\")".to_owned());
            Outcome::Panicked
        }
    }
}

/// The panic that stops a plain twin at a `yield_!`.
pub struct Stop;

/// Counts the `yield_!`s of a plain twin: the value each evaluates to, and
/// where to stop.
pub struct Yields {
    count: std::cell::Cell<usize>,
    stop: Option<usize>,
}

impl Yields {
    #[must_use]
    pub fn new(stop: Option<usize>) -> Yields {
        Yields { count: std::cell::Cell::new(0), stop }
    }

    /// Records `yield value`; returns the resume argument the generator
    /// would receive, or unwinds if this is where the run stops.
    pub fn yielded(&self, value: i64) -> i64 {
        event(format!("yield {value}"));
        let count = self.count.get() + 1;
        self.count.set(count);
        if self.stop == Some(count) {
            std::panic::panic_any(Stop);
        }
        resume_arg(count)
    }
}

/// The runs of one program.
pub struct Twin {
    pub name: &'static str,
    /// The plain function, to completion (`None`), or unwound at its
    /// `k`-th `yield_!`.
    pub eager: fn(Option<usize>) -> Outcome,
    /// The generator, to completion (`None`), or dropped after `k` resumes.
    pub generator: fn(Option<usize>) -> Outcome,
    /// `D` ids that the keep rule may release: their drops may come earlier
    /// in the generator than in the plain function.
    pub relaxed: &'static [i64],
}

/// Compares two logs: the same events in the same order, except that a
/// relaxed `drop` may come earlier in the generator's.
///
/// # Errors
///
/// Describes the first difference.
pub fn same_events(generator: &[String], eager: &[String], relaxed: &[i64]) -> Result<(), String> {
    let is_relaxed = |event: &str| {
        event.strip_prefix("drop ").and_then(|id| id.parse::<i64>().ok()).is_some_and(|id| relaxed.contains(&id))
            || event.strip_prefix("unwatch ").is_some()
    };
    let strict = |log: &[String]| log.iter().filter(|e| !is_relaxed(e)).cloned().collect::<Vec<_>>();
    let (gen_strict, eager_strict) = (strict(generator), strict(eager));
    if gen_strict != eager_strict {
        return Err(format!("different events:\n generator: {generator:?}\n plain:     {eager:?}"));
    }
    // Where each relaxed event comes, counted in strict events before it.
    let positions = |log: &[String]| {
        let mut strict_before = 0;
        let mut out: Vec<(String, usize)> = Vec::new();
        for event in log {
            if is_relaxed(event) {
                out.push((event.clone(), strict_before));
            } else {
                strict_before += 1;
            }
        }
        out.sort();
        out
    };
    let (gen_relaxed, eager_relaxed) = (positions(generator), positions(eager));
    let same_set = gen_relaxed.len() == eager_relaxed.len()
        && gen_relaxed.iter().zip(&eager_relaxed).all(|((a, _), (b, _))| a == b);
    if !same_set {
        return Err(format!("different drops:\n generator: {generator:?}\n plain:     {eager:?}"));
    }
    for ((event, at_gen), (_, at_eager)) in gen_relaxed.iter().zip(&eager_relaxed) {
        if at_gen > at_eager {
            return Err(format!("`{event}` comes later:\n generator: {generator:?}\n plain:     {eager:?}"));
        }
    }
    Ok(())
}

/// Defines a program's module: `$body` as a `#[generator]` (with the
/// resume type `$resume`: `unit`, `arg`, or `first name` with the first
/// argument bound to `name`) and as a plain function.
#[macro_export]
macro_rules! twin {
    ($name:ident, $depth:ident, $($resume:ident)+, [$($relaxed:expr),*], { $($body:tt)* }) => {
        pub mod $name {
            #![deny(warnings)]
            #[allow(unused_imports)]
            use super::*;

            $crate::twin!(@generator $depth, $($resume)+, { $($body)* });

            /// The body as a plain recursive function: `yield_from!(body(d))`
            /// is a call of it, with the same `Yields`.
            #[allow(unused_variables)]
            fn plain(yields: &Yields, $depth: u32, first: i64) -> Out {
                $crate::twin!(@plain $($resume)+, yields, first);
                $($body)*
            }

            pub fn eager(stop: Option<usize>) -> Outcome {
                let yields = Yields::new(stop);
                run_eager(|| plain(&yields, DEPTH, resume_arg(0)))
            }

            pub const TWIN: Twin = Twin {
                name: stringify!($name),
                eager,
                generator: run,
                relaxed: &[$($relaxed),*],
            };
        }
    };
    (@generator $depth:ident, unit, { $($body:tt)* }) => {
        #[gen_runtime::generator(yield = i64)]
        fn body($depth: u32) -> Out {
            #[allow(unused_imports)]
            use gen_runtime::{yield_, yield_from};
            $($body)*
        }
        pub fn run(limit: Option<usize>) -> Outcome {
            drive(body(DEPTH), |_| (), limit)
        }
    };
    (@generator $depth:ident, arg, { $($body:tt)* }) => {
        #[gen_runtime::generator(yield = i64, resume = i64)]
        fn body($depth: u32) -> Out {
            #[allow(unused_imports)]
            use gen_runtime::{yield_, yield_from};
            $($body)*
        }
        pub fn run(limit: Option<usize>) -> Outcome {
            drive(body(DEPTH), resume_arg, limit)
        }
    };
    (@generator $depth:ident, first $first:ident, { $($body:tt)* }) => {
        #[gen_runtime::generator(yield = i64, resume = i64, first = $first)]
        fn body($depth: u32) -> Out {
            #[allow(unused_imports)]
            use gen_runtime::{yield_, yield_from};
            $($body)*
        }
        pub fn run(limit: Option<usize>) -> Outcome {
            drive(body(DEPTH), resume_arg, limit)
        }
    };
    (@plain unit, $yields:ident, $first_arg:ident) => {
        #[allow(unused_macros)]
        macro_rules! yield_ {
            ($value:expr) => {{
                let _ = $yields.yielded($value);
            }};
        }
        #[allow(unused_macros)]
        macro_rules! yield_from {
            (body($d:expr)) => {
                plain($yields, $d, 0)
            };
            ($sub:expr) => {{
                #[allow(unused_imports)]
                use gen_runtime::__private::{DelegateGenerator as _, DelegateIterable as _};
                let wrapped = gen_runtime::__private::Wrap($sub);
                let mut sub = (&&wrapped).__gen_delegate_kind().__gen_delegate(wrapped);
                loop {
                    match gen_runtime::Generator::<()>::resume(&mut sub, ()) {
                        gen_runtime::GeneratorState::Yielded(value) => yield_!(value),
                        gen_runtime::GeneratorState::Complete(done) => break done,
                    }
                }
            }};
        }
    };
    (@plain arg, $yields:ident, $first_arg:ident) => {
        #[allow(unused_macros)]
        macro_rules! yield_ {
            ($value:expr) => {
                $yields.yielded($value)
            };
        }
        $crate::twin!(@delegate $yields);
    };
    (@plain first $first:ident, $yields:ident, $first_arg:ident) => {
        let $first: i64 = $first_arg;
        #[allow(unused_macros)]
        macro_rules! yield_ {
            ($value:expr) => {
                $yields.yielded($value)
            };
        }
        $crate::twin!(@delegate $yields);
    };
    (@delegate $yields:ident) => {
        #[allow(unused_macros)]
        macro_rules! yield_from {
            (body($d:expr)) => {
                plain($yields, $d, 0)
            };
            (body($d:expr), $first:expr) => {
                plain($yields, $d, $first)
            };
            ($sub:expr) => {
                yield_from!($sub, 0)
            };
            ($sub:expr, $first:expr) => {{
                let mut sub = $sub;
                let mut arg: i64 = $first;
                loop {
                    match gen_runtime::Generator::<i64>::resume(&mut sub, arg) {
                        gen_runtime::GeneratorState::Yielded(value) => arg = yield_!(value),
                        gen_runtime::GeneratorState::Complete(done) => break done,
                    }
                }
            }};
        }
    };
}

/// The generated programs (clippy's lints are about the random bodies).
#[allow(clippy::all, clippy::pedantic)]
pub mod programs {
    #[allow(unused_imports)]
    use super::{
        D, DEPTH, Log, Maker, Out, Outcome, Pair, Twin, Watch, Yields, check, consume, drive, event, fold_out,
        resume_arg, run_eager, size, sub, sub_r,
    };
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}
