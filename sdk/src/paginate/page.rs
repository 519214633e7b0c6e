//! [`Page`]: what the paginated list responses have in common.

use crate::types;

/// A page of a token-paginated Zoom listing.
pub trait Page {
    /// The item the page lists. Items are serializable so that an item without
    /// a key can still be recognised by its content when a window whose page
    /// token expired is walked again.
    type Item: serde::Serialize;

    /// The token of the next page; `None` on the last page. Zoom marks the last
    /// page with `next_page_token: ""` (not by omitting it), so an empty token
    /// also means there are no more pages.
    fn next_page_token(&self) -> Option<&str>;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// Takes the items out of the page.
    fn into_items(self) -> Vec<Self::Item>;

    /// What identifies an item across pages and date windows (a meeting
    /// instance's UUID, a registrant's id, a user's id); `None` when the item
    /// has none (an analytics row, or an item whose key is missing or empty).
    ///
    /// An item with a key is returned once per listing, however many windows
    /// list it. An item without one is returned each time a window lists it,
    /// except that a window walked again after its page token expired skips
    /// the items of the same content it already returned (see the `replay`
    /// module for why content rather than position).
    fn item_key(item: &Self::Item) -> Option<&str>;
}

fn non_empty(token: &Option<String>) -> Option<&str> {
    token.as_deref().filter(|t| !t.is_empty())
}

macro_rules! page {
    ($page:ty, $field:ident, $item:ty, $key:ident) => {
        page!($page, $field, $item, |item| item
            .$key
            .as_deref()
            .filter(|key| !key.is_empty()));
    };
    ($page:ty, $field:ident, $item:ty, |$it:ident| $key:expr) => {
        impl Page for $page {
            type Item = $item;

            fn next_page_token(&self) -> Option<&str> {
                non_empty(&self.next_page_token)
            }

            fn items(&self) -> &[$item] {
                &self.$field
            }

            fn into_items(self) -> Vec<$item> {
                self.$field
            }

            fn item_key($it: &$item) -> Option<&str> {
                $key
            }
        }
    };
}

page!(types::RecordingList, meetings, types::RecordingMeeting, uuid);
page!(
    types::AccountRecordingList,
    meetings,
    types::AccountRecordingMeeting,
    uuid
);
page!(types::ArchivedFileList, meetings, types::ArchivedMeeting, uuid);
page!(
    types::RecordingRegistrantList,
    registrants,
    types::RecordingRegistrant,
    id
);
page!(
    types::MeetingSummaryList,
    summaries,
    types::MeetingSummaryListItem,
    meeting_uuid
);
page!(types::UserList, users, types::User, id);
// A view or download row has no id of its own.
page!(
    types::RecordingAnalyticsDetails,
    analytics_details,
    types::RecordingAnalyticsDetail,
    |_row| None
);

#[cfg(test)]
mod tests {
    use super::Page;
    use crate::types::RecordingList;

    #[test]
    fn an_empty_token_ends_the_listing() {
        let last: RecordingList = serde_json::from_str(r#"{"next_page_token": "", "meetings": []}"#).unwrap();
        assert_eq!(last.next_page_token(), None);
        let absent: RecordingList = serde_json::from_str(r#"{"meetings": []}"#).unwrap();
        assert_eq!(absent.next_page_token(), None);
        let more: RecordingList =
            serde_json::from_str(r#"{"next_page_token": "abc", "meetings": []}"#).unwrap();
        assert_eq!(more.next_page_token(), Some("abc"));
    }
}
