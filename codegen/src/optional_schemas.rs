//! The fourth rewrite of progenitor's output: JSON Schema support becomes the
//! SDK's opt-in `schemars` feature.
//!
//! The generator is asked for `schemars::JsonSchema` on every type (so a
//! service can publish the schemas of what it stores), and typify writes a
//! hand-rolled `impl ::schemars::JsonSchema` for integer enums. Compiled by
//! default, that support costs every user a second `syn`, `schemars_derive`
//! and the expansion of a derive over every type: a large share of a clean
//! build of a program that only lists recordings. So each derive of
//! [`DERIVE`] moves into `#[cfg_attr(feature = "schemars", derive(..))]` and
//! each impl of it gets `#[cfg(feature = "schemars")]`; every other derive
//! stays where it was.

use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Token};

/// The derive that moves behind the feature, as the generator writes it.
pub const DERIVE: &str = "schemars::JsonSchema";
/// The SDK's feature that turns JSON Schema support on.
pub const FEATURE: &str = "schemars";

/// What [`make_schemas_optional`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// Derives moved behind the feature.
    pub derives: usize,
    /// `impl JsonSchema` blocks put behind the feature.
    pub impls: usize,
}

/// Puts every JSON Schema derive and impl in `file` behind [`FEATURE`].
pub fn make_schemas_optional(file: &mut syn::File) -> Rewritten {
    let mut rewriter = Rewriter::default();
    rewriter.visit_file_mut(file);
    rewriter.rewritten
}

#[derive(Default)]
struct Rewriter {
    rewritten: Rewritten,
}

impl VisitMut for Rewriter {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        self.rewritten.derives += move_derive(&mut item.attrs);
        syn::visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        self.rewritten.derives += move_derive(&mut item.attrs);
        syn::visit_mut::visit_item_enum_mut(self, item);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        if let Some((path, _)) = &item.trait_
            && is_json_schema(path)
        {
            let feature = FEATURE;
            item.attrs.push(syn::parse_quote!(#[cfg(feature = #feature)]));
            self.rewritten.impls += 1;
        }
        syn::visit_mut::visit_item_impl_mut(self, item);
    }
}

/// `schemars::JsonSchema`, with or without a leading `::`.
fn is_json_schema(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    names == ["schemars", "JsonSchema"]
}

/// Takes the JSON Schema derive out of each `#[derive(..)]` in `attrs` and
/// adds it back behind the feature. Returns how many were moved.
fn move_derive(attrs: &mut Vec<Attribute>) -> usize {
    let mut moved = 0;
    let mut index = 0;
    while index < attrs.len() {
        let attr = &attrs[index];
        index += 1;
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(derives) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated) else {
            continue;
        };
        let (schema, kept): (Vec<syn::Path>, Vec<syn::Path>) = derives.into_iter().partition(is_json_schema);
        if schema.is_empty() {
            continue;
        }
        let feature = FEATURE;
        let gated: Attribute =
            syn::parse_quote!(#[cfg_attr(feature = #feature, derive(schemars::JsonSchema))]);
        if kept.is_empty() {
            attrs[index - 1] = gated;
        } else {
            attrs[index - 1] = syn::parse_quote!(#[derive(#(#kept),*)]);
            attrs.insert(index, gated);
            index += 1;
        }
        moved += 1;
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::{Rewritten, make_schemas_optional};

    #[test]
    fn the_schema_derive_and_impls_go_behind_the_feature_and_nothing_else_moves() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Serialize, Clone, Debug, schemars::JsonSchema, PartialEq)]
                #[serde(deny_unknown_fields)]
                pub struct Page { pub a: i64 }
                #[derive(Clone, schemars::JsonSchema)]
                pub enum Kind { A }
                #[derive(schemars::JsonSchema)]
                pub struct OnlySchema;
                #[derive(Clone, Debug)]
                pub struct NoSchema;
                impl ::schemars::JsonSchema for Kind {
                    fn schema_name() -> String { String::new() }
                }
                impl ::std::fmt::Display for Kind {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result { Ok(()) }
                }
            }
        };
        let rewritten = make_schemas_optional(&mut file);
        assert_eq!(rewritten, Rewritten { derives: 3, impls: 1 });
        let text = prettyplease::unparse(&file);
        let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            squeezed.contains(
                "#[derive(::serde::Serialize, Clone, Debug, PartialEq)] \
                 #[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))] \
                 #[serde(deny_unknown_fields)] pub struct Page"
            ),
            "{text}"
        );
        assert!(
            squeezed.contains(
                "#[derive(Clone)] #[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))] pub enum Kind"
            ),
            "{text}"
        );
        assert!(
            squeezed.contains(
                "#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))] pub struct OnlySchema"
            ),
            "{text}"
        );
        assert!(
            squeezed.contains("#[derive(Clone, Debug)] pub struct NoSchema"),
            "{text}"
        );
        assert!(
            squeezed.contains("#[cfg(feature = \"schemars\")] impl ::schemars::JsonSchema for Kind"),
            "{text}"
        );
        assert!(
            !squeezed.contains("#[cfg(feature = \"schemars\")] impl ::std::fmt::Display"),
            "{text}"
        );
        assert_eq!(
            squeezed.matches("JsonSchema").count(),
            4,
            "three gated derives and one gated impl, no ungated one: {text}"
        );
    }
}
