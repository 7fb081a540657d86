use gen_edition2021_check::{gen, pairs, words, Holder};

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
