//! Thunks (suspended computations) and environments (variable slots).
//!
//! A [`Thunk`] moves through `Pending`/`Apply` → `Blackhole` (while the VM
//! forces it) → `Done`, or `Failed` when forcing raised an error: like Nix
//! (since 2.34), a later force re-raises the remembered error without running
//! the code again (a `trace` inside prints once). Only a stop from outside
//! (step budget, cancellation) restores the saved state instead, so the
//! thunk can run again.
//!
//! An [`Env`] is one lexical scope's slots plus its parent; the compiler has
//! already resolved every variable to `(depth, slot)`. Slots are filled right
//! after creation (recursive `let`/`rec` need the env before their thunks), hence
//! the `RefCell`. Cycles between envs and thunks are not freed by `Rc`; a
//! thread that tracks them frees them when their machine is dropped (see
//! `cycles.rs`), which is why both kinds know their place on its list.

use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

use super::Value;
use crate::compiler::ExprRef;
use crate::errors::EvalError;

/// What a thunk will compute, or has computed.
#[derive(Clone)]
pub enum ThunkState {
    /// Evaluate this expression in this environment.
    Pending(ExprRef, Rc<Env>),
    /// Apply a function to an argument (lazy results of `map`, `mapAttrs`, …).
    Apply(Value, Value),
    /// Being forced right now.
    Blackhole,
    /// Forced; the value is in weak head normal form.
    Done(Value),
    /// Forcing raised this error; forcing again raises it again.
    Failed(Rc<EvalError>),
}

/// A memoised suspended computation.
pub struct Thunk {
    state: RefCell<ThunkState>,
    /// Set while the VM forces this thunk; the code stays in `state` so a
    /// failed force can simply clear the flag.
    forcing: Cell<bool>,
    /// Its index in `cycles`' list, or `cycles::NOT_LISTED`.
    listed: Cell<u32>,
}

impl Thunk {
    /// A thunk in the given state (listed for `cycles` when a machine that
    /// tracks cycles is making it).
    pub fn shared(state: ThunkState) -> Rc<Thunk> {
        let thunk = Rc::new(Thunk {
            state: RefCell::new(state),
            forcing: Cell::new(false),
            listed: Cell::new(super::cycles::NOT_LISTED),
        });
        super::cycles::list_thunk(&thunk);
        thunk
    }

    /// Remembers the thunk's index in `cycles`' list.
    pub(super) fn set_listed(&self, index: u32) {
        self.listed.set(index);
    }

    /// Empties the thunk (for `cycles`): its state, leaving `Blackhole`.
    pub(super) fn take_state(&self) -> ThunkState {
        match self.state.try_borrow_mut() {
            Ok(mut state) => std::mem::replace(&mut *state, ThunkState::Blackhole),
            Err(_) => ThunkState::Blackhole,
        }
    }

    /// Applies `read` to the value, if the thunk is done, without cloning it.
    #[inline(always)]
    pub fn with_value<R>(&self, read: impl FnOnce(&Value) -> Option<R>) -> Option<R> {
        match &*self.state.borrow() {
            ThunkState::Done(value) => read(value),
            _ => None,
        }
    }

    /// Applies `read` to the state of a thunk that nobody is forcing now,
    /// without cloning it.
    #[inline]
    pub fn with_state<R>(&self, read: impl FnOnce(&ThunkState) -> Option<R>) -> Option<R> {
        if self.forcing.get() {
            return None;
        }
        read(&self.state.borrow())
    }

    /// The value, if the thunk is done.
    pub fn value(&self) -> Option<Value> {
        match &*self.state.borrow() {
            ThunkState::Done(value) => Some(value.clone()),
            _ => None,
        }
    }

    /// Starts forcing: returns the code to run (or the value, or `Blackhole`
    /// when the thunk is already being forced) and marks the thunk.
    pub fn begin(&self) -> ThunkState {
        if self.forcing.get() {
            return ThunkState::Blackhole;
        }
        let state = self.state.borrow();
        match &*state {
            ThunkState::Done(value) => ThunkState::Done(value.clone()),
            ThunkState::Failed(error) => ThunkState::Failed(error.clone()),
            ThunkState::Blackhole => ThunkState::Blackhole,
            code => {
                self.forcing.set(true);
                code.clone()
            }
        }
    }

    /// The span of the code this thunk runs, if it is an expression.
    pub fn code_span(&self) -> Option<crate::source::SrcSpan> {
        match &*self.state.borrow() {
            ThunkState::Pending(expr, _) => expr.span(),
            _ => None,
        }
    }

    /// Stores the result of forcing.
    pub fn finish(&self, value: Value) {
        *self.state.borrow_mut() = ThunkState::Done(value);
        self.forcing.set(false);
    }

    /// Ends a force stopped from outside: the thunk can be forced again.
    pub fn restore(&self) {
        self.forcing.set(false);
    }

    /// Ends a failed force: the thunk remembers the error.
    pub fn fail(&self, error: Rc<EvalError>) {
        *self.state.borrow_mut() = ThunkState::Failed(error);
        self.forcing.set(false);
    }
}

impl Drop for Thunk {
    fn drop(&mut self) {
        if self.listed.get() != super::cycles::NOT_LISTED {
            super::cycles::unlist(self.listed.get());
        }
        release(std::mem::replace(
            self.state.get_mut(),
            ThunkState::Blackhole,
        ));
    }
}

/// Releases what a thunk's state holds (see `drop.rs`): when the thunk is
/// dropped, or emptied by `cycles`.
#[inline]
pub(super) fn release(state: ThunkState) {
    match state {
        ThunkState::Pending(_, env) => super::drop::dispose_env(env),
        ThunkState::Apply(func, arg) => {
            super::drop::dispose(func);
            super::drop::dispose(arg);
        }
        ThunkState::Done(value) => super::drop::dispose(value),
        ThunkState::Blackhole | ThunkState::Failed(_) => {}
    }
}

impl Thunk {
    /// Whether the code or value holds no last reference to a container
    /// (see `drop.rs`).
    pub(super) fn holds_no_last(&self) -> bool {
        match &*self.state.borrow() {
            ThunkState::Done(value) => !super::drop::is_last(value),
            ThunkState::Pending(_, env) => Rc::strong_count(env) > 1,
            ThunkState::Apply(func, arg) => {
                !super::drop::is_last(func) && !super::drop::is_last(arg)
            }
            ThunkState::Blackhole | ThunkState::Failed(_) => true,
        }
    }
}

impl Env {
    /// Whether the slot and the parent hold no last reference to a
    /// container (see `drop.rs`); environments of several slots are not
    /// examined.
    pub(super) fn holds_no_last(&self) -> bool {
        let parent_shared = self.parent.as_ref().is_none_or(|p| Rc::strong_count(p) > 1);
        parent_shared
            && match &self.slots {
                Slots::One(cell) => !super::drop::is_last(&cell.borrow()),
                Slots::Many(_) => false,
            }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if self.listed.get() != super::cycles::NOT_LISTED {
            super::cycles::unlist(self.listed.get());
        }
        match &mut self.slots {
            Slots::One(cell) => {
                super::drop::dispose(std::mem::replace(cell.get_mut(), Value::Null))
            }
            Slots::Many(cells) => Vec::from(std::mem::take(cells.get_mut()))
                .into_iter()
                .for_each(super::drop::dispose),
        }
        if let Some(parent) = self.parent.take() {
            super::drop::dispose_env(parent);
        }
    }
}

/// One scope's variable slots.
pub struct Env {
    slots: Slots,
    parent: Option<Rc<Env>>,
    /// Its index in `cycles`' list, or `cycles::NOT_LISTED`.
    listed: Cell<u32>,
}

/// Slot storage: a lambda's single argument lives inline (one allocation per
/// call instead of two).
enum Slots {
    One(RefCell<Value>),
    /// A boxed slice rather than a `Vec`: the slots never grow, and the
    /// smaller `Slots` keeps an `Env` at 48 bytes with its list index.
    Many(RefCell<Box<[Value]>>),
}

impl Env {
    /// A new environment with `size` empty slots.
    #[inline]
    pub fn new(size: usize, parent: Option<Rc<Env>>) -> Rc<Env> {
        let slots = if size == 1 {
            Slots::One(RefCell::new(Value::Null))
        } else {
            Slots::Many(RefCell::new(vec![Value::Null; size].into_boxed_slice()))
        };
        Env::listed(slots, parent)
    }

    /// A new environment with one slot.
    #[inline]
    pub fn with_one(value: Value, parent: Option<Rc<Env>>) -> Rc<Env> {
        Env::listed(Slots::One(RefCell::new(value)), parent)
    }

    /// A new environment with the given slots.
    #[inline]
    pub fn with_slots(slots: Vec<Value>, parent: Option<Rc<Env>>) -> Rc<Env> {
        Env::listed(Slots::Many(RefCell::new(slots.into_boxed_slice())), parent)
    }

    #[inline(always)]
    fn listed(slots: Slots, parent: Option<Rc<Env>>) -> Rc<Env> {
        let env = Rc::new(Env {
            slots,
            parent,
            listed: Cell::new(super::cycles::NOT_LISTED),
        });
        super::cycles::list_env(&env);
        env
    }

    /// Remembers the environment's index in `cycles`' list.
    pub(super) fn set_listed(&self, index: u32) {
        self.listed.set(index);
    }

    /// Empties the slots into `out` (for `cycles`), leaving `null`s; the
    /// parent stays: an environment is made after its parent, so that edge
    /// alone never closes a cycle.
    pub(super) fn take_slots(&self, out: &mut Vec<Value>) {
        match &self.slots {
            Slots::One(cell) => {
                if let Ok(mut slot) = cell.try_borrow_mut() {
                    out.push(std::mem::replace(&mut *slot, Value::Null));
                }
            }
            Slots::Many(cells) => {
                if let Ok(mut slots) = cells.try_borrow_mut() {
                    out.extend(
                        slots
                            .iter_mut()
                            .map(|slot| std::mem::replace(slot, Value::Null)),
                    );
                }
            }
        }
    }

    /// Fills a slot.
    pub fn set(&self, slot: usize, value: Value) {
        match &self.slots {
            Slots::One(cell) if slot == 0 => *cell.borrow_mut() = value,
            Slots::One(_) => {}
            Slots::Many(cells) => {
                if let Some(place) = cells.borrow_mut().get_mut(slot) {
                    *place = value;
                }
            }
        }
    }

    /// Borrows a slot `depth` scopes up: for readers that only look at the
    /// value (no closure to inline, no reference count touched).
    #[inline(always)]
    pub fn slot_ref(&self, depth: u32, slot: u32) -> Option<Ref<'_, Value>> {
        let mut env = self;
        for _ in 0..depth {
            env = env.parent.as_deref()?;
        }
        match &env.slots {
            Slots::One(cell) if slot == 0 => Some(cell.borrow()),
            Slots::One(_) => None,
            Slots::Many(cells) => Ref::filter_map(cells.borrow(), |c| c.get(slot as usize)).ok(),
        }
    }

    /// Reads a slot `depth` scopes up.
    pub fn lookup(self: &Rc<Env>, depth: u32, slot: u32) -> Option<Value> {
        let mut env = self;
        for _ in 0..depth {
            env = env.parent.as_ref()?;
        }
        match &env.slots {
            Slots::One(cell) if slot == 0 => Some(cell.borrow().clone()),
            Slots::One(_) => None,
            Slots::Many(cells) => cells.borrow().get(slot as usize).cloned(),
        }
    }

    /// The parent scope.
    pub fn parent(&self) -> Option<&Rc<Env>> {
        self.parent.as_ref()
    }
}
