//! The API model of docs-input: a snapshot, and the same model from the Russian translation.

use graphdoc::model::{ApiModel, TypeDef};
use graphdoc::ops::Operations;
use graphdoc::{Reader, ReaderOptions};
use std::path::Path;

/// The types and operations of a doc set, through the pipeline's stages.
fn model_of(dir: &str) -> (ApiModel, Operations) {
    let (files, problems) = graphdoc::docset::collect_pages(&[Path::new(dir).to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    let pages = Reader::read_files(&ReaderOptions::default(), &files);
    let (model, diags) = graphdoc::model::build(&pages);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let ops = graphdoc::ops::build(&pages, &model);
    (model, ops)
}

/// What `graphdoc model` prints for a doc set.
fn model_json(dir: &str) -> serde_json::Value {
    let (model, ops) = model_of(dir);
    graphdoc::codegen::plan(&model, &ops).model_json(&[])
}

#[test]
fn docs_input_model() {
    insta::assert_json_snapshot!("docs_input_model", model_json("docs-input"));
}

/// What a type says, without its descriptions and sources (which differ by language).
fn shape(t: &TypeDef) -> serde_json::Value {
    serde_json::json!({
        "kind": t.kind,
        "base": t.base,
        "key": t.key,
        "properties": t.properties.iter().map(|p| (&p.name, p.ty.odata_name(), p.collection, p.navigation)).collect::<Vec<_>>(),
        "members": t.members.iter().map(|m| &m.name).collect::<Vec<_>>(),
    })
}

#[test]
fn translations_give_the_same_model() {
    let (en, _) = model_of("docs-input");
    let (ru, _) = model_of("docs-input/ru-ru");
    let (en, ru) = (&en.versions["beta"], &ru.versions["beta"]);
    assert!(!ru.is_empty());
    for (_, t) in ru.iter() {
        let id = en
            .lookup(&t.name)
            .unwrap_or_else(|| panic!("{} is not in the English model", t.name));
        assert_eq!(shape(t), shape(en.get(id)), "{}", t.name);
    }
}

/// The Russian pages give the same operations: ids, URL forms, parameters, bodies and
/// responses.
#[test]
fn translations_give_the_same_operations() {
    let operations = |dir: &str| -> Vec<serde_json::Value> {
        let json = model_json(dir);
        json["operations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["version"] == "beta")
            .map(|o| {
                let mut o = o.clone();
                for key in ["page", "deprecated", "examples"] {
                    o.as_object_mut().unwrap().remove(key);
                }
                o
            })
            .collect()
    };
    let en = operations("docs-input");
    let ru = operations("docs-input/ru-ru");
    assert!(!ru.is_empty());
    for op in &ru {
        let twin = en
            .iter()
            .find(|o| o["id"] == op["id"])
            .unwrap_or_else(|| panic!("{} is not in the English model", op["id"]));
        assert_eq!(op, twin, "{}", op["id"]);
    }
}
