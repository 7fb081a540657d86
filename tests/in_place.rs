//! Values kept in place across suspensions: large buffers of `Copy`
//! values, `for` loops' iterators and `yield_from!` delegates stay where
//! they are instead of moving in and out of the state on every resume. The
//! code that uses them must still mean what it means in a plain function.

mod support;

use gen_runtime::{Generator, GeneratorState, generator, yield_};
use support::{Log, Tracked, drive};

#[generator(yield = usize)]
fn buffer_addresses(rounds: usize) {
    let mut buf = [0u8; 4096];
    for round in 0..rounds {
        buf[round] = 1;
        yield_!(buf.as_ptr() as usize);
    }
}

#[test]
fn a_large_buffer_is_used_where_the_generator_is() {
    let mut g = buffer_addresses(3);
    let (start, size) = (&raw const g as usize, size_of_val(&g));
    // The buffer, the loop's range and a discriminant: nothing else.
    assert!(size <= 4096 + 24, "{size} bytes");
    for _ in 0..3 {
        let Some(address) = g.next() else { panic!("three items") };
        assert!((start..start + size).contains(&address), "{address:#x} is outside {start:#x}+{size}");
    }
}

/// Whether every value `g` yields, an address, is inside `g`: the buffer
/// it points into is kept in place rather than moved out on each resume.
fn yields_addresses_inside(mut g: impl Iterator<Item = usize>) -> [bool; 3] {
    let (start, size) = (&raw const g as usize, size_of_val(&g));
    [(); 3].map(|()| g.next().is_some_and(|address| (start..start + size).contains(&address)))
}

// The threshold of README's "an array of 32 or more literals", on both
// sides, in both spellings of an array.

#[generator(yield = usize)]
fn repeat_of_32() {
    let mut buf = [0u8; 32];
    for round in 0..3 {
        buf[round] = 1;
        yield_!(buf.as_ptr() as usize);
    }
}

#[generator(yield = usize)]
fn repeat_of_31() {
    let mut buf = [0u8; 31];
    for round in 0..3 {
        buf[round] = 1;
        yield_!(buf.as_ptr() as usize);
    }
}

#[generator(yield = usize)]
fn list_of_32() {
    let mut buf = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for round in 0..3 {
        buf[round] = 1;
        yield_!(buf.as_ptr() as usize);
    }
}

#[generator(yield = usize)]
fn list_of_31() {
    let mut buf = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for round in 0..3 {
        buf[round] = 1;
        yield_!(buf.as_ptr() as usize);
    }
}

// Attributes on the `let` of a buffer kept in place stay on a statement.
#[generator(yield = usize)]
fn list_of_32_with_attributes() {
    #[rustfmt::skip]
    #[allow(clippy::no_effect_underscore_binding)]
    let buf = [0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];
    for round in 0..3 {
        assert_eq!(usize::from(buf[round]), round);
        yield_!(buf.as_ptr() as usize);
    }
}

#[test]
fn an_array_of_32_literals_is_kept_in_place() {
    assert_eq!(yields_addresses_inside(repeat_of_32()), [true; 3], "[0u8; 32]");
    assert_eq!(yields_addresses_inside(list_of_32()), [true; 3], "[0u8, 0, ..] of 32");
    assert_eq!(yields_addresses_inside(list_of_32_with_attributes()), [true; 3], "with attributes");
}

#[test]
fn an_array_of_31_literals_moves_in_and_out_of_the_state() {
    assert_eq!(yields_addresses_inside(repeat_of_31()), [false; 3], "[0u8; 31]");
    assert_eq!(yields_addresses_inside(list_of_31()), [false; 3], "[0u8, 0, ..] of 31");
}

twin!(buffer_mentions(log, n: usize) -> u64, yield = u64, {
    struct Holder {
        buf: [u64; 64],
    }
    let mut buf = [0u64; 64];
    let fixed = [3u64; 40];
    for i in 0..n {
        buf[i] = i as u64 * 10;
        yield_!(buf[i] + fixed[i]);
    }
    // Copies, whole assignments and by-value uses see the array.
    let copy = buf;
    buf = [7; 64];
    yield_!(copy[1] + buf[1]);
    let by_value = |array: [u64; 64]| array.iter().sum::<u64>();
    yield_!(by_value(buf));
    // Struct shorthand, patterns, slices and iteration.
    let holder = Holder { buf };
    let [first, .., last] = buf;
    yield_!(holder.buf[0] + first + last);
    yield_!(buf[..3].iter().sum::<u64>());
    for x in &mut buf[..2] {
        *x += 1;
    }
    let mut total = 0;
    for x in buf {
        total += x;
    }
    yield_!(total);
    // Macros and closures.
    assert_eq!(buf[2..], holder.buf[2..]);
    assert_ne!(buf, holder.buf);
    yield_!(format!("{}", buf.len()).len() as u64);
    let double = |array: &[u64; 64], k: usize| array[k] * 2;
    yield_!(double(&buf, 2));
    let copied = move || buf[0];
    buf[0] = 100;
    yield_!(copied() + buf[0]);
    buf[3]
});

#[test]
fn user_code_sees_a_buffer_kept_in_place_as_the_array() {
    assert_same_events!(buffer_mentions(4));
}

twin!(buffer_shadowing(log) -> u64, yield = u64, {
    let buf = [1u64; 100];
    yield_!(buf[0]);
    {
        // A plain local of the same name hides the buffer, then the buffer
        // is visible again.
        let buf = 5u64;
        yield_!(buf);
    }
    yield_!(buf[99]);
    let total = {
        let buf = [2u64; 50];
        yield_!(buf[49]);
        buf.iter().sum::<u64>()
    };
    yield_!(total + buf[1]);
    let by_closure = |buf: u64| buf + 1;
    yield_!(by_closure(41));
    if let Some(buf) = Some(3u64) {
        yield_!(buf);
    }
    let buf = [9u64; 32];
    yield_!(buf[31]);
    buf[0]
});

twin!(buffer_in_move_closures(log) -> u8, yield = u8, {
    let mut buf = [0u8; 64];
    // A `move` closure gets its own copy, which it may change.
    let mut bump = move || {
        buf[0] += 1;
        buf[0]
    };
    yield_!(bump());
    yield_!(bump());
    // Its own parameters and locals hide the buffer.
    let plus_one = move |buf: u8| buf + 1;
    let doubled = move |k: u8| {
        let buf = k;
        buf * 2
    };
    yield_!(plus_one(1) + doubled(3));
    buf[1] = 5;
    buf[0] + buf[1]
});

#[test]
fn move_closures_copy_a_buffer_kept_in_place() {
    assert_same_events!(buffer_in_move_closures());
}

#[test]
fn names_bound_by_user_code_hide_a_buffer_kept_in_place() {
    assert_same_events!(buffer_shadowing());
}

twin!(buffer_per_iteration(log, n: usize) -> u64, yield = u64, {
    let mut sum = 0;
    for i in 0..n {
        let mut scratch = [0u64; 256];
        scratch[i] = i as u64 + 1;
        yield_!(scratch.iter().sum::<u64>());
        sum += scratch[i];
        if i == 2 {
            break;
        }
    }
    sum
});

#[test]
fn a_buffer_declared_in_a_loop_is_fresh_in_every_iteration() {
    assert_same_events!(buffer_per_iteration(5));
}

/// An iterator that records when it is dropped.
struct Counting {
    left: usize,
    _tracked: Tracked,
}

impl Iterator for Counting {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        self.left = self.left.checked_sub(1)?;
        Some(self.left)
    }
}

twin!(iterators(log, stop: usize) -> usize, yield = usize, {
    let outer = log.tracked("outer");
    let mut seen = 0;
    for i in (Counting { left: 3, _tracked: log.tracked("first") }) {
        let inner = log.tracked(format!("inner {i}"));
        yield_!(i);
        seen += 1;
        if seen == stop {
            break;
        }
        drop(inner);
    }
    log.event("between loops");
    for j in (Counting { left: 2, _tracked: log.tracked("second") }).map(|j| j * 10) {
        yield_!(j);
        if j == stop {
            return seen;
        }
    }
    drop(outer);
    seen
});

#[test]
fn a_for_loops_iterator_is_dropped_where_the_loop_ends() {
    for stop in 0..5 {
        assert_same_events!(iterators(stop));
    }
}

#[test]
fn dropping_inside_a_for_loop_drops_its_iterator_once() {
    for resumes in 0..6 {
        let log = Log::new();
        let mut g = iterators::generator(log.clone(), 10);
        for _ in 0..resumes {
            if let GeneratorState::Complete(_) = g.resume(()) {
                break;
            }
        }
        drop(g);
        let (created, dropped) = log.balance();
        assert_eq!(created, dropped, "after {resumes} resumes: {:?}", log.events());
    }
}

twin!(panicking_iterator(log, at: usize) -> (), yield = usize, {
    for i in (Counting { left: 5, _tracked: log.tracked("iterator") }) {
        let _guard = log.tracked(format!("guard {i}"));
        assert_ne!(i, at, "panic in the loop");
        yield_!(i);
    }
});

#[test]
fn a_panic_inside_a_for_loop_drops_its_iterator_while_unwinding() {
    let log = Log::new();
    let mut g = panicking_iterator::generator(log.clone(), 2);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.by_ref().count()));
    assert!(outcome.is_err());
    let events = log.events();
    let dropped = events.iter().position(|e| e == "drop iterator").expect("the iterator is dropped while unwinding");
    assert!(events.iter().position(|e| e == "drop guard 2").is_some_and(|guard| guard < dropped), "{events:?}");
    drop(g);
    let (created, dropped) = log.balance();
    assert_eq!(created, dropped, "{:?}", log.events());
}

#[generator(yield = u32)]
fn delegating(log: Log) -> u32 {
    let _kept = log.tracked("kept");
    let from_sub = gen_runtime::yield_from!(counting_to(log.clone(), 3));
    yield_!(from_sub * 100);
    from_sub
}

#[generator(yield = u32)]
fn counting_to(log: Log, n: u32) -> u32 {
    let _sub = log.tracked("sub");
    for i in 0..n {
        yield_!(i);
    }
    n
}

#[test]
fn a_delegate_is_dropped_when_delegation_ends() {
    let log = Log::new();
    let mut g = delegating(log.clone());
    let mut items = Vec::new();
    while let GeneratorState::Yielded(item) = g.resume(()) {
        items.push(item);
        if item == 300 {
            assert!(log.events().contains(&"drop sub".to_string()), "{:?}", log.events());
        }
    }
    assert_eq!(items, [0, 1, 2, 300]);
    drop(g);
    assert_eq!(log.balance(), (2, 2));
}

#[generator(yield = usize)]
fn nested_iterators(log: Log) {
    let _before = log.tracked("before");
    for i in (Counting { left: 2, _tracked: log.tracked("outer") }) {
        let _between = log.tracked(format!("between {i}"));
        for j in (Counting { left: 2, _tracked: log.tracked("inner") }) {
            let _item = log.tracked(format!("item {i}{j}"));
            yield_!(i * 10 + j);
        }
    }
}

#[test]
fn dropping_a_suspended_generator_drops_iterators_in_scope_order() {
    let log = Log::new();
    let mut g = nested_iterators(log.clone());
    assert_eq!(g.next(), Some(11));
    let before = log.events().len();
    drop(g);
    // As if the body had unwound from its `yield_!`: innermost first.
    assert_eq!(log.events()[before..], ["drop item 11", "drop inner", "drop between 1", "drop outer", "drop before"]);
}

#[test]
fn dropping_a_suspended_delegating_generator_drops_its_delegate_in_scope_order() {
    let log = Log::new();
    let mut g = delegating(log.clone());
    assert_eq!(g.resume(()), GeneratorState::Yielded(0));
    let before = log.events().len();
    drop(g);
    assert_eq!(log.events()[before..], ["drop sub", "drop kept"]);
}

/// Whether each address `g` yields (before it completes) is inside `g`.
fn addresses_inside<G: Iterator<Item = usize>>(mut g: G) -> Vec<bool> {
    let (start, size) = (&raw const g as usize, size_of_val(&g));
    std::iter::from_fn(|| g.next()).map(|address| (start..start + size).contains(&address)).collect()
}

// A buffer alive at every suspension stays in place even when the state
// also carries a value that is not small (here, a `String`).
#[generator(yield = usize)]
fn buffer_beside_a_string() -> u8 {
    let name = String::from("kept");
    let mut buf = [0u8; 4096];
    for round in 0..3 {
        buf[round] = 1;
        yield_!(buf.as_ptr() as usize);
    }
    yield_!(name.len());
    buf[0]
}

// A buffer declared after a suspension point where the state carries only
// small values (a literal's local) stays in place too.
#[generator(yield = usize)]
fn buffer_after_a_small_local() -> usize {
    let mut n = 0;
    yield_!(n);
    let mut buf = [0u8; 4096];
    for round in 0..3 {
        buf[round] = 1;
        n += 1;
        yield_!(buf.as_ptr() as usize);
    }
    n
}

#[test]
fn a_buffer_stays_in_place_beside_other_carried_values() {
    assert_eq!(addresses_inside(buffer_beside_a_string()), [true, true, true, false]);
    assert_eq!(addresses_inside(buffer_after_a_small_local()), [false, true, true, true]);
}

// Names that plain code after a yield binds (patterns of `if let`, `for`,
// `while let` and `match`, closure parameters) hide a buffer kept in place
// there too.
twin!(buffer_hidden_in_plain_code(log) -> u64, yield = u64, {
    let buf = [1u64; 100];
    yield_!(buf[0]);
    let mut total = 0;
    if let Some(buf) = Some(3u64) {
        total += buf;
    }
    for buf in [4u64, 5] {
        total += buf;
    }
    let mut next = Some(6u64);
    while let Some(buf) = next {
        total += buf;
        next = None;
    }
    match total % 3 {
        0 => total += 1,
        buf => total += buf,
    }
    let plus_one = |buf: u64| buf + 1;
    total += plus_one(8);
    yield_!(total);
    yield_!(buf[99]);
    buf[1]
});

#[test]
fn names_bound_by_plain_code_hide_a_buffer_kept_in_place() {
    assert_same_events!(buffer_hidden_in_plain_code());
}
