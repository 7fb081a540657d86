//! Values are dropped exactly once, where the same code as a plain function
//! would drop them, in the same order.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};

use gen_runtime::{Generator, GeneratorState};
use support::{Log, drive};

twin!(scopes(log) -> (), yield = String, {
    let a = log.tracked("a");
    yield_!(a.name().to_string());
    {
        let b = log.tracked("b");
        yield_!("inner".to_string());
        let _ = b.name();
    }
    let c = log.tracked("c");
    yield_!("after".to_string());
    drop(c);
    yield_!("end".to_string());
});

#[test]
fn scope_ends_drop_in_reverse_declaration_order() {
    let log = assert_same_events!(scopes());
    assert_eq!(log.events().last().map(String::as_str), Some("drop a"));
}

twin!(loop_values(log, n: usize) -> usize, yield = usize, {
    let mut kept = Vec::new();
    for i in 0..n {
        let t = log.tracked(format!("t{i}"));
        if i == 1 {
            continue;
        }
        yield_!(i);
        if i == 3 {
            kept.push(t);
        }
    }
    kept.len()
});

#[test]
fn loop_bodies_drop_per_iteration() {
    assert_same_events!(loop_values(5));
}

// The arms after the `yield_!` and after the `if` run no code of their
// own: the resume goes straight back to the loop head, and the values of
// the iteration are dropped on the way, in reverse order.
twin!(iteration_ends_after_a_yield(log, n: usize) -> (), yield = usize, {
    let mut i = 0;
    while i < n {
        let first = log.tracked(format!("first {i}"));
        let second = log.tracked(format!("second {i}"));
        i += 1;
        log.event(format!("{} {}", first.name(), second.name()));
        if i % 2 == 0 {
            yield_!(i);
        }
    }
});

#[test]
fn values_of_an_iteration_that_ends_with_a_yield_drop_in_reverse_order() {
    assert_same_events!(iteration_ends_after_a_yield(5));
}

twin!(shadowing(log) -> (), yield = String, {
    let x = log.tracked("x1");
    yield_!(x.name().to_string());
    let x = log.tracked("x2");
    yield_!(x.name().to_string());
    {
        let x = log.tracked("x3");
        yield_!(x.name().to_string());
    }
    yield_!(x.name().to_string());
});

#[test]
fn shadowed_values_live_until_their_scope_ends() {
    assert_same_events!(shadowing());
}

twin!(early_exit(log, stop: usize) -> usize, yield = usize, {
    let outer = log.tracked("outer");
    for i in 0..10 {
        let inner = log.tracked(format!("inner{i}"));
        yield_!(i);
        if i == stop {
            let _ = inner.name();
            return i * 100 + outer.name().len();
        }
    }
    0
});

#[test]
fn early_return_drops_everything_in_scope() {
    assert_same_events!(early_exit(2));
}

twin!(breaks(log) -> usize, yield = usize, {
    let found = 'search: loop {
        let guard = log.tracked("guard");
        for i in 0.. {
            let item = log.tracked(format!("item{i}"));
            yield_!(i);
            if i == 2 {
                break 'search item;
            }
        }
        drop(guard);
    };
    yield_!(found.name().len());
    7
});

#[test]
fn break_out_of_nested_loops_drops_inner_scopes() {
    assert_same_events!(breaks());
}

twin!(moves(log) -> (), yield = String, {
    let a = log.tracked("a");
    let b = a;
    yield_!(b.name().to_string());
    let c = log.tracked("c");
    let kept = vec![c];
    yield_!(kept[0].name().to_string());
    drop(kept);
    yield_!("after drop".to_string());
});

#[test]
fn moved_values_are_not_dropped_twice() {
    assert_same_events!(moves());
}

twin!(long_scope(log, n: usize) -> (), yield = usize, {
    let head = log.tracked("head");
    let mut total = 0;
    while total < n {
        total += 1;
        let step = log.tracked(format!("step{total}"));
        if total % 2 == 0 {
            yield_!(total);
        }
        drop(step);
    }
    yield_!(head.name().len());
});

#[test]
fn drops_interleave_with_yields_as_in_a_plain_function() {
    assert_same_events!(long_scope(5));
}

/// Drops a suspended generator after `k` items, for every `k`.
#[test]
fn dropping_at_any_suspension_point_drops_everything_once() {
    for k in 0..8 {
        let log = Log::new();
        let mut g = loop_values::generator(log.clone(), 5);
        for _ in 0..k {
            let _ = g.next();
        }
        drop(g);
        let (created, dropped) = log.balance();
        assert_eq!(created, dropped, "after {k} resumes: {:?}", log.events());
    }
    for k in 0..6 {
        let log = Log::new();
        let mut g = breaks::generator(log.clone());
        for _ in 0..k {
            let _ = g.next();
        }
        drop(g);
        let (created, dropped) = log.balance();
        assert_eq!(created, dropped, "after {k} resumes: {:?}", log.events());
    }
}

twin!(panics(log, at: usize) -> (), yield = usize, {
    let outer = log.tracked("outer");
    for i in 0..5 {
        let inner = log.tracked(format!("inner{i}"));
        assert!(i != at, "boom at {}", inner.name());
        yield_!(i);
    }
    drop(outer);
});

#[test]
fn a_panic_drops_values_once_and_finishes_the_generator() {
    let log = Log::new();
    let mut g = panics::generator(log.clone(), 2);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(g.resume(()), GeneratorState::Yielded(1));
    let unwound = catch_unwind(AssertUnwindSafe(|| g.resume(())));
    assert!(unwound.is_err());
    // Everything the body owned was dropped while unwinding.
    assert_eq!(log.balance(), (4, 4), "{:?}", log.events());
    let events_after_panic = log.events();

    // Resuming again panics without running user code.
    let again = catch_unwind(AssertUnwindSafe(|| g.resume(())));
    let message = again.expect_err("resuming a panicked generator panics");
    assert_eq!(message.downcast_ref::<&str>().copied(), Some("generator resumed after panicking"));
    assert_eq!(log.events(), events_after_panic);
    assert_eq!(g.next(), None);
    drop(g);
    assert_eq!(log.events(), events_after_panic, "nothing is dropped twice");
}

#[test]
fn resuming_after_completion_panics_but_next_returns_none() {
    let log = Log::new();
    let mut g = loop_values::generator(log.clone(), 1);
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    assert_eq!(g.resume(()), GeneratorState::Complete(0));
    assert_eq!(g.next(), None);
    assert_eq!(g.next(), None);
    let panic = catch_unwind(AssertUnwindSafe(|| g.resume(()))).expect_err("resume after completion panics");
    assert_eq!(panic.downcast_ref::<&str>().copied(), Some("generator resumed after completion"));
}
