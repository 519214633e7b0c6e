//! From fetched pages to the items of a listing: every listing stream is the
//! [`engine`](super::engine)'s pages, in window order then page order, with
//! each item returned once: by its key within a group of windows (the whole
//! listing, or one user's windows), and (for items without a key) by content
//! within a window walked again after its page token expired; see
//! [`replay`](super::replay). Because this runs on the pages in that order,
//! the result does not depend on how many windows were fetched at once.

use std::collections::HashSet;
use std::sync::Arc;

use futures_util::future::{self, BoxFuture};
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use super::engine::{Engine, Event, Fetch, Fetched, Limits, Spec};
use super::page::Page;
use super::replay::{fingerprint, Replay};
use super::Paginate;
use crate::error::Error;
use crate::Client;

/// A filter applied to items on the client (for listings Zoom cannot filter).
pub(crate) type Keep<I> = Arc<dyn Fn(&I) -> bool + Send + Sync>;

type Item<'a, B> = <<B as Paginate<'a>>::Page as Page>::Item;

/// What to walk: the windows (each with its group), or why the listing could
/// not be built; the page size; how many requests at once.
pub(crate) struct Plan<B> {
    windows: Result<Vec<(usize, B)>, Error>,
    page_size: i64,
    limits: Limits,
}

impl<B> Plan<B> {
    /// Windows of one group, `concurrency` requests at once; the windows wait
    /// together on `client`'s clock after a per-second 429.
    pub(crate) fn new(
        client: &Client,
        windows: Result<Vec<B>, Error>,
        page_size: i64,
        concurrency: usize,
    ) -> Self {
        let windows = windows.map(|windows| windows.into_iter().map(|w| (0, w)).collect());
        Self::grouped(client, windows, page_size, concurrency)
    }

    /// Windows with their groups (in order: a group's windows are together).
    pub(crate) fn grouped(
        client: &Client,
        windows: Result<Vec<(usize, B)>, Error>,
        page_size: i64,
        concurrency: usize,
    ) -> Self {
        Self {
            windows,
            page_size,
            limits: Limits {
                concurrency,
                pacing: Some(Arc::clone(&client.inner.runtime.clock)),
            },
        }
    }

    /// One request at a time (a single listing of a generated operation).
    pub(crate) fn sequential(windows: Result<Vec<B>, Error>, page_size: i64) -> Self {
        Self {
            windows: windows.map(|windows| windows.into_iter().map(|w| (0, w)).collect()),
            page_size,
            limits: Limits {
                concurrency: 1,
                pacing: None,
            },
        }
    }
}

/// A generated list operation as one window's requests.
struct Listed<B> {
    request: B,
    page_size: i64,
}

impl<'a, B: Paginate<'a>> Fetch<'a> for Listed<B> {
    type Page = B::Page;
    const OPERATION: &'static str = B::OPERATION;

    fn fetch(&self, token: Option<String>) -> BoxFuture<'a, Result<B::Page, Error>> {
        self.request.clone().page_request(token, self.page_size).call()
    }
}

fn engine<'a, B: Paginate<'a>>(
    windows: Vec<(usize, B)>,
    page_size: i64,
    limits: Limits,
    restartable: bool,
) -> Engine<'a, Listed<B>> {
    let specs = windows
        .into_iter()
        .map(|(group, request)| Spec {
            group,
            source: Listed { request, page_size },
        })
        .collect();
    Engine::new(specs, limits, restartable)
}

/// Every item of every window, each once (or the error that stopped the
/// listing from being built).
pub(crate) fn items<'a, B: Paginate<'a>>(
    plan: Plan<B>,
    keep: Option<Keep<Item<'a, B>>>,
) -> BoxStream<'a, Result<Item<'a, B>, Error>>
where
    Item<'a, B>: Send,
{
    grouped_items(plan, keep).map_ok(|(_, item)| item).boxed()
}

/// [`items`], each with the group of the window that listed it.
pub(crate) fn grouped_items<'a, B: Paginate<'a>>(
    plan: Plan<B>,
    keep: Option<Keep<Item<'a, B>>>,
) -> BoxStream<'a, Result<(usize, Item<'a, B>), Error>>
where
    Item<'a, B>: Send,
{
    let windows = match plan.windows {
        Ok(windows) => windows,
        Err(e) => return failed(e),
    };
    let mut once = Once::<B::Page> {
        keep,
        group: None,
        seen: HashSet::new(),
        window: None,
        replay: Replay::default(),
    };
    engine(windows, plan.page_size, plan.limits, true)
        .map(move |fetched| fetched.and_then(|fetched| once.admit(fetched, B::OPERATION)))
        .map_ok(|batch| stream::iter(batch.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// Every page of every window, as Zoom sent it.
pub(crate) fn pages<'a, B: Paginate<'a>>(plan: Plan<B>) -> BoxStream<'a, Result<B::Page, Error>> {
    let windows = match plan.windows {
        Ok(windows) => windows,
        Err(e) => return failed(e),
    };
    engine(windows, plan.page_size, plan.limits, false)
        .try_filter_map(|fetched| async move {
            Ok(match fetched.event {
                Event::Page(page) => Some(page),
                Event::Restart => None,
            })
        })
        .boxed()
}

/// `stream` up to and including its first error: nothing after a failure
/// is yielded as if the listing had gone on.
pub(crate) fn end_at_error<'a, T: Send + 'a>(
    stream: BoxStream<'a, Result<T, Error>>,
) -> BoxStream<'a, Result<T, Error>> {
    stream
        .scan(false, |failed, item| {
            let next = (!*failed).then_some(item);
            *failed = next.as_ref().is_some_and(Result::is_err);
            future::ready(next)
        })
        .boxed()
}

/// A stream that fails at once with `error`.
pub(crate) fn failed<'a, T: Send + 'a>(error: Error) -> BoxStream<'a, Result<T, Error>> {
    stream::once(async move { Err(error) }).boxed()
}

/// What has been returned so far, to return each item once.
struct Once<P: Page> {
    keep: Option<Keep<P::Item>>,
    /// The group `seen` belongs to.
    group: Option<usize>,
    seen: HashSet<String>,
    /// The window `replay` belongs to.
    window: Option<usize>,
    replay: Replay,
}

impl<P: Page> Once<P> {
    /// The new items of one page (possibly none), with their group.
    fn admit(
        &mut self,
        fetched: Fetched<P>,
        operation: &'static str,
    ) -> Result<Vec<(usize, P::Item)>, Error> {
        if self.group != Some(fetched.group) {
            self.group = Some(fetched.group);
            self.seen.clear();
        }
        if self.window != Some(fetched.window) {
            self.window = Some(fetched.window);
            self.replay = Replay::default();
        }
        let page = match fetched.event {
            Event::Page(page) => page,
            Event::Restart => {
                self.replay.restart();
                return Ok(Vec::new());
            }
        };
        let mut batch = Vec::new();
        for item in page.into_items() {
            if self.keep.as_ref().is_some_and(|keep| !keep(&item)) {
                continue;
            }
            let new = match P::item_key(&item) {
                Some(key) => self.seen.insert(key.to_owned()),
                None => self.replay.admit(fingerprint(&item, operation)?),
            };
            if new {
                batch.push((fetched.group, item));
            }
        }
        Ok(batch)
    }
}
