//! Arm programs: the code of each arm of the dispatch `match`, as data.
//!
//! The plan walks each arm once ([`walk`](crate::plan::walk)) and records
//! what it runs as a tree of [`Op`]s in which every choice is made: which
//! bindings are declared and how, which values move to their twins, which
//! are released before a transition, where a transition goes and how it
//! gets there. Emission renders the tree; it decides nothing.
//!
//! User code stays as syn nodes ([`User`]): emission only rewrites it for
//! its place in the closure (`return` and `?` leave the dispatch, buffers
//! kept in place are reached through a reference).

use syn::{Attribute, Expr, Pat, Stmt as SynStmt, Type};

use crate::ir::{BindingId, BundleId, ConstructId, DerivedId, LoopId, PartsId, YieldId};
use crate::plan::arms::ArmId;

/// The name a value has at a point of an arm.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Name {
    /// The binding's own name.
    Own(BindingId),
    /// Its hidden twin: its value moved there when a binding of the same
    /// name was declared.
    Twin(BindingId),
    /// A hidden name: its value was just taken out of the arm's bundle
    /// (see [`Unbundle`]).
    Unbundled(BindingId),
}

/// A piece of user code, and the buffers kept in place that it may name
/// (it reaches them through a reference).
#[derive(Clone)]
pub(crate) struct User<T> {
    pub code: T,
    pub buffers: Vec<BindingId>,
}

/// A carried binding's value handed to the next arm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldValue {
    pub binding: BindingId,
    /// Where its value is at the transition.
    pub name: Name,
    /// Carried as the fields of [`Storage::parts`](crate::plan::Storage::parts)`[index]`.
    pub parts: Option<PartsId>,
}

/// What leaving the arm for arm `target` (at a suspension or a
/// transition) does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Leave {
    /// Values dropped first, innermost first.
    pub release: Vec<Name>,
    /// The guards of values kept in place that stay in their slots.
    pub forget: Vec<BindingId>,
    pub target: ArmId,
    /// The arm's bundle, taken apart first when `target` does not carry it
    /// whole.
    pub unbundle: Option<Unbundle>,
    /// The fields of `target`'s variant that carry one binding each.
    pub fields: Vec<FieldValue>,
    /// The field that carries `target`'s bundle, if it has one.
    pub bundle: Option<BundleValue>,
}

/// The arm's bundle taken apart from its innermost value on:
/// `let (b9, (b7, rest)) = bundle;` takes out `pieces` `[b9, b7]` and
/// leaves the bundle of the values outside them, if `rest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unbundle {
    pub bundle: BundleId,
    pub pieces: Vec<BindingId>,
    pub rest: bool,
}

/// A bundle made at a transition: `(c, (b, base))` for `layers` `[b, c]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BundleValue {
    pub bundle: BundleId,
    pub base: BundleBase,
    /// The values wrapped around the base, outermost (in scope) first.
    pub layers: Vec<Name>,
}

/// What a bundle is made around.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BundleBase {
    /// The arm's own bundle, whole.
    Whole(BundleId),
    /// What [`Unbundle`] left of it.
    Rest,
    /// The outermost value alone.
    Value(Name),
}

/// How a transition reaches its target arm.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Jump {
    /// Out of the block the start arm runs in before the dispatch loop.
    BreakEntry,
    /// Through the dispatch loop.
    Dispatch,
}

/// The labels of the blocks and loops an arm re-creates.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Label {
    /// A loop, run natively.
    Loop(LoopId),
    /// The part of a loop body an arm other than the loop's head runs: a
    /// `break` out of the loop leaves it.
    Exit(ConstructId),
    /// A labeled block of the user.
    Block(ConstructId),
}

/// How a binding kept in place is reached by name (see [`Op::Project`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Projection {
    /// A buffer user code cannot assign: `let name = &*slot;`.
    SharedBuffer,
    /// A buffer user code may assign: `let name = &mut slot;`.
    MutBuffer,
    /// A value the expansion made: `let mut name = <reference into slot>;`.
    Guarded,
}

/// The value stored in a slot by its binding's declaration.
#[derive(Clone)]
pub(crate) struct SlotValue {
    pub init: Option<User<Expr>>,
    /// Instead of `init`: the value of parameter `index` (its field, or the
    /// first resume argument).
    pub param: Option<usize>,
    /// The type a `let buf: T = ..` declares (the value is ascribed it).
    pub ty: Option<Type>,
}

#[derive(Clone)]
pub(crate) struct MatchArmOps {
    pub attrs: Vec<Attribute>,
    pub pat: Pat,
    pub guard: Option<User<Expr>>,
    /// Bindings of the pattern (and so of the guard) under their temporary
    /// names (see [`Op::Unrename`]).
    pub renames: Vec<BindingId>,
    pub body: Vec<Op>,
}

/// A binding, twin, type marker, slot guard or macro an arm declares.
#[derive(Clone)]
pub(crate) enum Decl {
    /// A `macro_rules!` of the body defined again.
    MacroDef(Box<SynStmt>),
    /// Parameter `index` bound to its pattern (from its field, or from the
    /// resume argument for the first resume argument).
    BindParam(usize),
    /// A carried binding re-declared from its field.
    FromField(BindingId),
    /// The bindings carried as a bundle, re-declared as one value from its
    /// field, where the innermost of them was.
    BundleFromField(BundleId),
    /// A loop's item made again from its cursor and owner: `let pat =
    /// value;` (see [`Rederived`](crate::ir::Rederived)).
    Rederive { derived: DerivedId, value: User<Expr> },
    /// A carried binding shadowed at the entry: its twin takes its field.
    TwinFromField(BindingId),
    /// The binding a `yield_!` initialises, from the resume argument.
    FromResume(BindingId),
    /// The binding a `yield_from!` of the function itself initialises,
    /// from the callee's completion value (see
    /// `lower/self_delegation.rs`).
    FromCallee(BindingId),
    /// A binding in scope that is assigned before use: declared without a
    /// value (with the type its `let` names, if any).
    Deferred(BindingId),
    /// `let twin;` for each binding.
    Twins(Vec<BindingId>),
    /// A type marker received in its field; with the binding it gives its
    /// type to, when that binding is declared without a value.
    MarkerFromField { marker: BindingId, gives_type_to: Option<BindingId> },
    /// A type marker made from the value of its binding.
    MarkerOf { marker: BindingId, of: Name },
    /// A type marker made without a value; with the binding declared
    /// without a value it must give its type to, if any.
    MarkerNew { marker: BindingId, gives_type_to: Option<BindingId> },
    /// The guard of a binding kept in place, taken back on entry.
    ResumeSlotGuard(BindingId),
}

// One node per construct the arm renders; boxing the larger variants would
// only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub(crate) enum Op {
    /// `{ .. }`
    Block(Vec<Op>),
    /// A statement of user code.
    Stmt(User<SynStmt>),
    /// A declaration the arm makes.
    Declare(Decl),
    /// A binding's first value stored in its slot: under a new guard, or,
    /// in a slot of its own (`direct`, see
    /// [`Storage::direct`](crate::plan::Storage::direct)), assigned.
    /// Attributes of its `let` go here when no projection follows.
    StoreInSlot {
        binding: BindingId,
        direct: bool,
        value: SlotValue,
        attrs: Vec<Attribute>,
    },
    /// The binding's name bound to a reference to its value in its slot:
    /// the slot itself when it is `direct`, else through its guard.
    Project {
        binding: BindingId,
        direct: bool,
        how: Projection,
        attrs: Vec<Attribute>,
    },
    /// A user `let`. The pattern's bindings listed in `renames` are bound
    /// under their temporary names.
    Let {
        attrs: Vec<Attribute>,
        /// Some arm receives a binding of it, or its type marker: it may be
        /// assigned only there.
        allow_unused_mut: bool,
        pat: Pat,
        renames: Vec<BindingId>,
        ty: Option<Type>,
        init: Option<User<Expr>>,
        /// Shadowed values moved to their twins before the initialiser,
        /// which reads them there (`let line = line.trim();`).
        init_reads_twins: Vec<BindingId>,
        else_block: Option<Vec<Op>>,
    },
    /// A hidden temporary of the lowering.
    Temp {
        binding: BindingId,
        init: Option<User<Expr>>,
    },
    Assign {
        name: Name,
        value: User<Expr>,
    },
    /// A value moved to its twin.
    Transfer {
        binding: BindingId,
        from: Name,
    },
    /// A binding declared under its temporary name gets its own name.
    Unrename(BindingId),
    /// A binding of a pattern moved to a new binding of the same name, so
    /// that it drops before the twins declared after the pattern (see
    /// `Walker::user_let`).
    Rebind(BindingId),
    /// Values dropped now, innermost first.
    Release(Vec<Name>),
    /// Suspends: evaluates the value, stores the state for the arm after
    /// the `yield_!`.
    Suspend {
        yield_id: YieldId,
        value: User<Expr>,
        leave: Leave,
    },
    /// Continues with another arm.
    Transition {
        jump: Jump,
        leave: Leave,
    },
    /// Completes the generator.
    Return(Option<User<Expr>>),
    Break(Label),
    Continue(LoopId),
    /// `label: loop { .. }` or `label: { .. }`.
    Labeled {
        label: Label,
        body: Vec<Op>,
    },
    If {
        cond: User<Expr>,
        /// Bindings of its `let` patterns under their temporary names.
        renames: Vec<BindingId>,
        then_block: Vec<Op>,
        else_block: Option<Vec<Op>>,
    },
    Match {
        scrutinee: User<Expr>,
        arms: Vec<MatchArmOps>,
    },
    /// A nested block of the user, `unsafe` or not.
    Nested {
        unsafety: bool,
        body: Vec<Op>,
    },
}

impl Op {
    /// The op sequences nested in this one: bodies of blocks, loops,
    /// branches and `else` blocks.
    pub(crate) fn children_mut(&mut self) -> Vec<&mut Vec<Op>> {
        match self {
            Op::Block(body) | Op::Labeled { body, .. } | Op::Nested { body, .. } => vec![body],
            Op::Let { else_block, .. } => else_block.iter_mut().collect(),
            Op::If { then_block, else_block, .. } => std::iter::once(then_block).chain(else_block).collect(),
            Op::Match { arms, .. } => arms.iter_mut().map(|arm| &mut arm.body).collect(),
            _ => Vec::new(),
        }
    }

    /// See [`Op::children_mut`].
    pub(crate) fn children(&self) -> Vec<&Vec<Op>> {
        match self {
            Op::Block(body) | Op::Labeled { body, .. } | Op::Nested { body, .. } => vec![body],
            Op::Let { else_block, .. } => else_block.iter().collect(),
            Op::If { then_block, else_block, .. } => std::iter::once(then_block).chain(else_block).collect(),
            Op::Match { arms, .. } => arms.iter().map(|arm| &arm.body).collect(),
            _ => Vec::new(),
        }
    }
}

/// Calls `f` on every op of `ops`, nested ones included, in order.
pub(crate) fn each_op<'a>(ops: &'a [Op], f: &mut impl FnMut(&'a Op)) {
    for op in ops {
        f(op);
        for child in op.children() {
            each_op(child, f);
        }
    }
}

/// One arm's program and what the rest of the machine needs to know of it.
pub(crate) struct ArmProgram {
    pub code: Vec<Op>,
    /// How many statements of the body the arm runs.
    pub statements: usize,
    /// The arms it continues with (as planned, before forwarding).
    pub transitions: Vec<ArmId>,
    /// Whether it may complete the generator.
    pub completes: bool,
    /// Whether it continues the dispatch loop with another arm.
    pub jumps: bool,
    /// The bindings its user code mentions.
    pub named: crate::plan::BitSet,
    /// The outermost enclosing block of its entry that its code may leave
    /// by its end or a `break` (and go on in the arm, or, for the body,
    /// complete), by depth (0: the body); `None` if it leaves none but by
    /// leaving the arm.
    pub exited: Option<usize>,
}
