//! How long `ppcert server` takes to lint a connector again after an edit, on the largest
//! definition of the corpus (or a folder given as the argument).
//!
//! `cargo run --release --example server_relint [-- <connector folder>]`
//!
//! Each round sends a `didChange` of the definition and, at once, a hover request: the server
//! lints a folder with pending changes before answering, so the time to the hover's answer is the
//! re-lint (reading the buffer, linting the whole folder, publishing) without the 150 ms debounce
//! an editor's typing waits for.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::*;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn largest_definition(root: &Path) -> Option<PathBuf> {
    let mut best: Option<(u64, PathBuf)> = None;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("apiDefinition.swagger.json"))
            {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                if best.as_ref().is_none_or(|(l, _)| len > *l) {
                    best = Some((len, path));
                }
            }
        }
    }
    best.map(|(_, p)| p)
}

fn uri(path: &Path) -> Uri {
    Uri::from_str(url::Url::from_file_path(path).unwrap().as_str()).unwrap()
}

fn main() {
    let definition = match std::env::args().nth(1) {
        Some(folder) => PathBuf::from(folder).join("apiDefinition.swagger.json"),
        None => match corpus().and_then(|c| largest_definition(&c)) {
            Some(p) => p,
            None => {
                eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
                return;
            }
        },
    };
    let definition = std::fs::canonicalize(&definition).unwrap();
    let text = std::fs::read_to_string(&definition).unwrap();
    println!(
        "{} ({} KiB)",
        definition.parent().unwrap().display(),
        text.len() / 1024
    );
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || {
        ppcert::server::serve(server, ppcert::server::Options::default())
    });
    let mut next = 0;
    let mut request = |method: &str, params: serde_json::Value| {
        next += 1;
        let id = RequestId::from(next);
        client
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        id
    };
    let notify = |method: &str, params: serde_json::Value| {
        client
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    };
    let wait_for = |id: &RequestId| loop {
        match client
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .unwrap()
        {
            Message::Response(r) if r.id == *id => return,
            _ => {}
        }
    };
    let init = request(
        request::Initialize::METHOD,
        serde_json::json!({"capabilities": {}, "processId": null, "rootUri": null}),
    );
    wait_for(&init);
    notify(notification::Initialized::METHOD, serde_json::json!({}));
    let doc = uri(&definition);
    notify(
        notification::DidOpenTextDocument::METHOD,
        serde_json::json!({"textDocument": {"uri": doc, "languageId": "json", "version": 1, "text": text}}),
    );
    let hover =
        serde_json::json!({"textDocument": {"uri": doc}, "position": {"line": 0, "character": 0}});
    let first = Instant::now();
    let id = request(request::HoverRequest::METHOD, hover.clone());
    wait_for(&id);
    println!(
        "first lint (open): {:.1} ms",
        first.elapsed().as_secs_f64() * 1e3
    );
    let mut times = Vec::new();
    for round in 0..30 {
        // An edit a user makes: a character typed into the first description.
        let edited = text.replacen(
            "\"description\": \"",
            &format!("\"description\": \"{round}"),
            1,
        );
        let started = Instant::now();
        notify(
            notification::DidChangeTextDocument::METHOD,
            serde_json::json!({"textDocument": {"uri": doc, "version": round + 2},
                "contentChanges": [{"text": edited}]}),
        );
        let id = request(request::HoverRequest::METHOD, hover.clone());
        wait_for(&id);
        times.push(started.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "re-lint after an edit, 30 rounds: best {:.1} ms, median {:.1} ms, p90 {:.1} ms, worst {:.1} ms",
        times[0],
        times[times.len() / 2],
        times[times.len() * 9 / 10],
        times[times.len() - 1]
    );
    let id = request(request::Shutdown::METHOD, serde_json::Value::Null);
    wait_for(&id);
    notify(notification::Exit::METHOD, serde_json::Value::Null);
    thread.join().unwrap().unwrap();
}
