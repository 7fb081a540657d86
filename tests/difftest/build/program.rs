//! Random generator bodies.
//!
//! A body uses `i64` locals (some shadowed), `D` values that log their drops
//! (some moved, some shadowed), `String`s, arrays (kept in place), `yield_!` in statement and
//! expression positions (conditions, guards, operands), `if`, `match` with
//! guards, `while`/`for`/`loop` with fuel counters and labels, labeled
//! `break`/`continue`, early `return`s and nested blocks. Every program
//! terminates and is valid Rust: variables are used only in scope and never
//! after they are moved; values are moved only in the scope that declared
//! them (a conditional move would need a drop flag).

use std::fmt::Write as _;

use crate::rng::Rng;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Drop,
    Text,
    /// `[i64; 40]`: kept in place by the state machine.
    Buffer,
}

struct Var {
    name: String,
    kind: Kind,
    mutable: bool,
    moved: bool,
}

pub(crate) struct Generator<'a> {
    rng: &'a mut Rng,
    /// Variables in scope, innermost scope last.
    scopes: Vec<Vec<Var>>,
    /// Labels of the enclosing loops, innermost last, whether the loop has a
    /// value (then `break` must give one), and `in_labeled_block` outside it.
    loops: Vec<(String, bool, bool)>,
    next_id: usize,
    /// Statements left to generate.
    budget: usize,
    /// Inside a labeled block within the innermost loop: `break` and
    /// `continue` need a label there.
    in_labeled_block: bool,
    out: String,
    indent: usize,
}

impl<'a> Generator<'a> {
    pub(crate) fn new(rng: &'a mut Rng) -> Generator<'a> {
        let budget = 12 + rng.below(24);
        Generator {
            rng,
            scopes: vec![Vec::new()],
            loops: Vec::new(),
            next_id: 0,
            in_labeled_block: false,
            budget,
            out: String::new(),
            indent: 1,
        }
    }

    /// The body, ending with its completion value.
    pub(crate) fn body(mut self) -> String {
        self.line("let mut acc: i64 = 1;");
        self.declare("acc", Kind::Int);
        while self.budget > 0 {
            self.stmt(0);
        }
        let tail = self.int_expr(2);
        self.line(&tail);
        self.out
    }

    fn line(&mut self, text: &str) {
        writeln!(self.out, "{}{}", "    ".repeat(self.indent), text).unwrap();
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    fn declare(&mut self, name: &str, kind: Kind) {
        self.scopes.last_mut().unwrap().push(Var { name: name.to_owned(), kind, mutable: true, moved: false });
    }

    /// Declares a binding that cannot be assigned (a pattern binding).
    fn declare_immutable(&mut self, name: &str) {
        self.scopes.last_mut().unwrap().push(Var {
            name: name.to_owned(),
            kind: Kind::Int,
            mutable: false,
            moved: false,
        });
    }

    /// The visible integers that can be assigned.
    fn assignable(&self) -> Vec<String> {
        let visible = self.visible(Kind::Int);
        let mut out = Vec::new();
        for name in visible {
            let var = self.scopes.iter().rev().flat_map(|s| s.iter().rev()).find(|v| v.name == name);
            if var.is_some_and(|v| v.mutable) {
                out.push(name);
            }
        }
        out
    }

    /// The visible variables of a kind that can still be used.
    fn visible(&self, kind: Kind) -> Vec<String> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for scope in self.scopes.iter().rev() {
            for var in scope.iter().rev() {
                if seen.contains(&var.name.as_str()) {
                    continue;
                }
                seen.push(&var.name);
                if var.kind == kind && !var.moved {
                    out.push(var.name.clone());
                }
            }
        }
        out
    }

    fn pick(&mut self, options: &[String]) -> Option<String> {
        if options.is_empty() { None } else { Some(options[self.rng.below(options.len())].clone()) }
    }

    fn int_expr(&mut self, depth: usize) -> String {
        let choice = if depth == 0 { self.rng.below(3) } else { self.rng.below(11) };
        match choice {
            0 => format!("{}i64", self.rng.below(20)),
            1 | 2 => self.pick(&self.visible(Kind::Int)).unwrap_or_else(|| "3i64".to_owned()),
            3 => format!("{}.wrapping_add({})", self.int_atom(depth), self.int_expr(depth - 1)),
            4 => format!("({}.wrapping_mul({}) % 97)", self.int_atom(depth), self.int_expr(depth - 1)),
            5 => format!("{}.wrapping_sub({})", self.int_atom(depth), self.int_expr(depth - 1)),
            6 => match self.pick(&self.visible(Kind::Drop)) {
                Some(d) => format!("{d}.id()"),
                None => "5i64".to_owned(),
            },
            7 => match self.pick(&self.visible(Kind::Text)) {
                Some(s) => format!("({s}.len() as i64)"),
                None => "7i64".to_owned(),
            },
            8 => {
                // A suspension point inside an expression.
                let yielded = self.int_expr(depth - 1);
                let value = self.int_expr(depth - 1);
                format!("{{ yield_!({yielded}); {value} }}")
            }
            9 => match self.pick(&self.visible(Kind::Buffer)) {
                Some(b) if self.rng.chance(50) => format!("{b}[{}]", self.index(depth - 1)),
                Some(b) => format!("{b}.iter().fold(0i64, |a, b| a.wrapping_add(*b))"),
                None => "11i64".to_owned(),
            },
            _ => format!(
                "if {} {{ {} }} else {{ {} }}",
                self.cond(depth - 1),
                self.int_expr(depth - 1),
                self.int_expr(depth - 1)
            ),
        }
    }

    /// An index into a buffer.
    fn index(&mut self, depth: usize) -> String {
        format!("({}).rem_euclid(40) as usize", self.int_expr(depth))
    }

    /// An expression that can take a method call.
    fn int_atom(&mut self, depth: usize) -> String {
        let expr = self.int_expr(depth - 1);
        format!("({expr})")
    }

    fn cond(&mut self, depth: usize) -> String {
        match if depth == 0 { self.rng.below(2) } else { self.rng.below(5) } {
            0 => format!("{}.rem_euclid(2) == 0", self.int_atom(depth + 1)),
            1 => format!("{} > {}", self.int_expr(depth), self.rng.below(12)),
            2 => format!("({} && {})", self.cond(depth - 1), self.cond(depth - 1)),
            3 => format!("({} || {})", self.cond(depth - 1), self.cond(depth - 1)),
            _ => format!("!({})", self.cond(depth - 1)),
        }
    }

    fn block(&mut self, depth: usize, prologue: &[String]) {
        self.scopes.push(Vec::new());
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
        self.indent -= 1;
        self.scopes.pop();
    }

    fn stmt(&mut self, depth: usize) {
        self.budget = self.budget.saturating_sub(1);
        let nested = depth < 3;
        match self.rng.below(31) {
            0 | 1 => {
                // A new integer, or a shadowing one.
                let names = [self.visible(Kind::Int), self.visible(Kind::Buffer)].concat();
                let shadow = self.rng.chance(30).then(|| self.pick(&names)).flatten();
                let value = self.int_expr(2);
                let name = shadow.unwrap_or_else(|| self.fresh("x"));
                self.line(&format!("let mut {name}: i64 = {value};"));
                self.declare(&name, Kind::Int);
            }
            2 => {
                let shadow = self.rng.chance(25).then(|| self.pick(&self.visible(Kind::Drop))).flatten();
                let name = shadow.unwrap_or_else(|| self.fresh("d"));
                let id = self.next_id;
                self.line(&format!("let {name} = D::new(&log, {id});"));
                self.declare(&name, Kind::Drop);
            }
            3 => {
                let name = self.fresh("s");
                self.line(&format!("let mut {name} = String::from(\"ab\");"));
                self.declare(&name, Kind::Text);
            }
            4 => match self.pick(&self.visible(Kind::Text)) {
                Some(s) => self.line(&format!("{s}.push('c');")),
                None => self.line("acc = acc.wrapping_add(1);"),
            },
            5 | 6 => {
                let target = self.pick(&self.assignable()).unwrap_or_else(|| "acc".to_owned());
                let value = self.int_expr(2);
                self.line(&format!("{target} = {value};"));
            }
            7..=9 => {
                let value = self.int_expr(2);
                self.line(&format!("yield_!({value});"));
            }
            10 if nested => {
                let cond = self.cond(1);
                self.line(&format!("if {cond} {{"));
                self.block(depth, &[]);
                if self.rng.chance(60) {
                    self.line("} else {");
                    self.block(depth, &[]);
                }
                self.line("}");
            }
            11 if nested => {
                let scrutinee = self.int_atom(2);
                let guard = self.cond(1);
                self.line(&format!("match {scrutinee}.rem_euclid(4) {{"));
                self.line("0 => {");
                self.block(depth, &[]);
                self.line("}");
                self.line(&format!("v if v == 1 && {guard} => {{"));
                self.scopes.push(Vec::new());
                self.declare_immutable("v");
                self.block(depth, &[]);
                self.scopes.pop();
                self.line("}");
                self.line("_ => {");
                self.block(depth, &[]);
                self.line("}");
                self.line("}");
            }
            12 if nested => self.loop_stmt(depth),
            13 if !self.loops.is_empty() => {
                let cond = self.cond(1);
                let (target, has_value, _) = self.loops[self.rng.below(self.loops.len())].clone();
                let jump = if self.rng.chance(50) { "break" } else { "continue" };
                let innermost = target == self.loops.last().unwrap().0;
                let value =
                    if has_value && jump == "break" { format!(" ({})", self.int_expr(1)) } else { String::new() };
                let unlabeled = value.is_empty() && innermost && !self.in_labeled_block && self.rng.chance(30);
                let label = if unlabeled { String::new() } else { format!(" {target}") };
                self.line(&format!("if {cond} {{ {jump}{label}{value}; }}"));
            }
            14 => {
                let cond = self.cond(1);
                let value = self.int_expr(1);
                self.line(&format!("if {cond} {{ return {value}; }}"));
            }
            15 => {
                // Moves happen only in the scope that declared the value.
                let movable: Vec<String> = self
                    .scopes
                    .last()
                    .unwrap()
                    .iter()
                    .filter(|v| v.kind == Kind::Drop && !v.moved)
                    .map(|v| v.name.clone())
                    .filter(|name| self.visible(Kind::Drop).contains(name))
                    .collect();
                if let Some(name) = self.pick(&movable) {
                    self.line(&format!("drop({name});"));
                    for var in self.scopes.last_mut().unwrap().iter_mut().rev() {
                        if var.name == name {
                            var.moved = true;
                            break;
                        }
                    }
                } else {
                    self.line("acc = acc.wrapping_mul(3) % 101;");
                }
            }
            16 if nested => {
                self.line("{");
                self.block(depth, &[]);
                self.line("}");
            }
            17 => {
                // `yield_!` in an operand after effectful code.
                let target = self.pick(&self.assignable()).unwrap_or_else(|| "acc".to_owned());
                let before = self.int_atom(2);
                let yielded = self.int_expr(1);
                self.line(&format!("{target} = {before}.wrapping_add({{ yield_!({yielded}); 2 }});"));
            }
            18 => {
                // `let .. else` that may leave the generator.
                let name = self.fresh("x");
                let value = self.int_expr(1);
                let fallback = self.int_expr(1);
                self.line(&format!(
                    "let Some(mut {name}) = ({value} > 3).then_some({value}) else {{ return {fallback}; }};"
                ));
                self.declare(&name, Kind::Int);
            }
            19 if nested => {
                let name = self.fresh("x");
                let value = self.int_expr(1);
                self.line(&format!("if let Some({name}) = ({value}).checked_rem(3).filter(|r| *r != 1) {{"));
                self.scopes.push(Vec::new());
                self.declare_immutable(&name);
                self.block(depth, &[]);
                self.scopes.pop();
                self.line("}");
            }
            20 if nested => {
                // A labeled block with a value.
                let name = self.fresh("x");
                let label = format!("'{}", self.fresh("b"));
                let cond = self.cond(1);
                let early = self.int_expr(1);
                self.line(&format!("let mut {name}: i64 = {label}: {{"));
                let outer = std::mem::replace(&mut self.in_labeled_block, true);
                self.indent += 1;
                self.scopes.push(Vec::new());
                let yielded = self.int_expr(1);
                self.line(&format!("yield_!({yielded});"));
                self.line(&format!("if {cond} {{ break {label} ({early}); }}"));
                self.stmt(depth + 1);
                let last = self.int_expr(1);
                self.line(&last);
                self.scopes.pop();
                self.indent -= 1;
                self.in_labeled_block = outer;
                self.line("};");
                self.declare(&name, Kind::Int);
            }
            21 if nested => {
                // A loop with a value.
                let name = self.fresh("x");
                let counter = self.fresh("fuel");
                let label = format!("'{}", self.fresh("l"));
                let fuel = 1 + self.rng.below(3);
                let value = self.int_expr(1);
                self.line(&format!("let mut {counter}: i64 = {fuel};"));
                self.line(&format!("let mut {name}: i64 = {label}: loop {{"));
                self.push_loop(label.clone(), true);
                self.block(
                    depth,
                    &[format!("if {counter} <= 0 {{ break {label} ({value}); }}"), format!("{counter} -= 1;")],
                );
                self.pop_loop();
                self.line("};");
                self.declare(&name, Kind::Int);
            }
            22 if nested => {
                // A suspension point in a `while` condition.
                let counter = self.fresh("fuel");
                let label = format!("'{}", self.fresh("l"));
                let yielded = self.int_expr(1);
                let fuel = 1 + self.rng.below(3);
                self.line(&format!("let mut {counter}: i64 = {fuel};"));
                self.line(&format!("{label}: while {{ yield_!({yielded}); {counter} > 0 }} {{"));
                self.push_loop(label, false);
                self.block(depth, &[format!("{counter} -= 1;")]);
                self.pop_loop();
                self.line("}");
            }
            23 => {
                let (a, b) = (self.fresh("x"), self.fresh("x"));
                let (left, right) = (self.int_expr(1), self.int_expr(1));
                self.line(&format!("let (mut {a}, {b}) = ({left}, {right});"));
                self.declare(&a, Kind::Int);
                self.declare_immutable(&b);
            }
            24 if nested => {
                // Values moved through a `for` loop, dropped per iteration.
                let (items, item) = (self.fresh("v"), self.fresh("d"));
                let (first, second) = (self.next_id + 100, self.next_id + 200);
                self.line(&format!("let {items} = vec![D::new(&log, {first}), D::new(&log, {second})];"));
                let label = format!("'{}", self.fresh("l"));
                self.line(&format!("{label}: for {item} in {items} {{"));
                self.push_loop(label, false);
                self.scopes.push(Vec::new());
                self.declare(&item, Kind::Drop);
                self.block(depth, &[]);
                self.scopes.pop();
                self.pop_loop();
                self.line("}");
            }
            25 => {
                // Reassigning a value drops the old one.
                let name = self.fresh("d");
                let id = self.next_id;
                self.line(&format!("let mut {name} = D::new(&log, {id});"));
                let yielded = self.int_expr(1);
                self.line(&format!("yield_!({yielded});"));
                self.line(&format!("{name} = D::new(&log, {});", id + 1000));
                self.declare(&name, Kind::Drop);
            }
            26 => {
                // A buffer, possibly shadowing an integer (not `acc`, which
                // the statements name directly).
                let ints: Vec<String> = self.visible(Kind::Int).into_iter().filter(|name| name != "acc").collect();
                let shadow = self.rng.chance(30).then(|| self.pick(&ints)).flatten();
                let name = shadow.unwrap_or_else(|| self.fresh("buf"));
                let fill = self.rng.below(9);
                self.line(&format!("let mut {name} = [{fill}i64; 40];"));
                self.declare(&name, Kind::Buffer);
            }
            27 => match self.pick(&self.visible(Kind::Buffer)) {
                Some(b) => {
                    let (index, value) = (self.index(1), self.int_expr(1));
                    self.line(&format!("{b}[{index}] = {value};"));
                }
                None => self.line("acc = acc.wrapping_add(2);"),
            },
            28 if nested => {
                // A `for` loop over an iterator that is not a range.
                let item = self.fresh("x");
                let label = format!("'{}", self.fresh("l"));
                let count = 1 + self.rng.below(3);
                let offset = self.int_expr(0);
                self.line(&format!("{label}: for {item} in (0..{count}i64).map(move |k| k.wrapping_add({offset})) {{"));
                self.push_loop(label, false);
                self.scopes.push(Vec::new());
                self.declare_immutable(&item);
                self.block(depth, &[]);
                self.scopes.pop();
                self.pop_loop();
                self.line("}");
            }
            _ => {
                let value = self.int_expr(1);
                self.line(&format!("acc = acc.wrapping_add({value}) % 1000;"));
            }
        }
    }

    fn push_loop(&mut self, label: String, has_value: bool) {
        self.loops.push((label, has_value, self.in_labeled_block));
        self.in_labeled_block = false;
    }

    fn pop_loop(&mut self) {
        if let Some((_, _, outer)) = self.loops.pop() {
            self.in_labeled_block = outer;
        }
    }

    fn loop_stmt(&mut self, depth: usize) {
        let label = format!("'{}", self.fresh("l"));
        let fuel = 1 + self.rng.below(3);
        match self.rng.below(3) {
            0 => {
                let counter = self.fresh("fuel");
                self.line(&format!("let mut {counter}: i64 = {fuel};"));
                self.line(&format!("{label}: while {counter} > 0 {{"));
                self.push_loop(label, false);
                self.block(depth, &[format!("{counter} -= 1;")]);
            }
            1 => {
                let index = self.fresh("i");
                self.line(&format!("{label}: for {index} in 0..{fuel}i64 {{"));
                self.push_loop(label, false);
                self.scopes.push(Vec::new());
                self.declare_immutable(&index);
                self.block(depth, &[]);
                self.scopes.pop();
            }
            _ => {
                let counter = self.fresh("fuel");
                self.line(&format!("let mut {counter}: i64 = {fuel};"));
                self.line(&format!("{label}: loop {{"));
                self.push_loop(label.clone(), false);
                self.block(depth, &[format!("if {counter} <= 0 {{ break {label}; }}"), format!("{counter} -= 1;")]);
            }
        }
        self.pop_loop();
        self.line("}");
    }
}
