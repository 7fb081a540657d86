//! The intermediate representation between lowering and emission.
//!
//! Lowering turns the generator body into a tree of [`Block`]s whose
//! statements are either *plain* (user code without suspension points or
//! jumps out of itself, kept as syn nodes and emitted unchanged) or
//! *structural* (yields, loops, branches and jumps the state machine must see).
//! Every expression that contains a `yield_!` has been split so that yields
//! only occur as [`Stmt::Yield`] statements and values flow through hidden
//! temporaries; the evaluation order of the source is kept.
//!
//! Ids index the arenas in [`Ir`]; blocks are numbered in source order,
//! bindings in declaration order.

use proc_macro2::{Ident, Span};
use syn::{Attribute, Expr, Pat, Stmt as SynStmt, Type};

mod eff;
mod ids;

pub(crate) use eff::{Access, Eff};
pub(crate) use ids::{
    ArmId, BindingId, BlockId, BundleId, ConstructId, DerivedId, Id, IdVec, LoopId, PartsId, SlotId, YieldId,
};

/// The whole lowered body.
pub(crate) struct Ir {
    pub root: Block,
    pub bindings: IdVec<BindingId, Binding>,
    pub yields: IdVec<YieldId, YieldInfo>,
    pub loops: IdVec<LoopId, LoopInfo>,
    pub constructs: usize,
    pub blocks: usize,
    /// Bindings introduced by the function's parameters, in order, with the
    /// expression (a parameter name or `self`) that initialises each.
    pub params: Vec<Param>,
    /// Items declared in the body; emitted once, before the state machine.
    pub items: Vec<SynStmt>,
    /// `macro_rules!` definitions of the body, which stay in place.
    pub macros: Vec<MacroDef>,
    /// Blocks inside which a binding shadows one declared outside them. The
    /// shadowed value moves to a hidden twin there, so such a block is only
    /// left through the dispatch loop, where the value is named again.
    pub shadowing_blocks: IdVec<BlockId, bool>,
    /// The bindings of each block, in declaration order.
    pub block_bindings: IdVec<BlockId, Vec<BindingId>>,
    /// Loop items made again from their owners after a suspension point.
    pub derived: IdVec<DerivedId, Rederived>,
}

/// The item of a loop over a collection the generator owns (`for x in &v`,
/// see `lower/for_loop.rs`): it borrows the owner, so it is never carried
/// across a suspension point; an arm that reads it makes it again from
/// the loop's cursor and the owner.
pub(crate) struct Rederived {
    /// The loop's pattern.
    pub pat: Pat,
    /// The item the cursor is at: `Rederive::current(&cursor, &owner)`.
    pub expr: Expr,
    /// The pattern's bindings.
    pub bindings: Vec<BindingId>,
    /// The items are mutable references (`&mut v`, `v.iter_mut()`).
    pub mutable: bool,
    /// The items may have drop glue: made by `.map(..)`, or a zipped pair
    /// bound whole. Otherwise they are references, indices or `char`s.
    pub may_drop: bool,
    /// Not an item: the borrow of the owner held over the loop body (see
    /// `lower/for_loop.rs`), read at the body's end by a statement of its
    /// own ([`Ir::hold_end`]).
    pub hold: bool,
}

impl Ir {
    /// Whether the generator delegates to itself somewhere.
    pub(crate) fn delegates_to_self(&self) -> bool {
        self.yields.iter().any(|y| y.delegates_to_self)
    }

    /// The borrow of a loop's owner that statement `stmt` reads at the end
    /// of the loop's body, if it is that statement.
    pub(crate) fn hold_end(&self, stmt: &Stmt) -> Option<BindingId> {
        let Stmt::Plain { eff: Eff::Seq(items), .. } = stmt else { return None };
        let Some(&Eff::Use(held, _)) = items.first() else { return None };
        let derived = self.bindings[held].derived?;
        self.derived[derived].hold.then_some(held)
    }

    /// Whether `binding` is the only binding of its declaration: a `let` of
    /// a plain name, or a parameter that is one.
    pub(crate) fn declared_alone(&self, binding: BindingId) -> bool {
        fn block(b: &Block, binding: BindingId) -> bool {
            b.stmts.iter().any(|stmt| match stmt {
                Stmt::Let(x) if x.bindings == [binding] => matches!(x.pat, Pat::Ident(_) | Pat::Type(_)),
                _ => stmt.children().into_iter().any(|(_, child)| block(child, binding)),
            })
        }
        self.params.iter().any(|p| p.bindings == [binding] && matches!(p.pat, Pat::Ident(_)))
            || block(&self.root, binding)
    }

    /// Whether some code may move `binding` (or a field of it) out.
    pub(crate) fn may_move(&self, binding: BindingId) -> bool {
        fn eff(e: &Eff, binding: BindingId) -> bool {
            match e {
                Eff::Use(b, access) | Eff::Member(b, _, access) => {
                    *b == binding && matches!(access, Access::Move | Access::Unknown)
                }
                Eff::Seq(items) | Eff::Alt(items) => items.iter().any(|item| eff(item, binding)),
                Eff::Loop(body) => eff(body, binding),
                Eff::Nothing | Eff::Diverge => false,
            }
        }
        fn block(b: &Block, binding: BindingId) -> bool {
            b.stmts.iter().any(|stmt| {
                stmt.effects().into_iter().any(|e| eff(e, binding))
                    || stmt.children().into_iter().any(|(_, child)| block(child, binding))
            })
        }
        block(&self.root, binding)
    }

    /// The binding `binding` is the type marker of, if it is one (a marker
    /// is made right after its binding).
    pub(crate) fn marker_owner(&self, binding: BindingId) -> Option<BindingId> {
        let owner = BindingId::from_index(binding.index().checked_sub(1)?);
        (self.bindings[owner].marker == Some(binding)).then_some(owner)
    }

    /// The bindings of `block` in scope before its statement `upto` (or
    /// declared by it, for the bindings a construct introduces into its
    /// blocks), in declaration order.
    pub(crate) fn bindings_before(&self, block: BlockId, upto: usize) -> impl Iterator<Item = BindingId> + '_ {
        self.block_bindings[block].iter().copied().filter(move |&b| self.bindings[b].decl_index <= upto)
    }
}

/// A variable of the body: a user binding or a temporary the lowering made.
pub(crate) struct Binding {
    /// The name user code uses (the user's own token), or a hidden name.
    pub name: Ident,
    pub mutable: bool,
    /// The block (scope) the binding belongs to.
    pub block: BlockId,
    /// Index of the first statement of `block` at which the binding is in
    /// scope (0 for bindings introduced on entry to the block).
    pub decl_index: usize,
    /// Known to have no drop glue (a literal, a reference, `()`), so there
    /// is no need to keep it once it is dead.
    pub no_drop: bool,
    /// Kept in place across suspensions instead of in the state.
    pub slot: Option<SlotKind>,
    /// The hidden binding that holds this binding's type marker, for a
    /// mutable binding: where the binding is declared without a value
    /// after a suspension point, the marker gives it the type it had.
    pub marker: Option<BindingId>,
    /// The type a `let x: T` declares it with.
    pub ty: Option<Type>,
    /// Its value may borrow another binding (`let t = s.trim();`): see the
    /// keep rule in [`plan`](crate::plan).
    pub may_borrow: bool,
    /// Its value is a reference to another binding itself (`let r = &x;`,
    /// the iterator of `for i in &x`): the `&x` expression and `x`.
    pub local_borrow: Option<(Expr, BindingId)>,
    /// A loop item made again where it is read after a suspension point.
    pub derived: Option<DerivedId>,
    /// The bindings that making it again reads (the cursor, the owner's
    /// root and what they derive from): a use of it is a use of them.
    pub depends_on: Vec<BindingId>,
}

/// How a binding kept in place across suspensions is managed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum SlotKind {
    /// A value the expansion made and alone uses by reference (a `for`
    /// loop's iterator, a `yield_from!` delegate): dropped when its scope
    /// is left, by a guard.
    Guarded,
    /// A user buffer of `Copy` values, without drop glue: user code sees it
    /// through a reference.
    Buffer,
    /// A collection a loop iterates by borrow across suspension points
    /// (`for x in &v`): kept in place rather than moved through the state
    /// on every resume, dropped by a guard, seen by user code through a
    /// reference. Only if no code moves it.
    Owner,
}

/// A `macro_rules!` defined in the body. The locals its rules name are
/// resolved where it is defined, so it is defined again, after the locals
/// in scope there, in every arm entered within its scope that uses it.
pub(crate) struct MacroDef {
    pub block: BlockId,
    /// The index of the statement that defines it in `block`.
    pub index: usize,
    pub name: String,
    pub stmt: SynStmt,
}

/// A function parameter: its pattern is bound at the start of the body.
pub(crate) struct Param {
    /// How the body binds it (`x`, `mut x`, `(a, b)`, or the hidden `self`).
    pub pat: Pat,
    /// The expression in the outer function that holds its value; `None`
    /// for the binding of the first resume argument.
    pub value: Option<Expr>,
    pub bindings: Vec<BindingId>,
}

pub(crate) struct YieldInfo {
    /// The span of the `yield_!` invocation.
    pub span: Span,
    /// A `yield_from!` of the function itself (see
    /// `lower/self_delegation.rs`): the suspension starts the callee in
    /// place, and its resume arm receives the callee's completion value.
    pub delegates_to_self: bool,
}

pub(crate) struct LoopInfo {
    /// The loop's body block.
    pub body: BlockId,
}

/// A sequence of statements with its own scope.
pub(crate) struct Block {
    pub id: BlockId,
    pub stmts: Vec<Stmt>,
    /// Whether a suspension point occurs in the block (at any depth).
    pub suspends: bool,
}

/// A yield-free expression of user code, with its effects on bindings.
pub(crate) struct PlainExpr {
    pub expr: Expr,
    pub eff: Eff,
}

// Statements are built once per source statement; boxing the larger
// variants would only add indirection.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Stmt {
    /// Yield-free user code: an expression statement or a macro statement.
    Plain {
        stmt: SynStmt,
        eff: Eff,
    },
    /// `let pat (: ty)? (= init (else { .. })?)?;` without suspension points
    /// in `init`.
    Let(Let),
    /// Declares a hidden temporary, initialised or not: `let t (= init)?;`
    Temp {
        binding: BindingId,
        init: Option<PlainExpr>,
    },
    /// `binding = value;`
    Assign {
        binding: BindingId,
        value: PlainExpr,
    },
    /// Suspends with `value`; on resume the resume argument initialises
    /// `result` (or is dropped).
    Yield(Yield),
    If(If),
    Match(Match),
    Loop(Loop),
    Labeled(Labeled),
    /// A nested block `{ .. }`.
    Block(Nested),
    Break(JumpTarget),
    Continue(LoopId),
    /// Completes the generator with the value (or `()`).
    Return(Option<PlainExpr>),
}

pub(crate) struct Let {
    pub attrs: Vec<Attribute>,
    pub pat: Pat,
    pub ty: Option<Type>,
    pub init: Option<PlainExpr>,
    pub else_block: Option<Block>,
    pub bindings: Vec<BindingId>,
}

pub(crate) struct Yield {
    pub id: YieldId,
    pub value: PlainExpr,
    pub result: Option<BindingId>,
}

/// A condition: a boolean expression, an `if let`, or a let chain.
pub(crate) struct Cond {
    pub expr: Expr,
    pub eff: Eff,
    /// Bindings its `let` patterns introduce into the `then` block.
    pub bindings: Vec<BindingId>,
}

pub(crate) struct If {
    pub construct: ConstructId,
    pub cond: Cond,
    pub then_block: Block,
    pub else_block: Option<Block>,
}

pub(crate) struct Match {
    pub construct: ConstructId,
    pub scrutinee: PlainExpr,
    pub arms: Vec<MatchArm>,
}

pub(crate) struct MatchArm {
    pub attrs: Vec<Attribute>,
    pub pat: Pat,
    pub guard: Option<PlainExpr>,
    /// Its scope holds the pattern's bindings (declared on entry).
    pub body: Block,
    pub bindings: Vec<BindingId>,
}

pub(crate) struct Loop {
    pub construct: ConstructId,
    pub id: LoopId,
    pub body: Block,
}

pub(crate) struct Labeled {
    pub construct: ConstructId,
    pub body: Block,
}

pub(crate) struct Nested {
    pub construct: ConstructId,
    pub body: Block,
    /// `unsafe { .. }`: only possible without suspension points inside.
    pub unsafety: bool,
}

/// Where a `break` goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum JumpTarget {
    Loop(LoopId, ConstructId),
    Labeled(ConstructId),
}

impl JumpTarget {
    pub(crate) fn construct(self) -> ConstructId {
        match self {
            JumpTarget::Loop(_, construct) | JumpTarget::Labeled(construct) => construct,
        }
    }
}

/// Selects a child block of a statement.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Child {
    Then,
    Else,
    Arm(usize),
    Body,
    LetElse,
}

impl Stmt {
    /// The child block `child` of this statement.
    pub(crate) fn child(&self, child: Child) -> Option<&Block> {
        match (self, child) {
            (Stmt::If(x), Child::Then) => Some(&x.then_block),
            (Stmt::If(x), Child::Else) => x.else_block.as_ref(),
            (Stmt::Match(x), Child::Arm(i)) => x.arms.get(i).map(|arm| &arm.body),
            (Stmt::Loop(x), Child::Body) => Some(&x.body),
            (Stmt::Labeled(x), Child::Body) => Some(&x.body),
            (Stmt::Block(x), Child::Body) => Some(&x.body),
            (Stmt::Let(x), Child::LetElse) => x.else_block.as_ref(),
            _ => None,
        }
    }

    /// The construct this statement is, if it has child blocks of its own
    /// (a `let … else` has none: its `else` diverges).
    pub(crate) fn construct(&self) -> Option<ConstructId> {
        match self {
            Stmt::Loop(x) => Some(x.construct),
            Stmt::Labeled(x) => Some(x.construct),
            Stmt::If(x) => Some(x.construct),
            Stmt::Match(x) => Some(x.construct),
            Stmt::Block(x) => Some(x.construct),
            _ => None,
        }
    }

    /// The effects of the statement's own expressions (not of its child
    /// blocks).
    pub(crate) fn effects(&self) -> Vec<&Eff> {
        match self {
            Stmt::Plain { eff, .. } => vec![eff],
            Stmt::Let(Let { init: Some(init), .. }) | Stmt::Temp { init: Some(init), .. } => vec![&init.eff],
            Stmt::Assign { value, .. } | Stmt::Return(Some(value)) => vec![&value.eff],
            Stmt::Yield(y) => vec![&y.value.eff],
            Stmt::If(x) => vec![&x.cond.eff],
            Stmt::Match(x) => std::iter::once(&x.scrutinee.eff)
                .chain(x.arms.iter().filter_map(|arm| arm.guard.as_ref().map(|g| &g.eff)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every child block with its selector.
    pub(crate) fn children(&self) -> Vec<(Child, &Block)> {
        match self {
            Stmt::If(x) => {
                let mut v = vec![(Child::Then, &x.then_block)];
                if let Some(b) = &x.else_block {
                    v.push((Child::Else, b));
                }
                v
            }
            Stmt::Match(x) => x.arms.iter().enumerate().map(|(i, arm)| (Child::Arm(i), &arm.body)).collect(),
            Stmt::Loop(x) => vec![(Child::Body, &x.body)],
            Stmt::Labeled(x) => vec![(Child::Body, &x.body)],
            Stmt::Block(x) => vec![(Child::Body, &x.body)],
            Stmt::Let(x) => x.else_block.iter().map(|b| (Child::LetElse, b)).collect(),
            _ => Vec::new(),
        }
    }
}

/// A point in the body: before statement `index` of the block reached by
/// following `path` from the root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    /// For each enclosing block from the root: the index of the statement
    /// that contains the position, and which of its child blocks.
    pub path: Vec<(usize, Child)>,
    pub index: usize,
}
