//! Expansion snapshots: representative generators, their expansion
//! pretty-printed and checked in under `src/snapshots/`. A change to the
//! emitted code shows up here as a diff to review; re-bless with
//! `INSTA_UPDATE=always cargo test -p gen-macro snapshots` (or `cargo insta
//! review`) after reading it. The README's "How it works" shows the first
//! one, and [`readme_shows_the_expansion_of_count`] keeps it current.

use proc_macro2::TokenStream;
use quote::quote;

/// The expansion for the compiler: without the `#[cfg(doc)]` copy of the
/// function that rustdoc sees (see [`signature_for_rustdoc`]).
fn expanded(args: &TokenStream, function: &TokenStream) -> String {
    let mut file = expanded_file(args, function);
    file.items.retain(|item| !matches!(item, syn::Item::Fn(f) if f.attrs.iter().any(is_cfg_doc)));
    for item in &mut file.items {
        if let syn::Item::Fn(f) = item {
            f.attrs.retain(|attr| !attr.path().is_ident("cfg"));
        }
    }
    prettyplease::unparse(&file)
}

fn expanded_file(args: &TokenStream, function: &TokenStream) -> syn::File {
    let output = crate::expand::generator(args, function);
    syn::parse2(output).expect("the expansion is an item")
}

fn is_cfg_doc(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg") && attr.parse_args::<syn::Ident>().is_ok_and(|arg| arg == "doc")
}

/// rustdoc shows the signature a user would write: no names for elided
/// lifetimes, no `Captures` bound.
#[test]
fn signature_for_rustdoc() {
    let file = expanded_file(
        &quote!(yield = &str, resume = bool),
        &quote! {
            /// The words of `text`.
            pub fn words(text: &str) -> usize {
                let mut n = 0;
                for w in text.split(' ') {
                    if yield_!(w) { n += 1; }
                }
                n
            }
        },
    );
    let documented: Vec<&syn::ItemFn> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(f) if f.attrs.iter().any(is_cfg_doc) => Some(f),
            _ => None,
        })
        .collect();
    assert_eq!(documented.len(), 1, "one function for rustdoc");
    let sig = &documented[0].sig;
    insta::assert_snapshot!(quote!(#sig).to_string());
}

fn count() -> String {
    expanded(
        &quote!(yield = u32),
        &quote! {
            fn count(n: u32) {
                for i in 0..n {
                    yield_!(i);
                }
            }
        },
    )
}

#[test]
fn count_loop() {
    insta::assert_snapshot!(count());
}

#[test]
fn readme_shows_the_expansion_of_count() {
    let readme = include_str!("../../README.md");
    let shown = count();
    assert!(
        readme.contains(&format!("```rust\n{shown}```")),
        "README.md's \"How it works\" should show the current expansion of `count`:\n{shown}"
    );
}

#[test]
fn pipeline_stage() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = u64),
        &quote! {
            fn evens(input: impl Iterator<Item = u64>) {
                for x in input {
                    if x % 2 == 0 {
                        yield_!(x);
                    }
                }
            }
        }
    ));
}

#[test]
fn send_with_first_argument() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = f64, resume = f64, first = value),
        &quote! {
            fn running_average() {
                let mut total = 0.0;
                let mut count = 0u32;
                let mut value = value;
                loop {
                    total += value;
                    count += 1;
                    value = yield_!(total / f64::from(count));
                }
            }
        }
    ));
}

#[test]
fn delegation_with_completion_value() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = u32),
        &quote! {
            fn both(a: Vec<u32>) -> usize {
                let n = yield_from!(numbers(3));
                yield_from!(a);
                n
            }
        }
    ));
}

#[test]
fn buffer_kept_in_place() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = u64),
        &quote! {
            fn large_state(n: u64) {
                let mut buf = [0u64; 512];
                for k in 0..n {
                    let slot = &mut buf[(k % 512) as usize];
                    *slot = slot.wrapping_add(k);
                    yield_!(*slot);
                }
            }
        }
    ));
}

/// The heads of the inner loops hand the outer loops' values on as one
/// bundle (`__gen_u0`, `__gen_u1`) instead of naming each; the state
/// (`Resume6`) keeps them one by one.
#[test]
fn values_handed_on_as_one_bundle() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = u32),
        &quote! {
            fn five(n: u32) {
                for a in 0..n {
                    for b in 0..n {
                        for c in 0..n {
                            for d in 0..n {
                                for e in 0..n {
                                    yield_!(e);
                                }
                            }
                        }
                    }
                }
            }
        }
    ));
}

#[test]
fn nested_loops() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = (u32, u32)),
        &quote! {
            fn grid(w: u32, h: u32) {
                for y in 0..h {
                    for x in 0..w {
                        yield_!((x, y));
                    }
                }
            }
        }
    ));
}

#[test]
fn match_with_guards() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = String),
        &quote! {
            fn describe(values: Vec<Option<i32>>) {
                for v in values {
                    match v {
                        Some(n) if n < 0 => yield_!(format!("negative {n}")),
                        Some(n) => {
                            yield_!(format!("{n}"));
                            yield_!(String::from("again"));
                        }
                        None => {}
                    }
                }
            }
        }
    ));
}

#[test]
fn question_mark() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = u32),
        &quote! {
            fn parsed(lines: Vec<String>) -> Result<usize, std::num::ParseIntError> {
                let mut n = 0;
                for line in lines {
                    yield_!(line.trim().parse()?);
                    n += 1;
                }
                Ok(n)
            }
        }
    ));
}

#[test]
fn partly_moved_local() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = String),
        &quote! {
            fn users(page: Page) -> Option<u32> {
                for user in page.users {
                    yield_!(user);
                }
                page.next_cursor
            }
        }
    ));
}

#[test]
fn yield_in_an_operand() {
    insta::assert_snapshot!(expanded(
        &quote!(yield = i64, resume = i64),
        &quote! {
            fn adder(start: i64) -> i64 {
                let mut v = Vec::new();
                v.push(start + yield_!(start));
                let total = v.iter().sum::<i64>() + yield_!(0);
                total
            }
        }
    ));
}
