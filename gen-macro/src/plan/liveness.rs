//! Backward analysis: which bindings are live (read before being
//! overwritten) and which are mentioned at all (read or assigned) by the
//! code that can run after each arm entry.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::bitset::BitSet;
use super::init::Site;
use crate::ir::{Access, Eff};
use crate::ir::{ArmId, BindingId, Block, ConstructId, IdVec, Ir, LoopId, Stmt};
use crate::plan::arms::{ArmPlan, Exit};

/// What the code after a point may do with bindings.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct Future {
    /// Read before being assigned again: the value must be kept.
    pub live: BitSet,
    /// Read or assigned: the binding must at least be declared.
    pub mentioned: BitSet,
    /// Live bindings read as a whole, not only through their fields.
    pub whole: BitSet,
    /// The fields through which live bindings are read.
    pub members: BTreeMap<BindingId, BTreeSet<String>>,
}

impl Future {
    fn empty(len: usize) -> Future {
        Future {
            live: BitSet::new(len),
            mentioned: BitSet::new(len),
            whole: BitSet::new(len),
            members: BTreeMap::new(),
        }
    }

    fn union_with(&mut self, other: &Future) {
        self.live.union_with(&other.live);
        self.mentioned.union_with(&other.mentioned);
        self.whole.union_with(&other.whole);
        for (binding, members) in &other.members {
            self.members.entry(*binding).or_default().extend(members.iter().cloned());
        }
    }

    fn clear(&mut self) {
        self.live.clear();
        self.mentioned.clear();
        self.whole.clear();
        self.members.clear();
    }

    /// The binding gets a new value: what the code after reads is that one.
    fn kill(&mut self, binding: BindingId) {
        self.live.remove(binding);
        self.whole.remove(binding);
        self.members.remove(&binding);
    }

    fn forget(&mut self, bindings: &[BindingId]) {
        for &b in bindings {
            self.kill(b);
            self.mentioned.remove(b);
        }
    }

    /// The fields the code after reads `binding` through, when it reads
    /// nothing else of it.
    pub(crate) fn only_members(&self, binding: BindingId) -> Option<&BTreeSet<String>> {
        if self.whole.contains(binding) { None } else { self.members.get(&binding) }
    }
}

/// What [`analyze`] finds.
pub(crate) struct Liveness {
    /// The future of each arm's entry.
    pub at_arm: IdVec<ArmId, Future>,
    /// The bindings live after each statement, by the site before the
    /// statement that follows it (see [`Site`]).
    pub live_at: HashMap<Site, BitSet>,
    /// How many times a loop body was walked: the cost of the analysis,
    /// which a test bounds.
    #[cfg_attr(not(test), allow(dead_code))]
    pub loop_walks: usize,
}

/// The future of each arm entry, and what is live at each point.
pub(crate) fn analyze(ir: &Ir, plan: &ArmPlan) -> Liveness {
    let len = ir.bindings.len();
    let mut walker = Walker {
        live_at: HashMap::new(),
        plan,
        len,
        at_arm: IdVec::filled(Future::empty(len), plan.arms.len()),
        exits: IdVec::filled(Future::empty(len), ir.constructs),
        heads: IdVec::filled(Future::empty(len), ir.loops.len()),
        loop_walks: 0,
        changed: false,
    };
    // Passes over the whole body until no loop's future grows: each loop
    // body is walked once per pass, from the futures of the last pass, so
    // nested loops cost a pass per level, not a fixpoint per visit of the
    // enclosing loop's body (exponential in the depth).
    let start = loop {
        walker.changed = false;
        let start = walker.block(&ir.root, Future::empty(len));
        if !walker.changed {
            break start;
        }
    };
    walker.at_arm[ArmId::START] = start;
    Liveness { at_arm: walker.at_arm, live_at: walker.live_at, loop_walks: walker.loop_walks }
}

struct Walker<'a> {
    live_at: HashMap<Site, BitSet>,
    plan: &'a ArmPlan,
    len: usize,
    at_arm: IdVec<ArmId, Future>,
    /// The future after each construct, for `break`s to it.
    exits: IdVec<ConstructId, Future>,
    /// The future at the head of each loop, for `continue`s.
    heads: IdVec<LoopId, Future>,
    loop_walks: usize,
    /// Some loop's future grew in this pass.
    changed: bool,
}

impl Walker<'_> {
    fn record_join(&mut self, construct: ConstructId, after: &Future) {
        if let Exit::Join(arm) = self.plan.exits[construct] {
            self.at_arm[arm] = after.clone();
        }
    }

    fn block(&mut self, block: &Block, mut after: Future) -> Future {
        self.note(Site::End(block.id), &after);
        for (index, stmt) in block.stmts.iter().enumerate().rev() {
            after = self.stmt(stmt, after);
            self.note(Site::Stmt(block.id, index), &after);
        }
        after
    }

    /// Records what is live at `site` (the union over the passes).
    fn note(&mut self, site: Site, future: &Future) {
        self.live_at.entry(site).or_insert_with(|| BitSet::new(self.len)).union_with(&future.live);
    }

    fn stmt(&mut self, stmt: &Stmt, after: Future) -> Future {
        match stmt {
            Stmt::Plain { eff, .. } => back(eff, after),
            Stmt::Let(x) => {
                let mut future = after;
                future.forget(&x.bindings);
                if let Some(else_block) = &x.else_block {
                    let otherwise = self.block(else_block, Future::empty(self.len));
                    future.union_with(&otherwise);
                }
                match &x.init {
                    Some(init) => back(&init.eff, future),
                    None => future,
                }
            }
            Stmt::Temp { binding, init } => {
                let mut future = after;
                future.forget(&[*binding]);
                match init {
                    Some(init) => back(&init.eff, future),
                    None => future,
                }
            }
            Stmt::Assign { binding, value } => {
                let mut future = after;
                future.kill(*binding);
                future.mentioned.insert(*binding);
                back(&value.eff, future)
            }
            Stmt::Yield(y) => {
                let mut future = after;
                if let Some(result) = y.result {
                    future.forget(&[result]);
                }
                if let Some(arm) = self.plan.resume[y.id] {
                    self.at_arm[arm] = future.clone();
                }
                back(&y.value.eff, future)
            }
            Stmt::If(x) => {
                self.record_join(x.construct, &after);
                let mut then_future = self.block(&x.then_block, after.clone());
                then_future.forget(&x.cond.bindings);
                let else_future = match &x.else_block {
                    Some(block) => self.block(block, after),
                    None => after,
                };
                then_future.union_with(&else_future);
                back(&x.cond.eff, then_future)
            }
            Stmt::Match(x) => {
                self.record_join(x.construct, &after);
                let mut arms = Future::empty(self.len);
                for arm in &x.arms {
                    let mut future = self.block(&arm.body, after.clone());
                    if let Some(guard) = &arm.guard {
                        future = back(&guard.eff, future);
                    }
                    future.forget(&arm.bindings);
                    arms.union_with(&future);
                }
                back(&x.scrutinee.eff, arms)
            }
            Stmt::Loop(x) => {
                self.record_join(x.construct, &after);
                self.exits[x.construct] = after;
                // The future at the head, from the last pass (see `analyze`).
                let head = self.heads[x.id].clone();
                self.loop_walks += 1;
                let next = self.block(&x.body, head.clone());
                if next != head {
                    // A union, though the analysis is monotone: the heads
                    // only grow, so the passes end.
                    self.heads[x.id].union_with(&next);
                    self.changed = true;
                }
                if let Some(arm) = self.plan.heads[x.id] {
                    self.at_arm[arm] = next.clone();
                }
                next
            }
            Stmt::Labeled(x) => {
                self.record_join(x.construct, &after);
                self.exits[x.construct] = after.clone();
                self.block(&x.body, after)
            }
            Stmt::Block(x) => {
                self.record_join(x.construct, &after);
                self.block(&x.body, after)
            }
            Stmt::Break(target) => self.exits[target.construct()].clone(),
            Stmt::Continue(id) => self.heads[*id].clone(),
            Stmt::Return(value) => {
                let nothing = Future::empty(self.len);
                match value {
                    Some(value) => back(&value.eff, nothing),
                    None => nothing,
                }
            }
        }
    }
}

/// The future before plain code with effects `eff`, given the one after.
fn back(eff: &Eff, mut after: Future) -> Future {
    match eff {
        Eff::Nothing => after,
        Eff::Use(binding, Access::Write) => {
            after.kill(*binding);
            after.mentioned.insert(*binding);
            after
        }
        Eff::Use(binding, _) => {
            after.live.insert(*binding);
            after.mentioned.insert(*binding);
            after.whole.insert(*binding);
            after
        }
        Eff::Member(binding, member, _) => {
            after.live.insert(*binding);
            after.mentioned.insert(*binding);
            after.members.entry(*binding).or_default().insert(member.clone());
            after
        }
        Eff::Seq(items) => items.iter().rev().fold(after, |future, item| back(item, future)),
        Eff::Alt(items) => {
            let mut out = after.clone();
            out.clear();
            for item in items {
                out.union_with(&back(item, after.clone()));
            }
            out
        }
        Eff::Loop(body) => {
            let mut acc = after;
            loop {
                let mut next = back(body, acc.clone());
                next.union_with(&acc);
                if next == acc {
                    return acc;
                }
                acc = next;
            }
        }
        Eff::Diverge => {
            after.clear();
            after
        }
    }
}
