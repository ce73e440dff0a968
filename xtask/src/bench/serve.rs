//! A loopback HTTP server for the browser contenders: fixed paths to in-memory bodies, with the
//! byte ranges media players ask for (without them Chromium treats the clip as a live stream and
//! fetches it again on every loop).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;

use crate::Error;

pub struct Body {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Serves `routes` on 127.0.0.1 at a free port until the process exits; returns the base URL.
pub fn start(routes: HashMap<String, Body>) -> Result<String, Error> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error(format!("cannot listen on 127.0.0.1: {e}")))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error(e.to_string()))?
        .port();
    let routes = Arc::new(routes);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = Arc::clone(&routes);
            thread::spawn(move || {
                let _ = serve(stream, &routes);
            });
        }
    });
    Ok(format!("http://127.0.0.1:{port}"))
}

/// Answers requests on one connection until the client closes it (keep-alive, as the browsers
/// expect for the many range requests of a looping video).
fn serve(stream: TcpStream, routes: &HashMap<String, Body>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut range = None;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("range") {
                    range = Some(value.trim().to_string());
                }
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let path = parts.next().unwrap_or("").split('?').next().unwrap_or("");
        let head_only = method == "HEAD";
        let Some(body) = routes.get(path) else {
            out.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")?;
            continue;
        };
        let len = body.bytes.len() as u64;
        let (status, start, end) = match range.as_deref().map(|r| parse_range(r, len)) {
            Some(Some((start, end))) => ("206 Partial Content", start, end),
            Some(None) => {
                let head = format!(
                    "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{len}\r\nContent-Length: 0\r\n\r\n"
                );
                out.write_all(head.as_bytes())?;
                continue;
            }
            None if len == 0 => ("200 OK", 0, 0),
            None => ("200 OK", 0, len - 1),
        };
        let count = if len == 0 { 0 } else { end - start + 1 };
        let mut head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {count}\r\nAccept-Ranges: bytes\r\nCache-Control: no-store\r\n",
            body.content_type
        );
        if status.starts_with("206") {
            head.push_str(&format!("Content-Range: bytes {start}-{end}/{len}\r\n"));
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !head_only && count > 0 {
            out.write_all(&body.bytes[start as usize..=end as usize])?;
        }
        out.flush()?;
    }
}

/// A single `bytes=` range of a body `len` long, as inclusive offsets; `None` when unsatisfiable.
/// (Multiple ranges are not something a video element asks for.)
pub fn parse_range(header: &str, len: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let (start, end) = spec.split(',').next()?.trim().split_once('-')?;
    if len == 0 {
        return None;
    }
    match (start.trim(), end.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().ok()?;
            (n > 0).then(|| (len.saturating_sub(n), len - 1))
        }
        (start, "") => {
            let start: u64 = start.parse().ok()?;
            (start < len).then_some((start, len - 1))
        }
        (start, end) => {
            let (start, end): (u64, u64) = (start.parse().ok()?, end.parse().ok()?);
            (start <= end && start < len).then(|| (start, end.min(len - 1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges() {
        assert_eq!(parse_range("bytes=0-", 100), Some((0, 99)));
        assert_eq!(parse_range("bytes=10-19", 100), Some((10, 19)));
        assert_eq!(parse_range("bytes=90-200", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=-30", 100), Some((70, 99)));
        assert_eq!(parse_range("bytes=-300", 100), Some((0, 99)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=20-10", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
        assert_eq!(parse_range("bytes=0-", 0), None);
    }
}
