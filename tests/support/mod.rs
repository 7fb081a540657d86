//! Shared helpers for behaviour tests: a drop log, and a way to write one
//! body both as a generator and as a plain function and compare them.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use gen_runtime::{Generator, GeneratorState};

/// An ordered record of events: values created, yielded, dropped.
#[derive(Clone, Default)]
pub(crate) struct Log(Rc<RefCell<Vec<String>>>);

thread_local! {
    static CURRENT: RefCell<Log> = RefCell::new(Log::default());
}

impl Log {
    /// A new log, which [`tracked`] values made on this thread record to
    /// from now on.
    pub(crate) fn new() -> Log {
        let log = Log::default();
        CURRENT.with(|current| *current.borrow_mut() = log.clone());
        log
    }

    pub(crate) fn event(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }

    pub(crate) fn events(&self) -> Vec<String> {
        self.0.borrow().clone()
    }

    /// A value that records its drop in this log. (The result of a method
    /// of a local: the keep rule assumes it may borrow the log.)
    pub(crate) fn tracked(&self, name: impl Into<String>) -> Tracked {
        let name = name.into();
        self.event(format!("new {name}"));
        Tracked { name, log: self.clone() }
    }

    /// How many tracked values were created and how many dropped.
    pub(crate) fn balance(&self) -> (usize, usize) {
        let events = self.events();
        let created = events.iter().filter(|e| e.starts_with("new ")).count();
        let dropped = events.iter().filter(|e| e.starts_with("drop ")).count();
        (created, dropped)
    }
}

/// The current log: the last one made on this thread.
pub(crate) fn current() -> Log {
    CURRENT.with(|current| current.borrow().clone())
}

/// Records an event in the current log.
pub(crate) fn event(event: impl Into<String>) {
    current().event(event);
}

/// Runs a generator to completion, collecting what it yields.
pub(crate) fn collect<G: Generator<(), Yield = Y, Return = R>, Y, R>(mut generator: G) -> (Vec<Y>, R) {
    let mut items = Vec::new();
    loop {
        match generator.resume(()) {
            GeneratorState::Yielded(item) => items.push(item),
            GeneratorState::Complete(value) => return (items, value),
        }
    }
}

/// A value that records its creation and its drop in the current log (the
/// last one made on this thread). It borrows nothing: a generator keeps it
/// to the end of its scope, as a plain function does, as long as the body
/// uses it only through borrows, field reads and the standard library's
/// borrowing methods (`t.name.len()`, `&t`).
pub(crate) fn tracked(name: impl Into<String>) -> Tracked {
    CURRENT.with(|current| current.borrow().tracked(name))
}

pub(crate) struct Tracked {
    pub(crate) name: String,
    log: Log,
}

impl Tracked {
    /// A method the macro does not know: as far as it can tell, it may
    /// move the value.
    pub(crate) fn label(&self) -> &str {
        &self.name
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.log.event(format!("drop {}", self.name));
    }
}

/// Runs a generator to completion, logging each yielded value.
pub(crate) fn drive<G, Y: std::fmt::Display, R>(log: &Log, mut generator: G) -> R
where
    G: Generator<(), Yield = Y, Return = R>,
{
    loop {
        match generator.resume(()) {
            GeneratorState::Yielded(value) => log.event(format!("yield {value}")),
            GeneratorState::Complete(value) => return value,
        }
    }
}

/// Resumes a generator `k` times, logging what it yields, then drops it.
pub(crate) fn drop_after<G, Y: std::fmt::Display, R>(log: &Log, mut generator: G, k: usize)
where
    G: Generator<(), Yield = Y, Return = R>,
{
    for _ in 0..k {
        match generator.resume(()) {
            GeneratorState::Yielded(value) => log.event(format!("yield {value}")),
            GeneratorState::Complete(_) => return,
        }
    }
}

/// The panic that stops a plain twin at a `yield_!`.
pub(crate) struct Stop;

/// Runs `f`, which panics and catches the panic, without the panic's report.
pub(crate) fn quietly(f: impl FnOnce()) {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    f();
    std::panic::set_hook(hook);
}

/// Defines module `$name` with `generator(log, args..)` (the log's name is
/// the first parameter, so that the body can name it), the body as a
/// `#[generator(yield = $y)]`; `eager(log, args..)`, the same body as a
/// plain function in which `yield_!(v)` logs `yield v`; and
/// `stopped(log, k, args..)`, the plain function unwound by a panic at its
/// `k`-th `yield_!`.
#[macro_export]
macro_rules! twin {
    ($name:ident ($log:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty, yield = $y:ty, { $($body:tt)* }) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use gen_runtime::{generator, yield_};

            #[generator(yield = $y)]
            pub(crate) fn generator($log: Log, $($arg: $ty),*) -> $ret {
                let _ = &$log;
                $($body)*
            }

            #[allow(dead_code)]
            pub(crate) fn eager($log: Log, $($arg: $ty),*) -> $ret {
                macro_rules! yield_ {
                    ($value:expr) => {
                        $log.event(format!("yield {}", $value))
                    };
                }
                let _ = &$log;
                $($body)*
            }

            #[allow(dead_code, unreachable_code, clippy::diverging_sub_expression)]
            pub(crate) fn stopped($log: Log, k: usize, $($arg: $ty),*) {
                if k == 0 {
                    return;
                }
                let yields = ::std::cell::Cell::new(0);
                let body = || -> $ret {
                    macro_rules! yield_ {
                        ($value:expr) => {{
                            $log.event(format!("yield {}", $value));
                            yields.set(yields.get() + 1);
                            if yields.get() == k {
                                ::std::panic::panic_any($crate::support::Stop);
                            }
                        }};
                    }
                    let _ = &$log;
                    $($body)*
                };
                if let Err(payload) = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(body)) {
                    assert!(payload.is::<$crate::support::Stop>(), "the body panicked");
                }
            }
        }
    };
}

/// Runs both versions of a [`twin!`] and checks that they yield and drop
/// the same, complete with the same value, and drop everything they
/// create; and that the generator dropped after each number of resumes
/// drops what the plain function drops when a panic unwinds it from that
/// `yield_!`, in the same order. Evaluates to the generator's log.
#[macro_export]
macro_rules! assert_same_events {
    ($twin:ident ( $($arg:expr),* )) => {{
        let eager_log = Log::new();
        let eager_result = $twin::eager(eager_log.clone() $(, $arg)*);
        let gen_log = Log::new();
        let gen_result = drive(&gen_log, $twin::generator(gen_log.clone() $(, $arg)*));
        assert_eq!(gen_log.events(), eager_log.events(), "events of `{}`", stringify!($twin));
        assert_eq!(gen_result, eager_result);
        let _ = (gen_result, eager_result);
        let (created, dropped) = gen_log.balance();
        assert_eq!(created, dropped, "every value is dropped once");
        let yields = eager_log.events().iter().filter(|e| e.starts_with("yield")).count();
        for k in 0..=yields {
            let partial = Log::new();
            $crate::support::drop_after(&partial, $twin::generator(partial.clone() $(, $arg)*), k);
            let unwound = Log::new();
            $crate::support::quietly(|| $twin::stopped(unwound.clone(), k $(, $arg)*));
            assert_eq!(partial.events(), unwound.events(), "`{}` dropped after {k} resumes", stringify!($twin));
        }
        gen_log
    }};
}
