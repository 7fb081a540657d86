//! The whole state machine's plan: every arm's program, and how the arms
//! are tied together (which arms only forward to another, which runs before
//! the dispatch loop, whether the dispatch loops or completes).
//!
//! The fewer the paths back into the dispatch, the better the optimiser
//! sees through the machine once it is inlined: arms that only forward are
//! skipped, the start arm runs before the dispatch, and a transition to the
//! loop an arm runs natively is a `continue`.

use crate::ir::{ArmId, IdVec};
use crate::plan::arms::ArmKind;
use crate::plan::bundle::{self, Bundles};
use crate::plan::program::{ArmProgram, Op};
use crate::plan::walk::{self, Context};

pub(crate) struct MachinePlan {
    /// The program of each arm; `None` for an arm that only forwards.
    pub programs: IdVec<ArmId, Option<ArmProgram>>,
    /// For each arm, the arm it only forwards to (past chains of them): see
    /// [`forward_target`].
    pub forward: IdVec<ArmId, Option<ArmId>>,
    /// Arms that run before the dispatch loop, where the state is unpacked:
    /// the start arm, when it cannot complete. Its transitions compute the
    /// arm the loop runs first, instead of going back to the loop.
    pub before_dispatch: IdVec<ArmId, bool>,
    /// Whether some arm completes the generator.
    pub completes: bool,
    /// Whether some arm continues with another through the dispatch loop.
    pub jumps: bool,
    /// For each resume arm before which a suspended generator holds values
    /// in slots: what dropping it then runs (see [`walk::drop_before`]).
    pub drops: Vec<(ArmId, Vec<Op>)>,
    /// The values each arm carries as one (see [`bundle`]).
    pub bundles: Bundles,
}

impl MachinePlan {
    /// The arms the dispatch loop runs.
    pub(crate) fn dispatched(&self) -> Vec<ArmId> {
        self.forward.ids().filter(|&arm| self.forward[arm].is_none() && !self.before_dispatch[arm]).collect()
    }
}

pub(crate) fn build(cx: Context) -> MachinePlan {
    let count = cx.plan.arms.len();
    // Only the start arm: rustc checks the state match before the dispatch
    // loop, where the stored locals' types are not yet inferred, so the
    // method calls of a resume arm would not resolve there.
    // Not in a generator that delegates to itself: a callee starts through
    // the dispatch (see `emit/frames.rs`).
    let entered_from_state = |arm: ArmId| cx.plan.arms[arm].kind == ArmKind::Start && !cx.ir.delegates_to_self();
    // First the arms that may only forward to another (resume and join
    // arms); then the others, with transitions that skip forwarding arms.
    let candidates: IdVec<ArmId, Option<ArmProgram>> = cx
        .plan
        .arms
        .ids()
        .map(|arm| {
            matches!(cx.plan.arms[arm].kind, ArmKind::Resume(_) | ArmKind::Join(_))
                .then(|| walk::arm(cx, arm, entered_from_state(arm), &IdVec::new()))
        })
        .collect();
    let direct_forward: IdVec<ArmId, Option<ArmId>> = candidates
        .enumerate()
        .map(|(arm, program)| program.as_ref().and_then(|program| forward_target(cx, arm, program)))
        .collect();
    let forward: IdVec<ArmId, Option<ArmId>> =
        direct_forward.iter().map(|f| f.map(|target| walk::resolve_forward(&direct_forward, target))).collect();
    let mut before_dispatch = IdVec::filled(false, count);
    let mut programs: IdVec<ArmId, Option<ArmProgram>> = IdVec::new();
    for (arm, candidate) in cx.plan.arms.ids().zip(candidates) {
        if forward[arm].is_some() {
            programs.push(None);
            continue;
        }
        let before = entered_from_state(arm);
        let program = match candidate {
            // Its transitions did not go to forwarding arms: it stands.
            Some(program) if program.transitions.iter().all(|&t| direct_forward[t].is_none()) => program,
            _ => walk::arm(cx, arm, before, &direct_forward),
        };
        // An arm that completes the generator breaks out of the dispatch.
        let program = if before && program.completes { walk::arm(cx, arm, false, &direct_forward) } else { program };
        before_dispatch[arm] = before && !program.completes;
        programs.push(Some(program));
    }
    let mut machine = MachinePlan {
        programs,
        forward,
        before_dispatch,
        completes: false,
        jumps: false,
        drops: drops(cx),
        bundles: Bundles::default(),
    };
    // The dispatch must have an arm left (it has unless no arm can complete
    // and no loop suspends).
    if machine.dispatched().is_empty() {
        for arm in cx.plan.arms.ids() {
            if std::mem::take(&mut machine.before_dispatch[arm]) {
                machine.programs[arm] = Some(walk::arm(cx, arm, false, &direct_forward));
            }
        }
    }
    for program in machine.programs.iter().flatten() {
        machine.completes |= program.completes;
        machine.jumps |= program.jumps;
    }
    // A callee starts, and its caller resumes, through the dispatch loop.
    machine.jumps |= cx.ir.delegates_to_self();
    bundle::bundle(cx, &mut machine);
    machine
}

/// For a resume or join arm that runs no code of its own and only hands its
/// bindings on to another arm (a `yield_!`, or an `if`, at the end of a
/// loop body), that arm. A resume then enters it directly, and a
/// transition goes straight to it.
///
/// The bindings the other arm does not take, and the resume argument, were
/// dropped at the end of their scopes; they are dropped where the state is
/// unpacked, or the transition leaves its scopes, instead: in the same
/// order, before any other code.
fn forward_target(cx: Context, arm: ArmId, program: &ArmProgram) -> Option<ArmId> {
    let entry = &cx.plan.arms[arm];
    if !matches!(entry.kind, ArmKind::Resume(_) | ArmKind::Join(_)) || program.statements > 0 {
        return None;
    }
    // Its entry takes the callee's completion value (`emit/frames.rs`).
    if matches!(entry.kind, ArmKind::Resume(y) if cx.ir.yields[y].delegates_to_self) {
        return None;
    }
    let &[target] = program.transitions.as_slice() else { return None };
    let storage = cx.storage;
    let fields = &storage.fields[arm];
    let split = |arm: ArmId, b: &crate::ir::BindingId| storage.split[arm].get(b).copied();
    let passed_on = storage.fields[target].iter().all(|b| fields.contains(b) && split(target, b) == split(arm, b));
    let renamed = fields.iter().any(|&b| walk::shadowed_at_entry(cx, arm, b));
    let target_scope = crate::plan::in_scope(cx.ir, &cx.plan.arms[target].entry);
    let slots_kept = crate::plan::in_scope(cx.ir, &entry.entry)
        .into_iter()
        .all(|b| storage.slot_of[b].is_none() || target_scope.contains(&b));
    (passed_on && !renamed && slots_kept).then_some(target)
}

/// What dropping a suspended generator runs, for each resume arm where it
/// holds values in slots.
fn drops(cx: Context) -> Vec<(ArmId, Vec<Op>)> {
    cx.plan
        .arms
        .ids()
        .filter(|&arm| matches!(cx.plan.arms[arm].kind, ArmKind::Resume(_)))
        .filter_map(|arm| walk::drop_before(cx, arm).map(|ops| (arm, ops)))
        .collect()
}
