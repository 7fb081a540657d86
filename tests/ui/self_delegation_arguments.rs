//! A generator that delegates to itself passes the call's arguments as the
//! callee's parameters: a call with the wrong number of them is reported
//! at the call.

use gen_runtime::{generator, yield_, yield_from};

#[generator(yield = u32)]
fn countdown(n: u32) {
    yield_!(n);
    if n > 0 {
        yield_from!(countdown(n - 1, 2));
    }
}

struct Tree(Vec<Tree>);

impl Tree {
    #[generator(yield = usize)]
    fn sizes(&self, depth: usize) {
        yield_!(self.0.len() + depth);
        for child in &self.0 {
            yield_from!(Self::sizes(child));
        }
    }
}

fn main() {
    let _ = countdown(3).count();
    let _ = Tree(Vec::new()).sizes(0).count();
}
