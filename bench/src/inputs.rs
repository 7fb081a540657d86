//! Inputs the workloads share: the tree, the values to average, the text.

/// A node of a binary tree; the tree of the traversal workload is balanced.
pub struct Tree {
    pub left: Option<Box<Tree>>,
    pub value: u64,
    pub right: Option<Box<Tree>>,
}

impl Tree {
    /// A balanced tree holding `0..nodes` (in order).
    #[must_use]
    pub fn balanced(nodes: u64) -> Option<Box<Tree>> {
        Self::build(0, nodes)
    }

    fn build(start: u64, end: u64) -> Option<Box<Tree>> {
        if start >= end {
            return None;
        }
        let middle = start + (end - start) / 2;
        Some(Box::new(Tree { left: Self::build(start, middle), value: middle, right: Self::build(middle + 1, end) }))
    }
}

/// The values fed to the running average.
#[must_use]
pub fn values(count: usize) -> Vec<f64> {
    (0..count).map(|i| ((i * 7919) % 1000) as f64 / 10.0).collect()
}

/// `bytes` of text: lines of 0 to 119 printable characters, each ended by
/// `\n`.
#[must_use]
pub fn text(bytes: usize) -> Vec<u8> {
    let mut text = Vec::with_capacity(bytes);
    let mut line = 0usize;
    while text.len() < bytes {
        let len = (line * 37) % 120;
        text.extend((0..len).map(|i| b'a' + ((i + line) % 26) as u8));
        text.push(b'\n');
        line += 1;
    }
    text.truncate(bytes);
    if let Some(last) = text.last_mut() {
        *last = b'\n';
    }
    text
}
