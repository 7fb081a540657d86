use gen_runtime::{Generator, GeneratorState, generator, yield_};

#[generator(yield = u64)]
fn fib() {
    let (mut a, mut b) = (0, 1);
    loop {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

#[generator(yield = String)]
fn g(n: usize, prefix: &str) -> usize {
    let mut count = 0;
    let words = vec!["a", "b"];
    for i in 0..n {
        let w = words[i % 2];
        if i % 3 == 0 {
            continue;
        }
        let s = format!("{prefix}{w}{i}");
        yield_!(s.clone());
        count += s.len();
    }
    count
}

#[test]
fn fib_works() {
    let v: Vec<u64> = fib().take(10).collect();
    assert_eq!(v, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
}

#[test]
fn g_works() {
    let v: Vec<String> = g(7, "x").collect();
    assert_eq!(v, ["xb1", "xa2", "xa4", "xb5"]);
    let mut it = g(3, "y");
    assert_eq!(it.resume(()), GeneratorState::Yielded("yb1".to_string()));
    assert_eq!(it.resume(()), GeneratorState::Yielded("ya2".to_string()));
    assert_eq!(it.resume(()), GeneratorState::Complete(6));
}
