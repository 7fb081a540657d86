use gen_runtime::yield_from;

fn not_a_generator() -> u32 {
    yield_from!(0..3);
    2
}

fn main() {
    not_a_generator();
}
