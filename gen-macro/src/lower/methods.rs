//! What the macro knows about methods by their name alone.
//!
//! Without types, `x.m()` may borrow `x` or move it, and its result may
//! borrow `x` or own its value. For the methods of the standard library
//! that users call all the time, the name settles it; for any other method
//! the macro assumes the worst on both counts (see the keep rule in
//! `analysis`).

/// How a method call uses its receiver.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Receiver {
    /// Always taken by value (`into_iter`, `unwrap`, iterator adapters).
    Consumed,
    /// Borrowed (`len`, `push`, `iter`, `get`, `clone`).
    Borrowed,
    /// Not known: it may be moved or borrowed.
    Unknown,
}

/// What the result of a method call may borrow.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Result {
    /// Nothing: a count, a flag, a new `String` (`len`, `is_empty`, `to_string`).
    Owned,
    /// What the receiver's value borrows (`clone`, `to_owned`, `copied`).
    LikeReceiver,
    /// A borrow of the receiver without drop glue: a reference, an `Option`
    /// of one, a borrowing iterator (`iter`, `get`, `trim`, `chars`).
    Reference,
    /// Possibly the receiver itself, with drop glue (`borrow_mut`, `drain`,
    /// or a method the macro does not know).
    MayBorrow,
}

pub(crate) fn receiver(method: &str) -> Receiver {
    if consumes(method) {
        Receiver::Consumed
    } else if BORROWING.contains(&method)
        || OWNED_RESULT.contains(&method)
        || LIKE_RECEIVER.contains(&method)
        || numeric(method)
    {
        Receiver::Borrowed
    } else {
        Receiver::Unknown
    }
}

pub(crate) fn result(method: &str) -> Result {
    if OWNED_RESULT.contains(&method) || numeric(method) {
        Result::Owned
    } else if LIKE_RECEIVER.contains(&method) {
        Result::LikeReceiver
    } else if BORROWING.contains(&method) && !GUARDS.contains(&method) {
        Result::Reference
    } else {
        Result::MayBorrow
    }
}

/// Methods of the standard library that take their receiver by value.
fn consumes(method: &str) -> bool {
    method.starts_with("into_")
        || method.starts_with("unwrap")
        || method.starts_with("expect")
        || ADAPTERS.contains(&method)
        || matches!(
            method,
            "collect"
                | "count"
                | "max"
                | "min"
                | "sum"
                | "product"
                | "fold"
                | "for_each"
                | "ok"
                | "err"
                | "ok_or"
                | "ok_or_else"
                | "and_then"
                | "map_or"
                | "map_or_else"
        )
}

/// Iterator adapters: they take the iterator by value, and the one they
/// make keeps its borrows.
const ADAPTERS: &[&str] = &[
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "flatten",
    "enumerate",
    "zip",
    "chain",
    "rev",
    "skip",
    "step_by",
    "peekable",
    "cloned",
    "copied",
    "fuse",
    "inspect",
    "cycle",
    "scan",
    "skip_while",
    "take_while",
    "map_while",
];

/// Whether `method`, called on an iterator, makes an iterator that keeps
/// the borrows of the one it adapts (an adapter, or `take`).
pub(crate) fn adapts_iterator(method: &str) -> bool {
    ADAPTERS.contains(&method) || method == "take"
}

/// Whether `method` of a standard type always returns a view of its
/// receiver: a borrowing iterator (`iter`, `chars`, `windows`, `keys`) or
/// a slice or `str` (`as_bytes`). Unlike `get` or `first` (`Cell::get`
/// returns a copy), no standard type has a method of these names that
/// returns an owned value.
pub(crate) fn views_receiver(method: &str) -> bool {
    matches!(
        method,
        "iter"
            | "iter_mut"
            | "keys"
            | "values"
            | "values_mut"
            | "chars"
            | "char_indices"
            | "split_whitespace"
            | "split_ascii_whitespace"
            | "split_terminator"
            | "splitn"
            | "rsplit"
            | "matches"
            | "match_indices"
            | "windows"
            | "chunks"
            | "chunks_exact"
            | "chunks_mut"
            | "rchunks"
            | "range"
            | "range_mut"
            | "drain"
            | "as_str"
            | "as_slice"
            | "as_bytes"
    )
}

/// `lines`, `split` and `bytes`: borrowing on a `str`, consuming on a
/// `BufRead` or `Read` (see [`BORROWING`]).
pub(crate) fn borrows_a_str(method: &str) -> bool {
    matches!(method, "lines" | "split" | "bytes")
}

/// Numeric methods: a number is `Copy`, and so is the result.
fn numeric(method: &str) -> bool {
    ["wrapping_", "checked_", "saturating_", "overflowing_", "rem_euclid", "div_euclid", "pow", "abs"]
        .iter()
        .any(|prefix| method.starts_with(prefix))
}

/// Standard borrowing methods whose result holds no borrow.
const OWNED_RESULT: &[&str] = &[
    "len",
    "is_empty",
    "capacity",
    "contains",
    "contains_key",
    "starts_with",
    "ends_with",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "lt",
    "le",
    "gt",
    "ge",
    "to_string",
    "to_uppercase",
    "to_lowercase",
    "to_vec",
    "push",
    "push_str",
    "push_back",
    "push_front",
    "pop",
    "pop_back",
    "pop_front",
    "insert",
    "remove",
    "swap_remove",
    "clear",
    "truncate",
    "extend",
    "extend_from_slice",
    "retain",
    "swap",
    "sort",
    "sort_by",
    "sort_by_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "dedup",
    "reverse",
    "fill",
    "resize",
    "set",
    "replace",
    "count_ones",
    "parse",
    "binary_search",
];

/// Standard borrowing methods whose result borrows what the receiver does.
const LIKE_RECEIVER: &[&str] = &["clone", "to_owned"];

/// Standard borrowing methods whose result may borrow the receiver. (Not
/// `lines`, `split`, `bytes`, `last` or `take`: `BufRead`, `Read` and
/// `Iterator` have methods of those names that consume the receiver.)
const BORROWING: &[&str] = &[
    "iter",
    "iter_mut",
    "get",
    "get_mut",
    "first",
    "first_mut",
    "last_mut",
    "keys",
    "values",
    "values_mut",
    "as_ref",
    "as_mut",
    "as_str",
    "as_slice",
    "as_bytes",
    "as_deref",
    "as_deref_mut",
    "borrow",
    "borrow_mut",
    "trim",
    "trim_start",
    "trim_end",
    "split_whitespace",
    "split_ascii_whitespace",
    "split_once",
    "split_terminator",
    "splitn",
    "rsplit",
    "matches",
    "match_indices",
    "chars",
    "char_indices",
    "windows",
    "chunks",
    "chunks_exact",
    "chunks_mut",
    "rchunks",
    "range",
    "range_mut",
    "entry",
    "next",
    "nth",
    "peek",
    "drain",
];

/// Borrowing methods whose result has drop glue (a guard, a draining
/// iterator), or that yield owned items.
const GUARDS: &[&str] = &["borrow", "borrow_mut", "drain", "next", "nth"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_methods_are_classified() {
        assert_eq!(receiver("into_iter"), Receiver::Consumed);
        assert_eq!(receiver("len"), Receiver::Borrowed);
        assert_eq!(receiver("trim"), Receiver::Borrowed);
        assert_eq!(receiver("lines_of"), Receiver::Unknown);
        // `str::lines` borrows, `BufRead::lines` consumes.
        assert_eq!(receiver("lines"), Receiver::Unknown);
        assert_eq!(result("lines"), Result::MayBorrow);
        assert_eq!(result("len"), Result::Owned);
        assert_eq!(result("wrapping_add"), Result::Owned);
        assert_eq!(result("clone"), Result::LikeReceiver);
        assert_eq!(result("trim"), Result::Reference);
        assert_eq!(result("borrow_mut"), Result::MayBorrow);
        assert_eq!(result("frobnicate"), Result::MayBorrow);
    }
}
