//! [`Page`]: what the paginated list responses have in common.

use crate::types;

/// A page of a token-paginated Zoom listing.
pub trait Page {
    /// The item the page lists.
    type Item;

    /// The token of the next page; `None` on the last page. Zoom marks the last
    /// page with `next_page_token: ""` (not by omitting it), so an empty token
    /// also means there are no more pages.
    fn next_page_token(&self) -> Option<&str>;

    /// The items of this page.
    fn items(&self) -> &[Self::Item];

    /// Takes the items out of the page.
    fn into_items(self) -> Vec<Self::Item>;

    /// What identifies an item across pages and date windows (a meeting
    /// instance's UUID, a registrant's id); `None` when the item has none.
    fn item_key(item: &Self::Item) -> Option<&str>;
}

fn non_empty(token: &Option<String>) -> Option<&str> {
    token.as_deref().filter(|t| !t.is_empty())
}

macro_rules! page {
    ($page:ty, $field:ident, $item:ty, $key:ident) => {
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

            fn item_key(item: &$item) -> Option<&str> {
                item.$key.as_deref().filter(|key| !key.is_empty())
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
