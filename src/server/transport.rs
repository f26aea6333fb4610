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
pub fn stdio() -> (Connection, [JoinHandle<()>; 2], Broken) {
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
    let broken = Broken::default();
    let said = broken.clone();
    let reader = std::thread::spawn(move || {
        let mut input = std::io::stdin().lock();
        loop {
            let body = match read_frame(&mut input) {
                Ok(Some(body)) => body,
                Ok(None) => break,
                Err(why) => {
                    if let Ok(mut slot) = broken.lock() {
                        *slot = Some(why);
                    }
                    break;
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
    (server, [reader, writer], said)
}

/// Why the input stopped making sense, if it did (the server then ends
/// with exit 2 and that line).
pub type Broken = Arc<Mutex<Option<String>>>;

/// The largest message taken (`files::read::Kind::Message`): a whole
/// guide's page is far smaller.
const MAX_MESSAGE: u64 = crate::files::read::Kind::Message.limit();

/// A header line longer than this is no LSP header.
const MAX_HEADER_LINE: u64 = 1024;

/// The body of the next `Content-Length` frame; `Ok(None)` at the end of
/// input. A frame whose header is broken, or whose length is past the
/// limit or more than arrives, is an error: there is no telling where the
/// next message starts, so the connection cannot go on.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = String::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_line(&mut line)
            .map_err(|e| format!("cannot read a message: {e}"))?;
        if read == 0 && first {
            return Ok(None);
        }
        first = false;
        if !line.ends_with('\n') {
            return Err("a message header is cut off or longer than 1 kB".into());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                let n = value
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| format!("`Content-Length:{value}` is not a length"))?;
                length = Some(n);
            }
        }
    }
    let length = length.ok_or("a message has no Content-Length")?;
    if length > MAX_MESSAGE {
        return Err(format!(
            "a message of {length} bytes is more than the {MAX_MESSAGE} handbok takes"
        ));
    }
    let mut body = vec![0; usize::try_from(length).map_err(|e| e.to_string())?];
    input
        .read_exact(&mut body)
        .map_err(|_| format!("a message ends before its {length} bytes"))?;
    Ok(Some(body))
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

    /// A declared length past the limit is never allocated nor waited
    /// for; a broken header is told, not taken for the end of input.
    #[test]
    fn broken_frames_are_errors_and_the_end_of_input_is_not() {
        let mut two = Cursor::new(format!("{}{}", frame("{}"), frame("[]")));
        assert_eq!(read_frame(&mut two), Ok(Some(b"{}".to_vec())));
        assert_eq!(read_frame(&mut two), Ok(Some(b"[]".to_vec())));
        assert_eq!(read_frame(&mut two), Ok(None));
        for (input, why) in [
            ("Content-Length: 4000000000\r\n\r\nx", "more than the"),
            (
                "Content-Length: 18446744073709551615\r\n\r\n",
                "more than the",
            ),
            ("Content-Length: -5\r\n\r\n", "is not a length"),
            ("Content-Length: tio\r\n\r\n", "is not a length"),
            ("Content-Type: x\r\n\r\n{}", "has no Content-Length"),
            ("Content-Length: 10\r\n\r\nshort", "ends before"),
        ] {
            let err = read_frame(&mut Cursor::new(input)).unwrap_err();
            assert!(err.contains(why), "{input:?}: {err}");
        }
        let mut endless = std::io::BufReader::new(std::io::repeat(b'a').take(1 << 20));
        assert!(read_frame(&mut endless)
            .unwrap_err()
            .contains("longer than 1 kB"));
    }
}
