//! insta snapshots of the patched spec and of the generated Rust surface. Any
//! change to either shows in review; under `CI=true` a mismatch fails.

fn generated() -> codegen::Generated {
    codegen::generate_from_path(&codegen::workspace_root().join(codegen::SPEC_PATH))
        .expect("generation succeeds")
}

#[test]
fn patched_spec_summary() {
    insta::assert_snapshot!(
        "patched_spec",
        codegen::summary::spec_summary(&generated().patched_spec)
    );
}

#[test]
fn generated_surface_summary() {
    let generated = generated();
    let summary =
        codegen::summary::surface_summary(&generated.source, &generated.patched_spec).expect("summary");
    insta::assert_snapshot!("generated_surface", summary);
}

#[test]
fn committed_generated_file_is_current() {
    let committed = std::fs::read_to_string(codegen::workspace_root().join(codegen::GENERATED_PATH))
        .expect("sdk/src/generated.rs is committed");
    assert!(
        committed == generated().source,
        "sdk/src/generated.rs is stale: run `cargo xtask generate`"
    );
}

#[test]
fn generated_file_is_marked_and_has_one_method_per_operation() {
    let generated = generated();
    assert!(generated.source.starts_with("// @generated"));
    let summary =
        codegen::summary::surface_summary(&generated.source, &generated.patched_spec).expect("summary");
    assert_eq!(summary.matches("\nclient.").count(), 27, "{summary}");
}
