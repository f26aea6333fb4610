//! LSP over stdin and stdout that survives a bad message: a frame that is
//! not JSON-RPC gets a parse error reply (-32700), and the server goes on
//! (lsp-server's own stdio transport stops at the first one).

use lsp_server::{Connection, Message};
use serde_json::json;
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The server's end of the connection, and the threads that move messages
/// between it and stdio.
pub fn stdio() -> (Connection, [JoinHandle<()>; 2]) {
    let (server, client) = Connection::memory();
    let out = Arc::new(Mutex::new(std::io::stdout()));
    let writer_out = out.clone();
    let receiver = client.receiver;
    let writer = std::thread::spawn(move || {
        for message in receiver {
            // lsp-server's own writer adds the version; its messages
            // serialize without it.
            let mut value = serde_json::to_value(&message).expect("messages serialize");
            value["jsonrpc"] = json!("2.0");
            let text = value.to_string();
            if write_frame(&writer_out, &text).is_err() {
                break;
            }
        }
    });
    let sender = client.sender;
    let reader = std::thread::spawn(move || {
        let mut input = std::io::stdin().lock();
        while let Some(body) = read_frame(&mut input) {
            match serde_json::from_slice::<Message>(&body) {
                Ok(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if sender.send(message).is_err() || exit {
                        break;
                    }
                }
                Err(e) => {
                    let reply = json!({ "jsonrpc": "2.0", "id": null,
                        "error": { "code": -32700, "message": format!("not a JSON-RPC message: {e}") } });
                    let _ = write_frame(&out, &reply.to_string());
                }
            }
        }
    });
    (server, [reader, writer])
}

/// The body of the next `Content-Length` frame; `None` at the end of input
/// or when the framing itself is broken (there is no telling where the
/// next message starts).
fn read_frame(input: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    Some(body)
}

fn write_frame(out: &Mutex<std::io::Stdout>, text: &str) -> std::io::Result<()> {
    let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}
