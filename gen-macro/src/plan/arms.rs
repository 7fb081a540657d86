//! Arm formation: cutting the body into the arms of the state machine.
//!
//! The emitted state machine is a loop around a `match` on the current
//! state. Each arm starts at an *entry* and runs user code, in the source's
//! own nesting of blocks, until it suspends, completes, or jumps to another
//! entry. The entries are:
//!
//! - `Start`: the top of the body;
//! - `Resume(y)`: just after the suspension point `y`;
//! - `Head(l)`: the top of an iteration of loop `l`, for every loop that
//!   suspends (the arm runs the loop as a Rust `loop`, so iterations that do
//!   not suspend never leave the arm);
//! - `Join(c)`: just after construct `c`, when it can be left from more than
//!   one arm (its code must not be emitted twice).
//!
//! A construct left from exactly one arm, the last one entered so far,
//! continues *inline* in that arm.

use crate::ir::Eff;
use crate::ir::{Block, BlockId, Child, ConstructId, Id, IdVec, Ir, LoopId, Position, Stmt, YieldId};
use crate::plan::BitSet;

pub(crate) use crate::ir::ArmId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArmKind {
    Start,
    Resume(YieldId),
    Head(LoopId),
    Join(ConstructId),
}

pub(crate) struct Arm {
    pub kind: ArmKind,
    pub entry: Position,
}

/// How control leaves a construct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// It is never left normally.
    Unreached,
    /// Only from this arm, which continues with the code after it.
    Inline(ArmId),
    /// From several arms: the code after it is its own arm.
    Join(ArmId),
}

pub(crate) struct ArmPlan {
    pub arms: IdVec<ArmId, Arm>,
    /// The resume arm of each suspension point (`None` if unreachable).
    pub resume: IdVec<YieldId, Option<ArmId>>,
    /// The head arm of each loop that suspends.
    pub heads: IdVec<LoopId, Option<ArmId>>,
    /// How each construct is left.
    pub exits: IdVec<ConstructId, Exit>,
}

impl ArmPlan {
    pub(crate) fn build(ir: &Ir) -> ArmPlan {
        let mut planner = Planner {
            shadowing: &ir.shadowing_blocks,
            bindings: ir.bindings.len(),
            after: Vec::new(),
            plan: ArmPlan {
                arms: IdVec::new(),
                resume: IdVec::filled(None, ir.yields.len()),
                heads: IdVec::filled(None, ir.loops.len()),
                exits: IdVec::filled(Exit::Unreached, ir.constructs),
            },
            exit_sources: IdVec::filled(Vec::new(), ir.constructs),
        };
        let start = planner.new_arm(ArmKind::Start, Position { path: Vec::new(), index: 0 });
        let mut path = Vec::new();
        planner.block(&ir.root, &mut path, Some(start));
        planner.plan
    }
}

struct Planner<'a> {
    shadowing: &'a IdVec<BlockId, bool>,
    bindings: usize,
    /// For each enclosing block, innermost last, the statements after the
    /// one being walked.
    after: Vec<&'a [Stmt]>,
    plan: ArmPlan,
    /// The arms that `break` to each construct.
    exit_sources: IdVec<ConstructId, Vec<ArmId>>,
}

impl<'a> Planner<'a> {
    fn new_arm(&mut self, kind: ArmKind, entry: Position) -> ArmId {
        self.plan.arms.push(Arm { kind, entry })
    }

    /// Walks `block` entered in arm `arm`; returns the arm in which it falls
    /// through at its end, if it does.
    fn block(&mut self, block: &'a Block, path: &mut Vec<(usize, Child)>, mut arm: Option<ArmId>) -> Option<ArmId> {
        for (index, stmt) in block.stmts.iter().enumerate() {
            self.after.push(&block.stmts[index + 1..]);
            arm = self.stmt(stmt, index, path, arm);
            self.after.pop();
        }
        arm
    }

    fn child(
        &mut self,
        stmt: &'a Stmt,
        index: usize,
        child: Child,
        path: &mut Vec<(usize, Child)>,
        arm: Option<ArmId>,
    ) -> Option<ArmId> {
        let block = stmt.child(child)?;
        path.push((index, child));
        let out = self.block(block, path, arm);
        path.pop();
        out
    }

    fn stmt(
        &mut self,
        stmt: &'a Stmt,
        index: usize,
        path: &mut Vec<(usize, Child)>,
        arm: Option<ArmId>,
    ) -> Option<ArmId> {
        let arms_before = self.plan.arms.len();
        match stmt {
            Stmt::Plain { eff, .. } => arm.filter(|_| !eff.diverges()),
            Stmt::Let(_) => {
                self.child(stmt, index, Child::LetElse, path, arm);
                arm
            }
            Stmt::Temp { .. } | Stmt::Assign { .. } => arm,
            Stmt::Yield(y) => {
                arm?;
                let resume = self.new_arm(ArmKind::Resume(y.id), Position { path: path.clone(), index: index + 1 });
                self.plan.resume[y.id] = Some(resume);
                Some(resume)
            }
            Stmt::Return(_) | Stmt::Continue(_) => None,
            Stmt::Break(target) => {
                if let Some(arm) = arm {
                    self.exit_sources[target.construct()].push(arm);
                }
                None
            }
            Stmt::If(x) => {
                let then_arm = self.child(stmt, index, Child::Then, path, arm);
                let else_arm = match &x.else_block {
                    Some(_) => self.child(stmt, index, Child::Else, path, arm),
                    None => arm,
                };
                self.exit(stmt, x.construct, [then_arm, else_arm], path, index, arms_before)
            }
            Stmt::Match(x) => {
                let arms: Vec<_> =
                    (0..x.arms.len()).map(|i| self.child(stmt, index, Child::Arm(i), path, arm)).collect();
                self.exit(stmt, x.construct, arms, path, index, arms_before)
            }
            Stmt::Loop(x) => {
                // A loop whose body leaves a shadowing block through a join
                // (see `exit`) continues in another arm: it needs a head too.
                let needs_head = x.body.suspends || self.shadows_within(&x.body);
                let entry = if needs_head && arm.is_some() {
                    let mut body_path = path.clone();
                    body_path.push((index, Child::Body));
                    let head = self.new_arm(ArmKind::Head(x.id), Position { path: body_path, index: 0 });
                    self.plan.heads[x.id] = Some(head);
                    Some(head)
                } else {
                    arm
                };
                // Falling off the end of the body goes back to the head.
                self.child(stmt, index, Child::Body, path, entry);
                self.exit(stmt, x.construct, [], path, index, arms_before)
            }
            Stmt::Labeled(x) => {
                let end = self.child(stmt, index, Child::Body, path, arm);
                self.exit(stmt, x.construct, [end], path, index, arms_before)
            }
            Stmt::Block(x) => {
                let end = self.child(stmt, index, Child::Body, path, arm);
                self.exit(stmt, x.construct, [end], path, index, arms_before)
            }
        }
    }

    /// Whether the code after construct `stmt` may continue inline in arm
    /// `only`, the one arm that leaves it, without changing the order in
    /// which rustc meets the uses of a local. The arms are emitted in the
    /// order they start in the source; when arms start inside the construct
    /// after `only` does, code after the construct in `only` would be
    /// type-checked before theirs. That matters when it names a local they
    /// name too (`let mut n = 0; for x in v { yield_!(x); n += x; }
    /// n.to_string()`: the method call needs the type `n += x` gives): then
    /// the code after the construct is an arm of its own. Only arms made
    /// inside the construct (`arms_before`: how many there were when it
    /// began) and after `only` count: a loop that does not suspend has no
    /// head arm, and a join arm inside its body could not go back to it.
    fn inline_keeps_order(&self, stmt: &Stmt, only: ArmId, arms_before: usize) -> bool {
        if arms_before == self.plan.arms.len() || only.index() + 1 == self.plan.arms.len() {
            return true;
        }
        let mut inside = BitSet::new(self.bindings);
        mentions(std::slice::from_ref(stmt), &mut inside);
        let mut later = BitSet::new(self.bindings);
        for rest in &self.after {
            mentions(rest, &mut later);
        }
        !inside.intersects(&later)
    }

    /// Whether a block, or a block nested in it, shadows a binding of an
    /// enclosing scope.
    fn shadows_within(&self, block: &'a Block) -> bool {
        self.shadowing[block.id]
            || block.stmts.iter().any(|stmt| stmt.children().iter().any(|(_, child)| self.shadows_within(child)))
    }

    /// Decides how construct `construct` (statement `index`) is left, given
    /// the arms in which its parts fall through and the `break`s to it.
    /// A construct in which a binding of an enclosing scope is shadowed is
    /// always left through a join (see [`Ir::shadowing_blocks`]).
    fn exit(
        &mut self,
        stmt: &Stmt,
        construct: ConstructId,
        ends: impl IntoIterator<Item = Option<ArmId>>,
        path: &[(usize, Child)],
        index: usize,
        arms_before: usize,
    ) -> Option<ArmId> {
        let forced = stmt.children().iter().any(|(_, block)| self.shadowing[block.id]);
        let mut sources: Vec<ArmId> = std::mem::take(&mut self.exit_sources[construct]);
        sources.extend(ends.into_iter().flatten());
        sources.sort_unstable();
        sources.dedup();
        let exit = match sources.as_slice() {
            [] => Exit::Unreached,
            [only] if !forced && self.inline_keeps_order(stmt, *only, arms_before) => Exit::Inline(*only),
            _ => Exit::Join(self.new_arm(ArmKind::Join(construct), Position { path: path.to_vec(), index: index + 1 })),
        };
        self.plan.exits[construct] = exit;
        match exit {
            Exit::Unreached => None,
            Exit::Inline(arm) | Exit::Join(arm) => Some(arm),
        }
    }
}

/// Adds the bindings `stmts` read, assign or declare to `out`.
fn mentions(stmts: &[Stmt], out: &mut BitSet) {
    fn eff(e: &Eff, out: &mut BitSet) {
        match e {
            Eff::Use(binding, _) | Eff::Member(binding, ..) => out.insert(*binding),
            Eff::Seq(items) | Eff::Alt(items) => items.iter().for_each(|item| eff(item, out)),
            Eff::Loop(body) => eff(body, out),
            Eff::Nothing | Eff::Diverge => {}
        }
    }
    for stmt in stmts {
        match stmt {
            Stmt::Plain { eff: e, .. } => eff(e, out),
            Stmt::Let(x) => {
                if let Some(init) = &x.init {
                    eff(&init.eff, out);
                }
                x.bindings.iter().for_each(|&b| out.insert(b));
            }
            Stmt::Temp { binding, init } => {
                out.insert(*binding);
                if let Some(init) = init {
                    eff(&init.eff, out);
                }
            }
            Stmt::Assign { binding, value } => {
                out.insert(*binding);
                eff(&value.eff, out);
            }
            Stmt::Yield(y) => eff(&y.value.eff, out),
            Stmt::Return(Some(value)) => eff(&value.eff, out),
            Stmt::If(x) => eff(&x.cond.eff, out),
            Stmt::Match(x) => {
                eff(&x.scrutinee.eff, out);
                x.arms.iter().filter_map(|arm| arm.guard.as_ref()).for_each(|guard| eff(&guard.eff, out));
            }
            Stmt::Return(None)
            | Stmt::Loop(_)
            | Stmt::Labeled(_)
            | Stmt::Block(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
        for (_, child) in stmt.children() {
            mentions(&child.stmts, out);
        }
    }
}
