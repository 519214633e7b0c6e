//! The durable queue behind `zoom-archive serve`: one set of contract tests run against both
//! implementations (the SQLite file and a real PostgreSQL server started by the test setup), then
//! what only one of them has (the SQLite directory lock, the PostgreSQL URL's password, replicas
//! starting at once), and the PostgreSQL harness itself.
//!
//! Time is the tests' own: every call gets its `now` from the test, never from a clock, and no
//! test sleeps to let a lease pass.

mod support;

#[path = "queue/cases.rs"]
mod cases;
#[path = "queue/child.rs"]
mod child;
#[path = "queue/concurrency.rs"]
mod concurrency;
#[path = "queue/fixture.rs"]
mod fixture;
#[path = "queue/harness.rs"]
mod harness;
#[path = "queue/postgres_only.rs"]
mod postgres_only;
#[path = "queue/sqlite_only.rs"]
mod sqlite_only;

/// For each case (an `async fn(Fixture)` in `cases` or `concurrency`), one test per queue:
/// `sqlite::CASE` and `postgres::CASE`.
macro_rules! contract {
    ($($module:ident :: $case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::$module::$case(crate::fixture::Fixture::sqlite()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::$module::$case(crate::fixture::Fixture::postgres().await).await;
                }
            )*
        }
    };
}

contract!(
    cases::enqueue_counts_added_requeued_and_duplicates,
    cases::a_failed_key_is_requeued_with_the_new_payload_and_token,
    cases::claims_come_oldest_first,
    cases::not_before_is_respected,
    cases::an_expired_lease_makes_the_job_claimable_again,
    cases::a_stale_holder_can_neither_renew_nor_finish,
    cases::renewing_keeps_the_job,
    cases::done_is_final,
    cases::stats_and_jobs_are_exact,
    cases::download_tokens_round_trip_but_stay_hidden,
    cases::bad_input_is_refused_with_a_clear_error,
    cases::everything_survives_a_reopen,
    concurrency::concurrent_claimers_get_every_job_exactly_once,
    concurrency::expiring_leases_under_concurrency_finish_every_job_once,
);
