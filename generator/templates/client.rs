// Runtime support shared by every generated operation: the `Client`, the `Operation` trait,
// query/header `Parts`, request bodies, response parsing, path encoding, paging and errors.
//
// This file is included verbatim (`pub mod client { include!("client.rs"); }`), so it holds
// items only and refers to external crates by absolute paths. It needs the dependencies
// `http` 1, `percent-encoding` 2, `serde` 1 (with `derive`), `serde_json` 1 and, behind a
// cargo feature named `reqwest`, an optional `reqwest` 0.13 dependency; behind a feature named
// `chrono`, an optional `chrono` 0.4 dependency (`default-features = false`, `std`).
//
// The `reqwest` dependency is declared with `default-features = false`, so it speaks plain
// HTTP only. To reach Graph over HTTPS, enable a TLS feature of reqwest in your own
// Cargo.toml, e.g. `reqwest = { version = "0.13", features = ["rustls"] }` or
// `features = ["native-tls"]`.

use ::percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use ::serde::de::DeserializeOwned;
use ::std::fmt;

/// Base URL of the global Microsoft Graph service.
pub const GLOBAL: &str = "https://graph.microsoft.com";
/// Base URL of Microsoft Graph for US Government L4.
pub const US_GOV: &str = "https://graph.microsoft.us";
/// Base URL of Microsoft Graph for US Government L5 (DOD).
pub const US_GOV_DOD: &str = "https://dod-graph.microsoft.us";
/// Base URL of Microsoft Graph operated by 21Vianet in China.
pub const CHINA: &str = "https://microsoftgraph.chinacloudapi.cn";

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

// The path encoding is `mod path_encoding` at the end of this file: graphdoc runs the same code
// to tell which documented examples a stub reproduces.
pub use path_encoding::{drive_path, quoted, segment};

/// Bytes percent-encoded in a query key or value (non-ASCII is always encoded).
const QUERY_SET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'>')
    .add(b'=')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Bytes that cannot appear in a URI and are percent-encoded in links received from the
/// server before they are used (`%` is kept: links are already encoded).
const LINK_FIXUP_SET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Writes an OData string literal for use in `$filter` and similar expressions: the value in
/// single quotes with embedded `'` doubled (`O'Brien` gives `'O''Brien'`). Query values are
/// percent-encoded later, when the URL is built.
pub fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Percent-encodes a query key or value: controls, space, non-ASCII and
/// ``" # % & + < > = ? [ \ ] ^ ` { | }`` are encoded; `$ ' ( ) , / : @ ! * ;` stay readable.
pub fn query_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY_SET).to_string()
}

// ---------------------------------------------------------------------------------------------
// Parts, bodies
// ---------------------------------------------------------------------------------------------

/// Query parameters (kept unencoded; encoded when the URL is built) and extra request headers
/// set on an operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

impl Parts {
    /// Creates empty parts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a query parameter, replacing a previous value of the same key (exact match).
    pub fn query(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let (key, value) = (key.into(), value.into());
        match self.query.iter_mut().find(|(k, _)| *k == key) {
            Some(pair) => pair.1 = value,
            None => self.query.push((key, value)),
        }
    }

    /// Removes a query parameter.
    pub fn remove_query(&mut self, key: &str) {
        self.query.retain(|(k, _)| k != key);
    }

    /// Sets a request header, replacing a previous value of the same name (case-insensitive).
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            Some(pair) => *pair = (name, value),
            None => self.headers.push((name, value)),
        }
    }

    /// Removes a request header (case-insensitive).
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    fn list<I, S>(&mut self, key: &str, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let joined = fields
            .into_iter()
            .map(Into::into)
            .collect::<Vec<String>>()
            .join(",");
        if joined.is_empty() {
            self.remove_query(key);
        } else {
            self.query(key, joined);
        }
    }

    /// Sets `$select` to the comma-separated fields (an empty list removes it).
    pub fn select<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.list("$select", fields);
    }

    /// Sets `$expand` to the comma-separated fields (an empty list removes it).
    pub fn expand<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.list("$expand", fields);
    }

    /// Sets `$orderby` to the comma-separated fields, e.g. `["displayName desc"]` (an empty
    /// list removes it).
    pub fn orderby<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.list("$orderby", fields);
    }

    /// Sets `$filter`; see [`literal`] for string literals.
    pub fn filter(&mut self, expr: impl Into<String>) {
        self.query("$filter", expr);
    }

    /// Sets `$search` to the value as given; the caller writes the quotes Graph wants, e.g.
    /// `"\"displayName:room\""`. Directory objects also need [`Parts::eventual_consistency`].
    pub fn search(&mut self, expr: impl Into<String>) {
        self.query("$search", expr);
    }

    /// Sets `$top`.
    pub fn top(&mut self, n: u32) {
        self.query("$top", n.to_string());
    }

    /// Sets `$skip`.
    pub fn skip(&mut self, n: u32) {
        self.query("$skip", n.to_string());
    }

    /// Sets `$count` to `true` or `false`.
    pub fn count(&mut self, yes: bool) {
        self.query("$count", if yes { "true" } else { "false" });
    }

    /// Sets the `ConsistencyLevel: eventual` header that advanced directory queries
    /// (`$count`, `$search`, some `$filter`s) require.
    pub fn eventual_consistency(&mut self) {
        self.header("ConsistencyLevel", "eventual");
    }

    /// The query parameters, unencoded, in the order they were first set.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The extra request headers, in the order they were first set.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
}

/// A request body with its content type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The body bytes.
    pub bytes: Vec<u8>,
    /// The `Content-Type` sent with the body.
    pub content_type: String,
}

/// Serializes a value as a JSON request body (`application/json`).
pub fn json_body<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<Option<Body>, Error> {
    Ok(Some(Body {
        bytes: ::serde_json::to_vec(value)?,
        content_type: "application/json".to_owned(),
    }))
}

/// A raw request body with the given content type (e.g. file content uploads).
pub fn bytes_body(bytes: &[u8], content_type: &str) -> Option<Body> {
    Some(Body {
        bytes: bytes.to_vec(),
        content_type: content_type.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// Operation, Client
// ---------------------------------------------------------------------------------------------

/// A typed Graph operation (implemented by generated code, one struct per documented
/// operation).
pub trait Operation {
    /// What a successful response parses into.
    type Output;
    /// The HTTP method.
    fn method(&self) -> ::http::Method;
    /// The API version of the operation's module: `v1.0`, `beta`.
    fn version(&self) -> &'static str;
    /// The path after the version, starting with `/`, already percent-encoded (see
    /// [`segment`], [`quoted`], [`drive_path`]).
    fn path(&self) -> String;
    /// Query parameters and headers set on the operation.
    fn parts(&self) -> &Parts;
    /// The same, to change them; the builder methods below and those of the option traits
    /// ([`Select`], [`Filter`], …) go through it.
    fn parts_mut(&mut self) -> &mut Parts;
    /// Adds any query parameter (replacing one of the same name).
    fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self
    where
        Self: Sized,
    {
        self.parts_mut().query(key, value);
        self
    }
    /// Adds any request header (replacing one of the same name).
    fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self
    where
        Self: Sized,
    {
        self.parts_mut().header(name, value);
        self
    }
    /// The request body, if any. Defaults to no body.
    fn body(&self) -> Result<Option<Body>, Error> {
        Ok(None)
    }
    /// Turns a response into the result or an error (see [`parse_json`], [`parse_empty`],
    /// [`parse_bytes`], [`parse_accepted`]).
    fn parse(response: ::http::Response<Vec<u8>>) -> Result<Self::Output, Error>;
}

/// The OData query options, one trait each. A stub implements the traits of the options its
/// page documents, so it offers exactly those; the code is shared by every stub. Bring them
/// into scope with `use client::prelude::*`.
macro_rules! list_option {
    ($(#[$doc:meta])* $trait:ident, $method:ident) => {
        $(#[$doc])*
        pub trait $trait: Operation + Sized {
            $(#[$doc])*
            fn $method<I, S>(mut self, fields: I) -> Self
            where
                I: IntoIterator<Item = S>,
                S: Into<String>,
            {
                self.parts_mut().$method(fields);
                self
            }
        }
    };
}

list_option!(
    /// Sets `$select` to the comma-separated fields (an empty list removes it).
    Select,
    select
);
list_option!(
    /// Sets `$expand` to the comma-separated fields (an empty list removes it).
    Expand,
    expand
);
list_option!(
    /// Sets `$orderby` to the comma-separated fields, e.g. `["displayName desc"]` (an empty
    /// list removes it).
    OrderBy,
    orderby
);

/// Sets `$filter`; see [`literal`] for string literals.
pub trait Filter: Operation + Sized {
    /// Sets `$filter`; see [`literal`] for string literals.
    fn filter(mut self, expr: impl Into<String>) -> Self {
        self.parts_mut().filter(expr);
        self
    }
}

/// Sets `$search`, as given: the caller writes the quotes Graph wants.
pub trait Search: Operation + Sized {
    /// Sets `$search` to the value as given; the caller writes the quotes Graph wants, e.g.
    /// `"\"displayName:room\""`. Directory objects also need [`Parts::eventual_consistency`].
    fn search(mut self, expr: impl Into<String>) -> Self {
        self.parts_mut().search(expr);
        self
    }
}

/// Sets `$top`.
pub trait Top: Operation + Sized {
    /// Sets `$top`.
    fn top(mut self, n: u32) -> Self {
        self.parts_mut().top(n);
        self
    }
}

/// Sets `$skip`.
pub trait Skip: Operation + Sized {
    /// Sets `$skip`.
    fn skip(mut self, n: u32) -> Self {
        self.parts_mut().skip(n);
        self
    }
}

/// Sets `$count`.
pub trait Count: Operation + Sized {
    /// Sets `$count` to `true` or `false`.
    fn count(mut self, yes: bool) -> Self {
        self.parts_mut().count(yes);
        self
    }
}

/// The traits a caller needs in scope to build calls: `use client::prelude::*`.
pub mod prelude {
    pub use super::{Count, Expand, Filter, Operation, OrderBy, Search, Select, Skip, Top};
}

/// Where requests go: base URL (national cloud or a test server), an optional API version
/// override (by default each operation uses the version whose module it belongs to), and an
/// optional bearer token added as `Authorization`.
///
/// `Debug` output never shows the token.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    api_version: Option<String>,
    bearer_token: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("api_version", &self.api_version)
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    /// A client for the global service ([`GLOBAL`]).
    #[must_use]
    pub fn new() -> Self {
        Self::with_base_url(GLOBAL)
    }

    /// A client for another base URL: a national cloud ([`US_GOV`], [`US_GOV_DOD`],
    /// [`CHINA`]), a proxy or a test server. Trailing `/` are trimmed.
    #[must_use]
    pub fn with_base_url(url: impl Into<String>) -> Self {
        let mut base_url = url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        Self {
            base_url,
            api_version: None,
            bearer_token: None,
        }
    }

    /// Uses this API version (e.g. `beta`) for every operation instead of the operation's own.
    #[must_use]
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// Sends `Authorization: Bearer {token}` with every request (a token that already starts
    /// with `Bearer ` is used as is). Links from the server ([`Client::link_request`]) only get
    /// it when they have the base URL's scheme, host and port.
    #[must_use]
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `{base}/{version}{op.path()}` plus the encoded query (`?k=v&…`).
    pub fn url<O: Operation>(&self, op: &O) -> String {
        let version = self.api_version.as_deref().unwrap_or(op.version());
        let path = op.path();
        let mut url = format!("{}/{}", self.base_url, version);
        if !path.is_empty() && !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&path);
        for (i, (key, value)) in op.parts().query_pairs().iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&query_component(key));
            url.push('=');
            url.push_str(&query_component(value));
        }
        url
    }

    /// Builds the request: method, URL, headers (the operation's headers, `Authorization`
    /// when a token is set and the operation sets none, `Content-Type` of the body unless the
    /// operation sets one, `Content-Length: 0` for a POST, PUT or PATCH with an empty body)
    /// and body bytes (empty without a body).
    ///
    /// Errors with [`Error::Request`] on an invalid header name or value, an invalid URL, or
    /// a path with an empty segment, a dot segment (`.`, `..`, or percent-encoded as `%2E`,
    /// `%2E%2E`, …) or a `?`/`#`: such a request would address something else.
    pub fn request<O: Operation>(&self, op: &O) -> Result<::http::Request<Vec<u8>>, Error> {
        check_path(&op.path())?;
        let body = op.body()?;
        let mut headers = ::http::HeaderMap::new();
        if let Some(body) = &body {
            headers.insert(
                ::http::header::CONTENT_TYPE,
                header_value("Content-Type", &body.content_type)?,
            );
        }
        self.authorize(&mut headers)?;
        for (name, value) in op.parts().headers() {
            let header_name = ::http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Request(format!("invalid header name {name:?}")))?;
            headers.insert(header_name, header_value(name, value)?);
        }
        let method = op.method();
        let bytes = body.map(|b| b.bytes).unwrap_or_default();
        let sends_payload = matches!(
            method,
            ::http::Method::POST | ::http::Method::PUT | ::http::Method::PATCH
        );
        if bytes.is_empty() && sends_payload {
            // Graph answers 411 Length Required to a POST without Content-Length, and
            // transports omit it for an empty body.
            headers
                .entry(::http::header::CONTENT_LENGTH)
                .or_insert(::http::HeaderValue::from_static("0"));
        }
        build(method, &self.url(op), headers, bytes)
    }

    /// Parses a response for the operation (delegates to `O::parse`; a shape error names `O`).
    pub fn parse<O: Operation>(
        &self,
        response: ::http::Response<Vec<u8>>,
    ) -> Result<O::Output, Error> {
        O::parse(response).map_err(|e| match e {
            Error::Shape {
                expected, found, ..
            } => Error::Shape {
                expected,
                found,
                operation: Some(::std::any::type_name::<O>()),
            },
            e => e,
        })
    }

    /// A GET of a `@odata.nextLink` / `@odata.deltaLink` (an absolute URL, used as given,
    /// except that characters not allowed in a URI are percent-encoded). The bearer token is
    /// only added when the link has the same scheme, host and port as the base URL.
    pub fn link_request(&self, link: &str) -> Result<::http::Request<Vec<u8>>, Error> {
        let url = utf8_percent_encode(link.trim(), LINK_FIXUP_SET).to_string();
        let uri: ::http::Uri = url
            .parse()
            .map_err(|e| Error::Request(format!("invalid link {link:?}: {e}")))?;
        if uri.scheme().is_none() || uri.authority().is_none() {
            return Err(Error::Request(format!(
                "link {link:?} is not an absolute URL"
            )));
        }
        let mut headers = ::http::HeaderMap::new();
        if same_origin(&uri, &self.base_url) {
            self.authorize(&mut headers)?;
        }
        build(::http::Method::GET, &url, headers, Vec::new())
    }

    fn authorize(&self, headers: &mut ::http::HeaderMap) -> Result<(), Error> {
        if let Some(token) = &self.bearer_token {
            let has_scheme = token
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("bearer "));
            let text = if has_scheme {
                token.clone()
            } else {
                format!("Bearer {token}")
            };
            let mut value = ::http::HeaderValue::from_str(&text)
                .map_err(|_| Error::Request("invalid bearer token".to_owned()))?;
            value.set_sensitive(true);
            headers.insert(::http::header::AUTHORIZATION, value);
        }
        Ok(())
    }
}

fn header_value(name: &str, value: &str) -> Result<::http::HeaderValue, Error> {
    ::http::HeaderValue::from_str(value)
        .map_err(|_| Error::Request(format!("invalid value for header {name:?}")))
}

fn check_path(path: &str) -> Result<(), Error> {
    match path_encoding::path_problem(path) {
        Some(why) => Err(Error::Request(why)),
        None => Ok(()),
    }
}

fn same_origin(uri: &::http::Uri, base_url: &str) -> bool {
    let Ok(base) = base_url.parse::<::http::Uri>() else {
        return false;
    };
    let port = |u: &::http::Uri| {
        u.port_u16().or(match u.scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => Some(443),
            Some(s) if s.eq_ignore_ascii_case("http") => Some(80),
            _ => None,
        })
    };
    let eq = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    eq(uri.scheme_str(), base.scheme_str())
        && eq(uri.host(), base.host())
        && port(uri) == port(&base)
}

fn build(
    method: ::http::Method,
    url: &str,
    headers: ::http::HeaderMap,
    body: Vec<u8>,
) -> Result<::http::Request<Vec<u8>>, Error> {
    let uri: ::http::Uri = url
        .parse()
        .map_err(|e| Error::Request(format!("invalid URL {url:?}: {e}")))?;
    let mut request = ::http::Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    Ok(request)
}

#[cfg(feature = "reqwest")]
impl Client {
    /// Builds, sends and parses an operation with `reqwest`.
    ///
    /// This crate enables no TLS backend of `reqwest`: for HTTPS, enable one in your own
    /// Cargo.toml, e.g. `reqwest = { version = "0.13", features = ["rustls"] }` (or
    /// `"native-tls"`); otherwise requests to `https://` URLs fail with [`Error::Transport`].
    pub async fn send<O: Operation>(
        &self,
        http: &::reqwest::Client,
        op: &O,
    ) -> Result<O::Output, Error> {
        let response = self.execute(http, self.request(op)?).await?;
        self.parse::<O>(response)
    }

    /// Sends any built request (from [`Client::request`], [`Client::link_request`] or your
    /// own) with `reqwest` and collects the whole response. Does not check the status.
    pub async fn execute(
        &self,
        http: &::reqwest::Client,
        request: ::http::Request<Vec<u8>>,
    ) -> Result<::http::Response<Vec<u8>>, Error> {
        let request = ::reqwest::Request::try_from(request)?;
        let response = http.execute(request).await?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let bytes = response.bytes().await?;
        let mut out = ::http::Response::new(bytes.to_vec());
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }

    /// Fetches the page after `page` (its `@odata.nextLink`), or `None` on the last page.
    pub async fn next_page<T: DeserializeOwned>(
        &self,
        http: &::reqwest::Client,
        page: &Collection<T>,
    ) -> Result<Option<Collection<T>>, Error> {
        match page.next_request(self) {
            None => Ok(None),
            Some(request) => {
                let response = self.execute(http, request?).await?;
                parse_json(response).map(Some)
            }
        }
    }

    /// Follows `@odata.nextLink` until the last page; returns every item and the final
    /// `@odata.deltaLink`, if any. Errors if a page links to itself.
    pub async fn all_pages<T: DeserializeOwned>(
        &self,
        http: &::reqwest::Client,
        first: Collection<T>,
    ) -> Result<Pages<T>, Error> {
        let mut items = Vec::new();
        let mut page = first;
        let mut previous: Option<String> = None;
        loop {
            items.append(&mut page.value);
            match page.next_link.take() {
                None => {
                    return Ok(Pages {
                        items,
                        delta_link: page.delta_link,
                    });
                }
                Some(link) => {
                    if previous.as_deref() == Some(link.as_str()) {
                        return Err(Error::Request(format!("nextLink {link:?} repeats")));
                    }
                    let response = self.execute(http, self.link_request(&link)?).await?;
                    page = parse_json(response)?;
                    previous = Some(link);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

#[derive(::serde::Deserialize)]
struct ErrorEnvelope {
    error: GraphError,
}

/// Checks the status: 2xx gives the response back; otherwise `Error::Graph` when the body is
/// Graph's `{"error": {...}}`, else `Error::Status`.
pub fn check_status(
    response: ::http::Response<Vec<u8>>,
) -> Result<::http::Response<Vec<u8>>, Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let body = response.into_body();
    match ::serde_json::from_slice::<ErrorEnvelope>(&body) {
        Ok(envelope) => Err(Error::Graph {
            status,
            error: Box::new(envelope.error),
        }),
        Err(_) => Err(Error::Status {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
        }),
    }
}

/// A 2xx response with a JSON body parsed as `T`.
pub fn parse_json<T: DeserializeOwned>(response: ::http::Response<Vec<u8>>) -> Result<T, Error> {
    let response = check_status(response)?;
    Ok(::serde_json::from_slice(response.body())?)
}

/// A 2xx response with a JSON object parsed as `T`, a single object: a collection body
/// (`{"value": [...]}`) is an [`Error::Shape`], not an object with its items hidden in
/// `additional_properties`.
pub fn parse_object<T: DeserializeOwned>(response: ::http::Response<Vec<u8>>) -> Result<T, Error> {
    let response = check_status(response)?;
    if probe(response.body()) == Some(ValueMember::Array) {
        return Err(shape("a single object", "a collection body {\"value\": [...]}"));
    }
    Ok(::serde_json::from_slice(response.body())?)
}

/// A 2xx response with a collection body (`{"value": [...]}`): a single object is an
/// [`Error::Shape`], not an empty page.
pub fn parse_collection<T: DeserializeOwned>(
    response: ::http::Response<Vec<u8>>,
) -> Result<Collection<T>, Error> {
    let response = check_status(response)?;
    if matches!(probe(response.body()), Some(ValueMember::Missing | ValueMember::Other)) {
        return Err(shape("a collection body {\"value\": [...]}", "a single object (no `value` array)"));
    }
    Ok(::serde_json::from_slice(response.body())?)
}

fn shape(expected: &'static str, found: &'static str) -> Error {
    Error::Shape {
        expected,
        found,
        operation: None,
    }
}

/// What a JSON object's top-level `value` member is.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum ValueMember {
    #[default]
    Missing,
    Null,
    Array,
    Other,
}

impl<'de> ::serde::Deserialize<'de> for ValueMember {
    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> ::serde::de::Visitor<'de> for Visitor {
            type Value = ValueMember;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ValueMember, A::Error> {
                while seq.next_element::<::serde::de::IgnoredAny>()?.is_some() {}
                Ok(ValueMember::Array)
            }
            fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ValueMember, A::Error> {
                while map.next_entry::<::serde::de::IgnoredAny, ::serde::de::IgnoredAny>()?.is_some() {}
                Ok(ValueMember::Other)
            }
            fn visit_unit<E>(self) -> Result<ValueMember, E> {
                Ok(ValueMember::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<ValueMember, E> {
                Ok(ValueMember::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<ValueMember, E> {
                Ok(ValueMember::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<ValueMember, E> {
                Ok(ValueMember::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<ValueMember, E> {
                Ok(ValueMember::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<ValueMember, E> {
                Ok(ValueMember::Other)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The top-level `value` member of a JSON object body; `None` when the body is not an object
/// (parsing it as the output then fails with a JSON error of its own).
fn probe(body: &[u8]) -> Option<ValueMember> {
    #[derive(::serde::Deserialize)]
    struct Probe {
        #[serde(default)]
        value: ValueMember,
    }
    ::serde_json::from_slice::<Probe>(body).ok().map(|p| p.value)
}

/// A 2xx response whose body is ignored (typically 204 No Content).
pub fn parse_empty(response: ::http::Response<Vec<u8>>) -> Result<(), Error> {
    check_status(response).map(|_| ())
}

/// A 2xx response's raw body (file content, photos, reports).
pub fn parse_bytes(response: ::http::Response<Vec<u8>>) -> Result<Vec<u8>, Error> {
    check_status(response).map(::http::Response::into_body)
}

/// A 2xx (typically 202 Accepted) response's `Location` header.
pub fn parse_accepted(response: ::http::Response<Vec<u8>>) -> Result<Accepted, Error> {
    let response = check_status(response)?;
    let location = response
        .headers()
        .get(::http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok(Accepted { location })
}

/// 202 Accepted: the `Location` of the long-running operation / monitor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Accepted {
    /// The `Location` header, when present and valid text.
    pub location: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// `Any…` enums
// ---------------------------------------------------------------------------------------------

/// What an `Any…` enum does, written once here and invoked once per enum by the generated
/// types: `Serialize` as whichever type the value is, `Deserialize` by `@odata.type` (the
/// variant its value names, else the base type, the first variant); `From` each variant's
/// struct (`Recipient { … }.into()`), a downcast per variant (`as_user() -> Option<&User>`) and
/// an accessor per property of the base type that every variant holds alike (`id()`),
/// answering for whichever variant the value is.
/// `any_enum!(AnyX [X as_x, Y as_y] [id: Option<String>] [Y: "microsoft.graph.y" | "y"])`.
#[doc(hidden)]
#[allow(unused_macros)]
macro_rules! any_enum {
    ($any:ident $variants:tt [$($(#[$field_cfg:meta])* $field:ident: $ty:ty),* $(,)?] $odata:tt) => {
        client::any_enum!(@variants $any $variants);
        client::any_enum!(@serde $any $variants $odata);
        $($(#[$field_cfg])* client::any_enum!(@get $any $field $ty $variants);)*
    };
    (@variants $any:ident [$($(#[$cfg:meta])* $variant:ident $as:ident),* $(,)?]) => {
        $($(#[$cfg])* impl ::std::convert::From<$variant> for $any {
            #[inline]
            fn from(value: $variant) -> Self {
                Self::$variant(::std::boxed::Box::new(value))
            }
        })*
        impl $any {
            $(
                #[doc = concat!("The value as a [`", stringify!($variant), "`], when it is one (not a type derived from it).")]
                $(#[$cfg])*
                #[inline]
                pub fn $as(&self) -> ::std::option::Option<&$variant> {
                    match self {
                        Self::$variant(value) => ::std::option::Option::Some(value),
                        #[allow(unreachable_patterns)]
                        _ => ::std::option::Option::None,
                    }
                }
            )*
        }
    };
    (@serde $any:ident [$base:ident $base_as:ident $(, $(#[$cfg:meta])* $variant:ident $as:ident)* $(,)?]
        [$($(#[$odata_cfg:meta])* $odata_variant:ident: $($odata:literal)|+),* $(,)?]) => {
        impl ::serde::Serialize for $any {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: ::serde::Serializer,
            {
                match self {
                    Self::$base(value) => ::serde::Serialize::serialize(value, serializer),
                    $($(#[$cfg])* Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $any {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let odata_type = value
                    .get("@odata.type")
                    .and_then(::serde_json::Value::as_str)
                    .map(|t| t.strip_prefix('#').unwrap_or(t).to_ascii_lowercase());
                let result = match odata_type.as_deref() {
                    $($(#[$odata_cfg])* ::std::option::Option::Some($($odata)|+) => {
                        ::serde_json::from_value(value)
                            .map(|v| Self::$odata_variant(::std::boxed::Box::new(v)))
                    })*
                    _ => ::serde_json::from_value(value).map(|v| Self::$base(::std::boxed::Box::new(v))),
                };
                result.map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
    (@get $any:ident $field:ident $ty:ty [$($(#[$cfg:meta])* $variant:ident $as:ident),* $(,)?]) => {
        impl $any {
            #[doc = concat!("The `", stringify!($field), "` field of whichever type the value is.")]
            #[inline]
            pub fn $field(&self) -> &$ty {
                match self {
                    $($(#[$cfg])* Self::$variant(value) => &value.$field,)*
                }
            }
        }
    };
}
#[doc(hidden)]
#[allow(unused_imports)]
pub(crate) use any_enum;

// ---------------------------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------------------------

/// Reads a collection that may be `null` as empty (the generated types use it too).
#[doc(hidden)]
pub fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    Ok(<Option<Vec<T>> as ::serde::Deserialize>::deserialize(deserializer)?.unwrap_or_default())
}

/// A collection response: `value` plus paging links.
///
/// Deserialization is lenient: a missing or `null` `value` is empty.
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
#[serde(bound(
    serialize = "T: ::serde::Serialize",
    deserialize = "T: ::serde::Deserialize<'de>"
))]
pub struct Collection<T> {
    /// The items of this page.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub value: Vec<T>,
    /// `@odata.nextLink`: the URL of the next page.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: the URL to resume a delta query from (on the last page).
    #[serde(
        rename = "@odata.deltaLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delta_link: Option<String>,
    /// `@odata.count`: the total number of items, when `$count=true` was requested.
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<i64>,
    /// Other annotations (`@odata.context`, …).
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<String, ::serde_json::Value>,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Self {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            count: None,
            additional_properties: ::std::collections::BTreeMap::new(),
        }
    }
}

impl<T> Collection<T> {
    /// The request for the next page, or `None` on the last page.
    pub fn next_request(&self, client: &Client) -> Option<Result<::http::Request<Vec<u8>>, Error>> {
        self.next_link
            .as_deref()
            .map(|link| client.link_request(link))
    }
}

/// Every item of a paged collection, and the delta link to resume from.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages<T> {
    /// The items of all pages, in order.
    pub items: Vec<T>,
    /// The last page's `@odata.deltaLink`, if any.
    pub delta_link: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------

/// A property of a generated type: absent, explicitly `null`, or a value.
///
/// Absent properties are not sent, so an update body holds exactly the properties that were
/// set (a PATCH never clears what it does not name); [`Nullable::Null`] sends `null` to clear a
/// property on purpose. Reading keeps the difference too, so a payload read and written back is
/// the same JSON, nulls and empty arrays included.
///
/// Set a value with `.into()` (`job_title: "Engineer".into()`), read it with [`Nullable::get`]
/// (or [`Nullable::items`] for a collection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not present: not sent.
    #[default]
    Absent,
    /// `null`: sent as `null` (clears the property in an update).
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is absent (it is then not serialized).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn get(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, mutably, if there is one.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value as an `Option` (absent and `null` are both `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value dereferenced: `Option<&str>` for a `Nullable<String>`.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: ::std::ops::Deref,
    {
        self.get().map(|v| &**v)
    }

    /// Sets a value.
    pub fn set(&mut self, value: impl Into<T>) {
        *self = Nullable::Value(value.into());
    }

    /// The value, inserting `T::default()` first when there is none.
    pub fn get_or_default(&mut self) -> &mut T
    where
        T: Default,
    {
        if !matches!(self, Nullable::Value(_)) {
            *self = Nullable::Value(T::default());
        }
        match self {
            Nullable::Value(value) => value,
            _ => unreachable!("just set"),
        }
    }
}

impl<T> Nullable<Vec<T>> {
    /// The items of a collection property (none when absent or `null`).
    pub fn items(&self) -> &[T] {
        self.get().map_or(&[], Vec::as_slice)
    }

    /// Appends an item, making the collection present.
    pub fn push(&mut self, item: impl Into<T>) {
        self.get_or_default().push(item.into());
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` is an explicit `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

impl<'a, T> IntoIterator for &'a Nullable<Vec<T>> {
    type Item = &'a T;
    type IntoIter = ::std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items().iter()
    }
}

impl<T: ::serde::Serialize> ::serde::Serialize for Nullable<T> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Nullable<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

// ---------------------------------------------------------------------------------------------
// How generated types are read and written
// ---------------------------------------------------------------------------------------------

/// A generated struct as a JSON object: each field under its wire name (an absent field is not
/// written, and a missing member is left absent), then the members the docs do not list, kept in
/// the struct's `additional_properties`.
///
/// Each struct implements this trait with one `match` over its wire names, and `wire_form!`
/// gives it `Serialize` and `Deserialize` through [`serialize_object`] and
/// [`deserialize_object`]. serde's derive does the same with a visitor,
/// a field enum and, for the flattened map, a buffer of every member per struct: several times
/// the code for the compiler to check in every generated crate.
#[doc(hidden)]
pub trait Object: Default {
    /// Reads the value of the member `key` into its field, or into the additional properties.
    fn read_member<'de, A: ::serde::de::MapAccess<'de>>(
        &mut self,
        key: ::std::borrow::Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Writes every field that is not absent, then the additional properties.
    fn write_members<M: ::serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A member the struct does not name, kept as JSON in its additional properties.
#[doc(hidden)]
pub fn read_other<'de, A: ::serde::de::MapAccess<'de>>(
    other: &mut ::std::collections::BTreeMap<String, ::serde_json::Value>,
    key: ::std::borrow::Cow<'de, str>,
    map: &mut A,
) -> Result<(), A::Error> {
    other.insert(key.into_owned(), map.next_value()?);
    Ok(())
}

/// One field, unless it is absent.
#[doc(hidden)]
pub fn write_member<M: ::serde::ser::SerializeMap, T: ::serde::Serialize>(
    map: &mut M,
    key: &str,
    value: &Nullable<T>,
) -> Result<(), M::Error> {
    if value.is_absent() {
        return Ok(());
    }
    map.serialize_entry(key, value)
}

/// The additional properties, after the fields.
#[doc(hidden)]
pub fn write_others<M: ::serde::ser::SerializeMap>(
    map: &mut M,
    other: &::std::collections::BTreeMap<String, ::serde_json::Value>,
) -> Result<(), M::Error> {
    for (key, value) in other {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

/// A struct's `Serialize`: a map of its present fields and additional properties.
#[doc(hidden)]
pub fn serialize_object<T: Object, S: ::serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use ::serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(None)?;
    value.write_members(&mut map)?;
    map.end()
}

/// A struct's `Deserialize`: a JSON object, member by member.
#[doc(hidden)]
pub fn deserialize_object<'de, T: Object, D: ::serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct Visitor<T>(::std::marker::PhantomData<T>);
    impl<'de, T: Object> ::serde::de::Visitor<'de> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // The type's name without its module path (the modules are a layout detail).
            let path = ::std::any::type_name::<T>();
            write!(f, "a {} object", path.rsplit("::").next().unwrap_or(path))
        }
        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            while let Some(key) = map.next_key_seed(WireName)? {
                value.read_member(key, &mut map)?;
            }
            Ok(value)
        }
    }
    deserializer.deserialize_map(Visitor(::std::marker::PhantomData))
}

/// A member name or an enum member, borrowed from the input when it can be.
struct WireName;

impl<'de> ::serde::de::DeserializeSeed<'de> for WireName {
    type Value = ::std::borrow::Cow<'de, str>;
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> ::serde::de::Visitor<'de> for WireName {
    type Value = ::std::borrow::Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(::std::borrow::Cow::Borrowed(value))
    }
    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(::std::borrow::Cow::Owned(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(::std::borrow::Cow::Owned(value))
    }
}

/// A generated enum as a JSON string: each member by its wire name, and any other string (a
/// member the docs do not list, or flags sent as one string) in its `Unrecognized` variant.
#[doc(hidden)]
pub trait StringEnum: Sized {
    /// The member's wire name.
    fn wire_name(&self) -> &str;
    /// The member of a wire name (`Unrecognized` for one the docs do not list).
    fn from_wire_name(name: ::std::borrow::Cow<'_, str>) -> Self;
}

/// An enum's `Deserialize`: a JSON string.
#[doc(hidden)]
pub fn deserialize_enum<'de, T: StringEnum, D: ::serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    ::serde::de::DeserializeSeed::deserialize(WireName, deserializer).map(T::from_wire_name)
}

/// `Serialize` and `Deserialize` for a generated struct (`object`, through [`Object`]) or enum
/// (`enum`, through [`StringEnum`]), and `Display` for an enum (its wire name).
#[doc(hidden)]
#[allow(unused_macros)]
macro_rules! wire_form {
    (object $name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                client::serialize_object(self, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                client::deserialize_object(deserializer)
            }
        }
    };
    (enum $name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(client::StringEnum::wire_name(self))
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                client::deserialize_enum(deserializer)
            }
        }
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(client::StringEnum::wire_name(self))
            }
        }
    };
}
#[doc(hidden)]
#[allow(unused_imports)]
pub(crate) use wire_form;

// ---------------------------------------------------------------------------------------------
// Dates, times, durations, GUIDs
// ---------------------------------------------------------------------------------------------

macro_rules! text_types {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        ///
        /// Keeps the exact text Graph sent (so it is written back unchanged).
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The value from its text, as Graph writes it.
            pub fn new(text: impl Into<String>) -> Self {
                $name(text.into())
            }

            /// The text as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name(text.to_owned())
            }
        }

        impl From<&str> for Nullable<$name> {
            fn from(text: &str) -> Self {
                Nullable::Value($name(text.to_owned()))
            }
        }
    )*};
}

text_types! {
    /// `Edm.DateTimeOffset`: `2021-07-13T08:30:00Z`, `2021-07-13T08:30:00.1234567+02:00`, or
    /// without a zone (UTC). [`DateTime::parts`] reads it; with the cargo feature `chrono`,
    /// `to_chrono` gives a `chrono::DateTime<FixedOffset>`.
    DateTime;
    /// `Edm.Date`: `2021-07-13`.
    Date;
    /// `Edm.TimeOfDay`: `08:30:00`, `08:30:00.0000000`, `08:30`.
    TimeOfDay;
    /// `Edm.Duration`: ISO 8601, `PT1H30M`, `P1DT2.5S`, `-PT10M`, `P2W` (also `hh:mm:ss` and
    /// `d.hh:mm:ss` time spans).
    Duration;
    /// `Edm.Guid`: `00000000-0000-0000-0000-000000000000`.
    Guid;
}

/// The fields of a date, time, or date-time, as read from Graph's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateTimeParts {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
    /// The hour, 0–23.
    pub hour: u32,
    /// The minute, 0–59.
    pub minute: u32,
    /// The second, 0–60 (a leap second).
    pub second: u32,
    /// The fraction of the second in nanoseconds (digits past the ninth are dropped).
    pub nanosecond: u32,
    /// The offset from UTC in seconds (0 when the text gives no zone).
    pub offset_seconds: i32,
}

/// Reads `n` ASCII digits at the start of `s`.
fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let (head, rest) = (s.get(..n)?, &s[n..]);
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, rest))
}

/// `YYYY-MM-DD` (a year of four digits or more, optionally signed).
fn read_date(s: &str) -> Option<(i32, u32, u32, &str)> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let len = s.find('-')?;
    if len < 4 {
        return None;
    }
    let (year, rest) = digits(s, len)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2)?;
    let year = i32::try_from(year).ok()?;
    let ok = (1..=12).contains(&month) && (1..=31).contains(&day);
    ok.then_some((if negative { -year } else { year }, month, day, rest))
}

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fffffff` (any number of fraction digits).
fn read_time(s: &str) -> Option<(u32, u32, u32, u32, &str)> {
    let (hour, rest) = digits(s, 2)?;
    let (minute, mut rest) = digits(rest.strip_prefix(':')?, 2)?;
    let (mut second, mut nanosecond) = (0, 0);
    if let Some(r) = rest.strip_prefix(':') {
        (second, rest) = digits(r, 2)?;
        if let Some(r) = rest.strip_prefix(['.', ',']) {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            let mut scale = 100_000_000;
            for b in r[..n].bytes().take(9) {
                nanosecond += u32::from(b - b'0') * scale;
                scale /= 10;
            }
            rest = &r[n..];
        }
    }
    (hour <= 23 && minute <= 59 && second <= 60).then_some((hour, minute, second, nanosecond, rest))
}

/// `Z`, `+HH:MM`, `-HHMM`, `+HH`, or nothing (UTC).
fn read_offset(s: &str) -> Option<i32> {
    let s = s.trim_end();
    if s.is_empty() || s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let s = &s[1..];
    let (hours, rest) = digits(s, 2)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let minutes = if rest.is_empty() { 0 } else { digits(rest, 2).filter(|(_, r)| r.is_empty())?.0 };
    (hours <= 23 && minutes <= 59).then(|| sign * (hours * 3600 + minutes * 60) as i32)
}

impl DateTime {
    /// The date and time fields: a date (`T`, `t` or a space before the time; a date alone is
    /// midnight), a time with any number of fraction digits, and a zone (`Z`, `±HH:MM`, `±HHMM`,
    /// or none, read as UTC). `None` when the text is not such a date-time.
    pub fn parts(&self) -> Option<DateTimeParts> {
        let (year, month, day, rest) = read_date(self.0.trim())?;
        let mut parts = DateTimeParts { year, month, day, ..DateTimeParts::default() };
        if rest.is_empty() {
            return Some(parts);
        }
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let (hour, minute, second, nanosecond, rest) = read_time(rest)?;
        parts.hour = hour;
        parts.minute = minute;
        parts.second = second;
        parts.nanosecond = nanosecond;
        parts.offset_seconds = read_offset(rest)?;
        Some(parts)
    }
}

impl Date {
    /// Year, month and day; `None` when the text is not `YYYY-MM-DD`.
    pub fn parts(&self) -> Option<(i32, u32, u32)> {
        match read_date(self.0.trim())? {
            (year, month, day, "") => Some((year, month, day)),
            _ => None,
        }
    }
}

impl TimeOfDay {
    /// Hour, minute, second and nanosecond; `None` when the text is not `HH:MM[:SS[.f]]`.
    pub fn parts(&self) -> Option<(u32, u32, u32, u32)> {
        match read_time(self.0.trim())? {
            (hour, minute, second, nanosecond, "") => Some((hour, minute, second, nanosecond)),
            _ => None,
        }
    }
}

impl Duration {
    /// The length in nanoseconds (negative for `-P…`). Years and months have no fixed length,
    /// so a duration that uses them gives `None`, as does text that is not a duration.
    pub fn nanoseconds(&self) -> Option<i128> {
        let s = self.0.trim();
        let (sign, s) = match s.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, s.strip_prefix('+').unwrap_or(s)),
        };
        let total = match s.strip_prefix(['P', 'p']) {
            Some(iso) => iso_duration(iso)?,
            None => time_span(s)?,
        };
        Some(sign * total)
    }
}

const NANOS: i128 = 1_000_000_000;

/// The part of an ISO 8601 duration after `P`: `nW`, `nD`, then `T` and `nH`, `nM`, `n.fS`.
fn iso_duration(s: &str) -> Option<i128> {
    let mut total: i128 = 0;
    let mut in_time = false;
    let mut rest = s;
    let mut any = false;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix(['T', 't']) {
            if in_time {
                return None;
            }
            in_time = true;
            rest = r;
            continue;
        }
        let n = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.' || *b == b',').count();
        if n == 0 {
            return None;
        }
        let number = &rest[..n];
        let mut after = rest[n..].chars();
        let unit = after.next()?.to_ascii_uppercase();
        rest = after.as_str();
        let scale: i128 = match (unit, in_time) {
            ('W', false) => 7 * 86_400 * NANOS,
            ('D', false) => 86_400 * NANOS,
            ('H', true) => 3_600 * NANOS,
            ('M', true) => 60 * NANOS,
            ('S', true) => NANOS,
            _ => return None,
        };
        total += decimal(number, scale)?;
        any = true;
    }
    any.then_some(total)
}

/// `n` or `n.f` (or `n,f`) times `scale` nanoseconds.
fn decimal(number: &str, scale: i128) -> Option<i128> {
    let (whole, fraction) = number.split_once(['.', ',']).unwrap_or((number, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 18 {
        return None;
    }
    let mut total = whole.parse::<i128>().ok()? * scale;
    let mut unit = scale;
    for b in fraction.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        unit /= 10;
        total += i128::from(b - b'0') * unit;
    }
    Some(total)
}

/// A .NET time span: `hh:mm:ss`, `hh:mm:ss.fffffff`, `d.hh:mm:ss`.
fn time_span(s: &str) -> Option<i128> {
    let (days, time) = match s.split_once('.') {
        Some((d, t)) if t.contains(':') && d.bytes().all(|b| b.is_ascii_digit()) => (d, t),
        _ => ("0", s),
    };
    let days = decimal(days, 86_400 * NANOS)?;
    let (hour, minute, second, nanosecond, rest) = read_time(time)?;
    if !rest.is_empty() || !time.contains(':') || time.split(':').count() != 3 {
        return None;
    }
    Some(days + (i128::from(hour) * 3_600 + i128::from(minute) * 60 + i128::from(second)) * NANOS + i128::from(nanosecond))
}

impl Guid {
    /// The GUID as a number (hex digits in the order written); `None` unless the text is
    /// 8-4-4-4-12 hex digits (braces allowed).
    pub fn to_u128(&self) -> Option<u128> {
        let s = self.0.trim();
        let s = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or(s);
        let groups: Vec<&str> = s.split('-').collect();
        let lengths = groups.iter().map(|g| g.len()).collect::<Vec<_>>();
        if lengths != [8, 4, 4, 4, 12] || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit())) {
            return None;
        }
        u128::from_str_radix(&groups.concat(), 16).ok()
    }
}

/// Conversions to `chrono` (cargo feature `chrono`).
#[cfg(feature = "chrono")]
mod with_chrono {
    use super::{Date, DateTime, Duration, TimeOfDay};

    impl DateTime {
        /// The instant with the offset Graph wrote (UTC when it wrote none).
        pub fn to_chrono(&self) -> Option<::chrono::DateTime<::chrono::FixedOffset>> {
            let p = self.parts()?;
            let date = ::chrono::NaiveDate::from_ymd_opt(p.year, p.month, p.day)?;
            let time = naive_time(p.hour, p.minute, p.second, p.nanosecond)?;
            let offset = ::chrono::FixedOffset::east_opt(p.offset_seconds)?;
            date.and_time(time).and_local_timezone(offset).single()
        }

        /// The instant in UTC.
        pub fn to_utc(&self) -> Option<::chrono::DateTime<::chrono::Utc>> {
            self.to_chrono().map(|t| t.with_timezone(&::chrono::Utc))
        }
    }

    impl<Tz: ::chrono::TimeZone> From<::chrono::DateTime<Tz>> for DateTime {
        /// RFC 3339 in UTC, with a fraction only when there is one.
        fn from(value: ::chrono::DateTime<Tz>) -> Self {
            let utc = value.with_timezone(&::chrono::Utc);
            DateTime(utc.format("%Y-%m-%dT%H:%M:%S%.fZ").to_string())
        }
    }

    impl Date {
        /// The calendar date.
        pub fn to_chrono(&self) -> Option<::chrono::NaiveDate> {
            let (year, month, day) = self.parts()?;
            ::chrono::NaiveDate::from_ymd_opt(year, month, day)
        }
    }

    impl From<::chrono::NaiveDate> for Date {
        fn from(value: ::chrono::NaiveDate) -> Self {
            Date(value.format("%Y-%m-%d").to_string())
        }
    }

    impl TimeOfDay {
        /// The time of day.
        pub fn to_chrono(&self) -> Option<::chrono::NaiveTime> {
            let (hour, minute, second, nanosecond) = self.parts()?;
            naive_time(hour, minute, second, nanosecond)
        }
    }

    impl From<::chrono::NaiveTime> for TimeOfDay {
        fn from(value: ::chrono::NaiveTime) -> Self {
            TimeOfDay(value.format("%H:%M:%S%.f").to_string())
        }
    }

    impl Duration {
        /// The length as a `chrono::TimeDelta` (`None` with years or months, or out of range).
        pub fn to_chrono(&self) -> Option<::chrono::TimeDelta> {
            let nanos = self.nanoseconds()?;
            let seconds = i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?;
            let rest = u32::try_from(nanos.rem_euclid(1_000_000_000)).ok()?;
            ::chrono::TimeDelta::new(seconds, rest)
        }
    }

    /// A leap second (`:60`) as chrono represents it.
    fn naive_time(hour: u32, minute: u32, second: u32, nanosecond: u32) -> Option<::chrono::NaiveTime> {
        if second == 60 {
            return ::chrono::NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nanosecond);
        }
        ::chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nanosecond)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Graph's error body: `{"error": {"code", "message", "innerError", "details"}}`.
#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
pub struct GraphError {
    /// The error code, e.g. `Request_ResourceNotFound`.
    #[serde(default)]
    pub code: String,
    /// The human-readable message.
    #[serde(default)]
    pub message: String,
    /// `innerError`: usually `request-id`, `client-request-id` and `date`.
    #[serde(
        rename = "innerError",
        alias = "innererror",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<::serde_json::Value>,
    /// `details`: further errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<::serde_json::Value>,
    /// Any other members.
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<String, ::serde_json::Value>,
}

impl GraphError {
    /// `innerError.request-id`, useful when reporting problems to Microsoft.
    pub fn request_id(&self) -> Option<&str> {
        self.inner_error.as_ref()?.get("request-id")?.as_str()
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// Everything that can go wrong building, sending or parsing a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Graph answered with an error status and an error body.
    Graph {
        /// The response status.
        status: ::http::StatusCode,
        /// The parsed error body (boxed to keep `Result`s small).
        error: Box<GraphError>,
    },
    /// An error status without a Graph error body.
    Status {
        /// The response status.
        status: ::http::StatusCode,
        /// The response body, as (lossy UTF-8) text.
        body: String,
    },
    /// A body did not (de)serialize.
    Json(::serde_json::Error),
    /// The request could not be built (bad header name or value, bad URL or path).
    Request(String),
    /// The response body has the wrong shape at its top level: a collection where the operation
    /// returns one object, or one object where it returns a collection.
    Shape {
        /// What the operation returns.
        expected: &'static str,
        /// What the body holds.
        found: &'static str,
        /// The operation's type, when parsed through [`Client::parse`].
        operation: Option<&'static str>,
    },
    /// The request could not be sent or the response not received (`reqwest` feature).
    #[cfg(feature = "reqwest")]
    Transport(::reqwest::Error),
}

impl Error {
    /// The response status, for `Graph` and `Status` errors.
    pub fn status(&self) -> Option<::http::StatusCode> {
        match self {
            Error::Graph { status, .. } | Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Graph's error code, for `Graph` errors.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Graph { error, .. } => Some(&error.code),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Graph { status, error } => write!(f, "Graph error {status}: {error}"),
            Error::Status { status, body } => {
                let mut shown: String = body.chars().take(200).collect();
                if shown.len() < body.len() {
                    shown.push('…');
                }
                write!(f, "HTTP {status}: {shown}")
            }
            Error::Json(e) => write!(f, "JSON error: {e}"),
            Error::Request(message) => write!(f, "invalid request: {message}"),
            Error::Shape {
                expected,
                found,
                operation,
            } => {
                write!(f, "unexpected response shape")?;
                if let Some(operation) = operation {
                    write!(f, " for {operation}")?;
                }
                write!(f, ": expected {expected} at the top level of the body, found {found}")
            }
            #[cfg(feature = "reqwest")]
            Error::Transport(e) => write!(f, "transport error: {e}"),
        }
    }
}

impl ::std::error::Error for Error {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Error::Json(e) => Some(e),
            #[cfg(feature = "reqwest")]
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}

impl From<::serde_json::Error> for Error {
    fn from(e: ::serde_json::Error) -> Self {
        Error::Json(e)
    }
}

#[cfg(feature = "reqwest")]
impl From<::reqwest::Error> for Error {
    fn from(e: ::reqwest::Error) -> Self {
        Error::Transport(e)
    }
}
