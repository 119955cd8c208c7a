//! The API model of docs-input: a snapshot, and the same model from the Russian translation.

use graphdoc::model::{ApiModel, TypeDef};
use graphdoc::{Reader, ReaderOptions};
use std::path::Path;

fn model_of(dir: &str) -> ApiModel {
    let (files, problems) = graphdoc::docset::collect_pages(&[Path::new(dir).to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    let pages = Reader::read_files(&ReaderOptions::default(), &files);
    let (model, diags) = graphdoc::model::build(&pages);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    model
}

#[test]
fn docs_input_model() {
    let model = model_of("docs-input");
    insta::assert_json_snapshot!("docs_input_model", model.to_score_json(&[]));
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
    let en = model_of("docs-input");
    let ru = model_of("docs-input/ru-ru");
    let (en, ru) = (&en.versions["beta"], &ru.versions["beta"]);
    assert!(!ru.is_empty());
    for (_, t) in ru.iter() {
        let id = en
            .lookup(&t.name)
            .unwrap_or_else(|| panic!("{} is not in the English model", t.name));
        assert_eq!(shape(t), shape(en.get(id)), "{}", t.name);
    }
}

/// The Russian pages give the same operations: ids, URL forms, bodies and responses.
#[test]
fn translations_give_the_same_operations() {
    let en = model_of("docs-input");
    let ru = model_of("docs-input/ru-ru");
    let ru_ops = &ru.operations["beta"];
    assert!(!ru_ops.is_empty());
    for op in ru_ops {
        let twin = en.operations["beta"]
            .iter()
            .find(|o| o.id == op.id)
            .unwrap_or_else(|| panic!("{} is not in the English model", op.id));
        let shape = |o: &graphdoc::ops::Operation| {
            let mut v = o.to_json();
            for key in ["page", "deprecated", "examples"] {
                v.as_object_mut().unwrap().remove(key);
            }
            (v, o.name.clone(), o.variants.clone())
        };
        assert_eq!(shape(op), shape(twin), "{}", op.id);
    }
}
