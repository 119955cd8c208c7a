//! Generating part of an API: which operations a set of path patterns selects
//! ([`Include`], [`select`]), and which types a set of operations reaches
//! ([`VersionPlan::reached`]), so that a crate holds only what its user calls.
//!
//! # Patterns
//!
//! A pattern is a URL path after the API version, matched against each URL form of each
//! operation, segment by segment (`/` separates segments; a leading or trailing `/` is ignored):
//!
//! - a literal segment matches the same segment, ASCII case-insensitively (`me/sendMail` matches
//!   `/me/sendmail`, as Graph does);
//! - `*` matches any one segment, a parameter (`{id}`) or a literal; inside a segment, `*`
//!   matches any run of characters (`users(*)` matches `users('{id}')`);
//! - `{…}` (any text in braces) matches exactly one parameter of the form, so a path copied
//!   from the docs (`users/{id | userPrincipalName}/messages`) selects itself;
//! - `**`, a whole segment, matches any number of segments, none included: `users/**` matches
//!   `/users`, `/users/{id}` and everything below them; `**/messages` every path ending in
//!   `messages`.
//!
//! A form is kept when any pattern matches it; the forms of an operation that none matches are
//! dropped (with the examples that use them), and an operation left with no form is dropped.
//! The types kept are those the remaining operations reach: request bodies, action
//! parameters and responses, transitively through the properties of the structs (inherited ones
//! included, as they are flattened in), and, for a type used through its `Any…` enum, every
//! derived type the enum dispatches to.
//!
//! globset was considered: its `{a,b}` is alternation, while the Graph docs write parameters in
//! braces, and its `users/**` does not match `users` itself; the matcher here is a small
//! segment matcher instead.

use super::plan::{BodyPlan, OpPlan, OutputPlan, Target, TypePlan, VersionPlan};
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::TypeId;
use crate::ops::path::{PathTemplate, Piece};
use crate::ops::{Operation, Operations};
use std::collections::BTreeSet;
use std::fmt;

/// Path patterns: an operation's URL form is included when one of them matches it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Include {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    written: String,
    segments: Vec<PatSeg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PatSeg {
    /// `**`: any number of segments.
    Any,
    One(Vec<PatTok>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PatTok {
    /// A character, ASCII-lowercased.
    Char(char),
    /// `*`: any run of characters and parameters within the segment.
    Star,
    /// `{…}`: one parameter.
    Param,
}

/// A token of a URL form's segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormTok {
    Char(char),
    Param,
}

/// Why a pattern cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub why: &'static str,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the include pattern `{}` cannot be used: {}",
            self.pattern.escape_debug(),
            self.why
        )
    }
}

impl std::error::Error for PatternError {}

impl Include {
    /// The patterns; an error names the first that cannot be used.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Include, PatternError> {
        let patterns = patterns
            .iter()
            .map(|p| Pattern::parse(p.as_ref()))
            .collect::<Result<_, _>>()?;
        Ok(Include { patterns })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Which patterns match `form` (indexes into the patterns).
    fn matching(&self, form: &PathTemplate) -> impl Iterator<Item = usize> {
        let segments = form_segments(form);
        self.patterns
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.matches(&segments))
            .map(|(i, _)| i)
    }

    /// Whether a pattern matches the URL form.
    pub fn matches(&self, form: &PathTemplate) -> bool {
        self.matching(form).next().is_some()
    }
}

impl Pattern {
    fn parse(written: &str) -> Result<Pattern, PatternError> {
        let error = |why| PatternError {
            pattern: written.to_string(),
            why,
        };
        let path = written.trim();
        if path.contains(['?', '#']) {
            return Err(error(
                "a pattern is a path, without a query or a fragment (`?`, `#`)",
            ));
        }
        if written.chars().any(char::is_control) {
            return Err(error("it holds a control character"));
        }
        let mut segments = Vec::new();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            if segment == "**" {
                // `**/**` is one `**`.
                if segments.last() != Some(&PatSeg::Any) {
                    segments.push(PatSeg::Any);
                }
                continue;
            }
            if segment.contains("**") {
                return Err(error("`**` must be a whole segment (`users/**`)"));
            }
            let mut tokens = Vec::new();
            let mut chars = segment.chars();
            while let Some(c) = chars.next() {
                match c {
                    '*' => tokens.push(PatTok::Star),
                    '{' => {
                        if !chars.by_ref().any(|c| c == '}') {
                            return Err(error("a `{` is never closed"));
                        }
                        tokens.push(PatTok::Param);
                    }
                    '}' => return Err(error("a `}` was never opened")),
                    c => tokens.push(PatTok::Char(c.to_ascii_lowercase())),
                }
            }
            segments.push(PatSeg::One(tokens));
        }
        if segments.is_empty() {
            return Err(error(
                "it names no path segment (`**` for every path, `users/**` for users)",
            ));
        }
        Ok(Pattern {
            written: written.to_string(),
            segments,
        })
    }

    /// Whether the pattern matches the segments of a form: `at[i][j]` is whether the first `i`
    /// pattern segments match the first `j` form segments.
    fn matches(&self, form: &[Vec<FormTok>]) -> bool {
        let (p, f) = (self.segments.len(), form.len());
        let mut at = vec![vec![false; f + 1]; p + 1];
        at[0][0] = true;
        for i in 1..=p {
            for j in 0..=f {
                at[i][j] = match &self.segments[i - 1] {
                    PatSeg::Any => at[i - 1][j] || (j > 0 && at[i][j - 1]),
                    PatSeg::One(tokens) => {
                        j > 0 && at[i - 1][j - 1] && segment_matches(tokens, &form[j - 1])
                    }
                };
            }
        }
        at[p][f]
    }
}

/// Wildcard matching within one segment: `*` takes any run of tokens, `{…}` one parameter.
fn segment_matches(pattern: &[PatTok], form: &[FormTok]) -> bool {
    let (p, f) = (pattern.len(), form.len());
    let mut at = vec![vec![false; f + 1]; p + 1];
    at[0][0] = true;
    for i in 1..=p {
        for j in 0..=f {
            at[i][j] = match pattern[i - 1] {
                PatTok::Star => at[i - 1][j] || (j > 0 && at[i][j - 1]),
                PatTok::Param => j > 0 && at[i - 1][j - 1] && form[j - 1] == FormTok::Param,
                PatTok::Char(c) => j > 0 && at[i - 1][j - 1] && form[j - 1] == FormTok::Char(c),
            };
        }
    }
    at[p][f]
}

/// The segments of a URL form: its literal text percent-decoded and ASCII-lowercased, each
/// parameter one token (a drive path, which may hold `/`, is one token too).
fn form_segments(form: &PathTemplate) -> Vec<Vec<FormTok>> {
    let mut segments: Vec<Vec<FormTok>> = vec![Vec::new()];
    for piece in &form.pieces {
        match piece {
            Piece::Param(_) => segments.last_mut().unwrap().push(FormTok::Param),
            Piece::Lit(text) => {
                let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
                for c in decoded.chars() {
                    if c == '/' {
                        segments.push(Vec::new());
                    } else {
                        segments
                            .last_mut()
                            .unwrap()
                            .push(FormTok::Char(c.to_ascii_lowercase()));
                    }
                }
            }
        }
    }
    segments.retain(|s| !s.is_empty());
    segments
}

/// The operations whose URL forms `include` matches, each with only its matching forms (and
/// the examples of those forms), and a warning (GD0905) for each pattern that matches no form
/// of any version.
pub fn select(ops: &Operations, include: &Include) -> (Operations, Vec<Diagnostic>) {
    let mut used = vec![false; include.patterns.len()];
    let mut selected = Operations {
        versions: Default::default(),
        diagnostics: ops.diagnostics.clone(),
    };
    for (version, vops) in &ops.versions {
        let mut kept = crate::ops::VersionOps {
            operations: Vec::new(),
            orphan_examples: vops.orphan_examples.clone(),
            pages_with_request_section: vops.pages_with_request_section,
            pages_with_operations: vops.pages_with_operations,
        };
        for op in &vops.operations {
            let forms: Vec<bool> = op
                .paths
                .iter()
                .map(|form| {
                    let mut any = false;
                    for i in include.matching(form) {
                        used[i] = true;
                        any = true;
                    }
                    any
                })
                .collect();
            if forms.iter().any(|&k| k) {
                kept.operations.push(with_forms(op, &forms));
            }
        }
        selected.versions.insert(version.clone(), kept);
    }
    let diagnostics = include
        .patterns
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(p, _)| Diagnostic {
            severity: Severity::Warning,
            code: Code::IncludeMatchesNothing,
            file: "--include".into(),
            line: 1,
            column: 1,
            message: format!(
                "the pattern `{}` matches no URL form of any operation; it selects nothing",
                p.written
            ),
        })
        .collect();
    (selected, diagnostics)
}

/// The operation with only the forms `keep` says, and the examples that use them (with their
/// form's new index) or no form at all.
fn with_forms(op: &Operation, keep: &[bool]) -> Operation {
    if keep.iter().all(|&k| k) {
        return op.clone();
    }
    let mut new_index = Vec::with_capacity(keep.len());
    let mut next = 0;
    for &k in keep {
        new_index.push(k.then_some(next));
        next += usize::from(k);
    }
    let mut op = op.clone();
    let mut k = keep.iter();
    op.paths.retain(|_| *k.next().unwrap());
    let mut k = keep.iter();
    op.learned_from.retain(|_| *k.next().unwrap_or(&true));
    op.examples.retain_mut(|e| match e.path {
        None => true,
        Some(i) => match new_index.get(i).copied().flatten() {
            Some(n) => {
                e.path = Some(n);
                true
            }
            None => false,
        },
    });
    op
}

/// Which derived types an `Any…` enum that the selection uses dispatches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    /// Every derived type (and so everything each of them reaches).
    All,
    /// Only the derived types the selection reaches otherwise; a payload of another derived
    /// type deserializes as the base, its other properties kept in `additional_properties`
    /// (what the `Any…` enum already does with a type the docs do not list). This is how an
    /// OpenAPI description trimmed to some paths behaves: a base does not reference its
    /// derived types, so only those referenced elsewhere stay.
    Reached,
}

/// The types one version's operations reach.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Reached {
    /// Every type whose item is needed: structs, enums, parameter types.
    pub types: BTreeSet<TypeId>,
    /// The types used through their `Any…` enum (so the enum is needed too).
    pub through_any: BTreeSet<TypeId>,
}

impl VersionPlan<'_> {
    /// The types the stubs of `ops` reach: their bodies and outputs, transitively through the
    /// fields of structs (inherited ones are flattened in) and, as `derived` says, the
    /// variants of `Any…` enums.
    pub(crate) fn reached<'p>(
        &self,
        ops: impl IntoIterator<Item = &'p OpPlan<'p>>,
        derived: Derived,
    ) -> Reached
    where
        Self: 'p,
    {
        let mut reached = Reached::default();
        let mut stack: Vec<Target> = Vec::new();
        for op in ops {
            if let Some(BodyPlan::Typed { target, .. }) = &op.body {
                stack.push(target.clone());
            }
            if let OutputPlan::Typed { target, .. } = &op.output {
                stack.push(target.clone());
            }
        }
        while let Some(target) = stack.pop() {
            let id = match target {
                Target::Primitive(_) | Target::Json | Target::Undefined(_) => continue,
                Target::Enum { id, .. } => {
                    reached.types.insert(id);
                    continue;
                }
                Target::Any { id, .. } => {
                    if reached.through_any.insert(id)
                        && derived == Derived::All
                        && let Some(any) = self.struct_plan(id).and_then(|s| s.any.as_ref())
                    {
                        stack.extend(any.variants.iter().map(|v| Target::Struct {
                            id: v.id,
                            name: String::new(),
                            boxed: false,
                        }));
                    }
                    id
                }
                Target::Struct { id, .. } => id,
            };
            if reached.types.insert(id)
                && let Some(s) = self.struct_plan(id)
            {
                stack.extend(s.fields.iter().map(|f| f.target.clone()));
            }
        }
        reached
    }

    /// Keeps only the types the version's operations reach, the `Any…` enums of those used
    /// through one, and in each enum the variants kept.
    pub(crate) fn keep_reached(&mut self, derived: Derived) {
        let reached = self.reached(&self.ops, derived);
        let space = self.space;
        self.retain_types(|ty| match ty {
            TypePlan::Struct(s) => reached.types.contains(&s.id),
            TypePlan::Enum(e) => space
                .lookup(&e.def.name)
                .is_some_and(|id| reached.types.contains(&id)),
        });
        for ty in &mut self.types {
            if let TypePlan::Struct(s) = ty {
                if !reached.through_any.contains(&s.id) {
                    s.any = None;
                } else if let Some(any) = &mut s.any {
                    let base = any.variants[0].id;
                    any.variants
                        .retain(|v| v.id == base || reached.types.contains(&v.id));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::path::normalize;

    fn form(path: &str) -> PathTemplate {
        normalize(path).unwrap_or_else(|e| panic!("{path}: {e:?}"))
    }

    fn matches(pattern: &str, path: &str) -> bool {
        Include::new(&[pattern]).unwrap().matches(&form(path))
    }

    #[test]
    fn segments_placeholders_and_depth() {
        assert!(matches("users/**", "/users"));
        assert!(matches("users/**", "/users/{id | userPrincipalName}"));
        assert!(matches(
            "users/**",
            "/users/{id}/messages/{message-id}/attachments"
        ));
        assert!(!matches("users/**", "/me/messages"));
        assert!(!matches("users/**", "/usersX/{id}"));
        assert!(matches("/users/*/messages", "/users/{id}/messages"));
        assert!(matches("users/*/messages", "/users/adele/messages"));
        assert!(!matches(
            "users/*/messages",
            "/users/{id}/mailFolders/{id}/messages"
        ));
        assert!(matches(
            "users/**/messages",
            "/users/{id}/mailFolders/{id}/messages"
        ));
        assert!(matches("users/{id}/messages", "/users/{user-id}/messages"));
        assert!(!matches("users/{id}/messages", "/users/me/messages"));
        assert!(matches("me/sendMail", "/me/sendmail"));
        assert!(matches("ME/SENDMAIL/", "/me/sendMail"));
        assert!(!matches("me/sendMail", "/me/sendMail/more"));
        assert!(!matches("me", "/me/messages"));
        assert!(matches("**", "/anything/at/{all}"));
        assert!(matches("**/messages", "/me/mailFolders/{id}/messages"));
        assert!(matches("**/**/messages", "/me/messages"));
        assert!(matches("me/mail*", "/me/mailFolders"));
        assert!(!matches("me/mail*", "/me/messages"));
        assert!(matches("users(*)/messages", "/users('{id}')/messages"));
        assert!(!matches("users({id})", "/users('{id}')"));
        assert!(matches("users('{id}')", "/users('{id}')"));
    }

    #[test]
    fn drive_paths_are_one_parameter() {
        assert!(matches(
            "drives/*/root:/*:/content",
            "/drives/{drive-id}/root:/{item-path}:/content"
        ));
        assert!(matches(
            "drives/**",
            "/drives/{drive-id}/root:/{item-path}:/content"
        ));
    }

    #[test]
    fn bad_patterns_say_why() {
        for (bad, why) in [
            ("", "no path segment"),
            ("/", "no path segment"),
            ("users**", "whole segment"),
            ("users/{id", "never closed"),
            ("users/id}", "never opened"),
            ("users?$top=1", "query"),
            ("users\n", "control"),
        ] {
            let e = Include::new(&[bad]).expect_err(bad);
            assert!(e.to_string().contains(why), "{bad}: {e}");
        }
    }

    /// Long patterns against long forms stay quadratic at worst, never exponential.
    #[test]
    fn many_stars_stay_fast() {
        let pattern = format!("{}x", "**/*a*/".repeat(40));
        let path = format!("/{}", "aaaa/".repeat(200));
        let start = std::time::Instant::now();
        assert!(!matches(&pattern, &path));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
