//! The uploaded scenarios kept in memory, each under an id, bounded in number and in total size:
//! adding one drops the oldest until both bounds hold again.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use entente_api::Session;

/// One kept upload.
#[derive(Debug)]
struct Entry {
    id: String,
    session: Arc<Session>,
    bytes: usize,
}

/// The kept uploads, oldest first.
#[derive(Debug)]
pub struct Store {
    entries: VecDeque<Entry>,
    max_count: usize,
    max_bytes: usize,
    counter: AtomicU64,
    keys: std::hash::RandomState,
}

impl Store {
    /// An empty store with its bounds.
    pub fn new(max_count: usize, max_bytes: usize) -> Self {
        Store {
            entries: VecDeque::new(),
            max_count: max_count.max(1),
            max_bytes,
            counter: AtomicU64::new(0),
            keys: std::hash::RandomState::new(),
        }
    }

    /// Keep a session of `bytes` bytes of text; answers its id.
    pub fn insert(&mut self, session: Arc<Session>, bytes: usize) -> String {
        let id = self.fresh_id();
        self.entries.push_back(Entry {
            id: id.clone(),
            session,
            bytes,
        });
        while self.entries.len() > self.max_count
            || (self.entries.len() > 1 && self.total() > self.max_bytes)
        {
            self.entries.pop_front();
        }
        id
    }

    /// The session kept under an id.
    pub fn get(&self, id: &str) -> Option<Arc<Session>> {
        self.entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.session.clone())
    }

    /// Drop an upload; answers whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.id != id);
        self.entries.len() != before
    }

    fn total(&self) -> usize {
        self.entries.iter().map(|e| e.bytes).sum()
    }

    /// An id nobody can guess from the previous ones.
    fn fresh_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut h = self.keys.build_hasher();
        h.write_u64(n);
        format!("s{:016x}", h.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oldest_go_first() {
        let s = Arc::new(Session::bundled().unwrap());
        let mut store = Store::new(2, 100);
        let a = store.insert(s.clone(), 10);
        let b = store.insert(s.clone(), 10);
        let c = store.insert(s.clone(), 10);
        assert!(store.get(&a).is_none());
        assert!(store.get(&b).is_some() && store.get(&c).is_some());
        let d = store.insert(s.clone(), 95);
        assert!(store.get(&c).is_none() && store.get(&d).is_some());
        assert!(store.remove(&d));
        assert!(!store.remove(&d));
    }
}
