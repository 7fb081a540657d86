//! A function the attribute rejects is still emitted, returning a stand-in
//! generator: its callers type-check, so the attribute's error is the only
//! one, wherever the function is used as an iterator or generator.

use gen_runtime::{Generator, generator, yield_};

#[generator(yield = u32, resume = bool, first = start)]
const fn rejected_qualifier(n: u32) -> usize {
    let mut count = 0;
    if start {
        for i in 0..n {
            let _ = yield_!(i);
            count += 1;
        }
    }
    count
}

#[generator(yield = u32, yeld = u64)]
fn unknown_argument(mut n: u32, (a, b): (u32, u32)) {
    while n > 0 {
        n -= 1;
        yield_!(n + a + b);
    }
}

#[generator]
fn missing_yield(words: &[&str]) {
    for word in words {
        yield_!(word);
    }
}

struct Counter(u32);

impl Counter {
    #[generator(yield = u32,)]
    async fn method(&mut self) -> Option<u32> {
        self.0 += 1;
        yield_!(self.0);
        async {}.await;
        Some(self.0)
    }
}

fn main() {
    let mut g = rejected_qualifier(3);
    let _: Option<u32> = g.send(true);
    let _: u32 = unknown_argument(3, (1, 2)).map(|x| x * 2).sum();
    for word in missing_yield(&["a", "b"]) {
        println!("{word}");
    }
    let mut counter = Counter(0);
    let _: Vec<u32> = counter.method().collect();
}
