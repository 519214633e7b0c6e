//! Walking several windows of a listing at once while yielding exactly what a
//! walk of one window after the other yields, in the same order.
//!
//! A listing is a queue of windows (date ranges, user statuses, users); each
//! window is a chain of pages linked by `next_page_token`, so one window's
//! pages can only be fetched one after the other, but different windows can be
//! fetched at the same time. The [`Engine`] keeps up to `concurrency` requests
//! in flight, earlier windows first, and yields what they fetched in window
//! order, then page order; a page fetched early waits until every page before
//! it was yielded.
//!
//! Memory stays bounded: apart from the window being yielded (which may
//! always fetch its next page once it has nothing left to yield), pages are
//! fetched ahead only while fewer than [`PAGES_AHEAD_PER_REQUEST`] ×
//! `concurrency` pages are held (fetched and not yet yielded, or being
//! fetched). One page ahead per window would not be enough: the window being
//! yielded walks its own pages one by one, and the windows after it must be
//! able to walk theirs meanwhile. For months of three pages and four requests
//! at once, one page ahead per window makes a year about 1.5 times as fast as
//! one request at a time; twice the concurrency ahead, about 3.5 times
//! (counted in round trips; the listing benchmark measures it).
//!
//! A window whose page token was refused (expired) starts over from its first
//! page; the engine yields [`Event::Restart`] in that window's place in the
//! order, after the pages it had fetched before, so that whoever removes the
//! items already returned sees the restart exactly where the sequential walk
//! would. The first error ends the stream: it is yielded after everything
//! before it, and nothing fetched after it is yielded.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::future::BoxFuture;
use futures_util::Stream;

use super::pacing::{self, Gate, Walker};
use super::page::Page;
use crate::clock::Clock;
use crate::error::Error;

#[cfg(test)]
mod tests;

/// How often one window may be restarted after its page token expired.
const MAX_RESTARTS_PER_WINDOW: u32 = 3;

/// Pages that may be held ahead of the consumer, per request in flight.
pub(crate) const PAGES_AHEAD_PER_REQUEST: usize = 2;

/// One window's requests: the page after `token` (the first for `None`).
pub(crate) trait Fetch<'a>: Send + Unpin + 'a {
    /// What one request returns.
    type Page: Page + Send + Unpin + 'a;

    /// Name of the operation, for logs.
    const OPERATION: &'static str;

    /// The request for the page after `token`.
    fn fetch(&self, token: Option<String>) -> BoxFuture<'a, Result<Self::Page, Error>>;
}

/// A window to walk, and the group it belongs to (items are told apart by
/// key within a group; see `walk`).
pub(crate) struct Spec<F> {
    pub(crate) group: usize,
    pub(crate) source: F,
}

/// How many requests at once, and the clock the listing's windows wait on
/// together after a per-second 429 (none: they do not wait for each other).
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    pub(crate) concurrency: usize,
    pub(crate) pacing: Option<Arc<dyn Clock>>,
}

/// What the engine yields, in window order then page order.
#[derive(Debug)]
pub(crate) struct Fetched<P> {
    /// The window's position in the listing (0-based).
    pub(crate) window: usize,
    pub(crate) group: usize,
    pub(crate) event: Event<P>,
}

#[derive(Debug)]
pub(crate) enum Event<P> {
    /// The window's next page.
    Page(P),
    /// The window starts over from its first page (its page token expired).
    Restart,
}

struct Window<'a, F: Fetch<'a>> {
    index: usize,
    group: usize,
    source: F,
    /// The token of the next request (`None`: the first page).
    token: Option<String>,
    /// Another request is to be made.
    due: bool,
    restarts: u32,
    fetch: Option<BoxFuture<'a, Result<F::Page, Error>>>,
    ready: VecDeque<Result<Event<F::Page>, Error>>,
    /// Pages in `ready`.
    pages_ready: usize,
    walker: Option<Arc<Walker>>,
}

/// The stream of a listing's pages; see the module documentation.
pub(crate) struct Engine<'a, F: Fetch<'a>> {
    queue: VecDeque<Spec<F>>,
    open: VecDeque<Window<'a, F>>,
    concurrency: usize,
    budget: usize,
    restartable: bool,
    gate: Option<(Arc<Gate>, Arc<dyn Clock>)>,
    in_flight: usize,
    next_index: usize,
    done: bool,
}

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

impl<'a, F: Fetch<'a>> Engine<'a, F> {
    /// Walks `windows` in order; with `restartable`, a window whose page token
    /// was refused starts over (at most three times) instead of failing.
    pub(crate) fn new(windows: Vec<Spec<F>>, limits: Limits, restartable: bool) -> Self {
        let concurrency = limits.concurrency.max(1);
        Self {
            queue: windows.into(),
            open: VecDeque::new(),
            concurrency,
            budget: PAGES_AHEAD_PER_REQUEST * concurrency,
            restartable,
            gate: limits.pacing.map(|clock| (Arc::new(Gate::default()), clock)),
            in_flight: 0,
            next_index: 0,
            done: false,
        }
    }

    /// Pages held for later: fetched and not yet yielded, or being fetched.
    fn held(&self) -> usize {
        self.open
            .iter()
            .map(|w| w.pages_ready + usize::from(w.fetch.is_some()))
            .sum()
    }

    /// Starts the requests the limits allow: the window being yielded first,
    /// then the open windows in order, then new windows from the queue.
    fn schedule(&mut self) {
        let mut held = self.held();
        let Self {
            open,
            queue,
            in_flight,
            concurrency,
            budget,
            gate,
            next_index,
            ..
        } = self;
        for (position, window) in open.iter_mut().enumerate() {
            if *in_flight >= *concurrency {
                return;
            }
            if !window.due || window.fetch.is_some() {
                continue;
            }
            let head_may = position == 0 && window.pages_ready == 0;
            if held < *budget || head_may {
                window.start(gate);
                *in_flight += 1;
                held += 1;
            }
        }
        while *in_flight < *concurrency && (open.is_empty() || held < *budget) {
            let Some(spec) = queue.pop_front() else {
                return;
            };
            let walker = gate.as_ref().map(|(gate, _)| Walker::new(gate));
            let mut window = Window {
                index: *next_index,
                group: spec.group,
                source: spec.source,
                token: None,
                due: true,
                restarts: 0,
                fetch: None,
                ready: VecDeque::new(),
                pages_ready: 0,
                walker,
            };
            *next_index += 1;
            window.start(gate);
            open.push_back(window);
            *in_flight += 1;
            held += 1;
        }
    }

    /// Polls every request in flight; whether any of them finished.
    fn poll_fetches(&mut self, cx: &mut Context<'_>) -> bool {
        let mut finished = false;
        for window in &mut self.open {
            let Some(fetch) = window.fetch.as_mut() else {
                continue;
            };
            if let Poll::Ready(result) = fetch.as_mut().poll(cx) {
                window.fetch = None;
                self.in_flight -= 1;
                finished = true;
                window.settle(result, self.restartable);
            }
        }
        finished
    }

    /// The next thing to yield, if the window being yielded has it.
    fn pop_ready(&mut self) -> Option<Result<Fetched<F::Page>, Error>> {
        loop {
            let head = self.open.front_mut()?;
            if let Some(event) = head.ready.pop_front() {
                let (window, group) = (head.index, head.group);
                return Some(match event {
                    Ok(event) => {
                        if matches!(event, Event::Page(_)) {
                            head.pages_ready -= 1;
                        }
                        Ok(Fetched { window, group, event })
                    }
                    Err(e) => {
                        self.finish();
                        Err(e)
                    }
                });
            }
            if head.due || head.fetch.is_some() {
                return None;
            }
            self.open.pop_front();
        }
    }

    /// Ends the listing: requests in flight are dropped (cancelled).
    fn finish(&mut self) {
        self.done = true;
        self.open.clear();
        self.queue.clear();
        self.in_flight = 0;
    }
}

impl<'a, F: Fetch<'a>> Window<'a, F> {
    fn start(&mut self, gate: &Option<(Arc<Gate>, Arc<dyn Clock>)>) {
        let request = self.source.fetch(self.token.clone());
        self.fetch = Some(match (gate, &self.walker) {
            (Some((_, clock)), Some(walker)) => pacing::paced(Arc::clone(walker), Arc::clone(clock), request),
            _ => request,
        });
    }

    /// Takes in the answer to this window's request.
    fn settle(&mut self, result: Result<F::Page, Error>, restartable: bool) {
        match result {
            Ok(page) => {
                self.token = page.next_page_token().map(str::to_owned);
                self.due = self.token.is_some();
                self.ready.push_back(Ok(Event::Page(page)));
                self.pages_ready += 1;
            }
            Err(e)
                if restartable
                    && self.token.is_some()
                    && is_stale_page_token(&e)
                    && self.restarts < MAX_RESTARTS_PER_WINDOW =>
            {
                tracing::warn!(
                    operation = F::OPERATION,
                    window = self.index,
                    "page token refused (expired?); restarting the window and skipping what was already returned"
                );
                self.token = None;
                self.restarts += 1;
                self.ready.push_back(Ok(Event::Restart));
            }
            Err(e) => {
                self.due = false;
                self.ready.push_back(Err(e));
            }
        }
    }
}

impl<'a, F: Fetch<'a>> Stream for Engine<'a, F> {
    type Item = Result<Fetched<F::Page>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(next) = this.pop_ready() {
                if next.is_ok() {
                    // Get the next requests going while the caller works on this.
                    this.schedule();
                    this.poll_fetches(cx);
                }
                return Poll::Ready(Some(next));
            }
            if this.open.is_empty() && this.queue.is_empty() {
                this.done = true;
                return Poll::Ready(None);
            }
            this.schedule();
            if !this.poll_fetches(cx) {
                return Poll::Pending;
            }
        }
    }
}
