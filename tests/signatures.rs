//! Generators on methods, generic functions, with lifetimes, `impl Trait`
//! arguments, `where` clauses, attributes and any visibility.

use std::fmt::Display;

use gen_runtime::{Generator, GeneratorState, generator, yield_};

struct Counter {
    start: u32,
    items: Vec<String>,
}

impl Counter {
    /// Borrows `self` for as long as the generator lives.
    #[generator(yield = &'a str)]
    fn names<'a>(&'a self) {
        for item in &self.items {
            yield_!(item.as_str());
        }
    }

    /// Elided lifetime of `&self`.
    #[generator(yield = &str)]
    fn names_elided(&self) -> usize {
        let mut n = 0;
        for item in self.items.iter() {
            yield_!(item);
            n += 1;
        }
        n
    }

    #[generator(yield = u32)]
    fn bump(&mut self, times: u32) -> u32 {
        for _ in 0..times {
            self.start += 1;
            yield_!(self.start);
        }
        self.start
    }

    #[generator(yield = String)]
    pub fn into_items(self) {
        for item in self.items {
            yield_!(item);
        }
    }

    #[generator(yield = u32)]
    fn by_mut_value(mut self) -> Vec<String> {
        self.items.push("added".to_string());
        yield_!(self.start);
        self.items
    }
}

#[test]
fn methods_with_every_receiver() {
    let mut counter = Counter { start: 10, items: vec!["a".into(), "b".into()] };
    assert_eq!(counter.names().collect::<Vec<_>>(), ["a", "b"]);
    let mut names = counter.names_elided();
    assert_eq!(names.next(), Some("a"));
    assert_eq!(names.next(), Some("b"));
    assert_eq!(names.resume(()), GeneratorState::Complete(2));
    drop(names);
    let mut bump = counter.bump(2);
    assert_eq!(bump.resume(()), GeneratorState::Yielded(11));
    assert_eq!(bump.resume(()), GeneratorState::Yielded(12));
    assert_eq!(bump.resume(()), GeneratorState::Complete(12));
    drop(bump);
    assert_eq!(counter.start, 12);
    let mut by_value = Counter { start: 1, items: vec![] }.by_mut_value();
    assert_eq!(by_value.resume(()), GeneratorState::Yielded(1));
    assert_eq!(by_value.resume(()), GeneratorState::Complete(vec!["added".to_string()]));
    assert_eq!(counter.into_items().collect::<Vec<_>>(), ["a", "b"]);
}

trait Source {
    fn values(&self) -> impl Iterator<Item = u8> + '_;
}

struct Bytes(Vec<u8>);

impl Source for Bytes {
    #[generator(yield = u8)]
    fn values(&self) {
        for &b in &self.0 {
            if b != 0 {
                yield_!(b);
            }
        }
    }
}

#[test]
fn trait_impl_methods() {
    assert_eq!(Bytes(vec![1, 0, 2]).values().collect::<Vec<_>>(), [1, 2]);
}

#[generator(yield = T)]
fn repeat_each<T: Clone, I>(items: I, times: usize)
where
    I: IntoIterator<Item = T>,
{
    for item in items {
        for _ in 0..times {
            yield_!(item.clone());
        }
    }
}

#[generator(yield = String)]
fn labels(prefix: &str, values: impl IntoIterator<Item = impl Display>) {
    for value in values {
        yield_!(format!("{prefix}{value}"));
    }
}

#[generator(yield = &'a str)]
fn words<'a>(text: &'a str, min: usize) {
    for word in text.split_whitespace() {
        if word.len() >= min {
            yield_!(word);
        }
    }
}

#[generator(yield = (usize, char))]
fn pattern_params((skip, take): (usize, usize), _: (), mut chars: std::str::Chars<'_>) {
    for _ in 0..skip {
        chars.next();
    }
    for index in 0..take {
        if let Some(c) = chars.next() {
            yield_!((index, c));
        }
    }
}

#[test]
fn generic_functions_lifetimes_and_impl_trait() {
    assert_eq!(repeat_each(vec!['x', 'y'], 2).collect::<String>(), "xxyy");
    assert_eq!(labels("n", [1, 2]).collect::<Vec<_>>(), ["n1", "n2"]);
    let text = String::from("a bb ccc dd");
    assert_eq!(words(&text, 2).collect::<Vec<_>>(), ["bb", "ccc", "dd"]);
    assert_eq!(pattern_params((1, 2), (), "abcd".chars()).collect::<Vec<_>>(), [(0, 'b'), (1, 'c')]);
}

/// Attributes and doc comments stay on the emitted function. The module
/// denies `missing_docs`, so this file does not compile if a doc comment is
/// lost (`tests/ui/undocumented_generator.rs` shows that the lint sees the
/// emitted function). `tests/ui/must_use_generator.rs` shows that
/// `#[must_use]` is kept.
pub mod visibility {
    #![deny(missing_docs)]

    use gen_runtime::{generator, yield_};

    /// Documented, public, with an attribute kept on the function.
    #[must_use]
    #[generator(yield = u8)]
    pub fn documented() {
        yield_!(1);
    }

    #[doc = "Documented with the attribute a doc comment stands for."]
    #[generator(yield = u8, resume = u8)]
    pub fn documented_by_attribute() -> u8 {
        yield_!(1)
    }
}

#[test]
fn attributes_and_visibility_are_kept() {
    assert_eq!(visibility::documented().collect::<Vec<_>>(), [1]);
    let mut by_attribute = visibility::documented_by_attribute();
    assert_eq!(by_attribute.resume(0), GeneratorState::Yielded(1));
    assert_eq!(by_attribute.resume(7), GeneratorState::Complete(7));
}

#[generator(yield = u32)]
fn fallible(values: &[&str]) -> Result<u32, std::num::ParseIntError> {
    let mut sum = 0;
    for value in values {
        let n: u32 = value.parse()?;
        yield_!(n);
        sum += n;
    }
    Ok(sum)
}

#[generator(yield = u32)]
fn optional(values: Vec<Option<u32>>) -> Option<u32> {
    let mut last = 0;
    for value in values {
        last = value?;
        yield_!(last);
    }
    Some(last)
}

#[test]
fn question_mark_completes_the_generator() {
    let mut ok = fallible(&["1", "2"]);
    assert_eq!(ok.resume(()), GeneratorState::Yielded(1));
    assert_eq!(ok.resume(()), GeneratorState::Yielded(2));
    assert_eq!(ok.resume(()), GeneratorState::Complete(Ok(3)));
    let mut bad = fallible(&["1", "x", "3"]);
    assert_eq!(bad.resume(()), GeneratorState::Yielded(1));
    assert!(matches!(bad.resume(()), GeneratorState::Complete(Err(_))));
    let mut none = optional(vec![Some(1), None, Some(3)]);
    assert_eq!(none.resume(()), GeneratorState::Yielded(1));
    assert_eq!(none.resume(()), GeneratorState::Complete(None));
}

#[generator(yield = String)]
fn captures_in_macros(n: u32) {
    let name = "item";
    for i in 0..n {
        let label = format!("{name}-{i}");
        yield_!(format!("{label}/{n:>2}"));
        assert!(i < n, "{i} out of range");
        let parts = [label.clone(), name.to_string()];
        yield_!(parts.join("+"));
    }
}

#[test]
fn format_captures_and_macros_see_locals() {
    assert_eq!(captures_in_macros(2).collect::<Vec<_>>(), ["item-0/ 2", "item-0+item", "item-1/ 2", "item-1+item"]);
}

#[generator(yield = usize)]
fn unnameable_types(text: &str) -> usize {
    let doubled = (0..3).map(|x| x * 2);
    let lines = text.lines();
    let closure = |s: &str| s.len();
    for d in doubled {
        yield_!(d);
    }
    let mut total = 0;
    for line in lines {
        total += closure(line);
        yield_!(total);
    }
    total
}

#[test]
fn locals_with_unnameable_types_need_no_annotation() {
    let mut g = unnameable_types("ab\ncde");
    let mut items = Vec::new();
    let done = loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => items.push(x),
            GeneratorState::Complete(total) => break total,
        }
    };
    assert_eq!(items, [0, 2, 4, 2, 5]);
    assert_eq!(done, 5);
}
