//! What plain (yield-free) user code does to the generator's bindings.
//!
//! The liveness and initialisation analyses need, for every piece of plain
//! code, which bindings it reads, moves and assigns, and in which order.
//! [`Eff`] records that as a small tree mirroring the code's control flow.
//!
//! A macro cannot see types, so "moves" are approximated from syntax: a
//! binding used as a whole in a by-value position (a call argument, an
//! operand, `let y = x`) is *moved or copied*; either way nothing is left to
//! drop afterwards. A binding that is borrowed, indexed, compared, read
//! through a field or used as the receiver of a borrowing method of the
//! standard library (see [`methods`]) stays initialised.
//! The receiver of any other method, and a binding whose field is passed by
//! value, *may* have been moved.
//!
//! [`Effects::borrows`] tells whether a value may borrow a binding: the
//! keep rule of [`plan`](crate::plan) releases such values at a
//! suspension point where they are dead.

use proc_macro2::{TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Pat, Stmt, Token};

use super::methods;
use crate::ir::{Access, BindingId, Eff};
use crate::syntax::idents::{format_capture_names, member_name, root_member, single_ident};
use crate::syntax::{macro_args, pattern};

/// What the code around a piece of plain code declares.
pub(crate) trait Names {
    /// The binding a name refers to.
    fn resolve(&self, name: &str) -> Option<BindingId>;
    /// The bindings a `macro_rules!` of the body in scope names.
    fn resolve_macro(&self, name: &str) -> Option<Vec<BindingId>>;
    /// Whether the value of a binding may borrow another binding.
    fn may_borrow(&self, binding: BindingId) -> bool;
    /// What reading a binding also reads (see
    /// [`Binding::depends_on`](crate::ir::Binding::depends_on)).
    fn depends_on(&self, binding: BindingId) -> &[BindingId];
}

/// Computes [`Eff`]s, resolving names with `names` except for bindings the
/// plain code declares itself.
pub(crate) struct Effects<'a> {
    names: &'a dyn Names,
    locals: Vec<String>,
    closure: Vec<bool>,
    /// Bindings the code assigns a value that may borrow a binding.
    pub borrowing: Vec<BindingId>,
}

impl<'a> Effects<'a> {
    pub(crate) fn new(names: &'a dyn Names) -> Self {
        Effects { names, locals: Vec::new(), closure: Vec::new(), borrowing: Vec::new() }
    }

    fn lookup(&self, name: &str) -> Option<BindingId> {
        if self.locals.iter().any(|local| local == name) {
            return None;
        }
        self.names.resolve(name)
    }

    fn use_name(&self, name: &str, access: Access) -> Eff {
        let Some(binding) = self.lookup(name) else { return Eff::Nothing };
        let access = match self.closure.last() {
            Some(true) => Access::Move,
            Some(false) if access == Access::Write => Access::Update,
            _ => access,
        };
        let depends_on = self.names.depends_on(binding);
        if depends_on.is_empty() {
            return Eff::Use(binding, access);
        }
        let reads = depends_on.iter().map(|&b| Eff::Use(b, Access::Read));
        Eff::seq(std::iter::once(Eff::Use(binding, access)).chain(reads).collect())
    }

    /// A use of a binding's field. In a closure it is a use of the whole
    /// binding: what a closure captures depends on the edition.
    fn use_member(&self, name: &str, member: String, access: Access) -> Eff {
        match self.use_name(name, access) {
            Eff::Use(binding, access) if self.closure.is_empty() => Eff::Member(binding, member, access),
            whole => whole,
        }
    }

    fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let depth = self.locals.len();
        let out = f(self);
        self.locals.truncate(depth);
        out
    }

    fn bind_pat(&mut self, pat: &Pat) {
        for binding in pattern::bindings(pat) {
            self.locals.push(binding.ident.to_string());
        }
    }

    /// `expr` evaluated for its value.
    pub(crate) fn value(&mut self, expr: &Expr) -> Eff {
        if let Some(name) = single_ident(expr) {
            return self.use_name(&name, Access::Move);
        }
        match expr {
            // Read (copied), as numbers are; see `scrutinee` for a field
            // bound by value.
            Expr::Field(_) => self.place(expr, Access::Read),
            _ => self.expr(expr),
        }
    }

    /// An operand of an arithmetic operator, a cast, a range, or an
    /// argument of a call: a field there is taken to be read (copied), as
    /// numbers are. (A field bound by value, `let a = p.a;`, or consumed,
    /// `for x in p.items`, may be moved.)
    fn operand(&mut self, expr: &Expr) -> Eff {
        match expr {
            Expr::Field(_) => self.place(expr, Access::Read),
            Expr::Paren(p) => self.operand(&p.expr),
            _ => self.value(expr),
        }
    }

    /// `expr` consumed by value where a field moved out of a binding is the
    /// usual case (a `for` loop's iterable, the receiver of `into_iter`): the
    /// binding is then partially moved, and can no longer be kept whole.
    pub(crate) fn consumed(&mut self, expr: &Expr) -> Eff {
        match root_member(expr) {
            Some((root, member)) => self.use_member(&root, member, Access::Move),
            None => self.value(expr),
        }
    }

    /// `expr` evaluated as a place that is then accessed with `access`.
    pub(crate) fn place(&mut self, expr: &Expr, access: Access) -> Eff {
        if let Some(name) = single_ident(expr) {
            return self.use_name(&name, access);
        }
        match expr {
            Expr::Field(e) => {
                let inner = match access {
                    Access::Read | Access::Unknown => access,
                    Access::Move | Access::Write | Access::Update => Access::Update,
                };
                match single_ident(&e.base) {
                    Some(root) => self.use_member(&root, member_name(&e.member), inner),
                    None => self.place(&e.base, inner),
                }
            }
            Expr::Index(e) => {
                let base = self.place(&e.expr, if access == Access::Read { Access::Read } else { Access::Update });
                let index = self.value(&e.index);
                Eff::seq(vec![base, index])
            }
            Expr::Paren(e) => self.place(&e.expr, access),
            Expr::Group(e) => self.place(&e.expr, access),
            Expr::Unary(e) if matches!(e.op, syn::UnOp::Deref(_)) => self.place(&e.expr, Access::Read),
            _ => self.expr(expr),
        }
    }

    pub(crate) fn block(&mut self, block: &syn::Block) -> Eff {
        self.scoped(|this| Eff::seq(block.stmts.iter().map(|s| this.stmt(s)).collect()))
    }

    /// A statement; bindings it declares stay visible to later statements of
    /// the same walk.
    pub(crate) fn stmt(&mut self, stmt: &Stmt) -> Eff {
        match stmt {
            Stmt::Local(local) => {
                let init = match &local.init {
                    Some(init) => {
                        let value = match &local.pat {
                            // `let n: i64 = p.n;` copies the field.
                            Pat::Type(t) if crate::syntax::types::no_drop_type(&t.ty) => self.value(&init.expr),
                            pat => self.scrutinee(&init.expr, &[pat]),
                        };
                        let diverge = init.diverge.as_ref().map(|(_, e)| Eff::maybe(self.value(e)));
                        Eff::seq(vec![value, diverge.unwrap_or_default()])
                    }
                    None => Eff::Nothing,
                };
                self.bind_pat(&local.pat);
                init
            }
            Stmt::Item(_) => Eff::Nothing,
            Stmt::Expr(e, _) => self.value(e),
            Stmt::Macro(m) => self.mac(&m.mac),
        }
    }

    /// A `let` pattern's scrutinee: moved if the pattern binds by value.
    pub(crate) fn scrutinee(&mut self, expr: &Expr, pats: &[&Pat]) -> Eff {
        if !pats.iter().any(|p| pattern::binds_by_value(p)) {
            return self.place(expr, Access::Read);
        }
        match expr {
            // `let first = pair.0;` moves the field of a tuple unless it is
            // `Copy`, and is taken to: the tuple is then partly moved. A
            // struct's field bound this way is as often a copy, out of a
            // value that cannot be taken apart (an `Arc`, a type with
            // `Drop`): the struct may have been moved, no more.
            Expr::Field(f) => match (single_ident(&f.base), &f.member) {
                (Some(root), syn::Member::Unnamed(index)) => {
                    self.use_member(&root, index.index.to_string(), Access::Move)
                }
                _ => self.place(expr, Access::Unknown),
            },
            Expr::Paren(p) => self.scrutinee(&p.expr, pats),
            _ => self.value(expr),
        }
    }

    fn exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>) -> Eff {
        Eff::seq(exprs.into_iter().map(|e| self.value(e)).collect())
    }

    fn assign(&mut self, e: &syn::ExprAssign) -> Eff {
        let right = self.value(&e.right);
        let left = self.assignee(&e.left);
        if let Some(binding) = single_ident(&e.left).and_then(|name| self.lookup(&name)) {
            if self.borrows(&e.right) {
                self.borrowing.push(binding);
            }
        }
        Eff::seq(vec![right, left])
    }

    fn match_expr(&mut self, e: &syn::ExprMatch) -> Eff {
        let pats: Vec<&Pat> = e.arms.iter().map(|a| &a.pat).collect();
        let scrutinee = self.scrutinee(&e.expr, &pats);
        let arms = e
            .arms
            .iter()
            .map(|arm| {
                self.scoped(|this| {
                    this.bind_pat(&arm.pat);
                    let guard = arm.guard.as_ref().map(|(_, g)| this.value(g)).unwrap_or_default();
                    let body = this.value(&arm.body);
                    Eff::seq(vec![guard, body])
                })
            })
            .collect();
        Eff::seq(vec![scrutinee, Eff::Alt(arms)])
    }

    fn method_call(&mut self, e: &syn::ExprMethodCall) -> Eff {
        let receiver = match methods::receiver(&e.method.to_string()) {
            // `p.items.into_iter()` moves the field out; `p.limit.unwrap_or(1)`
            // as often copies it, out of a value that may not come apart.
            methods::Receiver::Consumed if e.method.to_string().starts_with("into_") => self.consumed(&e.receiver),
            methods::Receiver::Consumed => match root_member(&e.receiver) {
                Some((root, _)) => self.use_name(&root, Access::Move),
                None => self.value(&e.receiver),
            },
            methods::Receiver::Borrowed => self.place(&e.receiver, Access::Read),
            methods::Receiver::Unknown => self.place(&e.receiver, Access::Unknown),
        };
        let args = Eff::seq(e.args.iter().map(|a| self.operand(a)).collect());
        Eff::seq(vec![receiver, args])
    }

    fn expr(&mut self, expr: &Expr) -> Eff {
        match expr {
            Expr::Array(e) => self.exprs(&e.elems),
            Expr::Assign(e) => self.assign(e),
            Expr::Async(e) => self.capture(e.capture.is_some(), |this| this.block(&e.block)),
            Expr::Await(e) => self.value(&e.base),
            Expr::Binary(e) => self.binary(e),
            Expr::Block(e) => self.block(&e.block),
            Expr::Break(e) => e.expr.as_ref().map(|v| self.value(v)).unwrap_or_default(),
            Expr::Call(e) => {
                let func = self.place(&e.func, Access::Read);
                let args = Eff::seq(e.args.iter().map(|a| self.operand(a)).collect());
                Eff::seq(vec![func, args])
            }
            Expr::Cast(e) => self.operand(&e.expr),
            Expr::Closure(e) => self.capture(e.capture.is_some(), |this| {
                for input in &e.inputs {
                    this.bind_pat(input);
                }
                this.value(&e.body)
            }),
            Expr::Field(_) | Expr::Index(_) => self.place(expr, Access::Read),
            Expr::ForLoop(e) => {
                let iter = self.consumed(&e.expr);
                let body = self.scoped(|this| {
                    this.bind_pat(&e.pat);
                    this.block(&e.body)
                });
                Eff::seq(vec![iter, Eff::Loop(Box::new(body))])
            }
            Expr::Group(e) => self.value(&e.expr),
            Expr::If(e) => self.if_expr(e),
            Expr::Let(e) => {
                let scrutinee = self.scrutinee(&e.expr, &[&e.pat]);
                self.bind_pat(&e.pat);
                scrutinee
            }
            Expr::Loop(e) => Eff::Loop(Box::new(self.block(&e.body))),
            Expr::Macro(e) => self.mac(&e.mac),
            Expr::Match(e) => self.match_expr(e),
            Expr::MethodCall(e) => self.method_call(e),
            Expr::Paren(e) => self.value(&e.expr),
            Expr::Range(e) => {
                let start = e.start.as_ref().map(|s| self.operand(s)).unwrap_or_default();
                let end = e.end.as_ref().map(|s| self.operand(s)).unwrap_or_default();
                Eff::seq(vec![start, end])
            }
            Expr::RawAddr(e) => self.place(&e.expr, Access::Read),
            Expr::Reference(e) => self.place(&e.expr, Access::Read),
            Expr::Repeat(e) => self.value(&e.expr),
            Expr::Return(e) => {
                let value = e.expr.as_ref().map(|v| self.value(v)).unwrap_or_default();
                Eff::seq(vec![value, Eff::Diverge])
            }
            Expr::Struct(e) => {
                let fields = Eff::seq(e.fields.iter().map(|f| self.value(&f.expr)).collect());
                let rest = e.rest.as_ref().map(|r| self.value(r)).unwrap_or_default();
                Eff::seq(vec![fields, rest])
            }
            Expr::Try(e) => {
                let value = self.value(&e.expr);
                Eff::seq(vec![value, Eff::maybe(Eff::Diverge)])
            }
            Expr::TryBlock(e) => self.block(&e.block),
            Expr::Tuple(e) => self.exprs(&e.elems),
            Expr::Unary(e) => match e.op {
                syn::UnOp::Deref(_) => self.place(&e.expr, Access::Read),
                _ => self.operand(&e.expr),
            },
            Expr::Unsafe(e) => self.block(&e.block),
            Expr::Verbatim(tokens) => self.tokens(tokens.clone()),
            Expr::While(e) => {
                let body = self.scoped(|this| {
                    let cond = this.value(&e.cond);
                    let body = this.block(&e.body);
                    Eff::seq(vec![cond, Eff::maybe(body)])
                });
                Eff::Loop(Box::new(body))
            }
            Expr::Yield(e) => e.expr.as_ref().map(|v| self.value(v)).unwrap_or_default(),
            _ => Eff::Nothing,
        }
    }

    fn if_expr(&mut self, e: &syn::ExprIf) -> Eff {
        let (cond, then) = self.scoped(|this| {
            let cond = this.value(&e.cond);
            let then = this.block(&e.then_branch);
            (cond, then)
        });
        let otherwise = e.else_branch.as_ref().map(|(_, b)| self.value(b)).unwrap_or_default();
        // A let chain may stop at any of its conditions; treating the whole
        // condition as evaluated first only adds reads.
        Eff::seq(vec![cond, Eff::Alt(vec![then, otherwise])])
    }

    fn binary(&mut self, e: &syn::ExprBinary) -> Eff {
        use syn::BinOp::{
            AddAssign, And, BitAndAssign, BitOrAssign, BitXorAssign, DivAssign, Eq, Ge, Gt, Le, Lt, MulAssign, Ne, Or,
            RemAssign, ShlAssign, ShrAssign, SubAssign,
        };
        match e.op {
            And(_) | Or(_) => {
                let left = self.value(&e.left);
                let right = self.value(&e.right);
                Eff::seq(vec![left, Eff::maybe(right)])
            }
            Eq(_) | Lt(_) | Le(_) | Ne(_) | Ge(_) | Gt(_) => {
                let left = self.place(&e.left, Access::Read);
                let right = self.place(&e.right, Access::Read);
                Eff::seq(vec![left, right])
            }
            AddAssign(_) | SubAssign(_) | MulAssign(_) | DivAssign(_) | RemAssign(_) | BitXorAssign(_)
            | BitAndAssign(_) | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_) => {
                let right = self.operand(&e.right);
                let left = self.place(&e.left, Access::Update);
                Eff::seq(vec![right, left])
            }
            _ => {
                let left = self.operand(&e.left);
                let right = self.operand(&e.right);
                Eff::seq(vec![left, right])
            }
        }
    }

    /// The left-hand side of `=`, possibly a destructuring pattern.
    fn assignee(&mut self, expr: &Expr) -> Eff {
        match expr {
            Expr::Tuple(t) => Eff::seq(t.elems.iter().map(|e| self.assignee(e)).collect()),
            Expr::Array(a) => Eff::seq(a.elems.iter().map(|e| self.assignee(e)).collect()),
            Expr::Paren(p) => self.assignee(&p.expr),
            Expr::Struct(s) => Eff::seq(s.fields.iter().map(|f| self.assignee(&f.expr)).collect()),
            Expr::Call(c) => Eff::seq(c.args.iter().map(|e| self.assignee(e)).collect()),
            Expr::Infer(_) | Expr::Range(_) => Eff::Nothing,
            _ => self.place(expr, Access::Write),
        }
    }

    fn capture(&mut self, by_move: bool, body: impl FnOnce(&mut Self) -> Eff) -> Eff {
        self.closure.push(by_move);
        let eff = self.scoped(body);
        self.closure.pop();
        eff
    }

    fn mac(&mut self, mac: &Macro) -> Eff {
        let name = macro_args::name(mac);
        // A macro of the body reads the locals its rules name, and its
        // arguments are whatever its rules make of them.
        if let Some(named) = mac.path.get_ident().and_then(|_| self.names.resolve_macro(&name)) {
            let named = Eff::seq(named.into_iter().map(|b| Eff::Use(b, Access::Read)).collect());
            return Eff::seq(vec![named, self.tokens(mac.tokens.clone())]);
        }
        let parsed = match name.as_str() {
            "vec" | "dbg" => self.by_value_macro(mac),
            "matches" | "assert_matches" | "debug_assert_matches" => mac
                .parse_body_with(|input: syn::parse::ParseStream| {
                    let scrutinee: Expr = input.parse()?;
                    let _: TokenStream = input.parse()?;
                    Ok(scrutinee)
                })
                .ok()
                .map(|scrutinee| self.place(&scrutinee, Access::Read)),
            _ => self.format_like_macro(mac),
        };
        let captures = self.format_captures(mac.tokens.clone());
        match parsed {
            Some(eff) => Eff::seq(vec![eff, captures]),
            None => Eff::seq(vec![self.tokens(mac.tokens.clone()), captures]),
        }
    }

    /// `vec![a, b]`, `vec![x; n]`, `dbg!(a)`: the operands are moved.
    fn by_value_macro(&mut self, mac: &Macro) -> Option<Eff> {
        if let Some((item, len)) = macro_args::repeat(mac) {
            return Some(Eff::seq(vec![self.value(&item), self.value(&len)]));
        }
        let args = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated).ok()?;
        Some(self.exprs(&args))
    }

    /// Macros whose arguments are comma-separated expressions, possibly
    /// named (`format!`, `assert_eq!`, `write!`): their operands are taken
    /// by reference.
    fn format_like_macro(&mut self, mac: &Macro) -> Option<Eff> {
        let args = macro_args::args(mac)?;
        Some(Eff::seq(args.iter().map(|arg| self.place(&arg.expr, Access::Read)).collect()))
    }

    /// Identifiers inside a token stream the macro cannot parse: each that
    /// names a binding is read.
    fn tokens(&mut self, tokens: TokenStream) -> Eff {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut effs = Vec::new();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident) if crate::syntax::rename::may_name_local(&trees, i) => {
                    let name = ident.to_string();
                    effs.push(match token_member(&trees[i + 1..]) {
                        Some(member) => self.use_member(&name, member, Access::Read),
                        None => self.use_name(&name, Access::Read),
                    });
                }
                TokenTree::Group(group) => effs.push(self.tokens(group.stream())),
                _ => {}
            }
        }
        Eff::seq(effs)
    }

    /// Bindings named inside format strings (`"{x}"`, `"{:w$}"`).
    fn format_captures(&mut self, tokens: TokenStream) -> Eff {
        let mut effs = Vec::new();
        for tree in tokens {
            match tree {
                TokenTree::Literal(lit) => {
                    if let Ok(syn::Lit::Str(s)) = syn::parse2::<syn::Lit>(TokenTree::Literal(lit).into()) {
                        for name in format_capture_names(&s.value()) {
                            effs.push(self.use_name(&name, Access::Read));
                        }
                    }
                }
                TokenTree::Group(group) => effs.push(self.format_captures(group.stream())),
                _ => {}
            }
        }
        Eff::seq(effs)
    }
}

/// The field named by the tokens after an identifier, if they are `.name`
/// or `.0` and not a method call (`.name(`, `.name::<`) or `.await`.
fn token_member(after: &[TokenTree]) -> Option<String> {
    let [TokenTree::Punct(dot), member, rest @ ..] = after else { return None };
    if dot.as_char() != '.' {
        return None;
    }
    let called = matches!(rest.first(), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis)
        || matches!(rest.first(), Some(TokenTree::Punct(p)) if p.as_char() == ':');
    match member {
        TokenTree::Ident(name) if !called && name != "await" => Some(name.to_string()),
        // `t.0`, or `t.0.1`, which is one float literal.
        TokenTree::Literal(index) => {
            let text = index.to_string();
            let first = text.split('.').next().unwrap_or_default();
            (!first.is_empty() && first.bytes().all(|b| b.is_ascii_digit())).then(|| first.to_owned())
        }
        _ => None,
    }
}

/// Whether a value may borrow a binding (see the keep rule in
/// [`plan`](crate::plan)).
impl Effects<'_> {
    /// Whether the value of `expr` may hold a borrow of a binding: it
    /// borrows one (`&x`, `x.iter()`, a closure that captures by reference),
    /// or moves in the value of one that may (`y = x`), or comes from a
    /// method of unknown result (`x.frobnicate()`). A count, a new `String`,
    /// a literal, or a call with owned arguments borrows nothing.
    pub(crate) fn borrows(&mut self, expr: &Expr) -> bool {
        match expr {
            Expr::Path(_) => match single_ident(expr) {
                Some(name) if self.locals.contains(&name) => true,
                Some(name) => self.lookup(&name).is_some_and(|b| self.names.may_borrow(b)),
                None => false,
            },
            Expr::Lit(_) | Expr::Binary(_) | Expr::Cast(_) => false,
            Expr::Unary(e) => matches!(e.op, syn::UnOp::Deref(_)) && self.borrows(&e.expr),
            Expr::Reference(e) => !matches!(&*e.expr, Expr::Lit(_)) && !self.is_constant_place(&e.expr),
            // A `move` closure owns what it captures; any other captures by
            // reference.
            Expr::Closure(e) if e.capture.is_some() => self.mentions_borrowing_binding(expr),
            Expr::Async(e) if e.capture.is_some() => self.mentions_borrowing_binding(expr),
            Expr::Paren(e) => self.borrows(&e.expr),
            Expr::Group(e) => self.borrows(&e.expr),
            Expr::Field(e) => self.borrows(&e.base),
            Expr::Index(e) => self.borrows(&e.expr),
            Expr::Try(e) => self.borrows(&e.expr),
            Expr::Array(e) => e.elems.iter().any(|e| self.borrows(e)),
            Expr::Tuple(e) => e.elems.iter().any(|e| self.borrows(e)),
            Expr::Repeat(e) => self.borrows(&e.expr),
            Expr::Struct(e) => {
                e.fields.iter().any(|f| self.borrows(&f.expr)) || e.rest.as_ref().is_some_and(|r| self.borrows(r))
            }
            Expr::Range(e) => {
                e.start.as_ref().is_some_and(|s| self.borrows(s)) || e.end.as_ref().is_some_and(|s| self.borrows(s))
            }
            // (What the callee captures is not taken to flow into the
            // result: a closure that returns a borrow of it is rare.)
            Expr::Call(e) => e.args.iter().any(|a| self.borrows(a)),
            Expr::MethodCall(e) => {
                let args = e.args.iter().any(|a| self.borrows(a));
                match methods::result(&e.method.to_string()) {
                    methods::Result::Owned => false,
                    methods::Result::LikeReceiver => self.borrows(&e.receiver) || args,
                    methods::Result::Reference | methods::Result::MayBorrow => {
                        self.place_root(&e.receiver).is_some() || self.borrows(&e.receiver) || args
                    }
                }
            }
            Expr::Macro(e) => self.macro_borrows(&e.mac),
            _ => self.mentions_binding(expr),
        }
    }

    fn macro_borrows(&mut self, mac: &Macro) -> bool {
        match macro_args::name(mac).as_str() {
            "format" | "concat" | "stringify" | "line" | "column" | "file" | "env" | "matches" => false,
            "vec" => match mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
                Ok(items) => items.iter().any(|item| self.borrows(item)),
                Err(_) => self.tokens_mention_binding(mac.tokens.clone()),
            },
            _ => self.tokens_mention_binding(mac.tokens.clone()),
        }
    }

    /// The binding a place expression (`x`, `x.f`, `x[i]`, `*x`) starts from.
    fn place_root(&self, expr: &Expr) -> Option<BindingId> {
        match expr {
            Expr::Path(_) => single_ident(expr).and_then(|name| self.lookup(&name)),
            Expr::Field(e) => self.place_root(&e.base),
            Expr::Index(e) => self.place_root(&e.expr),
            Expr::Paren(e) => self.place_root(&e.expr),
            Expr::Group(e) => self.place_root(&e.expr),
            Expr::Unary(e) if matches!(e.op, syn::UnOp::Deref(_)) => self.place_root(&e.expr),
            _ => None,
        }
    }

    /// A place that is not a binding or a temporary: a constant or static.
    fn is_constant_place(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Path(_) => match single_ident(expr) {
                Some(name) => !self.locals.contains(&name) && self.lookup(&name).is_none(),
                None => true,
            },
            Expr::Paren(e) => self.is_constant_place(&e.expr),
            Expr::Field(e) => self.is_constant_place(&e.base),
            _ => false,
        }
    }

    fn mentions_borrowing_binding(&self, expr: &Expr) -> bool {
        fn walk(this: &Effects, tokens: TokenStream) -> bool {
            tokens.into_iter().any(|tree| match tree {
                TokenTree::Ident(ident) => this.lookup(&ident.to_string()).is_some_and(|b| this.names.may_borrow(b)),
                TokenTree::Group(group) => walk(this, group.stream()),
                _ => false,
            })
        }
        walk(self, quote::ToTokens::to_token_stream(expr))
    }

    fn mentions_binding(&self, expr: &Expr) -> bool {
        self.tokens_mention_binding(quote::ToTokens::to_token_stream(expr))
    }

    fn tokens_mention_binding(&self, tokens: TokenStream) -> bool {
        tokens.into_iter().any(|tree| match tree {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                self.locals.contains(&name) || self.lookup(&name).is_some()
            }
            TokenTree::Group(group) => self.tokens_mention_binding(group.stream()),
            _ => false,
        })
    }
}
