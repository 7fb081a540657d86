//! Which bindings each arm of the state machine must receive.
//!
//! At an arm's entry, a binding in scope is *stored* (carried in the arm's
//! state variant) when the code after the entry may read it ([`liveness`]),
//! or when it certainly still owns a value that must be dropped at the end
//! of its scope ([`init`]). A binding in scope that is only assigned later
//! is *declared* without a value. Anything else is left out, so bindings
//! that are never alive at the same time never take space together.

mod bitset;
mod init;
mod liveness;
mod state;

use crate::arms::{ArmKind, ArmPlan};
use crate::ir::{BindingId, Block, Ir, Position};

pub(crate) use bitset::BitSet;

pub(crate) struct Storage {
    /// For each arm, the bindings its state variant carries, in
    /// declaration order.
    pub fields: Vec<Vec<BindingId>>,
    /// For each arm, the bindings in scope at its entry that are declared
    /// without a value.
    pub deferred: Vec<BitSet>,
    /// Bindings some arm carries.
    pub carried: BitSet,
}

pub(crate) fn storage(ir: &Ir, plan: &ArmPlan) -> Storage {
    let init = init::analyze(ir, plan);
    let future = liveness::analyze(ir, plan);
    let len = ir.bindings.len();
    let mut storage = Storage { fields: Vec::new(), deferred: Vec::new(), carried: BitSet::new(len) };
    for (arm_id, arm) in plan.arms.iter().enumerate() {
        let mut fields = Vec::new();
        let mut deferred = BitSet::new(len);
        // The start arm binds the parameters from their raw values.
        if arm.kind != ArmKind::Start {
            let result = match arm.kind {
                ArmKind::Resume(y) => yield_result(ir, &arm.entry, y),
                _ => None,
            };
            for binding in in_scope(ir, &arm.entry) {
                if Some(binding) == result {
                    continue;
                }
                let live = future[arm_id].live.contains(binding);
                let owns_value = init[arm_id].as_ref().is_some_and(|s| s.is_init(binding)) && !ir.bindings[binding].no_drop;
                if live || owns_value {
                    fields.push(binding);
                    storage.carried.insert(binding);
                } else if future[arm_id].mentioned.contains(binding) {
                    deferred.insert(binding);
                }
            }
        }
        storage.fields.push(fields);
        storage.deferred.push(deferred);
    }
    storage
}

/// The binding a resume arm's entry initialises with the resume argument.
fn yield_result(ir: &Ir, entry: &Position, _yield: usize) -> Option<BindingId> {
    let block = block_at(ir, entry);
    match block.stmts.get(entry.index.checked_sub(1)?)? {
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
        out.extend(ir.bindings.iter().enumerate().filter(|(_, b)| b.block == block_id && b.decl_index <= upto).map(|(id, _)| id));
    }
    out
}
