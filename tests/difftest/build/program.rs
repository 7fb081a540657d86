//! Random generator bodies.
//!
//! A body mixes integer locals (annotated or not, literals with and
//! without suffixes, reset after a yield, observed through `size` so that
//! their inferred type matters), `D` values that log their drops (moved,
//! conditionally moved out of their scope, reassigned, destructured,
//! shadowed, used through unknown methods or made by a method of a local),
//! `String`s, buffers kept in place, `Vec<D>`, `Option<D>`, structs with
//! moved fields, borrows and by-reference closures that end before a yield,
//! `move` closures and iterators kept across yields, `Watch` values that
//! borrow another local and drop, temporaries with drop glue in match
//! scrutinees; `yield_!` in statement and expression positions (conditions,
//! guards, operands after effectful code, `while` conditions, parenthesised
//! operands); `if`/`if let`/let chains/`match` with guards, `loop`/`while`/
//! `while let`/`for` with fuel counters and labels, labeled blocks with
//! values, `break`/`continue` to any enclosing loop, `let … else`, early
//! `return`s with owned completion values, `?`, panics, `yield_from!` of
//! generators and iterables and of the body itself (`body(depth - 1)`, or
//! `body(0)` inside a loop; at most one such call per body), resume
//! arguments and `first`, items and `macro_rules!` in the body, and
//! `#[cfg]` on statements.
//!
//! Every program terminates and is valid, warning-free Rust as a plain
//! function: every local is read, `mut` and labels appear only where used
//! (they are patched in once the body is complete), every assignment is
//! read, jumps are conditional, and a moved value is never used again.
//! The `D` ids the keep rule may release (see the README) are listed, so
//! that their drops may come earlier in the generator.

use std::fmt::Write as _;

use crate::rng::Rng;

/// How the generator is resumed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resume {
    Unit,
    Arg,
    /// With `first = r0`.
    First,
}

impl Resume {
    pub(crate) fn spec(self) -> &'static str {
        match self {
            Resume::Unit => "unit",
            Resume::Arg => "arg",
            Resume::First => "first r0",
        }
    }
}

pub(crate) struct Program {
    pub body: String,
    pub resume: Resume,
    pub relaxed: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Int,
    D,
    Text,
    /// `[i64; 40]`: kept in place by the state machine.
    Buf,
    VecD,
    OptD,
    /// `Pair { l: D, k: i64 }`.
    Pair,
    /// `(D, i64)`, read through `.1` alone: its `.0` may be moved out.
    Tuple,
    /// A `move` closure `i64 -> i64`.
    Fun,
    /// The `Maker` whose method makes `D`s.
    Maker,
    /// Only used right after its declaration: a borrow, a by-reference
    /// closure, a `Watch`.
    Short,
}

#[allow(clippy::struct_excessive_bools, reason = "one flag per lint or rule the generator tracks")]
struct Var {
    name: String,
    kind: Kind,
    /// The slot of its `mut` placeholder.
    mutable: Option<usize>,
    usable: bool,
    /// It has been read (for the unused-variable lint).
    read: bool,
    /// Its last value has not been read yet (for the unused-assignment
    /// lint): it is read before it is overwritten, and at its scope's end.
    dirty: bool,
    /// Its drops may come earlier in the generator (the keep rule).
    relaxed: bool,
    /// The `D` ids it held.
    ids: Vec<usize>,
    /// Named by a body macro: never shadowed.
    protected: bool,
    /// Borrowed by a live `Watch`: not moved before its scope ends.
    watched: bool,
    /// For a `Watch`, the `D` it borrows.
    watches: Option<String>,
    /// How many loops enclose its declaration: it can be moved only where
    /// as many do (a move in an inner loop would move it twice).
    loop_depth: usize,
    /// For an integer: its type is known where it is used (it is annotated,
    /// or a use fixed it). An unannotated `let x = 5;` is not: it can be a
    /// method receiver only after a use made it `i64`.
    typed: bool,
}

struct Loop {
    /// The slot of its label placeholder.
    label: usize,
    name: String,
    /// `break` must give a value.
    has_value: bool,
}

pub(crate) struct Generator<'a> {
    rng: &'a mut Rng,
    resume: Resume,
    scopes: Vec<Vec<Var>>,
    /// Variables of closed scopes (for the relaxed ids).
    retired: Vec<Var>,
    loops: Vec<Loop>,
    /// Depth of labeled blocks inside the innermost loop: an unlabeled
    /// `break` or `continue` is not allowed there.
    labeled_blocks: usize,
    labeled_blocks_stack: Vec<usize>,
    /// Body macros in scope, with the scope depth they belong to.
    macros: Vec<(String, usize)>,
    /// Helper functions and constants in scope, with their scope depth.
    helpers: Vec<(String, usize)>,
    consts: Vec<(String, usize)>,
    next_id: usize,
    budget: usize,
    mut_used: Vec<bool>,
    labels_used: Vec<bool>,
    /// Ids of temporaries the keep rule may drop early.
    relaxed_temps: Vec<usize>,
    /// Whether the body delegates to itself (once at most: the calls
    /// multiply with the depth).
    calls_itself: bool,
    out: String,
    indent: usize,
}

impl<'a> Generator<'a> {
    pub(crate) fn new(rng: &'a mut Rng) -> Generator<'a> {
        let budget = 14 + rng.below(26);
        let resume = match rng.below(4) {
            0 => Resume::Arg,
            1 => Resume::First,
            _ => Resume::Unit,
        };
        Generator {
            rng,
            resume,
            scopes: vec![Vec::new()],
            retired: Vec::new(),
            loops: Vec::new(),
            labeled_blocks: 0,
            labeled_blocks_stack: Vec::new(),
            macros: Vec::new(),
            helpers: Vec::new(),
            consts: Vec::new(),
            next_id: 0,
            budget,
            mut_used: Vec::new(),
            labels_used: Vec::new(),
            relaxed_temps: Vec::new(),
            calls_itself: false,
            out: String::new(),
            indent: 1,
        }
    }

    pub(crate) fn program(mut self) -> Program {
        let acc_mut = self.new_mut();
        self.mut_used[acc_mut] = true;
        self.line("let _ = depth;");
        self.line("let mut acc: i64 = 1;");
        self.declare("acc", Kind::Int, Some(acc_mut));
        self.var_mut("acc").read = true;
        if self.resume == Resume::First {
            self.line("acc = acc.wrapping_add(r0);");
        }
        self.line("let maker = Maker;");
        self.declare("maker", Kind::Maker, None);
        while self.budget > 0 {
            self.stmt(0);
        }
        let tail = self.completion();
        self.close_scope_reads();
        self.line(&tail);
        let mut relaxed: Vec<usize> = self.relaxed_temps.clone();
        for var in self.retired.iter().chain(self.scopes.iter().flatten()) {
            if var.relaxed {
                relaxed.extend(&var.ids);
            }
        }
        relaxed.sort_unstable();
        relaxed.dedup();
        Program { body: self.patch(), resume: self.resume, relaxed }
    }

    /// The body with its `mut` and label placeholders resolved.
    fn patch(&self) -> String {
        let mut body = self.out.clone();
        for (slot, used) in self.mut_used.iter().enumerate() {
            body = body.replace(&format!("§M{slot}§"), if *used { "mut " } else { "" });
        }
        for (slot, used) in self.labels_used.iter().enumerate() {
            let placeholder = format!("§L{slot}§");
            let label = if *used { format!("'l{slot}: ") } else { String::new() };
            body = body.replace(&placeholder, &label);
        }
        body
    }

    fn new_mut(&mut self) -> usize {
        self.mut_used.push(false);
        self.mut_used.len() - 1
    }

    fn line(&mut self, text: &str) {
        writeln!(self.out, "{}{}", "    ".repeat(self.indent), text).unwrap();
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    fn declare(&mut self, name: &str, kind: Kind, mutable: Option<usize>) {
        let var = Var {
            name: name.to_owned(),
            kind,
            mutable,
            usable: true,
            read: false,
            dirty: true,
            relaxed: false,
            ids: Vec::new(),
            protected: false,
            watched: false,
            watches: None,
            typed: true,
            loop_depth: self.loops.len(),
        };
        self.scopes.last_mut().unwrap().push(var);
    }

    /// The visible variable named `name`.
    fn var_mut(&mut self, name: &str) -> &mut Var {
        self.scopes.iter_mut().rev().flat_map(|s| s.iter_mut().rev()).find(|v| v.name == name).unwrap()
    }

    /// The visible, usable variables of a kind.
    fn visible(&self, kind: Kind) -> Vec<String> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            for var in scope.iter().rev() {
                if seen.contains(&var.name.as_str()) {
                    continue;
                }
                seen.push(&var.name);
                if var.kind == kind && var.usable {
                    out.push(var.name.clone());
                }
            }
        }
        out
    }

    /// The visible integers whose type is known.
    fn typed_ints(&self) -> Vec<String> {
        let typed =
            |name: &String| self.scopes.iter().flatten().rev().find(|v| &v.name == name).is_some_and(|v| v.typed);
        self.visible(Kind::Int).into_iter().filter(typed).collect()
    }

    /// Visible variables of a kind declared in the innermost scope.
    fn local(&self, kind: Kind) -> Vec<String> {
        let innermost = self.scopes.last().unwrap();
        self.visible(kind).into_iter().filter(|name| innermost.iter().any(|v| &v.name == name)).collect()
    }

    fn pick(&mut self, options: &[String]) -> Option<String> {
        if options.is_empty() { None } else { Some(options[self.rng.below(options.len())].clone()) }
    }

    /// Reads `name` (for the unused-variable lint).
    fn read(&mut self, name: &str) -> String {
        let var = self.var_mut(name);
        var.read = true;
        var.dirty = false;
        name.to_owned()
    }

    /// Notes an assignment to `name`, which needs `mut`.
    fn assign(&mut self, name: &str) {
        let var = self.var_mut(name);
        var.dirty = true;
        if let Some(slot) = var.mutable {
            self.mut_used[slot] = true;
        }
    }

    /// Notes a mutation of `name` in place (`s.push(..)`), which needs `mut`.
    fn needs_mut(&mut self, name: &str) {
        if let Some(slot) = self.var_mut(name).mutable {
            self.mut_used[slot] = true;
        }
    }

    /// Before `name` is overwritten: reads its last value if nothing did.
    fn read_before_overwrite(&mut self, name: &str) {
        // Most statements update `acc` without saying so.
        if self.var_mut(name).dirty || name == "acc" {
            let read = self.consume_text(name);
            self.read(name);
            self.line(&read);
        }
    }

    /// A statement that reads `name` (by its kind).
    fn consume_text(&mut self, name: &str) -> String {
        match self.var_mut(name).kind {
            Kind::Int if name == "acc" => "let _ = &acc;".to_owned(),
            Kind::Int => format!("acc = acc.wrapping_add({name});"),
            Kind::D => format!("acc = acc.wrapping_add({name}.n);"),
            Kind::Text | Kind::VecD => format!("acc = acc.wrapping_add({name}.len() as i64);"),
            Kind::Buf => format!("acc = acc.wrapping_add({name}[3]);"),
            Kind::OptD => format!("acc = acc.wrapping_add({name}.as_ref().map_or(0, |d| d.n));"),
            Kind::Pair => format!("acc = acc.wrapping_add({name}.k);"),
            Kind::Tuple => format!("acc = acc.wrapping_add({name}.1);"),
            Kind::Fun => format!("acc = {name}(acc);"),
            Kind::Maker | Kind::Short => format!("let _ = &{name};"),
        }
    }

    fn relax(&mut self, name: &str) {
        self.var_mut(name).relaxed = true;
    }

    /// A name for a new variable: fresh, or one that shadows.
    fn new_name(&mut self, prefix: &str, kind: Kind) -> String {
        if self.rng.chance(20) {
            let candidates: Vec<String> = self
                .scopes
                .iter()
                .flatten()
                .filter(|v| !v.protected && v.name != "acc" && v.name != "maker" && (v.kind == kind || !v.usable))
                .map(|v| v.name.clone())
                .collect();
            if let Some(name) = self.pick(&candidates) {
                return name;
            }
        }
        self.fresh(prefix)
    }

    /// A `yield_!`: its text, in a statement or an operand.
    fn yield_expr(&mut self, depth: usize) -> String {
        let value = self.int_expr(depth);
        self.after_yield();
        format!("yield_!({value})")
    }

    /// After a suspension point: short-lived values are gone.
    fn after_yield(&mut self) {
        for var in self.scopes.iter_mut().flatten() {
            if var.kind == Kind::Short {
                var.usable = false;
            }
        }
    }

    /// An operand that yields, evaluating to an `i64`.
    fn yielding_operand(&mut self, depth: usize) -> String {
        let yielded = self.yield_expr(depth.saturating_sub(1));
        if self.resume == Resume::Unit || self.rng.chance(40) {
            let value = self.int_expr(depth.saturating_sub(1));
            format!("{{ {yielded}; {value} }}")
        } else {
            yielded
        }
    }

    /// An integer expression, without parentheses around it.
    fn int_expr(&mut self, depth: usize) -> String {
        let choice = if depth == 0 { self.rng.below(4) } else { self.rng.below(16) };
        match choice {
            0 => format!("{}i64", self.rng.below(20)),
            1..=3 => match self.pick(&self.typed_ints()) {
                Some(name) => self.read(&name),
                None => "3i64".to_owned(),
            },
            4 => format!("{}.wrapping_add({})", self.atom(depth), self.int_expr(depth - 1)),
            5 => format!("{}.wrapping_mul({}) % 97", self.atom(depth), self.int_expr(depth - 1)),
            6 => format!("{} ^ {}", self.atom(depth), self.atom(depth)),
            7 => match self.pick(&self.visible(Kind::D)) {
                Some(d) if self.rng.chance(70) => format!("{}.n", self.read(&d)),
                Some(d) => {
                    // A method the macro does not know.
                    self.relax(&d);
                    format!("{}.get()", self.read(&d))
                }
                None => "5i64".to_owned(),
            },
            8 => match self.pick(&self.visible(Kind::Text)) {
                Some(s) => format!("{}.len() as i64", self.read(&s)),
                None => "7i64".to_owned(),
            },
            9 if depth > 1 => self.yielding_operand(depth),
            10 => match self.pick(&self.visible(Kind::Buf)) {
                Some(b) => {
                    let index = self.int_expr(depth - 1);
                    format!("{}[{}.rem_euclid(40) as usize]", self.read(&b), paren(index))
                }
                None => "11i64".to_owned(),
            },
            11 => format!(
                "if {} {{ {} }} else {{ {} }}",
                self.cond(depth - 1),
                self.int_expr(depth - 1),
                self.int_expr(depth - 1)
            ),
            12 => match self.pick(&self.visible(Kind::Fun)) {
                Some(f) => format!("{}({})", self.read(&f), self.int_expr(depth - 1)),
                None => format!("size(&{})", self.atom(depth)),
            },
            13 => match self.pick(&self.visible(Kind::Pair)) {
                Some(p) => format!("{}.k", self.read(&p)),
                None => match self.pick(&self.visible(Kind::Tuple)) {
                    // Bound by a `let`, a tuple's field is taken to be
                    // moved out: the tuple is released at the next yield.
                    Some(t) => {
                        self.relax(&t);
                        format!("{}.1", self.read(&t))
                    }
                    None => "13i64".to_owned(),
                },
            },
            14 if !self.consts.is_empty() => self.consts[self.rng.below(self.consts.len())].0.clone(),
            14 | 15 => match self.macros.last().cloned() {
                Some((m, _)) => format!("{m}!({})", self.int_expr(depth - 1)),
                None => match self.helpers.last().cloned() {
                    Some((h, _)) => format!("{h}({})", self.int_expr(depth - 1)),
                    None => "17i64".to_owned(),
                },
            },
            _ => self.int_expr(depth - 1),
        }
    }

    /// An integer expression that can take a method call or an operator.
    fn atom(&mut self, depth: usize) -> String {
        let expr = self.int_expr(depth - 1);
        paren(expr)
    }

    /// A condition, without parentheses around it.
    fn cond(&mut self, depth: usize) -> String {
        match if depth == 0 { self.rng.below(2) } else { self.rng.below(6) } {
            0 => format!("{}.rem_euclid(2) == 0", self.atom(depth + 1)),
            1 => format!("{} > {}", self.atom(depth + 1), self.rng.below(12)),
            2 => format!("{} && {}", self.cond_atom(depth), self.cond_atom(depth)),
            3 => format!("{} || {}", self.cond_atom(depth), self.cond_atom(depth)),
            4 => format!("!({})", self.cond(depth - 1)),
            _ => {
                // A suspension point in a short-circuit operand.
                let left = self.cond_atom(depth);
                let yielded = self.yield_expr(0);
                format!("{left} && {{ {yielded}; acc > 3 }}")
            }
        }
    }

    fn cond_atom(&mut self, depth: usize) -> String {
        format!("({})", self.cond(depth - 1))
    }

    fn open_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    /// Reads what the innermost scope declared and never read, and the
    /// values assigned in it that nothing read yet.
    fn close_scope_reads(&mut self) {
        let depth = self.scopes.len();
        let mut pending: Vec<String> = Vec::new();
        for (level, scope) in self.scopes.iter().enumerate() {
            for var in scope {
                let mine = level + 1 == depth;
                if var.usable && var.kind != Kind::Short && ((mine && !var.read) || var.dirty) {
                    pending.push(var.name.clone());
                }
            }
        }
        pending.dedup();
        for name in pending {
            // Only the visible one can be read; a shadowed one was read
            // when it was shadowed (see `shadow_reads`).
            let visible = self
                .scopes
                .iter()
                .flatten()
                .rev()
                .find(|v| v.name == name)
                .is_some_and(|v| v.usable && v.kind != Kind::Short && (!v.read || v.dirty));
            if !visible {
                continue;
            }
            let read = self.consume_text(&name);
            self.read(&name);
            self.line(&read);
        }
    }

    fn close_scope(&mut self) {
        let scope = self.scopes.pop().unwrap();
        // A `Watch` going out of scope frees what it borrowed, unless
        // another `Watch` still in scope borrows it too.
        for watch in scope.iter().filter_map(|v| v.watches.as_deref()) {
            let still_watched = self.scopes.iter().flatten().any(|v| v.watches.as_deref() == Some(watch));
            for var in self.scopes.iter_mut().flatten().filter(|v| v.name == watch) {
                var.watched = still_watched;
            }
        }
        self.retired.extend(scope);
        let depth = self.scopes.len();
        self.macros.retain(|(_, d)| *d <= depth);
        self.helpers.retain(|(_, d)| *d <= depth);
        self.consts.retain(|(_, d)| *d <= depth);
    }

    /// A block: `{`, statements, reads of what it declared, `}`.
    fn block(&mut self, depth: usize, prologue: &[String]) {
        self.indent += 1;
        for line in prologue {
            self.line(line);
        }
        let statements = 1 + self.rng.below(3);
        for _ in 0..statements {
            if self.budget == 0 {
                break;
            }
            self.stmt(depth + 1);
        }
        self.close_scope_reads();
        self.indent -= 1;
    }

    /// Before a new binding shadows `name` in the same scope, the old one
    /// is read (so that it is not unused).
    fn shadow_reads(&mut self, name: &str) {
        let same_scope =
            self.scopes.last().unwrap().iter().rev().find(|v| v.name == name).map(|v| (v.read && !v.dirty, v.usable));
        // An outer one whose last value nothing read is read now: the new
        // one hides it for the rest of this scope.
        let outer_dirty = self
            .scopes
            .iter()
            .flatten()
            .rev()
            .find(|v| v.name == name)
            .is_some_and(|v| v.dirty && v.usable && v.kind != Kind::Short);
        if matches!(same_scope, Some((false, true))) || outer_dirty {
            let read = self.consume_text(name);
            self.read(name);
            self.line(&read);
        }
        // Shadowed in its own scope, it cannot be read any more.
        for var in self.scopes.last_mut().unwrap().iter_mut().filter(|v| v.name == name) {
            var.read = true;
            var.dirty = false;
        }
    }

    fn stmt(&mut self, depth: usize) {
        self.budget = self.budget.saturating_sub(1);
        let nested = depth < 3;
        if self.rng.chance(3) {
            self.cfg_removed();
            return;
        }
        match self.rng.below(46) {
            0 | 1 => self.let_int(),
            2 | 3 => self.let_d(),
            4 => self.let_text(),
            5 => self.push_text(),
            6 | 7 => self.update(),
            8 => self.reset(),
            9..=11 => self.yield_stmt(),
            12 if nested => self.if_stmt(depth),
            13 if nested => self.match_stmt(depth),
            14 if nested => self.loop_stmt(depth),
            15 if !self.loops.is_empty() => self.jump(),
            16 => {
                let cond = self.cond(1);
                let ret = self.completion();
                self.line(&format!("if {cond} {{ return {ret}; }}"));
            }
            17 => self.move_d(depth),
            18 if nested => {
                self.line("{");
                self.open_scope();
                self.block(depth, &[]);
                self.close_scope();
                self.line("}");
            }
            19 => self.yield_in_operand(),
            20 => self.let_else(),
            21 if nested => self.if_let(depth),
            22 if nested => self.labeled_block(depth),
            23 if nested => self.loop_with_value(depth),
            24 if nested => self.while_yield(depth),
            25 => self.destructure(),
            26 if nested => self.for_vec(depth),
            27 => self.d_across_yield(),
            28 => self.let_buf(),
            29 => self.write_buf(),
            30 if nested => self.for_iter(depth),
            31 => {
                let value = self.int_expr(1);
                self.line(&format!("acc = check({value})?.wrapping_add(acc);"));
            }
            32 => {
                let cond = self.cond(0);
                self.line(&format!("if {cond} && acc.rem_euclid(53) == 17 {{ panic!(\"boom {{acc}}\"); }}"));
            }
            33 => self.yield_from(),
            34 => self.item(),
            35 if nested => self.while_let(depth),
            36 if nested => self.let_chain(depth),
            37 => self.pair(),
            38 => self.closures(),
            39 => self.short_lived(),
            40 if nested => self.scrutinee_temporary(depth),
            41 => self.option(),
            42 => self.late_init(),
            43 => self.type_by_use(),
            _ => {
                let value = self.int_expr(1);
                self.line(&format!("acc = acc.wrapping_add({value}) % 1000;"));
            }
        }
    }

    /// A `String` local.
    fn let_text(&mut self) {
        let name = self.new_name("s", Kind::Text);
        self.shadow_reads(&name);
        let slot = self.new_mut();
        self.line(&format!("let §M{slot}§{name} = String::from(\"ab\");"));
        self.declare(&name, Kind::Text, Some(slot));
    }

    /// Mutates a `String` local.
    fn push_text(&mut self) {
        match self.pick(&self.visible(Kind::Text)) {
            Some(s) => {
                self.needs_mut(&s);
                self.line(&format!("{s}.push('c');"));
            }
            None => self.line("acc = acc.wrapping_add(1);"),
        }
    }

    /// Updates an assignable local with a value.
    fn update(&mut self) {
        let target = self.pick_assignable();
        let value = self.int_expr(2);
        self.read(&target);
        self.assign(&target);
        if self.rng.chance(50) && self.typed_ints().contains(&target) {
            self.line(&format!("{target} = {target}.wrapping_add({value});"));
        } else {
            self.line(&format!("{target} ^= {value};"));
        }
    }

    /// Reset: the old value is dead, the new one's type matters.
    fn reset(&mut self) {
        // Reset: the old value is dead, the new one's type matters.
        let target = self.pick_assignable();
        let value = if self.rng.chance(30) { "3_000_000".to_owned() } else { self.rng.below(9).to_string() };
        self.read_before_overwrite(&target);
        self.assign(&target);
        self.line(&format!("{target} = {value};"));
        self.read(&target);
        self.line(&format!("acc = acc.wrapping_add({target} * 1000 % 97).wrapping_add(size(&{target}));"));
        if self.local(Kind::Int).contains(&target) {
            self.var_mut(&target).typed = true;
        }
    }

    /// A yield in an operand after effectful code, after a parenthesised operand.
    fn yield_in_operand(&mut self) {
        // A yield in an operand after effectful code, after a
        // parenthesised operand.
        let target = self.pick_assignable();
        let before = self.atom(2);
        let yielded = self.yielding_operand(2);
        self.read(&target);
        self.assign(&target);
        self.line(&format!("{target} = {before}.wrapping_add({yielded}).wrapping_add({target});"));
    }

    /// A `D` assigned a new value after a yield.
    fn d_across_yield(&mut self) {
        let name = self.new_name("d", Kind::D);
        self.shadow_reads(&name);
        let slot = self.new_mut();
        let (first, second) = (self.id(), self.id());
        self.line(&format!("let §M{slot}§{name} = D::new({first});"));
        self.declare(&name, Kind::D, Some(slot));
        self.var_mut(&name).ids.push(first);
        self.read(&name);
        self.line(&format!("acc = acc.wrapping_add({name}.n);"));
        let yielded = self.int_expr(1);
        self.line(&format!("yield_!({yielded});"));
        self.after_yield();
        self.assign(&name);
        self.var_mut(&name).ids.push(second);
        self.line(&format!("{name} = D::new({second});"));
        self.read(&name);
        self.line(&format!("acc = acc.wrapping_add({name}.n);"));
    }

    /// A buffer of `i64`.
    fn let_buf(&mut self) {
        let name = self.new_name("buf", Kind::Buf);
        self.shadow_reads(&name);
        let slot = self.new_mut();
        let fill = self.rng.below(9);
        self.line(&format!("let §M{slot}§{name} = [{fill}i64; 40];"));
        self.declare(&name, Kind::Buf, Some(slot));
    }

    /// Writes into a buffer.
    fn write_buf(&mut self) {
        match self.pick(&self.visible(Kind::Buf)) {
            Some(b) => {
                let (index, value) = (self.int_expr(1), self.int_expr(1));
                self.assign(&b);
                let index = paren(index);
                self.line(&format!("{b}[{index}.rem_euclid(40) as usize] = {value};"));
            }
            None => self.line("acc = acc.wrapping_add(2);"),
        }
    }

    /// A statement that `#[cfg]` removes: rustc decides, not the macro.
    fn cfg_removed(&mut self) {
        let value = self.rng.below(9);
        if self.rng.chance(50) {
            self.line(&format!("#[cfg(any())] yield_!({value});"));
        } else {
            let name = self.fresh("gone");
            self.line(&format!("#[cfg(any())] let {name} = {value};"));
        }
    }

    /// `#[cfg(all())]` on the statement that follows, sometimes.
    fn maybe_cfg(&mut self) {
        if self.rng.chance(8) {
            self.line("#[cfg(all())]");
        }
    }

    /// A visible integer that can be assigned.
    fn pick_assignable(&mut self) -> String {
        let ints: Vec<String> = self.visible(Kind::Int).into_iter().filter(|n| !n.starts_with('m')).collect();
        let name = self.pick(&ints).unwrap_or_else(|| "acc".to_owned());
        let var = self.var_mut(&name);
        if var.mutable.is_none() { "acc".to_owned() } else { name }
    }

    fn let_int(&mut self) {
        let name = self.new_name("x", Kind::Int);
        self.shadow_reads(&name);
        let slot = self.new_mut();
        // Unannotated, from an unsuffixed literal: its type comes from a
        // later use (`acc.wrapping_add(x)`), or is `i32`.
        let untyped = self.rng.chance(30);
        let value = if untyped { self.rng.below(9).to_string() } else { self.int_expr(2) };
        let ty = if !untyped && self.rng.chance(50) { ": i64" } else { "" };
        // `let x = d.n;` may move the field, as far as the macro can tell:
        // the rest of `d` is released at the next yield.
        if let Some((owner, _)) =
            value.split_once('.').filter(|(o, f)| ty.is_empty() && (*f == "n" || *f == "k") && !o.contains(' '))
        {
            let owner = owner.to_owned();
            self.relax(&owner);
        }
        self.maybe_cfg();
        self.line(&format!("let §M{slot}§{name}{ty} = {value};"));
        self.declare(&name, Kind::Int, Some(slot));
        self.var_mut(&name).typed = !untyped;
    }

    /// A use that fixes the type of an unannotated integer.
    fn type_by_use(&mut self) {
        // In the scope that declared it: a use in a nested construct may be
        // type-checked after code that follows it in the source (the
        // README's limits).
        let untyped: Vec<String> =
            self.local(Kind::Int).into_iter().filter(|n| !self.typed_ints().contains(n)).collect();
        match self.pick(&untyped) {
            Some(x) => {
                self.read(&x);
                self.var_mut(&x).typed = true;
                self.line(&format!("acc = acc.wrapping_add({x}).wrapping_add(size(&{x}));"));
            }
            None => self.line("acc = acc.wrapping_add(size(&acc));"),
        }
    }

    fn let_d(&mut self) {
        let name = self.new_name("d", Kind::D);
        self.shadow_reads(&name);
        let slot = self.new_mut();
        let id = self.id();
        // A method of a local: its result may borrow it.
        let by_method = self.rng.chance(25);
        let make = if by_method {
            self.read("maker");
            format!("maker.d({id})")
        } else {
            format!("D::new({id})")
        };
        self.maybe_cfg();
        self.line(&format!("let §M{slot}§{name} = {make};"));
        self.declare(&name, Kind::D, Some(slot));
        let var = self.var_mut(&name);
        var.ids.push(id);
        var.relaxed = by_method;
    }

    fn yield_stmt(&mut self) {
        if self.resume != Resume::Unit && self.rng.chance(50) {
            let yielded = self.yield_expr(2);
            if self.rng.chance(50) {
                self.line(&format!("acc = acc.wrapping_add({yielded});"));
            } else {
                let name = self.fresh("r");
                self.line(&format!("let {name} = {yielded};"));
                self.declare(&name, Kind::Int, None);
            }
        } else {
            let yielded = self.yield_expr(2);
            self.maybe_cfg();
            self.line(&format!("{yielded};"));
        }
    }

    fn if_stmt(&mut self, depth: usize) {
        let cond = self.cond(1);
        self.maybe_cfg();
        self.line(&format!("if {cond} {{"));
        self.open_scope();
        self.block(depth, &[]);
        self.close_scope();
        if self.rng.chance(60) {
            self.line("} else {");
            self.open_scope();
            self.block(depth, &[]);
            self.close_scope();
        }
        self.line("}");
    }

    fn match_stmt(&mut self, depth: usize) {
        let scrutinee = self.atom(2);
        self.line(&format!("match {scrutinee}.rem_euclid(4) {{"));
        self.line("0 => {");
        self.open_scope();
        self.block(depth, &[]);
        self.close_scope();
        self.line("}");
        // The guard sees the arm's binding.
        self.open_scope();
        self.declare("v", Kind::Int, None);
        self.var_mut("v").read = true;
        let guard = if self.rng.chance(30) {
            let yielded = self.yield_expr(0);
            format!("{{ {yielded}; v > 0 }}")
        } else {
            self.cond(1)
        };
        self.line(&format!("v if v == 1 && {guard} => {{"));
        self.block(depth, &[]);
        self.close_scope();
        self.line("}");
        self.line("_ => {");
        self.open_scope();
        self.block(depth, &[]);
        self.close_scope();
        self.line("}");
        self.line("}");
    }

    fn push_loop(&mut self, has_value: bool) -> String {
        self.labels_used.push(false);
        let label = self.labels_used.len() - 1;
        let name = format!("'l{label}");
        self.loops.push(Loop { label, name, has_value });
        let outer = std::mem::replace(&mut self.labeled_blocks, 0);
        self.labeled_blocks_stack.push(outer);
        format!("§L{label}§")
    }

    fn pop_loop(&mut self) {
        self.loops.pop();
        self.labeled_blocks = self.labeled_blocks_stack.pop().unwrap_or(0);
    }

    fn use_label(&mut self, index: usize) -> String {
        let label = self.loops[index].label;
        self.labels_used[label] = true;
        self.loops[index].name.clone()
    }

    /// A conditional `break` or `continue` to an enclosing loop.
    fn jump(&mut self) {
        let cond = self.cond(1);
        let index = self.rng.below(self.loops.len());
        let innermost = index == self.loops.len() - 1;
        let is_break = self.rng.chance(50);
        let value =
            if is_break && self.loops[index].has_value { format!(" {}", self.int_expr(1)) } else { String::new() };
        let unlabeled = value.is_empty() && innermost && self.labeled_blocks == 0 && self.rng.chance(40);
        let label = if unlabeled { String::new() } else { format!(" {}", self.use_label(index)) };
        let jump = if is_break { "break" } else { "continue" };
        self.line(&format!("if {cond} {{ {jump}{label}{value}; }}"));
    }

    fn loop_stmt(&mut self, depth: usize) {
        let fuel = 1 + self.rng.below(3);
        match self.rng.below(4) {
            0 => {
                let counter = self.fresh("fuel");
                self.line(&format!("let mut {counter}: i64 = {fuel};"));
                let label = self.push_loop(false);
                self.line(&format!("{label}while {counter} > 0 {{"));
                self.open_scope();
                self.block(depth, &[format!("{counter} -= 1;")]);
                self.close_scope();
            }
            1 => {
                let index = self.fresh("i");
                let label = self.push_loop(false);
                self.line(&format!("{label}for {index} in 0..{fuel}i64 {{"));
                self.open_scope();
                self.declare(&index, Kind::Int, None);
                self.block(depth, &[]);
                self.close_scope();
            }
            2 => {
                // A loop over a borrow of a `Vec` the generator owns: it
                // keeps a cursor, and makes the item again after a yield.
                let owner = self.fresh("owned");
                let values: Vec<String> = (0..fuel).map(|_| format!("{}i64", self.rng.below(7))).collect();
                self.line(&format!("let {owner}: Vec<i64> = vec![{}];", values.join(", ")));
                let index = self.fresh("i");
                let label = self.push_loop(false);
                let iterable = match self.rng.below(8) {
                    0 => format!("&{owner}"),
                    1 => format!("{owner}.iter()"),
                    2 => format!("{owner}.iter().filter(|x| **x != 3)"),
                    3 => format!("{owner}.iter().rev()"),
                    4 => format!("{owner}.iter().copied()"),
                    5 => format!("{owner}.iter().cloned().filter(|x| *x != 2)"),
                    6 => format!("{owner}.iter().zip(3i64..)"),
                    _ => format!("{owner}.iter().rev().enumerate().map(|(n, x)| x + n as i64)"),
                };
                let second = iterable.contains(".zip(").then(|| self.fresh("k"));
                let pattern = if let Some(second) = &second {
                    format!("(&{index}, {second})")
                } else if iterable.contains(".map(") || iterable.contains(".copied()") || iterable.contains(".cloned()")
                {
                    index.clone()
                } else {
                    format!("&{index}")
                };
                self.line(&format!("{label}for {pattern} in {iterable} {{"));
                self.open_scope();
                self.declare(&index, Kind::Int, None);
                if let Some(second) = &second {
                    self.declare(second, Kind::Int, None);
                }
                self.block(depth, &[]);
                self.close_scope();
            }
            _ => {
                let counter = self.fresh("fuel");
                self.line(&format!("let mut {counter}: i64 = {fuel};"));
                let label = self.push_loop(false);
                let name = self.use_label(self.loops.len() - 1);
                self.line(&format!("{label}loop {{"));
                self.open_scope();
                self.block(depth, &[format!("if {counter} <= 0 {{ break {name}; }}"), format!("{counter} -= 1;")]);
                self.close_scope();
            }
        }
        self.pop_loop();
        self.line("}");
    }

    /// What the generator completes with: `acc` and some owned values.
    fn completion(&mut self) -> String {
        if self.rng.chance(15) {
            let value = self.atom(2);
            return format!("Err({value}.wrapping_add(acc))");
        }
        let value = self.atom(2);
        let mut moved = Vec::new();
        for name in self.local(Kind::D) {
            if !self.var_mut(&name).watched && self.rng.chance(30) {
                moved.push(name);
            }
        }
        // Only a plain `return` or the tail moves them for good; a
        // conditional return leaves them usable on the other path.
        for name in &moved {
            self.read(name);
        }
        format!("Ok(({value}.wrapping_add(acc), vec![{}]))", moved.join(", "))
    }

    /// Moves a `D` (drops it, or consumes it), in its scope or, conditionally,
    /// in an inner one.
    fn move_d(&mut self, depth: usize) {
        let unwatched = |this: &Self, names: Vec<String>| {
            let loops = this.loops.len();
            names
                .into_iter()
                .filter(|n| {
                    this.scopes
                        .iter()
                        .flatten()
                        .rev()
                        .find(|v| &v.name == n)
                        .is_some_and(|v| !v.watched && v.loop_depth == loops)
                })
                .collect::<Vec<_>>()
        };
        let local = unwatched(self, self.local(Kind::D));
        let visible = unwatched(self, self.visible(Kind::D));
        if !visible.is_empty() && depth < 3 && self.rng.chance(30) {
            // A move in an inner scope: the value may be moved afterwards.
            let name = self.pick(&visible).unwrap();
            let cond = self.cond(1);
            self.read(&name);
            self.line(&format!("if {cond} {{ acc = acc.wrapping_add(consume({name})); }}"));
            let var = self.var_mut(&name);
            var.usable = false;
            var.relaxed = true;
            return;
        }
        match self.pick(&local) {
            Some(name) => {
                self.read(&name);
                if self.rng.chance(50) {
                    self.line(&format!("drop({name});"));
                } else {
                    self.line(&format!("acc = acc.wrapping_add(consume({name}));"));
                }
                self.var_mut(&name).usable = false;
            }
            None => self.line("acc = acc.wrapping_mul(3) % 101;"),
        }
    }

    fn let_else(&mut self) {
        let name = self.new_name("x", Kind::Int);
        self.shadow_reads(&name);
        let value = self.int_expr(1);
        let operand = paren(value.clone());
        let ret = self.completion();
        let slot = self.new_mut();
        self.line(&format!("let Some(§M{slot}§{name}) = ({operand} > 3).then_some({value}) else {{ return {ret}; }};"));
        self.declare(&name, Kind::Int, Some(slot));
    }

    fn if_let(&mut self, depth: usize) {
        let name = self.fresh("x");
        let value = self.int_expr(1);
        let value = paren(value);
        self.line(&format!("if let Some({name}) = {value}.checked_rem(3).filter(|r| *r != 1) {{"));
        self.open_scope();
        self.declare(&name, Kind::Int, None);
        self.block(depth, &[]);
        self.close_scope();
        self.line("}");
    }

    fn let_chain(&mut self, depth: usize) {
        let name = self.fresh("x");
        let value = self.int_expr(1);
        let cond = if self.rng.chance(50) {
            let yielded = self.yield_expr(0);
            format!("{{ {yielded}; {name} > 0 }}")
        } else {
            format!("{name} > 1")
        };
        let value = paren(value);
        self.line(&format!("if let Some({name}) = {value}.checked_rem(5) && {cond} {{"));
        self.open_scope();
        self.declare(&name, Kind::Int, None);
        self.var_mut(&name).read = true;
        self.block(depth, &[]);
        self.close_scope();
        self.line("}");
    }

    fn labeled_block(&mut self, depth: usize) {
        let name = self.new_name("x", Kind::Int);
        self.shadow_reads(&name);
        let label = format!("'{}", self.fresh("b"));
        let slot = self.new_mut();
        self.line(&format!("let §M{slot}§{name}: i64 = {label}: {{"));
        self.labeled_blocks += 1;
        self.indent += 1;
        self.open_scope();
        let yielded = self.yield_expr(1);
        self.line(&format!("{yielded};"));
        let cond = self.cond(1);
        let early = self.int_expr(1);
        self.line(&format!("if {cond} {{ break {label} {early}; }}"));
        self.stmt(depth + 1);
        self.close_scope_reads();
        let last = self.int_expr(1);
        self.line(&last);
        self.close_scope();
        self.indent -= 1;
        self.labeled_blocks -= 1;
        self.line("};");
        self.declare(&name, Kind::Int, Some(slot));
    }

    fn loop_with_value(&mut self, depth: usize) {
        let name = self.new_name("x", Kind::Int);
        self.shadow_reads(&name);
        let counter = self.fresh("fuel");
        let fuel = 1 + self.rng.below(3);
        self.line(&format!("let mut {counter}: i64 = {fuel};"));
        let slot = self.new_mut();
        let label = self.push_loop(true);
        let label_name = self.use_label(self.loops.len() - 1);
        let value = self.int_expr(1);
        self.line(&format!("let §M{slot}§{name}: i64 = {label}loop {{"));
        self.open_scope();
        self.block(
            depth,
            &[format!("if {counter} <= 0 {{ break {label_name} {value}; }}"), format!("{counter} -= 1;")],
        );
        self.close_scope();
        self.pop_loop();
        self.line("};");
        self.declare(&name, Kind::Int, Some(slot));
    }

    fn while_yield(&mut self, depth: usize) {
        let counter = self.fresh("fuel");
        let fuel = 1 + self.rng.below(3);
        self.line(&format!("let mut {counter}: i64 = {fuel};"));
        let label = self.push_loop(false);
        let yielded = self.yield_expr(1);
        self.line(&format!("{label}while {{ {yielded}; {counter} > 0 }} {{"));
        self.open_scope();
        self.block(depth, &[format!("{counter} -= 1;")]);
        self.close_scope();
        self.pop_loop();
        self.line("}");
    }

    fn destructure(&mut self) {
        if self.rng.chance(50) {
            let (a, b) = (self.new_name("x", Kind::Int), self.fresh("x"));
            self.shadow_reads(&a);
            let (left, right) = (self.int_expr(1), self.int_expr(1));
            let slot = self.new_mut();
            self.line(&format!("let (§M{slot}§{a}, {b}) = ({left}, {right});"));
            self.declare(&a, Kind::Int, Some(slot));
            self.declare(&b, Kind::Int, None);
        } else {
            let (a, b) = (self.fresh("d"), self.fresh("d"));
            let (first, second) = (self.id(), self.id());
            self.line(&format!("let ({a}, {b}) = (D::new({first}), D::new({second}));"));
            self.declare(&a, Kind::D, None);
            self.var_mut(&a).ids.push(first);
            self.declare(&b, Kind::D, None);
            self.var_mut(&b).ids.push(second);
        }
    }

    /// Values moved through a `for` loop, dropped per iteration.
    fn for_vec(&mut self, depth: usize) {
        let (items, item) = (self.fresh("v"), self.fresh("d"));
        let (first, second) = (self.id(), self.id());
        self.line(&format!("let {items} = vec![D::new({first}), D::new({second})];"));
        let label = self.push_loop(false);
        self.line(&format!("{label}for {item} in {items} {{"));
        self.open_scope();
        self.declare(&item, Kind::D, None);
        self.var_mut(&item).ids.extend([first, second]);
        self.block(depth, &[]);
        self.close_scope();
        self.pop_loop();
        self.line("}");
    }

    /// A `for` loop over an iterator that is not a range.
    fn for_iter(&mut self, depth: usize) {
        let item = self.fresh("x");
        let count = 1 + self.rng.below(3);
        let offset = self.int_expr(0);
        let label = self.push_loop(false);
        self.line(&format!("{label}for {item} in (0..{count}i64).map(move |k| k.wrapping_add({offset})) {{"));
        self.open_scope();
        self.declare(&item, Kind::Int, None);
        self.block(depth, &[]);
        self.close_scope();
        self.pop_loop();
        self.line("}");
    }

    fn while_let(&mut self, depth: usize) {
        let (items, item) = (self.fresh("v"), self.fresh("d"));
        let (first, second) = (self.id(), self.id());
        self.line(&format!("let mut {items} = vec![D::new({first}), D::new({second})];"));
        let label = self.push_loop(false);
        self.line(&format!("{label}while let Some({item}) = {items}.pop() {{"));
        self.open_scope();
        self.declare(&item, Kind::D, None);
        self.var_mut(&item).ids.extend([first, second]);
        self.block(depth, &[]);
        self.close_scope();
        self.pop_loop();
        self.line("}");
        self.declare(&items, Kind::VecD, None);
    }

    fn yield_from(&mut self) {
        if !self.calls_itself && self.rng.chance(35) {
            self.delegate_to_itself();
            return;
        }
        let n = 1 + self.rng.below(3);
        let line = match self.resume {
            Resume::Unit if self.rng.chance(40) => {
                let values: Vec<String> = (0..n).map(|k| format!("{}i64", k * 7)).collect();
                format!("yield_from!(vec![{}]);", values.join(", "))
            }
            Resume::Unit => format!("acc = acc.wrapping_add(yield_from!(sub({n})));"),
            _ if self.rng.chance(50) => {
                let first = self.int_expr(1);
                format!("acc = acc.wrapping_add(yield_from!(sub_r({n}), {first}));")
            }
            _ => format!("acc = acc.wrapping_add(yield_from!(sub_r({n})));"),
        };
        self.after_yield();
        self.line(&line);
    }

    /// `yield_from!` of the body itself, one level deeper, with a first
    /// resume argument or without; its completion value is folded into
    /// `acc` (and its `D`s dropped there). Inside a loop the callee is the
    /// last level (`body(0)`): a call repeated at every level would run
    /// (iterations)^depth bodies, and checking a program costs the square
    /// of its yields (seed 44806 made 774 with `body(depth - 1)` in two
    /// nested loops).
    fn delegate_to_itself(&mut self) {
        self.calls_itself = true;
        let depth = if self.loops.is_empty() { "depth - 1" } else { "0" };
        let call = match self.resume {
            Resume::Arg | Resume::First if self.rng.chance(50) => {
                let first = self.int_expr(1);
                format!("body({depth}), {first}")
            }
            _ => format!("body({depth})"),
        };
        self.after_yield();
        self.line(&format!("if depth > 0 {{ acc = acc.wrapping_add(fold_out(yield_from!({call}))); }}"));
    }

    /// A helper function, a constant, or a `macro_rules!` naming a local.
    fn item(&mut self) {
        match self.rng.below(3) {
            0 => {
                let name = self.fresh("helper");
                self.line(&format!("fn {name}(k: i64) -> i64 {{ k.wrapping_mul(3) % 101 }}"));
                self.line(&format!("acc = {name}(acc);"));
                let depth = self.scopes.len();
                self.helpers.push((name, depth));
            }
            1 => {
                let name = self.fresh("K").to_uppercase();
                let value = self.rng.below(50);
                self.line(&format!("const {name}: i64 = {value};"));
                self.line(&format!("acc = acc.wrapping_add({name});"));
                let depth = self.scopes.len();
                self.consts.push((name, depth));
            }
            _ => {
                let local = self.fresh("m");
                let name = self.fresh("bump");
                let value = self.rng.below(9);
                self.line(&format!("let {local} = {value}i64;"));
                self.declare(&local, Kind::Int, None);
                let var = self.var_mut(&local);
                var.protected = true;
                var.read = true;
                self.line(&format!("macro_rules! {name} {{ ($e:expr) => {{ $e.wrapping_add({local}) }}; }}"));
                self.line(&format!("acc = {name}!(acc);"));
                let depth = self.scopes.len();
                self.macros.push((name, depth));
            }
        }
    }

    /// A struct whose field may be moved out.
    fn pair(&mut self) {
        if self.rng.chance(40) {
            return self.tuple();
        }
        let name = self.fresh("p");
        let id = self.id();
        // A literal: a local there may hold a value derived from a borrow
        // (`let x = size(&y);`), and so would the pair (the keep rule).
        let k = format!("{}i64", self.rng.below(9));
        self.line(&format!("let {name} = Pair {{ l: D::new({id}), k: {k} }};"));
        self.declare(&name, Kind::Pair, None);
        self.var_mut(&name).ids.push(id);
        if self.rng.chance(50) {
            // A field moved out by a `let`: the rest of the struct is not
            // read again (a struct's field bound by `let` may as well be a
            // copy, so the struct is carried whole; see the README).
            self.read(&name);
            let var = self.var_mut(&name);
            var.usable = false;
            var.relaxed = true;
            let l = self.fresh("l");
            self.line(&format!("let {l} = {name}.l;"));
            self.line(&format!("acc = acc.wrapping_add(consume({l}));"));
        }
    }

    /// A tuple whose droppable field may be moved out, after which its
    /// other field is still read, across yields.
    fn tuple(&mut self) {
        let name = self.fresh("t");
        let id = self.id();
        let k = format!("{}i64", self.rng.below(9));
        self.line(&format!("let {name} = (D::new({id}), {k});"));
        self.declare(&name, Kind::Tuple, None);
        self.var_mut(&name).ids.push(id);
        if self.rng.chance(60) {
            self.read(&name);
            let l = self.fresh("l");
            self.line(&format!("let {l} = {name}.0;"));
            self.line(&format!("acc = acc.wrapping_add(consume({l}));"));
        }
    }

    /// Closures: one that captures by reference (used at once), and a
    /// `move` one that lives across yields.
    fn closures(&mut self) {
        let x = self.pick(&self.visible(Kind::Int)).unwrap_or_else(|| "acc".to_owned());
        self.read(&x);
        if self.rng.chance(50) {
            let f = self.fresh("f");
            self.line(&format!("let {f} = |k: i64| k.wrapping_add({x});"));
            self.line(&format!("acc = {f}(acc);"));
        } else {
            let g = self.new_name("g", Kind::Fun);
            self.shadow_reads(&g);
            self.line(&format!("let {g} = move |k: i64| k.wrapping_mul({x}) % 97;"));
            self.declare(&g, Kind::Fun, None);
        }
    }

    /// Borrows that end before the next yield, and a `Watch` that borrows
    /// a `D` and drops.
    fn short_lived(&mut self) {
        match self.rng.below(3) {
            0 => {
                let x = self.pick(&self.visible(Kind::Int)).unwrap_or_else(|| "acc".to_owned());
                let r = self.fresh("r");
                self.read(&x);
                self.line(&format!("let {r} = &{x};"));
                self.line(&format!("acc = acc.wrapping_add(*{r});"));
            }
            1 => match self.pick(&self.visible(Kind::Text)) {
                Some(s) => {
                    let t = self.fresh("t");
                    self.read(&s);
                    self.line(&format!("let {t} = {s}.trim();"));
                    self.line(&format!("acc = acc.wrapping_add({t}.len() as i64);"));
                }
                None => self.line("acc = acc.wrapping_add(4);"),
            },
            _ => match self.pick(&self.visible(Kind::D)) {
                Some(d) => {
                    let w = self.fresh("w");
                    self.read(&d);
                    self.var_mut(&d).watched = true;
                    self.line(&format!("let {w} = Watch(&{d});"));
                    self.line(&format!("acc = acc.wrapping_add({w}.0.n);"));
                    self.declare(&w, Kind::Short, None);
                    let watch = self.var_mut(&w);
                    watch.read = true;
                    watch.watches = Some(d);
                }
                None => self.line("acc = acc.wrapping_add(6);"),
            },
        }
    }

    /// A temporary with drop glue in a match scrutinee, with yields inside.
    fn scrutinee_temporary(&mut self, depth: usize) {
        let id = self.id();
        self.relaxed_temps.push(id);
        self.line(&format!("match D::new({id}).n.rem_euclid(3) {{"));
        self.line("0 => {");
        self.open_scope();
        self.block(depth, &[]);
        self.close_scope();
        self.line("}");
        self.line("_ => {");
        self.open_scope();
        self.block(depth, &[]);
        self.close_scope();
        self.line("}");
        self.line("}");
    }

    fn option(&mut self) {
        let name = self.fresh("o");
        let id = self.id();
        let slot = self.new_mut();
        self.line(&format!("let §M{slot}§{name} = Some(D::new({id}));"));
        self.declare(&name, Kind::OptD, Some(slot));
        self.var_mut(&name).ids.push(id);
        if self.rng.chance(50) {
            let yielded = self.int_expr(1);
            self.line(&format!("yield_!({yielded});"));
            self.after_yield();
            self.needs_mut(&name);
            self.read(&name);
            // `take` is not known to borrow (`Iterator::take` consumes).
            self.relax(&name);
            self.line(&format!("if let Some(d) = {name}.take() {{ acc = acc.wrapping_add(d.n); }}"));
        }
    }

    /// `let x;` assigned after a yield.
    fn late_init(&mut self) {
        let name = self.fresh("x");
        self.line(&format!("let {name};"));
        let yielded = self.int_expr(1);
        self.line(&format!("yield_!({yielded});"));
        self.after_yield();
        let value = self.rng.below(9);
        self.line(&format!("{name} = {value};"));
        self.declare(&name, Kind::Int, None);
        self.read(&name);
        self.line(&format!("acc = acc.wrapping_add({name}).wrapping_add(size(&{name}));"));
    }
}

/// `expr` as an operand: parenthesised unless it is a name or a literal
/// (an unsuffixed literal gets a suffix: a method of `{integer}` is
/// ambiguous).
fn paren(expr: String) -> String {
    if expr.chars().all(|c| c.is_ascii_digit()) {
        format!("{expr}i64")
    } else if expr.chars().all(|c| c.is_alphanumeric() || c == '_') {
        expr
    } else {
        format!("({expr})")
    }
}
