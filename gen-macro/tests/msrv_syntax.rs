//! The published crates declare `rust-version = "1.85"`, and CI has only
//! the current stable toolchain, which accepts newer syntax without a word.
//! Clippy's `incompatible_msrv` lint catches standard-library APIs newer
//! than the declared version; this test catches the syntax: let chains
//! (`if let … && …`, stable in 1.88), the one newer construct these
//! sources have been tempted by.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The let chains of a file, as written.
#[derive(Default)]
struct LetChains(Vec<String>);

impl LetChains {
    fn is_let(expr: &syn::Expr) -> bool {
        match expr {
            syn::Expr::Let(_) => true,
            syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                Self::is_let(&b.left) || Self::is_let(&b.right)
            }
            _ => false,
        }
    }
}

impl<'ast> Visit<'ast> for LetChains {
    fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
        if matches!(node.op, syn::BinOp::And(_)) && (Self::is_let(&node.left) || Self::is_let(&node.right)) {
            self.0.push(quote::ToTokens::to_token_stream(node).to_string());
        }
        syn::visit::visit_expr_binary(self, node);
    }
}

fn let_chains_in(crate_dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(&crate_dir.join("src"), &mut files);
    assert!(!files.is_empty(), "no sources under {}", crate_dir.display());
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable source");
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut chains = LetChains::default();
        chains.visit_file(&parsed);
        found.extend(chains.0.iter().map(|chain| format!("{}: {chain}", file.display())));
    }
    found
}

#[test]
fn published_crates_use_no_let_chains() {
    let macro_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [macro_dir.to_path_buf(), macro_dir.join("../gen-runtime")] {
        let found = let_chains_in(&dir);
        assert!(found.is_empty(), "let chains need Rust 1.88, above rust-version 1.85: {found:#?}");
    }
}

#[test]
fn a_let_chain_is_found() {
    let parsed: syn::File = syn::parse_quote! {
        fn f(a: Option<u8>, b: bool) {
            if b && let Some(x) = a { drop(x); }
            while let Some(x) = a && x > 1 {}
            if let Some(x) = a { drop(x); }
        }
    };
    let mut chains = LetChains::default();
    chains.visit_file(&parsed);
    assert_eq!(chains.0.len(), 2);
}
