//! The second rewrite of progenitor's output: response objects decode their
//! unknown fields in one pass.
//!
//! The `responses-keep-unknown-fields` patch gives every response object
//! `additionalProperties: {}`, which typify renders as
//! `#[serde(flatten)] pub extra: Map<String, Value>` on a struct that derives
//! `Deserialize`. serde decodes a struct with a flattened field by first
//! buffering every field of the object, known ones included, into an
//! intermediate tree and then decoding that tree a second time: on a page of
//! recordings that more than doubles the decode time. So each such struct
//! loses its derived `Deserialize` and gets
//! [`OBJECT_MACRO`]`! { Name { field = "wire", .. } .. extra }` instead, the
//! SDK's one-pass impl (`sdk/src/quirks/open_object.rs`) that decodes the same
//! JSON to the same value. `flatten` stays on the field: `Serialize` and the
//! JSON Schema still use it.
//!
//! The rewrite knows the serde attributes typify emits on these structs
//! (`rename`, `default`, `skip_serializing_if`, `flatten`); any other one
//! could change how a field decodes, so it stops generation with an error
//! naming the struct and the attribute instead of producing a different
//! decoder.

use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Fields, Item, ItemStruct, Token};

/// The macro that declares the one-pass `Deserialize`.
pub const OBJECT_MACRO: &str = "crate::quirks::open_object";

/// One field as the macro needs it.
struct FieldSpec {
    ident: syn::Ident,
    wire: String,
    default: bool,
}

/// Rewrites every struct in `file` (nested modules included) that derives
/// `Deserialize` and has a `#[serde(flatten)]` field. Returns how many were
/// rewritten, or what could not be rewritten.
pub fn decode_in_one_pass(file: &mut syn::File) -> Result<usize, String> {
    rewrite_items(&mut file.items)
}

fn rewrite_items(items: &mut Vec<Item>) -> Result<usize, String> {
    let mut rewritten = 0;
    let mut index = 0;
    while index < items.len() {
        match &mut items[index] {
            Item::Mod(module) => {
                if let Some((_, inner)) = module.content.as_mut() {
                    rewritten += rewrite_items(inner)?;
                }
            }
            Item::Struct(item) => {
                if let Some(invocation) = rewrite_struct(item)? {
                    items.insert(index + 1, invocation);
                    index += 1;
                    rewritten += 1;
                }
            }
            _ => {}
        }
        index += 1;
    }
    Ok(rewritten)
}

/// Drops the derived `Deserialize` of a struct with a flattened field and
/// returns the macro invocation that replaces it; `None` for any other struct.
fn rewrite_struct(item: &mut ItemStruct) -> Result<Option<Item>, String> {
    let name = item.ident.to_string();
    let Fields::Named(named) = &item.fields else {
        return Ok(None);
    };
    if !named.named.iter().any(|f| is_flattened(&f.attrs)) || !derives_deserialize(item) {
        return Ok(None);
    }
    let mut flattened = Vec::new();
    let mut fields = Vec::new();
    for field in &named.named {
        let ident = field
            .ident
            .clone()
            .ok_or_else(|| format!("{name}: a named field without a name"))?;
        let attrs = field_attrs(&field.attrs).map_err(|e| format!("{name}.{ident}: {e}"))?;
        if attrs.flatten {
            flattened.push(ident);
        } else {
            fields.push(FieldSpec {
                wire: attrs.rename.unwrap_or_else(|| ident.to_string()),
                default: attrs.default,
                ident,
            });
        }
    }
    let [extra] = flattened.as_slice() else {
        return Err(format!("{name}: more than one flattened field"));
    };
    if !item.generics.params.is_empty() {
        return Err(format!("{name}: a generic struct with a flattened field"));
    }
    if let Some(attr) = item.attrs.iter().find(|a| a.path().is_ident("serde")) {
        return Err(format!(
            "{name}: container attribute `{}` on a struct with a flattened field",
            quote!(#attr)
        ));
    }
    drop_derived_deserialize(item)?;
    let path: syn::Path = syn::parse_str(OBJECT_MACRO).map_err(|e| e.to_string())?;
    let ident = &item.ident;
    let entries = fields.iter().map(|field| {
        let FieldSpec { ident, wire, default } = field;
        if *default {
            quote!(#ident = #wire (default),)
        } else {
            quote!(#ident = #wire,)
        }
    });
    Ok(Some(syn::parse_quote! {
        #path! {
            #ident { #(#entries)* } .. #extra
        }
    }))
}

/// Whether a field carries `#[serde(flatten)]` (other keys are read past).
fn is_flattened(attrs: &[syn::Attribute]) -> bool {
    let mut flatten = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("flatten") {
                flatten = true;
            } else if meta.input.peek(Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    flatten
}

/// Whether the struct's `#[derive(..)]` names `Deserialize`.
fn derives_deserialize(item: &ItemStruct) -> bool {
    item.attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|attr| {
            attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .is_ok_and(|derives| derives.iter().any(is_deserialize))
        })
}

fn is_deserialize(path: &syn::Path) -> bool {
    path.segments.last().is_some_and(|s| s.ident == "Deserialize")
}

/// Removes `Deserialize` from the struct's `#[derive(..)]`.
fn drop_derived_deserialize(item: &mut ItemStruct) -> Result<(), String> {
    for attr in item.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let derives = attr
            .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            .map_err(|e| format!("{}: unreadable derive: {e}", item.ident))?;
        let kept: Vec<syn::Path> = derives.into_iter().filter(|path| !is_deserialize(path)).collect();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    Ok(())
}

/// The serde attributes of one field.
#[derive(Default)]
struct FieldAttrs {
    rename: Option<String>,
    default: bool,
    flatten: bool,
}

fn field_attrs(attrs: &[syn::Attribute]) -> Result<FieldAttrs, String> {
    let mut found = FieldAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found.rename = Some(value.value());
            } else if meta.path.is_ident("default") {
                if meta.input.peek(Token![=]) {
                    return Err(meta.error("`default = ..` is not supported"));
                }
                found.default = true;
            } else if meta.path.is_ident("flatten") {
                found.flatten = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                let _: syn::LitStr = meta.value()?.parse()?;
            } else {
                let path = &meta.path;
                return Err(meta.error(format!("unsupported serde attribute `{}`", quote!(#path))));
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::decode_in_one_pass;

    fn rewrite(file: syn::File) -> Result<String, String> {
        let mut file = file;
        decode_in_one_pass(&mut file)?;
        Ok(quote::quote!(#file).to_string())
    }

    #[test]
    fn flattened_structs_get_the_macro_and_keep_serialize() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
                pub struct Meeting {
                    #[serde(skip_serializing_if = "Option::is_none")]
                    pub uuid: Option<String>,
                    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
                    pub type_: Option<i64>,
                    #[serde(default, skip_serializing_if = "Vec::is_empty")]
                    pub files: Vec<File>,
                    #[serde(flatten)]
                    pub extra: Map<String, Value>,
                }
                #[derive(::serde::Deserialize, ::serde::Serialize)]
                pub struct Closed {
                    pub code: i64,
                }
            }
        };
        let text = rewrite(file).unwrap();
        assert_eq!(
            text.matches("crate :: quirks :: open_object ! { Meeting { uuid = \"uuid\" , type_ = \"type\" , files = \"files\" (default) , } .. extra }").count(),
            1,
            "{text}"
        );
        assert!(
            text.contains("# [derive (:: serde :: Serialize , Clone)] pub struct Meeting"),
            "{text}"
        );
        assert!(
            text.contains("# [derive (:: serde :: Deserialize , :: serde :: Serialize)] pub struct Closed"),
            "a struct without a flattened field is untouched: {text}"
        );
        assert!(text.contains("# [serde (flatten)] pub extra"), "{text}");
    }

    #[test]
    fn an_attribute_that_changes_decoding_stops_generation() {
        let file: syn::File = syn::parse_quote! {
            #[derive(::serde::Deserialize)]
            pub struct Meeting {
                #[serde(alias = "meeting_uuid")]
                pub uuid: Option<String>,
                #[serde(flatten)]
                pub extra: Map<String, Value>,
            }
        };
        let error = rewrite(file).unwrap_err();
        assert!(
            error.contains("Meeting.uuid") && error.contains("alias"),
            "{error}"
        );
    }

    #[test]
    fn a_container_attribute_stops_generation() {
        let file: syn::File = syn::parse_quote! {
            #[derive(::serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct Meeting {
                #[serde(flatten)]
                pub extra: Map<String, Value>,
            }
        };
        let error = rewrite(file).unwrap_err();
        assert!(
            error.contains("Meeting") && error.contains("deny_unknown_fields"),
            "{error}"
        );
    }
}
