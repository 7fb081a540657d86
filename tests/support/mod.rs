//! Shared helpers for behaviour tests: a drop log and a way to write one
//! body both as a generator and as an eager function.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use gen_runtime::{Generator, GeneratorState};

/// An ordered record of events: values yielded, values dropped.
#[derive(Clone, Default)]
pub(crate) struct Log(Rc<RefCell<Vec<String>>>);

impl Log {
    pub(crate) fn new() -> Log {
        Log::default()
    }

    pub(crate) fn event(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }

    pub(crate) fn events(&self) -> Vec<String> {
        self.0.borrow().clone()
    }

    /// A value that records its drop.
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

pub(crate) struct Tracked {
    pub(crate) name: String,
    log: Log,
}

impl Tracked {
    pub(crate) fn name(&self) -> &str {
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

/// Defines module `$name` with `generator(log, args..)` (the log's name is
/// the first parameter, so that the body can name it), the body as a
/// `#[generator(yield = $y)]`, and `eager(log, args..)`, the same body as a
/// plain function in which `yield_!(v)` logs `yield v`.
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
        }
    };
}

/// Runs both versions of a [`twin!`] and checks that they yield and drop
/// the same, complete with the same value, and drop everything they
/// create; evaluates to the generator's log.
#[macro_export]
macro_rules! assert_same_events {
    ($twin:ident ( $($arg:expr),* )) => {{
        let eager_log = Log::new();
        let eager_result = $twin::eager(eager_log.clone() $(, $arg)*);
        let gen_log = Log::new();
        let gen_result = drive(&gen_log, $twin::generator(gen_log.clone() $(, $arg)*));
        assert_eq!(gen_log.events(), eager_log.events(), "events of `{}`", stringify!($twin));
        assert_eq!(gen_result, eager_result);
        let (created, dropped) = gen_log.balance();
        assert_eq!(created, dropped, "every value is dropped once");
        gen_log
    }};
}
