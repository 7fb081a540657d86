//! The generator protocol: resume values, `send`, completion values, and
//! `yield_from!` delegation as PEP 380 describes it.

use gen_runtime::{Generator, GeneratorState, boxed, generator, yield_, yield_from};

/// The sum of what it is sent, starting with the first resume argument.
#[generator(yield = i64, resume = i64, first = value)]
fn running_total() -> i64 {
    let mut total = 0;
    let mut value = value;
    while value != 0 {
        total += value;
        value = yield_!(total);
    }
    total
}

#[test]
fn send_injects_values_and_the_first_resume_starts_the_body() {
    let mut g = running_total();
    assert_eq!(g.send(5), Some(5));
    assert_eq!(g.send(2), Some(7));
    assert_eq!(g.resume(0), GeneratorState::Complete(7));
    // Once completed, `send` keeps returning `None`.
    assert_eq!(g.send(1), None);
    assert_eq!(g.send(1), None);
}

#[generator(yield = &'static str, resume = String)]
fn ignores_first_argument() -> usize {
    let reply = yield_!("first");
    reply.len()
}

#[test]
fn an_unbound_first_argument_is_dropped() {
    let mut g = ignores_first_argument();
    assert_eq!(g.resume("dropped".to_string()), GeneratorState::Yielded("first"));
    assert_eq!(g.resume("four".to_string()), GeneratorState::Complete(4));
}

#[generator(yield = i32, resume = i32)]
fn resume_values_in_every_position() -> Vec<i32> {
    let mut out = Vec::new();
    let a = yield_!(1);
    out.push(a);
    let mut total = 0;
    total += yield_!(2);
    out.push(total);
    match yield_!(3) {
        0 => out.push(-1),
        n => out.push(n * 10),
    }
    out.push(yield_!(4) + yield_!(5));
    if yield_!(6) > 0 {
        out.push(yield_!(7));
    }
    out
}

#[test]
fn yield_evaluates_to_the_resume_argument() {
    let mut g = resume_values_in_every_position();
    assert_eq!(g.resume(0), GeneratorState::Yielded(1));
    for (sent, next) in [(10, 2), (20, 3), (3, 4), (4, 5), (5, 6), (1, 7)] {
        assert_eq!(g.resume(sent), GeneratorState::Yielded(next));
    }
    assert_eq!(g.resume(99), GeneratorState::Complete(vec![10, 20, 30, 9, 99]));
}

// PEP 380: values yielded by the sub-generator pass through, values sent to
// the delegating generator are forwarded, and the sub-generator's return
// value is the value of the `yield from` expression.

#[generator(yield = String, resume = i32)]
fn inner(tag: &'static str) -> i32 {
    let x = yield_!(format!("{tag}: first"));
    let y = yield_!(format!("{tag}: got {x}"));
    x + y
}

#[generator(yield = String, resume = i32)]
fn outer() -> i32 {
    yield_!("outer starts".to_string());
    let r1 = yield_from!(inner("a"));
    yield_!(format!("a returned {r1}"));
    let r2 = yield_from!(inner("b"), 100);
    yield_!(format!("b returned {r2}"));
    r1 + r2
}

#[test]
fn delegation_forwards_values_sends_and_the_return_value() {
    let mut g = outer();
    let mut trace = Vec::new();
    let mut send = |g: &mut _, value| match Generator::resume(g, value) {
        GeneratorState::Yielded(s) => trace.push(s),
        GeneratorState::Complete(r) => trace.push(format!("complete {r}")),
    };
    for value in [0, 1, 2, 3, 4, 5, 6, 7] {
        send(&mut g, value);
    }
    assert_eq!(
        trace,
        [
            "outer starts",
            "a: first", // started with `Default::default()` by `yield_from!`
            "a: got 2",
            "a returned 5",
            "b: first", // started with the explicit 100
            "b: got 5",
            "b returned 11",
            "complete 16",
        ]
    );
}

#[generator(yield = u32)]
fn numbers(from: u32, to: u32) -> u32 {
    for i in from..to {
        yield_!(i);
    }
    to - from
}

#[generator(yield = u32)]
fn chain() -> u32 {
    let a = yield_from!(numbers(0, 2));
    yield_from!(vec![10, 11]);
    yield_from!([20]);
    yield_from!(std::iter::once(30));
    let b = yield_from!(numbers(40, 41));
    a + b
}

#[generator(yield = u32)]
fn nested_chain() -> u32 {
    let inner = yield_from!(chain());
    inner * 100
}

#[test]
fn delegation_to_generators_and_iterables_chains() {
    let mut g = nested_chain();
    let mut items = Vec::new();
    let done = loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => items.push(x),
            GeneratorState::Complete(r) => break r,
        }
    };
    assert_eq!(items, [0, 1, 10, 11, 20, 30, 40]);
    assert_eq!(done, 300);
}

/// A binary tree, walked in order by a generator that delegates to itself.
enum Tree {
    Leaf,
    Node(Box<Tree>, u32, Box<Tree>),
}

/// Recursion goes through a box (`boxed`): the generator's type cannot
/// contain itself.
#[generator(yield = u32)]
fn in_order(tree: &Tree) -> usize {
    match tree {
        Tree::Leaf => 0,
        Tree::Node(left, value, right) => {
            let l = yield_from!(boxed(in_order(left)));
            yield_!(*value);
            let r = yield_from!(boxed(in_order(right)));
            l + 1 + r
        }
    }
}

fn node(left: Tree, value: u32, right: Tree) -> Tree {
    Tree::Node(Box::new(left), value, Box::new(right))
}

#[test]
fn recursive_delegation_walks_a_tree_in_order() {
    let tree = node(node(Tree::Leaf, 1, node(Tree::Leaf, 2, Tree::Leaf)), 3, node(Tree::Leaf, 4, Tree::Leaf));
    let mut g = in_order(&tree);
    let mut items = Vec::new();
    let count = loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => items.push(x),
            GeneratorState::Complete(n) => break n,
        }
    };
    assert_eq!(items, [1, 2, 3, 4]);
    assert_eq!(count, 4);
}

#[test]
fn generators_can_be_boxed_as_dyn_and_moved_while_suspended() {
    let mut boxed: Box<dyn Iterator<Item = u32>> = Box::new(numbers(0, 3));
    assert_eq!(boxed.next(), Some(0));
    let mut moved = boxed;
    assert_eq!(moved.next(), Some(1));
    let mut generator: Box<dyn Generator<Yield = u32, Return = u32>> = Box::new(numbers(5, 6));
    assert_eq!(generator.resume(()), GeneratorState::Yielded(5));
    let mut vec = [generator];
    assert_eq!(vec[0].resume(()), GeneratorState::Complete(1));
}

fn assert_send_sync_unpin<T: Send + Sync + Unpin>(_: &T) {}

#[test]
fn generators_are_send_sync_and_unpin_when_their_state_is() {
    assert_send_sync_unpin(&numbers(0, 1));
    assert_send_sync_unpin(&nested_chain());
    assert_send_sync_unpin(&running_total());
}

/// Regression: the resume argument is handed to the arm a resume enters;
/// moving it inside the dispatch loop would not compile for non-`Copy` types.
#[generator(yield = usize, resume = String, first = line)]
fn line_lengths() -> Vec<String> {
    let mut kept = Vec::new();
    let mut line = line;
    while !line.is_empty() {
        let length = line.len();
        kept.push(line);
        line = yield_!(length);
    }
    kept
}

#[test]
fn owned_resume_values_in_a_loop() {
    let mut g = line_lengths();
    assert_eq!(g.resume("ab".into()), GeneratorState::Yielded(2));
    assert_eq!(g.resume("cde".into()), GeneratorState::Yielded(3));
    assert_eq!(g.resume(String::new()), GeneratorState::Complete(vec!["ab".to_string(), "cde".to_string()]));
}
