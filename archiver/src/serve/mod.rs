//! `zoom-archive serve`: Zoom's webhooks in, files archived out, surviving
//! restarts. Deliveries are verified over their raw bytes, turned into jobs
//! keyed by file and committed to a durable [`queue`] before Zoom gets its
//! answer; workers claim the jobs and archive them into the same destination,
//! layout and manifest as `zoom-archive archive`.

pub mod queue;
