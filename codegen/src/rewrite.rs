//! One rewrite of progenitor's output, declared here with its reason.
//!
//! progenitor decodes every response body with
//! `ResponseValue::from_response(response)`. When a body does not decode, its
//! error (`InvalidResponsePayload`) holds the raw bytes, and progenitor-client
//! prints them in `Display` and `Debug`: a `download_access_token` or a
//! passcode in the body would reach logs. It also cannot tell a gateway's HTML
//! error page from a malformed success, and it does not say which operation
//! or field failed. So each call becomes
//! `crate::decode::response_value(response, "<operation_id>")`, the SDK's
//! drop-in with the same signature that keeps secrets out of errors, names the
//! operation and the failing field, and types non-JSON error answers by their
//! status. Besides this, only the derived `Deserialize` of response objects
//! is replaced (see [`crate::open_objects`]) and path parameters go through a
//! function that refuses dot segments (see [`crate::path_segments`]); nothing
//! else is touched.

use syn::visit::Visit;
use syn::visit_mut::VisitMut;

/// The function every body decode is routed through.
pub const RESPONSE_DECODER: &str = "crate::decode::response_value";

/// Routes every `ResponseValue::from_response(r)` inside an operation's `send`
/// to [`RESPONSE_DECODER`]`(r, "<operation_id>")`. Returns how many calls were rewritten.
pub fn route_body_decoding(file: &mut syn::File) -> usize {
    let mut rewriter = Rewriter { rewritten: 0 };
    rewriter.visit_file_mut(file);
    rewriter.rewritten
}

struct Rewriter {
    rewritten: usize,
}

impl VisitMut for Rewriter {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let mut finder = OperationId(None);
        finder.visit_block(&function.block);
        if let Some(operation_id) = finder.0 {
            let mut calls = Calls {
                operation_id,
                rewritten: 0,
            };
            calls.visit_block_mut(&mut function.block);
            self.rewritten += calls.rewritten;
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, function);
    }
}

/// Finds `OperationInfo { operation_id: "…" }` in an operation's body.
struct OperationId(Option<syn::LitStr>);

impl Visit<'_> for OperationId {
    fn visit_expr_struct(&mut self, expr: &syn::ExprStruct) {
        let is_info = expr
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "OperationInfo");
        for field in expr.fields.iter().filter(|_| is_info) {
            let named = matches!(&field.member, syn::Member::Named(name) if name == "operation_id");
            if let (
                true,
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(id),
                    ..
                }),
            ) = (named, &field.expr)
            {
                self.0 = Some(id.clone());
            }
        }
        syn::visit::visit_expr_struct(self, expr);
    }
}

struct Calls {
    operation_id: syn::LitStr,
    rewritten: usize,
}

impl VisitMut for Calls {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, call);
        let syn::Expr::Path(function) = call.func.as_ref() else {
            return;
        };
        let names: Vec<String> = function
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if names != ["ResponseValue", "from_response"] {
            return;
        }
        let decoder: syn::Path = syn::parse_str(RESPONSE_DECODER).expect("a valid path");
        *call.func = syn::Expr::Path(syn::ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: decoder,
        });
        call.args.push(syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Str(self.operation_id.clone()),
        }));
        self.rewritten += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::route_body_decoding;

    #[test]
    fn only_body_decoding_inside_operations_is_rerouted() {
        let mut file: syn::File = syn::parse_quote! {
            impl Op {
                pub async fn send(self) {
                    let info = OperationInfo { operation_id: "recording_get" };
                    match status {
                        200u16 => ResponseValue::from_response(response).await,
                        _ => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),
                    }
                }
            }
            fn elsewhere() { ResponseValue::from_response(response) }
        };
        assert_eq!(route_body_decoding(&mut file), 2);
        let text = quote::quote!(#file).to_string();
        assert_eq!(
            text.matches("crate :: decode :: response_value (response , \"recording_get\")")
                .count(),
            2
        );
        assert_eq!(
            text.matches("ResponseValue :: from_response").count(),
            1,
            "outside operations: untouched"
        );
    }
}
