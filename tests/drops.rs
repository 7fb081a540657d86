//! Values are dropped exactly once, where the same code as a plain function
//! would drop them, in the same order; or, where the keep rule releases a
//! value (see the README), at the `yield_!` after its last use.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};

use gen_runtime::{Generator, GeneratorState};
use support::{Log, drive, tracked};

twin!(scopes(log) -> (), yield = String, {
    let a = tracked("a");
    yield_!(a.name.clone());
    {
        let b = tracked("b");
        yield_!("inner".to_string());
        let _ = &b;
    }
    let c = tracked("c");
    yield_!("after".to_string());
    drop(c);
    yield_!("end".to_string());
});

#[test]
fn scope_ends_drop_in_reverse_declaration_order() {
    let log = assert_same_events!(scopes());
    assert_eq!(log.events().last().map(String::as_str), Some("drop a"));
}

// A generator suspended in a loop whose iterator is kept in place (a slot)
// drops the slot's iterator and the values of the state in the order of
// their scopes: `c`, the iterator with the item left, `b`, then `a`.
twin!(slot_between_locals(log) -> (), yield = String, {
    let a = tracked("a");
    let items = vec![tracked("i1"), tracked("i2")];
    let b = tracked("b");
    for item in items {
        let c = tracked(format!("c{}", item.name));
        yield_!(item.name.clone());
        yield_!(c.name.clone());
    }
    yield_!(format!("{}{}", a.name, b.name));
});

#[test]
fn a_suspended_generator_drops_slots_and_locals_in_scope_order() {
    let log = assert_same_events!(slot_between_locals());
    let events = log.events();
    let last = &events[events.len() - 2..];
    assert_eq!(last, ["drop b", "drop a"]);
}

twin!(loop_values(log, n: usize) -> usize, yield = usize, {
    let mut kept = Vec::new();
    for i in 0..n {
        let t = tracked(format!("t{i}"));
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
        let first = tracked(format!("first {i}"));
        let second = tracked(format!("second {i}"));
        i += 1;
        log.event(format!("{} {}", first.name, second.name));
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
    let x = tracked("x1");
    yield_!(x.name.clone());
    let x = tracked("x2");
    yield_!(x.name.clone());
    {
        let x = tracked("x3");
        yield_!(x.name.clone());
    }
    yield_!(x.name.clone());
});

#[test]
fn shadowed_values_live_until_their_scope_ends() {
    assert_same_events!(shadowing());
}

twin!(early_exit(log, stop: usize) -> usize, yield = usize, {
    let outer = tracked("outer");
    for i in 0..10 {
        let inner = tracked(format!("inner{i}"));
        yield_!(i);
        if i == stop {
            let _ = &inner;
            return i * 100 + outer.name.len();
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
        let guard = tracked("guard");
        for i in 0.. {
            let item = tracked(format!("item{i}"));
            yield_!(i);
            if i == 2 {
                break 'search item;
            }
        }
        drop(guard);
    };
    yield_!(found.name.len());
    7
});

#[test]
fn break_out_of_nested_loops_drops_inner_scopes() {
    assert_same_events!(breaks());
}

twin!(moves(log) -> (), yield = String, {
    let a = tracked("a");
    let b = a;
    yield_!(b.name.clone());
    let c = tracked("c");
    let kept = vec![c];
    yield_!(kept[0].name.clone());
    drop(kept);
    yield_!("after drop".to_string());
});

#[test]
fn moved_values_are_not_dropped_twice() {
    assert_same_events!(moves());
}

twin!(long_scope(log, n: usize) -> (), yield = usize, {
    let head = tracked("head");
    let mut total = 0;
    while total < n {
        total += 1;
        let step = tracked(format!("step{total}"));
        if total % 2 == 0 {
            yield_!(total);
        }
        drop(step);
    }
    yield_!(head.name.len());
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
    let outer = tracked("outer");
    for i in 0..5 {
        let inner = tracked(format!("inner{i}"));
        assert!(i != at, "boom at {}", inner.name);
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

// The keep rule, both sides (README, "Which values a yield keeps").

/// A value that borrows a tracked one, and records its own drop.
struct Watch<'a>(&'a support::Tracked);

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        support::event(format!("unwatch {}", self.0.name));
    }
}

#[gen_runtime::generator(yield = usize)]
fn released_values(moved: bool) {
    // Kept: used only through a field and a standard borrowing method.
    let kept = tracked("kept");
    // Released: a method the macro does not know may have moved it.
    let unknown = tracked("unknown");
    // Released: its value is derived from a borrow of `kept`.
    let watch = Watch(&kept);
    // Kept: a `_name` guard, whatever its value may borrow.
    let log = support::current();
    let _guard = log.tracked("guard");
    // Released where it was not moved: it needs a drop flag.
    let maybe = tracked("maybe");
    if moved {
        drop(maybe);
    }
    let n = unknown.label().len() + watch.0.name.len();
    support::event("suspend");
    gen_runtime::yield_!(n);
    support::event("resumed");
    gen_runtime::yield_!(kept.name.len());
}

#[test]
fn released_values_drop_at_the_yield_after_their_last_use() {
    for moved in [false, true] {
        let log = Log::new();
        let (items, ()) = support::collect(released_values(moved));
        assert_eq!(items, [11, 4]);
        let mut expected = vec![
            "new kept",
            "new unknown",
            "new guard",
            "new maybe",
            "suspend",
            // What the yield releases is dropped as it suspends: first what
            // certainly holds a value, then what may have been moved, each
            // in the order the end of their scope would drop them.
            "unwatch kept",
            "drop maybe",
            "drop unknown",
            "resumed",
            // The rest at the end of their scope.
            "drop guard",
            "drop kept",
        ];
        if moved {
            expected.retain(|e| *e != "drop maybe");
            expected.insert(4, "drop maybe");
        }
        assert_eq!(expected.len(), 11);
        assert_eq!(log.events(), expected, "moved: {moved}");
    }
}

// A value that may borrow (made by a method of a local) and moves to its
// twin where a `let` shadows it on one path, but is dead where another
// path's `let` shadows it: there it is released, and not moved too (that
// was E0382, found by the difftest).
#[gen_runtime::generator(yield = usize)]
fn shadowed_where_released(choice: usize, item: Option<usize>) {
    let log = support::current();
    let p = log.tracked("p1");
    match choice {
        0 => {
            if let Some(v) = item {
                let p = v;
                gen_runtime::yield_!(p);
            }
            gen_runtime::yield_!(p.name.len());
        }
        _ => {
            let p = tracked("p2");
            support::event(format!("made {}", p.name));
        }
    }
}

#[test]
fn a_dead_value_is_released_where_a_let_shadows_it() {
    let log = Log::new();
    assert_eq!(support::collect(shadowed_where_released(0, Some(7))).0, [7, 2]);
    assert_eq!(log.events(), ["new p1", "drop p1"]);
    let log = Log::new();
    assert_eq!(support::collect(shadowed_where_released(1, Some(7))).0, [0usize; 0]);
    // As in a plain function, except that `p1` (dead, may borrow) is
    // released at the `let` that shadows it, after the new value is made.
    assert_eq!(log.events(), ["new p1", "new p2", "drop p1", "made p2", "drop p2"]);
}

// A parameter bound to `_` is dropped when the body returns, as in a plain
// function (it was dropped at the first suspension).
#[gen_runtime::generator(yield = usize)]
fn ignores_its_argument(_: support::Tracked, n: usize) {
    for i in 0..n {
        gen_runtime::yield_!(i);
    }
}

#[test]
fn an_argument_bound_to_an_underscore_drops_when_the_body_returns() {
    let log = Log::new();
    let generator = ignores_its_argument(tracked("ignored"), 2);
    drive(&log, generator);
    assert_eq!(log.events(), ["new ignored", "yield 0", "yield 1", "drop ignored"]);
    let log = Log::new();
    support::drop_after(&log, ignores_its_argument(tracked("ignored"), 2), 1);
    assert_eq!(log.events(), ["new ignored", "yield 0", "drop ignored"]);
}

// A local that an arm carries and that a later `let` shadows moves to a
// hidden twin there. A value that borrows it and is dead by then (here,
// `watch`) must go first: moving what it borrows would not compile.
#[gen_runtime::generator(yield = usize)]
fn shadowed_while_watched() {
    let x = tracked("x1");
    gen_runtime::yield_!(1);
    let watch = Watch(&x);
    support::event(format!("watching {}", watch.0.name));
    let x = tracked("x2");
    gen_runtime::yield_!(x.name.len());
}

#[test]
fn a_dead_borrower_is_released_before_what_it_borrows_moves_to_a_twin() {
    let log = Log::new();
    let (items, ()) = support::collect(shadowed_while_watched());
    assert_eq!(items, [1, 2]);
    // As in a plain function, except that `watch` is released (it may
    // borrow and is dead) where `x1` moves, after the new `x`'s value is
    // made, rather than at the end of the scope (between `x2` and `x1`).
    let plain = ["new x1", "watching x1", "new x2", "drop x2", "unwatch x1", "drop x1"];
    let mut expected = plain.to_vec();
    expected.retain(|e| *e != "unwatch x1");
    expected.insert(3, "unwatch x1");
    assert_eq!(log.events(), expected);
    assert_eq!(log.balance(), (2, 2));
}

impl PartialEq for support::Tracked {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

const LIMIT: usize = 3;
const LIMITS: (usize, usize) = (1, 2);

// The keep rule, kept side: each of these values owns a tracked value and
// borrows nothing (however its initialiser is written), so a yield where
// it is dead keeps it, and it is dropped at the end of its scope, as in the
// plain function.
twin!(owned_values_are_kept(log, n: usize) -> usize, yield = usize, {
    let pair = (tracked("pair"), n + 1);
    let cast = (tracked("cast"), n as u64);
    let indexed = (tracked("indexed"), [n][0]);
    let range = (tracked("range"), 0..n);
    let constant = (tracked("constant"), &LIMIT, &LIMITS.0);
    struct Holder {
        held: support::Tracked,
        n: usize,
    }
    let holder = (tracked("held"),);
    let taken = holder.0;
    let built = Holder { held: tracked("built"), n };
    let negated = (tracked("negated"), -i64::try_from(n).unwrap_or(0), [n; 2]);
    let listed = vec![tracked(format!("listed {}", n + 1))];
    let block = {
        let name = "block";
        tracked(name)
    };
    let owner = tracked("owner");
    let closure = move || owner.name.len();
    let made = support::current().tracked("made");
    let label = tracked("label");
    let twice = |label: usize| label * 2;
    let point = (tracked("point"), 4usize);
    let copied = {
        let x: usize = point.1;
        x * 2
    };
    let left = tracked("left");
    let right = tracked("right");
    let same = usize::from(left == right);
    let total = same + pair.1 + usize::try_from(cast.1).unwrap_or(0) + indexed.1 + range.1.len() + constant.1 + constant.2 + negated.2[1] + taken.name.len() + built.held.name.len() + built.n;
    let more = listed.len() + block.name.len() + closure() + made.name.len() + twice(label.name.len()) + copied;
    yield_!(total + more);
    log.event("resumed");
    yield_!(1);
    total
});

#[test]
fn values_that_borrow_nothing_are_kept_to_the_end_of_their_scope() {
    assert_same_events!(owned_values_are_kept(2));
}

// A loop whose body shadows a local and suspends gets an arm of its own,
// entered at each iteration, also by iterations that do not suspend: the
// values of the body that may borrow are released before that transition,
// and the values declared after them must still drop first, as at the end
// of a plain function's loop body. (With n = 2 no iteration suspends; at a
// `yield_!`, `borrower` would be released there, as the README says.)
twin!(released_at_an_iteration_end(log, n: usize) -> (), yield = String, {
    let base = 1;
    for i in 0..n {
        let base = base + i;
        let borrower = log.tracked(format!("b{i}"));
        let plain = tracked(format!("c{i}"));
        if base < 3 {
            continue;
        }
        yield_!(format!("{}{}", borrower.name, plain.name));
    }
});

#[test]
fn values_released_at_an_iteration_end_drop_after_later_ones() {
    let log = assert_same_events!(released_at_an_iteration_end(2));
    assert_eq!(log.events(), ["new b0", "new c0", "drop c0", "drop b0", "new b1", "new c1", "drop c1", "drop b1"]);
}

// A borrower released in one branch of a `match` (where a `let` shadows
// what it borrows) is still alive in the other branches: a yield there
// releases it before what it borrows moves into the state. (The walk once
// forgot it in every branch after the first, and the expansion did not
// compile: E0505, `GEN_DIFFTEST_SEED=17803`.)
#[gen_runtime::generator(yield = usize)]
fn released_in_one_branch(choice: usize) {
    let x = tracked("x1");
    gen_runtime::yield_!(0);
    let watch = Watch(&x);
    support::event(format!("watching {}", watch.0.name));
    match choice {
        0 => {
            let x = tracked("x2");
            support::event(format!("shadowed by {}", x.name));
        }
        _ => gen_runtime::yield_!(9),
    }
    gen_runtime::yield_!(x.name.len());
}

#[test]
fn a_borrower_released_in_one_branch_is_released_in_the_others() {
    let log = Log::new();
    let (items, ()) = support::collect(released_in_one_branch(0));
    assert_eq!(items, [0, 2]);
    let shadowed = ["new x1", "watching x1", "new x2", "unwatch x1", "shadowed by x2", "drop x2", "drop x1"];
    assert_eq!(log.events(), shadowed);
    let log = Log::new();
    let (items, ()) = support::collect(released_in_one_branch(1));
    assert_eq!(items, [0, 9, 2]);
    assert_eq!(log.events(), ["new x1", "watching x1", "unwatch x1", "drop x1"]);
}

// A tuple pattern one of whose bindings a later `let` of the same block
// shadows, in an arm that then completes: each value drops where its own
// binding would, though the shadowed one moved to a hidden twin (declared
// after the pattern, the first binding's twin once dropped before the
// second binding: `GEN_DIFFTEST_SEED=17803`).
twin!(tuple_pattern_partly_shadowed(log, which: usize, stop: bool) -> (), yield = String, {
    let (a, b, c) = (tracked("a1"), tracked("b1"), tracked("c1"));
    if which == 0 {
        let a = tracked("a2");
        if stop {
            return;
        }
        yield_!(format!("{}{}{}", a.name, b.name, c.name));
    } else {
        let b = tracked("b2");
        if stop {
            return;
        }
        yield_!(format!("{}{}{}", a.name, b.name, c.name));
    }
    yield_!(format!("{}{}{}", a.name, b.name, c.name));
});

#[test]
fn a_tuple_pattern_partly_moved_to_twins_drops_in_pattern_order() {
    for which in [0, 1] {
        for stop in [false, true] {
            assert_same_events!(tuple_pattern_partly_shadowed(which, stop));
        }
    }
}

// A loop that does not suspend, with a `continue` to an outer loop that
// does, in a branch next to one that yields: the code after the `if` in
// the inner loop continues inline (it once became an arm of its own, which
// could not go back to the inner loop: the expansion did not compile).
twin!(inner_loop_continuing_an_outer_one(log, flag: bool) -> i64, yield = i64, {
    let mut acc: i64 = 1;
    let outer = vec![tracked("o1"), tracked("o2")];
    'outer: for item in outer {
        if flag {
            yield_!(7);
            acc += i64::try_from(item.name.len()).unwrap_or(0);
        } else {
            let inner = vec![tracked("i1"), tracked("i2")];
            for other in inner {
                if acc % 2 == 1 {
                    acc += 1;
                    continue 'outer;
                }
                acc += i64::try_from(other.name.len()).unwrap_or(0);
            }
            yield_!(acc);
        }
    }
    acc
});

#[test]
fn an_inner_loop_without_yields_continues_an_outer_loop() {
    assert_same_events!(inner_loop_continuing_an_outer_one(false));
    assert_same_events!(inner_loop_continuing_an_outer_one(true));
}

// The innermost loop's arms hand the values of the loops around them on
// without naming them: they carry them as one bundle (a nested tuple). It
// still drops each value at the end of its scope, innermost first, and a
// generator dropped while suspended drops them as an unwinding function
// would.
twin!(values_handed_on_as_one(log, n: usize) -> (), yield = String, {
    let top = tracked("a");
    for row in 0..n {
        let mid = tracked(format!("b{row}"));
        for col in 0..n {
            let low = tracked(format!("c{row}{col}"));
            for step in 0..n {
                let item = tracked(format!("d{row}{col}{step}"));
                yield_!(item.name.clone());
                if step == 1 {
                    break;
                }
            }
            yield_!(low.name.clone());
            let _c2 = tracked(format!("c2{row}{col}"));
            for step in 0..n {
                yield_!(format!("{step}"));
            }
        }
        yield_!(mid.name.clone());
    }
    yield_!(top.name.clone());
});

// The same with exits from the innermost loop past the bundled values: a
// labeled `break` out of two loops, a `continue` of the outermost one and
// a `return`.
twin!(exits_past_handed_on_values(log, n: usize) -> usize, yield = String, {
    let top = tracked("a");
    let top2 = tracked("a2");
    let top3 = tracked("a3");
    let mut seen = 0;
    'outer: for row in 0..n {
        let mid = tracked(format!("b{row}"));
        let mid2 = tracked(format!("b2{row}"));
        let mid3 = tracked(format!("b3{row}"));
        yield_!(mid.name.clone() + &mid2.name + &mid3.name);
        'middle: for col in 0..n {
            let _c = tracked(format!("c{row}{col}"));
            for step in 0..n {
                let item = tracked(format!("d{row}{col}{step}"));
                yield_!(item.name.clone());
                match (row, col, step) {
                    (0, 1, 1) => break 'middle,
                    (1, 0, 2) => continue 'outer,
                    (2, 1, 0) => return seen,
                    _ => seen += 1,
                }
            }
        }
    }
    drop((top, top2, top3));
    seen
});

// The loop's arm leaves the block of `_x` and goes on: `_x` cannot be in
// the bundle of `_a`..`_d`, which would drop with it there.
twin!(leaving_the_block_of_a_handed_on_value(log, n: usize) -> (), yield = String, {
    let _a = tracked("a");
    let _b = tracked("b");
    let _c = tracked("c");
    let _d = tracked("d");
    {
        let _x = tracked("x");
        for step in 0..n {
            yield_!(format!("{step}"));
        }
    }
    drop(tracked("after the block"));
});

#[test]
fn values_carried_as_one_drop_in_scope_order() {
    for n in [0, 1, 3] {
        assert_same_events!(values_handed_on_as_one(n));
        assert_same_events!(exits_past_handed_on_values(n));
        assert_same_events!(leaving_the_block_of_a_handed_on_value(n));
    }
}

// A local shadowed by a borrow of itself (`let line = line.trim();`): the
// value moves to its hidden twin before the borrow is taken, and stays
// there, dropped where the plain function drops it.
twin!(shadowed_by_a_borrow_of_itself(log, text: String) -> usize, yield = String, {
    let text = text.trim();
    let n = text.len();
    yield_!(format!("{n}"));
    let names = vec![tracked("a"), tracked("b")];
    let names = &names;
    let first = names[0].name.clone();
    yield_!(first);
    let last = tracked("last");
    yield_!(last.name.clone());
    n
});

#[test]
fn a_local_shadowed_by_a_borrow_of_itself_stays_until_its_scope_ends() {
    assert_same_events!(shadowed_by_a_borrow_of_itself(String::from("  padded  ")));
}
