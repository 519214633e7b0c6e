//! Fault injection: rules that make chosen requests fail, plus a seeded random rate.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::counters::Operation;
use crate::rng::Rng;

/// Which requests a [`Rule`] applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// Every request to either server.
    Any,
    /// Requests whose (still percent-encoded) path starts with this, e.g.
    /// `/v2/users/` on the API host or `/` on the file host.
    PathPrefix(String),
    /// Requests of one operation.
    Operation(Operation),
    /// Every request to the file host (same as `Operation(Operation::FileHost)`).
    FileHost,
}

/// How often a [`Rule`] fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Times {
    /// The next `n` matching requests, then the rule is spent.
    N(u32),
    /// Every matching request until the rule is removed.
    Always,
}

/// What a 429's `Retry-After` header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// No `Retry-After` header.
    Absent,
    /// `Retry-After: <seconds>`.
    Seconds(u64),
    /// `Retry-After: <HTTP-date>`, this long after the fault fires (whole seconds).
    HttpDate(Duration),
}

/// A way to fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 `{"code":429,…per-second rate limit…}` with `X-RateLimit-Type: QPS`.
    RateLimitQps {
        /// The `Retry-After` header.
        retry_after: RetryAfter,
    },
    /// 429 with `X-RateLimit-Type: Daily-limit`; with `iso_retry_after`, a
    /// `Retry-After` holding the next 00:00:00Z of the fake's clock as ISO-8601.
    RateLimitDaily {
        /// Whether to send the ISO-8601 `Retry-After`.
        iso_retry_after: bool,
    },
    /// This 5xx status with a JSON error body.
    ServerError(u16),
    /// The connection is dropped without any answer.
    ConnectionReset,
    /// The real answer's head with its full `Content-Length` N, then only N/2
    /// bytes of body, then the connection is closed.
    TruncatedBody,
    /// The real answer, after this delay.
    Delay(Duration),
    /// 200 `text/html` "Only the host can download this recording" page instead
    /// of the answer (how failed downloads can look).
    HtmlInsteadOfFile,
    /// 401 `{"code":124,"message":"Access token is expired."}`.
    ExpiredToken,
    /// The request's `Range` header is ignored (the file host answers 200 with
    /// the whole file).
    IgnoreRange,
}

/// A fault, the requests it applies to, and how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Which requests.
    pub matcher: Matcher,
    /// How often.
    pub times: Times,
    /// What happens.
    pub fault: Fault,
}

impl Rule {
    /// A rule that fires once.
    pub fn once(matcher: Matcher, fault: Fault) -> Self {
        Self {
            matcher,
            times: Times::N(1),
            fault,
        }
    }

    /// A rule that fires on the next `n` matching requests.
    pub fn times(matcher: Matcher, n: u32, fault: Fault) -> Self {
        Self {
            matcher,
            times: Times::N(n),
            fault,
        }
    }

    /// A rule that fires on every matching request.
    pub fn always(matcher: Matcher, fault: Fault) -> Self {
        Self {
            matcher,
            times: Times::Always,
            fault,
        }
    }

    fn matches(&self, op: Option<Operation>, path: &str) -> bool {
        match &self.matcher {
            Matcher::Any => true,
            Matcher::PathPrefix(prefix) => path.starts_with(prefix.as_str()),
            Matcher::Operation(want) => op == Some(*want),
            Matcher::FileHost => op == Some(Operation::FileHost),
        }
    }
}

/// Identifies an added rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleId(u64);

struct Entry {
    id: RuleId,
    rule: Rule,
    fired: u64,
}

struct State {
    next_id: u64,
    rules: Vec<Entry>,
    fired_total: u64,
    random_rate: f64,
    random_kinds: Vec<Fault>,
    rng: Rng,
}

/// The fault rules of one fake; cheap to clone (shared).
#[derive(Clone)]
pub struct Faults(Arc<Mutex<State>>);

impl std::fmt::Debug for Faults {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Faults")
            .field("rules", &self.lock().rules.len())
            .finish()
    }
}

/// The random mix used when none is configured.
pub(crate) fn default_random_kinds() -> Vec<Fault> {
    vec![
        Fault::RateLimitQps {
            retry_after: RetryAfter::Absent,
        },
        Fault::RateLimitQps {
            retry_after: RetryAfter::Seconds(0),
        },
        Fault::ServerError(500),
        Fault::ServerError(502),
        Fault::ServerError(503),
        Fault::ServerError(504),
        Fault::ConnectionReset,
        Fault::TruncatedBody,
    ]
}

impl Faults {
    pub(crate) fn new(rate: f64, seed: u64, kinds: Vec<Fault>) -> Self {
        let state = State {
            next_id: 0,
            rules: Vec::new(),
            fired_total: 0,
            random_rate: if kinds.is_empty() { 0.0 } else { rate },
            random_kinds: kinds,
            rng: Rng::new(seed, 4),
        };
        Self(Arc::new(Mutex::new(state)))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a rule; rules are tried in the order they were added.
    pub fn add(&self, rule: Rule) -> RuleId {
        let mut s = self.lock();
        s.next_id += 1;
        let id = RuleId(s.next_id);
        s.rules.push(Entry { id, rule, fired: 0 });
        id
    }

    /// Removes a rule (spent rules are kept until removed or cleared).
    pub fn remove(&self, id: RuleId) {
        self.lock().rules.retain(|e| e.id != id);
    }

    /// Removes every rule (the random rate stays).
    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    /// Sets the random fault rate (0.0 turns it off).
    pub fn set_random_rate(&self, rate: f64) {
        let mut s = self.lock();
        s.random_rate = if s.random_kinds.is_empty() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
    }

    /// How many times a rule has fired.
    pub fn fired(&self, id: RuleId) -> u64 {
        self.lock()
            .rules
            .iter()
            .find(|e| e.id == id)
            .map_or(0, |e| e.fired)
    }

    /// How many faults fired in total (rules and random).
    pub fn fired_total(&self) -> u64 {
        self.lock().fired_total
    }

    /// The fault for this request, if any; counts it as fired.
    pub(crate) fn pick(&self, op: Option<Operation>, path: &str) -> Option<Fault> {
        let mut s = self.lock();
        let hit = s.rules.iter_mut().find(|e| {
            e.rule.matches(op, path)
                && match e.rule.times {
                    Times::Always => true,
                    Times::N(n) => e.fired < u64::from(n),
                }
        });
        if let Some(entry) = hit {
            entry.fired += 1;
            let fault = entry.rule.fault.clone();
            s.fired_total += 1;
            return Some(fault);
        }
        let random_ok = op.is_some_and(|op| op != Operation::OAuthToken);
        if random_ok && s.random_rate > 0.0 {
            let rate = s.random_rate;
            if s.rng.chance(rate) {
                let last = s.random_kinds.len() as u64 - 1;
                let index = s.rng.range(0, last) as usize;
                let fault = s.random_kinds[index].clone();
                s.fired_total += 1;
                return Some(fault);
            }
        }
        None
    }
}
