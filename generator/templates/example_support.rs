//! What the example tests share: building and checking a request, parsing a response, and the
//! loopback server. Written by graphdoc next to the tests.

use super::client::{Client, Operation};

/// Runs a test body on a thread with a large stack: debug builds of serde code for structs with
/// hundreds of fields use large frames, and documented examples nest deeply.
pub fn run(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .expect("spawns a test thread");
    if let Err(panic) = handle.join() {
        std::panic::resume_unwind(panic);
    }
}

/// The documented body, deserialized into the stub's body type.
pub fn body<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("the documented body does not fit: {e}"))
}

/// The body the docs show.
#[allow(dead_code)]
pub enum Expected {
    None,
    Json(&'static str),
    Bytes(&'static str),
}

/// The client the examples are built with: global Graph, as the docs show.
pub fn client() -> Client {
    Client::new()
}

/// Builds the request and checks it against the documented one: the method, the API version,
/// the path (percent-decoded; Graph matches segments case-insensitively), the query (decoded
/// pairs, in any order) and the body (the same JSON value: nothing added, nothing dropped).
pub fn check_request<O: Operation>(client: &Client, op: &O, method: &str, url: &str, body: Expected) {
    let request = client
        .request(op)
        .unwrap_or_else(|e| panic!("the request does not build: {e}"));
    assert_eq!(request.method().as_str(), method, "method");
    let built = request.uri().to_string();
    let (built_version, built_path, built_query) = split(&built);
    let (doc_version, doc_path, doc_query) = split(url);
    // A URL without a version is relative to the page's.
    if !doc_version.is_empty() {
        assert!(
            built_version.eq_ignore_ascii_case(&doc_version),
            "version: built {built_version:?}, documented {doc_version:?}"
        );
    }
    assert!(
        built_path.eq_ignore_ascii_case(&doc_path),
        "path: built {built_path:?}, documented {doc_path:?}"
    );
    assert_eq!(built_query, doc_query, "query of {built}");
    match body {
        Expected::None => assert!(request.body().is_empty(), "a body was sent"),
        Expected::Bytes(text) => assert_eq!(request.body().as_slice(), text.as_bytes(), "body"),
        Expected::Json(text) => {
            let documented: serde_json::Value = serde_json::from_str(text).expect("documented JSON");
            let sent: serde_json::Value =
                serde_json::from_slice(request.body()).expect("the stub sends JSON");
            assert_eq!(sent, documented, "body: sent {sent}, documented {documented}");
        }
    }
}

/// Parses the documented response with the stub's parser and writes it back: the same JSON
/// value (nulls, empty arrays and unknown members included).
pub fn check_response<O: Operation>(status: u16, body: &str)
where
    O::Output: serde::Serialize,
{
    let (back, documented) = read_back::<O>(status, body);
    assert_eq!(back, documented, "the response read and written back changed");
}

/// [`check_response`] for a stub whose output is the one primitive a `{"value": …}` body
/// wraps: the output written back is that `value`.
pub fn check_value_response<O: Operation>(status: u16, body: &str)
where
    O::Output: serde::Serialize,
{
    let (back, documented) = read_back::<O>(status, body);
    assert_eq!(
        Some(&back),
        documented.get("value"),
        "the value read and written back changed"
    );
}

/// The documented response parsed by the stub and written back, and the documented JSON.
fn read_back<O: Operation>(status: u16, body: &str) -> (serde_json::Value, serde_json::Value)
where
    O::Output: serde::Serialize,
{
    let response = http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.as_bytes().to_vec())
        .expect("a response");
    let parsed = match Client::new().parse::<O>(response) {
        Ok(parsed) => parsed,
        Err(e) => panic!("the documented response does not parse: {e}"),
    };
    let documented: serde_json::Value = serde_json::from_str(body).expect("documented JSON");
    let back = serde_json::to_value(&parsed).expect("the output serializes");
    (back, documented)
}

/// Sends `op` with reqwest to a mock server on loopback that answers with the documented
/// response, and checks what the server received and what the stub made of the answer.
#[cfg(feature = "reqwest")]
pub fn loopback<O: Operation>(op: &O, method: &str, status: u16, body: &'static str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(
                wiremock::ResponseTemplate::new(status).set_body_raw(body, "application/json"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let client = Client::with_base_url(server.uri());
        // No proxy: one set in the environment must not intercept 127.0.0.1.
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("a reqwest client");
        let result = client.send(&http, op).await;
        let received = server
            .received_requests()
            .await
            .expect("the mock server records requests");
        let [request] = received.as_slice() else {
            panic!("the server got {} requests, expected one", received.len());
        };
        let expected = format!("{method} {}", decode(&format!("/{}{}", op.version(), op.path())));
        let got = format!("{} {}", request.method, decode(request.url.path()));
        assert_eq!(got, expected, "the request the server got");
        if let Err(e) = result {
            panic!("the documented response sent over loopback does not parse: {e}");
        }
    });
}
