//! Writing without panics, and counting only what got out.
//!
//! `println!` and `eprintln!` panic when a write fails (a closed pipe, a full
//! disk), so the CLI writes through these functions instead:
//!
//! * standard output's reader went away (`| head`, EPIPE): the command stops
//!   quietly with status [`EXIT_PIPE`] (141, what a shell reports for a tool
//!   SIGPIPE killed); `map` and `plan` still print their summary, which counts
//!   only what the output took;
//! * any other failed write to standard output (ENOSPC, EIO): one line on
//!   stderr and status [`EXIT_IO`];
//! * standard output closed before the start (`>&-`): refused with
//!   [`EXIT_IO`] before any work, rather than "writing" into nothing;
//! * a failed write to stderr is ignored: there is nowhere left to report it,
//!   and the exit status still tells how the run went.

use super::sys;
use std::collections::VecDeque;
use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

/// Standard output's reader went away: 128 + SIGPIPE.
pub(crate) const EXIT_PIPE: u8 = 141;
/// Standard output could not be written (or was closed at start).
pub(crate) const EXIT_IO: u8 = 2;

/// Writes `msg` and a newline to stderr in one write; failures are ignored.
pub(crate) fn note(msg: impl Display) {
    let mut line = msg.to_string();
    line.push('\n');
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

/// The exit code for a failed write to stdout, saying why unless the reader
/// simply went away.
pub(crate) fn write_failed(e: &io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        ExitCode::from(EXIT_PIPE)
    } else {
        note(format_args!("scimexpr: writing output: {e}"));
        ExitCode::from(EXIT_IO)
    }
}

/// Writes all of `bytes` to stdout and flushes.
pub(crate) fn print(bytes: &[u8]) -> Result<(), ExitCode> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| write_failed(&e))
}

/// Refuses to run a command whose standard output was closed at start.
pub(crate) fn stdout_usable() -> Result<(), ExitCode> {
    if sys::stdout_closed() {
        note("scimexpr: standard output is closed; redirect it (to /dev/null to discard it)");
        return Err(ExitCode::from(EXIT_IO));
    }
    Ok(())
}

/// Why a streaming run ended before its input did.
#[derive(Debug)]
pub(crate) enum Stop {
    /// SIGINT.
    Interrupted,
    /// Standard output's reader went away.
    OutputClosed,
    /// Standard output could not be written.
    WriteFailed(io::Error),
}

impl Stop {
    pub(crate) fn from_error(e: io::Error) -> Stop {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Stop::OutputClosed
        } else {
            Stop::WriteFailed(e)
        }
    }

    /// What the summary's `stopped` member says.
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            Stop::Interrupted => "interrupted",
            Stop::OutputClosed => "output closed",
            Stop::WriteFailed(_) => "write failed",
        }
    }

    /// Says what went wrong (a closed pipe and SIGINT need no words) and
    /// gives the exit code; for SIGINT the process ends here, as killed by it.
    pub(crate) fn exit(self) -> ExitCode {
        match self {
            Stop::Interrupted => sys::exit_interrupted(),
            Stop::OutputClosed => ExitCode::from(EXIT_PIPE),
            Stop::WriteFailed(e) => write_failed(&e),
        }
    }
}

/// The counts a run reports in its summary line.
#[derive(Default, Debug, Clone)]
pub(crate) struct Tally {
    pub(crate) records: u64,
    pub(crate) written: u64,
    pub(crate) failed: u64,
    pub(crate) omitted: u64,
    /// For `plan`: how many lines got each action.
    pub(crate) actions: Vec<(&'static str, u64)>,
    /// For `plan`: orphan lines, and failed provider lines.
    pub(crate) orphans: u64,
    pub(crate) provider_failed: u64,
}

impl Tally {
    pub(crate) fn count_action(&mut self, action: &'static str, n: u64) {
        match self.actions.iter_mut().find(|(a, _)| *a == action) {
            Some((_, c)) => *c += n,
            None => self.actions.push((action, n)),
        }
    }

    pub(crate) fn action(&self, action: &str) -> u64 {
        self.actions
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(0, |(_, c)| *c)
    }

    fn add(&mut self, other: &Tally) {
        self.records += other.records;
        self.written += other.written;
        self.failed += other.failed;
        self.omitted += other.omitted;
        self.orphans += other.orphans;
        self.provider_failed += other.provider_failed;
        for (a, n) in &other.actions {
            self.count_action(a, *n);
        }
    }
}

/// Buffered once this much is waiting.
const FLUSH_AT: usize = 64 << 10;

/// Whole output lines, buffered, each carrying the counts of what it reports;
/// the counts join [`Lines::delivered`] only once the output took the line,
/// so a summary after a failed write says what really went out.
pub(crate) struct Lines<W: Write> {
    inner: W,
    buf: Vec<u8>,
    /// The lines in `buf`: where each ends, and what it accounts for (its
    /// record, and the records after it that wrote no line).
    pending: VecDeque<(usize, Tally)>,
    /// What the output took (records that write no line count once every
    /// line before them did).
    pub(crate) delivered: Tally,
}

impl<W: Write> Lines<W> {
    pub(crate) fn new(inner: W) -> Self {
        Lines {
            inner,
            buf: Vec::with_capacity(FLUSH_AT + (FLUSH_AT >> 2)),
            pending: VecDeque::new(),
            delivered: Tally::default(),
        }
    }

    /// The writer, once every line was flushed to it.
    pub(crate) fn into_inner(mut self) -> io::Result<W> {
        self.flush()?;
        Ok(self.inner)
    }

    /// Queues `line` (which ends with a newline) with what it accounts for.
    pub(crate) fn line(&mut self, line: &[u8], counts: Tally) -> io::Result<()> {
        self.buf.extend_from_slice(line);
        self.pending.push_back((self.buf.len(), counts));
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Counts something that writes no line, after the lines queued so far.
    pub(crate) fn account(&mut self, counts: Tally) {
        match self.pending.back_mut() {
            Some((_, after)) => after.add(&counts),
            None => self.delivered.add(&counts),
        }
    }

    /// Writes out what is queued; on failure the lines the output took are
    /// still counted, and the rest stay queued.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        let mut done = 0;
        let mut result = Ok(());
        while let Some(rest) = self.buf.get(done..).filter(|r| !r.is_empty()) {
            match self.inner.write(rest) {
                Ok(0) => {
                    result = Err(io::Error::from(io::ErrorKind::WriteZero));
                    break;
                }
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        while let Some((end, _)) = self.pending.front() {
            if *end > done {
                break;
            }
            if let Some((_, counts)) = self.pending.pop_front() {
                self.delivered.add(&counts);
            }
        }
        self.buf.drain(..done.min(self.buf.len()));
        for (end, _) in &mut self.pending {
            *end -= done;
        }
        result?;
        self.inner.flush()
    }
}

impl<W: Write> Lines<W> {
    /// After SIGINT: writes out what is queued (whole lines), saying why if
    /// that fails for another reason than a closed pipe.
    pub(crate) fn flush_interrupted(&mut self) {
        if let Err(e) = self.flush() {
            if e.kind() != io::ErrorKind::BrokenPipe {
                note(format_args!("scimexpr: writing output: {e}"));
            }
        }
    }
}

/// Standard output for [`Lines`].
pub(crate) fn stdout_lines() -> Lines<io::StdoutLock<'static>> {
    Lines::new(io::stdout().lock())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `room` bytes, then fails.
    struct Full {
        room: usize,
        got: Vec<u8>,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::other("full"));
            }
            let n = buf.len().min(self.room).min(3);
            self.room -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn one() -> Tally {
        Tally {
            records: 1,
            written: 1,
            ..Tally::default()
        }
    }

    #[test]
    fn only_lines_taken_are_counted() {
        let mut out = Lines::new(Full {
            room: 9,
            got: Vec::new(),
        });
        for _ in 0..3 {
            out.line(b"abcd\n", one()).unwrap();
        }
        // A failed record after the first line counts with it.
        out.account(Tally {
            records: 1,
            failed: 1,
            ..Tally::default()
        });
        assert!(out.flush().is_err());
        assert_eq!(out.delivered.written, 1);
        assert_eq!(out.delivered.records, 1);
        out.inner.room = 100;
        out.flush().unwrap();
        assert_eq!(out.delivered.written, 3);
        assert_eq!(out.delivered.failed, 1);
        assert_eq!(out.inner.got, b"abcd\nabcd\nabcd\n");
    }
}
