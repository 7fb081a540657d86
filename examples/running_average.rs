//! Challenge 9.10, state in locals: a running average, as an iterator
//! adapter and as a coroutine driven by `send`.
//!
//! Python: an averager coroutine `avg = yield total / count`.

use gen_runtime::{Generator, generator, yield_};

/// The running average of an iterator's values.
#[generator(yield = f64)]
fn running_average(values: impl IntoIterator<Item = f64>) {
    let (mut total, mut count) = (0.0, 0.0);
    for value in values {
        total += value;
        count += 1.0;
        yield_!(total / count);
    }
}

/// The running average of the values sent to it.
#[generator(yield = f64, resume = f64, first = value)]
fn averager() {
    let (mut total, mut count) = (0.0, 0.0);
    let mut value = value;
    loop {
        total += value;
        count += 1.0;
        value = yield_!(total / count);
    }
}

pub(crate) fn main() {
    println!("== 9.10 running_average ==");
    let readings = [10.0, 20.0, 30.0, 40.0];
    let averages: Vec<String> = running_average(readings).map(|a| format!("{a:.1}")).collect();
    println!("adapter:   {readings:?} -> [{}]", averages.join(", "));
    let mut coroutine = averager();
    for value in readings {
        let average = coroutine.send(value).unwrap_or(f64::NAN);
        println!("coroutine: send({value:.1}) -> {average:.1}");
    }
    println!(
        "Rust: `total` and `count` are plain locals; the state machine keeps them between resumes, \
         whether it is pulled by a for loop or pushed by send."
    );
}
