//! Walking one arm: the arm's program (see [`program`](super::program)).
//!
//! An arm re-creates the nesting of blocks around its entry, re-declaring
//! in each block the bindings its state variant carries (under their own
//! names, so macros and format strings that mention them keep working),
//! then runs the user's statements from the entry on:
//!
//! ```text
//! // Input:                       // Arm resuming after `yield_!(x)`:
//! let total = 0;                  __GenCur::A2 { __gen_b0, __gen_b1, __gen_b2 } => {
//! for x in v {                        let total = __gen_b0;
//!     yield_!(x);                     {
//!     total += x;                         let mut iter = __gen_b1;
//! }                                       { let x = __gen_b2; total += x; }
//!                                         // end of the loop body: next iteration
//!                                         __gen_cur = __GenCur::A1 { __gen_b0: total, __gen_b1: iter };
//!                                         continue 'dispatch;
//!                                     }
//!                                 }
//! ```
//!
//! Each statement is in exactly one arm: code that can be reached from
//! several arms is itself an arm (see [`arms`](super::arms)).
//!
//! The walk runs twice per arm: a declaration without a value is only
//! made for a binding the arm's code mentions (otherwise its type could not
//! be inferred), and a value only moves to its twin when a state store
//! reads the twin; the first walk finds both.

mod decls;
mod slots;

use crate::ir::{BindingId, Block, Child, ConstructId, Eff, IdVec, Ir, JumpTarget, LoopId, Stmt, Yield};
use crate::plan::arms::{ArmId, ArmKind, ArmPlan, Exit};
use crate::plan::init::Site;
use crate::plan::program::{ArmProgram, FieldValue, Jump, Label, Leave, MatchArmOps, Name, Op, User};
use crate::plan::state::InitState;
use crate::plan::{BitSet, Storage};
use crate::syntax::exits;

/// What the walk of every arm reads.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub ir: &'a Ir,
    pub plan: &'a ArmPlan,
    pub storage: &'a Storage,
}

/// The program of arm `arm`. `before_dispatch`: it runs before the
/// dispatch loop (its transitions break out of its block). `forward`: for
/// each arm, the arm it only forwards to; transitions skip those.
pub(crate) fn arm(cx: Context, arm: ArmId, before_dispatch: bool, forward: &IdVec<ArmId, Option<ArmId>>) -> ArmProgram {
    let mut walker = Walker::new(cx, arm, before_dispatch, forward);
    let entry = cx.plan.arms[arm].entry.clone();
    let at_entry = walker.shadowed_carried();
    let present = walker.present_at_entry();
    walker.transferred = at_entry.clone();
    walker.present = present.clone();
    walker.level(&cx.ir.root, &entry.path, entry.index);
    walker.declared = Some(walker.mentioned.clone());
    walker.declared_twins = Some(walker.twins_read.clone());
    walker.transferred = at_entry;
    // Loop items are made again only where the arm reads them.
    walker.present =
        if present.intersects(&walker.storage.rederived[arm]) { walker.present_at_entry() } else { present };
    walker.facts = Facts::default();
    let (code, _) = walker.level(&cx.ir.root, &entry.path, entry.index);
    let Facts { statements, transitions, completes, jumps, exited } = walker.facts;
    ArmProgram { code, statements, transitions, completes, jumps, named: walker.code_mentions, exited }
}

/// What dropping a generator suspended before resume arm `arm` runs, when
/// it holds values in slots: the arm's bindings and the guards of its
/// slots declared in their blocks, as on entry, and no code. (Dropping the
/// state alone would drop the slots' values last.)
pub(crate) fn drop_before(cx: Context, arm: ArmId) -> Option<Vec<Op>> {
    let holds_slots = crate::plan::in_scope(cx.ir, &cx.plan.arms[arm].entry)
        .into_iter()
        .any(|b| cx.storage.slot_of[b].is_some() && !cx.storage.is_direct(b));
    if !holds_slots {
        return None;
    }
    let none = IdVec::new();
    let mut walker = Walker::new(cx, arm, false, &none);
    walker.mode = Mode::Dropping;
    // Nothing is mentioned: nothing is projected out of its slot.
    walker.declared = Some(BitSet::new(cx.ir.bindings.len()));
    walker.declared_twins = Some(BitSet::new(cx.ir.bindings.len()));
    let entry = cx.plan.arms[arm].entry.clone();
    Some(walker.drop_level(&cx.ir.root, &entry.path, entry.index))
}

/// Whether a binding declared later than `binding` and in scope at arm
/// `arm`'s entry has the same name.
pub(crate) fn shadowed_at_entry(cx: Context, arm: ArmId, binding: BindingId) -> bool {
    let entry = &cx.plan.arms[arm].entry;
    crate::plan::in_scope(cx.ir, entry).into_iter().any(|d| cx.storage.shadows[d] == Some(binding))
}

/// The arm a transition to `target` really goes to, past arms that only
/// forward.
pub(crate) fn resolve_forward(forward: &IdVec<ArmId, Option<ArmId>>, mut target: ArmId) -> ArmId {
    // A chain of forwarding arms is acyclic; the bound is only a guard.
    for _ in 0..forward.len() {
        match forward.get(target).copied().flatten() {
            Some(next) => target = next,
            None => break,
        }
    }
    target
}

/// Code, and whether it falls through at its end.
type Code = (Vec<Op>, bool);

/// The construct each enclosing block of `entry` is a child of.
fn path_constructs(ir: &Ir, entry: &crate::ir::Position) -> Vec<Option<ConstructId>> {
    let mut block = &ir.root;
    let mut constructs = Vec::new();
    for &(index, child) in &entry.path {
        let stmt = &block.stmts[index];
        constructs.push(stmt.construct());
        block = stmt.child(child).expect("positions follow existing children");
    }
    constructs
}

struct Walker<'a> {
    cx: Context<'a>,
    ir: &'a Ir,
    plan: &'a ArmPlan,
    storage: &'a Storage,
    arm: ArmId,
    /// Bindings the arm's own code mentions: the only ones it must declare
    /// when they are in scope without a value.
    mentioned: BitSet,
    /// Bindings user code of the arm mentions (not counting the values its
    /// transitions carry).
    code_mentions: BitSet,
    /// The construct each enclosing block of the entry is a child of, from
    /// the outermost: a `break` to it leaves the blocks inside.
    path_constructs: Vec<Option<ConstructId>>,
    /// After the first walk, what the arm mentions.
    declared: Option<BitSet>,
    /// Bindings whose value has moved to their twin on the current path.
    transferred: BitSet,
    /// Twins a state store reads. After the first walk (which moves every
    /// shadowed value that may be carried), the values that must move.
    twins_read: BitSet,
    declared_twins: Option<BitSet>,
    /// Bindings this arm has declared so far: only these can move to a twin.
    present: BitSet,
    /// The names in scope at the point being walked, innermost last.
    names: Vec<(String, BindingId)>,
    /// What the machine needs to know of the arm (its code aside).
    facts: Facts,
    mode: Mode,
    forward: &'a IdVec<ArmId, Option<ArmId>>,
}

/// What is walked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// An arm run by the dispatch loop.
    Dispatched,
    /// The start arm, run before the dispatch loop: its transitions break
    /// out of its block.
    BeforeDispatch,
    /// What a suspended generator drops (see [`drop_before`]).
    Dropping,
}

/// See [`Walker::branch_state`].
struct BranchState {
    transferred: BitSet,
    present: BitSet,
}

/// See [`ArmProgram`].
#[derive(Default)]
struct Facts {
    statements: usize,
    transitions: Vec<ArmId>,
    completes: bool,
    jumps: bool,
    /// See [`ArmProgram::exited`].
    exited: Option<usize>,
}

impl<'a> Walker<'a> {
    fn new(cx: Context<'a>, arm: ArmId, before_dispatch: bool, forward: &'a IdVec<ArmId, Option<ArmId>>) -> Self {
        let len = cx.ir.bindings.len();
        Walker {
            cx,
            ir: cx.ir,
            plan: cx.plan,
            storage: cx.storage,
            arm,
            mentioned: BitSet::new(len),
            code_mentions: BitSet::new(len),
            path_constructs: path_constructs(cx.ir, &cx.plan.arms[arm].entry),
            declared: None,
            transferred: BitSet::new(len),
            twins_read: BitSet::new(len),
            declared_twins: None,
            present: BitSet::new(len),
            names: Vec::new(),
            facts: Facts::default(),
            mode: if before_dispatch { Mode::BeforeDispatch } else { Mode::Dispatched },
            forward,
        }
    }

    /// The carried bindings shadowed at the entry: they are re-declared as
    /// their twins.
    fn shadowed_carried(&self) -> BitSet {
        let mut at_entry = BitSet::new(self.ir.bindings.len());
        for &binding in &self.storage.fields[self.arm] {
            if self.shadowed_at_entry(binding) {
                at_entry.insert(binding);
            }
        }
        at_entry
    }

    /// Whether a binding declared later and in scope at the arm's entry has
    /// the same name.
    fn shadowed_at_entry(&self, binding: BindingId) -> bool {
        shadowed_at_entry(self.cx, self.arm, binding)
    }

    /// The bindings the arm declares on entry (see [`Self::reconstruct`]).
    fn present_at_entry(&self) -> BitSet {
        let mut present = BitSet::new(self.ir.bindings.len());
        let arm = &self.plan.arms[self.arm];
        if arm.kind == ArmKind::Start {
            for param in &self.ir.params {
                param.bindings.iter().for_each(|&b| present.insert(b));
            }
        }
        for &binding in &self.storage.fields[self.arm] {
            present.insert(binding);
        }
        for binding in self.ir.bindings.ids() {
            if self.storage.deferred[self.arm].contains(binding) || self.rederives(binding) {
                present.insert(binding);
            }
        }
        if !self.storage.slots.is_empty() {
            for binding in crate::plan::in_scope(self.ir, &arm.entry) {
                if self.storage.slot_of[binding].is_some() {
                    present.insert(binding);
                }
            }
        }
        present
    }

    /// What a branch of a construct changes and the next branch must not
    /// see: moves to twins, values released (see [`Self::release_dead`]).
    fn branch_state(&self) -> BranchState {
        BranchState { transferred: self.transferred.clone(), present: self.present.clone() }
    }

    fn restore(&mut self, saved: &BranchState) {
        self.transferred.clone_from(&saved.transferred);
        self.present.clone_from(&saved.present);
    }

    /// Notes bindings declared by the code being walked.
    fn mark_present(&mut self, bindings: &[BindingId]) {
        for &binding in bindings {
            self.present.insert(binding);
        }
        self.enter_names(bindings);
    }

    /// Brings the names of `bindings` into scope (see [`Self::names`]).
    fn enter_names(&mut self, bindings: &[BindingId]) {
        for &binding in bindings {
            self.names.push((self.ir.bindings[binding].name.to_string(), binding));
        }
    }

    /// The buffers kept in place that user code at this point names.
    fn buffers_in_scope(&self) -> Vec<BindingId> {
        let mut seen: Vec<&str> = Vec::new();
        let mut buffers = Vec::new();
        for (name, binding) in self.names.iter().rev() {
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            if self.storage.is_buffer(self.ir, *binding) {
                buffers.push(*binding);
            }
        }
        buffers
    }

    /// User code at this point.
    fn user<T>(&mut self, code: &T, exits: bool) -> User<T>
    where
        T: Clone,
    {
        self.facts.completes |= exits;
        User { code: code.clone(), buffers: self.buffers_in_scope() }
    }

    fn user_expr(&mut self, expr: &syn::Expr) -> User<syn::Expr> {
        self.user(expr, exits::in_expr(expr))
    }

    /// The name a binding's value has at this point of the arm.
    fn name_of(&self, binding: BindingId) -> Name {
        if self.transferred.contains(binding) { Name::Twin(binding) } else { Name::Own(binding) }
    }

    /// Whether a declaration without a value is needed for `binding`.
    fn needs_declaration(&self, binding: BindingId) -> bool {
        self.declared.as_ref().is_none_or(|declared| declared.contains(binding))
    }

    /// One enclosing block of the entry: its bindings re-declared, then the
    /// inner levels, then what follows them in this arm.
    fn level(&mut self, block: &Block, path: &[(usize, Child)], index: usize) -> Code {
        let upto = path.first().map_or(index, |&(i, _)| i);
        let depth = self.path_constructs.len() - path.len();
        let names = self.names.len();
        let in_scope: Vec<BindingId> = self.ir.bindings_before(block.id, upto).collect();
        self.enter_names(&in_scope);
        // The code comes first: re-declarations depend on what it mentions.
        let (code, falls_through) = match path.split_first() {
            None => self.stmts(block, index),
            Some((&(i, child), rest)) => {
                let inner_block = block.stmts[i].child(child).expect("positions follow existing children");
                let inner = self.level(inner_block, rest, index);
                self.resume_in_construct(block, i, child, inner)
            }
        };
        self.names.truncate(names);
        if falls_through {
            self.exit_level(depth);
        }
        let macros = decls::macros_used(self.ir, &code);
        let mut ops = self.reconstruct(block, upto, path.is_empty(), &macros);
        ops.extend(code);
        (vec![Op::Block(ops)], falls_through)
    }

    /// What dropping runs for one enclosing block of the entry.
    fn drop_level(&mut self, block: &Block, path: &[(usize, Child)], index: usize) -> Vec<Op> {
        let upto = path.first().map_or(index, |&(i, _)| i);
        let inner = match path.split_first() {
            None => Vec::new(),
            Some((&(i, child), rest)) => {
                let inner_block = block.stmts[i].child(child).expect("positions follow existing children");
                self.drop_level(inner_block, rest, index)
            }
        };
        let mut ops = self.reconstruct(block, upto, path.is_empty(), &[]);
        ops.extend(inner);
        vec![Op::Block(ops)]
    }

    /// Code of a construct entered in the middle: `inner` is the code of its
    /// child `child` from the entry on.
    fn resume_in_construct(&mut self, block: &Block, index: usize, child: Child, inner: Code) -> Code {
        let stmt = &block.stmts[index];
        // Where the inner code falls through: the end of the child block.
        let child_end = stmt.child(child).map_or(Site::Stmt(block.id, index), |b| Site::End(b.id));
        match stmt {
            Stmt::Loop(x) => self.resume_in_loop(block, index, x, inner),
            Stmt::Labeled(x) if self.plan.exits[x.construct] == Exit::Inline(self.arm) => {
                let mut code = vec![Op::Labeled { label: Label::Block(x.construct), body: inner.0 }];
                let (rest, ft) = self.stmts(block, index + 1);
                code.extend(rest);
                (code, ft)
            }
            Stmt::Labeled(x) => self.after_child(block, index, x.construct, child_end, inner),
            Stmt::If(x) => self.after_child(block, index, x.construct, child_end, inner),
            Stmt::Match(x) => self.after_child(block, index, x.construct, child_end, inner),
            Stmt::Block(x) => self.after_child(block, index, x.construct, child_end, inner),
            _ => (inner.0, false),
        }
    }

    /// A loop entered in the middle of its body.
    fn resume_in_loop(&mut self, block: &Block, index: usize, x: &crate::ir::Loop, (inner, inner_ft): Code) -> Code {
        let exit = self.plan.exits[x.construct];
        let end_of_body = Site::End(x.body.id);
        if self.plan.heads[x.id] == Some(self.arm) {
            // The head arm runs the loop natively, unless the next
            // iteration must re-declare shadowed values.
            let mut body = inner;
            if inner_ft && self.ir.shadowing_blocks[x.body.id] {
                body.extend(self.jump_to_head(x.id, end_of_body));
            }
            let mut code = vec![Op::Labeled { label: Label::Loop(x.id), body }];
            if exit != Exit::Inline(self.arm) {
                return (code, false);
            }
            let (rest, ft) = self.stmts(block, index + 1);
            code.extend(rest);
            return (code, ft);
        }
        let mut body = inner;
        if inner_ft {
            body.extend(self.jump_to_head(x.id, end_of_body));
        }
        if exit != Exit::Inline(self.arm) {
            return (body, false);
        }
        let mut code = vec![Op::Labeled { label: Label::Exit(x.construct), body }];
        let (rest, ft) = self.stmts(block, index + 1);
        code.extend(rest);
        (code, ft)
    }

    /// `inner`, then, if it falls through, the code after the construct.
    fn after_child(
        &mut self,
        block: &Block,
        index: usize,
        construct: ConstructId,
        site: Site,
        (mut code, ft): Code,
    ) -> Code {
        if !ft {
            return (code, false);
        }
        match self.plan.exits[construct] {
            Exit::Join(arm) => {
                code.push(self.transition(arm, site));
                (code, false)
            }
            Exit::Inline(_) => {
                let (rest, ft) = self.stmts(block, index + 1);
                code.extend(rest);
                (code, ft)
            }
            Exit::Unreached => (code, false),
        }
    }

    /// Statements of `block` from `from` on, until one does not fall through.
    fn stmts(&mut self, block: &Block, from: usize) -> Code {
        let names = self.names.len();
        let mut code = Vec::new();
        let mut falls_through = true;
        for index in from..block.stmts.len() {
            let ft = self.stmt(block, index, &mut code);
            if !ft {
                falls_through = false;
                break;
            }
        }
        self.names.truncate(names);
        (code, falls_through)
    }

    /// Notes that the arm's code leaves the enclosing block of the entry at
    /// depth `depth` (0: the body) and goes on in the arm.
    fn exit_level(&mut self, depth: usize) {
        self.facts.exited = Some(self.facts.exited.map_or(depth, |exited| exited.min(depth)));
    }

    /// Records the bindings `eff` mentions.
    fn note(&mut self, eff: &Eff) {
        match eff {
            Eff::Use(binding, _) | Eff::Member(binding, ..) => {
                self.mentioned.insert(*binding);
                self.code_mentions.insert(*binding);
            }
            Eff::Seq(items) | Eff::Alt(items) => items.iter().for_each(|item| self.note(item)),
            Eff::Loop(body) => self.note(body),
            Eff::Nothing | Eff::Diverge => {}
        }
    }

    /// Records what a statement mentions, apart from its child blocks.
    fn note_stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Plain { eff, .. } => self.note(eff),
            Stmt::Let(crate::ir::Let { init: Some(init), .. }) | Stmt::Temp { init: Some(init), .. } => {
                self.note(&init.eff);
            }
            Stmt::Assign { binding, value } => {
                self.mentioned.insert(*binding);
                self.code_mentions.insert(*binding);
                self.note(&value.eff);
            }
            Stmt::Yield(y) => self.note(&y.value.eff),
            Stmt::Return(Some(value)) => self.note(&value.eff),
            Stmt::If(x) => self.note(&x.cond.eff),
            Stmt::Match(x) => {
                self.note(&x.scrutinee.eff);
                for arm in &x.arms {
                    if let Some(guard) = &arm.guard {
                        self.note(&guard.eff);
                    }
                }
            }
            _ => {}
        }
    }

    /// Walks statement `index` of `block` into `code`; returns whether it
    /// falls through.
    fn stmt(&mut self, block: &Block, index: usize, code: &mut Vec<Op>) -> bool {
        let stmt = &block.stmts[index];
        // An arm that runs no code of the loop body before its end has
        // nothing the held borrow must cover: it skips the read, and can
        // then only forward.
        if self.ir.hold_end(stmt).is_some() && self.facts.statements == 0 {
            return true;
        }
        self.facts.statements += 1;
        self.note_stmt(stmt);
        match stmt {
            Stmt::Plain { stmt, eff } => {
                let user = self.user(stmt, exits::in_stmt(stmt));
                code.push(Op::Stmt(user));
                !eff.diverges()
            }
            Stmt::Let(x) if x.init.is_none() && !x.bindings.iter().any(|&b| self.needs_declaration(b)) => {
                code.extend(self.unbound_markers(&x.bindings));
                true
            }
            Stmt::Temp { binding, init: None } if !self.needs_declaration(*binding) => {
                code.extend(self.unbound_markers(&[*binding]));
                true
            }
            Stmt::Temp { binding, init: Some(init) } if self.storage.slot_of[*binding].is_some() => {
                self.temp_in_slot(*binding, init, code);
                true
            }
            Stmt::Let(x) if x.bindings.len() == 1 && self.storage.slot_of[x.bindings[0]].is_some() => {
                self.buffer_let(x, code);
                true
            }
            Stmt::Let(x) => {
                self.user_let(block, index, x, code);
                true
            }
            Stmt::Temp { binding, init } => {
                self.mark_present(&[*binding]);
                let init = init.as_ref().map(|init| self.user_expr(&init.expr));
                let uninit = init.is_none();
                code.push(Op::Temp { binding: *binding, init });
                code.extend(self.markers_after(&[*binding], uninit));
                true
            }
            Stmt::Assign { binding, value } => {
                let name = self.name_of(*binding);
                let value = self.user_expr(&value.expr);
                code.push(Op::Assign { name, value });
                true
            }
            Stmt::Yield(y) => {
                code.extend(self.suspend(y));
                false
            }
            Stmt::Return(value) => {
                let value = value.as_ref().map(|v| self.user_expr(&v.expr));
                self.facts.completes = true;
                code.push(Op::Return(value));
                false
            }
            Stmt::Break(target) => {
                code.push(self.break_to(*target, Site::Stmt(block.id, index)));
                false
            }
            Stmt::Continue(id) => {
                code.push(self.continue_to(*id, Site::Stmt(block.id, index)));
                false
            }
            Stmt::If(x) => self.if_stmt(block, index, x, code),
            Stmt::Match(x) => self.match_stmt(x, code),
            Stmt::Loop(x) => {
                if let Some(head) = self.plan.heads[x.id] {
                    code.push(self.transition(head, Site::Stmt(block.id, index)));
                    return false;
                }
                let (body, _) = self.stmts(&x.body, 0);
                code.push(Op::Labeled { label: Label::Loop(x.id), body });
                self.plan.exits[x.construct] == Exit::Inline(self.arm)
            }
            Stmt::Labeled(x) => {
                let (body, ft) = self.branch(x.construct, &x.body);
                code.push(Op::Labeled { label: Label::Block(x.construct), body });
                ft || self.plan.exits[x.construct] == Exit::Inline(self.arm)
            }
            Stmt::Block(x) => {
                let (body, ft) = self.branch(x.construct, &x.body);
                code.push(Op::Nested { unsafety: x.unsafety, body });
                ft
            }
        }
    }

    /// A user `let`, with the moves of the values it shadows to their twins.
    fn user_let(&mut self, block: &Block, index: usize, x: &crate::ir::Let, code: &mut Vec<Op>) {
        let mut before = self.twin_declarations(&x.bindings);
        // A value the initialiser may borrow (`let line = line.trim();`)
        // could not move to its twin after it: it moves first, and the
        // initialiser reads it from the twin.
        let borrows = x.bindings.iter().any(|&b| self.ir.bindings[b].may_borrow);
        let early = (borrows && x.else_block.is_none())
            .then(|| self.transfer_shadowed(&x.bindings, Some((block, index))))
            .flatten();
        let init_reads_twins: Vec<BindingId> = match early {
            Some(ops) => {
                let moved = ops.iter().filter_map(|op| match op {
                    Op::Transfer { binding, .. } => Some(*binding),
                    _ => None,
                });
                let moved = moved.collect();
                code.extend(ops);
                moved
            }
            None => Vec::new(),
        };
        let init = x.init.as_ref().map(|init| self.user_expr(&init.expr));
        let else_block = x.else_block.as_ref().map(|block| {
            // It diverges: what it moves or releases is gone on its path only.
            let saved = self.branch_state();
            let (code, _) = self.stmts(block, 0);
            self.restore(&saved);
            code
        });
        // The initialiser and `else` still see the shadowed values.
        let (renames, after) = self.shadow_declaration(&x.bindings, Some((block, index)));
        // Bindings declared under temporary names are declared again after
        // the twins anyway.
        if renames.is_empty() {
            before.extend(self.rebound_after_twins(&x.bindings));
        }
        self.mark_present(&x.bindings);
        let allow_unused_mut =
            x.bindings.iter().any(|&b| self.storage.carried.contains(b) || self.marker_used(b).is_some());
        let markers = self.markers_after(&x.bindings, x.init.is_none());
        code.push(Op::Let {
            attrs: x.attrs.clone(),
            allow_unused_mut,
            pat: x.pat.clone(),
            renames,
            ty: x.ty.clone(),
            init,
            init_reads_twins,
            else_block,
        });
        // The twins are declared right after the pattern: a value that
        // moves to its twin is dropped where the pattern's would be.
        code.extend(before);
        code.extend(after);
        code.extend(markers);
    }

    fn if_stmt(&mut self, block: &Block, index: usize, x: &crate::ir::If, code: &mut Vec<Op>) -> bool {
        let saved = self.branch_state();
        let mut after = saved.present.clone();
        let names = self.names.len();
        let (renames, mut then_block) = self.shadow_declaration(&x.cond.bindings, None);
        let cond = self.user_expr(&x.cond.expr);
        self.mark_present(&x.cond.bindings);
        then_block.extend(self.twin_declarations(&x.cond.bindings));
        then_block.extend(self.markers_after(&x.cond.bindings, false));
        let (then_code, then_ft) = self.branch(x.construct, &x.then_block);
        then_block.extend(then_code);
        if then_ft {
            after.intersect_with(&self.present);
        }
        self.restore(&saved);
        self.names.truncate(names);
        let (else_block, else_ft) = match &x.else_block {
            Some(block) => {
                let (code, ft) = self.branch(x.construct, block);
                if ft {
                    after.intersect_with(&self.present);
                }
                self.restore(&saved);
                (Some(code), ft)
            }
            None => match self.plan.exits[x.construct] {
                Exit::Join(arm) => (Some(vec![self.transition(arm, Site::Else(block.id, index))]), false),
                _ => (None, true),
            },
        };
        self.present = after;
        code.push(Op::If { cond, renames, then_block, else_block });
        then_ft || else_ft
    }

    fn match_stmt(&mut self, x: &crate::ir::Match, code: &mut Vec<Op>) -> bool {
        let scrutinee = self.user_expr(&x.scrutinee.expr);
        let mut arms = Vec::new();
        let mut ft = false;
        let saved = self.branch_state();
        let mut after = saved.present.clone();
        for arm in &x.arms {
            let names = self.names.len();
            let (renames, mut body) = self.shadow_declaration(&arm.bindings, None);
            self.mark_present(&arm.bindings);
            body.extend(self.twin_declarations(&arm.bindings));
            body.extend(self.markers_after(&arm.bindings, false));
            let guard = arm.guard.as_ref().map(|g| self.user_expr(&g.expr));
            let (arm_code, arm_ft) = self.branch(x.construct, &arm.body);
            body.extend(arm_code);
            if arm_ft {
                after.intersect_with(&self.present);
            }
            self.restore(&saved);
            self.names.truncate(names);
            ft |= arm_ft;
            arms.push(MatchArmOps { attrs: arm.attrs.clone(), pat: arm.pat.clone(), guard, renames, body });
        }
        self.present = after;
        code.push(Op::Match { scrutinee, arms });
        ft
    }

    /// A branch of `construct` run from its start; if it falls through, the
    /// construct is left as [`ArmPlan::exits`] says.
    fn branch(&mut self, construct: ConstructId, block: &Block) -> Code {
        let (code, ft) = self.stmts(block, 0);
        if !ft {
            return (code, false);
        }
        match self.plan.exits[construct] {
            Exit::Join(arm) => {
                // The block's values are dropped at its end, before the
                // transition moves the carried ones (one may borrow them).
                let transition = self.transition(arm, Site::End(block.id));
                (vec![Op::Block(code), transition], false)
            }
            Exit::Inline(_) => (code, true),
            Exit::Unreached => (code, false),
        }
    }

    fn break_to(&mut self, target: JumpTarget, site: Site) -> Op {
        let construct = target.construct();
        if let Exit::Join(arm) = self.plan.exits[construct] {
            return self.transition(arm, site);
        }
        if let Some(depth) = self.path_constructs.iter().position(|&c| c == Some(construct)) {
            self.exit_level(depth + 1);
        }
        Op::Break(match target {
            JumpTarget::Loop(id, _) if self.plan.heads[id].is_none_or(|head| head == self.arm) => Label::Loop(id),
            JumpTarget::Loop(_, construct) => Label::Exit(construct),
            JumpTarget::Labeled(construct) => Label::Block(construct),
        })
    }

    fn continue_to(&mut self, id: LoopId, site: Site) -> Op {
        let body = self.ir.loops[id].body;
        match self.plan.heads[id] {
            Some(head) if head != self.arm || self.ir.shadowing_blocks[body] => self.transition(head, site),
            _ => Op::Continue(id),
        }
    }

    fn jump_to_head(&mut self, id: LoopId, site: Site) -> Option<Op> {
        self.plan.heads[id].map(|head| self.transition(head, site))
    }

    /// The fields of arm `target`'s variant, filled from bindings in scope.
    fn field_values(&mut self, target: ArmId) -> Vec<FieldValue> {
        let mut fields = Vec::new();
        for &binding in &self.storage.fields[target] {
            self.mentioned.insert(binding);
            if self.transferred.contains(binding) {
                self.twins_read.insert(binding);
            }
            let parts = self.storage.split[target].get(&binding).copied();
            fields.push(FieldValue { binding, name: self.name_of(binding), parts });
        }
        fields
    }

    /// Continues with arm `target`, carrying the bindings it needs: by the
    /// dispatch loop, or, when `target` is the head of the loop this arm
    /// runs natively, by `continue`.
    fn transition(&mut self, target: ArmId, site: Site) -> Op {
        self.facts.transitions.push(target);
        let direct = target;
        let target = resolve_forward(self.forward, target);
        if let ArmKind::Head(id) = self.plan.arms[target].kind {
            if target == self.arm && !self.ir.shadowing_blocks[self.ir.loops[id].body] {
                return Op::Continue(id);
            }
        }
        let init = self.storage.at_site.get(&site).or(self.storage.init[direct].as_ref());
        let release = self.releases(init, target);
        let fields = self.field_values(target);
        let forget = self.forget_guards(target);
        let jump = if self.mode == Mode::BeforeDispatch {
            Jump::BreakEntry
        } else {
            self.facts.jumps = true;
            Jump::Dispatch
        };
        Op::Transition { jump, leave: Leave { release, forget, target, unbundle: None, fields, bundle: None } }
    }

    /// Suspends at `y`: evaluates the value, stores the state, returns.
    fn suspend(&mut self, y: &Yield) -> Option<Op> {
        let value = self.user_expr(&y.value.expr);
        let resume = self.plan.resume[y.id]?;
        let release = self.releases(self.storage.init[resume].as_ref(), resume);
        let forget = self.forget_guards(resume);
        let fields = self.field_values(resume);
        let leave = Leave { release, forget, target: resume, unbundle: None, fields, bundle: None };
        Some(Op::Suspend { yield_id: y.id, value, leave })
    }

    /// The values that may borrow another one and leave this arm for arm
    /// `target` without being carried (`init` is the state where it
    /// leaves): values of the scopes left, and values the keep rule
    /// releases. Dropping them now, rather than when the arm's blocks close
    /// after the carried values have moved, lets a value that borrows a
    /// carried one (a guard, a `Watch`) go first, as at the end of its
    /// scope. Values that borrow nothing and were declared after one of
    /// them that has drop glue go with it, first. Only values that certainly hold one can be
    /// named; the others, and the other values that borrow nothing, are
    /// dropped when the arm's blocks close, in the order of their scopes.
    fn releases(&self, init: Option<&InitState>, target: ArmId) -> Vec<Name> {
        let Some(init) = init else { return Vec::new() };
        let released = self.released_where(init, true, |binding| self.storage.fields[target].contains(&binding));
        self.distinct_names(&released)
    }

    /// The names of `bindings`, without repeats.
    fn distinct_names(&self, bindings: &[BindingId]) -> Vec<Name> {
        let mut names: Vec<Name> = Vec::new();
        for &binding in bindings {
            let name = self.name_of(binding);
            if !names.iter().any(|n| self.same_ident(*n, name)) {
                names.push(name);
            }
        }
        names
    }

    /// Whether two names are the same identifier.
    fn same_ident(&self, a: Name, b: Name) -> bool {
        match (a, b) {
            (Name::Own(a), Name::Own(b)) => self.ir.bindings[a].name == self.ir.bindings[b].name,
            (Name::Twin(a), Name::Twin(b)) => a == b,
            _ => false,
        }
    }

    /// The values in scope that may borrow another one and certainly hold
    /// one (`init`), except those `kept` says stay, innermost first; and,
    /// with `with_later`, the values declared after them that leave too,
    /// which a plain function drops first.
    fn released_where(&self, init: &InitState, with_later: bool, kept: impl Fn(BindingId) -> bool) -> Vec<BindingId> {
        let mut seen: Vec<&str> = Vec::new();
        let mut released = Vec::new();
        let mut later = Vec::new();
        for (name, binding) in self.names.iter().rev() {
            let binding = *binding;
            let shadowed = seen.contains(&name.as_str());
            seen.push(name);
            if (shadowed && !self.transferred.contains(binding))
                || !self.present.contains(binding)
                || self.storage.slot_of[binding].is_some()
                || self.ir.bindings[binding].no_drop
                || kept(binding)
                || !init.is_init(binding)
            {
                continue;
            }
            if self.ir.bindings[binding].may_borrow {
                // Releasing an item without drop glue drops nothing, so the
                // values declared after it stay where a plain function
                // drops them (after a `match` scrutinee's temporaries).
                if !self.drops_nothing(binding) {
                    released.append(&mut later);
                }
                released.push(binding);
            } else if with_later {
                later.push(binding);
            }
        }
        released
    }

    /// Whether `binding` is a loop item made again from a cursor that has
    /// no drop glue (see [`Rederived::may_drop`](crate::ir::Rederived)).
    fn drops_nothing(&self, binding: BindingId) -> bool {
        self.ir.bindings[binding].derived.is_some_and(|derived| !self.ir.derived[derived].may_drop)
    }

    /// Drops the values in scope that may borrow another one, certainly hold
    /// one before statement `index` of `block`, and are dead after it.
    fn release_dead(&mut self, block: &Block, index: usize) -> Option<Op> {
        let init = self.storage.at_site.get(&Site::Stmt(block.id, index))?;
        let after = if index + 1 < block.stmts.len() { Site::Stmt(block.id, index + 1) } else { Site::End(block.id) };
        let live = self.storage.live_at.get(&after)?;
        let released = self.released_where(init, false, |binding| live.contains(binding));
        // Gone: nothing releases them again.
        for &binding in &released {
            self.present.remove(binding);
        }
        Some(Op::Release(self.distinct_names(&released)))
    }
}
