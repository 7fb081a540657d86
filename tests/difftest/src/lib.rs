//! Random generator bodies, each compiled twice: as a `#[generator]` and as
//! an eager function in which `yield_!(v)` records `yield v`. See
//! `build/program.rs` for what a body may contain.
//!
//! Rerun with other programs: `GEN_DIFFTEST_SEED=7 cargo test -p gen-difftest`
//! (`GEN_DIFFTEST_COUNT` sets how many).

use std::cell::RefCell;
use std::rc::Rc;

use gen_runtime::{Generator, GeneratorState};

/// The ordered events of a run: values yielded and values dropped.
#[derive(Clone, Default)]
pub struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    pub fn event(&self, event: String) {
        self.0.borrow_mut().push(event);
    }

    #[must_use]
    pub fn events(&self) -> Vec<String> {
        self.0.borrow().clone()
    }

    /// How many `D`s were created and how many dropped.
    #[must_use]
    pub fn balance(&self) -> (usize, usize) {
        let events = self.0.borrow();
        (
            events.iter().filter(|e| e.starts_with("new")).count(),
            events.iter().filter(|e| e.starts_with("drop")).count(),
        )
    }
}

/// A value that records its creation and its drop.
pub struct D {
    id: i64,
    log: Log,
}

impl D {
    #[must_use]
    pub fn new(log: &Log, id: usize) -> D {
        log.event(format!("new {id}"));
        D { id: i64::try_from(id).unwrap_or(0), log: log.clone() }
    }

    #[must_use]
    pub fn id(&self) -> i64 {
        self.id
    }
}

impl Drop for D {
    fn drop(&mut self) {
        self.log.event(format!("drop {}", self.id));
    }
}

/// The runs of one program.
pub struct Twin {
    /// The eager function.
    pub eager: fn(Log) -> i64,
    /// The generator, resumed to completion; yields are recorded.
    pub generator: fn(Log) -> i64,
    /// The generator, resumed `k` times (yields are recorded), then dropped.
    pub partial: fn(Log, usize),
    /// The eager function, unwound by a panic at its `k`-th `yield_!`:
    /// what it drops then is what the generator suspended there drops.
    pub stopped: fn(Log, usize),
}

/// The panic that stops an eager run at a `yield_!`.
pub struct Stop;

/// Resumes `generator` to completion, recording what it yields.
pub fn drive<G: Generator<Yield = i64, Return = i64>>(log: &Log, mut generator: G) -> i64 {
    loop {
        match generator.resume(()) {
            GeneratorState::Yielded(value) => log.event(format!("yield {value}")),
            GeneratorState::Complete(value) => return value,
        }
    }
}

macro_rules! twin {
    ($name:ident, $log:ident, { $($body:tt)* }) => {
        pub mod $name {
            use super::*;
            use gen_runtime::{generator, yield_};

            #[generator(yield = i64)]
            fn run($log: Log) -> i64 {
                $($body)*
            }

            pub fn eager($log: Log) -> i64 {
                macro_rules! yield_ {
                    ($value:expr) => {
                        $log.event(format!("yield {}", $value))
                    };
                }
                $($body)*
            }

            pub fn generator(log: Log) -> i64 {
                drive(&log, run(log.clone()))
            }

            pub fn partial(log: Log, k: usize) {
                let mut run = run(log.clone());
                for _ in 0..k {
                    if let Some(value) = run.next() {
                        log.event(format!("yield {value}"));
                    }
                }
            }

            pub fn stopped($log: Log, k: usize) {
                if k == 0 {
                    return;
                }
                let yields = ::std::cell::Cell::new(0);
                let body = || -> i64 {
                    macro_rules! yield_ {
                        ($value:expr) => {{
                            $log.event(format!("yield {}", $value));
                            yields.set(yields.get() + 1);
                            if yields.get() == k {
                                ::std::panic::panic_any(Stop);
                            }
                        }};
                    }
                    $($body)*
                };
                if let Err(payload) = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(body)) {
                    assert!(payload.is::<Stop>(), "the body panicked");
                }
            }
        }
    };
}

/// The generated programs.
#[allow(
    unused,
    unreachable_code,
    clippy::all,
    clippy::pedantic,
    reason = "random programs assign values they never read, and so on"
)]
pub mod programs {
    use super::{D, Log, Stop, Twin, drive};
    include!(concat!(env!("OUT_DIR"), "/programs.rs"));
}
