//! What the standard library does not offer the CLI: SIGINT as a flag the
//! streaming commands poll, and whether standard output was closed when the
//! process started (`scimexpr map >&-`).
//!
//! Rust's runtime reopens a closed standard descriptor on `/dev/null` before
//! `main` runs, and its `Stdout` treats `EBADF` as success, so a run with its
//! output closed would otherwise write every record into nothing and exit 0.
//! The descriptor is looked at by an ELF initializer, which runs before the
//! runtime's own start-up code.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether SIGINT arrived since [`catch_sigint`].
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

#[cfg(unix)]
extern "C" fn on_sigint(_: libc::c_int) {
    // An atomic store is async-signal-safe.
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// From now on the first SIGINT sets [`interrupted`] instead of killing the
/// process (a second one kills it: the handler is reset as it runs). Blocking
/// reads are not restarted, so a run waiting for input notices at once. A
/// SIGINT that was ignored at start (a background job) stays ignored.
#[cfg(unix)]
pub(crate) fn catch_sigint() {
    // SAFETY: `sigaction` is given valid pointers to initialised structs; the
    // handler only stores to an atomic.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGINT, std::ptr::null(), &mut old) != 0
            || old.sa_sigaction == libc::SIG_IGN
        {
            return;
        }
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t;
        sa.sa_flags = libc::SA_RESETHAND;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGINT, &sa, std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
pub(crate) fn catch_sigint() {}

/// Ends the process as SIGINT would have (so a calling shell or `make` sees
/// the interruption and stops too); the status is 130 where it cannot.
pub(crate) fn exit_interrupted() -> std::process::ExitCode {
    #[cfg(unix)]
    raise_sigint();
    std::process::ExitCode::from(130)
}

#[cfg(unix)]
fn raise_sigint() {
    // SAFETY: resetting SIGINT to its default action and raising it.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::raise(libc::SIGINT);
    }
}

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether standard output was closed when the process started.
pub(crate) fn stdout_closed() -> bool {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return true;
    }
    // Where no initializer runs, a descriptor that is still closed fails to
    // duplicate.
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if std::io::stdout().as_fd().try_clone_to_owned().is_err() {
            return true;
        }
    }
    false
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
extern "C" fn probe_stdout() {
    // SAFETY: F_GETFD only reads the descriptor table.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Run by the loader before the Rust runtime's start-up (which would put
/// `/dev/null` in place of a closed descriptor).
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[used]
#[link_section = ".init_array"]
static PROBE_STDOUT: extern "C" fn() = probe_stdout;
