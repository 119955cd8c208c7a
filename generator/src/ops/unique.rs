//! One operation per call: when the pages of a version document one method and URL form on
//! several operations (`GET /users` on `user-list.md` and `intune-devices-user-list.md`), the
//! form stays with the operation whose page is about the resource the URL addresses, and the
//! others leave it out, each with a diagnostic naming both pages. Their examples of that call
//! go with it: the operation that serves the call replays them (keeping the page they are
//! written on) when their URL fits its form. An operation left with no form is dropped.
//!
//! Which page is about the resource, from the pages alone, strongest first: the page's "HTTP
//! request" section lists the form (rather than an example showing it); the page's response type
//! is what the URL's last word holds (`message` for `…/messages/{id}`, not `eventMessage`); the
//! page answers with a documented type at all; its file name starts with that word
//! (`message-delete.md`); it documents fewer forms (a page about one resource rather than a
//! page that lists many); then the page's path, so the choice never depends on reading order.

use super::path::{ParamKind, PathTemplate, Piece};
use super::{Operation, ResponseBody, diag};
use crate::diag::{Code, Diagnostic, Severity};
use std::collections::BTreeMap;

/// What makes two forms one call: the method, the path with literal text lowercased and
/// parameters by kind, and the query keys the form writes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct CallKey {
    method: String,
    pieces: Vec<String>,
    query: Vec<String>,
}

pub(crate) fn call_key(method: &http::Method, form: &PathTemplate) -> CallKey {
    let pieces = form
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(text) => text.to_ascii_lowercase(),
            Piece::Param(i) => match form.params.get(*i).map(|p| &p.kind) {
                Some(ParamKind::Quoted) => "{'}".into(),
                Some(ParamKind::DrivePath) => "{/}".into(),
                _ => "{}".into(),
            },
        })
        .collect();
    let mut query: Vec<String> = form
        .params
        .iter()
        .filter_map(|p| match &p.kind {
            ParamKind::Query(key) => Some(key.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    query.sort();
    CallKey {
        method: method.as_str().to_string(),
        pieces,
        query,
    }
}

/// How many method + URL pairs more than one operation documents.
pub fn shared_calls(ops: &[Operation]) -> usize {
    shared_claims(ops).len()
}

/// Per call that more than one operation documents, in the order of the calls' keys, the
/// (operation, form) pairs that document it; each operation once, at its first form with that
/// key.
fn shared_claims(ops: &[Operation]) -> Vec<(CallKey, Vec<(usize, usize)>)> {
    // Gathered by hash: most calls have one operation, and only the shared ones are sorted.
    let mut out: foldhash::HashMap<CallKey, Vec<(usize, usize)>> = Default::default();
    for (o, op) in ops.iter().enumerate() {
        for (f, form) in op.paths.iter().enumerate() {
            let claimants = out.entry(call_key(&op.method, form)).or_default();
            if !claimants.iter().any(|(c, _)| *c == o) {
                claimants.push((o, f));
            }
        }
    }
    let mut shared: Vec<(CallKey, Vec<(usize, usize)>)> =
        out.into_iter().filter(|(_, c)| c.len() > 1).collect();
    shared.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    shared
}

/// The evidence that the page of `op` is about the resource `form` addresses; larger is
/// stronger (see the module documentation).
fn evidence(op: &Operation, form: usize) -> (bool, bool, bool, bool, std::cmp::Reverse<usize>) {
    let t = &op.paths[form];
    let last_word = t.words.last().map(|w| w.to_ascii_lowercase());
    let holds = |name: &str| {
        let short = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
        !short.is_empty() && last_word.as_deref().is_some_and(|w| w.starts_with(&short))
    };
    let output = match op.output() {
        ResponseBody::Type { name, .. } => Some(name.as_str()),
        _ => None,
    };
    let stem_word = op.stem.split(['-', '_']).next().unwrap_or_default();
    (
        op.learned_from.get(form).copied().flatten().is_none(),
        output.is_some_and(holds),
        output.is_some(),
        holds(stem_word),
        std::cmp::Reverse(op.paths.len()),
    )
}

/// Leaves each shared call with one operation (see the module documentation).
pub(super) fn keep_one_operation_per_call(
    ops: &mut Vec<Operation>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // (operation, form) pairs to leave out, by operation.
    let mut drop: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    // The (operation, form) that serves each left-out (operation, form).
    let mut winners: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
    for (_, claimants) in shared_claims(ops) {
        let &(winner, winner_form) = claimants
            .iter()
            .max_by(|&&(a, fa), &&(b, fb)| {
                evidence(&ops[a], fa)
                    .cmp(&evidence(&ops[b], fb))
                    // The earlier page wins a tie.
                    .then_with(|| ops[b].doc_page.cmp(&ops[a].doc_page))
            })
            .expect("a shared call has claimants");
        for &(o, f) in &claimants {
            if o == winner {
                continue;
            }
            let (kept, left) = (&ops[winner], &ops[o]);
            let line = left.learned_from.get(f).copied().flatten().unwrap_or(1);
            diagnostics.push(diag(
                Severity::Warning,
                Code::TemplateUnusable,
                std::path::Path::new(&left.page),
                line,
                format!(
                    "`{} {}` is also documented by {} (`{}`), whose page is about the resource it addresses; it was left out of `{}` here",
                    left.method,
                    left.paths[f].written,
                    kept.doc_page,
                    kept.paths[winner_form].written,
                    left.id
                ),
            ));
            drop.entry(o).or_default().push(f);
            winners.insert((o, f), (winner, winner_form));
        }
    }
    // First every operation loses its forms (which renumbers the forms it keeps), then the
    // examples of those forms go to the forms that serve their calls, under their new numbers.
    let mut new_indices: BTreeMap<usize, Vec<Option<usize>>> = BTreeMap::new();
    let mut moved: Vec<(usize, usize, super::Example)> = Vec::new();
    for (o, forms) in &drop {
        let (examples, new_index) = remove_forms(&mut ops[*o], forms);
        moved.extend(examples.into_iter().map(|(f, e)| (*o, f, e)));
        new_indices.insert(*o, new_index);
    }
    for (o, form, example) in moved {
        let (winner, winner_form) = winners[&(o, form)];
        let renumbered = match new_indices.get(&winner) {
            Some(new_index) => new_index.get(winner_form).copied().flatten(),
            None => Some(winner_form),
        };
        let given_back = match renumbered {
            Some(winner_form) => move_example(ops, o, (winner, winner_form), example),
            None => Some(example),
        };
        if let Some(mut example) = given_back {
            example.path = None;
            example.values.clear();
            example
                .unreplayable
                .get_or_insert_with(|| "its URL form is served by another operation".into());
            ops[o].examples.push(example);
        }
    }
    ops.retain(|op| !op.paths.is_empty());
}

/// Gives `example` (of `from`'s operation, whose form went to `to`) to the operation that
/// serves its call, when the URL fits that operation's form and the methods agree: it is then
/// replayed through the stub that serves the call, and the plan decides whether its body and
/// response fit that stub, as for the operation's own examples. The example keeps its page.
/// An example whose URL does not fit is given back.
fn move_example(
    ops: &mut [Operation],
    from: usize,
    (to, form): (usize, usize),
    mut example: super::Example,
) -> Option<super::Example> {
    let Some(m) = super::read::full_match(&ops[to].paths[form], &example.url) else {
        return Some(example);
    };
    let source = &ops[from];
    example
        .moved_from
        .get_or_insert_with(|| super::ExampleSource {
            page: source.page.clone(),
            doc_page: source.doc_page.clone(),
            operation: source.id.clone(),
        });
    example.path = Some(form);
    example.values = m.values;
    example.query = m.query;
    ops[to].examples.push(example);
    None
}

/// Removes the forms `forms` (indices) of `op`; its examples of the other forms follow their
/// form's new index, and its examples of those forms are taken out, each with the index of its
/// form, so that the operation serving the call can replay them. Also gives each old form's
/// new index.
fn remove_forms(
    op: &mut Operation,
    forms: &[usize],
) -> (Vec<(usize, super::Example)>, Vec<Option<usize>>) {
    let mut new_index = Vec::with_capacity(op.paths.len());
    let mut next = 0;
    for i in 0..op.paths.len() {
        if forms.contains(&i) {
            new_index.push(None);
        } else {
            new_index.push(Some(next));
            next += 1;
        }
    }
    let mut i = 0;
    op.paths.retain(|_| {
        i += 1;
        new_index[i - 1].is_some()
    });
    let mut i = 0;
    op.learned_from.retain(|_| {
        i += 1;
        new_index.get(i - 1).is_some_and(Option::is_some)
    });
    let mut moved = Vec::new();
    for e in std::mem::take(&mut op.examples) {
        match e.path {
            Some(p) if new_index.get(p).copied().flatten().is_none() => moved.push((p, e)),
            Some(p) => op.examples.push(super::Example {
                path: new_index[p],
                ..e
            }),
            None => op.examples.push(e),
        }
    }
    (moved, new_index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::RequestBody;
    use crate::ops::ResponseSpec;

    fn op(stem: &str, forms: &[&str], output: Option<&str>) -> Operation {
        let paths: Vec<PathTemplate> = forms
            .iter()
            .map(|f| crate::ops::path::normalize(f).unwrap())
            .collect();
        Operation {
            id: stem.replace('-', "_"),
            page: format!("api/{stem}.md"),
            doc_page: format!("api-reference/v1.0/api/{stem}.md"),
            version: "v1.0".into(),
            method: http::Method::GET,
            learned_from: vec![None; paths.len()],
            paths,
            query_options: Vec::new(),
            headers: Vec::new(),
            request_body: RequestBody::None,
            responses: output
                .map(|name| ResponseSpec {
                    status: 200,
                    body: ResponseBody::Type {
                        name: name.into(),
                        collection: false,
                    },
                })
                .into_iter()
                .collect(),
            deprecated: None,
            title: None,
            description: None,
            permissions: Vec::new(),
            doc_link: None,
            examples: Vec::new(),
            stem: stem.into(),
            casing_words: Vec::new(),
            several_methods: false,
        }
    }

    #[test]
    fn shared_claims_are_in_the_order_of_their_keys() {
        let ops = vec![
            op("a", &["/users", "/Users", "/me/x", "/z/{id}"], None),
            op("b", &["/users/{id}", "/me/x", "/users"], None),
            op("c", &["/z/{key}", "/users('{id}')", "/users/{id}"], None),
            op("d", &["/me/x", "/z({id})", "/a"], None),
        ];
        // What a map ordered by key gives.
        let mut by_key: BTreeMap<CallKey, Vec<(usize, usize)>> = BTreeMap::new();
        for (o, op) in ops.iter().enumerate() {
            for (f, form) in op.paths.iter().enumerate() {
                let claimants = by_key.entry(call_key(&op.method, form)).or_default();
                if !claimants.iter().any(|(c, _)| *c == o) {
                    claimants.push((o, f));
                }
            }
        }
        let expected: Vec<(CallKey, Vec<(usize, usize)>)> =
            by_key.into_iter().filter(|(_, c)| c.len() > 1).collect();
        assert_eq!(expected.len(), 4);
        assert_eq!(shared_claims(&ops), expected);
    }

    #[test]
    fn the_page_about_the_resource_keeps_the_call() {
        let mut ops = vec![
            op(
                "eventmessage-get",
                &["/me/messages/{id}", "/me/events/{id}/messages/{id}"],
                Some("microsoft.graph.eventMessage"),
            ),
            op("intune-devices-user-list", &["/users"], None),
            op(
                "message-get",
                &["/me/messages/{id}", "/users/{id}/messages/{id}"],
                Some("microsoft.graph.message"),
            ),
            op("user-list", &["/users"], Some("microsoft.graph.user")),
        ];
        assert_eq!(shared_calls(&ops), 2);
        let mut diagnostics = Vec::new();
        keep_one_operation_per_call(&mut ops, &mut diagnostics);
        assert_eq!(shared_calls(&ops), 0);
        let kept: Vec<(&str, Vec<&str>)> = ops
            .iter()
            .map(|o| {
                (
                    o.stem.as_str(),
                    o.paths.iter().map(|p| p.written.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            kept,
            [
                ("eventmessage-get", vec!["/me/events/{id}/messages/{id}"]),
                (
                    "message-get",
                    vec!["/me/messages/{id}", "/users/{id}/messages/{id}"]
                ),
                ("user-list", vec!["/users"]),
            ]
        );
        assert_eq!(diagnostics.len(), 2);
        assert!(
            diagnostics[0]
                .message
                .contains("api-reference/v1.0/api/message-get.md")
        );
    }

    fn example(url: &str, path: usize) -> crate::ops::Example {
        crate::ops::Example {
            name: None,
            line: 7,
            method: "GET".into(),
            url: url.into(),
            api_version: Some("v1.0".into()),
            path: Some(path),
            values: Vec::new(),
            query: Vec::new(),
            body: None,
            body_text: None,
            content_type: None,
            body_kind: crate::ops::BodyKind::None,
            response: None,
            unreplayable: None,
            moved_from: None,
        }
    }

    #[test]
    fn examples_of_a_call_left_out_go_to_the_operation_serving_it() {
        let mut eventmessage = op(
            "eventmessage-get",
            &["/me/messages/{id}", "/me/events/{id}/messages/{id}"],
            Some("microsoft.graph.eventMessage"),
        );
        eventmessage.examples = vec![
            example("https://graph.microsoft.com/v1.0/me/messages/AAMk=", 0),
            example(
                "https://graph.microsoft.com/v1.0/me/events/E1/messages/M1",
                1,
            ),
        ];
        let message = op(
            "message-get",
            &["/me/messages/{id}"],
            Some("microsoft.graph.message"),
        );
        let mut ops = vec![eventmessage, message];
        keep_one_operation_per_call(&mut ops, &mut Vec::new());
        // The event message page keeps its own call's example, at the form's new index.
        assert_eq!(ops[0].examples.len(), 1);
        assert_eq!(ops[0].examples[0].path, Some(0));
        // The other example is replayed by the message page's stub, with its values, and still
        // says where it is written.
        let moved = &ops[1].examples[0];
        assert_eq!(moved.path, Some(0));
        assert_eq!(moved.values, ["AAMk="]);
        assert_eq!(moved.page(&ops[1]), "api/eventmessage-get.md");
        assert_eq!(
            moved.doc_page(&ops[1]),
            "api-reference/v1.0/api/eventmessage-get.md"
        );
    }

    /// The operation serving a call may itself lose an earlier form to a third page: the
    /// examples it receives use its forms' new numbers (de-2019 panicked on this).
    #[test]
    fn examples_follow_the_serving_form_when_its_operation_loses_another() {
        let message = op(
            "message-get",
            &["/me/events/{id}", "/me/messages/{id}"],
            Some("microsoft.graph.message"),
        );
        let mut eventmessage = op(
            "eventmessage-get",
            &["/me/messages/{id}"],
            Some("microsoft.graph.eventMessage"),
        );
        eventmessage.examples = vec![example(
            "https://graph.microsoft.com/v1.0/me/messages/M1",
            0,
        )];
        let event = op(
            "event-get",
            &["/me/events/{id}"],
            Some("microsoft.graph.event"),
        );
        let mut ops = vec![message, eventmessage, event];
        keep_one_operation_per_call(&mut ops, &mut Vec::new());
        let ids: Vec<&str> = ops.iter().map(|o| o.stem.as_str()).collect();
        assert_eq!(ids, ["message-get", "event-get"]);
        let written: Vec<&str> = ops[0].paths.iter().map(|p| p.written.as_str()).collect();
        assert_eq!(written, ["/me/messages/{id}"]);
        assert_eq!(ops[0].examples.len(), 1);
        assert_eq!(ops[0].examples[0].path, Some(0));
        assert_eq!(ops[0].examples[0].values, ["M1"]);
    }

    #[test]
    fn parameters_of_any_name_are_one_call_and_query_keys_tell_calls_apart() {
        let form = |t: &str| crate::ops::path::normalize(t).unwrap();
        let get = http::Method::GET;
        assert_eq!(
            call_key(&get, &form("/users/{id}")),
            call_key(&get, &form("/Users/{user-id}"))
        );
        assert_ne!(
            call_key(&get, &form("/me/calendarView?startDateTime={start}")),
            call_key(&get, &form("/me/calendarView"))
        );
        assert_ne!(
            call_key(&get, &form("/users")),
            call_key(&http::Method::POST, &form("/users"))
        );
    }
}
