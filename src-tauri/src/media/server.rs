//! Streams the pack's media (trailer renditions, poster, captions, audio description, logos) to the
//! webview over loopback HTTP.
//!
//! WebKitGTK's GStreamer player refuses Tauri's asset protocol, custom URI schemes, `file://` and `blob:`
//! URLs, but plays from an ordinary HTTP origin. Any local process can reach a loopback port, so the
//! server gives away as little as possible: it binds 127.0.0.1 only, every URL carries an unguessable
//! per-launch token, only files the pack's manifest names are served (by id, never by path), only GET and
//! HEAD are answered, and a `Host` other than the server's own address is refused (DNS rebinding).
//! Connections are bounded in number, time and header size (`connections`), and a file is served
//! only if it opens as the very regular file validation saw (`identity`). Single-range requests get
//! 206, as tower-http's `ServeFile` answers them; that service opens by path, so it is not used.

use super::connections::{self, BusyBody, Connections};
use super::{identity, CatalogKey, MediaFile};
use axum::{
    body::Body,
    extract::{Path, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::io::SeekFrom;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tower::ServiceExt;

/// The files the server may hand out, keyed by media id; replaced wholesale when a new pack is loaded.
pub type Catalog = Arc<RwLock<BTreeMap<CatalogKey, MediaFile>>>;

/// Bytes read from a file per chunk of a response body.
const CHUNK_BYTES: usize = 64 * 1024;
/// After a failed accept (the process is out of file descriptors): wait rather than spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

pub struct MediaServer {
    listener: TcpListener,
    state: Arc<ServerState>,
}

struct ServerState {
    token: String,
    host: String,
    catalog: Catalog,
}

impl MediaServer {
    /// Binds a random loopback port now, so the URL is known before anything is served.
    pub fn bind(catalog: Catalog) -> std::io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        Ok(Self {
            listener,
            state: Arc::new(ServerState {
                token: uuid::Uuid::new_v4().simple().to_string(),
                host: format!("127.0.0.1:{port}"),
                catalog,
            }),
        })
    }

    /// `http://127.0.0.1:PORT/TOKEN`: append `/media/<id>` to address a file.
    pub fn base_url(&self) -> String {
        format!("http://{}/{}", self.state.host, self.state.token)
    }

    /// Serves until the runtime shuts down. Must be awaited inside a tokio runtime.
    pub async fn serve(self) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let app = router(self.state);
        let connections = Arc::new(Connections::default());
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    log::warn!("media server: cannot accept a connection: {e}");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            };
            // Every connection is answering a request: this one is closed unanswered.
            let Some(admitted) = connections.admit(connections::MAX_CONNECTIONS) else {
                continue;
            };
            tokio::spawn(serve_connection(stream, app.clone(), admitted));
        }
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: Router,
    admitted: connections::Admitted,
) {
    let slot = admitted.slot();
    let service =
        hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let busy = slot.busy();
            let app = app.clone();
            async move {
                let response = app.oneshot(request.map(Body::new)).await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| Body::new(BusyBody { body, _busy: busy })),
                )
            }
        });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(connections::HEADER_READ_TIMEOUT)
        .max_buf_size(connections::MAX_REQUEST_HEAD_BYTES);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    // A connection that ends in error (a header timeout, a client gone) has nothing to report.
    tokio::select! {
        _ = connection => {}
        () = admitted.evicted() => {}
    }
}

fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route("/{token}/media/{id}", get(serve_media))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(state)
}

async fn serve_media(
    State(state): State<Arc<ServerState>>,
    Path((token, id)): Path<(String, String)>,
    request: Request,
) -> Response {
    let token_ok: bool = token.as_bytes().ct_eq(state.token.as_bytes()).into();
    if !token_ok {
        return StatusCode::NOT_FOUND.into_response();
    }
    let host_ok = request
        .headers()
        .get(header::HOST)
        .is_some_and(|host| host.as_bytes() == state.host.as_bytes());
    if !host_ok {
        return StatusCode::FORBIDDEN.into_response();
    }
    let file = id.parse::<CatalogKey>().ok().and_then(|key| {
        state
            .catalog
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&key)
            .cloned()
    });
    let Some(file) = file else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let app_origin = request.headers().get(header::ORIGIN).cloned();
    let head_only = request.method() == Method::HEAD;
    let range = request.headers().get(header::RANGE).cloned();
    let mut response = serve_file(&file, head_only, range).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // Caption tracks load with CORS (the page is another origin than this server); only the app's
    // own origin is answered, so no other page on the machine can read the files.
    if let Some(origin) = app_origin.filter(is_app_origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    response
}

/// The file's bytes, whole or the one range asked for. A file that no longer opens as the one
/// validated (replaced by a symlink, a FIFO or another file) is not served: 404, and a log line.
async fn serve_file(file: &MediaFile, head_only: bool, range: Option<HeaderValue>) -> Response {
    let (path, expected) = (file.path.clone(), file.identity);
    let opened =
        tokio::task::spawn_blocking(move || identity::open_validated(&path, expected)).await;
    let opened = match opened {
        Ok(Ok(opened)) => opened,
        Ok(Err(e)) => {
            log::warn!("media server: {} not served: {e}", file.path.display());
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(e) => {
            log::error!("media server: opening {} failed: {e}", file.path.display());
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut opened = tokio::fs::File::from_std(opened);
    let size = match opened.metadata().await {
        Ok(meta) => meta.len(),
        Err(e) => {
            log::warn!("media server: {} not served: {e}", file.path.display());
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    let content_type = HeaderValue::from_str(container_mime(&file.mime)).unwrap_or_else(|_| {
        HeaderValue::from_static(
            mime_guess::from_path(&file.path)
                .first_raw()
                .unwrap_or("application/octet-stream"),
        )
    });
    let builder = Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT_RANGES, "bytes");
    let range = range.map(|value| {
        value
            .to_str()
            .map_err(|_| ())
            .and_then(|text| http_range_header::parse_range_header(text).map_err(|_| ()))
            .and_then(|parsed| parsed.validate(size).map_err(|_| ()))
    });
    let (status, start, length, builder) = match range {
        None => (StatusCode::OK, 0, size, builder),
        // Multipart ranges are not served, as tower-http's ServeFile does not serve them.
        Some(Ok(ranges)) if ranges.len() == 1 => {
            let (start, end) = (*ranges[0].start(), *ranges[0].end());
            let builder =
                builder.header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}"));
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1, builder)
        }
        Some(_) => {
            return builder
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                .body(Body::empty())
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let body = if head_only {
        Body::empty()
    } else {
        if start > 0 {
            if let Err(e) = opened.seek(SeekFrom::Start(start)).await {
                log::warn!("media server: {} not served: {e}", file.path.display());
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
        Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
            opened.take(length),
            CHUNK_BYTES,
        ))
    };
    builder
        .status(status)
        .header(header::CONTENT_LENGTH, length)
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `text` with every media URL's token replaced by `[token]`: a log file is read by more people
/// than the kiosk's own page, and a token in it would let any local process fetch the media.
pub fn redact_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    const TOKEN_LEN: usize = 32;
    const MARK: &str = "/media/";
    let is_token = |at: usize| {
        at > TOKEN_LEN
            && text.as_bytes()[at - TOKEN_LEN - 1] == b'/'
            && text.as_bytes()[at - TOKEN_LEN..at]
                .iter()
                .all(u8::is_ascii_hexdigit)
    };
    let tokens: Vec<usize> = text
        .match_indices(MARK)
        .map(|(at, _)| at)
        .filter(|&at| is_token(at))
        .collect();
    if tokens.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut redacted = String::with_capacity(text.len());
    let mut copied = 0;
    for at in tokens {
        redacted.push_str(&text[copied..at - TOKEN_LEN]);
        redacted.push_str("[token]");
        copied = at;
    }
    redacted.push_str(&text[copied..]);
    std::borrow::Cow::Owned(redacted)
}

/// The webview's own origin: `tauri://localhost` on Linux and macOS, `http(s)://tauri.localhost` on
/// Windows.
fn is_app_origin(origin: &HeaderValue) -> bool {
    matches!(
        origin.as_bytes(),
        b"tauri://localhost" | b"http://tauri.localhost" | b"https://tauri.localhost"
    )
}

/// `video/mp4; codecs="..."` → `video/mp4`: codec parameters help `canPlayType`, not the HTTP response.
fn container_mime(declared: &str) -> &str {
    declared.split(';').next().unwrap_or(declared).trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request as HttpRequest;
    use std::io::Write;

    struct Fixture {
        _dir: tempfile::TempDir,
        state: Arc<ServerState>,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trailer.webm");
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(&(0..=255u8).cycle().take(10_000).collect::<Vec<_>>())
            .unwrap();
        let catalog: Catalog = Arc::default();
        catalog.write().unwrap().insert(
            "1-trailer-0".parse().unwrap(),
            MediaFile::new(path, "video/webm; codecs=\"vp9, opus\"").unwrap(),
        );
        Fixture {
            _dir: dir,
            state: Arc::new(ServerState {
                token: "secret-token".into(),
                host: "127.0.0.1:4242".into(),
                catalog,
            }),
        }
    }

    async fn send(fixture: &Fixture, uri: &str, extra: &[(&str, &str)]) -> Response {
        let mut request = HttpRequest::get(uri).header("host", "127.0.0.1:4242");
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        router(fixture.state.clone())
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn body_bytes(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn a_range_request_gets_206_with_content_range() {
        let f = fixture();
        let response = send(
            &f,
            "/secret-token/media/1-trailer-0",
            &[("range", "bytes=100-199")],
        )
        .await;
        assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(response.headers()["content-range"], "bytes 100-199/10000");
        assert_eq!(response.headers()["content-type"], "video/webm");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let body = body_bytes(response).await;
        assert_eq!(body.len(), 100);
        assert_eq!(body[0], 100);
    }

    #[tokio::test]
    async fn only_the_apps_own_origin_may_read_files_across_origins() {
        let f = fixture();
        let uri = "/secret-token/media/1-trailer-0";
        let app = send(&f, uri, &[("origin", "tauri://localhost")]).await;
        assert_eq!(
            app.headers()["access-control-allow-origin"],
            "tauri://localhost"
        );
        for other in ["https://evil.example", "null", "http://127.0.0.1:4242"] {
            let response = send(&f, uri, &[("origin", other)]).await;
            assert!(
                response
                    .headers()
                    .get("access-control-allow-origin")
                    .is_none(),
                "{other}"
            );
        }
    }

    #[tokio::test]
    async fn a_whole_file_request_advertises_ranges() {
        let f = fixture();
        let response = send(&f, "/secret-token/media/1-trailer-0", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["accept-ranges"], "bytes");
        assert_eq!(body_bytes(response).await.len(), 10_000);
    }

    #[tokio::test]
    async fn an_unsatisfiable_range_gets_416() {
        let f = fixture();
        let response = send(
            &f,
            "/secret-token/media/1-trailer-0",
            &[("range", "bytes=20000-")],
        )
        .await;
        assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(response.headers()["content-range"], "bytes */10000");
    }

    #[tokio::test]
    async fn a_wrong_token_gets_nothing() {
        let f = fixture();
        let response = send(&f, "/guessed-token/media/1-trailer-0", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(body_bytes(response).await.is_empty());
    }

    #[tokio::test]
    async fn traversal_and_unknown_ids_get_nothing() {
        let f = fixture();
        for uri in [
            "/secret-token/media/../../etc/passwd",
            "/secret-token/media/..%2F..%2Fetc%2Fpasswd",
            "/secret-token/media/%2E%2E%2Fmanifest.toml",
            "/secret-token/media/trailer.webm",
            "/secret-token/media/1-trailer-0/extra",
            "/secret-token/../etc/passwd",
        ] {
            let response = send(&f, uri, &[]).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
            assert!(body_bytes(response).await.is_empty(), "{uri}");
        }
    }

    #[tokio::test]
    async fn a_foreign_host_header_is_refused() {
        let f = fixture();
        let request = HttpRequest::get("/secret-token/media/1-trailer-0")
            .header("host", "attacker.example:4242")
            .body(Body::empty())
            .unwrap();
        let response = router(f.state.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn only_reads_are_answered() {
        let f = fixture();
        let request = HttpRequest::post("/secret-token/media/1-trailer-0")
            .header("host", "127.0.0.1:4242")
            .body(Body::empty())
            .unwrap();
        let response = router(f.state.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[test]
    fn tokens_in_media_urls_are_redacted_and_nothing_else() {
        let server = MediaServer::bind(Arc::default()).unwrap();
        let url = format!("{}/media/1-trailer-0", server.base_url());
        let line = format!("media error on {url} and {url}: code 4");
        let redacted = redact_tokens(&line);
        assert!(!redacted.contains(&server.state.token), "{redacted}");
        assert_eq!(redacted.matches("/[token]/media/1-trailer-0").count(), 2);
        for untouched in ["no url here", "/media/x", "/abc/media/1", "/media/"] {
            assert_eq!(redact_tokens(untouched), untouched);
        }
    }

    #[test]
    fn the_token_is_long_and_differs_per_launch() {
        let a = MediaServer::bind(Arc::default()).unwrap();
        let b = MediaServer::bind(Arc::default()).unwrap();
        assert_ne!(a.state.token, b.state.token);
        assert_eq!(a.state.token.len(), 32);
        assert!(a.base_url().starts_with("http://127.0.0.1:"));
    }
}
