//! The engine behind every listing stream: walks a queue of requests (one per
//! date window, or one per user status), follows `next_page_token`, restarts a
//! window whose page token expired, and yields each item once: by its key
//! across the whole listing, and (for items without a key) by content within a
//! restarted window; see [`replay`](super::replay).

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use super::page::Page;
use super::replay::{fingerprint, Replay};
use super::Paginate;
use crate::error::Error;

/// How often one window may be restarted after its page token expired.
const MAX_RESTARTS_PER_WINDOW: u32 = 3;

/// A filter applied to items on the client (for listings Zoom cannot filter).
pub(crate) type Keep<I> = Arc<dyn Fn(&I) -> bool + Send + Sync>;

type Item<'a, B> = <<B as Paginate<'a>>::Page as Page>::Item;

/// Whether `error`, answering a request that carried a page token, means the
/// token is no longer valid.
///
/// Zoom documents that page tokens expire after 15 minutes but not how it
/// answers one; a 400 to a request whose only change from the previous,
/// successful one is the token is taken as "expired token". Decided on the
/// status, never on the message text.
fn is_stale_page_token(error: &Error) -> bool {
    matches!(error, Error::Api(api) if api.status == 400)
}

/// Where the walk is inside one window.
struct Cursor<B> {
    request: B,
    token: Option<String>,
    restarts: u32,
    /// The keyless items this window returned (only `items` uses it).
    replay: Replay,
}

impl<B> Cursor<B> {
    /// The cursor to continue with: `current`, else the start of the next window.
    fn next(current: Option<Self>, windows: &mut VecDeque<B>) -> Option<Self> {
        current.or_else(|| {
            windows.pop_front().map(|request| Cursor {
                request,
                token: None,
                restarts: 0,
                replay: Replay::default(),
            })
        })
    }
}

struct Walk<'a, B: Paginate<'a>> {
    windows: VecDeque<B>,
    current: Option<Cursor<B>>,
    page_size: i64,
    seen: HashSet<String>,
    keep: Option<Keep<Item<'a, B>>>,
}

/// Every item of every window, each once (or the error that stopped the
/// listing from being built).
pub(crate) fn items<'a, B: Paginate<'a>>(
    windows: Result<Vec<B>, Error>,
    page_size: i64,
    keep: Option<Keep<Item<'a, B>>>,
) -> BoxStream<'a, Result<Item<'a, B>, Error>>
where
    Item<'a, B>: Send,
{
    let windows = match windows {
        Ok(windows) => windows,
        Err(e) => return failed(e),
    };
    let walk = Walk {
        windows: windows.into(),
        current: None,
        page_size,
        seen: HashSet::new(),
        keep,
    };
    stream::try_unfold(walk, Walk::next_batch)
        .map_ok(|batch| stream::iter(batch.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// Every page of every window, as Zoom sent it.
pub(crate) fn pages<'a, B: Paginate<'a>>(
    windows: Result<Vec<B>, Error>,
    page_size: i64,
) -> BoxStream<'a, Result<B::Page, Error>> {
    let queue: VecDeque<B> = match windows {
        Ok(windows) => windows.into(),
        Err(e) => return failed(e),
    };
    let start: Option<Cursor<B>> = None;
    stream::try_unfold((queue, start), move |(mut queue, current)| async move {
        let Some(cursor) = Cursor::next(current, &mut queue) else {
            return Ok(None);
        };
        let page = cursor
            .request
            .clone()
            .page_request(cursor.token.clone(), page_size)
            .call()
            .await?;
        let next = page.next_page_token().map(|token| Cursor {
            request: cursor.request,
            token: Some(token.to_owned()),
            restarts: 0,
            replay: Replay::default(),
        });
        Ok(Some((page, (queue, next))))
    })
    .boxed()
}

/// A stream that fails at once with `error`.
pub(crate) fn failed<'a, T: Send + 'a>(error: Error) -> BoxStream<'a, Result<T, Error>> {
    stream::once(async move { Err(error) }).boxed()
}

impl<'a, B: Paginate<'a>> Walk<'a, B> {
    /// The next page's new items (possibly none), or `None` when every window is done.
    async fn next_batch(mut self) -> Result<Option<(Vec<Item<'a, B>>, Self)>, Error> {
        loop {
            let Some(mut cursor) = Cursor::next(self.current.take(), &mut self.windows) else {
                return Ok(None);
            };
            let request = cursor
                .request
                .clone()
                .page_request(cursor.token.clone(), self.page_size);
            let page = match request.call().await {
                Ok(page) => page,
                Err(e)
                    if cursor.token.is_some()
                        && is_stale_page_token(&e)
                        && cursor.restarts < MAX_RESTARTS_PER_WINDOW =>
                {
                    tracing::warn!(
                        operation = B::OPERATION,
                        "page token refused (expired?); restarting the window and skipping what was already returned"
                    );
                    cursor.replay.restart();
                    self.current = Some(Cursor {
                        token: None,
                        restarts: cursor.restarts + 1,
                        ..cursor
                    });
                    continue;
                }
                Err(e) => return Err(e),
            };
            let next_token = page.next_page_token().map(str::to_owned);
            let mut batch = Vec::new();
            for item in page.into_items() {
                if self.keep.as_ref().is_some_and(|keep| !keep(&item)) {
                    continue;
                }
                let new = match B::Page::item_key(&item) {
                    Some(key) => self.seen.insert(key.to_owned()),
                    None => cursor.replay.admit(fingerprint(&item, B::OPERATION)?),
                };
                if new {
                    batch.push(item);
                }
            }
            if let Some(token) = next_token {
                self.current = Some(Cursor {
                    token: Some(token),
                    ..cursor
                });
            }
            return Ok(Some((batch, self)));
        }
    }
}
