//! The state is a discriminant plus the locals live at one suspension
//! point: locals never alive at the same time share storage.

use std::mem::size_of_val;

use gen_runtime::{generator, yield_};

#[generator(yield = u64)]
fn two_u64_locals() {
    let mut a: u64 = 0;
    let mut b: u64 = 1;
    loop {
        yield_!(a);
        (a, b) = (b, a.wrapping_add(b));
    }
}

#[test]
fn two_u64s_live_across_a_yield_fit_in_24_bytes() {
    let g = two_u64_locals();
    assert!(size_of_val(&g) <= 24, "{} bytes", size_of_val(&g));
    assert_eq!(g.take(5).collect::<Vec<_>>(), [0, 1, 1, 2, 3]);
}

#[generator(yield = u8)]
fn two_phases() {
    {
        let first = [1u8; 1024];
        for i in 0..2 {
            yield_!(first[i * 512]);
        }
    }
    let second = [2u8; 1024];
    for i in 0..2 {
        yield_!(second[i * 512]);
    }
}

#[test]
fn locals_of_disjoint_scopes_share_storage() {
    let g = two_phases();
    // One 1 KiB buffer (plus the loop state), not two.
    assert!(size_of_val(&g) < 1024 + 64, "{} bytes", size_of_val(&g));
    assert_eq!(g.collect::<Vec<_>>(), [1, 1, 2, 2]);
}

#[generator(yield = usize)]
fn dead_locals_are_not_kept(n: usize) {
    let big = [7usize; 256];
    let sum: usize = big.iter().sum();
    for i in 0..n {
        yield_!(sum + i);
    }
}

#[test]
fn a_local_no_longer_used_is_not_carried() {
    let g = dead_locals_are_not_kept(2);
    // `big` is dead (and has no drop glue) once `sum` is computed.
    assert!(size_of_val(&g) < 256, "{} bytes", size_of_val(&g));
    assert_eq!(g.collect::<Vec<_>>(), [1792, 1793]);
}

fn filled(byte: u8) -> [u8; 4096] {
    [byte; 4096]
}

#[generator(yield = u8)]
fn buffer_then_other_array() {
    {
        let mut buf = [0u8; 4096];
        yield_!(buf[0]);
        buf[1] = 2;
        yield_!(buf[1]);
    }
    {
        let mut other = filled(1);
        yield_!(other[0]);
        other[1] = 3;
        yield_!(other[1]);
    }
}

#[test]
fn a_buffer_kept_in_place_still_shares_storage_with_later_locals() {
    let g = buffer_then_other_array();
    // One 4 KiB array at a time, not two.
    assert!(size_of_val(&g) < 4096 + 64, "{} bytes", size_of_val(&g));
    assert_eq!(g.collect::<Vec<_>>(), [0, 2, 1, 3]);
}

#[generator(yield = usize)]
fn cube(n: usize) {
    for x in 0..n {
        for y in 0..n {
            for z in 0..n {
                yield_!(z);
            }
        }
    }
}

/// The innermost loop hands `n`, `x` and the outer iterators on as one
/// nested tuple (see `gen-macro/src/plan/bundle.rs`): of values aligned
/// alike, it is as large as they are.
#[test]
fn values_handed_on_as_one_take_no_more_space() {
    let g = cube(2);
    // n, x, y, z: 8 bytes each; three `Range<usize>`: 16 each; the
    // discriminant: 8.
    assert!(size_of_val(&g) <= 4 * 8 + 3 * 16 + 8, "{} bytes", size_of_val(&g));
    assert_eq!(g.collect::<Vec<_>>(), [0, 1, 0, 1, 0, 1, 0, 1]);
}

#[generator(yield = u64)]
fn mixed_alignments(n: u8) {
    let a: u8 = 1;
    let b: u64 = 2;
    let c: u8 = 3;
    let d: u64 = 4;
    let e: u8 = 5;
    let f: u64 = 6;
    let g: u8 = 7;
    let h: u64 = 8;
    for i in 0..n {
        for j in 0..n {
            yield_!(u64::from(i + j));
        }
    }
    yield_!(u64::from(a) + b + u64::from(c) + d + u64::from(e) + f + u64::from(g) + h);
}

/// Values of different alignments handed on from loop to loop: the state
/// keeps them side by side, packed as rustc packs an enum variant (a
/// nested tuple would pad each `u8` to 8 bytes).
#[test]
fn values_of_mixed_alignments_are_packed() {
    let g = mixed_alignments(2);
    // b, d, f, h: 32; a, c, e, g, n, i, two `Range<u8>`: 10; the
    // discriminant: 1; rounded up to 8.
    assert!(size_of_val(&g) <= 48, "{} bytes", size_of_val(&g));
    assert_eq!(g.sum::<u64>(), 4 + 36);
}
