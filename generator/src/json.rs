// PLACEHOLDER (replaced by the lenient reader)
pub struct Parsed {
    pub value: serde_json::Value,
    pub repairs: Vec<Repair>,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub kind: RepairKind,
    pub offset: usize,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairKind {
    TrailingComma,
}
impl RepairKind {
    pub fn describe(self) -> &'static str {
        "removed a trailing comma"
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}
pub fn parse(input: &str) -> Result<Parsed, JsonError> {
    serde_json::from_str(input)
        .map(|value| Parsed {
            value,
            repairs: vec![],
        })
        .map_err(|e| JsonError {
            offset: 0,
            message: e.to_string(),
        })
}
