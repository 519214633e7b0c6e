//! The fifth rewrite of progenitor's output: typify's builders of the types
//! that no operation takes become the SDK's opt-in `builders` feature.
//!
//! With the builder interface, typify writes a builder beside every type
//! (`types::builder::Meeting`, `types::Meeting::builder()`), with a `Default`,
//! a `TryFrom` and a `From` impl each. The operations need only the builders
//! of their request bodies (`body_map` hands one to a closure). The other
//! builders, of response types nobody builds, are more than half of the
//! generated file and of the crate's compile time. So every builder that no
//! operation names keeps its code behind `#[cfg(feature = "builders")]`, with
//! the `builder()` function that returns it; the request bodies' builders
//! always compile.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::visit_mut::VisitMut;

/// The SDK's feature that turns the response types' builders on.
pub const FEATURE: &str = "builders";

/// What [`make_builders_optional`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// Builders the operations name, left as they were.
    pub kept: BTreeSet<String>,
    /// Builder structs and impls put behind the feature.
    pub gated_items: usize,
    /// `builder()` functions put behind the feature.
    pub gated_functions: usize,
}

/// Puts every builder in `file` that no operation names behind [`FEATURE`].
pub fn make_builders_optional(file: &mut syn::File) -> Rewritten {
    let mut named = NamedBuilders::default();
    named.visit_file(file);
    let mut rewriter = Rewriter {
        rewritten: Rewritten {
            kept: named.names,
            ..Rewritten::default()
        },
    };
    rewriter.visit_file_mut(file);
    rewriter.rewritten
}

/// The `X` of every `types::builder::X` outside the `types` module: what the
/// operations use.
#[derive(Default)]
struct NamedBuilders {
    names: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for NamedBuilders {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if module.ident != "types" {
            syn::visit::visit_item_mod(self, module);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let [.., types, builder, name] = names.as_slice()
            && types == "types"
            && builder == "builder"
        {
            self.names.insert(name.clone());
        }
        syn::visit::visit_path(self, path);
    }
}

struct Rewriter {
    rewritten: Rewritten,
}

impl VisitMut for Rewriter {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if module.ident == "types" {
            let Some((_, items)) = &mut module.content else {
                return;
            };
            for item in items {
                match item {
                    syn::Item::Mod(builders) if builders.ident == "builder" => {
                        self.gate_builder_module(builders)
                    }
                    syn::Item::Impl(inherent) if inherent.trait_.is_none() => {
                        self.gate_builder_functions(inherent)
                    }
                    _ => {}
                }
            }
            return;
        }
        syn::visit_mut::visit_item_mod_mut(self, module);
    }
}

impl Rewriter {
    /// Puts `attrs` behind the feature when `name` is a builder no operation
    /// names; says whether it did.
    fn gate(&self, name: Option<String>, attrs: &mut Vec<syn::Attribute>) -> bool {
        match name {
            Some(name) if !self.rewritten.kept.contains(&name) => {
                let feature = FEATURE;
                attrs.push(syn::parse_quote!(#[cfg(feature = #feature)]));
                true
            }
            _ => false,
        }
    }

    /// Inside `types::builder`: each struct and impl, by the type it is about.
    fn gate_builder_module(&mut self, module: &mut syn::ItemMod) {
        let Some((_, items)) = &mut module.content else {
            return;
        };
        for item in items {
            let (name, attrs) = match item {
                syn::Item::Struct(s) => (Some(s.ident.to_string()), &mut s.attrs),
                syn::Item::Impl(i) => (last_ident(&i.self_ty), &mut i.attrs),
                _ => continue,
            };
            if self.gate(name, attrs) {
                self.rewritten.gated_items += 1;
            }
        }
    }

    /// `impl X { pub fn builder() -> builder::X }` in `types`.
    fn gate_builder_functions(&mut self, inherent: &mut syn::ItemImpl) {
        for item in &mut inherent.items {
            let syn::ImplItem::Fn(function) = item else {
                continue;
            };
            if function.sig.ident != "builder" {
                continue;
            }
            let syn::ReturnType::Type(_, returned) = &function.sig.output else {
                continue;
            };
            if self.gate(last_ident(returned), &mut function.attrs) {
                self.rewritten.gated_functions += 1;
            }
        }
    }
}

/// `X` of `X`, `super::X` or `builder::X`.
fn last_ident(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    path.path.segments.last().map(|s| s.ident.to_string())
}

#[cfg(test)]
mod tests {
    use super::make_builders_optional;

    #[test]
    fn only_the_builders_no_operation_names_go_behind_the_feature() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Meeting { pub id: i64 }
                impl Meeting {
                    pub fn builder() -> builder::Meeting { Default::default() }
                }
                pub struct Body { pub action: i64 }
                impl Body {
                    pub fn builder() -> builder::Body { Default::default() }
                }
                pub mod builder {
                    pub struct Meeting { id: Result<i64, String> }
                    impl Default for Meeting { fn default() -> Self { todo!() } }
                    impl TryFrom<Meeting> for super::Meeting {
                        type Error = String;
                        fn try_from(v: Meeting) -> Result<Self, String> { todo!() }
                    }
                    impl From<super::Meeting> for Meeting { fn from(v: super::Meeting) -> Self { todo!() } }
                    pub struct Body { action: Result<i64, String> }
                    impl Default for Body { fn default() -> Self { todo!() } }
                }
            }
            pub mod builder {
                pub struct RecoverOp { body: Result<types::builder::Body, String> }
            }
        };
        let rewritten = make_builders_optional(&mut file);
        assert_eq!(rewritten.kept.iter().collect::<Vec<_>>(), ["Body"]);
        assert_eq!(
            rewritten.gated_items, 4,
            "the Meeting builder's struct and its three impls"
        );
        assert_eq!(rewritten.gated_functions, 1);
        let text = prettyplease::unparse(&file);
        let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for gated in [
            "#[cfg(feature = \"builders\")] pub fn builder() -> builder::Meeting",
            "#[cfg(feature = \"builders\")] pub struct Meeting { id: Result",
            "#[cfg(feature = \"builders\")] impl Default for Meeting",
            "#[cfg(feature = \"builders\")] impl TryFrom<Meeting> for super::Meeting",
            "#[cfg(feature = \"builders\")] impl From<super::Meeting> for Meeting",
        ] {
            assert!(squeezed.contains(gated), "missing `{gated}` in {text}");
        }
        assert_eq!(squeezed.matches("cfg(feature").count(), 5, "{text}");
        assert!(
            squeezed.contains("pub struct Meeting { pub id: i64, }"),
            "the type itself stays: {text}"
        );
    }
}
