use gen_edition2021_check::{gen, pairs, words, Holder, Node};

#[test]
fn lifetimes_are_captured() {
    let text = String::from("a b");
    assert_eq!(words(&text).collect::<Vec<_>>(), ["a", "b"]);
    let right = String::from("xy");
    assert_eq!(pairs("p,q", &right).collect::<Vec<_>>(), [("p", 'x'), ("q", 'y')]);
    let holder = Holder { items: vec![1, 2] };
    assert_eq!(holder.each().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(gen().collect::<Vec<_>>(), [1]);
}

#[test]
fn a_generator_delegates_to_itself() {
    use gen_runtime::{Generator, GeneratorState};
    let leaf = |value| Node { value, children: Vec::new() };
    let tree = Node { value: 1, children: vec![leaf(2), Node { value: 3, children: vec![leaf(4)] }] };
    let mut walk = tree.walk();
    let mut items = Vec::new();
    let count = loop {
        match walk.resume(()) {
            GeneratorState::Yielded(value) => items.push(value),
            GeneratorState::Complete(count) => break count,
        }
    };
    assert_eq!((items, count), (vec![1, 2, 3, 4], 4));
}
