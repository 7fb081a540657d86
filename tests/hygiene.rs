//! Names the expansion uses internally never collide with user names, and
//! it only uses absolute paths.

mod support;

#[allow(dead_code, non_camel_case_types, clippy::upper_case_acronyms)]
#[no_implicit_prelude]
mod shadowed {
    // Shadow everything the expansion could name relatively.
    mod core {}
    mod std {}
    struct Option;
    struct Some;
    struct None;
    struct S;
    struct Done;
    struct Iterator;
    struct IntoIterator;
    struct Default;
    struct Generator;
    struct Start;
    struct Returned;
    struct Poisoned;

    use ::gen_runtime::{generator, yield_, yield_from};

    #[generator(yield = u32)]
    pub(super) fn uses_common_names(state: u32) -> u32 {
        let __state = state + 1;
        let __gen_state = 7;
        let __gen_cur = 8;
        let __gen_arg = 9;
        let __gen_b0 = 10;
        'dispatch: for cur in 0..2 {
            yield_!(__state + cur);
            if cur == 5 {
                break 'dispatch;
            }
        }
        let arg = yield_from!([__gen_state, __gen_cur]);
        let () = arg;
        let result = match ::core::option::Option::Some(__gen_arg) {
            ::core::option::Option::Some(x) if x > 3 => x,
            _ => 1,
        };
        yield_!(result);
        __gen_b0
    }

    /// A generator that delegates to itself, with user names like the
    /// expansion's (`caller`, `frames`, `Vec`).
    #[generator(yield = u32)]
    pub(super) fn delegates_to_itself(caller: u32) -> u32 {
        struct Vec;
        let frames = Vec;
        let _ = frames;
        yield_!(caller);
        if caller == 0 { 0 } else { yield_from!(delegates_to_itself(caller - 1)) + caller }
    }
}

#[test]
fn user_names_do_not_collide_with_generated_ones() {
    use gen_runtime::{Generator, GeneratorState};
    let mut g = shadowed::uses_common_names(1);
    let mut items = Vec::new();
    let done = loop {
        match g.resume(()) {
            GeneratorState::Yielded(x) => items.push(x),
            GeneratorState::Complete(x) => break x,
        }
    };
    assert_eq!(items, [2, 3, 7, 8, 9]);
    assert_eq!(done, 10);
}

#[test]
fn a_generator_that_delegates_to_itself_uses_only_its_own_names() {
    let (items, done) = support::collect(shadowed::delegates_to_itself(3));
    assert_eq!((items, done), (vec![3, 2, 1, 0], 6));
}
