//! The layout of a standalone crate: each version a folder, its types and stubs in one module
//! per area of the docs behind the area's cargo feature (placed by [`super::layout`]), and
//! files no larger than [`MAX_FILE_BYTES`], so that an editor opens any one of them.
//!
//! ```text
//! src/lib.rs            versions and the runtime
//! src/v1_0/mod.rs       `pub use` of every area's types, the `ops` module
//! src/v1_0/shared.rs    types of more than one area (each behind the features of its areas)
//! src/v1_0/outlook.rs   the area `outlook` (feature `outlook`)
//! src/v1_0/intune/      a larger area: `mod.rs` and `part_1.rs`, `part_2.rs`, …
//! src/v1_0/ops/…        the stubs, the same way
//! ```
//!
//! Every type is re-exported at the version's root and every stub at `ops`, so paths are the
//! same whatever the features (`v1_0::User`, `v1_0::ops::UserGet`).

use super::layout::{self, Gates, VersionLayout};
use super::plan::{Plan, VersionPlan};
use super::type_items;
use super::{Doc, Emitted, HEADER, VersionFiles, emit_root, ident, join_items, ops, parse};
use super::{unparse_item, uses_client};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The largest a file gets, unless one item is larger.
pub(crate) const MAX_FILE_BYTES: usize = 900_000;

/// The module of the types every feature builds.
const SHARED: &str = "shared";

/// The files of a standalone crate's `src/` (`mod.rs` is the library root) and the features
/// that gate them. `ms_prod` maps each page (as the model and the operations name it) to its
/// `ms.prod` front matter.
pub fn emit_crate(plan: &Plan, ms_prod: &BTreeMap<String, String>) -> Emitted {
    use rayon::prelude::*;
    let versions: Vec<VersionFiles> = plan
        .versions
        .par_iter()
        .map(|version| crate_version_files(version, ms_prod))
        .collect();
    emit_root(plan, versions)
}

/// One version's folder of a standalone crate, and the features gating it. `ms_prod` needs
/// the pages of this version only.
pub(crate) fn crate_version_files(
    version: &VersionPlan,
    ms_prod: &BTreeMap<String, String>,
) -> VersionFiles {
    let layout = layout::layout(version, ms_prod);
    let mut out = VersionFiles::default();
    out.features
        .extend(layout.type_area.iter().flatten().cloned());
    out.features
        .extend(layout.op_area.iter().flatten().cloned());
    version_files(version, &layout, &mut out.files);
    out
}

/// Items grouped by area (`None`: shared first), each group in plan order.
fn by_area(areas: &[Option<String>]) -> BTreeMap<Option<&str>, Vec<usize>> {
    let mut groups: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, a) in areas.iter().enumerate() {
        groups.entry(a.as_deref()).or_default().push(i);
    }
    groups
}

fn version_files(
    version: &VersionPlan,
    layout: &VersionLayout,
    files: &mut BTreeMap<String, String>,
) {
    use rayon::prelude::*;
    let dir = &version.module;
    let mut root = TokenStream::new();
    if uses_client(version) {
        // The runtime's helpers, reached by every area through `use super::*`.
        root.extend(quote! {
            #[allow(unused_imports)]
            use super::client;
        });
    }
    for (area, indices) in by_area(&layout.type_area) {
        let printed: Vec<Vec<String>> = indices
            .par_iter()
            .map(|&i| {
                // Doc lines as placeholders while the items are built and printed.
                let _deferred = super::docs::defer();
                type_items(&version.types[i], &Gates::of_type(layout, i))
            })
            .collect();
        let module = area.unwrap_or(SHARED);
        root.extend(area_module(
            &format!("{dir}/{module}"),
            module,
            area,
            printed,
            |depth| {
                let up = supers(depth);
                quote!(#[allow(unused_imports)] use #up *;)
            },
            files,
        ));
    }
    if !version.ops.is_empty() {
        let doc = ops::ops_doc(version);
        root.extend(quote! { #doc pub mod ops; });
        ops_files(version, layout, files);
    }
    files.insert(format!("{dir}/mod.rs"), render_items(root));
}

/// `super::` `depth` times.
fn supers(depth: usize) -> TokenStream {
    let mut t = TokenStream::new();
    for _ in 0..depth {
        t.extend(quote!(super::));
    }
    t
}

fn ops_files(version: &VersionPlan, layout: &VersionLayout, files: &mut BTreeMap<String, String>) {
    use rayon::prelude::*;
    let dir = format!("{}/ops", version.module);
    let mut root = TokenStream::new();
    for (area, indices) in by_area(&layout.op_area) {
        // The stubs of one area sit in `ops/area.rs` or, when large, `ops/area/part_N.rs`:
        // the version's types are two or three modules up. Printed for `ops/area.rs` first,
        // and again only when they do not fit in one file.
        let print = |depth: usize| -> Vec<Vec<String>> {
            indices
                .par_iter()
                .map(|&i| {
                    let o = &version.ops[i];
                    let cfg = Gates::of_op(layout, i).op_attr(o.body.as_ref(), &o.output);
                    ops::stub_items(o, &"super::".repeat(depth), cfg.as_deref())
                })
                .collect()
        };
        let module = area.unwrap_or(SHARED);
        let single = print(2);
        let items = if fits_one_file(&single) {
            single
        } else {
            print(3)
        };
        root.extend(area_module(
            &format!("{dir}/{module}"),
            module,
            area,
            items,
            // The runtime, at the crate's root: `ops` and the version are two modules up.
            |depth| {
                let up = supers(depth + 2);
                quote!(
                    #[allow(unused_imports)]
                    use #up client;
                )
            },
            files,
        ));
    }
    files.insert(format!("{dir}/mod.rs"), render_items(root));
}

fn fits_one_file(groups: &[Vec<String>]) -> bool {
    groups.iter().map(|g| group_len(g)).sum::<usize>() <= MAX_FILE_BYTES
}

fn group_len(items: &[String]) -> usize {
    items.iter().map(String::len).sum()
}

/// Writes the items of one area as `path.rs`, or as `path/mod.rs` and `path/part_N.rs` when
/// they exceed [`MAX_FILE_BYTES`]; returns the declaration of the module and its re-export.
/// `groups`: the items of one type or one stub each, which stay in one file (a stub's impls
/// beside its struct). `import(depth)`: what a file `depth` modules below the version (or
/// `ops`) imports first.
fn area_module(
    path: &str,
    module: &str,
    area: Option<&str>,
    groups: Vec<Vec<String>>,
    import: impl Fn(usize) -> TokenStream,
    files: &mut BTreeMap<String, String>,
) -> TokenStream {
    // The module of an area needs its feature; `shared` none.
    let gate = layout::cfg_attr(area);
    let name = ident(module);
    if fits_one_file(&groups) {
        files.insert(
            format!("{path}.rs"),
            file_text(import(1), groups.into_iter().flatten()),
        );
    } else {
        let mut parts: Vec<Vec<String>> = vec![Vec::new()];
        let mut size = 0;
        for group in groups {
            let len = group_len(&group);
            if size + len > MAX_FILE_BYTES && !parts.last().is_some_and(Vec::is_empty) {
                parts.push(Vec::new());
                size = 0;
            }
            size += len;
            if let Some(p) = parts.last_mut() {
                p.extend(group);
            }
        }
        let mut decls = TokenStream::new();
        for (n, part) in parts.into_iter().enumerate() {
            let part_name = format!("part_{}", n + 1);
            let part_ident = ident(&part_name);
            decls.extend(quote! {
                mod #part_ident;
                #[allow(unused_imports)]
                pub use self::#part_ident::*;
            });
            files.insert(format!("{path}/{part_name}.rs"), file_text(import(2), part));
        }
        files.insert(format!("{path}/mod.rs"), render_items(decls));
    }
    let doc = match area {
        Some(a) => Doc::new()
            .note(
                "The area {} of the docs (`ms.prod`), behind the feature of that name.",
                &[a],
            )
            .attrs(),
        None => Doc::new()
            .text(
                "Types that more than one area uses, or no area claims. Each is built when the \
                 feature of an area that uses it is on (the `#[cfg]` on its items), and always \
                 when no one area reaches it.",
            )
            .attrs(),
    };
    quote! {
        #doc
        #gate
        mod #name;
        // Empty when every stub of the area needs another area's feature too.
        #gate
        #[allow(unused_imports)]
        pub use self::#name::*;
    }
}

fn file_text(import: TokenStream, items: impl IntoIterator<Item = String>) -> String {
    let mut out = render_items(import);
    join_items(&mut out, items);
    out
}

fn render_items(tokens: TokenStream) -> String {
    let mut out = String::from(HEADER);
    join_items(&mut out, parse(tokens).items.into_iter().map(unparse_item));
    out
}
