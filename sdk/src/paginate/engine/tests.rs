//! The engine driven by hand: every request is a channel the test answers, in
//! an order a seeded generator picks, and the stream is polled with a no-op
//! waker. Nothing depends on timing.

use std::collections::HashSet;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::channel::oneshot;
use futures::future::BoxFuture;
use futures::task::noop_waker;
use futures::Stream;
use reqwest::header::HeaderMap;

use super::{Engine, Event, Fetch, Fetched, Limits, Spec, PAGES_AHEAD_PER_REQUEST};
use crate::error::{ApiError, Error};
use crate::paginate::page::Page;

/// A page of a test listing: item names and the next token.
#[derive(Debug)]
struct TestPage {
    items: Vec<String>,
    next: Option<String>,
}

impl Page for TestPage {
    type Item = String;

    fn next_page_token(&self) -> Option<&str> {
        self.next.as_deref()
    }

    fn items(&self) -> &[String] {
        &self.items
    }

    fn into_items(self) -> Vec<String> {
        self.items
    }

    fn item_key(item: &String) -> Option<&str> {
        Some(item)
    }
}

/// A request the engine made and the test has not answered yet.
struct Request {
    window: usize,
    page: usize,
    reply: oneshot::Sender<Result<TestPage, Error>>,
}

type Outstanding = Arc<Mutex<Vec<Request>>>;

/// Window `window` of a listing: its requests land in `outstanding`.
struct Source {
    window: usize,
    outstanding: Outstanding,
    /// Every request made, in order: (window, page).
    log: Arc<Mutex<Vec<(usize, usize)>>>,
}

impl Fetch<'static> for Source {
    type Page = TestPage;
    const OPERATION: &'static str = "test";

    fn fetch(&self, token: Option<String>) -> BoxFuture<'static, Result<TestPage, Error>> {
        // Token "p<k>" asks for page k.
        let page = token.map_or(0, |t| t[1..].parse().unwrap());
        let (reply, answer) = oneshot::channel();
        self.log.lock().unwrap().push((self.window, page));
        self.outstanding.lock().unwrap().push(Request {
            window: self.window,
            page,
            reply,
        });
        Box::pin(async move { answer.await.expect("the test answers every request it keeps") })
    }
}

fn api_error(status: u16) -> Error {
    let body = serde_json::from_str("{}").unwrap();
    Error::Api(Box::new(ApiError::from_parts(status, &HeaderMap::new(), body)))
}

/// `pages[w]` pages in window w; page k of window w holds "w.k.0", "w.k.1".
fn answer(pages: &[usize], window: usize, page: usize) -> TestPage {
    let last = page + 1 >= pages[window];
    TestPage {
        items: (0..2).map(|i| format!("{window}.{page}.{i}")).collect(),
        next: (!last).then(|| format!("p{}", page + 1)),
    }
}

/// What the test saw: yielded events (as text) and the request log.
struct Run {
    events: Vec<String>,
    requests: Vec<(usize, usize)>,
    max_outstanding: usize,
    max_held: usize,
}

/// Walks `pages` with `concurrency`, answering requests in the order `seed`
/// picks; `reply` may replace an answer (`None`: the normal page).
fn run(
    pages: &[usize],
    concurrency: usize,
    seed: u64,
    mut reply: impl FnMut(usize, usize) -> Option<Result<TestPage, Error>>,
) -> Run {
    let outstanding = Outstanding::default();
    let log = Arc::new(Mutex::new(Vec::new()));
    let specs = (0..pages.len())
        .map(|window| Spec {
            group: 0,
            source: Source {
                window,
                outstanding: Arc::clone(&outstanding),
                log: Arc::clone(&log),
            },
        })
        .collect();
    let limits = Limits {
        concurrency,
        pacing: None,
    };
    let mut engine = Engine::new(specs, limits, true);
    let mut rng = fastrand::Rng::with_seed(seed);
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    let (mut events, mut max_outstanding, mut max_held) = (Vec::new(), 0, 0);
    loop {
        // Answer one request (sometimes none) between polls, in any order.
        let picked = {
            let mut outstanding = outstanding.lock().unwrap();
            let answer_one = !outstanding.is_empty() && rng.u8(..4) > 0;
            answer_one.then(|| {
                let at = rng.usize(..outstanding.len());
                outstanding.swap_remove(at)
            })
        };
        if let Some(request) = picked {
            let result = reply(request.window, request.page)
                .unwrap_or_else(|| Ok(answer(pages, request.window, request.page)));
            let _ = request.reply.send(result);
        }
        let polled = Pin::new(&mut engine).poll_next(&mut cx);
        max_outstanding = max_outstanding.max(engine.in_flight);
        max_held = max_held.max(engine.held());
        match polled {
            Poll::Ready(Some(Ok(Fetched { window, event, .. }))) => events.push(match event {
                Event::Page(page) => format!("{window}:{}", page.items.join(",")),
                Event::Restart => format!("{window}:restart"),
            }),
            Poll::Ready(Some(Err(e))) => events.push(format!("error {:?}", e.status())),
            Poll::Ready(None) => break,
            Poll::Pending => assert!(
                !outstanding.lock().unwrap().is_empty(),
                "pending with no request in flight: stuck"
            ),
        }
    }
    let requests = log.lock().unwrap().clone();
    Run {
        events,
        requests,
        max_outstanding,
        max_held,
    }
}

/// The events of walking `pages` one window after the other.
fn sequential_events(pages: &[usize]) -> Vec<String> {
    let mut events = Vec::new();
    for (window, &count) in pages.iter().enumerate() {
        for page in 0..count {
            events.push(format!("{window}:{window}.{page}.0,{window}.{page}.1"));
        }
    }
    events
}

#[test]
fn pages_come_in_window_then_page_order_whatever_order_the_answers_arrive_in() {
    let mut layouts = fastrand::Rng::with_seed(99);
    for seed in 0..60 {
        let windows = layouts.usize(1..9);
        let pages: Vec<usize> = (0..windows).map(|_| layouts.usize(1..5)).collect();
        let concurrency = layouts.usize(1..7);
        let run = run(&pages, concurrency, seed, |_, _| None);
        assert_eq!(
            run.events,
            sequential_events(&pages),
            "seed {seed}, {pages:?}, {concurrency}"
        );
        assert!(
            run.max_outstanding <= concurrency,
            "seed {seed}: {}",
            run.max_outstanding
        );
        let bound = PAGES_AHEAD_PER_REQUEST * concurrency + 1;
        assert!(run.max_held <= bound, "seed {seed}: {} pages held", run.max_held);
        let unique: HashSet<_> = run.requests.iter().collect();
        assert_eq!(unique.len(), run.requests.len(), "no page asked for twice");
    }
}

#[test]
fn several_windows_are_in_flight_at_once_and_concurrency_one_is_the_sequential_walk() {
    let pages = [3, 1, 2, 2];
    let parallel = run(&pages, 3, 1, |_, _| None);
    assert_eq!(parallel.max_outstanding, 3, "three windows started together");
    assert_eq!(&parallel.requests[..3], [(0, 0), (1, 0), (2, 0)]);

    let sequential = run(&pages, 1, 1, |_, _| None);
    assert_eq!(sequential.max_outstanding, 1);
    let expected: Vec<(usize, usize)> = pages
        .iter()
        .enumerate()
        .flat_map(|(w, &n)| (0..n).map(move |p| (w, p)))
        .collect();
    assert_eq!(
        sequential.requests, expected,
        "one request after the other, in order"
    );
    assert_eq!(sequential.events, sequential_events(&pages));
}

#[test]
fn later_windows_fetch_ahead_only_up_to_the_budget() {
    // The first window's second page never gets an answer until every other
    // request was answered and the engine asked for nothing more.
    let pages = [2, 3, 3, 3, 3, 3, 3, 3];
    let concurrency = 2;
    let outstanding = Outstanding::default();
    let log = Arc::new(Mutex::new(Vec::new()));
    let specs = (0..pages.len())
        .map(|window| Spec {
            group: 0,
            source: Source {
                window,
                outstanding: Arc::clone(&outstanding),
                log: Arc::clone(&log),
            },
        })
        .collect();
    let mut engine = Engine::new(
        specs,
        Limits {
            concurrency,
            pacing: None,
        },
        true,
    );
    let waker = noop_waker();
    let mut cx = Context::from_waker(&waker);
    let mut withheld = None;
    let mut yielded = 0;
    loop {
        match Pin::new(&mut engine).poll_next(&mut cx) {
            Poll::Ready(Some(_)) => yielded += 1,
            Poll::Ready(None) => panic!("cannot end while a page is withheld"),
            Poll::Pending => {}
        }
        let mut outstanding = outstanding.lock().unwrap();
        if let Some(i) = outstanding.iter().position(|r| (r.window, r.page) == (0, 1)) {
            withheld = Some(outstanding.swap_remove(i));
        }
        match outstanding.pop() {
            Some(request) => {
                let _ = request
                    .reply
                    .send(Ok(answer(&pages, request.window, request.page)));
            }
            // Nothing left to answer and the engine asked for nothing more.
            None if withheld.is_some() => break,
            None => {}
        }
    }
    assert_eq!(yielded, 1, "only the first page could be yielded");
    let held = engine.held();
    assert_eq!(
        held,
        PAGES_AHEAD_PER_REQUEST * concurrency,
        "later windows filled the budget and stopped there"
    );
    let asked = log.lock().unwrap().len();
    assert_eq!(
        asked,
        2 + held - 1,
        "the first window's two pages, and the pages held"
    );
    // Releasing the withheld page lets everything through, in order.
    let _ = withheld.unwrap().reply.send(Ok(answer(&pages, 0, 1)));
    let mut events = vec!["first".to_owned()];
    loop {
        if let Some(request) = outstanding.lock().unwrap().pop() {
            let _ = request
                .reply
                .send(Ok(answer(&pages, request.window, request.page)));
        }
        match Pin::new(&mut engine).poll_next(&mut cx) {
            Poll::Ready(Some(Ok(fetched))) => events.push(format!("{}", fetched.window)),
            Poll::Ready(Some(Err(e))) => panic!("{e}"),
            Poll::Ready(None) => break,
            Poll::Pending => {}
        }
    }
    let windows: Vec<usize> = events[1..].iter().map(|w| w.parse().unwrap()).collect();
    let mut sorted = windows.clone();
    sorted.sort_unstable();
    assert_eq!(windows, sorted, "window order");
    assert_eq!(windows.len(), pages.iter().sum::<usize>() - 1);
}

#[test]
fn an_error_comes_after_everything_before_it_and_ends_the_stream() {
    let pages = [2, 2, 3, 2, 2];
    for seed in 0..20 {
        let failing = |window, page| (window == 2 && page == 1).then(|| Err(api_error(404)));
        let run = run(&pages, 4, seed, failing);
        let mut expected = sequential_events(&pages[..2]);
        expected.push("2:2.0.0,2.0.1".to_owned());
        expected.push("error Some(404)".to_owned());
        assert_eq!(run.events, expected, "seed {seed}");
    }
}

#[test]
fn a_refused_token_restarts_its_window_in_its_place_in_the_order() {
    let pages = [2, 3, 2];
    for seed in 0..20 {
        let mut refused = false;
        // Window 1's token for page 2 is refused once (as an expired token is).
        let expire = |window, page| {
            let refuse = window == 1 && page == 2 && !refused;
            refused |= refuse;
            refuse.then(|| Err(api_error(400)))
        };
        let run = run(&pages, 3, seed, expire);
        let mut expected = sequential_events(&pages[..1]);
        expected.push("1:1.0.0,1.0.1".to_owned());
        expected.push("1:1.1.0,1.1.1".to_owned());
        expected.push("1:restart".to_owned());
        expected.extend(sequential_events(&pages).into_iter().skip(2));
        assert_eq!(run.events, expected, "seed {seed}");
    }
}

#[test]
fn a_token_refused_again_and_again_fails_after_three_restarts() {
    let pages = [1, 2];
    let always = |window, page| (window == 1 && page == 1).then(|| Err(api_error(400)));
    let run = run(&pages, 2, 5, always);
    let restarts = run.events.iter().filter(|e| e.ends_with("restart")).count();
    assert_eq!(restarts, 3);
    assert_eq!(run.events.last().map(String::as_str), Some("error Some(400)"));
    // A 400 to a first page (no token) is not an expired token: no restart.
    let first = |window, page| (window == 0 && page == 0).then(|| Err(api_error(400)));
    assert_eq!(run_events(&pages, first), ["error Some(400)"]);
}

fn run_events(
    pages: &[usize],
    reply: impl FnMut(usize, usize) -> Option<Result<TestPage, Error>>,
) -> Vec<String> {
    run(pages, 2, 0, reply).events
}
