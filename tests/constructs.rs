//! Every construct of the body with suspension points inside it.

use gen_runtime::{Generator, GeneratorState, generator, yield_};

fn collect<G: Generator<(), Yield = Y, Return = R>, Y, R>(mut g: G) -> (Vec<Y>, R) {
    let mut items = Vec::new();
    loop {
        match g.resume(()) {
            GeneratorState::Yielded(y) => items.push(y),
            GeneratorState::Complete(r) => return (items, r),
        }
    }
}

#[generator(yield = i32)]
fn straight_line() -> i32 {
    yield_!(1);
    let x = 2;
    yield_!(x);
    yield_!(x + 1);
    x * 10
}

#[test]
fn straight_line_yields_in_order() {
    assert_eq!(collect(straight_line()), (vec![1, 2, 3], 20));
}

#[generator(yield = u32)]
fn loops(n: u32) {
    let mut i = 0;
    loop {
        if i == n {
            break;
        }
        yield_!(i);
        i += 1;
    }
    while i > 0 {
        i -= 1;
        yield_!(100 + i);
    }
    let mut v = vec![7, 8];
    while let Some(x) = v.pop() {
        yield_!(x);
    }
    for j in 0..2 {
        for k in 0..2 {
            yield_!(j * 10 + k);
        }
    }
}

#[test]
fn all_loop_kinds() {
    assert_eq!(collect(loops(3)).0, [0, 1, 2, 102, 101, 100, 8, 7, 0, 1, 10, 11]);
}

#[generator(yield = &'static str)]
fn branches(n: i32) {
    if n > 0 {
        yield_!("positive");
    } else if n < 0 {
        yield_!("negative");
    } else {
        yield_!("zero");
    }
    if let Some(x) = Some(n).filter(|x| x % 2 == 0) {
        yield_!("even");
        if x > 2 {
            yield_!("big even");
        }
    }
    match n {
        0 => yield_!("match zero"),
        x if x > 10 => {
            yield_!("match big");
            yield_!("match big again");
        }
        _ => {}
    }
    yield_!("end");
}

#[test]
fn ifs_and_matches() {
    assert_eq!(collect(branches(0)).0, ["zero", "even", "match zero", "end"]);
    assert_eq!(collect(branches(-3)).0, ["negative", "end"]);
    assert_eq!(collect(branches(12)).0, ["positive", "even", "big even", "match big", "match big again", "end"]);
}

#[generator(yield = u8)]
fn labeled() -> u8 {
    let v = 'outer: loop {
        for i in 0.. {
            if i == 3 {
                break 'outer i * 2;
            }
            yield_!(i);
            if i == 1 {
                continue 'outer;
            }
        }
    };
    let w = 'block: {
        yield_!(50);
        if v > 1 {
            break 'block v + 1;
        }
        0
    };
    w
}

#[test]
fn labels_break_with_values_and_continue() {
    // i = 0, 1 then continue 'outer restarts the for loop: never reaches 3.
    let mut g = labeled();
    let first: Vec<u8> = (0..6)
        .map(|_| match g.resume(()) {
            GeneratorState::Yielded(x) => x,
            GeneratorState::Complete(_) => panic!(),
        })
        .collect();
    assert_eq!(first, [0, 1, 0, 1, 0, 1]);
}

#[generator(yield = u8)]
fn labeled_exit() -> u8 {
    let v = 'outer: loop {
        for i in 0.. {
            if i == 3 {
                break 'outer i * 2;
            }
            yield_!(i);
        }
    };
    let w = 'block: {
        yield_!(50);
        if v > 1 {
            break 'block v + 1;
        }
        0
    };
    w
}

#[test]
fn labeled_exits_carry_values() {
    assert_eq!(collect(labeled_exit()), (vec![0, 1, 2, 50], 7));
}

fn effect(log: &mut Vec<String>, name: &str, value: i32) -> i32 {
    log.push(name.to_string());
    value
}

fn three(a: i32, b: i32, c: i32) -> i32 {
    a * 100 + b * 10 + c
}

#[generator(yield = i32, resume = i32)]
fn expression_positions(log: &mut Vec<String>) -> Vec<i32> {
    let mut out = Vec::new();
    // After effectful code, in call arguments: a, then the yield, then c.
    let x = three(effect(log, "a", 1), yield_!(effect(log, "yield", 5)), effect(log, "c", 3));
    out.push(x);
    // Method receiver evaluated around the yield.
    out.push(yield_!(6) * 2);
    // Short circuit: the yield only runs when the left side allows it.
    let skipped = false && yield_!(7) > 0;
    let taken = true && yield_!(8) > 0;
    out.push(i32::from(skipped) * 10 + i32::from(taken));
    // Value-producing if / match / block.
    let v = if out.len() > 2 { yield_!(9) } else { -1 };
    out.push(v);
    let m = match v {
        0 => 0,
        _ => yield_!(10) + 1,
    };
    out.push(m);
    let b = {
        let t = yield_!(11);
        t * 3
    };
    out.push(b);
    out
}

#[test]
fn values_flow_through_expressions_in_order() {
    let mut log = Vec::new();
    let mut g = expression_positions(&mut log);
    assert_eq!(g.resume(0), GeneratorState::Yielded(5));
    assert_eq!(g.resume(2), GeneratorState::Yielded(6));
    assert_eq!(g.resume(4), GeneratorState::Yielded(8));
    assert_eq!(g.resume(1), GeneratorState::Yielded(9));
    assert_eq!(g.resume(3), GeneratorState::Yielded(10));
    assert_eq!(g.resume(4), GeneratorState::Yielded(11));
    assert_eq!(g.resume(5), GeneratorState::Complete(vec![123, 8, 1, 3, 5, 15]));
    drop(g);
    assert_eq!(log, ["a", "yield", "c"]);
}

#[generator(yield = usize)]
fn while_condition_and_guards(items: Vec<i32>) -> usize {
    let mut seen = 0;
    let mut it = items.into_iter();
    while let Some(x) = it.next() {
        match x {
            x if x < 0 => yield_!(0),
            x if {
                yield_!(1);
                x > 5
            } =>
            {
                yield_!(2)
            }
            _ => seen += 1,
        }
    }
    seen
}

#[test]
fn match_guards_can_suspend() {
    assert_eq!(collect(while_condition_and_guards(vec![-1, 3, 9, 4])), (vec![0, 1, 1, 2, 1], 2));
}

#[generator(yield = i32)]
fn let_chains_and_let_else(values: Vec<Option<i32>>) -> i32 {
    let mut sum = 0;
    for value in values {
        // A let chain in the condition, a suspension in the body.
        if let Some(v) = value
            && v > 0
        {
            yield_!(v);
            sum += v;
        }
        // A suspension inside the chain itself.
        if let Some(v) = value
            && yield_!(-v) == ()
            && let Some(w) = v.checked_mul(2)
        {
            sum += w;
        }
        // `let .. else` whose `else` suspends before leaving.
        let Some(v) = value else {
            yield_!(0);
            continue;
        };
        sum += v;
    }
    sum
}

#[test]
fn let_chains_and_let_else_with_suspension_points() {
    assert_eq!(collect(let_chains_and_let_else(vec![Some(2), None, Some(-1)])), (vec![2, -2, 0, 1], 2 + 4 + 2 - 2 - 1));
}

// A `break` after a yield, in the arm that resumes inside the loop (the
// loop's head is an arm of its own): the code after the loop follows in
// that arm.
#[generator(yield = u32)]
fn break_after_a_yield(n: u32) -> u32 {
    let mut i = 0;
    loop {
        i += 1;
        yield_!(i);
        if i == n {
            break;
        }
    }
    i * 10
}

#[test]
fn a_break_after_a_yield_leaves_the_loop() {
    assert_eq!(collect(break_after_a_yield(3)), (vec![1, 2, 3], 30));
    assert_eq!(collect(break_after_a_yield(1)), (vec![1], 10));
}
