//! Criterion over every workload and variant (the report binary gives the
//! table; this gives criterion's statistics and history):
//!
//! ```text
//! cargo bench --manifest-path bench/Cargo.toml [-- FILTER]
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use generator_benches::workloads::{Scale, all};

fn workloads(c: &mut Criterion) {
    for workload in all(Scale::Full) {
        let mut group = c.benchmark_group(workload.name);
        group.throughput(Throughput::Elements(workload.items));
        for variant in &workload.variants {
            group.bench_function(variant.name, |b| b.iter(|| black_box((variant.run)())));
        }
        group.finish();
    }
}

criterion_group!(benches, workloads);
criterion_main!(benches);
