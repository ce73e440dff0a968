//! The media server's connections: how many may be open, how long one may take to send a request,
//! how large a request head may be, and which connection makes room when all are taken.
//!
//! Any local process can connect to the loopback port, token or not. Without limits, idle
//! connections use up the process's file descriptors and half-sent headers its memory, and the
//! webview's next request fails. So a request head must arrive within `HEADER_READ_TIMEOUT` (also
//! the idle time allowed between two requests of a kept-alive connection), fit in
//! `MAX_REQUEST_HEAD_BYTES`, and at most `MAX_CONNECTIONS` are open at once. When all are taken, the
//! oldest connection that is not answering a request is closed for the new one; a streaming video is
//! never cut for a newcomer, and a newcomer is refused only when every connection is streaming.

use http_body::{Body as HttpBody, Frame, SizeHint};
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::Notify;

/// Far more than the webview opens (a video, its captions, a poster and logos), far fewer than the
/// process's file descriptors.
pub(super) const MAX_CONNECTIONS: usize = 128;
pub(super) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Just above hyper's smallest allowed read buffer; a media request's head is far smaller.
pub(super) const MAX_REQUEST_HEAD_BYTES: usize = 16 * 1024;

#[derive(Default)]
pub(super) struct Connections {
    open: Mutex<VecDeque<Arc<Slot>>>,
}

#[derive(Default)]
pub(super) struct Slot {
    /// Requests being answered, until their response body is sent or dropped.
    in_flight: AtomicUsize,
    evicted: Notify,
}

/// A connection's place among the open ones, given up when it is dropped.
pub(super) struct Admitted {
    connections: Arc<Connections>,
    slot: Arc<Slot>,
}

impl Connections {
    /// A place for a new connection, making room if needed; `None` when every connection is busy.
    pub(super) fn admit(self: &Arc<Self>, limit: usize) -> Option<Admitted> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.len() >= limit {
            let idle = open
                .iter()
                .position(|slot| slot.in_flight.load(Ordering::SeqCst) == 0)?;
            if let Some(slot) = open.remove(idle) {
                slot.evicted.notify_one();
            }
        }
        let slot = Arc::new(Slot::default());
        open.push_back(slot.clone());
        Some(Admitted {
            connections: self.clone(),
            slot,
        })
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Admitted {
    pub(super) fn slot(&self) -> Arc<Slot> {
        self.slot.clone()
    }

    /// Resolves when the connection was closed to make room for a newer one.
    pub(super) async fn evicted(&self) {
        self.slot.evicted.notified().await
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        open.retain(|slot| !Arc::ptr_eq(slot, &self.slot));
    }
}

impl Slot {
    /// Marks a request in flight until the returned body guard is dropped.
    pub(super) fn busy(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        Busy(self.clone())
    }
}

pub(super) struct Busy(Arc<Slot>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its connection marked busy until it is sent or dropped.
pub(super) struct BusyBody<B> {
    pub(super) body: B,
    pub(super) _busy: Busy,
}

impl<B: HttpBody + Unpin> HttpBody for BusyBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_house_closes_its_oldest_idle_connection_and_never_a_busy_one() {
        let connections = Arc::new(Connections::default());
        let first = connections.admit(2).unwrap();
        let busy = first.slot().busy();
        let second = connections.admit(2).unwrap();
        let third = connections.admit(2).expect("the idle second makes room");
        assert_eq!(connections.len(), 2);
        let _third_busy = third.slot().busy();
        assert!(
            connections.admit(2).is_none(),
            "every connection is answering"
        );
        drop(busy);
        assert!(connections.admit(2).is_some(), "the first is idle again");
        drop((first, second));
    }
}
