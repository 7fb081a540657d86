//! What plain (yield-free) user code does to the generator's bindings.
//!
//! The liveness and initialisation analyses need, for every piece of plain
//! code, which bindings it reads, moves and assigns, and in which order.
//! [`Eff`] records that as a small tree mirroring the code's control flow.
//!
//! A macro cannot see types, so "moves" are approximated from syntax: a
//! binding used as a whole in a by-value position (a call argument, an
//! operand, `let y = x`) is *moved or copied*; either way nothing is left to
//! drop afterwards. A binding that is borrowed, indexed, compared, used as a
//! method receiver or projected (`x.field`) stays initialised. Receivers of
//! methods that always consume (`into_iter`, `unwrap`, iterator adapters)
//! count as moved.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Pat, Stmt, Token};

use crate::ir::BindingId;
use crate::pattern;

/// The effect of a piece of code on bindings, in evaluation order.
#[derive(Clone, Debug, Default)]
pub(crate) enum Eff {
    #[default]
    Nothing,
    Use(BindingId, Access),
    Seq(Vec<Eff>),
    /// Exactly one of the alternatives runs.
    Alt(Vec<Eff>),
    /// Runs zero or more times.
    Loop(Box<Eff>),
    /// Leaves the generator (`return`, the error branch of `?`).
    Diverge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Borrowed, read through, compared: stays initialised.
    Read,
    /// Used by value: moved, or copied.
    Move,
    /// Assigned as a whole: initialised afterwards.
    Write,
    /// Read and updated in place (`x += 1`, `x.f = 1`): stays initialised.
    Update,
}

impl Eff {
    pub(crate) fn seq(items: Vec<Eff>) -> Eff {
        let mut flat = Vec::new();
        for item in items {
            match item {
                Eff::Nothing => {}
                Eff::Seq(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        match flat.len() {
            0 => Eff::Nothing,
            1 => flat.pop().unwrap_or_default(),
            _ => Eff::Seq(flat),
        }
    }

    /// Whether the code never finishes normally: every path through it
    /// leaves the generator (`return v;`, `let x = match o { Some(x) => x,
    /// None => return };` does not).
    pub(crate) fn diverges(&self) -> bool {
        match self {
            Eff::Diverge => true,
            Eff::Seq(items) => items.iter().any(Eff::diverges),
            Eff::Alt(items) => !items.is_empty() && items.iter().all(Eff::diverges),
            Eff::Nothing | Eff::Use(..) | Eff::Loop(_) => false,
        }
    }

    pub(crate) fn maybe(eff: Eff) -> Eff {
        if matches!(eff, Eff::Nothing) { eff } else { Eff::Alt(vec![eff, Eff::Nothing]) }
    }
}

/// Names of method receivers that are always taken by value.
fn consumes_receiver(method: &str) -> bool {
    method.starts_with("into_")
        || method.starts_with("unwrap")
        || method.starts_with("expect")
        || matches!(
            method,
            "collect"
                | "sum"
                | "product"
                | "fold"
                | "for_each"
                | "map"
                | "filter"
                | "filter_map"
                | "flat_map"
                | "flatten"
                | "enumerate"
                | "zip"
                | "chain"
                | "rev"
                | "skip"
                | "step_by"
                | "peekable"
                | "cloned"
                | "copied"
                | "fuse"
                | "inspect"
                | "cycle"
                | "scan"
                | "skip_while"
                | "take_while"
                | "map_while"
                | "ok"
                | "err"
                | "ok_or"
                | "ok_or_else"
                | "and_then"
                | "map_or"
                | "map_or_else"
        )
}

/// Computes [`Eff`]s, resolving names with `resolve` except for bindings the
/// plain code declares itself.
pub(crate) struct Effects<'a> {
    resolve: &'a dyn Fn(&str) -> Option<BindingId>,
    /// The bindings each `macro_rules!` of the body in scope names.
    macros: &'a dyn Fn(&str) -> Option<Vec<BindingId>>,
    locals: Vec<String>,
    closure: Vec<bool>,
}

impl<'a> Effects<'a> {
    pub(crate) fn new(
        resolve: &'a dyn Fn(&str) -> Option<BindingId>,
        macros: &'a dyn Fn(&str) -> Option<Vec<BindingId>>,
    ) -> Self {
        Effects { resolve, macros, locals: Vec::new(), closure: Vec::new() }
    }

    fn lookup(&self, name: &str) -> Option<BindingId> {
        if self.locals.iter().any(|local| local == name) {
            return None;
        }
        (self.resolve)(name)
    }

    fn use_name(&self, name: &str, access: Access) -> Eff {
        let Some(binding) = self.lookup(name) else { return Eff::Nothing };
        let access = match self.closure.last() {
            Some(true) => Access::Move,
            Some(false) if access == Access::Write => Access::Update,
            _ => access,
        };
        Eff::Use(binding, access)
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
        self.expr(expr)
    }

    /// `expr` consumed by value where a field moved out of a binding is the
    /// usual case (a `for` loop's iterable, the receiver of `into_iter`): the
    /// binding is then partially moved, and can no longer be kept whole.
    pub(crate) fn consumed(&mut self, expr: &Expr) -> Eff {
        match field_root(expr) {
            Some(root) => self.use_name(&root, Access::Move),
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
                let inner = if access == Access::Read { Access::Read } else { Access::Update };
                self.place(&e.base, inner)
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
                        let value = if pattern::binds_by_value(&local.pat) {
                            self.value(&init.expr)
                        } else {
                            self.place(&init.expr, Access::Read)
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
        if pats.iter().any(|p| pattern::binds_by_value(p)) { self.value(expr) } else { self.place(expr, Access::Read) }
    }

    fn exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>) -> Eff {
        Eff::seq(exprs.into_iter().map(|e| self.value(e)).collect())
    }

    fn expr(&mut self, expr: &Expr) -> Eff {
        match expr {
            Expr::Array(e) => self.exprs(&e.elems),
            Expr::Assign(e) => {
                let right = self.value(&e.right);
                let left = self.assignee(&e.left);
                Eff::seq(vec![right, left])
            }
            Expr::Async(e) => self.capture(e.capture.is_some(), |this| this.block(&e.block)),
            Expr::Await(e) => self.value(&e.base),
            Expr::Binary(e) => self.binary(e),
            Expr::Block(e) => self.block(&e.block),
            Expr::Break(e) => e.expr.as_ref().map(|v| self.value(v)).unwrap_or_default(),
            Expr::Call(e) => {
                let func = self.place(&e.func, Access::Read);
                let args = self.exprs(&e.args);
                Eff::seq(vec![func, args])
            }
            Expr::Cast(e) => self.value(&e.expr),
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
            Expr::Match(e) => {
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
            Expr::MethodCall(e) => {
                let receiver = if consumes_receiver(&e.method.to_string()) {
                    self.consumed(&e.receiver)
                } else {
                    self.place(&e.receiver, Access::Read)
                };
                let args = self.exprs(&e.args);
                Eff::seq(vec![receiver, args])
            }
            Expr::Paren(e) => self.value(&e.expr),
            Expr::Range(e) => {
                let start = e.start.as_ref().map(|s| self.value(s)).unwrap_or_default();
                let end = e.end.as_ref().map(|s| self.value(s)).unwrap_or_default();
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
                _ => self.value(&e.expr),
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
                let right = self.value(&e.right);
                let left = self.place(&e.left, Access::Update);
                Eff::seq(vec![right, left])
            }
            _ => {
                let left = self.value(&e.left);
                let right = self.value(&e.right);
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
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        // A macro of the body reads the locals its rules name, and its
        // arguments are whatever its rules make of them.
        if let Some(named) = mac.path.get_ident().and_then(|_| (self.macros)(&name)) {
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
        if let Ok((item, len)) = mac.parse_body_with(|input: syn::parse::ParseStream| {
            let item: Expr = input.parse()?;
            let _: Token![;] = input.parse()?;
            let len: Expr = input.parse()?;
            Ok((item, len))
        }) {
            return Some(Eff::seq(vec![self.value(&item), self.value(&len)]));
        }
        let args = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated).ok()?;
        Some(self.exprs(&args))
    }

    /// Macros whose arguments are comma-separated expressions, possibly
    /// named (`format!`, `assert_eq!`, `write!`): their operands are taken
    /// by reference.
    fn format_like_macro(&mut self, mac: &Macro) -> Option<Eff> {
        let parser = Punctuated::<MacroArg, Token![,]>::parse_terminated;
        let args = parser.parse2(mac.tokens.clone()).ok()?;
        Some(Eff::seq(args.iter().map(|arg| self.place(&arg.0, Access::Read)).collect()))
    }

    /// Identifiers inside a token stream the macro cannot parse: each that
    /// names a binding is read.
    fn tokens(&mut self, tokens: TokenStream) -> Eff {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut effs = Vec::new();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident) => {
                    let after_dot = i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '.');
                    let before_path = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':' || p.as_char() == '!');
                    if !after_dot && !before_path {
                        effs.push(self.use_name(&ident.to_string(), Access::Read));
                    }
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

/// `name = expr` or `expr`, as in `format!` arguments.
struct MacroArg(Expr);

impl syn::parse::Parse for MacroArg {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        if input.peek(syn::Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
            let _: syn::Ident = input.parse()?;
            let _: Token![=] = input.parse()?;
        }
        Ok(MacroArg(input.parse()?))
    }
}

/// The identifiers a format string captures implicitly.
pub(crate) fn format_capture_names(format: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let mut spec = String::new();
        for c in chars.by_ref() {
            if c == '}' {
                break;
            }
            spec.push(c);
        }
        let (arg, options) = spec.split_once(':').unwrap_or((&spec, ""));
        let arg = arg.trim();
        if is_identifier(arg) {
            names.push(arg.to_owned());
        }
        // `{:width$}` and `{:.precision$}` name arguments too.
        for part in options.split('$').take(options.matches('$').count()) {
            let name: String = part
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if is_identifier(&name) {
                names.push(name);
            }
        }
    }
    names
}

fn is_identifier(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        && s != "_"
}

/// The binding a field path (`x.a.b`) starts from.
fn field_root(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Field(f) => single_ident(&f.base).or_else(|| field_root(&f.base)),
        Expr::Paren(p) => field_root(&p.expr),
        _ => None,
    }
}

/// The name of a path expression that is a single identifier.
pub(crate) fn single_ident(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(p) if p.qself.is_none() && p.path.leading_colon.is_none() && p.path.segments.len() == 1 => {
            let segment = &p.path.segments[0];
            segment.arguments.is_none().then(|| segment.ident.to_string())
        }
        Expr::Group(g) => single_ident(&g.expr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_implicit_format_captures() {
        assert_eq!(format_capture_names("{x} {{y}} {z:?} {0} {:w$} {:.p$}"), ["x", "z", "w", "p"]);
    }
}
