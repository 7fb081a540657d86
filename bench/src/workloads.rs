//! The seven workloads, each with every variant.

use std::cell::RefCell;
use std::rc::Rc;

use crate::consumers;
use crate::inputs::{self, Tree};
use crate::variants::{corosensei, from_fn, genawaiter, generator, hand, next_gen};

/// How much work one run does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// The sizes issue 5 gives.
    Full,
    /// A tenth of them (callgrind, quick checks).
    Tenth,
    /// A twentieth (the second callgrind point is `Tenth`).
    Twentieth,
}

impl Scale {
    fn of(self, full: u64) -> u64 {
        match self {
            Scale::Full => full,
            Scale::Tenth => full / 10,
            Scale::Twentieth => full / 20,
        }
    }
}

/// One run of a workload by one variant.
pub struct Variant {
    pub name: &'static str,
    /// Runs the workload once; returns the checksum.
    pub run: Box<dyn Fn() -> u64>,
    /// `size_of_val` of what the run drives.
    pub size: usize,
}

impl Variant {
    pub fn new(name: &'static str, run: impl Fn() -> u64 + 'static, size: usize) -> Variant {
        Variant { name, run: Box::new(run), size }
    }
}

pub struct Workload {
    /// Short name, used on the command line.
    pub name: &'static str,
    pub title: &'static str,
    /// Items one run yields.
    pub items: u64,
    pub variants: Vec<Variant>,
    /// The input, for variants added outside this crate (the nightly
    /// `gen` blocks).
    pub input: Input,
}

#[derive(Clone)]
pub enum Input {
    Count(u64),
    Tree(Rc<Tree>),
    Values(Rc<Vec<f64>>),
    Text(Rc<Vec<u8>>),
    None,
}

/// Every workload at `scale`, in the order of issue 5.
pub fn all(scale: Scale) -> Vec<Workload> {
    vec![
        fib(scale),
        pipeline(scale),
        tree(scale),
        average(scale),
        nested(scale),
        large_state(scale),
        lines(scale),
        owned(scale),
        nested_opaque(scale),
        by_consumer(scale, "take", "10. Endless Fibonacci consumed by `for x in items.take(n)`, 1,000,000 items"),
        by_consumer(scale, "fold", "11. Fibonacci, 1,000,000 items consumed by `fold`"),
        by_consumer(scale, "try_fold", "12. Fibonacci, 1,000,000 items consumed by `try_fold` (a `?` loop)"),
        by_consumer(scale, "by_ref", "13. Fibonacci, 1,000,000 items: half by `by_ref().take(..)`, then the rest"),
        countdown(scale, 10),
        countdown(scale, 1_000),
        countdown(scale, 100_000),
    ]
}

/// The variants of a workload whose functions take a count.
macro_rules! counted {
    ($n:expr, $sum:ident, $size:ident) => {{
        let n = $n;
        vec![
            Variant::new("hand-written", move || hand::$sum(n), hand::$size()),
            Variant::new("#[generator]", move || generator::$sum(n), generator::$size()),
            Variant::new("iter::from_fn", move || from_fn::$sum(n), from_fn::$size()),
            Variant::new("genawaiter", move || genawaiter::$sum(n), genawaiter::$size()),
            Variant::new("next-gen", move || next_gen::$sum(n), next_gen::$size()),
            Variant::new("corosensei", move || corosensei::$sum(n), corosensei::$size()),
        ]
    }};
}

/// The variants of a workload whose functions take a borrowed input.
macro_rules! borrowing {
    ($input:expr, $sum:ident, $size:ident) => {{
        let input = $input;
        macro_rules! variant {
            ($name:expr, $module:ident) => {{
                let data = Rc::clone(&input);
                Variant::new($name, move || $module::$sum(&data), $module::$size(&input))
            }};
        }
        vec![
            variant!("hand-written", hand),
            variant!("#[generator]", generator),
            variant!("iter::from_fn", from_fn),
            variant!("genawaiter", genawaiter),
            variant!("next-gen", next_gen),
            variant!("corosensei", corosensei),
        ]
    }};
}

fn fib(scale: Scale) -> Workload {
    let n = scale.of(1_000_000);
    Workload {
        name: "fib",
        title: "1. Fibonacci, 1,000,000 items summed",
        items: n,
        variants: counted!(n, fib_sum, fib_size),
        input: Input::Count(n),
    }
}

fn pipeline(scale: Scale) -> Workload {
    let n = scale.of(1_000_000);
    Workload {
        name: "pipeline",
        title: "2. Pipeline: source 0..1,000,000 → square → keep evens → sum",
        items: n,
        variants: counted!(n, pipeline_sum, pipeline_size),
        input: Input::Count(n),
    }
}

fn tree(scale: Scale) -> Workload {
    let nodes = scale.of(65_536);
    let tree: Rc<Tree> = Rc::new(*Tree::balanced(nodes).expect("a tree with nodes"));
    Workload {
        name: "tree",
        title: "3. In-order traversal of a balanced tree of 65,536 nodes by recursive delegation",
        items: nodes,
        variants: {
            let mut variants = borrowing!(Rc::clone(&tree), tree_sum, tree_size);
            let data = Rc::clone(&tree);
            let size = generator::tree_boxed_size(&tree);
            variants.insert(2, Variant::new("#[generator], boxed", move || generator::tree_boxed_sum(&data), size));
            variants
        },
        input: Input::Tree(tree),
    }
}

fn average(scale: Scale) -> Workload {
    let values = Rc::new(inputs::values(scale.of(1_000_000) as usize));
    let variants = {
        let variant = |name, run: fn(&[f64]) -> u64, size: usize| {
            let data = Rc::clone(&values);
            Variant::new(name, move || run(&data), size)
        };
        vec![
            variant("hand-written", hand::average_sum, hand::average_size()),
            variant("#[generator]", generator::average_sum, generator::average_size()),
            variant("iter::from_fn", from_fn::average_sum, from_fn::average_size()),
            variant("genawaiter", genawaiter::average_sum, genawaiter::average_size()),
            variant("next-gen", next_gen::average_sum, next_gen::average_size()),
            variant("corosensei", corosensei::average_sum, corosensei::average_size()),
        ]
    };
    Workload {
        name: "average",
        title: "4. Running average coroutine fed 1,000,000 values by send/resume",
        items: values.len() as u64,
        variants,
        input: Input::Values(values),
    }
}

fn nested(_scale: Scale) -> Workload {
    let variants = vec![
        Variant::new("hand-written", hand::nested_sum, hand::nested_size()),
        Variant::new("#[generator]", generator::nested_sum, generator::nested_size()),
        Variant::new("iter::from_fn", from_fn::nested_sum, from_fn::nested_size()),
        Variant::new("genawaiter", genawaiter::nested_sum, genawaiter::nested_size()),
        Variant::new("next-gen", next_gen::nested_sum, next_gen::nested_size()),
        Variant::new("corosensei", corosensei::nested_sum, corosensei::nested_size()),
    ];
    Workload {
        name: "nested",
        title: "5. Two nested for loops, 64 × 64, yielding i ^ j",
        items: 64 * 64,
        variants,
        input: Input::None,
    }
}

/// Issue 11's consumers: the Fibonacci numbers of the hand-written
/// iterator, `#[generator]` and `iter::from_fn`, consumed one way.
fn by_consumer(scale: Scale, consumer: &'static str, title: &'static str) -> Workload {
    macro_rules! run {
        ($module:ident) => {
            move |n: u64| match consumer {
                "take" => consumers::take($module::endless_fib(), n),
                "fold" => consumers::fold($module::fib(n)),
                "try_fold" => consumers::try_fold($module::fib(n)),
                _ => consumers::by_ref($module::fib(n), n),
            }
        };
    }
    let n = scale.of(1_000_000);
    let variant = |name, run: Box<dyn Fn(u64) -> u64>, size| Variant::new(name, move || run(n), size);
    Workload {
        name: consumer,
        title,
        items: n,
        variants: vec![
            variant("hand-written", Box::new(run!(hand)), hand::fib_size()),
            variant("#[generator]", Box::new(run!(generator)), generator::fib_size()),
            variant("iter::from_fn", Box::new(run!(from_fn)), from_fn::fib_size()),
        ],
        input: Input::Count(n),
    }
}

/// Issue 11: a generator that delegates to itself `depth` levels deep
/// (`countdown(n)` yields `n`, then `yield_from!(countdown(n - 1))`), as
/// many times as make about 1,000,000 items. The boxed form resumes each
/// item through every level above it: only up to 1,000 levels (at 100,000
/// a run takes minutes).
fn countdown(scale: Scale, depth: u64) -> Workload {
    let runs = (scale.of(1_000_000) / (depth + 1)).max(1);
    let (name, title) = match depth {
        10 => ("countdown10", "14a. A generator delegating to itself 10 levels deep, about 1,000,000 items"),
        1_000 => ("countdown1000", "14b. A generator delegating to itself 1,000 levels deep, about 1,000,000 items"),
        _ => ("countdown100000", "14c. A generator delegating to itself 100,000 levels deep, about 1,000,000 items"),
    };
    let mut variants = vec![
        Variant::new("hand-written", move || hand::countdown_sum(depth, runs), hand::countdown_size()),
        Variant::new("#[generator]", move || generator::countdown_sum(depth, runs), generator::countdown_size()),
    ];
    if depth <= 1_000 {
        let run = move || generator::countdown_boxed_sum(depth, runs);
        variants.push(Variant::new("#[generator], boxed", run, generator::countdown_boxed_size()));
    }
    Workload { name, title, items: runs * (depth + 1), variants, input: Input::None }
}

/// Issue 11's W5: workload 5 with bounds the optimiser cannot see
/// (`black_box`), a fresh generator (made and dropped) per 4,096 items.
fn nested_opaque(scale: Scale) -> Workload {
    let grids = scale.of(1_000_000) / 4096;
    let variant = |name, run: fn(u64) -> u64, size: usize| Variant::new(name, move || run(grids), size);
    Workload {
        name: "nested_opaque",
        title: "9. Two nested for loops, 64 × 64, bounds through black_box, a fresh generator per 4,096 items",
        items: grids * 4096,
        variants: vec![
            variant("hand-written", |g| consumers::grids(g, hand::nested_by), hand::nested_opaque_size()),
            variant("#[generator]", |g| consumers::grids(g, generator::nested_by), generator::nested_opaque_size()),
            variant("iter::from_fn", |g| consumers::grids(g, from_fn::nested_by), from_fn::nested_opaque_size()),
        ],
        input: Input::None,
    }
}

fn large_state(scale: Scale) -> Workload {
    let n = scale.of(1_000_000);
    Workload {
        name: "large_state",
        title: "6. Large state: a [u64; 512] buffer live across every yield, 1,000,000 items",
        items: n,
        variants: counted!(n, large_state_sum, large_state_size),
        input: Input::Count(n),
    }
}

fn lines(scale: Scale) -> Workload {
    let text = Rc::new(inputs::text(scale.of(64 << 20) as usize));
    let items = text.iter().filter(|&&b| b == b'\n').count() as u64;
    Workload {
        name: "lines",
        title: "7. Line splitting of a 64 MB in-memory buffer",
        items,
        variants: borrowing!(Rc::clone(&text), lines_sum, lines_size),
        input: Input::Text(text),
    }
}

/// Issue 10: a `Vec<u64>` the generator owns, iterated by reference across
/// its `yield_!`. Each run hands the vector to the variant and takes it
/// back, so no run allocates. Only the hand-written slice iterator and
/// `#[generator]`: the other variants cannot hold a borrow of their own
/// local across a suspension (the native `gen` block rejects it, E0626).
fn owned(scale: Scale) -> Workload {
    let n = scale.of(1_000_000);
    let values: Rc<RefCell<Vec<u64>>> = Rc::new(RefCell::new((0..n).map(|i| i.wrapping_mul(0x9E37_79B9)).collect()));
    let variant = |name, run: fn(&RefCell<Vec<u64>>) -> u64, size: usize| {
        let data = Rc::clone(&values);
        Variant::new(name, move || run(&data), size)
    };
    let variants = vec![
        variant("hand-written", hand::owned_sum, hand::owned_size()),
        variant("#[generator]", generator::owned_sum, generator::owned_size()),
    ];
    Workload {
        name: "owned",
        title: "8. A Vec<u64> of 1,000,000 the generator owns, iterated by reference, each element yielded",
        items: n,
        variants,
        input: Input::None,
    }
}
