//! Freeing the reference cycles an evaluation leaves behind.
//!
//! Nix values have no owner, and ordinary Nix code makes reference cycles:
//! a recursive `let` or `rec` set, a fixed point, `builtins.builtins`. `Rc`
//! never frees a cycle. A process that exits after one evaluation can leave
//! them (the CLI does); the playground's worker evaluates on every
//! keystroke, and its wasm memory never shrinks.
//!
//! When a thread switches tracking on ([`track_cycles`]), every thunk and
//! environment made while a machine runs is listed here under that
//! machine's serial, and leaves the list when it is freed. When the machine
//! is dropped ([`collect`]), what is still listed under it is kept alive
//! only by cycles, or by values its host holds and is dropping too. Their
//! contents are taken out, which breaks every cycle: thunks and
//! environments are the only values changed after they are made (a thunk
//! when it is forced, an environment when its slots are filled), so every
//! cycle runs through one of them; everything else only points to values
//! older than itself.
//!
//! What the host must keep to: a value is used only while the machine that
//! made it is alive (an `Evaluator` and the values it returned live and
//! die together, as `fixpoint-overrides` keeps them). Objects made outside
//! any machine's run are not listed, so they are never emptied.
//!
//! Why a list rather than a tracing collector: the list costs one push and
//! one removal per object, and only when tracking is on; tracing would need
//! every value type to enumerate its children and a way to find the roots
//! the host holds.
//!
//! Tests: `cycles_*` in `crates/eval/tests/lang.rs`; the override engine's
//! tests run with tracking on.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::{drop, thunk, Env, Thunk, Value};

/// The index of an object that is not listed.
pub(crate) const NOT_LISTED: u32 = u32::MAX;

/// A listed object: a thunk or an environment, by address.
#[derive(Clone, Copy)]
enum Object {
    Thunk(*const Thunk),
    Env(*const Env),
}

/// One listed object and the serial of the machine that made it.
struct Entry {
    object: Object,
    maker: u64,
}

thread_local! {
    /// Whether this thread lists objects at all.
    static TRACKING: Cell<bool> = const { Cell::new(false) };
    /// The serial of the machine running now, or 0 (none, or not tracking).
    static MAKER: Cell<u64> = const { Cell::new(0) };
    /// Every listed object still alive; an object knows its own index.
    static LIVE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Switches tracking on for this thread: machines made from now on free
/// their cycles when they are dropped.
pub fn track_cycles() {
    TRACKING.with(|tracking| tracking.set(true));
}

/// How many listed objects are alive on this thread (for tests).
pub fn live_objects() -> usize {
    LIVE.with(|live| live.borrow().len())
}

/// While alive, objects made on this thread are listed under `maker`.
pub(crate) struct Making {
    previous: u64,
}

impl Making {
    /// Lists what is made from now on under the machine `maker` (a serial,
    /// never 0), until the guard is dropped.
    #[inline]
    pub(crate) fn enter(maker: u64) -> Making {
        let now = if TRACKING.with(Cell::get) { maker } else { 0 };
        Making {
            previous: MAKER.with(|current| current.replace(now)),
        }
    }
}

impl Drop for Making {
    #[inline]
    fn drop(&mut self) {
        MAKER.with(|current| current.set(self.previous));
    }
}

/// Lists a new thunk, when a machine is making it.
#[inline(always)]
pub(crate) fn list_thunk(thunk: &Rc<Thunk>) {
    list(Object::Thunk(Rc::as_ptr(thunk)), |index| {
        thunk.set_listed(index)
    });
}

/// Lists a new environment, when a machine is making it.
#[inline(always)]
pub(crate) fn list_env(env: &Rc<Env>) {
    list(Object::Env(Rc::as_ptr(env)), |index| env.set_listed(index));
}

/// When a machine is making objects, lists `object` and tells `remember`
/// its index. Inline: when nothing is tracked, this is one test.
#[inline(always)]
fn list(object: Object, remember: impl FnOnce(u32)) {
    let maker = MAKER.with(Cell::get);
    if maker != 0 {
        if let Some(index) = push(object, maker) {
            remember(index);
        }
    }
}

/// Appends an object to the list; its index, unless the list is full.
#[inline(never)]
fn push(object: Object, maker: u64) -> Option<u32> {
    LIVE.with(|live| {
        let mut live = live.borrow_mut();
        let index = u32::try_from(live.len())
            .ok()
            .filter(|&index| index != NOT_LISTED)?;
        live.push(Entry { object, maker });
        Some(index)
    })
}

/// Takes a freed object off the list (its `Drop` calls this first).
pub(crate) fn unlist(index: u32) {
    LIVE.with(|live| {
        let mut live = live.borrow_mut();
        let index = index as usize;
        if index >= live.len() {
            return;
        }
        live.swap_remove(index);
        if let Some(moved) = live.get(index) {
            // SAFETY: a listed object is alive: it leaves the list in its
            // own `Drop`, before its memory is freed. `index` fits in a u32
            // because it is below the length of a list whose every index
            // was one.
            unsafe {
                match moved.object {
                    Object::Thunk(thunk) => (*thunk).set_listed(index as u32),
                    Object::Env(env) => (*env).set_listed(index as u32),
                }
            }
        }
    });
}

/// Empties every object the machine `maker` made that is still alive,
/// breaking the cycles among them, and lets them go.
pub(crate) fn collect(maker: u64) {
    if maker == 0 || !TRACKING.with(Cell::get) {
        return;
    }
    // Strong handles first: emptying one object may free others, which
    // leave the list, and every one must stay alive until all are emptied.
    let mut thunks: Vec<Rc<Thunk>> = Vec::new();
    let mut envs: Vec<Rc<Env>> = Vec::new();
    LIVE.with(|live| {
        for entry in live.borrow().iter().filter(|entry| entry.maker == maker) {
            // SAFETY: a listed object is alive (see `unlist`), and its
            // address is the one `Rc::as_ptr` gave for its `Rc`.
            unsafe {
                match entry.object {
                    Object::Thunk(thunk) => {
                        Rc::increment_strong_count(thunk);
                        thunks.push(Rc::from_raw(thunk));
                    }
                    Object::Env(env) => {
                        Rc::increment_strong_count(env);
                        envs.push(Rc::from_raw(env));
                    }
                }
            }
        }
    });
    // What is taken out is released as a drop releases it (one container
    // at a time); the handles keep every listed object alive meanwhile.
    for thunk in &thunks {
        thunk::release(thunk.take_state());
    }
    let mut slots: Vec<Value> = Vec::new();
    for env in &envs {
        env.take_slots(&mut slots);
    }
    slots.into_iter().for_each(drop::dispose);
    for thunk in thunks {
        drop::dispose(Value::Thunk(thunk));
    }
    envs.into_iter().for_each(drop::dispose_env);
}
