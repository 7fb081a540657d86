//! All ten tutorial challenges, in order: `cargo run --example tour`.

#[path = "basic_yield.rs"]
mod basic_yield;
#[path = "infinite_fibonacci.rs"]
mod infinite_fibonacci;
#[path = "large_file_reader.rs"]
mod large_file_reader;
#[path = "memory_profile.rs"]
mod memory_profile;
#[path = "next_protocol.rs"]
mod next_protocol;
#[path = "one_time_trap.rs"]
mod one_time_trap;
#[path = "pipeline.rs"]
mod pipeline;
#[path = "running_average.rs"]
mod running_average;
#[path = "send.rs"]
mod send;
#[path = "yield_from.rs"]
mod yield_from;

fn main() {
    let challenges: [fn(); 10] = [
        basic_yield::main,
        memory_profile::main,
        infinite_fibonacci::main,
        one_time_trap::main,
        next_protocol::main,
        pipeline::main,
        large_file_reader::main,
        yield_from::main,
        send::main,
        running_average::main,
    ];
    for run in challenges {
        run();
        println!();
    }
}
