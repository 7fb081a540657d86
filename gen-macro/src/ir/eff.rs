//! What plain (yield-free) user code does to the generator's bindings: the
//! data the lowering records (see `lower::effects`) and the analyses read.

use super::BindingId;

/// The effect of a piece of code on bindings, in evaluation order.
#[derive(Clone, Debug, Default)]
pub(crate) enum Eff {
    #[default]
    Nothing,
    Use(BindingId, Access),
    /// A use through a field of a binding (`p.next`, `p.0.len()`, `for x in
    /// p.items`): the access is the binding's, as for [`Eff::Use`], except
    /// that [`Access::Move`] moves the field alone (a partial move).
    Member(BindingId, String, Access),
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
    /// Used in a way that may move it or not: the receiver of a method the
    /// macro does not know, or a field passed by value (`f(x.field)`).
    Unknown,
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
            Eff::Nothing | Eff::Use(..) | Eff::Member(..) | Eff::Loop(_) => false,
        }
    }

    pub(crate) fn maybe(eff: Eff) -> Eff {
        if matches!(eff, Eff::Nothing) { eff } else { Eff::Alt(vec![eff, Eff::Nothing]) }
    }
}
