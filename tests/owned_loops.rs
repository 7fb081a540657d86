//! Loops over a borrow of a collection the generator owns, continued
//! across `yield_!` (a cursor keeps the position; the item is made again
//! from the owner after each suspension). Each body runs as a generator and
//! as a plain function, with the same events, including when the
//! generator is dropped after every number of resumes.

// The forms under test include `v.iter()`, `v.iter_mut()` and `.cloned()`
// where a plain loop would not need it.
#![allow(
    clippy::explicit_iter_loop,
    clippy::explicit_into_iter_loop,
    clippy::many_single_char_names,
    clippy::unnecessary_to_owned,
    clippy::iter_overeager_cloned
)]

mod support;

use std::collections::VecDeque;

use support::{Log, collect, drive, tracked};

fn names(prefix: &str, n: usize) -> Vec<support::Tracked> {
    (0..n).map(|i| tracked(format!("{prefix}{i}"))).collect()
}

twin!(by_reference(log, n: usize) -> usize, yield = String, {
    let v = names("v", n);
    let mut seen = 0;
    for x in &v {
        yield_!(x.name.clone());
        // The item after the `yield_!`, the owner readable, other locals
        // mutable.
        seen += x.name.len() + v.len();
        yield_!(format!("{} of {}", x.name, v.len()));
    }
    seen
});

// The owner is a parameter, kept in its slot from when the generator is
// made; the generator may be dropped before it ever runs.
twin!(owner_parameter(log, first: support::Tracked, v: Vec<support::Tracked>, last: support::Tracked) -> usize, yield = String, {
    for x in &v {
        yield_!(format!("{} {} {}", first.name, x.name, last.name));
    }
    v.len()
});

twin!(by_iter(log, n: usize) -> (), yield = String, {
    let v = names("v", n);
    let _after = tracked("after");
    for x in v.iter() {
        yield_!(x.name.clone());
    }
});

twin!(by_mutable_reference(log, n: usize) -> Vec<usize>, yield = usize, {
    let mut v: Vec<usize> = (0..n).collect();
    for x in &mut v {
        *x += 10;
        yield_!(*x);
        *x *= 2;
    }
    v
});

twin!(by_iter_mut(log, n: usize) -> usize, yield = String, {
    let mut v = names("m", n);
    for x in v.iter_mut() {
        yield_!(x.name.clone());
        x.name.push('!');
        yield_!(x.name.clone());
    }
    v.iter().map(|x| x.name.len()).sum()
});

struct Config {
    repeat: usize,
    names: Vec<support::Tracked>,
}

twin!(field_of_a_parameter(log, n: usize) -> (), yield = String, {
    let cfg = Config { repeat: 2, names: names("c", n) };
    for round in 0..cfg.repeat {
        for name in &cfg.names {
            yield_!(format!("{round} {}", name.name));
        }
    }
});

twin!(enumerated(log, n: usize) -> (), yield = String, {
    let v = names("e", n);
    for (i, x) in v.iter().enumerate() {
        yield_!(format!("{i}"));
        yield_!(format!("{i} {}", x.name));
    }
    let mut w: Vec<usize> = vec![5; n];
    for (i, x) in w.iter_mut().enumerate() {
        yield_!(format!("{i}"));
        *x += i;
    }
    yield_!(format!("{w:?}"));
});

twin!(nested_over_an_outer_item(log, n: usize) -> (), yield = String, {
    let grid: Vec<Vec<support::Tracked>> = (0..n).map(|r| names(&format!("g{r}."), r + 1)).collect();
    for row in &grid {
        for cell in row {
            yield_!(cell.name.clone());
            yield_!(format!("{} in a row of {}", cell.name, row.len()));
        }
    }
});

twin!(early_exits(log, n: usize) -> Option<usize>, yield = String, {
    let v = names("x", n);
    let w = names("y", n);
    'outer: for a in &v {
        for b in w.iter() {
            yield_!(format!("{} {}", a.name, b.name));
            if b.name == "y1" {
                continue 'outer;
            }
            if a.name == "x2" {
                break 'outer;
            }
        }
    }
    for (i, a) in v.iter().enumerate() {
        yield_!(a.name.clone());
        let checked: Option<usize> = (i < 1).then_some(i);
        checked?;
        if i == 5 {
            return Some(i);
        }
    }
    Some(0)
});

twin!(text_methods(log, text: &'static str) -> usize, yield = String, {
    let owned = String::from(text);
    let _guard = tracked("guard");
    for (i, line) in owned.lines().enumerate() {
        yield_!(format!("line {i}"));
        yield_!(line.to_string());
    }
    for word in owned.split_whitespace() {
        yield_!(word.to_uppercase());
        yield_!(format!("{word} of {}", owned.len()));
    }
    for c in owned.chars() {
        yield_!(String::new());
        yield_!(c.to_string());
    }
    for (i, c) in owned.char_indices() {
        yield_!(String::new());
        yield_!(format!("{i}{c}"));
    }
    for b in owned.bytes() {
        yield_!(String::new());
        yield_!(format!("{b}"));
    }
    let mut parts = 0;
    for part in owned.split(' ') {
        yield_!(String::new());
        yield_!(part.to_string());
        parts += 1;
    }
    for part in owned.split("é") {
        yield_!(String::new());
        yield_!(part.to_string());
    }
    parts
});

twin!(b_tree_maps_and_sets(log, n: usize) -> usize, yield = String, {
    let mut map: std::collections::BTreeMap<String, support::Tracked> =
        (0..n).map(|i| (format!("k{i}"), tracked(format!("m{i}")))).collect();
    for (key, value) in &map {
        yield_!(key.clone());
        yield_!(format!("{key}={}", value.name));
    }
    for (key, value) in map.iter_mut() {
        value.name.push('+');
        yield_!(key.clone());
        yield_!(value.name.clone());
    }
    let set: std::collections::BTreeSet<usize> = (0..n).rev().collect();
    let mut total = 0;
    for x in &set {
        yield_!(String::new());
        total += *x;
    }
    total + map.len()
});

twin!(mapped_and_filtered(log, n: usize) -> usize, yield = String, {
    let v = names("f", n);
    let min = 1;
    for name in v.iter().filter(|x| x.name != "f1").map(|x| &x.name) {
        yield_!(name.clone());
        yield_!(format!("{name} {}", name.len()));
    }
    let mut counts: Vec<usize> = (0..n).collect();
    for (i, c) in counts.iter_mut().enumerate().filter(|(i, _)| *i >= min).map(|(i, c)| (i * 10, c)) {
        *c += i;
        yield_!(format!("{i}"));
        *c += 1;
    }
    let text = String::from("a bb ccc");
    for len in text.split(' ').map(str::len).filter(|len| *len > 1) {
        yield_!(format!("{len}"));
        yield_!(format!("{len}"));
    }
    counts.iter().sum()
});

twin!(zipped(log, n: usize) -> usize, yield = String, {
    let v: Vec<support::Tracked> = names("z", n);
    let labels = vec!["one", "two"];
    let mut total = 0;
    for (x, i) in v.iter().zip(10..) {
        yield_!(x.name.clone());
        yield_!(format!("{} {i}", x.name));
        total += i;
    }
    for ((i, x), label) in v.iter().enumerate().zip(labels.clone()).filter(|((i, _), _)| *i != 1) {
        yield_!(format!("{i} {label}"));
        yield_!(format!("{} {label}", x.name));
    }
    total
});

twin!(reversed(log, n: usize) -> Vec<usize>, yield = String, {
    let v: Vec<support::Tracked> = names("r", n);
    for x in v.iter().rev() {
        yield_!(x.name.clone());
        yield_!(format!("{} of {}", x.name, v.len()));
    }
    for (i, x) in v.iter().rev().enumerate().filter(|(i, _)| *i != 1) {
        yield_!(format!("{i}"));
        yield_!(format!("{i} {}", x.name));
    }
    let mut w: Vec<usize> = (0..n).collect();
    for x in w.iter_mut().rev() {
        *x *= 10;
        yield_!(format!("{x}"));
        *x += 1;
    }
    w
});

twin!(copied_and_cloned(log, n: usize) -> u64, yield = String, {
    let numbers: Vec<u64> = (1..=n as u64).collect();
    let words: Vec<String> = (0..n).map(|i| format!("w{i}")).collect();
    let mut total = 0;
    for x in numbers.iter().copied() {
        yield_!(format!("{x}"));
        total += x;
        yield_!(format!("{x} {total}"));
    }
    for w in words.iter().cloned() {
        yield_!(w.clone());
        yield_!(format!("{w} {}", words.len()));
    }
    for w in words.iter().rev().cloned().filter(|w| w != "w0") {
        yield_!(w);
    }
    total
});

// Items of their own (`.cloned()`, the second half of a `.zip(..)` pair)
// are kept across a `yield_!` like any local, not made again: what the
// body changes in them stays (a `Cell` shows it).
twin!(owned_items_are_kept(log, n: usize) -> i32, yield = String, {
    let cells: Vec<std::cell::Cell<i32>> = (0..10).take(n).map(std::cell::Cell::new).collect();
    let mut total = 0;
    for c in cells.iter().cloned() {
        c.set(c.get() + 100);
        yield_!(format!("{}", c.get()));
        total += c.get();
        yield_!(format!("{} of {}", c.get(), cells.len()));
    }
    let counters: Vec<std::cell::Cell<i32>> = (0..n).map(|_| std::cell::Cell::new(0)).collect();
    for (c, counter) in cells.iter().zip(counters) {
        counter.set(c.get() + 10);
        yield_!(format!("{}", counter.get()));
        yield_!(format!("{} {}", c.get(), counter.get()));
    }
    total
});

// The second half of a zipped pair is dropped where a plain loop drops it,
// at the end of its iteration, even when nothing reads it after a `yield_!`.
twin!(zipped_values_drop_at_the_end_of_their_iteration(log, n: usize) -> (), yield = String, {
    let v: Vec<support::Tracked> = names("v", n);
    let w: Vec<support::Tracked> = names("w", n);
    for (x, y) in v.iter().zip(w) {
        let _ = y.name.len();
        yield_!(x.name.clone());
        yield_!(format!("{} again", x.name));
    }
});

// An arm that does not read the item (between the two `yield_!`s) does not
// make it again, and so does not release it either.
twin!(item_read_two_yields_later(log, n: usize) -> usize, yield = String, {
    let v = names("t", n);
    let mut total = 0;
    for x in &v {
        yield_!(String::from("first"));
        yield_!(String::from("second"));
        total += x.name.len();
    }
    total
});

// The item is made again in `match` arms that yield; on the path that
// does not, the scrutinee's temporary drops before `d`, as in the plain twin.
twin!(item_in_a_match_arm(log, n: usize) -> (), yield = String, {
    let owned: Vec<usize> = (0..n).collect();
    for &i in owned.iter() {
        let d = tracked("d");
        yield_!(format!("{i}"));
        match tracked("scrutinee").name.len() + n {
            0 => {
                let x = i;
                yield_!("zero".to_string());
                let _ = (&d, x);
            }
            1 => yield_!("one".to_string()),
            _ => {}
        }
    }
});

#[test]
fn loops_over_owned_collections_match_their_plain_twins() {
    for n in [0, 1, 3] {
        assert_same_events!(by_reference(n));
        assert_same_events!(by_iter(n));
        assert_same_events!(owner_parameter(tracked("first"), names("p", n), tracked("last")));
        assert_same_events!(by_mutable_reference(n));
        assert_same_events!(by_iter_mut(n));
        assert_same_events!(field_of_a_parameter(n));
        assert_same_events!(enumerated(n));
        assert_same_events!(nested_over_an_outer_item(n));
        assert_same_events!(early_exits(n));
        assert_same_events!(b_tree_maps_and_sets(n));
        assert_same_events!(mapped_and_filtered(n));
        assert_same_events!(item_read_two_yields_later(n));
        assert_same_events!(zipped(n));
        assert_same_events!(reversed(n));
        assert_same_events!(copied_and_cloned(n));
        assert_same_events!(owned_items_are_kept(n));
        assert_same_events!(zipped_values_drop_at_the_end_of_their_iteration(n));
        assert_same_events!(item_in_a_match_arm(n));
    }
    for text in ["", "a", "a\n", "a\r\nb\rc\n\n d é  e\r", "é x é", "\n\n", " lead,  trail "] {
        assert_same_events!(text_methods(text));
    }
}

#[gen_runtime::generator(yield = u32)]
fn owners(array: [u32; 3], deque: VecDeque<u32>, boxed: Box<[u32]>) -> usize {
    for x in &array {
        gen_runtime::yield_!(*x);
    }
    for x in deque.iter() {
        gen_runtime::yield_!(*x);
    }
    for x in &boxed {
        gen_runtime::yield_!(*x + 100);
        gen_runtime::yield_!(*x + 200);
    }
    array.len() + deque.len() + boxed.len()
}

#[test]
fn arrays_deques_and_boxed_slices_have_cursors() {
    let deque: VecDeque<u32> = [4, 5].into_iter().collect();
    let (items, total) = collect(owners([1, 2, 3], deque, vec![7].into_boxed_slice()));
    assert_eq!(items, [1, 2, 3, 4, 5, 107, 207]);
    assert_eq!(total, 6);
}

/// The generator stays movable mid-loop, `Send` when its contents are, and
/// `Unpin`.
#[test]
fn a_generator_suspended_in_an_owned_loop_moves_between_threads() {
    fn assert_send_unpin<T: Send + Unpin>(_: &T) {}
    let mut g = owners([1, 2, 3], VecDeque::new(), Box::new([9]));
    assert_eq!(g.next(), Some(1));
    assert_send_unpin(&g);
    let mut moved = Box::new(g);
    assert_eq!(moved.next(), Some(2));
    let rest = std::thread::spawn(move || moved.collect::<Vec<u32>>()).join().expect("no panic");
    assert_eq!(rest, [3, 109, 209]);
}

#[gen_runtime::generator(yield = String)]
fn hashed(map: std::collections::HashMap<u32, String>, set: std::collections::HashSet<u8>) -> u32 {
    for (key, value) in &map {
        gen_runtime::yield_!(String::new());
        gen_runtime::yield_!(format!("{key}{value}"));
    }
    let mut total = 0;
    for x in set.iter() {
        gen_runtime::yield_!(String::new());
        total += u32::from(*x);
    }
    total
}

#[test]
fn hash_maps_and_sets_iterate_a_snapshot_of_their_keys() {
    let map = [(1, "x".to_owned()), (2, "y".to_owned())].into_iter().collect();
    let (items, total) = collect(hashed(map, [5, 6].into_iter().collect()));
    let mut items: Vec<String> = items.into_iter().filter(|s| !s.is_empty()).collect();
    items.sort();
    assert_eq!(items, ["1x", "2y"]);
    assert_eq!(total, 11);
}

// Iterators over data the generator does not own keep working as before:
// the macro's error is only for collections it certainly owns.
static DATA: [i32; 4] = [1, 2, 3, 4];

fn static_data() -> &'static [i32] {
    &DATA
}

struct Span3;

impl Span3 {
    // A borrowing name, but an owned result.
    #[allow(clippy::unused_self)]
    fn range(&self) -> std::ops::Range<i32> {
        0..3
    }
}

#[gen_runtime::generator(yield = String)]
fn borrows_of_what_it_does_not_own(words: Vec<&'static str>) {
    let s = "a b";
    for w in s.split_whitespace() {
        gen_runtime::yield_!(w.to_owned());
    }
    for line in words {
        for w in line.split_whitespace() {
            gen_runtime::yield_!(w.to_owned());
        }
    }
    let d = static_data();
    for pair in d.windows(2) {
        gen_runtime::yield_!(format!("{}{}", pair[0], pair[1]));
    }
    for mut x in d.iter().copied() {
        x *= 10;
        gen_runtime::yield_!(x.to_string());
    }
    let mut rest = d.iter().skip(2);
    while let Some(x) = rest.next() {
        gen_runtime::yield_!(x.to_string());
    }
    let span = Span3;
    for i in span.range() {
        gen_runtime::yield_!(i.to_string());
    }
    // Items used after a `yield_!`, adapters that have cursors over
    // collections the generator owns.
    for (x, i) in d.iter().zip(10..) {
        gen_runtime::yield_!(x.to_string());
        gen_runtime::yield_!((x + i).to_string());
    }
    for x in d.iter().rev().take(1) {
        gen_runtime::yield_!(x.to_string());
        gen_runtime::yield_!(x.to_string());
    }
    for y in d.iter().copied().map(|x| x * 2) {
        gen_runtime::yield_!(y.to_string());
    }
    let slices: Vec<&'static [i32]> = vec![static_data()];
    for x in &slices[0][3..] {
        gen_runtime::yield_!(x.to_string());
    }
}

#[test]
fn iterators_over_data_the_generator_does_not_own_are_kept() {
    let items: Vec<String> = borrows_of_what_it_does_not_own(vec!["c", "d e"]).collect();
    let expected = [
        "a", "b", "c", "d", "e", "12", "23", "34", "10", "20", "30", "40", "3", "4", "0", "1", "2", "1", "11", "2",
        "13", "3", "15", "4", "17", "4", "4", "2", "4", "6", "8", "4",
    ];
    assert_eq!(items, expected);
}
