//! `ppcert lint --watch`: lint, then lint again whenever a file under the linted paths changes.
//!
//! Editors save in bursts (write a temporary file, rename, touch), so events are debounced: a new run
//! starts once nothing has changed for a short while. Ctrl-C ends the loop and exits 0.

use super::lint::{LintArgs, run_once};
use super::{EXIT_FAILURE, EXIT_OK, print_error};
use notify::{EventKind, RecursiveMode, Watcher};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const QUIET_PERIOD: Duration = Duration::from_millis(250);

/// Changes that cannot affect a connector: version control and build output.
fn is_noise(path: &Path) -> bool {
    path.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some(".git" | "target" | "node_modules")
        )
    })
}

pub fn run(args: LintArgs, color: bool) -> u8 {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)) {
            print_error(color, &format!("cannot handle Ctrl-C: {e}"));
            return EXIT_FAILURE;
        }
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            print_error(color, &format!("cannot watch files: {e}"));
            return EXIT_FAILURE;
        }
    };
    let paths = if args.paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for path in &paths {
        if let Err(e) = watcher.watch(path, RecursiveMode::Recursive) {
            print_error(color, &format!("cannot watch `{}`: {e}", path.display()));
            return EXIT_FAILURE;
        }
    }
    let clear = color && std::io::stdout().is_terminal();
    let banner = |what: &str| {
        let mut out = std::io::stdout().lock();
        if clear {
            let _ = write!(out, "\x1b[2J\x1b[H");
        }
        let _ = writeln!(out, "[ppcert --watch] {what}; press Ctrl-C to stop.");
        let _ = out.flush();
    };
    banner("Linting");
    run_once(&args, color);
    let mut pending: Option<Instant> = None;
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(Ok(event)) => {
                let relevant = !matches!(event.kind, EventKind::Access(_))
                    && event.paths.iter().any(|p| !is_noise(p));
                if relevant {
                    pending = Some(Instant::now());
                }
            }
            Ok(Err(e)) => print_error(color, &format!("watching: {e}")),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if pending.is_some_and(|t| t.elapsed() >= QUIET_PERIOD) {
            pending = None;
            banner("Files changed, linting again");
            run_once(&args, color);
        }
    }
    EXIT_OK
}
