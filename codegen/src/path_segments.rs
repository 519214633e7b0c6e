//! The third rewrite of progenitor's output: path parameters that would change
//! which resource a request names are refused before it is sent.
//!
//! progenitor writes each path parameter with `encode_path`, which
//! percent-encodes it but leaves `.` alone. A parameter that is empty, `.` or
//! `..` therefore turns `/meetings/{meetingId}/recordings/{recordingId}` into
//! `/meetings/{meetingId}/recordings/` or, once the URL parser has resolved the
//! dot segment, `/meetings/{meetingId}/recordings`: a request to delete one
//! file would then delete every file of the meeting. Encoding the dots does
//! not help (URL parsers treat `%2e%2e` as `..` too), so every
//! `encode_path(&x.to_string())` in an operation becomes
//! [`SEGMENT_FUNCTION`]`("x", &x.to_string())?`, the SDK's function that
//! encodes exactly as `encode_path` does and refuses those three values with
//! `Error::InvalidRequest` naming the parameter. `MeetingRef` already refuses
//! them when it is parsed; this covers every other path parameter
//! (`recordingId`, `userId`, `accountId`, ...).

use syn::Token;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;

/// The SDK function that encodes one path segment or refuses it.
pub const SEGMENT_FUNCTION: &str = "crate::path::segment";

/// Rewrites every `encode_path(arg)` call in `file`. Returns how many were rewritten.
pub fn refuse_dot_segments(file: &mut syn::File) -> usize {
    let mut rewriter = Rewriter { rewritten: 0 };
    rewriter.visit_file_mut(file);
    rewriter.rewritten
}

struct Rewriter {
    rewritten: usize,
}

impl VisitMut for Rewriter {
    /// progenitor builds each URL with `format!`, whose arguments are tokens
    /// to syn: they are parsed as expressions, rewritten and put back.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        syn::visit_mut::visit_macro_mut(self, mac);
        if !mac.path.is_ident("format") {
            return;
        }
        let Ok(mut arguments) = mac.parse_body_with(Punctuated::<syn::Expr, Token![,]>::parse_terminated)
        else {
            return;
        };
        let before = self.rewritten;
        for argument in arguments.iter_mut() {
            self.visit_expr_mut(argument);
        }
        if self.rewritten != before {
            mac.tokens = quote::quote!(#arguments);
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let syn::Expr::Call(call) = expr else {
            return;
        };
        let syn::Expr::Path(function) = call.func.as_ref() else {
            return;
        };
        if !function.path.is_ident("encode_path") || call.args.len() != 1 {
            return;
        }
        let argument = call.args[0].clone();
        let name = parameter_name(&argument).unwrap_or_else(|| "a path parameter".into());
        let segment: syn::Path = syn::parse_str(SEGMENT_FUNCTION).expect("a valid path");
        *expr = syn::parse_quote!(#segment(#name, #argument)?);
        self.rewritten += 1;
    }
}

/// `recording_id` in `&recording_id.to_string()` (what progenitor writes).
fn parameter_name(argument: &syn::Expr) -> Option<String> {
    let syn::Expr::Reference(reference) = argument else {
        return None;
    };
    let syn::Expr::MethodCall(call) = reference.expr.as_ref() else {
        return None;
    };
    let syn::Expr::Path(receiver) = call.receiver.as_ref() else {
        return None;
    };
    receiver.path.get_ident().map(ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::refuse_dot_segments;

    #[test]
    fn every_encoded_path_parameter_goes_through_the_refusing_function() {
        let mut file: syn::File = syn::parse_quote! {
            use progenitor_client::{encode_path, ClientHooks};
            impl Op {
                pub async fn send(self) {
                    let url = format!(
                        "{}/meetings/{}/recordings/{}",
                        client.baseurl,
                        encode_path(&meeting_id.to_string()),
                        encode_path(&recording_id.to_string()),
                    );
                    let other = encode(&x);
                }
            }
        };
        assert_eq!(refuse_dot_segments(&mut file), 2);
        let text = quote::quote!(#file).to_string();
        assert!(
            text.contains("crate :: path :: segment (\"recording_id\" , & recording_id . to_string ()) ?")
        );
        assert!(text.contains("crate :: path :: segment (\"meeting_id\" , & meeting_id . to_string ()) ?"));
        assert!(!text.contains("encode_path (&"));
        assert!(text.contains("encode (& x)"), "other calls are untouched");
    }
}
