//! The results table of `generator-benches` with one more variant, "nightly
//! gen": the workloads written with the compiler's native coroutines
//! (`native`).

#![feature(gen_blocks, coroutines, coroutine_trait)]

mod native;

use std::rc::Rc;

use generator_benches::workloads::{Input, Variant, Workload};

const NAME: &str = "nightly gen";

/// As in the main crate's binary: the report's "allocations/run" column
/// counts through it (without it, every variant would show 0).
#[global_allocator]
static ALLOCATOR: generator_benches::alloc_counter::Counting = generator_benches::alloc_counter::Counting;

/// The native variant of `workload`, run on its input.
fn native_variant(workload: &Workload) -> Option<Variant> {
    let variant = match (workload.name, &workload.input) {
        ("fib", &Input::Count(n)) => Variant::new(NAME, move || native::fib_sum(n), native::fib_size()),
        ("pipeline", &Input::Count(n)) => Variant::new(NAME, move || native::pipeline_sum(n), native::pipeline_size()),
        ("tree", Input::Tree(tree)) => {
            let data = Rc::clone(tree);
            Variant::new(NAME, move || native::tree_sum(&data), native::tree_size(tree))
        }
        ("average", Input::Values(values)) => {
            let data = Rc::clone(values);
            Variant::new(NAME, move || native::average_sum(&data), native::average_size())
        }
        ("nested", Input::None) => Variant::new(NAME, native::nested_sum, native::nested_size()),
        ("large_state", &Input::Count(n)) => {
            Variant::new(NAME, move || native::large_state_sum(n), native::large_state_size())
        }
        ("lines", Input::Text(text)) => {
            let data = Rc::clone(text);
            Variant::new(NAME, move || native::lines_sum(&data), native::lines_size(text))
        }
        _ => return None,
    };
    Some(variant)
}

fn main() {
    generator_benches::harness::main_with(native_variant)
}

#[cfg(test)]
mod tests {
    //! Every native function agrees with the hand-written baseline.

    use generator_benches::inputs::{self, Tree};
    use generator_benches::variants::hand;

    use crate::native;

    #[test]
    fn counted() {
        for n in [0, 1, 2, 3, 511, 512, 513, 1000] {
            assert_eq!(native::fib_sum(n), hand::fib_sum(n), "fib {n}");
            assert_eq!(native::pipeline_sum(n), hand::pipeline_sum(n), "pipeline {n}");
            assert_eq!(native::large_state_sum(n), hand::large_state_sum(n), "large_state {n}");
        }
        assert_eq!(native::nested_sum(), hand::nested_sum());
    }

    #[test]
    fn tree() {
        for nodes in [1, 2, 3, 7, 1000] {
            let tree = Tree::balanced(nodes).unwrap();
            assert_eq!(native::tree_sum(&tree), hand::tree_sum(&tree), "tree {nodes}");
        }
    }

    #[test]
    fn average() {
        for count in [0, 1, 2, 1000] {
            let values = inputs::values(count);
            assert_eq!(native::average_sum(&values), hand::average_sum(&values), "average {count}");
        }
    }

    #[test]
    fn lines() {
        for data in [&b""[..], b"\n", b"\n\n", b"a", b"a\nbc", b"a\nbc\n", b"\nab\n\ncd"] {
            assert_eq!(native::lines_sum(data), hand::lines_sum(data), "lines {data:?}");
        }
        let text = inputs::text(100_000);
        assert_eq!(native::lines_sum(&text), hand::lines_sum(&text));
    }

    #[test]
    fn sizes() {
        let tree = Tree::balanced(1000).unwrap();
        let text = inputs::text(1000);
        // Nothing to compare against hand.rs; only print them.
        println!(
            "fib {} pipeline {} tree {} average {} nested {} large_state {} lines {}",
            native::fib_size(),
            native::pipeline_size(),
            native::tree_size(&tree),
            native::average_size(),
            native::nested_size(),
            native::large_state_size(),
            native::lines_size(&text),
        );
        assert_eq!(native::tree_size(&tree), 2 * size_of::<usize>());
        assert!(native::large_state_size() >= 512 * 8);
    }
}
