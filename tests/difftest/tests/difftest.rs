//! Every random program yields the same values, completes with the same
//! value and drops the same values at the same points as its eager twin;
//! dropped after any number of resumes, it drops everything it holds in the
//! order the eager twin does when a panic unwinds it from that `yield_!`.

use gen_difftest::Log;
use gen_difftest::programs::{PROGRAMS, SEED};

#[test]
fn generators_behave_like_their_eager_twins() {
    assert!(PROGRAMS.len() >= 200 || std::env::var("GEN_DIFFTEST_COUNT").is_ok());
    for (name, twin) in PROGRAMS {
        let context = format!("program {name} of seed {SEED} (GEN_DIFFTEST_SEED={SEED})");
        let eager_log = Log::default();
        let expected = (twin.eager)(eager_log.clone());
        let gen_log = Log::default();
        let actual = (twin.generator)(gen_log.clone());
        assert_eq!(actual, expected, "completion value of {context}");
        assert_eq!(gen_log.events(), eager_log.events(), "events of {context}");

        let yields = eager_log.events().iter().filter(|e| e.starts_with("yield")).count();
        for k in 0..=yields + 1 {
            let log = Log::default();
            (twin.partial)(log.clone(), k);
            let (created, dropped) = log.balance();
            assert_eq!(created, dropped, "{context}, dropped after {k} resumes: {:?}", log.events());
            let unwound = Log::default();
            quietly(|| (twin.stopped)(unwound.clone(), k));
            assert_eq!(log.events(), unwound.events(), "{context}, dropped after {k} resumes");
        }
    }
}

/// Runs `f`, which panics and catches the panic, without the panic's report.
fn quietly(f: impl FnOnce()) {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    f();
    std::panic::set_hook(hook);
}
