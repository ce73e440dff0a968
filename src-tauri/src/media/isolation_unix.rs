//! The probe child's limits on Linux and macOS: a data-segment limit, which (unlike the
//! address-space limit) leaves out the GTK and WebKit libraries the binary maps, so the figure is
//! the heap the demuxer may take.

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

pub fn limit_memory(bytes: u64) -> std::io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass and touches nothing else.
    if unsafe { libc::setrlimit(libc::RLIMIT_DATA, &limit) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// What ended a child that did not exit on its own, in the operator's words.
pub fn killed_by(status: &ExitStatus) -> Option<&'static str> {
    Some(match status.signal()? {
        // Rust aborts when an allocation fails, which the memory limit makes happen.
        libc::SIGABRT => "ran out of memory or gave up",
        libc::SIGSEGV | libc::SIGBUS => "crashed",
        libc::SIGKILL => "was stopped",
        _ => "was ended by a signal",
    })
}
