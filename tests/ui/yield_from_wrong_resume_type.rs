use gen_runtime::{generator, yield_, yield_from};

#[generator(yield = u8, resume = bool)]
fn takes_bools() {
    let _ = yield_!(1);
}

#[generator(yield = u8, resume = char)]
fn takes_chars() {
    yield_from!(takes_bools());
}

#[generator(yield = u8, resume = char)]
fn iterable_needs_unit_resume() {
    yield_from!([1, 2]);
}

fn main() {
    let _ = takes_chars();
    let _ = iterable_needs_unit_resume();
}
