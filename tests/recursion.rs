//! A generator that delegates to itself (`yield_from!(walk(child))` inside
//! `fn walk`), without a box: the same items, completion values and drops
//! as the plain recursive function, at any depth.

mod support;

use std::cell::Cell;

use gen_runtime::{Generator, GeneratorState, boxed, generator, yield_, yield_from};
use support::{Log, drive, drop_after, quietly, tracked};

/// Defines module `$name` with `generator::$fun`, the body as a recursive
/// `#[generator(yield = $y)]`; `eager::$fun`, the same body as a plain
/// recursive function, in which `yield_!(v)` logs `yield v` and
/// `yield_from!(call)` is the call; and `stopped($log, k, args..)`, the
/// plain function unwound by a panic at its `k`-th `yield_!`, at whatever
/// depth that is.
macro_rules! recursive_twin {
    ($name:ident :: $fun:ident ($log:ident $(, $arg:ident : $ty:ty)*) -> $ret:ty, yield = $y:ty, { $($body:tt)* }) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            pub(crate) mod generator {
                #[allow(unused_imports)]
                use super::super::*;

                #[generator(yield = $y)]
                pub(crate) fn $fun($log: &Log, $($arg: $ty),*) -> $ret {
                    $($body)*
                }
            }

            pub(crate) mod eager {
                #[allow(unused_imports)]
                use super::super::*;

                thread_local! {
                    /// The yields left before the plain function panics.
                    pub(crate) static LEFT: Cell<Option<usize>> = const { Cell::new(None) };
                }

                #[allow(clippy::diverging_sub_expression)]
                pub(crate) fn $fun($log: &Log, $($arg: $ty),*) -> $ret {
                    macro_rules! yield_ {
                        ($value:expr) => {{
                            $log.event(format!("yield {}", $value));
                            if let Some(left) = LEFT.get() {
                                LEFT.set(Some(left - 1));
                                if left == 1 {
                                    ::std::panic::panic_any(support::Stop);
                                }
                            }
                        }};
                    }
                    macro_rules! yield_from {
                        ($call:expr) => {
                            $call
                        };
                    }
                    $($body)*
                }
            }

            pub(crate) fn stopped($log: &Log, k: usize, $($arg: $ty),*) {
                if k == 0 {
                    return;
                }
                eager::LEFT.set(Some(k));
                let result = ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| {
                    let _ = eager::$fun($log, $($arg),*);
                }));
                eager::LEFT.set(None);
                if let Err(payload) = result {
                    assert!(payload.is::<support::Stop>(), "the body panicked");
                }
            }
        }
    };
}

/// Runs both versions of a [`recursive_twin!`]: the same events and
/// completion value, every value dropped once; and the generator dropped
/// after each number of resumes drops what the plain function drops when
/// a panic unwinds it from that `yield_!`, at every depth, in the same
/// order.
macro_rules! assert_same_events {
    ($twin:ident :: $fun:ident ( $($arg:expr),* )) => {{
        let eager_log = Log::new();
        let eager_result = $twin::eager::$fun(&eager_log $(, $arg)*);
        let gen_log = Log::new();
        let gen_result = drive(&gen_log, $twin::generator::$fun(&gen_log $(, $arg)*));
        assert_eq!(gen_log.events(), eager_log.events(), "events of `{}`", stringify!($twin));
        assert_eq!(gen_result, eager_result);
        let (created, dropped) = gen_log.balance();
        assert_eq!(created, dropped, "every value is dropped once");
        let yields = eager_log.events().iter().filter(|e| e.starts_with("yield")).count();
        for k in 0..=yields {
            let partial = Log::new();
            drop_after(&partial, $twin::generator::$fun(&partial $(, $arg)*), k);
            let unwound = Log::new();
            quietly(|| $twin::stopped(&unwound, k $(, $arg)*));
            assert_eq!(partial.events(), unwound.events(), "`{}` dropped after {k} resumes", stringify!($twin));
        }
    }};
}

#[derive(Debug)]
enum Tree {
    Leaf,
    Node(Box<Tree>, u32, Box<Tree>),
}

fn node(left: Tree, value: u32, right: Tree) -> Tree {
    Tree::Node(Box::new(left), value, Box::new(right))
}

/// A tree of `n` nodes, values `first..first + n` in order, as lopsided as
/// `skew` says (0: a chain to the right; larger: more balanced).
fn tree(first: u32, n: u32, skew: u32) -> Tree {
    if n == 0 {
        return Tree::Leaf;
    }
    let left = (n - 1) * skew.min(2) / 4;
    node(tree(first, left, skew), first + left, tree(first + left + 1, n - 1 - left, skew))
}

// An in-order walk that returns the number of nodes, with a value of its
// own alive across each delegation.
recursive_twin!(in_order::walk(log, tree: &Tree) -> usize, yield = u32, {
    match tree {
        Tree::Leaf => 0,
        Tree::Node(left, value, right) => {
            let guard = tracked(format!("node {value}"));
            let l = yield_from!(walk(log, left));
            yield_!(*value);
            let r = yield_from!(walk(log, right));
            let _ = &guard;
            l + 1 + r
        }
    }
});

// `countdown(n)` yields `n`, then delegates `n - 1` levels deep; each level
// holds a value before and after the delegation.
recursive_twin!(countdown::countdown(log, n: u64) -> u64, yield = u64, {
    let before = tracked(format!("before {n}"));
    yield_!(n);
    let below = if n > 0 { yield_from!(countdown(log, n - 1)) } else { 0 };
    drop(before);
    let _after = tracked(format!("after {n}"));
    below + n
});

// Delegations in a loop, one after the other, with a `?` that completes a
// callee early: its caller receives the `Err` as its completion value.
recursive_twin!(fallible::visit(log, depth: u32, width: u32) -> Result<u32, String>, yield = String, {
    let _level = tracked(format!("level {depth}"));
    let mut total = 0;
    for i in 0..width {
        yield_!(format!("{depth}.{i}"));
        if depth > 0 {
            let below = yield_from!(visit(log, depth - 1, width));
            total += below.unwrap_or(100);
        }
        let checked: Result<u32, String> = if depth == 1 && i == 1 { Err(format!("stop at {depth}")) } else { Ok(i) };
        total += checked?;
    }
    Ok(total)
});

// Locals kept across the call, and across no `yield_!`, used by methods
// after it: their types come from the state (E0282 before).
recursive_twin!(methods_after_the_call::words(log, n: usize) -> usize, yield = String, {
    if n == 0 {
        yield_!("leaf".to_string());
        return 0;
    }
    let word = format!("w{n}");
    let kept = tracked(format!("kept {n}"));
    let letters: Vec<char> = word.chars().collect();
    let below = yield_from!(words(log, n - 1));
    below + word.to_uppercase().len() + kept.label().len() + letters[0].len_utf8()
});

#[test]
fn delegating_to_itself_matches_the_plain_recursion() {
    for (n, skew) in [(0, 1), (1, 1), (6, 0), (7, 1), (12, 2)] {
        let tree = tree(1, n, skew);
        assert_same_events!(in_order::walk(&tree));
    }
    for n in [0, 1, 4] {
        assert_same_events!(countdown::countdown(n));
    }
    for (depth, width) in [(0, 2), (2, 2), (3, 3)] {
        assert_same_events!(fallible::visit(depth, width));
    }
    assert_same_events!(methods_after_the_call::words(3));
}

#[generator(yield = u64)]
fn deep(n: u64) -> u64 {
    yield_!(n);
    if n == 0 { 0 } else { yield_from!(deep(n - 1)) + 1 }
}

/// The native stack does not grow with the depth: a million levels on a
/// 256 KiB thread (a box per level would resume through each of them).
#[test]
fn depth_does_not_grow_the_native_stack() {
    let run = std::thread::Builder::new().stack_size(256 << 10).spawn(|| {
        let mut g = deep(1_000_000);
        let mut expected = 1_000_000;
        let depth = loop {
            match g.resume(()) {
                GeneratorState::Yielded(n) => {
                    assert_eq!(n, expected);
                    expected = expected.wrapping_sub(1);
                }
                GeneratorState::Complete(depth) => break depth,
            }
        };
        (expected, depth)
    });
    assert_eq!(run.expect("spawned").join().expect("no overflow"), (u64::MAX, 1_000_000));
}

/// Resume arguments reach the innermost body; a callee's first argument is
/// `yield_from!`'s second operand.
#[generator(yield = String, resume = i64, first = first)]
fn echo(depth: u32) -> i64 {
    let mut sum = first;
    let sent = yield_!(format!("{depth}: first {first}"));
    sum += sent;
    if depth > 0 {
        sum += yield_from!(echo(depth - 1), sent * 10);
    }
    let sent = yield_!(format!("{depth}: got {sent}, sum {sum}"));
    sum + sent
}

#[test]
fn resume_arguments_reach_the_innermost_body() {
    let mut g = echo(2);
    let mut seen = Vec::new();
    let mut send = 1;
    let result = loop {
        match g.resume(send) {
            GeneratorState::Yielded(line) => seen.push(line),
            GeneratorState::Complete(sum) => break sum,
        }
        send += 1;
    };
    // Sends 1, 2, 3, ...: depth 2 starts with 1 and gets 2; depth 1 starts
    // with 20 and gets 3; depth 0 starts with 30, gets 4, and 5 completes
    // it: 30 + 4 + 5 = 39; then depth 1 completes with 20 + 3 + 39 + 6 =
    // 68, and depth 2 with 1 + 2 + 68 + 7 = 78.
    assert_eq!(
        seen,
        ["2: first 1", "1: first 20", "0: first 30", "0: got 4, sum 34", "1: got 3, sum 62", "2: got 2, sum 71"]
    );
    assert_eq!(result, 78);
}

/// A panic at any depth unwinds to the caller, drops every level once
/// (innermost first, as the plain recursion does), and leaves the generator
/// finished.
#[generator(yield = u32)]
fn fragile(depth: u32, fail_at: u32) {
    let _level = tracked(format!("level {depth}"));
    yield_!(depth);
    assert!(depth != fail_at, "failed at {depth}");
    yield_from!(fragile(depth + 1, fail_at));
    yield_!(depth);
}

#[test]
fn a_panic_at_any_depth_drops_every_level_once() {
    for fail_at in 0..4 {
        let log = Log::new();
        let mut g = fragile(0, fail_at);
        let mut items = Vec::new();
        quietly(|| {
            let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                for x in g.by_ref() {
                    items.push(x);
                }
            }));
            assert!(panicked.is_err());
        });
        let expected_drops: Vec<String> = (0..=fail_at).rev().map(|d| format!("drop level {d}")).collect();
        let drops: Vec<String> = log.events().into_iter().filter(|e| e.starts_with("drop")).collect();
        assert_eq!(drops, expected_drops, "dropped when the panic at {fail_at} unwound");
        assert_eq!(items, (0..=fail_at).collect::<Vec<_>>());
        assert_eq!(g.next(), None, "finished after the panic");
        drop(g);
        assert_eq!(log.balance(), (fail_at as usize + 1, fail_at as usize + 1), "nothing dropped twice");
    }
}

/// Methods delegate to themselves too: `Self::walk(..)` and `self.walk(..)`.
struct Forest {
    values: Vec<u32>,
    children: Vec<Forest>,
}

impl Forest {
    #[generator(yield = u32)]
    fn pre_order(&self) -> usize {
        let mut count = 1;
        for &value in &self.values {
            yield_!(value);
        }
        for child in &self.children {
            count += yield_from!(child.pre_order_of(self));
        }
        count
    }

    /// Through `Self::`: the receiver is the first argument.
    #[generator(yield = u32)]
    fn pre_order_of(&self, _parent: &Forest) -> usize {
        let mut count = 1;
        for &value in &self.values {
            yield_!(value);
        }
        for child in &self.children {
            count += yield_from!(Self::pre_order_of(child, self));
        }
        count
    }

    /// An associated function whose signature names `Self`.
    #[generator(yield = u32)]
    fn depth_first(forest: &Self) {
        for child in &forest.children {
            yield_from!(Self::depth_first(child));
        }
        yield_from!(forest.values.clone());
    }

    /// `self.method(..)`: the receiver of a `&self` method.
    #[generator(yield = u32)]
    fn leaves(&self, below: u32) -> u32 {
        if self.children.is_empty() {
            yield_!(below);
        }
        let mut leaves = u32::from(self.children.is_empty());
        for child in &self.children {
            leaves += yield_from!(Self::leaves(child, below + 1));
            leaves += yield_from!(self.leaves_of(child, below + 1));
        }
        leaves
    }

    #[generator(yield = u32)]
    fn leaves_of(&self, other: &Forest, below: u32) -> u32 {
        if other.children.is_empty() {
            yield_!(below + 100);
            return 1;
        }
        let mut leaves = 0;
        for child in &other.children {
            leaves += yield_from!(self.leaves_of(child, below + 1));
        }
        leaves
    }
}

#[test]
fn methods_delegate_to_themselves() {
    let leaf = |v: u32| Forest { values: vec![v], children: Vec::new() };
    let forest =
        Forest { values: vec![1, 2], children: vec![leaf(3), Forest { values: vec![4], children: vec![leaf(5)] }] };
    let mut g = forest.pre_order();
    let mut items = Vec::new();
    let count = loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => items.push(x),
            GeneratorState::Complete(n) => break n,
        }
    };
    assert_eq!((items, count), (vec![1, 2, 3, 4, 5], 4));
    assert_eq!(Forest::depth_first(&forest).collect::<Vec<_>>(), [3, 5, 4, 1, 2]);
    let (leaves, count) = support::collect(forest.leaves(0));
    assert_eq!((leaves, count), (vec![1, 101, 2, 102, 102], 5));
}

/// Mutual recursion and `boxed` keep working.
#[generator(yield = u32)]
fn even_levels(n: u32) {
    if n > 0 {
        yield_!(n);
        yield_from!(boxed(odd_levels(n - 1)));
    }
}

#[generator(yield = u32)]
fn odd_levels(n: u32) {
    if n > 0 {
        yield_from!(boxed(even_levels(n - 1)));
    }
}

#[generator(yield = u32)]
fn boxed_countdown(n: u32) {
    yield_!(n);
    if n > 0 {
        yield_from!(boxed(boxed_countdown(n - 1)));
    }
}

#[test]
fn mutual_recursion_and_boxed_delegation_still_work() {
    assert_eq!(even_levels(6).collect::<Vec<_>>(), [6, 4, 2]);
    assert_eq!(boxed_countdown(3).collect::<Vec<_>>(), [3, 2, 1, 0]);
}

/// A generator that delegates to itself stays `Send` and `Unpin` when its
/// values are, and can be moved while suspended at any depth.
#[test]
fn a_deep_generator_is_movable_send_and_unpin() {
    fn assert_send_unpin<T: Send + Unpin>(_: &T) {}
    let mut g = deep(5);
    assert_send_unpin(&g);
    assert_eq!(g.by_ref().take(3).collect::<Vec<_>>(), [5, 4, 3]);
    let mut moved = Box::new(g);
    assert_eq!(moved.next(), Some(2));
    let moved_again = *moved;
    assert_eq!(moved_again.collect::<Vec<_>>(), [1, 0]);
}
