//! Iterative destruction of value graphs.
//!
//! Rust drops nested `Rc`s recursively, so releasing a 100 000-deep list or
//! thunk chain would overflow a 1 MiB stack. The container types (attribute
//! sets, thunks, environments, closures, primop applications) therefore
//! implement `Drop` by handing each child to [`dispose`]: a child that is
//! not the last reference to a container is dropped at once (that only
//! decrements a count, it cannot recurse); the last reference to a
//! container goes onto one thread-local queue, which the outermost drop
//! empties one item at a time. A drop that happens while the queue is being
//! emptied only adds to it, so native stack use stays constant.
//!
//! Lists have no `Drop` of their own (they are plain `Rc<Vec<Value>>`), so
//! they are unwrapped here when they are the last reference, and the
//! evaluator keeps lists from nesting directly inside list literals (it
//! wraps such elements in finished thunks).
//!
//! Why a queue shared by every drop rather than one work list per drop: most
//! drops (an environment whose only unique child is its argument thunk) then
//! allocate nothing and touch no list at all.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Env, Value};

/// The last reference to a container, waiting to be released.
enum Doomed {
    /// A value.
    Value(Value),
    /// An environment.
    Env(Rc<Env>),
}

/// Containers waiting to be released, and whether a drop further up the
/// native stack is already releasing them.
struct Queue {
    running: bool,
    items: Vec<Doomed>,
}

thread_local! {
    static QUEUE: RefCell<Queue> = const {
        RefCell::new(Queue {
            running: false,
            items: Vec::new(),
        })
    };
}

/// Whether dropping `value` would free a container.
#[inline]
pub(super) fn is_last(value: &Value) -> bool {
    match value {
        Value::List(rc) => Rc::strong_count(rc) == 1,
        Value::Attrs(rc) => Rc::strong_count(rc) == 1,
        Value::Thunk(rc) => Rc::strong_count(rc) == 1,
        Value::Lambda(rc) => Rc::strong_count(rc) == 1,
        Value::PrimOp(rc) => Rc::strong_count(rc) == 1,
        _ => false,
    }
}

/// Drops a child of a container being dropped, without recursing: the last
/// reference to a container goes to the queue, unless the container holds
/// no last reference itself (a finished argument thunk holding a number),
/// whose drop only decrements counts and is done here at once.
#[inline]
pub(super) fn dispose(value: Value) {
    if is_last(&value) && !holds_no_last(&value) {
        enqueue(Doomed::Value(value));
    }
}

/// [`dispose`] for an environment.
#[inline]
pub(super) fn dispose_env(env: Rc<Env>) {
    if Rc::strong_count(&env) == 1 && !env.holds_no_last() {
        enqueue(Doomed::Env(env));
    }
}

/// Whether dropping this container's contents would free no container:
/// then dropping it recurses one level at most.
#[inline]
fn holds_no_last(value: &Value) -> bool {
    match value {
        Value::Thunk(thunk) => thunk.holds_no_last(),
        _ => false,
    }
}

fn enqueue(item: Doomed) {
    // Without the queue (a drop during thread exit, after it is gone) the
    // item is simply dropped: recursion is acceptable there.
    let Ok(run_here) = QUEUE.try_with(|queue| {
        let mut queue = queue.borrow_mut();
        queue.items.push(item);
        !std::mem::replace(&mut queue.running, true)
    }) else {
        return;
    };
    if run_here {
        drain();
    }
}

/// Releases queued items until none is left; dropping one may queue more.
fn drain() {
    /// Clears the running flag even if a drop panics, so later drops are
    /// not queued forever.
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = QUEUE.try_with(|queue| queue.borrow_mut().running = false);
        }
    }
    let _running = Running;
    // The borrow ends before the item is dropped: its `Drop` enqueues.
    while let Some(item) = QUEUE
        .try_with(|queue| queue.borrow_mut().items.pop())
        .ok()
        .flatten()
    {
        match item {
            Doomed::Value(Value::List(list)) => {
                if let Ok(items) = Rc::try_unwrap(list) {
                    items.into_iter().for_each(dispose);
                }
            }
            // Their own `Drop` hands their children back to the queue.
            Doomed::Value(value) => drop(value),
            Doomed::Env(env) => drop(env),
        }
    }
}
