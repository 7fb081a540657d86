//! Forward analysis: which bindings may be initialised, uninitialised or
//! moved out at each arm entry.
//!
//! A binding that is certainly initialised there may still own a value
//! that must be dropped at the end of its scope, so the state machine keeps
//! it even when no code reads it again.

use super::bitset::BitSet;
use super::state::{INIT, InitState, MOVED, PARTIAL, UNINIT};
use crate::ir::{Access, Eff};
use crate::plan::arms::{ArmPlan, Exit};
use std::collections::HashMap;

use crate::ir::{ArmId, BindingId, Block, BlockId, ConstructId, IdVec, Ir, LoopId, Stmt};

/// Which bindings an arm entered with `state` receives; the others no
/// longer hold a value in it (see [`analyze`]).
pub(crate) type Carried<'a> = &'a dyn Fn(ArmId, &InitState) -> BitSet;

/// A point where the code may continue in another arm.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Site {
    /// Before statement `index` of a block.
    Stmt(BlockId, usize),
    /// Falling off the end of a block.
    End(BlockId),
    /// The `else` path of an `if` without `else` (statement `index`).
    Else(BlockId, usize),
}

/// What [`analyze`] finds.
pub(crate) struct Init {
    /// The state at each arm's entry.
    pub at_arm: IdVec<ArmId, Option<InitState>>,
    /// The state at each site (see [`Site`]) the body reaches.
    pub at_site: HashMap<Site, InitState>,
    /// How many times a loop body was walked: the cost of the analysis,
    /// which a test bounds.
    #[cfg_attr(not(test), allow(dead_code))]
    pub loop_walks: usize,
}

/// The initialisation state at each arm's entry, and at each site. A
/// binding that an arm does not receive (`carried`) holds no value in it:
/// what the keep rule released at a suspension point was dropped there.
pub(crate) fn analyze(ir: &Ir, plan: &ArmPlan, carried: Carried) -> Init {
    let mut walker = Walker {
        carried,
        sites: HashMap::new(),
        plan,
        at_arm: IdVec::filled(None, plan.arms.len()),
        breaks: IdVec::filled(None, ir.constructs),
        continues: IdVec::filled(None, ir.loops.len()),
        heads: IdVec::filled(None, ir.loops.len()),
        loop_walks: 0,
        changed: false,
    };
    let mut state = InitState::new(ir.bindings.len(), UNINIT);
    for param in &ir.params {
        for &binding in &param.bindings {
            state.set(binding, INIT);
        }
    }
    // Passes over the whole body until no loop's head state grows, as in
    // `liveness`. A loop's head state only grows (it includes the last
    // pass's), so the passes end. The transfer is not monotone in every
    // bit (`record` replaces a released value's bits by `MOVED`), so a bit
    // no reader asks about may differ from a fixpoint computed loop by
    // loop; what is read (a carried binding certainly holding its value, or
    // maybe partly moved) follows monotone paths.
    loop {
        walker.changed = false;
        walker.at_arm[ArmId::START] = Some(state.clone());
        walker.block(&ir.root, Some(state.clone()));
        if !walker.changed {
            break;
        }
    }
    Init { at_arm: walker.at_arm, at_site: walker.sites, loop_walks: walker.loop_walks }
}

type Flow = Option<InitState>;

fn merge(a: Flow, b: Flow) -> Flow {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            a.union_with(&b);
            Some(a)
        }
        (a, None) => a,
        (None, b) => b,
    }
}

struct Walker<'a> {
    carried: Carried<'a>,
    sites: HashMap<Site, InitState>,
    plan: &'a ArmPlan,
    at_arm: IdVec<ArmId, Option<InitState>>,
    breaks: IdVec<ConstructId, Flow>,
    continues: IdVec<LoopId, Flow>,
    /// The state at the head of each loop, as the last pass left it.
    heads: IdVec<LoopId, Flow>,
    loop_walks: usize,
    /// Some loop's head state grew in this pass.
    changed: bool,
}

impl Walker<'_> {
    /// Records the state at the entry of `arm`; returns the state in the
    /// arm, where what it does not receive holds no value.
    fn record(&mut self, arm: Option<ArmId>, state: Flow) -> Flow {
        let (Some(arm), Some(mut state)) = (arm, state.clone()) else { return state };
        self.at_arm[arm] = Some(state.clone());
        let carried = (self.carried)(arm, &state);
        for binding in state.bindings() {
            if !carried.contains(binding) && state.get(binding) & INIT != 0 {
                state.set(binding, MOVED);
            }
        }
        Some(state)
    }

    fn record_join(&mut self, construct: ConstructId, state: Flow) -> Flow {
        match self.plan.exits[construct] {
            Exit::Join(arm) => self.record(Some(arm), state),
            _ => state,
        }
    }

    fn block(&mut self, block: &Block, mut state: Flow) -> Flow {
        for (index, stmt) in block.stmts.iter().enumerate() {
            self.site(Site::Stmt(block.id, index), &state);
            state = self.stmt(Site::Stmt(block.id, index), stmt, state);
        }
        self.site(Site::End(block.id), &state);
        state
    }

    /// Records the state at a point where the code may continue in another
    /// arm.
    fn site(&mut self, site: Site, state: &Flow) {
        if let Some(state) = state {
            let at = self.sites.entry(site).or_insert_with(|| state.clone());
            at.union_with(state);
        }
    }

    fn declare(state: &mut Flow, bindings: &[BindingId], value: u8) {
        if let Some(state) = state {
            for &b in bindings {
                state.set(b, value);
            }
        }
    }

    fn stmt(&mut self, site: Site, stmt: &Stmt, state: Flow) -> Flow {
        match stmt {
            Stmt::Plain { eff, .. } => apply(eff, state),
            Stmt::Let(x) => {
                let mut state = x.init.as_ref().map_or(state.clone(), |init| apply(&init.eff, state));
                if let Some(else_block) = &x.else_block {
                    self.block(else_block, state.clone());
                }
                Self::declare(&mut state, &x.bindings, if x.init.is_some() { INIT } else { UNINIT });
                state
            }
            Stmt::Temp { binding, init } => {
                let mut state = init.as_ref().map_or(state.clone(), |init| apply(&init.eff, state));
                Self::declare(&mut state, &[*binding], if init.is_some() { INIT } else { UNINIT });
                state
            }
            Stmt::Assign { binding, value } => {
                let mut state = apply(&value.eff, state);
                Self::declare(&mut state, &[*binding], INIT);
                state
            }
            Stmt::Yield(y) => {
                let state = apply(&y.value.eff, state);
                let mut state = self.record(self.plan.resume[y.id], state);
                if let Some(result) = y.result {
                    Self::declare(&mut state, &[result], INIT);
                }
                state
            }
            Stmt::If(x) => {
                let state = apply(&x.cond.eff, state);
                let mut then_state = state.clone();
                Self::declare(&mut then_state, &x.cond.bindings, INIT);
                let then_end = self.block(&x.then_block, then_state);
                let else_end = if let Some(block) = &x.else_block {
                    self.block(block, state)
                } else {
                    if let Site::Stmt(block, index) = site {
                        self.site(Site::Else(block, index), &state);
                    }
                    state
                };
                let end = merge(then_end, else_end);
                self.record_join(x.construct, end)
            }
            Stmt::Match(x) => {
                let state = apply(&x.scrutinee.eff, state);
                let mut end = None;
                for arm in &x.arms {
                    let mut arm_state = state.clone();
                    Self::declare(&mut arm_state, &arm.bindings, INIT);
                    if let Some(guard) = &arm.guard {
                        arm_state = apply(&guard.eff, arm_state);
                    }
                    end = merge(end, self.block(&arm.body, arm_state));
                }
                self.record_join(x.construct, end)
            }
            Stmt::Loop(x) => {
                // The state at the head, from the last pass (see `analyze`).
                let head = merge(state.clone(), self.heads[x.id].clone());
                self.breaks[x.construct] = None;
                self.continues[x.id] = None;
                let in_head = self.record(self.plan.heads[x.id], head.clone());
                self.loop_walks += 1;
                let end = self.block(&x.body, in_head);
                let next = merge(head.clone(), merge(end, self.continues[x.id].take()));
                if next != head {
                    self.changed = true;
                }
                self.heads[x.id] = next;
                let exit = self.breaks[x.construct].take();
                self.record_join(x.construct, exit)
            }
            Stmt::Labeled(x) => {
                self.breaks[x.construct] = None;
                let end = self.block(&x.body, state);
                let end = merge(end, self.breaks[x.construct].take());
                self.record_join(x.construct, end)
            }
            Stmt::Block(x) => {
                let end = self.block(&x.body, state);
                self.record_join(x.construct, end)
            }
            Stmt::Break(target) => {
                let slot = &mut self.breaks[target.construct()];
                *slot = merge(slot.take(), state);
                None
            }
            Stmt::Continue(id) => {
                let slot = &mut self.continues[*id];
                *slot = merge(slot.take(), state);
                None
            }
            Stmt::Return(value) => {
                if let Some(value) = value {
                    apply(&value.eff, state);
                }
                None
            }
        }
    }
}

/// Applies the effects of plain code.
pub(crate) fn apply(eff: &Eff, state: Flow) -> Flow {
    let mut state = state?;
    match eff {
        Eff::Use(binding, Access::Move) => {
            let value = state.get(*binding);
            if value & INIT != 0 {
                state.set(*binding, (value & !INIT) | MOVED);
            }
        }
        // A field moved out: the others may still be used, through their
        // own names, never the whole.
        Eff::Member(binding, _, Access::Move) => {
            let value = state.get(*binding);
            if value & INIT != 0 {
                state.set(*binding, (value & !INIT) | MOVED | PARTIAL);
            }
        }
        Eff::Member(binding, _, access) => return apply(&Eff::Use(*binding, *access), Some(state)),
        Eff::Use(binding, Access::Write) => state.set(*binding, INIT),
        // It may have been moved: it may or may not still hold a value.
        Eff::Use(binding, Access::Unknown) => {
            let value = state.get(*binding);
            if value & INIT != 0 {
                state.set(*binding, value | MOVED);
            }
        }
        // Reading or updating in place leaves the state as it is.
        Eff::Use(_, Access::Read | Access::Update) | Eff::Nothing => {}
        Eff::Seq(items) => {
            let mut flow = Some(state);
            for item in items {
                flow = apply(item, flow);
            }
            return flow;
        }
        Eff::Alt(items) => {
            let mut out = None;
            for item in items {
                out = merge(out, apply(item, Some(state.clone())));
            }
            return out;
        }
        Eff::Loop(body) => {
            let mut acc = Some(state);
            loop {
                let next = merge(acc.clone(), apply(body, acc.clone()));
                if next == acc {
                    return acc;
                }
                acc = next;
            }
        }
        Eff::Diverge => return None,
    }
    Some(state)
}
