// A tiny HTTP/1.1 test server on 127.0.0.1 (std only, items only, copy verbatim).
//
// Each connection gets one canned response (`Connection: close`); the server thread returns
// the raw bytes of the requests it received. Requests are read as headers up to `\r\n\r\n`
// plus `Content-Length` body bytes (chunked request bodies are not supported). Every wait is
// bounded by a timeout, so a test cannot hang: when no client comes or a read stalls, the
// thread stops and returns what it got.

/// How long the server waits for a connection or for request bytes.
#[allow(dead_code)]
pub const LOOPBACK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A canned response: status, headers, body.
#[allow(dead_code)]
pub type CannedResponse = (u16, Vec<(String, String)>, Vec<u8>);

/// Serves one request with the given response. Returns the base URL (`http://127.0.0.1:port`)
/// and a handle yielding the raw request bytes.
#[allow(dead_code)]
pub fn serve_once(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (String, std::thread::JoinHandle<Vec<u8>>) {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let (base, handle) = serve(vec![(status, headers, body.to_vec())]);
    let handle = std::thread::spawn(move || {
        handle
            .join()
            .ok()
            .and_then(|requests| requests.into_iter().next())
            .unwrap_or_default()
    });
    (base, handle)
}

/// Serves the responses in order, one connection each. Returns the base URL and a handle
/// yielding the raw bytes of every request received.
#[allow(dead_code)]
pub fn serve(responses: Vec<CannedResponse>) -> (String, std::thread::JoinHandle<Vec<Vec<u8>>>) {
    let count = responses.len();
    let mut responses = responses.into_iter();
    serve_fn(count, move |_base, _index, _request| {
        responses.next().unwrap_or((500, Vec::new(), Vec::new()))
    })
}

/// Serves `count` connections; `respond(base_url, index, raw_request)` makes each response
/// (so bodies can link back to the server). Returns the base URL and a handle yielding the
/// raw bytes of every request received.
#[allow(dead_code)]
pub fn serve_fn<F>(count: usize, mut respond: F) -> (String, std::thread::JoinHandle<Vec<Vec<u8>>>)
where
    F: FnMut(&str, usize, &[u8]) -> CannedResponse + Send + 'static,
{
    let listener = match std::net::TcpListener::bind("127.0.0.1:0") {
        Ok(listener) => listener,
        Err(e) => {
            let message = format!("loopback: cannot bind 127.0.0.1:0: {e}");
            return (
                String::new(),
                std::thread::spawn(move || panic!("{message}")),
            );
        }
    };
    let base = match listener.local_addr() {
        Ok(addr) => format!("http://{addr}"),
        Err(_) => String::new(),
    };
    let server_base = base.clone();
    let handle = std::thread::spawn(move || {
        let mut requests = Vec::new();
        if listener.set_nonblocking(true).is_err() {
            return requests;
        }
        for index in 0..count {
            let Some(mut stream) = loopback_accept(&listener) else {
                break;
            };
            let request = loopback_read_request(&mut stream);
            let (status, headers, body) = respond(&server_base, index, &request);
            loopback_write_response(&mut stream, status, &headers, &body);
            requests.push(request);
        }
        requests
    });
    (base, handle)
}

#[allow(dead_code)]
fn loopback_accept(listener: &std::net::TcpListener) -> Option<std::net::TcpStream> {
    let deadline = std::time::Instant::now() + LOOPBACK_TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).ok()?;
                stream.set_read_timeout(Some(LOOPBACK_TIMEOUT)).ok()?;
                stream.set_write_timeout(Some(LOOPBACK_TIMEOUT)).ok()?;
                return Some(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if std::time::Instant::now() >= deadline {
                    return None;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(_) => return None,
        }
    }
}

#[allow(dead_code)]
fn loopback_read_request(stream: &mut std::net::TcpStream) -> Vec<u8> {
    use std::io::Read;
    const LIMIT: usize = 64 * 1024 * 1024;
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut expected: Option<usize> = None;
    loop {
        if expected.is_none() {
            expected = loopback_request_length(&data).map(|n| n.min(LIMIT));
        }
        if expected.is_some_and(|total| data.len() >= total) {
            data.truncate(expected.unwrap_or(0));
            return data;
        }
        if data.len() > LIMIT {
            return data;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return data,
            Ok(n) => data.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The total length (head plus `Content-Length` body) of the request whose head is complete.
#[allow(dead_code)]
fn loopback_request_length(data: &[u8]) -> Option<usize> {
    let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&data[..end]).to_string();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    Some(end + 4 + length)
}

#[allow(dead_code)]
fn loopback_write_response(
    stream: &mut std::net::TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) {
    use std::io::Write;
    let reason = match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let no_body = status == 204 || status == 304 || (100..200).contains(&status);
    if !no_body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut out = head.into_bytes();
    if !no_body {
        out.extend_from_slice(body);
    }
    let _ = stream.write_all(&out);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
}
