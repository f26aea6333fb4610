//! LSP over stdin and stdout that survives a bad message: a frame that is
//! not JSON-RPC gets a parse error reply (-32700), and the server goes on
//! (lsp-server's own stdio transport stops at the first one).

use lsp_server::{Connection, Message};
use serde_json::json;
use std::io::{BufRead, Read, Write};
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
        while let Some(frame) = read_frame(&mut input) {
            let body = match frame {
                Frame::Body(body) => body,
                Frame::TooLarge(length) => {
                    let reply = json!({ "jsonrpc": "2.0", "id": null,
                        "error": { "code": -32600, "message": format!(
                            "a message of {length} bytes is more than the {} handbok takes; it was skipped",
                            MAX_MESSAGE) } });
                    let _ = write_frame(&out, &reply.to_string());
                    continue;
                }
            };
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

/// The largest message taken (`files::read::Kind::Message`): a whole
/// guide's page is far smaller; a larger declared length is skipped, not
/// allocated.
const MAX_MESSAGE: u64 = crate::files::read::Kind::Message.limit();

/// A header line longer than this is no LSP header.
const MAX_HEADER_LINE: u64 = 1024;

/// What the next frame holds.
enum Frame {
    Body(Vec<u8>),
    /// A body longer than [`MAX_MESSAGE`], read past without keeping it.
    TooLarge(u64),
}

/// The next `Content-Length` frame; `None` at the end of input or when the
/// framing itself is broken (there is no telling where the next message
/// starts).
fn read_frame(input: &mut impl BufRead) -> Option<Frame> {
    let mut length = None;
    loop {
        let mut line = String::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_line(&mut line)
            .ok()?;
        if read == 0 || !line.ends_with('\n') {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<u64>().ok();
            }
        }
    }
    let length = length?;
    if length > MAX_MESSAGE {
        let skipped = std::io::copy(&mut input.by_ref().take(length), &mut std::io::sink()).ok()?;
        return (skipped == length).then_some(Frame::TooLarge(length));
    }
    let mut body = vec![0; usize::try_from(length).ok()?];
    input.read_exact(&mut body).ok()?;
    Some(Frame::Body(body))
}

fn write_frame(out: &Mutex<std::io::Stdout>, text: &str) -> std::io::Result<()> {
    let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// A declared length past the limit is read past, never allocated, and
    /// the next message is read as usual; one that never comes ends input.
    #[test]
    fn an_oversized_frame_is_skipped_and_the_next_one_read() {
        let huge = MAX_MESSAGE + 1;
        let head = Cursor::new(format!("Content-Length: {huge}\r\n\r\n"));
        let body = std::io::repeat(b'x').take(huge);
        let next = Cursor::new(frame("{}"));
        let mut input = std::io::BufReader::new(head.chain(body).chain(next));
        assert!(matches!(read_frame(&mut input), Some(Frame::TooLarge(n)) if n == huge));
        assert!(matches!(read_frame(&mut input), Some(Frame::Body(b)) if b == b"{}"));
        let mut lying = Cursor::new("Content-Length: 18446744073709551615\r\n\r\nshort");
        assert!(read_frame(&mut lying).is_none());
        let mut endless_header = std::io::BufReader::new(std::io::repeat(b'a').take(1 << 20));
        assert!(read_frame(&mut endless_header).is_none());
    }
}
