//! The plan's facts on small bodies: what each arm is, forwards to, runs
//! before the dispatch, declares, releases and moves to a twin.

use quote::quote;
use syn::parse::Parser;

use crate::diag::Diagnostics;
use crate::ir::{ArmId, BindingId, Id, Ir, YieldId};
use crate::plan::arms::{ArmKind, ArmPlan};
use crate::plan::machine::{self, MachinePlan};
use crate::plan::program::{BundleBase, Decl, Name, Op};
use crate::plan::walk::Context;

fn lowered(body: &proc_macro2::TokenStream) -> Ir {
    let body: syn::Block = syn::parse2(quote!({ #body })).expect("a block");
    let mut diag = Diagnostics::default();
    let ir = crate::lower::lower(
        &body,
        &[],
        &syn::parse_quote!(::gen_runtime),
        None,
        &syn::parse_quote!(u32),
        None,
        &mut diag,
    );
    assert!(diag.take().is_none(), "the body lowers without errors");
    ir
}

/// Lowers and plans `body` (a generator of `u32` without parameters) and
/// hands the result to `check`.
fn planned(body: &proc_macro2::TokenStream, check: impl FnOnce(&Ir, &ArmPlan, &MachinePlan)) {
    let ir = lowered(body);
    let arms = ArmPlan::build(&ir);
    let storage = crate::plan::storage(&ir, &arms);
    let machine = machine::build(Context { ir: &ir, plan: &arms, storage: &storage });
    check(&ir, &arms, &machine);
}

fn arms_of(plan: &ArmPlan, kind: impl Fn(ArmKind) -> bool) -> Vec<ArmId> {
    plan.arms.ids().filter(|&arm| kind(plan.arms[arm].kind)).collect()
}

fn binding(ir: &Ir, name: &str) -> BindingId {
    ir.bindings.enumerate().find(|(_, b)| b.name == name).map(|(id, _)| id).expect("a binding of that name")
}

fn ops_of(machine: &MachinePlan, arm: ArmId) -> Vec<Op> {
    let mut out = Vec::new();
    let program = machine.programs[arm].as_ref().expect("the arm has a program");
    crate::plan::program::each_op(&program.code, &mut |op| out.push(op.clone()));
    out
}

/// `for i in 0..3 { yield_!(i); }`
fn count_loop() -> proc_macro2::TokenStream {
    quote!(for i in 0..3 {
        yield_!(i);
    })
}

#[test]
fn a_yield_that_ends_a_loop_body_forwards_to_the_loop_head() {
    planned(&count_loop(), |_, plan, machine| {
        let heads = arms_of(plan, |k| matches!(k, ArmKind::Head(_)));
        let resumes = arms_of(plan, |k| matches!(k, ArmKind::Resume(_)));
        assert_eq!((heads.len(), resumes.len()), (1, 1));
        assert_eq!(machine.forward[resumes[0]], Some(heads[0]));
        assert!(machine.programs[resumes[0]].is_none(), "a forwarding arm has no code");
    });
}

#[test]
fn a_yield_followed_by_code_does_not_forward() {
    planned(&quote!(let mut n = 0; for i in 0..3 { yield_!(i); n += i; } yield_!(n);), |_, plan, machine| {
        let first_resume = arms_of(plan, |k| k == ArmKind::Resume(YieldId::from_index(0)))[0];
        assert_eq!(machine.forward[first_resume], None);
        let program = machine.programs[first_resume].as_ref().expect("code");
        assert_eq!(program.statements, 1, "`n += i` runs there");
        let head = arms_of(plan, |k| matches!(k, ArmKind::Head(_)))[0];
        assert_eq!(program.transitions, vec![head]);
    });
}

#[test]
fn the_start_arm_runs_before_the_dispatch_unless_it_completes() {
    planned(&count_loop(), |_, _, machine| {
        assert!(machine.before_dispatch[ArmId::START]);
        assert!(!machine.dispatched().contains(&ArmId::START));
    });
    planned(&quote!(if f() { return; } yield_!(1);), |_, _, machine| {
        assert!(!machine.before_dispatch[ArmId::START]);
        assert!(machine.programs[ArmId::START].as_ref().is_some_and(|p| p.completes));
    });
}

#[test]
fn completes_and_jumps_come_from_returns_and_transitions() {
    // A `?` completes the generator; the loop runs natively in its head.
    planned(
        &quote!(for i in 0..3 {
            g()?;
            yield_!(i);
        }),
        |_, _, machine| {
            assert!(machine.completes);
            assert!(!machine.jumps, "the resume arm forwards, the head loops natively");
        },
    );
    // The code after the loop is reached from the head arm and continues a
    // second loop's head through the dispatch.
    planned(&quote!(for i in 0..3 { yield_!(i); } let k = 1; loop { yield_!(k); }), |_, _, machine| {
        assert!(!machine.completes, "no arm can complete");
        assert!(machine.jumps);
    });
}

#[test]
fn a_binding_is_declared_without_a_value_only_in_arms_that_mention_it() {
    planned(&quote!(let x; yield_!(1); yield_!(2); x = 5; yield_!(x);), |ir, plan, machine| {
        let x = binding(ir, "x");
        let deferred_in =
            |arm: ArmId| ops_of(machine, arm).iter().any(|op| matches!(op, Op::Declare(Decl::Deferred(b)) if *b == x));
        let after_first = arms_of(plan, |k| k == ArmKind::Resume(YieldId::from_index(0)))[0];
        let after_second = arms_of(plan, |k| k == ArmKind::Resume(YieldId::from_index(1)))[0];
        assert!(!deferred_in(after_first), "the arm after the first yield does not name `x`");
        assert!(deferred_in(after_second), "the arm after the second yield assigns `x`");
    });
}

/// A `continue` in a loop whose body shadows a binding goes through the
/// dispatch; the values that may borrow another one go first.
#[test]
fn a_borrowing_value_is_released_before_a_transition() {
    let body = quote! {
        let s = String::new();
        let base = 1u32;
        for i in 0..3u32 {
            let base = base + i;
            let t = watch(&s);
            if idle(&t) { continue; }
            yield_!(base);
        }
    };
    planned(&body, |ir, _, machine| {
        let t = binding(ir, "t");
        let releases: Vec<Vec<Name>> = machine
            .programs
            .ids()
            .filter(|&arm| machine.programs[arm].is_some())
            .flat_map(|arm| ops_of(machine, arm))
            .filter_map(|op| match op {
                Op::Transition { leave, .. } if !leave.release.is_empty() => Some(leave.release),
                _ => None,
            })
            .collect();
        assert!(!releases.is_empty(), "the `continue` releases `t`");
        assert!(releases.iter().all(|release| release == &vec![Name::Own(t)]));
    });
}

#[test]
fn a_shadowed_carried_value_moves_to_its_twin() {
    planned(
        &quote!(let x = String::new(); { let x = 1u32; yield_!(x); } yield_!(x.len() as u32);),
        |ir, _, machine| {
            let outer = binding(ir, "x");
            let ops = ops_of(machine, ArmId::START);
            assert!(ops.iter().any(
                |op| matches!(op, Op::Transfer { binding, from: Name::Own(b) } if *binding == outer && *b == outer)
            ));
            let stored_from_twin = ops.iter().any(|op| match op {
                Op::Suspend { leave, .. } => leave.fields.iter().any(|f| f.name == Name::Twin(outer)),
                _ => false,
            });
            assert!(stored_from_twin, "the state takes the outer `x` from its twin");
        },
    );
}

#[test]
fn a_loop_iterator_carried_across_yields_is_kept_in_a_slot() {
    planned(&quote!(let v = vec![1u32, 2]; for x in v { yield_!(x); }), |ir, plan, machine| {
        let head = arms_of(plan, |k| matches!(k, ArmKind::Head(_)))[0];
        let _ = ir;
        let head_ops = ops_of(machine, head);
        assert!(
            head_ops.iter().any(|op| matches!(op, Op::Declare(Decl::ResumeSlotGuard(_)))),
            "the head takes the guard back"
        );
        assert!(ops_of(machine, ArmId::START).iter().any(|op| matches!(op, Op::StoreInSlot { .. })));
    });
}

/// A parameter a loop iterates by borrow is in its slot from when the
/// generator is made: the start arm takes its guard back instead of
/// storing it, and `Unresumed` has no field for it.
#[test]
fn a_parameter_kept_in_place_is_in_its_slot_from_the_start() {
    let param = |name: &str| crate::front::signature::ParamSpec {
        pat: syn::Pat::parse_single.parse_str(name).expect("a pattern"),
        value: Some(syn::parse_str(name).expect("an expression")),
        hidden: false,
        no_drop: false,
        holds: crate::front::signature::Holds::Collection,
    };
    let body: syn::Block = syn::parse2(quote!({
        let w = moved;
        for x in &kept {
            yield_!(*x);
        }
        for x in &w {
            yield_!(*x);
        }
    }))
    .expect("a block");
    let mut diag = Diagnostics::default();
    let (krate, yield_ty) = (syn::parse_quote!(::gen_runtime), syn::parse_quote!(u32));
    let ir = crate::lower::lower(&body, &[param("moved"), param("kept")], &krate, None, &yield_ty, None, &mut diag);
    assert!(diag.take().is_none(), "the body lowers without errors");
    let arms = ArmPlan::build(&ir);
    let storage = crate::plan::storage(&ir, &arms);
    let (kept, w) = (binding(&ir, "kept"), binding(&ir, "w"));
    assert!(storage.is_prefilled(kept));
    assert!(storage.slot_of[w].is_some() && !storage.is_prefilled(w), "a local is stored where its `let` runs");
    assert!(!storage.is_prefilled(binding(&ir, "moved")));
    let machine = machine::build(Context { ir: &ir, plan: &arms, storage: &storage });
    let start = ops_of(&machine, ArmId::START);
    assert!(start.iter().any(|op| matches!(op, Op::Declare(Decl::ResumeSlotGuard(b)) if *b == kept)));
    assert!(!start.iter().any(|op| matches!(op, Op::StoreInSlot { binding, .. } if *binding == kept)));
}

/// The analyses pass over the whole body until their loop heads are
/// stable: nested loops cost a pass per level, not a fixpoint per visit of
/// the enclosing loop's body (2^depth walks, which made a 16-deep nest take
/// half a second to expand and a 32-deep one hours).
#[test]
fn the_analyses_walk_nested_loops_a_quadratic_number_of_times() {
    let depth: usize = 12;
    let items: Vec<proc_macro2::Ident> = (0..depth).map(|i| quote::format_ident!("i{}", i)).collect();
    let mut body = quote!(yield_!(0 #(+ #items)*););
    for item in items.iter().rev() {
        body = quote!(for #item in 0..n { #body });
    }
    let ir = lowered(&quote!(let n = 3u32; #body));
    let arms = ArmPlan::build(&ir);
    let liveness = crate::plan::liveness::analyze(&ir, &arms);
    let carried = |arm: ArmId, _: &crate::plan::state::InitState| liveness.at_arm[arm].live.clone();
    let init = crate::plan::init::analyze(&ir, &arms, &carried);
    // A pass over the body per level: about depth² walks of loop bodies.
    let bound = 2 * depth * depth;
    assert!(liveness.loop_walks <= bound, "liveness walked loop bodies {} times", liveness.loop_walks);
    assert!(init.loop_walks <= bound, "init walked loop bodies {} times", init.loop_walks);
}

/// `page.users` moved out by the loop: the arms after it carry the field
/// the code after reads, `next_cursor`, as parts.
#[test]
fn a_partly_moved_local_is_carried_as_the_fields_read_later() {
    let body = quote! {
        let page = make_page();
        for user in page.users { yield_!(user); }
        yield_!(page.next_cursor);
    };
    planned(&body, |ir, plan, machine| {
        let page = binding(ir, "page");
        let head = arms_of(plan, |k| matches!(k, ArmKind::Head(_)))[0];
        let carried_as_parts = ops_of(machine, head).into_iter().any(|op| match op {
            Op::Suspend { leave, .. } | Op::Transition { leave, .. } => {
                leave.fields.iter().any(|f| f.binding == page && f.parts.is_some())
            }
            _ => false,
        });
        assert!(carried_as_parts, "the head arm hands `page` on as its parts once `users` has moved");
    });
}

/// A mutable binding declared without a value in an arm (it is assigned
/// before it is read) gets its type from the marker the arm receives.
#[test]
fn a_binding_declared_without_a_value_takes_its_type_from_a_marker() {
    let body = quote! {
        let mut total = 0u32;
        yield_!(total);
        total = 5;
        yield_!(total);
    };
    planned(&body, |ir, plan, machine| {
        let total = binding(ir, "total");
        let after_first = arms_of(plan, |k| k == ArmKind::Resume(YieldId::from_index(0)))[0];
        let ops = ops_of(machine, after_first);
        assert!(ops.iter().any(|op| matches!(op, Op::Declare(Decl::Deferred(b)) if *b == total)));
        let typed = ops
            .iter()
            .any(|op| matches!(op, Op::Declare(Decl::MarkerFromField { gives_type_to: Some(b), .. }) if *b == total));
        assert!(typed, "the marker gives `total` its type");
    });
}

/// Five nested loops whose innermost body names only its own item.
fn nested_loops() -> proc_macro2::TokenStream {
    quote! {
        let n = 3u32;
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

/// The inner loops' head arms name their own iterator and item only: the
/// values of the loops around them travel as one bundle, handed on whole
/// or in part from one head to the next, and declared once per arm. The
/// state a suspended generator keeps stays flat (a tuple keeps its own
/// padding): a suspension takes the bundle apart.
#[test]
fn values_an_arm_only_hands_on_travel_as_one_bundle() {
    planned(&nested_loops(), |ir, plan, machine| {
        let heads = arms_of(plan, |k| matches!(k, ArmKind::Head(_)));
        let innermost = *heads.last().expect("five heads");
        let bundle = machine.bundles.of_arm[innermost].expect("the innermost head carries a bundle");
        let members = &machine.bundles.members[bundle];
        for name in ["a", "b", "c"] {
            assert!(members.contains(&binding(ir, name)), "`{name}` is bundled");
        }
        // `n` is named by the heads around: the bundle starts where theirs
        // does, so that each hands its bundle on to the next.
        for name in ["n", "d", "e"] {
            assert!(!members.contains(&binding(ir, name)), "`{name}` is not bundled");
        }
        for resume in arms_of(plan, |k| matches!(k, ArmKind::Resume(_))) {
            assert_eq!(machine.bundles.of_arm[resume], None, "the state stays flat");
        }
        let suspends_apart = ops_of(machine, innermost).into_iter().any(|op| match op {
            Op::Suspend { leave, .. } => leave.bundle.is_none() && leave.unbundle.is_some(),
            _ => false,
        });
        assert!(suspends_apart, "the yield stores the bundle's values one by one");
        let handed_on = heads.iter().flat_map(|&head| ops_of(machine, head)).any(|op| match op {
            Op::Transition { leave, .. } => {
                leave.bundle.is_some_and(|made| matches!(made.base, BundleBase::Whole(_) | BundleBase::Rest))
            }
            _ => false,
        });
        assert!(handed_on, "a head hands its bundle on to another");
        let declared = ops_of(machine, innermost)
            .into_iter()
            .filter(|op| matches!(op, Op::Declare(Decl::BundleFromField(b)) if *b == bundle))
            .count();
        assert_eq!(declared, 1);
        let redeclared = |name: &str| {
            let b = binding(ir, name);
            ops_of(machine, innermost).into_iter().any(|op| matches!(op, Op::Declare(Decl::FromField(x)) if x == b))
        };
        assert!(!redeclared("a") && !redeclared("c"), "bundled values are not declared one by one");
        assert!(redeclared("d"));
    });
}

/// A value the arm's code names, or whose block the arm leaves and goes
/// on, stays a value of its own.
#[test]
fn values_an_arm_names_or_outlives_are_not_bundled() {
    let body = quote! {
        let n = 3u32;
        let m = 4u32;
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    yield_!(c + m);
                }
            }
        }
    };
    planned(&body, |ir, plan, machine| {
        let innermost = *arms_of(plan, |k| matches!(k, ArmKind::Head(_))).last().expect("three heads");
        let members = machine.bundles.of_arm[innermost].map(|bundle| machine.bundles.members[bundle].clone());
        let members = members.unwrap_or_default();
        assert!(!members.contains(&binding(ir, "m")), "the yield names `m`");
        // When the innermost loop ends, the arm leaves `b`'s body (and so
        // `b`'s scope) before it goes back to `b`'s loop.
        assert!(!members.contains(&binding(ir, "b")));
    });
}

/// `let v = &v;` before a `yield_!`: the shadowed `v` moves to its twin
/// before the `let`, whose initialiser reads the twin (after the `let`,
/// moving it would not compile: the new `v` borrows it).
#[test]
fn a_value_shadowed_by_a_borrow_of_itself_moves_to_its_twin_first() {
    planned(&quote!(let v = vec![1u32]; let v = &v; let n = v.len() as u32; yield_!(n);), |ir, _, machine| {
        let ops = ops_of(machine, ArmId::START);
        let outer = binding(ir, "v");
        let transfer = ops.iter().position(|op| matches!(op, Op::Transfer { binding, .. } if *binding == outer));
        let shadowing =
            ops.iter().position(|op| matches!(op, Op::Let { init_reads_twins, .. } if init_reads_twins == &[outer]));
        assert!(transfer.is_some() && shadowing.is_some() && transfer < shadowing, "the transfer comes first");
    });
}

/// A generator that delegates to itself: the call is a suspension whose
/// arm takes the callee's completion value (not the resume argument), the
/// start arm runs in the dispatch (a callee starts there), nothing is kept
/// in a slot (every level would share it), and the arm after the call does
/// not forward (it receives the value).
#[test]
fn a_generator_that_delegates_to_itself_starts_callees_in_the_dispatch() {
    let function: syn::ItemFn = syn::parse2(quote!(
        fn walk(n: u32) {
            let v = vec![1u32, 2];
            for x in &v {
                yield_!(*x);
            }
            if n > 0 {
                yield_from!(walk(n - 1));
            }
            let _ = &v;
        }
    ))
    .expect("a function");
    let mut diag = Diagnostics::default();
    let calls = crate::front::recursion::check(&function, &crate::front::args::Args::fallback(), &mut diag);
    assert!(diag.take().is_none() && calls.is_some(), "the call is delegation to itself");
    let param = crate::front::signature::ParamSpec {
        pat: syn::parse_quote!(n),
        value: Some(syn::parse_quote!(n)),
        hidden: false,
        no_drop: true,
        holds: crate::front::signature::Holds::Other,
    };
    let (krate, yield_ty) = (syn::parse_quote!(::gen_runtime), syn::parse_quote!(u32));
    let ir = crate::lower::lower(&function.block, &[param], &krate, None, &yield_ty, calls.as_ref(), &mut diag);
    assert!(diag.take().is_none(), "the body lowers without errors");
    let call = ir.yields.ids().find(|&y| ir.yields[y].delegates_to_self).expect("a suspension that calls itself");
    let arms = ArmPlan::build(&ir);
    let storage = crate::plan::storage(&ir, &arms);
    assert!(storage.slots.is_empty(), "the owner of the loop is not kept in a slot");
    let machine = machine::build(Context { ir: &ir, plan: &arms, storage: &storage });
    assert!(!machine.before_dispatch[ArmId::START] && machine.jumps);
    let after = arms_of(&arms, |kind| kind == ArmKind::Resume(call));
    assert_eq!(after.len(), 1);
    assert_eq!(machine.forward[after[0]], None);
    let ops = ops_of(&machine, after[0]);
    assert!(ops.iter().any(|op| matches!(op, Op::Declare(Decl::FromCallee(_)))));
    assert!(!ops.iter().any(|op| matches!(op, Op::Declare(Decl::FromResume(_)))));
}
