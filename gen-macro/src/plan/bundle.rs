//! Bundles: values an arm carries without naming them, carried as one.
//!
//! An arm re-declares each value its variant carries, and each transition
//! names each value the next arm receives. In nested loops, the arm of
//! loop `k` carries the values of every loop around it, so the expansion
//! would grow with the square of the depth. Most of those values the arm
//! never names: it only hands them on. Those it carries as one *bundle*, a
//! nested tuple with the innermost value first (`(c, (b, a))`), declared
//! as one variable and passed on whole; going one loop deeper wraps one
//! more layer around it, leaving a loop takes one off. Each arm then costs
//! the same whatever the depth.
//!
//! Bundles live only while the generator runs, in the `__GenCur` variants
//! of loop heads and joins: the state a suspended generator keeps stays
//! flat. A tuple keeps its own padding (`(u8, (u64, u8))` takes 24 bytes
//! where the three values side by side take 16), so a bundle in the state
//! could make the generator larger than its live values; a suspension
//! takes the bundle apart, and a resume that goes straight to a loop head
//! puts it together again. Those cost as many tokens as the state variant
//! has fields anyway.
//!
//! A bundle must drop its values as the plain function would: in the
//! reverse order of their declaration, each at the end of its scope. Hence
//! its members are a run of the values the arm declares on entry with no
//! other declaration among them (the variable takes the place of the
//! innermost one, and a tuple drops its first field first), declared in
//! blocks the arm does not leave while it goes on (the variable drops with
//! its block), and every transition of the arm carries each of them on, or
//! it has nothing to drop (taking a bundle apart moves its values into new
//! variables, which would drop first). Values the arm names in any way
//! (user code, a release, a twin, a type marker, fields of a partly moved
//! value) are not bundled.

use crate::ir::{BindingId, BlockId, BundleId, IdVec};
use crate::plan::arms::{ArmId, ArmKind};
use crate::plan::machine::MachinePlan;
use crate::plan::program::{ArmProgram, BundleBase, BundleValue, Decl, FieldValue, Leave, Name, Op, Unbundle, each_op};
use crate::plan::walk::Context;
use crate::plan::{BitSet, Storage};

/// Shorter runs are carried one value by one: small generators, whose
/// arms hand few values on, keep the plain layout, and the expansion stays
/// linear (an arm carries fewer than this many unnamed values between two
/// it names).
const MIN_MEMBERS: usize = 4;

/// The bundles of every arm.
#[derive(Default)]
pub(crate) struct Bundles {
    /// The values of each bundle, outermost first.
    pub members: IdVec<BundleId, Vec<BindingId>>,
    /// The bundle each arm's variant carries, if any.
    pub of_arm: IdVec<ArmId, Option<BundleId>>,
}

/// One field of an arm's variant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Field {
    Binding(BindingId),
    Bundle(BundleId),
}

impl Bundles {
    /// The fields of arm `arm`'s variant, in declaration order: the
    /// bundle where its innermost value would be.
    pub(crate) fn layout(&self, storage: &Storage, arm: ArmId) -> Vec<Field> {
        let bundle = self.of_arm.get(arm).copied().flatten();
        let members = bundle.map_or(&[][..], |bundle| &self.members[bundle][..]);
        let mut fields = Vec::new();
        for &binding in &storage.fields[arm] {
            if !members.contains(&binding) {
                fields.push(Field::Binding(binding));
            } else if members.last() == Some(&binding) {
                fields.extend(bundle.map(Field::Bundle));
            }
        }
        fields
    }
}

/// Chooses each arm's bundle and rewrites the programs to carry them.
pub(crate) fn bundle(cx: Context, machine: &mut MachinePlan) {
    let chosen = choose(cx, machine);
    let mut bundles = Bundles { members: IdVec::new(), of_arm: IdVec::new() };
    for members in chosen {
        let id = members.map(|members| {
            let known = bundles.members.enumerate().find(|(_, known)| **known == members).map(|(id, _)| id);
            known.unwrap_or_else(|| bundles.members.push(members))
        });
        bundles.of_arm.push(id);
    }
    let rewriter = Rewriter { bundles: &bundles };
    for (arm, program) in machine.programs.ids().zip(machine.programs.iter_mut()) {
        if let Some(program) = program {
            rewriter.ops(&mut program.code, arm);
        }
    }
    for (arm, ops) in &mut machine.drops {
        rewriter.ops(ops, *arm);
    }
    machine.bundles = bundles;
}

/// The members of each arm's bundle.
fn choose(cx: Context, machine: &MachinePlan) -> IdVec<ArmId, Option<Vec<BindingId>>> {
    let arms = &cx.plan.arms;
    // A macro of the body defined again in an arm may name any value.
    if !cx.ir.macros.is_empty() {
        return arms.ids().map(|_| None).collect();
    }
    let mut chosen: IdVec<ArmId, Option<Vec<BindingId>>> = machine
        .programs
        .enumerate()
        .map(|(arm, program)| {
            // The start arm receives the parameters; a resume arm's variant
            // is also the state's, which stays flat.
            let program = program.as_ref().filter(|_| matches!(arms[arm].kind, ArmKind::Head(_) | ArmKind::Join(_)))?;
            let facts = ArmFacts {
                released: released(&program.code, cx.ir.bindings.len()),
                targets: targets(&program.code),
                blocks: enclosing_blocks(cx, arm),
            };
            longest_run(cx, arm, |binding| bundleable(cx, arm, program, &facts, binding))
        })
        .collect();
    align_starts(machine, &mut chosen);
    drop_unpassed(machine, &mut chosen);
    chosen
}

/// Starts a bundle where the bundle of an arm it continues with starts, if
/// that is one of its members: two bundles are handed on to each other in
/// part only from their outermost members in (the innermost loop's head,
/// which does not name `n`, would otherwise bundle `n` with the values the
/// head around it bundles without `n`).
fn align_starts(machine: &MachinePlan, chosen: &mut IdVec<ArmId, Option<Vec<BindingId>>>) {
    let targets: IdVec<ArmId, Vec<ArmId>> =
        machine.programs.iter().map(|program| program.as_ref().map(|p| targets(&p.code)).unwrap_or_default()).collect();
    // Each trim shortens a bundle: the loop ends.
    loop {
        let mut trimmed = false;
        for arm in chosen.ids() {
            for &target in &targets[arm] {
                let (Some(ours), Some(theirs)) = (&chosen[arm], &chosen[target]) else { continue };
                let start = ours.iter().position(|b| Some(b) == theirs.first());
                if let Some(start) = start.filter(|&start| start > 0 && ours.len() - start >= MIN_MEMBERS) {
                    let members = ours[start..].to_vec();
                    chosen[arm] = Some(members);
                    trimmed = true;
                }
            }
        }
        if !trimmed {
            break;
        }
    }
}

/// Drops the bundles that no transition of their arm hands on, even in
/// part: taking a bundle apart at every transition gains nothing. (Without
/// one arm's bundle, the bundles of arms that continue with it may become
/// such.)
fn drop_unpassed(machine: &MachinePlan, chosen: &mut IdVec<ArmId, Option<Vec<BindingId>>>) {
    let targets: IdVec<ArmId, Vec<ArmId>> =
        machine.programs.iter().map(|program| program.as_ref().map(|p| targets(&p.code)).unwrap_or_default()).collect();
    loop {
        let unpassed: Vec<ArmId> = chosen
            .enumerate()
            .filter(|(arm, members)| {
                let Some(members) = members else { return false };
                // Bundles that share members share their outermost ones
                // (members are runs in scope order, built outward in):
                // comparing the first tells whether any layer is reused.
                !targets[*arm].is_empty()
                    && targets[*arm]
                        .iter()
                        .all(|&target| chosen[target].as_ref().is_none_or(|theirs| theirs.first() != members.first()))
            })
            .map(|(arm, _)| arm)
            .collect();
        if unpassed.is_empty() {
            break;
        }
        for arm in unpassed {
            chosen[arm] = None;
        }
    }
}

/// What [`bundleable`] reads of an arm's program.
struct ArmFacts {
    /// The values it releases by name.
    released: BitSet,
    /// The arms it continues with.
    targets: Vec<ArmId>,
    /// The blocks around its entry, from the body in.
    blocks: Vec<BlockId>,
}

/// Whether arm `arm` may carry `binding` in its bundle (see the module
/// documentation).
fn bundleable(cx: Context, arm: ArmId, program: &ArmProgram, facts: &ArmFacts, binding: BindingId) -> bool {
    let (ir, storage) = (cx.ir, cx.storage);
    let b = &ir.bindings[binding];
    let is_marker = ir.marker_owner(binding).is_some();
    let has_marker = b.marker.is_some_and(|marker| storage.carried.contains(marker));
    let level = facts.blocks.iter().position(|&block| block == b.block);
    let left = level.is_none_or(|level| program.exited.is_some_and(|exited| level >= exited));
    let carried_on = |target: ArmId| {
        b.no_drop || (storage.fields[target].contains(&binding) && !storage.split[target].contains_key(&binding))
    };
    storage.fields[arm].contains(&binding)
        && !program.named.contains(binding)
        && !facts.released.contains(binding)
        && !storage.moves_to_twin[binding]
        && !is_marker
        && !has_marker
        && !storage.split[arm].contains_key(&binding)
        && !left
        && facts.targets.iter().all(|&target| carried_on(target))
}

/// The longest run of `arm`'s declarations on entry that `ok` accepts, if
/// long enough.
fn longest_run(cx: Context, arm: ArmId, ok: impl Fn(BindingId) -> bool) -> Option<Vec<BindingId>> {
    let mut best: Vec<BindingId> = Vec::new();
    let mut run = Vec::new();
    for binding in declarations(cx, arm) {
        if ok(binding) {
            run.push(binding);
            continue;
        }
        if run.len() > best.len() {
            best = std::mem::take(&mut run);
        }
        run.clear();
    }
    if run.len() > best.len() {
        best = run;
    }
    (best.len() >= MIN_MEMBERS).then_some(best)
}

/// The bindings in scope at `arm`'s entry it declares something for, in
/// declaration order.
fn declarations(cx: Context, arm: ArmId) -> Vec<BindingId> {
    let storage = cx.storage;
    let entry = &cx.plan.arms[arm].entry;
    let result = match cx.plan.arms[arm].kind {
        ArmKind::Resume(_) => crate::plan::yield_result(cx.ir, entry),
        _ => None,
    };
    crate::plan::in_scope(cx.ir, entry)
        .into_iter()
        .filter(|&b| {
            storage.fields[arm].contains(&b)
                || storage.deferred[arm].contains(b)
                || storage.slot_of[b].is_some()
                || Some(b) == result
        })
        .collect()
}

/// The blocks around `arm`'s entry, from the body in.
fn enclosing_blocks(cx: Context, arm: ArmId) -> Vec<BlockId> {
    let mut block = &cx.ir.root;
    let mut blocks = vec![block.id];
    for &(index, child) in &cx.plan.arms[arm].entry.path {
        block = block.stmts[index].child(child).expect("positions follow existing children");
        blocks.push(block.id);
    }
    blocks
}

/// Every value `ops` release by name (of `len` bindings).
fn released(ops: &[Op], len: usize) -> BitSet {
    let mut set = BitSet::new(len);
    each_op(ops, &mut |op| {
        let names = match op {
            Op::Release(released) => released,
            Op::Suspend { leave, .. } | Op::Transition { leave, .. } => &leave.release,
            _ => return,
        };
        for &name in names {
            set.insert(binding_of(name));
        }
    });
    set
}

fn binding_of(name: Name) -> BindingId {
    match name {
        Name::Own(b) | Name::Twin(b) | Name::Unbundled(b) => b,
    }
}

/// The arms `ops` continue with.
fn targets(ops: &[Op]) -> Vec<ArmId> {
    let mut targets = Vec::new();
    each_op(ops, &mut |op| {
        if let Op::Suspend { leave, .. } | Op::Transition { leave, .. } = op {
            targets.push(leave.target);
        }
    });
    targets
}

/// Rewrites an arm's program to declare its bundle and to make the
/// bundles of the arms it continues with.
struct Rewriter<'a> {
    bundles: &'a Bundles,
}

impl Rewriter<'_> {
    fn ops(&self, ops: &mut Vec<Op>, arm: ArmId) {
        let Some(bundle) = self.bundles.of_arm[arm] else {
            // Its transitions may still make bundles.
            self.leaves(ops, None);
            return;
        };
        let members = &self.bundles.members[bundle];
        declare_bundle(ops, bundle, members);
        self.leaves(ops, Some(bundle));
    }

    /// Every transition and suspension in `ops`.
    fn leaves(&self, ops: &mut [Op], own: Option<BundleId>) {
        for op in ops {
            if let Op::Suspend { leave, .. } | Op::Transition { leave, .. } = op {
                self.leave(leave, own);
            }
            for child in op.children_mut() {
                self.leaves(child, own);
            }
        }
    }

    /// Fills the target's bundle from `own` (the arm's bundle) and the
    /// values the arm names, taking `own` apart as far as the target does
    /// not carry it.
    fn leave(&self, leave: &mut Leave, own: Option<BundleId>) {
        let to = self.bundles.of_arm[leave.target];
        let members = |bundle: Option<BundleId>| bundle.map_or(&[][..], |b| &self.bundles.members[b][..]);
        let (from_members, to_members) = (members(own), members(to));
        let shared = from_members.iter().zip(to_members).take_while(|(a, b)| a == b).count();
        let whole = own.is_some() && shared == from_members.len();
        let pieces: Vec<BindingId> =
            if whole { Vec::new() } else { from_members[shared..].iter().rev().copied().collect() };
        if let Some(bundle) = own.filter(|_| !whole) {
            leave.unbundle = Some(Unbundle { bundle, pieces: pieces.clone(), rest: shared > 0 });
        }
        let name_of = |fields: &[FieldValue], binding: BindingId| {
            if pieces.contains(&binding) {
                return Name::Unbundled(binding);
            }
            fields.iter().find(|f| f.binding == binding).map_or(Name::Own(binding), |f| f.name)
        };
        if let Some(bundle) = to {
            let (base, first_layer) = if let Some(own) = own.filter(|_| whole) {
                (BundleBase::Whole(own), shared)
            } else if shared > 0 {
                (BundleBase::Rest, shared)
            } else {
                (BundleBase::Value(name_of(&leave.fields, to_members[0])), 1)
            };
            let layers = to_members[first_layer..].iter().map(|&b| name_of(&leave.fields, b)).collect();
            leave.bundle = Some(BundleValue { bundle, base, layers });
        }
        let fields = std::mem::take(&mut leave.fields);
        leave.fields = fields
            .iter()
            .filter(|f| !to_members.contains(&f.binding))
            .map(|f| {
                let name = if pieces.contains(&f.binding) { Name::Unbundled(f.binding) } else { f.name };
                FieldValue { name, ..f.clone() }
            })
            .collect();
    }
}

/// The members' re-declarations replaced by the bundle's.
fn declare_bundle(ops: &mut Vec<Op>, bundle: BundleId, members: &[BindingId]) {
    ops.retain(|op| !matches!(op, Op::Declare(Decl::FromField(b)) if members[..members.len() - 1].contains(b)));
    for op in ops.iter_mut() {
        match op {
            Op::Declare(Decl::FromField(b)) if members.last() == Some(b) => {
                *op = Op::Declare(Decl::BundleFromField(bundle));
            }
            Op::Block(body) | Op::Labeled { body, .. } => declare_bundle(body, bundle, members),
            _ => {}
        }
    }
}
