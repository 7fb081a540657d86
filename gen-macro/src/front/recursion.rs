//! Recursion without a box: a generator that keeps its own generator across
//! a suspension point (`for p in permutations(rest) { yield_!(p) }` inside
//! `fn permutations`) would contain itself, and rustc only says "cannot
//! resolve opaque type" (E0720) at the attribute. This check names the call
//! and says how to box it.
//!
//! Only a call whose result certainly lives across a suspension is
//! reported, and only when the callee is certainly this function:
//! - the iterable of a `for` loop whose body suspends, or the operand of
//!   `yield_from!`: exactly the call, or `Box::new`/`Box::pin` of it (a box
//!   of the opaque type still contains it; `boxed(..)` erases it);
//! - `name(..)` in a function without receiver whose signature does not
//!   mention `Self` (an associated function's `name(..)` would be a free
//!   function), and which binds no other `name` in its body;
//! - `self.name(..)` and `Self::name(..)` in a method.
//!
//! A call used up within one resume (`name(n - 1).sum()`) compiles and is
//! left alone. Residual case: a trait method calling an inherent method of
//! the same name this way; binding the call to a local first avoids the
//! check (README, limits).
//!
//! One form is not reported but compiled: `yield_from!` of exactly such a
//! call, without turbofish, in a function that takes no `&mut` parameter
//! (see [`SelfCalls`]). The generator then keeps every suspended caller in
//! a stack of its own states (see `lower/self_delegation.rs`).

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, ItemFn, Macro, Token};

use crate::diag::Diagnostics;
use crate::front::args::Args;
use crate::front::signature;
use crate::front::suspend::{self, SuspendKind};
use crate::syntax::own_code;

/// How the body calls the function itself in a `yield_from!` that the
/// expansion delegates to itself without a box.
pub(crate) struct SelfCalls {
    name: String,
    /// A bare `name(..)` calls this function (see [`bare_calls_are_self`]).
    bare: bool,
    has_receiver: bool,
}

impl SelfCalls {
    /// The arguments of a `yield_from!` operand that calls this function
    /// (after `self` is renamed in the body), in the order of its
    /// parameters, receiver first.
    pub(crate) fn arguments(&self, expr: &Expr) -> Option<Vec<Expr>> {
        match expr {
            Expr::Paren(p) => self.arguments(&p.expr),
            Expr::Call(call) => {
                let Expr::Path(p) = &*call.func else { return None };
                let plain = p.qself.is_none() && p.path.segments.iter().all(|s| s.arguments.is_none());
                let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
                let named = match segments.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                    [only] => self.bare && *only == self.name,
                    ["Self", method] => *method == self.name,
                    _ => false,
                };
                (plain && named).then(|| call.args.iter().cloned().collect())
            }
            Expr::MethodCall(m) => {
                let receiver = signature::self_ident().to_string();
                let on_self =
                    matches!(&*m.receiver, Expr::Path(p) if p.path.is_ident("self") || p.path.is_ident(&receiver));
                let delegates = self.has_receiver && on_self && m.method == self.name && m.turbofish.is_none();
                delegates.then(|| std::iter::once((*m.receiver).clone()).chain(m.args.iter().cloned()).collect())
            }
            _ => None,
        }
    }
}

/// Reports the calls of the function to itself that rustc would reject,
/// and says how the body delegates to itself, if it may.
pub(crate) fn check(function: &ItemFn, args: &Args, diag: &mut Diagnostics) -> Option<SelfCalls> {
    let name = function.sig.ident.to_string();
    let has_receiver = function.sig.receiver().is_some();
    let bare = bare_calls_are_self(function, &name);
    let params = function.sig.inputs.len();
    let delegation =
        takes_no_mutable_reference(&function.sig).then(|| SelfCalls { name: name.clone(), bare, has_receiver });
    let mut finder = Finder { name: &name, bare, has_receiver, found: Vec::new() };
    finder.visit_block(&function.block);
    for (call, callee, kind) in finder.found {
        let arguments = delegation.as_ref().and_then(|d| d.arguments(&call)).filter(|_| kind == SuspendKind::YieldFrom);
        match arguments {
            None => {
                let why = if delegation.is_none() {
                    Delegation::MutableParameter
                } else if turbofish(&call) {
                    Delegation::Turbofish
                } else {
                    Delegation::Possible
                };
                diag.error(&call, message(&name, &callee, kind, args, why));
            }
            // The expansion passes the arguments as a tuple: rustc's
            // message would be about that.
            Some(arguments) if arguments.len() != params => {
                // As the call counts them: `self.walk(..)` without its receiver.
                let receiver = usize::from(callee.starts_with("self."));
                let (expected, passed) = (params - receiver, arguments.len() - receiver);
                let plural = if expected == 1 { "" } else { "s" };
                diag.error(call, format!("`{callee}` takes {expected} argument{plural} but this call passes {passed}"));
            }
            Some(_) => {}
        }
    }
    delegation
}

/// Whether a bare `name(..)` in the body calls this function: in a function
/// without receiver whose signature does not mention `Self` (in an
/// associated function it would be a free function: README, limits) and
/// whose body binds `name` to nothing else.
fn bare_calls_are_self(function: &ItemFn, name: &str) -> bool {
    function.sig.receiver().is_none() && !mentions(function.sig.to_token_stream(), "Self") && !binds(function, name)
}

/// Whether a call names its callee with generic arguments (`walk::<T>(..)`).
fn turbofish(call: &Expr) -> bool {
    match call {
        Expr::Call(c) => matches!(&*c.func, Expr::Path(p) if p.path.segments.iter().any(|s| !s.arguments.is_none())),
        Expr::MethodCall(m) => m.turbofish.is_some(),
        _ => false,
    }
}

/// A caller waiting for its own call holds its parameters; a `&mut` one
/// would be borrowed twice (the call reborrows it).
fn takes_no_mutable_reference(sig: &syn::Signature) -> bool {
    sig.inputs.iter().all(|input| match input {
        syn::FnArg::Receiver(receiver) => {
            (receiver.mutability.is_none() || receiver.reference.is_none()) && !has_mutable_reference(&receiver.ty)
        }
        syn::FnArg::Typed(typed) => !has_mutable_reference(&typed.ty),
    })
}

/// Whether a type holds a `&mut` anywhere (`Option<&mut Vec<u32>>`).
fn has_mutable_reference(ty: &syn::Type) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_type_reference(&mut self, r: &'ast syn::TypeReference) {
            self.0 |= r.mutability.is_some();
            syn::visit::visit_type_reference(self, r);
        }
    }
    let mut finder = Finder(false);
    finder.visit_type(ty);
    finder.0
}

/// Whether `yield_from!` of the bare call would delegate without a box,
/// and if not, why.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Delegation {
    Possible,
    /// The call has generic arguments: the callee must have the caller's.
    Turbofish,
    /// A `&mut` parameter: each waiting caller would hold it.
    MutableParameter,
}

/// The error for a call of the function to itself kept across a
/// suspension point.
fn message(name: &str, callee: &str, kind: SuspendKind, args: &Args, delegation: Delegation) -> String {
    let intro = format!(
        "the generator of `{name}` would contain itself: this recursive call is kept across a \
         suspension point (rustc: \"cannot resolve opaque type\")"
    );
    let boxed = format!("{}::boxed({callee}(..))", pretty(&args.krate).trim_start_matches("::"));
    let unchanged = if delegation == Delegation::MutableParameter { boxed.clone() } else { format!("{callee}(..)") };
    let help = match (kind, delegation) {
        (SuspendKind::YieldFrom, Delegation::Possible) => {
            format!("help: delegate to it without a box: `yield_from!({callee}(..))`")
        }
        (SuspendKind::YieldFrom, Delegation::Turbofish) => format!(
            "help: delegate to it without a box and without generic arguments (the callee has the \
             caller's): `yield_from!({callee}(..))`"
        ),
        (SuspendKind::YieldFrom, Delegation::MutableParameter) => format!(
            "help: delegate through a box: `yield_from!({boxed})` (a function with a `&mut` parameter \
             delegates to itself only through a box: each waiting caller would hold it)"
        ),
        (SuspendKind::Yield, _) if args.resume_ty.is_none() => format!(
            "help: loop over a box: `for x in Box::new({callee}(..)) as Box<dyn Iterator<Item = {}>>`, \
             or `yield_from!({unchanged})` if the items are yielded unchanged",
            pretty(&args.yield_ty)
        ),
        (SuspendKind::Yield, _) => format!("help: drive it through a box: `let mut inner = {boxed};`"),
    };
    format!("{intro}\n{help}")
}

/// A type or path as a user writes it (`Vec<u32>`, not `Vec < u32 >`).
fn pretty(tokens: &impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for (from, to) in [(" <", "<"), ("< ", "<"), (" >", ">"), (" ,", ","), ("& ", "&"), (" :: ", "::"), (":: ", "::")] {
        text = text.replace(from, to);
    }
    text
}

struct Finder<'a> {
    name: &'a str,
    /// See [`bare_calls_are_self`].
    bare: bool,
    has_receiver: bool,
    /// The calls, how they name the function (`self.walk`), and whether
    /// they are a loop's (`Yield`) or a delegate.
    found: Vec<(Expr, String, SuspendKind)>,
}

impl Finder<'_> {
    /// How `expr` names this function, if it is a call of it, possibly in
    /// a `Box`.
    fn self_call(&self, expr: &Expr) -> Option<&'static str> {
        match expr {
            Expr::Paren(p) => self.self_call(&p.expr),
            Expr::Call(call) => {
                let Expr::Path(p) = &*call.func else { return None };
                let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
                match segments.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                    [only] if p.qself.is_none() && self.bare && *only == self.name => Some(""),
                    ["Self", method] if *method == self.name => Some("Self::"),
                    ["Box", "new" | "pin"] if call.args.len() == 1 => self.self_call(&call.args[0]),
                    _ => None,
                }
            }
            Expr::MethodCall(m) => {
                let on_self = matches!(&*m.receiver, Expr::Path(p) if p.path.is_ident("self"));
                (self.has_receiver && on_self && m.method == self.name).then_some("self.")
            }
            _ => None,
        }
    }

    fn record(&mut self, expr: &Expr, kind: SuspendKind) {
        if let Some(prefix) = self.self_call(expr) {
            self.found.push((expr.clone(), format!("{prefix}{}", self.name), kind));
        }
    }

    fn delegate(&mut self, mac: &Macro) {
        if suspend::suspend_kind(mac) != Some(SuspendKind::YieldFrom) {
            return;
        }
        let Ok(operands) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) else { return };
        if let Some(operand) = operands.first() {
            self.record(operand, SuspendKind::YieldFrom);
        }
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        let body = Expr::Block(syn::ExprBlock { attrs: Vec::new(), label: None, block: f.body.clone() });
        if suspend::expr_suspends(&body) {
            self.record(&f.expr, SuspendKind::Yield);
        }
        syn::visit::visit_expr_for_loop(self, f);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.delegate(mac);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        if !own_code::is_boundary(expr) {
            syn::visit::visit_expr(self, expr);
        }
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Whether `tokens` contain the identifier `ident`.
fn mentions(tokens: TokenStream, ident: &str) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(i) => i == ident,
        TokenTree::Group(g) => mentions(g.stream(), ident),
        _ => false,
    })
}

/// Whether the body binds `name` itself (a local, a nested item, a `use`),
/// which a call `name(..)` may then mean. Any mention of it other than as a
/// called path counts: a macro could bind it too.
fn binds(function: &ItemFn, name: &str) -> bool {
    let mut finder = OtherUses { name, found: false };
    finder.visit_block(&function.block);
    finder.found
}

struct OtherUses<'a> {
    name: &'a str,
    found: bool,
}

impl<'ast> Visit<'ast> for OtherUses<'_> {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        // The called path itself is not a binding (`name::<T>(..)` neither).
        let called = |p: &syn::ExprPath| matches!(p.path.segments.iter().collect::<Vec<_>>().as_slice(), [only] if only.ident == self.name);
        if !matches!(&*call.func, Expr::Path(p) if called(p)) {
            self.visit_expr(&call.func);
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    // Method and field names bind nothing.
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.visit_expr(&call.receiver);
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_member(&mut self, _: &'ast syn::Member) {}

    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.found |= ident == self.name;
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.visit_path(&mac.path);
        self.found |= mentions_outside_calls(mac.tokens.clone(), self.name);
    }
}

/// Whether `tokens` mention `name` other than as `name(` or `name::<`.
fn mentions_outside_calls(tokens: TokenStream, name: &str) -> bool {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    trees.iter().enumerate().any(|(i, tree)| match tree {
        TokenTree::Ident(ident) if ident == name => match trees.get(i + 1) {
            Some(TokenTree::Group(g)) => g.delimiter() != proc_macro2::Delimiter::Parenthesis,
            Some(TokenTree::Punct(p)) => p.as_char() != ':',
            _ => true,
        },
        TokenTree::Group(g) => mentions_outside_calls(g.stream(), name),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;
    use crate::front::args::Args;

    fn flagged(function: &str) -> bool {
        let mut diag = Diagnostics::default();
        super::check(&syn::parse_str(function).expect("a function"), &Args::fallback(), &mut diag);
        !diag.is_empty()
    }

    #[test]
    fn calls_kept_across_a_suspension_are_flagged() {
        assert!(flagged("fn walk(n: u32) { for x in walk(n) { yield_!(x); } }"));
        assert!(flagged("fn walk(n: u32) { yield_from!(Box::pin(walk(n)), ()); }"));
        assert!(flagged("fn walk(&self) { for x in Self::walk(self) { yield_!(x); } }"));
        // Delegation the expansion cannot do without a box.
        assert!(flagged("fn walk(out: &mut Vec<u32>) { yield_from!(walk(out)); }"));
        assert!(flagged("fn walk(&mut self) { yield_from!(self.walk()); }"));
        assert!(flagged("fn walk(out: Option<&mut Vec<u32>>) { yield_from!(walk(out)); }"));
        assert!(flagged("fn walk<T>(n: T) { yield_from!(walk::<T>(n)); }"));
    }

    /// `yield_from!` of exactly the call: compiled as delegation to itself.
    #[test]
    fn delegation_to_itself_is_accepted() {
        assert!(!flagged("fn walk(n: u32) { yield_from!(walk(n)); }"));
        assert!(!flagged("fn walk(n: u32) { let m = yield_from!(walk(n), 1); }"));
        assert!(!flagged("fn walk(n: &Node) { yield_from!(Self::walk(n)); }"));
        assert!(!flagged("fn walk(n: &Self) { yield_from!(Self::walk(n)); }"));
        assert!(!flagged("fn walk(&self, n: u32) { yield_from!(self.walk(n)); yield_from!(Self::walk(self, n)); }"));
    }

    /// Each of these may compile: never rejected.
    #[test]
    fn other_calls_are_left_to_rustc() {
        // Used up within one resume, or boxed as a trait object.
        assert!(!flagged("fn walk(n: u32) { yield_!(walk(n).count()); for x in walk(n) { f(x); } }"));
        assert!(!flagged("fn walk(n: u32) { yield_from!(boxed(walk(n))); }"));
        // `walk` may be another function.
        assert!(!flagged("fn walk(n: u32) { let walk = g; for x in walk(n) { yield_!(x); } }"));
        assert!(!flagged("fn walk(n: u32) { fn walk(_: u32) {} yield_from!(walk(n)); }"));
        assert!(!flagged("fn walk(n: u32) { use other::walk; yield_from!(walk(n)); }"));
        assert!(!flagged("fn walk(n: Self) { yield_from!(walk(n)); }"));
        assert!(!flagged("fn walk(&self) { yield_from!(walk(self)); }"));
        assert!(!flagged("fn walk(&self) { yield_from!(self.other.walk()); }"));
        // Not across a suspension.
        assert!(!flagged("fn walk(n: u32) { for x in walk(n) { let f = || yield_!(x); } }"));
    }
}
