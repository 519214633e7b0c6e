//! The open enums the generated types use where Zoom's values drift. Each
//! lists the values Zoom documents in any version (and the ones seen in real
//! payloads); anything else decodes to `Unknown(value)`.

use super::open_enum::open_enum;

open_enum! {
    /// Processing state of a recording file or meeting. Documented as
    /// `completed` only; `processing` and (archives) `failed` are sent too.
    FileStatus {
        /// The file is ready to download.
        Completed = "completed",
        /// Zoom is still processing the file; do not download it yet.
        Processing = "processing",
        /// Archiving failed.
        Failed = "failed",
    }
}

open_enum! {
    /// The kind of a recording file (`file_type`). In-progress files send `""`.
    FileType {
        /// Video.
        Mp4 = "MP4",
        /// Audio only.
        M4a = "M4A",
        /// Timestamps of the recording (JSON).
        Timeline = "TIMELINE",
        /// Audio transcript (VTT).
        Transcript = "TRANSCRIPT",
        /// In-meeting chat (TXT).
        Chat = "CHAT",
        /// Closed captions (VTT).
        Cc = "CC",
        /// Poll results (CSV).
        Csv = "CSV",
        /// Summary of a Zoom Phone or TB recording.
        Tb = "TB",
        /// Archived chat messages.
        ChatMessage = "CHAT_MESSAGE",
        /// AI Companion meeting summary (JSON).
        Summary = "SUMMARY",
        /// Archive: breakout-room membership log.
        SubGroupMemberLog = "SUB_GROUP_MEMBER_LOG",
        /// Archive: an AI Companion conversation. Zoom spells it `AIC_COVERSATION`;
        /// a corrected spelling, should Zoom ever send one, stays `Unknown`.
        AicCoversation = "AIC_COVERSATION",
        /// Sent while the recording is still in progress.
        Empty = "",
    }
}

open_enum! {
    /// The extension of a recording file (`file_extension`). In-progress files send `""`.
    FileExtension {
        /// MPEG-4 video.
        Mp4 = "MP4",
        /// MPEG-4 audio.
        M4a = "M4A",
        /// Text.
        Txt = "TXT",
        /// WebVTT captions or transcript.
        Vtt = "VTT",
        /// Comma-separated values.
        Csv = "CSV",
        /// JSON (timeline, summary).
        Json = "JSON",
        /// JPEG image (thumbnail).
        Jpg = "JPG",
        /// Sent while the recording is still in progress.
        Empty = "",
    }
}

open_enum! {
    /// What a recording file shows (`recording_type`).
    RecordingType {
        /// Shared screen with speaker view, with closed captions burned in.
        SharedScreenWithSpeakerViewCc = "shared_screen_with_speaker_view(CC)",
        /// Shared screen with speaker view.
        SharedScreenWithSpeakerView = "shared_screen_with_speaker_view",
        /// Shared screen with gallery view.
        SharedScreenWithGalleryView = "shared_screen_with_gallery_view",
        /// Speaker view (older docs).
        SpeakerView = "speaker_view",
        /// Active speaker.
        ActiveSpeaker = "active_speaker",
        /// Gallery view.
        GalleryView = "gallery_view",
        /// Shared screen only.
        SharedScreen = "shared_screen",
        /// Audio only.
        AudioOnly = "audio_only",
        /// Audio transcript.
        AudioTranscript = "audio_transcript",
        /// Chat file.
        ChatFile = "chat_file",
        /// Archived chat messages.
        ChatMessage = "chat_message",
        /// Poll results.
        Poll = "poll",
        /// Host video.
        HostVideo = "host_video",
        /// Closed captions.
        ClosedCaption = "closed_caption",
        /// Timeline.
        Timeline = "timeline",
        /// Thumbnail.
        Thumbnail = "thumbnail",
        /// Audio interpretation.
        AudioInterpretation = "audio_interpretation",
        /// AI Companion summary.
        Summary = "summary",
        /// AI Companion next steps.
        SummaryNextSteps = "summary_next_steps",
        /// AI Companion smart chapters.
        SummarySmartChapters = "summary_smart_chapters",
        /// Sign-language interpretation.
        SignInterpretation = "sign_interpretation",
        /// Production Studio.
        ProductionStudio = "production_studio",
        /// Archive: an AI Companion conversation.
        AicConversation = "aic_conversation",
    }
}

open_enum! {
    /// Where an archived file is stored.
    StorageLocation {
        /// United States.
        Us = "US",
        /// Australia.
        Au = "AU",
        /// Brazil.
        Br = "BR",
        /// Canada.
        Ca = "CA",
        /// European Union.
        Eu = "EU",
        /// India.
        In = "IN",
        /// Japan.
        Jp = "JP",
        /// Singapore.
        Sg = "SG",
        /// Switzerland.
        Ch = "CH",
    }
}

open_enum! {
    /// Whether an archived meeting was internal or external (external ones
    /// have their PII removed).
    ArchiveMeetingType {
        /// Internal meeting.
        Internal = "internal",
        /// External meeting.
        External = "external",
    }
}

open_enum! {
    /// Who a recording is shared with.
    ShareRecording {
        /// Anyone with the link.
        Publicly = "publicly",
        /// Only users of the account.
        Internally = "internally",
        /// Not shared.
        None = "none",
    }
}

open_enum! {
    /// A recording registrant's approval state.
    RegistrantStatus {
        /// Approved.
        Approved = "approved",
        /// Denied.
        Denied = "denied",
        /// Waiting for approval.
        Pending = "pending",
    }
}

open_enum! {
    /// A registrant's company size. Zoom's own example sends `"40"`, outside the list.
    NoOfEmployees {
        /// Not given.
        Empty = "",
        /// 1-20.
        From1To20 = "1-20",
        /// 21-50.
        From21To50 = "21-50",
        /// 51-100.
        From51To100 = "51-100",
        /// 101-250.
        From101To250 = "101-250",
        /// 251-500.
        From251To500 = "251-500",
        /// 501-1,000.
        From501To1000 = "501-1,000",
        /// 1,001-5,000.
        From1001To5000 = "1,001-5,000",
        /// 5,001-10,000.
        From5001To10000 = "5,001-10,000",
        /// More than 10,000.
        MoreThan10000 = "More than 10,000",
    }
}

open_enum! {
    /// A registrant's purchasing time frame.
    PurchasingTimeFrame {
        /// Not given.
        Empty = "",
        /// Within a month.
        WithinAMonth = "Within a month",
        /// 1-3 months.
        OneToThreeMonths = "1-3 months",
        /// 4-6 months.
        FourToSixMonths = "4-6 months",
        /// More than 6 months.
        MoreThanSixMonths = "More than 6 months",
        /// No time frame.
        NoTimeframe = "No timeframe",
    }
}

open_enum! {
    /// A registrant's role in the purchase process.
    RoleInPurchaseProcess {
        /// Not given.
        Empty = "",
        /// Decision maker.
        DecisionMaker = "Decision Maker",
        /// Evaluator or recommender.
        EvaluatorRecommender = "Evaluator/Recommender",
        /// Influencer.
        Influencer = "Influencer",
        /// Not involved.
        NotInvolved = "Not involved",
    }
}

open_enum! {
    /// A standard registration question.
    QuestionFieldName {
        /// Last name.
        LastName = "last_name",
        /// Address.
        Address = "address",
        /// City.
        City = "city",
        /// Country.
        Country = "country",
        /// ZIP or postal code.
        Zip = "zip",
        /// State or province.
        State = "state",
        /// Phone.
        Phone = "phone",
        /// Industry.
        Industry = "industry",
        /// Organization.
        Org = "org",
        /// Job title.
        JobTitle = "job_title",
        /// Purchasing time frame.
        PurchasingTimeFrame = "purchasing_time_frame",
        /// Role in purchase process.
        RoleInPurchaseProcess = "role_in_purchase_process",
        /// Number of employees.
        NoOfEmployees = "no_of_employees",
        /// Questions and comments.
        Comments = "comments",
    }
}

open_enum! {
    /// The answer style of a custom registration question.
    CustomQuestionType {
        /// Free text.
        Short = "short",
        /// One answer of a list.
        Single = "single",
        /// Several answers of a list.
        Multiple = "multiple",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_decode_to_variants_and_unknown_ones_are_kept() {
        let status: FileStatus = serde_json::from_str("\"processing\"").unwrap();
        assert_eq!(status, FileStatus::Processing);
        let future: RecordingType = serde_json::from_str("\"summary_action_items\"").unwrap();
        assert_eq!(future, RecordingType::Unknown("summary_action_items".into()));
        assert_eq!(
            serde_json::to_string(&future).unwrap(),
            "\"summary_action_items\""
        );
        let empty: FileType = serde_json::from_str("\"\"").unwrap();
        assert_eq!(empty, FileType::Empty);
        assert_eq!(serde_json::to_string(&empty).unwrap(), "\"\"");
    }

    #[test]
    fn every_known_value_round_trips_through_its_variant() {
        fn check<T: for<'a> From<&'a str> + serde::Serialize>(known: &[&str]) {
            for value in known {
                let variant = T::from(value);
                assert_eq!(serde_json::to_value(&variant).unwrap(), *value);
            }
        }
        check::<FileType>(FileType::KNOWN);
        check::<RecordingType>(RecordingType::KNOWN);
        check::<NoOfEmployees>(NoOfEmployees::KNOWN);
        assert!(FileType::from("MP4").is_known() && !FileType::from("PDF").is_known());
    }

    #[test]
    fn non_strings_are_errors() {
        assert!(serde_json::from_str::<FileStatus>("3").is_err());
    }
}

open_enum! {
    /// Why a meeting transcript cannot be downloaded (`download_restriction_reason`).
    TranscriptRestriction {
        /// The transcript was deleted or is in the trash.
        DeletedOrTrashed = "DELETED_OR_TRASHED",
        /// The transcript's format cannot be downloaded.
        Unsupported = "UNSUPPORTED",
        /// The meeting has no transcript data.
        NoTranscriptData = "NO_TRANSCRIPT_DATA",
        /// Zoom is still processing the transcript; ask again later.
        NotReady = "NOT_READY",
    }
}

open_enum! {
    /// A user's state in the account (Users API `status`).
    UserStatus {
        /// An active user.
        Active = "active",
        /// A deactivated user; their cloud recordings remain.
        Inactive = "inactive",
        /// Invited, not yet accepted.
        Pending = "pending",
    }
}
