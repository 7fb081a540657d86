//! Bodies that compile as plain functions must compile as generators and
//! behave the same: each case here once failed to compile, or yielded
//! other values than its plain twin. Compiled under `deny(warnings)`, so
//! that a warning the expansion adds is a failure too.
#![deny(warnings)]

mod support;

use gen_runtime::{Generator, GeneratorState, generator, yield_};
use support::{Log, drive};

/// `size_of_val`, as the yield type.
fn size<T>(value: &T) -> i64 {
    i64::try_from(std::mem::size_of_val(value)).unwrap_or(-1)
}

fn collect<G: Generator<(), Yield = Y, Return = R>, Y, R>(mut g: G) -> (Vec<Y>, R) {
    let mut items = Vec::new();
    loop {
        match g.resume(()) {
            GeneratorState::Yielded(y) => items.push(y),
            GeneratorState::Complete(r) => return (items, r),
        }
    }
}

// A `return` whose value names a local leaves the generator: the code after
// the `if` does not run in the arm that returned.
#[generator(yield = i64)]
fn return_naming_a_parameter(c: bool) -> i64 {
    let x = 3i64;
    if c {
        yield_!(1);
        return i64::from(c);
    }
    x
}

#[generator(yield = ())]
fn return_of_an_owned_parameter(a: String) -> String {
    yield_!(());
    return a;
}

#[generator(yield = i64)]
fn return_after_a_shadowing_move(a: String) -> i64 {
    drop(a);
    let a = 5i64;
    if a > 4 {
        yield_!(a);
        return a + 1;
    }
    a
}

#[test]
fn a_return_with_a_value_leaves_the_generator() {
    assert_eq!(collect(return_naming_a_parameter(true)), (vec![1], 1));
    assert_eq!(collect(return_naming_a_parameter(false)), (vec![], 3));
    assert_eq!(collect(return_of_an_owned_parameter("owned".into())), (vec![()], "owned".to_owned()));
    assert_eq!(collect(return_after_a_shadowing_move(String::new())), (vec![5], 6));
}

// A local assigned again after a yield, before it is read, keeps the type
// it was declared with: integer literals there do not fall back to `i32`.
#[generator(yield = i64)]
fn reassigned_after_a_yield() {
    let mut a = 1i64;
    yield_!(a);
    a = 2;
    yield_!(size(&a));
    yield_!(a.abs());
}

#[generator(yield = String)]
fn declared_type_after_a_yield() -> u64 {
    let mut n: u64 = 1;
    yield_!(n.to_string());
    n = 3_000_000;
    n * 1_000_000
}

#[generator(yield = i64)]
fn inferred_from_a_later_use() {
    let mut x = 1;
    yield_!(0);
    x = 2;
    yield_!(x);
    yield_!(size(&x));
}

#[generator(yield = usize)]
fn declared_after_a_yield_and_reassigned() {
    yield_!(0);
    let mut x = 1;
    yield_!(std::mem::size_of_val(&x));
    x = 2u8;
    yield_!(usize::from(x));
}

#[generator(yield = i64)]
fn declared_without_a_value() {
    let x: i64;
    yield_!(0);
    x = 3;
    yield_!(size(&x));
}

#[test]
fn a_reassigned_local_keeps_its_type() {
    assert_eq!(collect(reassigned_after_a_yield()).0, [1, 8, 2]);
    assert_eq!(collect(declared_type_after_a_yield()), (vec!["1".to_owned()], 3_000_000_000_000));
    assert_eq!(collect(inferred_from_a_later_use()).0, [0, 2, 8]);
    assert_eq!(collect(declared_after_a_yield_and_reassigned()).0, [0, 1, 2]);
    assert_eq!(collect(declared_without_a_value()).0, [0, 8]);
}

// An operand evaluated before a yielding one keeps its meaning, without
// parentheses the compiler would warn about.
#[generator(yield = i64)]
fn parenthesised_operands(a: i64, c: bool, d: bool) {
    let x = (a ^ 1).max({
        yield_!(1);
        2
    });
    yield_!(x);
    if (c || d) && {
        yield_!(3);
        true
    } {
        yield_!(4);
    }
}

#[test]
fn parenthesised_operands_before_a_yield() {
    assert_eq!(collect(parenthesised_operands(6, false, true)).0, [1, 7, 3, 4]);
    assert_eq!(collect(parenthesised_operands(0, false, false)).0, [1, 2]);
}

// `#[cfg]` on statements is decided by the compiler, as in a plain function.
#[generator(yield = i64)]
fn configured() {
    #[cfg(not(test))]
    yield_!(9);
    yield_!(1);
    #[cfg(test)]
    let kept = 2;
    #[cfg(not(test))]
    let kept = 3;
    yield_!(kept);
    #[cfg(test)]
    {
        yield_!(4);
    }
    match kept {
        #[cfg(not(test))]
        2 => yield_!(98),
        _ => yield_!(5),
    }
    #[cfg(not(test))]
    {
        yield_!(99);
    }
}

#[test]
fn cfg_on_statements_is_evaluated() {
    assert_eq!(collect(configured()).0, [1, 2, 4, 5]);
}

twin!(cfg_twin(log) -> i64, yield = i64, {
    let d = support::tracked("d");
    #[cfg(test)]
    let e = support::tracked("e");
    #[cfg(not(test))]
    let e = 0;
    yield_!(1);
    #[cfg(test)]
    drop(e);
    yield_!(i64::try_from(d.name.len()).unwrap_or(0));
    2
});

#[test]
fn cfg_twin_matches_its_plain_function() {
    assert_same_events!(cfg_twin());
}

// A `macro_rules!` of the body names the locals in scope where it is
// defined, also when it is used after a yield.
#[generator(yield = i64)]
fn local_macro(offset: i64) {
    let scale = 10;
    macro_rules! shifted {
        ($e:expr) => {
            $e * scale + offset
        };
    }
    macro_rules! twice {
        ($e:expr) => {
            shifted!($e) + shifted!($e)
        };
    }
    yield_!(shifted!(1));
    let more = 1000;
    yield_!(shifted!(2) + more);
    {
        let offset = 0;
        yield_!(twice!(3) + offset);
    }
}

#[test]
fn local_macros_keep_their_locals() {
    assert_eq!(collect(local_macro(5)).0, [15, 1025, 70]);
}

// Which locals a yield keeps: each body compiles as a plain function, and
// compiles here too. A value whose last use may have moved it, or that may
// borrow another local, is released at the first yield where it is dead.
#[generator(yield = String, crate = gen_runtime)]
fn read_lines(text: &'static str) -> std::io::Result<()> {
    use std::io::BufRead;
    let reader = std::io::BufReader::new(std::io::Cursor::new(text));
    for line in reader.lines() {
        yield_!(line?);
    }
    Ok(())
}

#[generator(yield = usize)]
fn trimmed_lengths(lines: Vec<String>) {
    for line in lines {
        let t = line.trim();
        yield_!(t.len());
    }
    let s = String::from("  padded  ");
    let t = s.trim();
    let n = t.len();
    yield_!(n);
    yield_!(s.len());
}

#[generator(yield = i32)]
fn consumed_receivers(v: Vec<i32>, n: usize) {
    let it = v.clone().into_iter();
    for x in it.take(n) {
        yield_!(x);
    }
    let it = v.iter();
    let count = it.count();
    yield_!(i32::try_from(count).unwrap_or(-1));
    yield_!(i32::try_from(count).unwrap_or(-1));
    let first = v.first().unwrap_or(&0);
    yield_!(*first);
    yield_!(i32::try_from(v.len()).unwrap_or(-1));
}

enum Cmd {
    Push(String),
    Pop,
}

#[generator(yield = String)]
fn borrowed_patterns(m: std::collections::HashMap<String, String>, cmds: Vec<Cmd>, lines: Vec<String>) -> usize {
    if let Some(v) = m.get("k") {
        yield_!(v.clone());
    }
    let mut stack = Vec::new();
    for cmd in cmds {
        match &cmd {
            Cmd::Push(s) => {
                stack.push(s.clone());
                yield_!(format!("push {s}"));
            }
            Cmd::Pop => {
                stack.pop();
            }
        }
    }
    for line in lines {
        let Some((k, v)) = line.split_once('=') else { continue };
        yield_!(format!("{}={}", k.trim(), v.trim()));
    }
    stack.len()
}

#[test]
fn values_a_yield_cannot_keep_are_released() {
    let lines: Vec<String> = collect(read_lines("a\nbb\n")).0;
    assert_eq!(lines, ["a", "bb"]);
    assert_eq!(collect(trimmed_lengths(vec![" x ".into(), "yy".into()])).0, [1, 2, 6, 10]);
    assert_eq!(collect(consumed_receivers(vec![7, 8, 9], 2)).0, [7, 8, 3, 3, 7, 3]);
    let m = std::collections::HashMap::from([("k".to_owned(), "v".to_owned())]);
    let cmds = vec![Cmd::Push("a".into()), Cmd::Pop, Cmd::Push("b".into())];
    let (items, left) = collect(borrowed_patterns(m, cmds, vec!["x = 1".into(), "nothing".into(), "y=2".into()]));
    assert_eq!(items, ["v", "push a", "push b", "x=1", "y=2"]);
    assert_eq!(left, 1);
}

// The uses of a local meet rustc in the order of the source: a method call
// after a loop needs the type a use inside the loop (after a yield) gives.
#[generator(yield = u64)]
fn typed_inside_the_loop(items: Vec<u64>) -> String {
    let mut total = 0;
    for x in items {
        yield_!(x);
        total += x;
    }
    total.to_string()
}

#[test]
fn a_type_fixed_inside_a_loop_is_known_after_it() {
    assert_eq!(collect(typed_inside_the_loop(vec![3, 4])), (vec![3, 4], "7".to_owned()));
}

struct Page {
    users: Vec<support::Tracked>,
    next_cursor: Option<u32>,
    note: support::Tracked,
    // Only dropped.
    #[allow(dead_code)]
    footer: support::Tracked,
}

fn fetch(cursor: u32) -> Page {
    Page {
        users: vec![support::tracked(format!("u{cursor}")), support::tracked(format!("v{cursor}"))],
        next_cursor: (cursor < 1).then_some(cursor + 1),
        note: support::tracked(format!("note{cursor}")),
        footer: support::tracked(format!("footer{cursor}")),
    }
}

// `for user in page.users` moves a field out of `page`: the yields in the
// loop cannot keep `page` whole, so they carry the fields the code after
// reads (`next_cursor`, `note`); `footer`, read by nothing, is released at
// the first of them.
#[generator(yield = String)]
fn paging() -> usize {
    let mut cursor = 0;
    let mut seen = 0;
    loop {
        let page = fetch(cursor);
        for user in page.users {
            seen += 1;
            yield_!(user.name.clone());
        }
        support::event(format!("read {}", page.note.name));
        match page.next_cursor {
            Some(next) => cursor = next,
            None => break,
        }
    }
    seen
}

// A tuple field moved out by a `let`: the other field is carried alone.
#[generator(yield = ())]
fn tuple_field_moved_out() -> String {
    let pair = (support::tracked("first"), support::tracked("second"));
    let first = pair.0;
    yield_!(());
    drop(first);
    yield_!(());
    pair.1.name.clone()
}

#[test]
fn a_partly_moved_local_is_carried_as_the_fields_read_after() {
    let log = support::Log::new();
    let (items, seen) = collect(paging());
    assert_eq!(items, ["u0", "v0", "u1", "v1"]);
    assert_eq!(seen, 4);
    let page = |c: u32| {
        let new = ["u", "v", "note", "footer"].map(|n| format!("new {n}{c}"));
        let mut events = new.to_vec();
        // `footer` goes at the first yield; a plain function drops it with
        // `note`, at the end of the iteration.
        events.extend([format!("drop footer{c}"), format!("drop u{c}"), format!("drop v{c}")]);
        events.extend([format!("read note{c}"), format!("drop note{c}")]);
        events
    };
    assert_eq!(log.events(), [page(0), page(1)].concat());

    let log = support::Log::new();
    assert_eq!(collect(tuple_field_moved_out()), (vec![(), ()], "second".to_owned()));
    assert_eq!(log.events(), ["new first", "new second", "drop first", "drop second"]);
}

struct Response {
    items: Vec<String>,
    has_more: bool,
    note: support::Tracked,
}

struct Tally {
    count: u32,
    seen: Vec<u32>,
}

impl Tally {
    // A field of `self` bound by `let` is a copy: `self`, a reference, is
    // carried whole.
    #[generator(yield = u32)]
    fn tick(&mut self) {
        let n = self.count;
        yield_!(n);
        self.seen.push(n);
        yield_!(u32::try_from(self.seen.len()).unwrap_or(0));
    }
}

// A struct's field moved out by `into_iter`: its other fields are carried.
#[generator(yield = String)]
fn named_field_moved_out(response: Response) -> bool {
    for item in response.items.into_iter().rev() {
        yield_!(item);
    }
    yield_!(response.note.name.clone());
    response.has_more
}

#[test]
fn a_field_moved_by_into_iter_leaves_the_rest_readable_after_a_yield() {
    let log = support::Log::new();
    let response = Response { items: vec!["a".into(), "b".into()], has_more: true, note: support::tracked("note") };
    assert_eq!(collect(named_field_moved_out(response)), (vec!["b".to_owned(), "a".into(), "note".into()], true));
    assert_eq!(log.events(), ["new note", "drop note"]);

    let mut tally = Tally { count: 3, seen: Vec::new() };
    assert_eq!(collect(tally.tick()).0, [3, 1]);
    assert_eq!(tally.seen, [3]);
}

// A method the macro does not know may consume its receiver: a local it
// is called on along one path only is not kept at the yield after it.
struct Job(String);

impl Job {
    fn finish(self) -> i64 {
        i64::try_from(self.0.len()).unwrap_or(-1)
    }
}

#[generator(yield = i64)]
fn consumed_on_one_path(flag: bool) {
    let job = Job("three".to_owned());
    let n = if flag { job.finish() } else { 0 };
    yield_!(n);
    yield_!(n + 1);
}

#[test]
fn a_local_consumed_on_one_path_is_not_kept() {
    assert_eq!(collect(consumed_on_one_path(true)).0, [5, 6]);
    assert_eq!(collect(consumed_on_one_path(false)).0, [0, 1]);
}

// The keep rule, released side: each of these values may borrow `s` or
// `rows`, which the state carries, so a yield where it is dead releases it
// (keeping it would move what it borrows: the body would not compile).
#[generator(yield = usize)]
fn borrowers_are_released(s: String, rows: Vec<Vec<u8>>) -> usize {
    let from = s.as_str()..;
    let a = from.start.len();
    let borrowing = || s.len();
    let b = borrowing();
    let r = s.as_str();
    let owning_a_borrow = move || r.len();
    let c = owning_a_borrow();
    #[rustfmt::skip]
    let in_braces = move || { r.len() };
    let c = c + in_braces() - r.len();
    let chosen = if s.is_empty() { "" } else { s.as_str() };
    let d = chosen.len();
    let it = rows[0].iter();
    let e = it.len();
    let mut words: Vec<&str> = Vec::new();
    let before = words.len();
    {
        let w = s.as_str();
        words = vec![w];
    }
    let k = words.len();
    // An adapter (a method the macro does not know) of a borrowing iterator.
    let wrapped = (vec![5u8],);
    let inner = wrapped.0.iter();
    let q = inner.len() - wrapped.0.len();
    let mut peek = rows.iter().peekable();
    let p = usize::from(peek.peek().is_some());
    // A field moved out of a local that is then dead: the rest of it is
    // dropped, not kept.
    let pair = (String::from("xy"), 1usize);
    let first = pair.0;
    let f = first.len();
    yield_!(a + b + c + d + e + before + k + p + q + f);
    // A closure that assigns a local: the local is updated, not written
    // anew, so its value is carried across the yield before it.
    let mut last = 0;
    yield_!(last);
    let mut set = |v| last = v;
    set(7);
    yield_!(last);
    s.len() + rows.len() + wrapped.0.len() - 1
}

// Bindings used after a yield only in a cast, a negation, an array repeat,
// a range, a `while` or `loop` loop, an inline format capture, a body
// macro's argument, a `break` value or a raw borrow are carried; bindings a destructuring assignment gives their
// (or array) first value are not. (Literals: the keep rule alone would not keep them.)
#[generator(yield = i64)]
#[allow(clippy::cast_possible_truncation)]
fn uses_after_a_yield() -> i64 {
    macro_rules! doubled {
        ($e:expr) => {
            $e * 2
        };
    }
    let cast = 1i64;
    let neg = 2;
    let rep = 3;
    let range = 4;
    let looped = 5;
    let shown = 6;
    let arg = 7;
    struct Wrapped {
        value: i64,
    }
    let (broke, bound, raw, grouped, field) = (8, 9, 10, 11, 12);
    let (mut a, mut b);
    let (mut c, mut d);
    yield_!(0);
    yield_!(i64::from(cast as i32));
    yield_!(-neg);
    yield_!([rep; 2][1]);
    yield_!((0..range).sum::<i64>());
    let mut i = 0;
    while i < looped {
        i += 1;
    }
    yield_!(i);
    yield_!(i64::try_from(format!("{shown}").len()).unwrap_or(-1));
    yield_!(doubled!(arg));
    yield_!('found: {
        if i > 0 {
            break 'found broke;
        }
        0
    });
    let mut j = 0;
    loop {
        j += 1;
        if j >= bound {
            break;
        }
    }
    yield_!(j);
    yield_!(i64::from((&raw const raw).is_null()));
    yield_!(doubled!([grouped][0]));
    yield_!(Wrapped { value: field }.value);
    (a, b) = (10, 20);
    [c, d] = [1, 2];
    yield_!(a + b + c + d);
    a - b
}

#[test]
fn what_the_keep_rule_releases_and_what_uses_after_a_yield_carry() {
    // The length of `s` four times (through the range, both closures and
    // `chosen`), the row's length, no word and then one, a row to peek at,
    // `first`'s length.
    let (items, total) = collect(borrowers_are_released("abc".to_owned(), vec![vec![1, 2]]));
    assert_eq!(items, [3 + 3 + 3 + 3 + 2 + 1 + 1 + 2, 0, 7]);
    assert_eq!(total, 4);
    let shown = i64::try_from(6.to_string().len()).unwrap_or(-1);
    let expected = [0, 1, -2, 3, (0..4).sum(), 5, shown, 7 * 2, 8, 9, 0, 11 * 2, 12, 10 + 20 + 1 + 2];
    assert_eq!(collect(uses_after_a_yield()), (expected.to_vec(), 10 - 20));
}

struct Settings {
    limit: Option<usize>,
    count: usize,
    name: String,
}

// A struct's field bound by `let` or consumed by `unwrap_or` is most often
// a copy, out of a value that cannot be taken apart (here an `Arc`): the
// value is carried whole.
#[generator(yield = usize)]
fn fields_of_a_shared_value(settings: std::sync::Arc<Settings>) -> String {
    let count = settings.count;
    let limit = settings.limit.unwrap_or(1);
    yield_!(count + limit);
    yield_!(settings.name.len());
    settings.name.clone()
}

#[test]
fn fields_copied_out_of_a_shared_value_leave_it_whole() {
    let settings = std::sync::Arc::new(Settings { limit: Some(2), count: 3, name: "abc".into() });
    assert_eq!(collect(fields_of_a_shared_value(settings)), (vec![5, 3], "abc".to_owned()));
}
