//! Which bindings each arm of the state machine must receive.
//!
//! At an arm's entry, a binding in scope is *stored* (carried in the arm's
//! state variant) when the code after the entry may read it ([`liveness`]),
//! or when it certainly still owns a value that must be dropped at the end
//! of its scope ([`init`]). A binding in scope that is only assigned later
//! is *declared* without a value. Anything else is left out, so bindings
//! that are never alive at the same time never take space together.
//!
//! A binding lowering proposed to keep in place ([`SlotKind`]) that some arm
//! would carry goes to a *slot* instead: storage outside the state variants
//! that it keeps for its whole scope, so that resuming never moves it.
//! Bindings whose scopes do not overlap share a slot.

pub(crate) mod arms;
mod bitset;
pub(crate) mod bundle;
pub(crate) mod init;
pub(crate) mod liveness;
pub(crate) mod machine;
pub(crate) mod program;
pub(crate) mod self_borrow;
pub(crate) mod state;
pub(crate) mod walk;

#[cfg(test)]
mod tests;

use crate::ir::{BindingId, Block, BlockId, IdVec, Ir, PartsId, Position, SlotId, SlotKind};
use crate::plan::arms::{ArmId, ArmKind, ArmPlan};

pub(crate) use bitset::BitSet;

pub(crate) struct Storage {
    /// For each binding, the binding it shadows, if any: an earlier binding
    /// with the same name, in scope where it is declared.
    pub shadows: IdVec<BindingId, Option<BindingId>>,
    /// Whether a binding's value may have to move to its twin when it is
    /// shadowed: some arm carries it. (Emission moves it only where a state
    /// store then needs it.)
    pub moves_to_twin: IdVec<BindingId, bool>,
    /// For each arm, the bindings its state variant carries, in
    /// declaration order.
    pub fields: IdVec<ArmId, Vec<BindingId>>,
    /// For each arm, the bindings in scope at its entry that are declared
    /// without a value.
    pub deferred: IdVec<ArmId, BitSet>,
    /// For each arm, the loop items in scope at its entry that the code
    /// after it reads: made again from their cursor and owner rather than
    /// carried (see [`Rederived`](crate::ir::Rederived)).
    pub rederived: IdVec<ArmId, BitSet>,
    /// Bindings some arm carries.
    pub carried: BitSet,
    /// The initialisation state at each arm's entry.
    pub init: IdVec<ArmId, Option<state::InitState>>,
    /// The initialisation state at each point the code may continue in
    /// another arm.
    pub at_site: std::collections::HashMap<init::Site, state::InitState>,
    /// The bindings live at each site.
    pub live_at: std::collections::HashMap<init::Site, BitSet>,
    /// The bindings of each slot, in declaration order.
    pub slots: IdVec<SlotId, Vec<BindingId>>,
    /// The slot each binding is kept in, if any.
    pub slot_of: IdVec<BindingId, Option<SlotId>>,
    /// For each arm, the carried bindings it receives as [`Parts`] rather
    /// than whole, by index in `parts`.
    pub split: IdVec<ArmId, std::collections::BTreeMap<BindingId, PartsId>>,
    /// The distinct sets of fields bindings are carried as.
    pub parts: IdVec<PartsId, Parts>,
    /// Slots that hold one buffer and nothing else: the slot is the buffer
    /// itself, initialised when the generator is made (its initialiser is
    /// an array of literals) and again where its `let` runs. No empty state,
    /// no guard, no check on resume.
    pub direct: IdVec<SlotId, bool>,
    /// Slots that hold a parameter from when the generator is made: the
    /// parameter's index. `Unresumed` has no field for it, so the state
    /// carries no value with a niche (a `Vec`'s capacity) that each resume
    /// would have to decode: with the owner of workload 8 in `Unresumed`,
    /// LLVM left a jump table in the consumer's loop (38 instructions per
    /// item; 4.8 with the slot filled when the generator is made).
    pub prefilled: IdVec<SlotId, Option<usize>>,
}

/// The fields of a binding a field was moved out of (`for user in
/// page.users`), carried together instead of the binding: a partly moved
/// value cannot be moved whole into the state. The code after the move
/// reads the binding only through these fields (`page.next_cursor`), so it
/// reads them the same way from a value that holds them alone.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct Parts {
    pub binding: BindingId,
    /// Field names (`next_cursor`) or tuple indices (`1`), sorted.
    pub members: Vec<String>,
}

impl Storage {
    /// Whether `binding` is kept in a slot of its own (see [`Storage::direct`]).
    pub(crate) fn is_direct(&self, binding: BindingId) -> bool {
        self.slot_of[binding].is_some_and(|slot| self.direct[slot])
    }

    /// Whether `binding` is a parameter its slot holds from when the
    /// generator is made (see [`Storage::prefilled`]).
    pub(crate) fn is_prefilled(&self, binding: BindingId) -> bool {
        self.slot_of[binding].is_some_and(|slot| self.prefilled[slot].is_some())
    }

    /// Whether `binding` is a user buffer kept in place.
    pub(crate) fn is_buffer(&self, ir: &Ir, binding: BindingId) -> bool {
        self.slot_of[binding].is_some() && matches!(ir.bindings[binding].slot, Some(SlotKind::Buffer | SlotKind::Owner))
    }
}

impl Parts {
    /// For a tuple's fields, the number of fields up to the last one read
    /// (the others are rebuilt as `()`); `None` for a struct's.
    pub(crate) fn tuple_len(&self) -> Option<usize> {
        let positions: Option<Vec<usize>> = self.members.iter().map(|m| m.parse().ok()).collect();
        positions.map(|positions| positions.iter().max().map_or(0, |&max| max + 1))
    }
}

pub(crate) fn storage(ir: &Ir, plan: &ArmPlan) -> Storage {
    let shadows = shadowing(ir);
    let liveness::Liveness { at_arm: future, live_at, .. } = liveness::analyze(ir, plan);
    let carried = |arm: ArmId, state: &state::InitState| {
        let mut carried = future[arm].live.clone();
        for binding in ir.bindings.ids() {
            if keeps(ir, Some(state), binding) {
                carried.insert(binding);
            }
        }
        carried
    };
    let init::Init { at_arm: init, at_site, .. } = init::analyze(ir, plan, &carried);
    let len = ir.bindings.len();
    let mut storage = Storage {
        shadows: IdVec::new(),
        moves_to_twin: IdVec::filled(false, len),
        fields: IdVec::new(),
        deferred: IdVec::new(),
        rederived: IdVec::new(),
        carried: BitSet::new(len),
        init: IdVec::new(),
        at_site: std::collections::HashMap::new(),
        live_at: std::collections::HashMap::new(),
        slots: IdVec::new(),
        slot_of: IdVec::filled(None, len),
        split: IdVec::new(),
        parts: IdVec::new(),
        direct: IdVec::new(),
        prefilled: IdVec::new(),
    };
    for (arm_id, arm) in plan.arms.enumerate() {
        let mut fields = Vec::new();
        let mut deferred = BitSet::new(len);
        let mut rederived = BitSet::new(len);
        // The start arm binds the parameters from their raw values.
        if arm.kind != ArmKind::Start {
            let result = match arm.kind {
                ArmKind::Resume(_) => yield_result(ir, &arm.entry),
                _ => None,
            };
            for binding in in_scope(ir, &arm.entry) {
                if Some(binding) == result {
                    continue;
                }
                let live = future[arm_id].live.contains(binding);
                if ir.bindings[binding].derived.is_some() {
                    if live {
                        rederived.insert(binding);
                    }
                    continue;
                }
                if live || keeps(ir, init[arm_id].as_ref(), binding) {
                    fields.push(binding);
                    storage.carried.insert(binding);
                } else if future[arm_id].mentioned.contains(binding) {
                    deferred.insert(binding);
                }
            }
        }
        storage.fields.push(fields);
        storage.deferred.push(deferred);
        storage.rederived.push(rederived);
    }
    keep_in_place(ir, plan, &mut storage);
    carry_markers(ir, &mut storage);
    split_partly_moved(ir, &future, &init, &mut storage);
    storage.init = init;
    storage.at_site = at_site;
    storage.live_at = live_at;
    for shadowed in shadows.iter().flatten() {
        storage.moves_to_twin[*shadowed] |= storage.carried.contains(*shadowed);
    }
    storage.shadows = shadows;
    storage
}

/// The keep rule: whether a binding in scope at a suspension point that
/// the code after it does not read is kept to the end of its scope, as in a
/// plain function, rather than released (dropped there, if it holds a
/// value).
///
/// It is kept when it certainly still holds a value that may need dropping
/// and that borrows nothing the generator holds: every use of it so far
/// was a borrow, a field read or a standard borrowing method (a method the
/// macro does not know may have moved it), and its value was not derived
/// from a borrow (`s.trim()`, `v.iter()`, `f(&x)`, an unknown method's
/// result). A `let _name` guard is kept whatever its value borrows. Keeping
/// a value that is moved, or that borrows a value the state also holds,
/// would not compile; releasing one early only changes when it is dropped.
fn keeps(ir: &Ir, init: Option<&state::InitState>, binding: BindingId) -> bool {
    let b = &ir.bindings[binding];
    let guard = {
        let name = b.name.to_string();
        name.starts_with('_') && !name.starts_with("__gen_")
    };
    init.is_some_and(|s| s.is_init(binding)) && !b.no_drop && (!b.may_borrow || guard)
}

/// Carries the fields the code after reads of a binding that may have had a
/// field moved out, where that code reads it only through fields. Not a
/// binding that may be a reference (`self`, `let e = map.get(k).unwrap();`):
/// no field can move out of one, and none can be moved apart from it.
fn split_partly_moved(
    ir: &Ir,
    future: &IdVec<ArmId, liveness::Future>,
    init: &IdVec<ArmId, Option<state::InitState>>,
    storage: &mut Storage,
) {
    for (arm, fields) in storage.fields.enumerate() {
        let mut split = std::collections::BTreeMap::new();
        for &binding in fields {
            let partial = init[arm].as_ref().is_some_and(|state| state.may_be_partial(binding));
            let Some(members) = future[arm].only_members(binding) else { continue };
            let b = &ir.bindings[binding];
            // A tuple's fields are rebuilt up to the last one read.
            let huge_index = members.iter().any(|m| {
                m.starts_with(|c: char| c.is_ascii_digit()) && m.parse::<usize>().map_or(true, |index| index > 64)
            });
            if !partial || storage.slot_of[binding].is_some() || b.no_drop || b.may_borrow || huge_index {
                continue;
            }
            let parts = Parts { binding, members: members.iter().cloned().collect() };
            let known = storage.parts.enumerate().find(|(_, p)| **p == parts).map(|(id, _)| id);
            let index = match known {
                Some(index) => index,
                None => storage.parts.push(parts),
            };
            split.insert(binding, index);
        }
        storage.split.push(split);
    }
}

/// An arm that declares a mutable binding without a value receives its
/// type marker (see [`Binding::marker`](crate::ir::Binding::marker)).
fn carry_markers(ir: &Ir, storage: &mut Storage) {
    for (fields, deferred) in storage.fields.iter_mut().zip(&storage.deferred) {
        for binding in ir.bindings.ids() {
            let Some(marker) = ir.bindings[binding].marker else { continue };
            if deferred.contains(binding) {
                let at = fields.partition_point(|&b| b < marker);
                fields.insert(at, marker);
                storage.carried.insert(marker);
            }
        }
    }
}

/// Moves the carried bindings proposed for a slot out of the state variants
/// into slots, where that cannot make the generator larger than its
/// largest set of locals alive at one suspension point.
///
/// A slot takes space at every suspension point, so its size adds to the
/// state's largest variant. That stays within the bound when, at every
/// suspension point, the slot holds a value that is alive there, or the
/// state carries nothing but small values (literals, references, ranges)
/// and values in other slots. Without the types, "small" is the best the
/// macro can tell; a slot that fails this keeps its values in the state.
fn keep_in_place(ir: &Ir, plan: &ArmPlan, storage: &mut Storage) {
    // Slots are outside the state: each caller waiting for its own call
    // (see `lower/self_delegation.rs`) would share them with its callee.
    if ir.delegates_to_self() {
        return;
    }
    // An owner some code moves out could not be reached through a reference.
    let candidates: Vec<BindingId> = ir
        .bindings
        .ids()
        .filter(|&b| ir.bindings[b].slot.is_some() && storage.carried.contains(b))
        .filter(|&b| ir.bindings[b].slot != Some(SlotKind::Owner) || (ir.declared_alone(b) && !ir.may_move(b)))
        .collect();
    if candidates.is_empty() {
        return;
    }
    let mut slots = group_disjoint(ir, &candidates);
    let suspensions: Vec<ArmId> =
        plan.arms.ids().filter(|&arm| matches!(plan.arms[arm].kind, ArmKind::Resume(_))).collect();
    // The greatest set of slots that each pass the test, given the others.
    loop {
        let in_slot = |b: BindingId| slots.iter().any(|members| members.contains(&b));
        let fits = |members: &Vec<BindingId>| {
            suspensions.iter().all(|&arm| {
                let fields = &storage.fields[arm];
                members.iter().any(|m| fields.contains(m))
                    || fields.iter().all(|&b| (ir.bindings[b].no_drop && ir.bindings[b].slot.is_none()) || in_slot(b))
            })
        };
        let before = slots.len();
        let kept: Vec<Vec<BindingId>> = slots.iter().filter(|members| fits(members)).cloned().collect();
        slots = kept;
        if slots.len() == before {
            break;
        }
    }
    let slots: IdVec<SlotId, Vec<BindingId>> = slots.into_iter().collect();
    for (slot, members) in slots.enumerate() {
        for &binding in members {
            storage.carried.remove(binding);
            for (fields, deferred) in storage.fields.iter_mut().zip(&mut storage.deferred) {
                fields.retain(|&b| b != binding);
                deferred.remove(binding);
            }
            storage.slot_of[binding] = Some(slot);
        }
    }
    storage.direct = slots
        .iter()
        .map(|members| matches!(members.as_slice(), [only] if ir.bindings[*only].slot == Some(SlotKind::Buffer)))
        .collect();
    storage.prefilled = slots.iter().map(|members| prefilled_param(ir, members)).collect();
    storage.slots = slots;
}

/// The parameter a slot holds alone, if the generator receives it when it
/// is made (not the first resume argument).
fn prefilled_param(ir: &Ir, members: &[BindingId]) -> Option<usize> {
    let [only] = members else { return None };
    ir.params.iter().position(|param| param.value.is_some() && param.bindings == [*only])
}

/// Groups bindings whose scopes do not overlap, first fit in order.
fn group_disjoint(ir: &Ir, bindings: &[BindingId]) -> Vec<Vec<BindingId>> {
    let parents = block_parents(ir);
    let mut groups: Vec<Vec<BindingId>> = Vec::new();
    for &binding in bindings {
        let overlaps = |other: &BindingId| {
            in_scope_at_decl(ir, &parents, *other, binding) || in_scope_at_decl(ir, &parents, binding, *other)
        };
        match groups.iter_mut().find(|members| !members.iter().any(overlaps)) {
            Some(group) => group.push(binding),
            None => groups.push(vec![binding]),
        }
    }
    groups
}

/// For each binding, the binding it shadows (see [`Storage::shadows`]).
fn shadowing(ir: &Ir) -> IdVec<BindingId, Option<BindingId>> {
    let parents = block_parents(ir);
    let mut by_name: std::collections::HashMap<String, Vec<BindingId>> = std::collections::HashMap::new();
    let mut shadows = IdVec::filled(None, ir.bindings.len());
    for (id, binding) in ir.bindings.enumerate() {
        let earlier = by_name.entry(binding.name.to_string()).or_default();
        shadows[id] = earlier.iter().rev().copied().find(|&b| in_scope_at_decl(ir, &parents, b, id));
        earlier.push(id);
    }
    shadows
}

/// Whether binding `b` is in scope where binding `d` is declared.
fn in_scope_at_decl(ir: &Ir, parents: &IdVec<BlockId, Option<(BlockId, usize)>>, b: BindingId, d: BindingId) -> bool {
    let (b, d) = (&ir.bindings[b], &ir.bindings[d]);
    if b.block == d.block {
        // Bindings of one declaration (parameters, a pattern) are in scope
        // together.
        return b.decl_index <= d.decl_index;
    }
    // Walk up from `d`'s block to `b`'s, noting the statement it is in.
    let mut block = d.block;
    while let Some((parent, index)) = parents[block] {
        if parent == b.block {
            return b.decl_index <= index;
        }
        block = parent;
    }
    false
}

/// For each block, its parent block and the index of the statement it is in.
fn block_parents(ir: &Ir) -> IdVec<BlockId, Option<(BlockId, usize)>> {
    fn walk(block: &Block, parents: &mut IdVec<BlockId, Option<(BlockId, usize)>>) {
        for (index, stmt) in block.stmts.iter().enumerate() {
            for (_, child) in stmt.children() {
                parents[child.id] = Some((block.id, index));
                walk(child, parents);
            }
        }
    }
    let mut parents = IdVec::filled(None, ir.blocks);
    walk(&ir.root, &mut parents);
    parents
}

/// The binding a resume arm's entry initialises with the resume argument.
pub(crate) fn yield_result(ir: &Ir, entry: &Position) -> Option<BindingId> {
    yield_result_before(block_at(ir, entry), entry.index)
}

/// The binding a `yield_!` just before statement `index` of `block`
/// initialises with the resume argument.
pub(crate) fn yield_result_before(block: &Block, index: usize) -> Option<BindingId> {
    match block.stmts.get(index.checked_sub(1)?)? {
        crate::ir::Stmt::Yield(y) => y.result,
        _ => None,
    }
}

/// The block a position is in.
pub(crate) fn block_at<'a>(ir: &'a Ir, position: &Position) -> &'a Block {
    let mut block = &ir.root;
    for &(index, child) in &position.path {
        block = block.stmts[index].child(child).expect("positions follow existing children");
    }
    block
}

/// The bindings in scope at a position, in declaration order.
pub(crate) fn in_scope(ir: &Ir, position: &Position) -> Vec<BindingId> {
    let mut levels = Vec::new();
    let mut block = &ir.root;
    for &(index, child) in &position.path {
        levels.push((block.id, index));
        block = block.stmts[index].child(child).expect("positions follow existing children");
    }
    levels.push((block.id, position.index));
    let mut out = Vec::new();
    for (block_id, upto) in levels {
        out.extend(ir.bindings_before(block_id, upto));
    }
    out
}
