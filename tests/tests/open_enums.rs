//! Every value Zoom documents for an enum has its own variant in the SDK's open
//! enum (anything else is kept as `Unknown`): a newer spec that documents a new
//! value fails here until the variant is added.

use serde_json::Value;
use zoom_cloud_recording::quirks::*;

#[test]
fn every_documented_enum_value_has_a_variant() {
    let path = codegen::workspace_root().join(codegen::SPEC_PATH);
    let spec = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (patched, _) = codegen::patch_spec(spec).unwrap();
    let known: &[(&str, &[&str])] = &[
        ("FileStatus", FileStatus::KNOWN),
        ("FileType", FileType::KNOWN),
        ("FileExtension", FileExtension::KNOWN),
        ("RecordingType", RecordingType::KNOWN),
        ("StorageLocation", StorageLocation::KNOWN),
        ("ArchiveMeetingType", ArchiveMeetingType::KNOWN),
        ("ShareRecording", ShareRecording::KNOWN),
        ("RegistrantStatus", RegistrantStatus::KNOWN),
        ("NoOfEmployees", NoOfEmployees::KNOWN),
        ("PurchasingTimeFrame", PurchasingTimeFrame::KNOWN),
        ("RoleInPurchaseProcess", RoleInPurchaseProcess::KNOWN),
        ("QuestionFieldName", QuestionFieldName::KNOWN),
        ("CustomQuestionType", CustomQuestionType::KNOWN),
    ];
    assert_eq!(known.len(), codegen::quirks::OPEN_ENUM_FIELDS.len());
    for (component, values) in known {
        let documented = patched["components"]["schemas"][component]["x-documented-values"]
            .as_array()
            .unwrap_or_else(|| panic!("{component} lists its documented values"));
        for value in documented.iter().filter_map(Value::as_str) {
            assert!(
                values.contains(&value),
                "{component}: documented value `{value}` has no variant"
            );
        }
    }
}
