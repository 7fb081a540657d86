//! User code that names a buffer kept in place.
//!
//! A buffer kept in place across suspensions (`let mut buf = [0u8; 4096];`,
//! see [`plan`](crate::plan)) stays in its slot, and its name is
//! bound to a reference to it. Every mention of the name in user code
//! becomes a dereference, so that the code means what it meant:
//!
//! ```text
//! // Input:                  // Output:
//! buf[i] = x;                (*buf)[i] = x;
//! let copy = buf;            let copy = (*buf);
//! S { buf }                  S { buf: (*buf) }
//! move || buf[0]             { let buf = *buf; move || buf[0] }
//! assert_eq!(buf, other);    assert_eq!((*buf), other);
//! ```
//!
//! Names the code binds itself (`let`, closure parameters, patterns) hide
//! the buffer where they are in scope. Arguments of other macros than the
//! standard library's expression macros are left as they are: auto-deref
//! makes indexing and method calls work there too.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat, Token};

use crate::syntax::idents::single_ident;
use crate::syntax::{macro_args, pattern};

/// `expr` with the mentions of `buffers` dereferenced.
pub(crate) fn deref_buffers(mut expr: Expr, buffers: &[Ident]) -> Expr {
    if !buffers.is_empty() {
        Deref::new(buffers).visit_expr_mut(&mut expr);
    }
    expr
}

pub(crate) fn deref_buffers_in_stmt(mut stmt: syn::Stmt, buffers: &[Ident]) -> syn::Stmt {
    if !buffers.is_empty() {
        Deref::new(buffers).visit_stmt_mut(&mut stmt);
    }
    stmt
}

/// Standard macros whose arguments are expressions (after a format string).
const EXPRESSION_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "dbg",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "panic",
    "print",
    "println",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

struct Deref<'a> {
    buffers: &'a [Ident],
    /// Names bound by the code being rewritten, innermost last.
    hidden: Vec<String>,
    /// The buffers the code mentions.
    seen: Vec<&'a Ident>,
}

impl<'a> Deref<'a> {
    fn new(buffers: &'a [Ident]) -> Self {
        Deref { buffers, hidden: Vec::new(), seen: Vec::new() }
    }

    fn see(&mut self, buffer: &'a Ident) {
        if !self.seen.contains(&buffer) {
            self.seen.push(buffer);
        }
    }

    /// The buffer `name` refers to here, if any.
    fn buffer(&self, name: &str) -> Option<&'a Ident> {
        if self.hidden.iter().any(|hidden| hidden == name) {
            return None;
        }
        self.buffers.iter().find(|buffer| *buffer == name)
    }

    fn scoped(&mut self, f: impl FnOnce(&mut Self)) {
        let depth = self.hidden.len();
        f(self);
        self.hidden.truncate(depth);
    }

    fn bind(&mut self, pat: &Pat) {
        self.hidden.extend(pattern::bindings(pat).into_iter().map(|b| b.ident.to_string()));
    }

    /// A `move` closure or `async move` block copies the buffers it names
    /// when it is created, as it copied the arrays before; inside, the names
    /// are the copies.
    fn copy_captures(&mut self, expr: &Expr) -> Option<Expr> {
        // The buffers the body names, seen by a rewrite of a copy of it.
        let mut inner = Deref { buffers: self.buffers, hidden: self.hidden.clone(), seen: Vec::new() };
        match expr.clone() {
            Expr::Closure(mut closure) => {
                closure.inputs.iter().for_each(|input| inner.bind(input));
                inner.visit_expr_mut(&mut closure.body);
            }
            Expr::Async(mut block) => inner.visit_block_mut(&mut block.block),
            _ => return None,
        }
        let copied = inner.seen;
        if copied.is_empty() {
            return None;
        }
        for buffer in &copied {
            self.see(buffer);
        }
        Some(Expr::Verbatim(quote_spanned!(expr.span()=> {
            #(#[allow(unused_mut)] let mut #copied = *#copied;)*
            #expr
        })))
    }

    /// The arguments of a standard expression macro.
    fn macro_args(&mut self, mac: &mut syn::Macro) {
        let name = macro_args::name(mac);
        if !EXPRESSION_MACROS.contains(&name.as_str()) {
            // Left as they are, but the buffers they name count as named.
            for buffer in self.buffers {
                if self.buffer(&buffer.to_string()).is_some() && mentions(mac.tokens.clone(), &buffer.to_string()) {
                    self.see(buffer);
                }
            }
            return;
        }
        // `vec![x; n]`
        if let Some((mut item, mut len)) = macro_args::repeat(mac) {
            self.visit_expr_mut(&mut item);
            self.visit_expr_mut(&mut len);
            mac.tokens = macro_args::repeat_tokens(&item, &len);
            return;
        }
        if let Some(mut args) = macro_args::args(mac) {
            for arg in &mut args {
                self.visit_expr_mut(&mut arg.expr);
            }
            mac.tokens = quote::ToTokens::into_token_stream(args);
        }
    }
}

impl VisitMut for Deref<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some(buffer) = single_ident(expr).and_then(|name| self.buffer(&name)) {
            self.see(buffer);
            let span = expr.span();
            let name = Ident::new(&buffer.to_string(), buffer.span().located_at(span));
            *expr = syn::parse_quote_spanned!(span=> (*#name));
            return;
        }
        match expr {
            Expr::Closure(closure) if closure.capture.is_some() => {
                if let Some(copied) = self.copy_captures(expr) {
                    *expr = copied;
                }
            }
            Expr::Async(block) if block.capture.is_some() => {
                if let Some(copied) = self.copy_captures(expr) {
                    *expr = copied;
                }
            }
            Expr::Closure(closure) => self.scoped(|this| {
                closure.inputs.iter().for_each(|input| this.bind(input));
                this.visit_expr_mut(&mut closure.body);
            }),
            Expr::ForLoop(e) => {
                self.visit_expr_mut(&mut e.expr);
                self.scoped(|this| {
                    this.bind(&e.pat);
                    this.visit_block_mut(&mut e.body);
                });
            }
            Expr::If(e) => {
                self.scoped(|this| {
                    this.visit_expr_mut(&mut e.cond);
                    this.visit_block_mut(&mut e.then_branch);
                });
                if let Some((_, otherwise)) = &mut e.else_branch {
                    self.visit_expr_mut(otherwise);
                }
            }
            Expr::While(e) => self.scoped(|this| {
                this.visit_expr_mut(&mut e.cond);
                this.visit_block_mut(&mut e.body);
            }),
            Expr::Let(e) => {
                self.visit_expr_mut(&mut e.expr);
                self.bind(&e.pat);
            }
            Expr::Match(e) => {
                self.visit_expr_mut(&mut e.expr);
                for arm in &mut e.arms {
                    self.scoped(|this| {
                        this.bind(&arm.pat);
                        if let Some((_, guard)) = &mut arm.guard {
                            this.visit_expr_mut(guard);
                        }
                        this.visit_expr_mut(&mut arm.body);
                    });
                }
            }
            _ => syn::visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        self.scoped(|this| block.stmts.iter_mut().for_each(|stmt| this.visit_stmt_mut(stmt)));
    }

    /// The initialiser still sees the names the pattern binds.
    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        if let Some(init) = &mut local.init {
            self.visit_expr_mut(&mut init.expr);
            if let Some((_, otherwise)) = &mut init.diverge {
                self.visit_expr_mut(otherwise);
            }
        }
        self.bind(&local.pat);
    }

    /// `S { buf }` becomes `S { buf: (*buf) }`.
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        if field.colon_token.is_none() && single_ident(&field.expr).is_some_and(|name| self.buffer(&name).is_some()) {
            field.colon_token = Some(Token![:](field.expr.span()));
        }
        self.visit_expr_mut(&mut field.expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.macro_args(mac);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Whether `tokens` contain the identifier `name`.
fn mentions(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => mentions(group.stream(), name),
        _ => false,
    })
}
