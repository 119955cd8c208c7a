// PLACEHOLDER (replaced by the real module)
use serde::Serialize;
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestMessage { pub method: String, pub url: String, pub version: Option<String>, pub headers: Vec<Header>, pub body: Option<Body>, pub issues: Vec<Issue> }
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseMessage { pub status: Option<u16>, pub reason: Option<String>, pub version: Option<String>, pub headers: Vec<Header>, pub body: Option<Body>, pub issues: Vec<Issue> }
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Header { pub name: String, pub value: String, pub line: usize }
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body { pub text: String, pub line: usize, pub offset: usize }
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue { pub line: usize, pub message: String }
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateLine { pub method: String, pub path: String, pub line: usize }
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind { Json, Text, Binary, None }
fn split(block: &str) -> (Vec<&str>, Option<Body>) {
    let mut head = vec![]; let mut off = 0; let mut body = None;
    for (i, l) in block.split_inclusive('\n').enumerate() {
        if l.trim().is_empty() && !head.is_empty() { body = Some(Body { text: block[off + l.len()..].to_string(), line: i + 1, offset: off + l.len() }); break; }
        if !l.trim().is_empty() { head.push(l.trim()); }
        off += l.len();
    }
    (head, body)
}
fn headers(lines: &[&str]) -> Vec<Header> { lines.iter().enumerate().skip(1).filter_map(|(i,l)| l.split_once(':').map(|(n,v)| Header{name:n.trim().into(), value:v.trim().into(), line:i})).collect() }
pub fn parse_request(block: &str) -> Option<RequestMessage> {
    let (head, body) = split(block);
    let first = head.first()?;
    let (m, rest) = first.split_once(' ')?;
    if !["GET","POST","PATCH","PUT","DELETE"].contains(&m.to_ascii_uppercase().as_str()) { return None; }
    let url = rest.trim().trim_end_matches("HTTP/1.1").trim().to_string();
    Some(RequestMessage { method: m.to_ascii_uppercase(), url, version: None, headers: headers(&head), body, issues: vec![] })
}
pub fn parse_response(block: &str) -> ResponseMessage {
    let (head, body) = split(block);
    let status = head.first().and_then(|l| l.split_whitespace().find_map(|w| w.parse().ok()));
    ResponseMessage { status, reason: None, version: None, headers: headers(&head), body, issues: vec![] }
}
pub fn parse_templates(block: &str) -> (Vec<TemplateLine>, Vec<Issue>) {
    (block.lines().enumerate().filter_map(|(i, l)| { let (m, p) = l.trim().split_once(' ')?; ["GET","POST","PATCH","PUT","DELETE"].contains(&m).then(|| TemplateLine{method:m.into(), path:p.trim().into(), line:i}) }).collect(), vec![])
}
pub fn classify_body(_h: &[Header], body: Option<&Body>) -> BodyKind {
    match body { Some(b) if b.text.trim_start().starts_with(['{','[']) => BodyKind::Json, Some(b) if !b.text.trim().is_empty() => BodyKind::Text, _ => BodyKind::None }
}
