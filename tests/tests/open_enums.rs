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
        ("TranscriptRestriction", TranscriptRestriction::KNOWN),
        ("UserStatus", UserStatus::KNOWN),
    ];
    let mut listed: Vec<_> = known.iter().map(|(component, _)| *component).collect();
    let mut patched_in: Vec<_> = codegen::quirks::OPEN_ENUM_FIELDS
        .iter()
        .map(|(c, _)| *c)
        .collect();
    listed.sort_unstable();
    patched_in.sort_unstable();
    assert_eq!(
        listed, patched_in,
        "every open enum the patches make is checked here"
    );
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

/// Decodes `wire` as a JSON string and checks that it re-encodes to exactly `wire`.
fn round_trip<T>(wire: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = serde_json::from_value(Value::from(wire)).unwrap_or_else(|e| panic!("{wire}: {e}"));
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        Value::from(wire),
        "kept verbatim"
    );
    value
}

#[test]
fn transcript_restrictions_have_a_variant_each_and_keep_unknown_reasons() {
    let cases = [
        ("DELETED_OR_TRASHED", TranscriptRestriction::DeletedOrTrashed),
        ("UNSUPPORTED", TranscriptRestriction::Unsupported),
        ("NO_TRANSCRIPT_DATA", TranscriptRestriction::NoTranscriptData),
        ("NOT_READY", TranscriptRestriction::NotReady),
    ];
    assert_eq!(cases.len(), TranscriptRestriction::KNOWN.len());
    for (wire, variant) in cases {
        assert_eq!(round_trip::<TranscriptRestriction>(wire), variant);
    }
    for unknown in ["LEGAL_HOLD", "not_ready", ""] {
        let value = round_trip::<TranscriptRestriction>(unknown);
        assert_eq!(value, TranscriptRestriction::Unknown(unknown.into()));
        assert!(!value.is_known());
    }
}

#[test]
fn user_statuses_have_a_variant_each_and_keep_unknown_statuses() {
    let cases = [
        ("active", UserStatus::Active),
        ("inactive", UserStatus::Inactive),
        ("pending", UserStatus::Pending),
    ];
    assert_eq!(cases.len(), UserStatus::KNOWN.len());
    for (wire, variant) in cases {
        assert_eq!(round_trip::<UserStatus>(wire), variant);
    }
    for unknown in ["locked", "Active"] {
        assert_eq!(
            round_trip::<UserStatus>(unknown),
            UserStatus::Unknown(unknown.into())
        );
    }
}

#[test]
fn ai_companion_conversations_have_their_own_file_and_recording_types() {
    // Zoom's spelling of the file type, typo included.
    assert_eq!(
        round_trip::<FileType>("AIC_COVERSATION"),
        FileType::AicCoversation
    );
    assert_eq!(
        round_trip::<FileType>("AIC_CONVERSATION"),
        FileType::Unknown("AIC_CONVERSATION".into()),
        "a corrected spelling is kept as it came"
    );
    assert_eq!(
        round_trip::<RecordingType>("aic_conversation"),
        RecordingType::AicConversation
    );
    assert_eq!(
        round_trip::<RecordingType>("aic_conversation_summary"),
        RecordingType::Unknown("aic_conversation_summary".into())
    );
}
