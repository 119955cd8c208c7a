//! Base types from every signal a doc set gives, none of which needs a word of its language:
//!
//! - the resource annotation's `baseType`;
//! - rows that say they are inherited: their description links a documented type that lists a
//!   property of the same name ("Inherited from [x](x.md)", "继承自 [x](x.md)");
//! - the preamble sentence that links the base ("Inherits from [x](x.md)"), recognized by the
//!   text around the link, learned from pages whose base the two signals above already give;
//! - response examples whose items say a type other than the one the response is documented as
//!   (`@odata.type` of a derived type where the base is expected).
//!
//! The first three are strong, the last weak. An annotation that says `"baseType": null` outweighs
//! sentences and examples (`conditionalAccessSessionControls`: "All the session controls inherit
//! from [conditionalAccessSessionControl]" speaks of other types). Once every signal has spoken, the sentence contexts
//! are learned again from all bases settled so far, and fill a missing base or replace one only
//! examples gave (never with a type that holds this one as a property: that links a part). (A type whose rows contain all rows of another
//! type was tried as a signal too: in Graph it finds siblings as often as bases.) A more specific candidate that is consistent
//! with a stronger one (the stronger one is its ancestor, or a root such as `entity`) refines it;
//! candidates that disagree otherwise leave the stronger one and a diagnostic.

use super::{TypeDraft, qualify};
use crate::diag::{Code, Diagnostic, Severity};
use crate::page::Page;
use std::collections::{BTreeMap, BTreeSet};

/// A preamble sentence that links one type: the text before and after the type's name.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct BaseHint {
    pub before: String,
    pub after: String,
    pub linked: String,
    /// The sentence is short enough to state a base.
    pub short: bool,
}

/// The most characters, besides the linked type's name, of a sentence that states a base.
const SHORT_SENTENCE: usize = 60;

/// Lengths (in characters) of the context around a link that the learning looks at.
/// Lengths (in characters) of the context around a link that the learning looks at.
const CONTEXT: std::ops::RangeInclusive<usize> = 2..=24;

/// Preamble sentences that link one type: candidates for "inherits from [x](x.md)".
pub(super) fn base_hints(page: &Page, namespace: &str, own: &str) -> Vec<BaseHint> {
    let own = own.rsplit('.').next().unwrap_or(own).to_lowercase();
    // A paragraph's sentences, split once for all its links.
    let mut split: Option<(usize, Vec<String>)> = None;
    page.paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.span.file.is_none())
        .flat_map(|(i, p)| p.links.iter().map(move |link| (i, p, link)))
        .filter_map(|(i, p, link)| {
            let tail = link_type(link)?;
            if tail.eq_ignore_ascii_case(&own) {
                return None;
            }
            if split.as_ref().is_none_or(|(at, _)| *at != i) {
                split = Some((i, sentences(&p.text)));
            }
            let (_, split) = split.as_ref()?;
            let lower_tail = tail.to_lowercase();
            let sentence = split
                .iter()
                .find(|s| s.to_lowercase().contains(&lower_tail))?
                .clone();
            if sentence.chars().count() > 200 {
                return None;
            }
            // A base is stated in a short sentence of its own ("Inherits from [x](x.md).");
            // longer ones describe the type and link what it relates to. They still teach
            // which contexts do not state a base.
            let short = sentence.chars().count() <= SHORT_SENTENCE + tail.len();
            let lower = normalize(&sentence);
            let at = find_word(&lower, &tail.to_lowercase())?;
            let before = lower[..at].to_string();
            let after = lower[at + tail.len()..].to_string();
            let linked = identifier_at(&sentence, &tail).unwrap_or(tail);
            Some(BaseHint {
                before,
                after,
                linked: qualify(&linked, namespace),
                short,
            })
        })
        .collect()
}

/// Lowercased, white space collapsed, `.`/`。` at the end dropped.
fn normalize(s: &str) -> String {
    let s: Vec<&str> = s.split_whitespace().collect();
    s.join(" ")
        .to_lowercase()
        .trim_end_matches(['.', '。', '!', '?'])
        .to_string()
}

/// The byte offset of `word` in `text` where it stands alone (not inside a longer identifier).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident)
            && !after.is_some_and(is_ident)
            && before.is_none_or(|c| c != '.')
    })
}

/// The identifier in `text` equal to `want` case-insensitively, as `text` spells it.
fn identifier_at(text: &str, want: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| w.eq_ignore_ascii_case(want))
        .map(str::to_string)
}

/// Splits a paragraph into sentences; a period inside a qualified name ends none.
fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(['.', '!', '?', '。'])
        .fold(Vec::<String>::new(), |mut acc, piece| {
            // A period inside a word (`microsoft.graph.x`) or after an abbreviation (a short
            // word, and a lowercase one after it: "см. в описании типа [x]") ends no sentence.
            let continues = |last: &str| {
                let word = last
                    .trim_end_matches(['.', '!', '?'])
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or_default();
                (1..=3).contains(&word.chars().count())
                    && piece.starts_with(char::is_whitespace)
                    && piece
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
            };
            match acc.last_mut() {
                Some(last)
                    if (!piece.starts_with(char::is_whitespace) || continues(last))
                        && !last.ends_with('。') =>
                {
                    last.push_str(piece)
                }
                _ => acc.push(piece.to_string()),
            }
            acc
        })
}

/// The type a link points to: `x.md`, `../resources/intune-foo-x.md`, `/graph/api/resources/x?…`
/// → `x`. Links to sites and anchors are not types.
pub(super) fn link_type(link: &str) -> Option<String> {
    if link.contains("://") {
        return None;
    }
    // `enums.md#printquality-values`, `#printquality-values`: the anchor names an enum.
    if let Some((_, anchor)) = link.split_once('#')
        && let Some(name) = anchor.strip_suffix("-values")
    {
        return link_type(name);
    }
    if link.starts_with('#') {
        return None;
    }
    let last = link.split(['?', '#']).next()?.rsplit('/').next()?;
    let stem = last.strip_suffix(".md").unwrap_or(last);
    let tail = stem.rsplit('-').next().unwrap_or(stem);
    (!tail.is_empty()
        && tail.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && tail.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then(|| tail.to_string())
}

/// The links (`[text](target)`) of a markdown cell: the types they point to, each with the
/// few characters before it (lowercased), which inherited rows share.
pub(super) fn cell_links(raw: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // Most cells link nothing: `contains` answers that faster than a search for the position.
    if !raw.contains("](") {
        return out;
    }
    let mut rest = raw;
    while let Some(i) = rest.find("](") {
        let open = rest[..i].rfind('[').unwrap_or(i);
        // The context starts after the sentence before it ("服务主体标识的显示名称。 继承自 [x]"):
        // in a dense script twelve characters reach into the row's own description. (Most
        // ends are not in the text at all: `contains` says so faster than `rfind`.)
        let head = &rest[..open];
        let start = ["。", ". ", "! ", "? "]
            .iter()
            .filter(|end| head.contains(**end))
            .filter_map(|end| head.rfind(end).map(|at| at + end.len()))
            .max()
            .unwrap_or(0);
        let before: Vec<char> = normalize(&head[start..]).chars().collect();
        let context: String = before[before.len().saturating_sub(12)..].iter().collect();
        let after = &rest[i + 2..];
        let end = after.find(')').unwrap_or(after.len());
        if let Some(t) = link_type(&after[..end]) {
            out.push((context, t));
        }
        rest = &after[end..];
    }
    out
}

/// Where a base came from, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Signal {
    Annotation,
    Rows,
    Listed,
    Sentence,
    Examples,
    Nested,
}

impl Signal {
    fn describe(self) -> &'static str {
        match self {
            Signal::Annotation => "its annotation's `baseType`",
            Signal::Rows => "the rows it says it inherits",
            Signal::Listed => "the base's list of derived types",
            Signal::Sentence => "its inherits sentence",
            Signal::Examples => "examples where the base is expected",
            Signal::Nested => "example values of properties that hold the base",
        }
    }
}

/// Decides the base of every type from all signals. `subtypes` maps a type (lowercased) to the
/// types (lowercased) examples show it standing in for, with counts.
pub(super) fn infer_bases(
    types: &mut BTreeMap<String, TypeDraft>,
    subtypes: &BTreeMap<String, BTreeMap<String, usize>>,
    nested: &BTreeMap<String, BTreeMap<String, usize>>,
    diags: &mut Vec<Diagnostic>,
) {
    let lookup = |name: &str| -> Option<String> {
        let key = name.to_ascii_lowercase();
        if types.contains_key(&key) {
            return Some(key);
        }
        let last = key.rsplit('.').next()?;
        let fallback = format!("microsoft.graph.{last}");
        types.contains_key(&fallback).then_some(fallback)
    };
    let names_of = |key: &str| -> BTreeSet<String> {
        types.get(key).map_or_else(BTreeSet::new, |t| {
            t.properties
                .iter()
                .map(|p| p.name.to_ascii_lowercase())
                .collect()
        })
    };
    // Whether the type `key` has a property `name`, case-insensitively (what `names_of` holds).
    let has_property = |key: &str, name: &str| {
        types.get(key).is_some_and(|t| {
            t.properties
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(name))
        })
    };
    let is_enum = |key: &str| {
        types
            .get(key)
            .is_some_and(|t| t.kind == Some(crate::model::TypeKind::Enum))
    };

    // The contexts of each type's hints, in hint order, worked out once: both rounds of
    // learning and of reading sentences look at them.
    let hint_contexts: foldhash::HashMap<&str, Vec<Vec<Context>>> = types
        .iter()
        .filter(|(_, t)| !t.base_hints.is_empty())
        .map(|(k, t)| (k.as_str(), t.base_hints.iter().map(contexts).collect()))
        .collect();
    let contexts_of = |key: &str| hint_contexts.get(key).map_or(&[][..], Vec::as_slice);

    // Strong candidates per type, in order of strength.
    let mut candidates: BTreeMap<String, Vec<(Signal, String)>> = BTreeMap::new();
    for (key, t) in types.iter() {
        if t.kind == Some(crate::model::TypeKind::Enum) {
            continue;
        }
        let list = candidates.entry(key.clone()).or_default();
        if let Some(b) = t
            .base
            .as_deref()
            .and_then(|b| lookup(b).or(Some(b.to_ascii_lowercase())))
            && b != *key
        {
            list.push((Signal::Annotation, b));
        }
        if let Some(b) = rows_base(t, key, &lookup, &names_of, &has_property, &is_enum) {
            list.push((Signal::Rows, b));
        }
    }

    // "Derived types" sections of base pages.
    for (key, t) in types.iter() {
        for derived in &t.derived_listed {
            if let Some(d) = lookup(derived)
                && d != *key
                && !is_enum(&d)
                && let Some(list) = candidates.get_mut(&d)
            {
                list.push((Signal::Listed, key.clone()));
                list.sort_by_key(|(s, _)| *s);
            }
        }
    }

    // Learn which sentence contexts introduce the base, from types whose base the strong
    // signals give.
    let teacher: BTreeMap<&str, &str> = candidates
        .iter()
        .filter_map(|(k, c)| {
            let rows = c.iter().find(|(s, _)| *s == Signal::Rows);
            rows.or(c.first()).map(|(_, b)| (k.as_str(), b.as_str()))
        })
        .collect();
    let learned = learn_sentences(types, &teacher, &lookup, &contexts_of);
    // A type one of whose properties holds this type links it as a part, not as a base
    // (`driveItem.audio`, `shift.draftShift`, "exists as a property of [recentNotebook]").
    let holds = |owner: &str, key: &str| {
        types.get(owner).is_some_and(|o| {
            o.properties.iter().any(|p| {
                matches!(&p.ty, Some(crate::model::TypeRef::Named(n)) if lookup(n).as_deref() == Some(key))
            })
        })
    };
    for (key, t) in types.iter() {
        let Some(list) = candidates.get_mut(key) else {
            continue;
        };
        if let Some(b) = sentence_base(
            t,
            contexts_of(key.as_str()),
            key,
            &learned,
            &lookup,
            &is_enum,
        ) && !t.no_base
            && !holds(&b, key)
        {
            list.push((Signal::Sentence, b));
        }
    }

    // Preliminary bases from the strong signals, for ancestry checks.
    let mut chosen: BTreeMap<String, (Signal, String)> = BTreeMap::new();
    for (key, list) in &candidates {
        if let Some(first) = list.iter().find(|(s, _)| *s < Signal::Sentence) {
            chosen.insert(key.clone(), first.clone());
        }
    }
    // A sentence never makes a type derive from one of its own descendants ("Base type of
    // [x]" where the stronger signals of x say x derives from this type).
    for (key, list) in candidates.iter_mut() {
        list.retain(|(s, cand)| {
            *s < Signal::Sentence || !ancestors_in(&chosen, cand, key).iter().any(|a| a == key)
        });
    }
    for (key, list) in &candidates {
        if let Some(first) = list.first() {
            chosen.insert(key.clone(), first.clone());
        }
    }
    let ancestors = |chosen: &BTreeMap<String, (Signal, String)>, key: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut current = chosen.get(key).map(|(_, b)| b.clone());
        while let Some(b) = current {
            if out.contains(&b) || b == key {
                break;
            }
            out.push(b.clone());
            current = chosen.get(&b).map(|(_, b)| b.clone());
        }
        out
    };
    // A candidate refines the current choice when the current one is a root (`entity`) or,
    // unless an annotation names it, its ancestor (rows name the type that declares them).
    let refines =
        |chosen: &BTreeMap<String, (Signal, String)>, signal: Signal, current: &str, cand: &str| {
            cand != current
                && (!chosen.contains_key(current)
                    || (signal != Signal::Annotation
                        && ancestors(chosen, cand).iter().any(|a| a == current)))
        };
    let mut disagreements = Vec::new();
    for (key, list) in &candidates {
        let Some((mut signal, mut base)) = list.first().cloned() else {
            continue;
        };
        for (s, cand) in &list[1..] {
            if *cand == base || ancestors(&chosen, &base).contains(cand) {
                continue;
            }
            if refines(&chosen, signal, &base, cand) && !ancestors(&chosen, cand).contains(key) {
                (signal, base) = (*s, cand.clone());
            } else {
                disagreements.push((key.clone(), signal, base.clone(), *s, cand.clone()));
            }
        }
        chosen.insert(key.clone(), (signal, base));
    }

    // The weak signal: examples. It fills a missing base or refines a root.
    let mut weak: Vec<(String, Signal, String)> = Vec::new();
    for key in types.keys().filter(|k| !is_enum(k)) {
        if let Some(seen) = subtypes.get(key)
            && let Some((b, _)) = seen
                .iter()
                .filter_map(|(b, n)| lookup(b).map(|b| (b, *n)))
                .filter(|(b, _)| b != key && !is_enum(b))
                .max_by_key(|(_, n)| *n)
        {
            weak.push((key.clone(), Signal::Examples, b));
        }
    }
    // The weakest: objects in example properties that say a type other than the property's.
    // Only for a type no other signal gives a base, and only where the type is named the way
    // Graph names a derived type (after its base: `mediaPrompt`, `prompt`); an identity set
    // shown where meeting participant info is declared is a slip of the docs.
    let name = |k: &str| {
        types
            .get(k)
            .map_or_else(|| k.to_string(), |t| t.name.clone())
    };
    for key in types
        .keys()
        .filter(|k| !is_enum(k) && !chosen.contains_key(*k))
    {
        if let Some(seen) = nested.get(key)
            && let Some((b, _)) = seen
                .iter()
                .filter_map(|(b, n)| lookup(b).map(|b| (b, *n)))
                .filter(|(b, _)| {
                    b != key && !is_enum(b) && last_word(&name(b)) == last_word(&name(key))
                })
                .max_by_key(|(_, n)| *n)
        {
            weak.push((key.clone(), Signal::Nested, b));
        }
    }
    // An annotation that says the type has no base outweighs examples and sentences.
    let no_base = |key: &str| types.get(key).is_some_and(|t| t.no_base);
    for (key, signal, cand) in weak {
        if ancestors(&chosen, &cand).contains(&key) || no_base(&key) {
            continue;
        }
        if signal == Signal::Nested && chosen.contains_key(&key) {
            continue;
        }
        match chosen.get(&key) {
            None => {
                chosen.insert(key, (signal, cand));
            }
            Some((s, current)) if refines(&chosen, *s, current, &cand) => {
                chosen.insert(key, (signal, cand));
            }
            _ => {}
        }
    }

    // Sentences again, learned from every base now settled (weak signals teach too): a
    // context only examples confirm still fills a missing base or refines a root.
    let settled: BTreeMap<String, String> = chosen
        .iter()
        .map(|(k, (_, b))| (k.clone(), b.clone()))
        .collect();
    let teacher: BTreeMap<&str, &str> = settled
        .iter()
        .map(|(k, b)| (k.as_str(), b.as_str()))
        .collect();
    let learned = learn_sentences(types, &teacher, &lookup, &contexts_of);
    for (key, t) in types.iter().filter(|(_, t)| !t.no_base) {
        let Some(cand) = sentence_base(
            t,
            contexts_of(key.as_str()),
            key,
            &learned,
            &lookup,
            &is_enum,
        ) else {
            continue;
        };
        if ancestors(&chosen, &cand).contains(key) || holds(&cand, key) {
            continue;
        }
        let fills = match chosen.get(key) {
            None => true,
            Some((s, current)) => *s > Signal::Sentence || refines(&chosen, *s, current, &cand),
        };
        if fills {
            chosen.insert(key.clone(), (Signal::Sentence, cand));
        }
    }

    for (key, strong, base, weaker, other) in disagreements {
        let Some(t) = types.get(&key) else { continue };
        let name = |k: &str| types.get(k).map_or(k.to_string(), |t| t.name.clone());
        diags.push(Diagnostic {
            severity: Severity::Warning,
            code: Code::BaseTypeConflict,
            file: t.sources.iter().next().cloned().unwrap_or_default().into(),
            line: 1,
            column: 1,
            message: format!(
                "{}: {} gives the base `{}` but {} gives `{}`; `{}` was kept",
                t.name,
                strong.describe(),
                name(&base),
                weaker.describe(),
                name(&other),
                name(&base),
            ),
        });
    }
    let names: BTreeMap<String, String> = types
        .iter()
        .map(|(k, t)| (k.clone(), t.name.clone()))
        .collect();
    for (key, t) in types.iter_mut() {
        if let Some((_, b)) = chosen.get(key) {
            t.base = Some(names.get(b).cloned().unwrap_or_else(|| {
                t.base
                    .clone()
                    .filter(|o| o.eq_ignore_ascii_case(b))
                    .unwrap_or_else(|| b.clone())
            }));
        }
    }
}

/// Learns which sentence contexts introduce the base, from types whose base is known
/// (`teacher`: type → base, both lowercased keys; `contexts_of`: a type's hints' contexts).
fn learn_sentences<'c>(
    types: &BTreeMap<String, TypeDraft>,
    teacher: &BTreeMap<&str, &str>,
    lookup: &dyn Fn(&str) -> Option<String>,
    contexts_of: &dyn Fn(&str) -> &'c [Vec<Context<'c>>],
) -> foldhash::HashSet<Context<'c>> {
    let roots: BTreeSet<&str> = teacher
        .values()
        .copied()
        .filter(|b| !teacher.contains_key(b))
        .collect();
    // Looked up only (what is learned is a set): hashed.
    let mut seen: foldhash::HashMap<Context, (usize, usize)> = foldhash::HashMap::default();
    let mut counted = foldhash::HashSet::default();
    for (key, base) in teacher {
        let Some(t) = types.get(*key) else { continue };
        counted.clear();
        for (hint, hint_contexts) in t.base_hints.iter().zip(contexts_of(key)) {
            let linked = lookup(&hint.linked).unwrap_or(hint.linked.to_ascii_lowercase());
            let yes = linked == *base;
            if !yes && roots.contains(base) {
                // "entity" in an annotation says little: the sentence may name a more specific
                // base, and is no evidence against its context.
                continue;
            }
            for &context in hint_contexts {
                if counted.insert((context, yes)) {
                    let e = seen.entry(context).or_default();
                    if yes { e.0 += 1 } else { e.1 += 1 }
                }
            }
        }
    }
    let mut learned: foldhash::HashSet<Context> = seen
        .iter()
        .filter(|(_, (yes, no))| *yes >= 3 && yes * 10 >= (yes + no) * 9)
        .map(|(&c, _)| c)
        .collect();
    // Only maximal contexts: "> and i" is learned only as part of "> and inherits", so it
    // must not match "and its".
    let truncated: Vec<Context> = learned
        .iter()
        .filter_map(|&c| {
            let shorter = shrink(c)?;
            (seen.get(&shorter) == seen.get(&c)).then_some(shorter)
        })
        .collect();
    for c in truncated {
        learned.remove(&c);
    }
    learned
}

/// The base a type's short preamble sentence names in a learned context (`contexts`: those of
/// its hints, in order).
fn sentence_base(
    t: &TypeDraft,
    contexts: &[Vec<Context>],
    key: &str,
    learned: &foldhash::HashSet<Context>,
    lookup: &dyn Fn(&str) -> Option<String>,
    is_enum: &dyn Fn(&str) -> bool,
) -> Option<String> {
    t.base_hints
        .iter()
        .zip(contexts)
        .find(|(h, contexts)| {
            h.short
                && lookup(&h.linked).is_some_and(|l| l != key && !is_enum(&l))
                && contexts.iter().any(|c| learned.contains(c))
        })
        .and_then(|(h, _)| lookup(&h.linked))
}

/// The last word of a type's name, lowercased (`microsoft.graph.mediaPrompt` → `prompt`).
fn last_word(key: &str) -> String {
    let name = key.rsplit('.').next().unwrap_or(key);
    super::last_word(name).to_ascii_lowercase()
}

/// The chain of bases above `key` in `chosen` (stopping at a cycle or at `stop`).
fn ancestors_in(chosen: &BTreeMap<String, (Signal, String)>, key: &str, stop: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = chosen.get(key).map(|(_, b)| b.clone());
    while let Some(b) = current {
        if out.contains(&b) || b == key {
            break;
        }
        out.push(b.clone());
        if b == stop {
            break;
        }
        current = chosen.get(&b).map(|(_, b)| b.clone());
    }
    out
}

/// The base that a type's inherited rows name: a documented type linked, the same way, from at
/// least two row descriptions (and half as many as the type has rows) whose row names it lists. Of several, the most specific: the one whose rows hold the others'.
fn rows_base(
    t: &TypeDraft,
    key: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    names_of: &dyn Fn(&str) -> BTreeSet<String>,
    has_property: &dyn Fn(&str, &str) -> bool,
    is_enum: &dyn Fn(&str) -> bool,
) -> Option<String> {
    // (base, the text before the link) → rows: inherited rows say it the same way.
    let mut by_context: BTreeMap<(String, &str), BTreeSet<String>> = BTreeMap::new();
    for (row, context, linked) in &t.row_links {
        let Some(b) = lookup(linked) else { continue };
        if b == key || is_enum(&b) {
            continue;
        }
        if has_property(&b, row) {
            let row = row.to_ascii_lowercase();
            by_context
                .entry((b, context.as_str()))
                .or_default()
                .insert(row);
        }
    }
    let mut by_base: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ((b, _), rows) in by_context {
        // Inherited rows repeat most of the base's rows; two rows that happen to link a type
        // with those properties ("equal to the skuId of the related [subscribedSku]") do not.
        if rows.len() >= 2 && rows.len() * 2 >= names_of(&b).len() {
            by_base.entry(b).or_default().extend(rows);
        }
    }
    let mut best: Option<(&String, usize)> = None;
    for (b, rows) in &by_base {
        let names = names_of(b);
        let covers = by_base
            .iter()
            .filter(|(o, _)| *o != b)
            .all(|(_, other)| other.is_subset(&names));
        if covers && best.is_none_or(|(_, n)| rows.len() > n) {
            best = Some((b, rows.len()));
        }
    }
    best.map(|(b, _)| b.clone())
}

/// A context one character shorter on its far side (`<from ` → `<rom `, `>and i` → `>and `,
/// `^inherits` → `^inherit`); none where one character or none is left to shrink.
fn shrink((side, text): Context<'_>) -> Option<Context<'_>> {
    let mut chars = text.chars();
    let (first, last) = (chars.next()?, chars.next_back()?);
    Some(match side {
        '<' => (side, &text[first.len_utf8()..]),
        _ => (side, &text[..text.len() - last.len_utf8()]),
    })
}

/// A context of a hint: its side (`<` the end of the text before the type's name, `>` the
/// start of the text after it, `^` the start of the sentence) and its text, borrowed from the
/// hint.
type Context<'h> = (char, &'h str);

/// The contexts of a hint the learning counts: the last characters before the type's name and
/// the first after it, of several lengths, each side marked.
fn contexts(h: &BaseHint) -> Vec<Context<'_>> {
    let mut out = Vec::new();
    let (before, after) = (h.before.as_str(), h.after.as_str());
    // Each side read once: for each character boundary (before the `k`th character, the last
    // at the end), its byte offset and how many letters come before it.
    let boundaries = |s: &str| {
        let mut out = Vec::with_capacity(s.len() + 1);
        let mut letters = 0;
        for (i, c) in s.char_indices() {
            out.push((i, letters));
            letters += usize::from(c.is_alphabetic());
        }
        out.push((s.len(), letters));
        out
    };
    let (b, a) = (boundaries(before), boundaries(after));
    let (before_len, after_len) = (b.len() - 1, a.len() - 1);
    let before_letters = b[before_len].1;
    for n in CONTEXT {
        if n <= before_len {
            let (at, letters) = b[before_len - n];
            if before_letters - letters >= 2 {
                out.push(('<', &before[at..]));
            }
        }
        if n <= after_len {
            let (at, letters) = a[n];
            if letters >= 2 {
                out.push(('>', &after[..at]));
            }
        }
        // How the sentence starts: translations vary the words next to the link more
        // ("Наследует [x]", "Наследуется от [x]") than the first ones.
        if n <= before_len {
            let (at, letters) = b[n];
            if letters >= 3 {
                out.push(('^', &before[..at]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeRef;
    use crate::model::extract::DraftProperty;

    fn prop(name: &str) -> DraftProperty {
        DraftProperty {
            name: name.into(),
            ty: Some(TypeRef::Primitive(crate::model::Edm::String)),
            collection: Some(false),
            navigation: false,
            description: None,
            source: "x.md".into(),
            translated_cell: None,
            cell: None,
            sample: None,
            from_resource_page: true,
            values: Vec::new(),
        }
    }

    fn ty(name: &str, props: &[&str]) -> (String, TypeDraft) {
        let draft = TypeDraft {
            name: format!("microsoft.graph.{name}"),
            properties: props.iter().map(|p| prop(p)).collect(),
            sources: ["x.md".to_string()].into(),
            ..TypeDraft::default()
        };
        (draft.name.to_ascii_lowercase(), draft)
    }

    fn hint(before: &str, linked: &str) -> BaseHint {
        BaseHint {
            before: before.into(),
            after: String::new(),
            linked: format!("microsoft.graph.{linked}"),
            short: true,
        }
    }

    fn base_of(types: &BTreeMap<String, TypeDraft>, name: &str) -> Option<String> {
        types[&format!("microsoft.graph.{name}").to_ascii_lowercase()]
            .base
            .clone()
    }

    #[test]
    fn inherited_rows_name_the_base() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("policy", &["id", "displayName", "version"]),
            ty("androidPolicy", &["id", "displayName", "version", "pin"]),
        ]
        .into();
        // "Inherited from [policy](policy.md)", the same way on two rows; a third row links
        // the base in another sentence and counts for nothing alone.
        types
            .get_mut("microsoft.graph.androidpolicy")
            .unwrap()
            .row_links = vec![
            (
                "displayName".into(),
                "geerbt von".into(),
                "microsoft.graph.policy".into(),
            ),
            (
                "version".into(),
                "geerbt von".into(),
                "microsoft.graph.policy".into(),
            ),
            ("pin".into(), "see".into(), "microsoft.graph.policy".into()),
        ];
        let mut diags = Vec::new();
        infer_bases(&mut types, &BTreeMap::new(), &BTreeMap::new(), &mut diags);
        assert_eq!(
            base_of(&types, "androidPolicy").as_deref(),
            Some("microsoft.graph.policy")
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn sentences_learned_from_annotated_pages_give_bases() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("entity", &["id"]),
            ty("base", &["id", "a"]),
            ty("other", &["id", "b"]),
            ty("d1", &["c"]),
            ty("d2", &["c"]),
            ty("d3", &["c"]),
            ty("d4", &["c"]),
            ty("d5", &["c"]),
        ]
        .into();
        for (name, base) in [("d1", "base"), ("d2", "other"), ("d3", "base")] {
            let t = types.get_mut(&format!("microsoft.graph.{name}")).unwrap();
            t.base = Some(format!("microsoft.graph.{base}"));
            t.base_hints = vec![hint("наследуется от ", base)];
        }
        // d4 says it in the learned words, d5 in words never seen with a base.
        types.get_mut("microsoft.graph.d4").unwrap().base_hints =
            vec![hint("наследуется от ", "other")];
        types.get_mut("microsoft.graph.d5").unwrap().base_hints = vec![hint("связан с ", "other")];
        let mut diags = Vec::new();
        infer_bases(&mut types, &BTreeMap::new(), &BTreeMap::new(), &mut diags);
        assert_eq!(
            base_of(&types, "d4").as_deref(),
            Some("microsoft.graph.other")
        );
        assert_eq!(base_of(&types, "d5"), None);
    }

    #[test]
    fn a_specific_base_refines_a_root_and_disagreement_is_reported() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("entity", &["id"]),
            ty("directoryObject", &["id", "deletedDateTime"]),
            ty("orgContact", &["id", "deletedDateTime", "mail"]),
            ty("policy", &["id", "displayName"]),
            ty("odd", &["id", "displayName", "deletedDateTime"]),
        ]
        .into();
        let set = |types: &mut BTreeMap<String, TypeDraft>, name: &str, base: &str| {
            let key = format!("microsoft.graph.{name}").to_ascii_lowercase();
            types.get_mut(&key).unwrap().base = Some(format!("microsoft.graph.{base}"));
        };
        set(&mut types, "directoryObject", "entity");
        set(&mut types, "policy", "entity");
        // orgContact: the annotation says the root, the rows say a type below it.
        set(&mut types, "orgContact", "entity");
        // Rows that say they are inherited from directoryObject.
        let from_directory_object = || -> Vec<(String, String, String)> {
            ["id", "deletedDateTime"]
                .into_iter()
                .map(|row| {
                    (
                        row.into(),
                        "inherited from".into(),
                        "microsoft.graph.directoryObject".into(),
                    )
                })
                .collect()
        };
        types
            .get_mut("microsoft.graph.orgcontact")
            .unwrap()
            .row_links = from_directory_object();
        // odd: the annotation and the rows name unrelated types.
        set(&mut types, "odd", "policy");
        types.get_mut("microsoft.graph.odd").unwrap().row_links = from_directory_object();
        let mut diags = Vec::new();
        infer_bases(&mut types, &BTreeMap::new(), &BTreeMap::new(), &mut diags);
        assert_eq!(
            base_of(&types, "orgContact").as_deref(),
            Some("microsoft.graph.directoryObject")
        );
        assert_eq!(
            base_of(&types, "odd").as_deref(),
            Some("microsoft.graph.policy")
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::BaseTypeConflict);
    }

    #[test]
    fn examples_fill_a_missing_base() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("operation", &["id", "status"]),
            ty("playPrompt", &["id", "status"]),
        ]
        .into();
        let subtypes = [(
            "microsoft.graph.playprompt".to_string(),
            [("microsoft.graph.operation".to_string(), 2)].into(),
        )]
        .into();
        infer_bases(&mut types, &subtypes, &BTreeMap::new(), &mut Vec::new());
        assert_eq!(
            base_of(&types, "playPrompt").as_deref(),
            Some("microsoft.graph.operation")
        );
    }

    #[test]
    fn an_annotation_without_a_base_outweighs_examples() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("operation", &["id", "status"]),
            ty("playPrompt", &["id", "status"]),
        ]
        .into();
        types.get_mut("microsoft.graph.playprompt").unwrap().no_base = true;
        let subtypes = [(
            "microsoft.graph.playprompt".to_string(),
            [("microsoft.graph.operation".to_string(), 2)].into(),
        )]
        .into();
        infer_bases(&mut types, &subtypes, &BTreeMap::new(), &mut Vec::new());
        assert_eq!(base_of(&types, "playPrompt"), None);
    }

    #[test]
    fn nested_example_values_fill_a_missing_base_of_a_type_named_after_it() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("prompt", &["id"]),
            ty("mediaPrompt", &["mediaInfo"]),
            ty("meetingParticipantInfo", &["upn"]),
            ty("identitySet", &["user"]),
        ]
        .into();
        // `prompts` (of `prompt`) holds a mediaPrompt; a property of meetingParticipantInfo
        // shows an identity set, which is not named after it.
        let nested = [
            (
                "microsoft.graph.mediaprompt".to_string(),
                [("microsoft.graph.prompt".to_string(), 1)].into(),
            ),
            (
                "microsoft.graph.identityset".to_string(),
                [("microsoft.graph.meetingparticipantinfo".to_string(), 3)].into(),
            ),
        ]
        .into();
        infer_bases(&mut types, &BTreeMap::new(), &nested, &mut Vec::new());
        assert_eq!(
            base_of(&types, "mediaPrompt").as_deref(),
            Some("microsoft.graph.prompt")
        );
        assert_eq!(base_of(&types, "identitySet"), None);
    }

    #[test]
    fn a_sentence_never_makes_a_type_derive_from_its_descendant() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("entity", &["id"]),
            ty("infoBase", &["name"]),
            ty("info", &["name", "phone"]),
            ty("d1", &["c"]),
            ty("d2", &["c"]),
            ty("d3", &["c"]),
        ]
        .into();
        for name in ["d1", "d2", "d3"] {
            let t = types.get_mut(&format!("microsoft.graph.{name}")).unwrap();
            t.base = Some("microsoft.graph.entity".into());
            t.base_hints = vec![hint("тип ", "entity")];
        }
        // info derives from infoBase (annotation); infoBase says "Базовый тип [info]", in
        // words that elsewhere name a base.
        types.get_mut("microsoft.graph.info").unwrap().base =
            Some("microsoft.graph.infoBase".into());
        types
            .get_mut("microsoft.graph.infobase")
            .unwrap()
            .base_hints = vec![hint("тип ", "info")];
        infer_bases(
            &mut types,
            &BTreeMap::new(),
            &BTreeMap::new(),
            &mut Vec::new(),
        );
        assert_eq!(base_of(&types, "infoBase"), None);
        assert_eq!(
            base_of(&types, "info").as_deref(),
            Some("microsoft.graph.infoBase")
        );
    }

    #[test]
    fn an_annotated_base_is_not_moved_to_a_descendant() {
        let mut types: BTreeMap<String, TypeDraft> = [
            ty("entity", &["id"]),
            ty("baseItem", &["id", "name"]),
            ty("list", &["id", "name", "columns"]),
            ty("listItem", &["id", "name", "fields"]),
        ]
        .into();
        let set = |types: &mut BTreeMap<String, TypeDraft>, name: &str, base: &str| {
            let key = format!("microsoft.graph.{name}").to_ascii_lowercase();
            types.get_mut(&key).unwrap().base = Some(format!("microsoft.graph.{base}"));
        };
        set(&mut types, "baseItem", "entity");
        set(&mut types, "list", "baseItem");
        set(&mut types, "listItem", "baseItem");
        // Examples show a listItem where a list is expected.
        let subtypes = [(
            "microsoft.graph.listitem".to_string(),
            [("microsoft.graph.list".to_string(), 2)].into(),
        )]
        .into();
        infer_bases(&mut types, &subtypes, &BTreeMap::new(), &mut Vec::new());
        assert_eq!(
            base_of(&types, "listItem").as_deref(),
            Some("microsoft.graph.baseItem")
        );
    }

    #[test]
    fn last_words_of_names() {
        assert_eq!(last_word("microsoft.graph.mediaPrompt"), "prompt");
        assert_eq!(last_word("microsoft.graph.prompt"), "prompt");
        assert_eq!(last_word("userIdentity"), "identity");
    }

    #[test]
    fn links_name_types() {
        assert_eq!(
            link_type("../resources/intune-deviceconfig-devicecompliancepolicy.md").as_deref(),
            Some("devicecompliancepolicy")
        );
        assert_eq!(
            link_type("/graph/api/resources/user?view=graph-rest-1.0").as_deref(),
            Some("user")
        );
        assert_eq!(link_type("https://example.com/x.md"), None);
        assert_eq!(link_type("#values"), None);
        assert_eq!(
            link_type("enums.md#printquality-values").as_deref(),
            Some("printquality")
        );
        assert_eq!(
            cell_links(
                "Key. Inherited from [deviceCompliancePolicy](../resources/intune-deviceconfig-devicecompliancepolicy.md)"
            ),
            vec![(
                "herited from".to_string(),
                "devicecompliancepolicy".to_string()
            )]
        );
        // The context starts after the row's own sentence.
        assert_eq!(
            cell_links("服务主体标识的显示名称。 继承自 [标识](../resources/identity.md)"),
            vec![("继承自".to_string(), "identity".to_string())]
        );
    }

    #[test]
    fn sentences_keep_qualified_names() {
        assert_eq!(
            sentences("Inherits from microsoft.graph.entity. Other."),
            vec!["Inherits from microsoft.graph.entity.", " Other."]
        );
        assert_eq!(sentences("表示。继承自 x。").len(), 2);
        // An abbreviation ends no sentence; a long word before a lowercase name does.
        assert_eq!(sentences("Сведения см. в описании типа x.").len(), 1);
        assert_eq!(
            sentences("Matching criteria. mailSearchFolder inherits.").len(),
            2
        );
    }

    #[test]
    fn contexts_shrink_on_their_far_side() {
        assert_eq!(shrink(('<', "from ")), Some(('<', "rom ")));
        assert_eq!(shrink(('>', "and i")), Some(('>', "and ")));
        assert_eq!(shrink(('^', "继承自")), Some(('^', "继承")));
        assert_eq!(shrink(('<', "自 ")), Some(('<', " ")));
        assert_eq!(shrink(('<', "a")), None);
        assert_eq!(shrink(('<', "")), None);
    }

    #[test]
    fn contexts_of_a_hint() {
        let h = BaseHint {
            before: "继承自 ".into(),
            after: String::new(),
            linked: "microsoft.graph.x".into(),
            short: true,
        };
        assert!(contexts(&h).contains(&('<', "继承自 ")));
        assert!(!contexts(&h).iter().any(|c| c.0 == '>'));
    }

    #[test]
    fn contexts_are_what_counting_characters_gave() {
        // What `contexts` was: each slice found by counting characters from the start.
        let old = |h: &BaseHint| {
            let mut out = Vec::new();
            let (before, after) = (h.before.as_str(), h.after.as_str());
            let (before_len, after_len) = (before.chars().count(), after.chars().count());
            let at = |s: &str, n: usize| s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
            let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
            for n in CONTEXT {
                if n <= before_len {
                    let s = &before[at(before, before_len - n)..];
                    if letters(s) >= 2 {
                        out.push(format!("<{s}"));
                    }
                }
                if n <= after_len {
                    let s = &after[..at(after, n)];
                    if letters(s) >= 2 {
                        out.push(format!(">{s}"));
                    }
                }
                if n <= before_len {
                    let s = &before[..at(before, n)];
                    if letters(s) >= 3 {
                        out.push(format!("^{s}"));
                    }
                }
            }
            out
        };
        let sides = [
            "",
            "a",
            "ab ",
            "inherits from ",
            "继承自 ",
            "наследуется от ",
            "the base type of all the items in this collection is, since 2021, ",
            "1. 2, é",
        ];
        for before in sides {
            for after in sides {
                let h = BaseHint {
                    before: before.into(),
                    after: after.into(),
                    linked: "microsoft.graph.x".into(),
                    short: true,
                };
                let new: Vec<String> = contexts(&h)
                    .into_iter()
                    .map(|(side, text)| format!("{side}{text}"))
                    .collect();
                assert_eq!(new, old(&h), "{before:?} {after:?}");
            }
        }
    }
}
