//! Prints the results table (see `harness`).

#[global_allocator]
static ALLOCATOR: generator_benches::alloc_counter::Counting = generator_benches::alloc_counter::Counting;

fn main() {
    generator_benches::harness::main();
}
