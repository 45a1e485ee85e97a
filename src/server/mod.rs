//! `ppcert server`: a language server on the same pipeline as `ppcert lint`.
//!
//! Synchronous, as ruff's and rust-analyzer's are (`lsp-server` + `lsp-types`): one loop receives
//! messages, keeps the open buffers, and lints a connector folder when one of its files changes —
//! debounced, from the buffers and a cache of what it read from disk — then publishes findings for
//! every file of that folder (a change in apiProperties.json can change findings in the
//! definition). Clients that pull diagnostics get them by pull instead, with a long-poll for
//! `workspace/diagnostic`.

// lsp-types keys edits and reports by `Uri`, whose hash is its text: the interior mutability
// clippy sees in it is a cache that does not change the hash.
#![allow(clippy::mutable_key_type)]

mod actions;
mod documents;
mod folder;
mod positions;
mod session;

pub use session::{Options, StatusNotification, StatusParams};

/// What [`serve`] returns when the client sent `exit` without `shutdown` (LSP: exit code 1).
pub const EXIT_WITHOUT_SHUTDOWN: &str = "the client sent exit before shutdown";

use lsp_server::Connection;

/// Serves the language protocol on stdin/stdout until the client says `exit`.
pub fn run(options: Options) -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection, options)?;
    io_threads.join().map_err(|e| e.to_string())
}

/// Serves the language protocol on `connection` (the stdio one, or an in-memory one in tests).
pub fn serve(connection: Connection, options: Options) -> Result<(), String> {
    session::Session::start(connection, options)
}
