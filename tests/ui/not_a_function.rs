use gen_runtime::generator;

#[generator(yield = u32)]
struct NotAFunction;

fn main() {}
