//! The probe child's limits on Linux and macOS: a data-segment limit, which (unlike the
//! address-space limit) leaves out the GTK and WebKit libraries the binary maps, so the figure is
//! the heap the demuxer may take.

use rustix::process::{setrlimit, Resource, Rlimit, Signal};
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

pub fn limit_memory(bytes: u64) -> std::io::Result<()> {
    setrlimit(
        Resource::Data,
        Rlimit {
            current: Some(bytes),
            maximum: Some(bytes),
        },
    )?;
    Ok(())
}

/// What ended a child that did not exit on its own, in the operator's words.
pub fn killed_by(status: &ExitStatus) -> Option<&'static str> {
    let signal = status.signal()?;
    Some(if signal == Signal::ABORT.as_raw() {
        // Rust aborts when an allocation fails, which the memory limit makes happen.
        "ran out of memory or gave up"
    } else if signal == Signal::SEGV.as_raw() || signal == Signal::BUS.as_raw() {
        "crashed"
    } else if signal == Signal::KILL.as_raw() {
        "was stopped"
    } else {
        "was ended by a signal"
    })
}
