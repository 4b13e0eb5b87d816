//! Thunks (suspended computations) and environments (variable slots).
//!
//! A [`Thunk`] moves through `Pending`/`Apply` → `Blackhole` (while the VM
//! forces it) → `Done`. The VM restores the saved state if forcing fails, so a
//! later force (after `tryEval`) re-raises the error instead of reporting a
//! spurious infinite recursion.
//!
//! An [`Env`] is one lexical scope's slots plus its parent; the compiler has
//! already resolved every variable to `(depth, slot)`. Slots are filled right
//! after creation (recursive `let`/`rec` need the env before their thunks), hence
//! the `RefCell`. Cycles between envs and thunks are leaked deliberately: Nix
//! values have no owner, and an evaluation is short-lived.

use std::cell::RefCell;
use std::rc::Rc;

use super::Value;
use crate::compiler::ExprRef;

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
}

/// A memoised suspended computation.
pub struct Thunk {
    state: RefCell<ThunkState>,
}

impl Thunk {
    /// A thunk in the given state.
    pub fn new(state: ThunkState) -> Self {
        Thunk {
            state: RefCell::new(state),
        }
    }

    /// The value, if the thunk is done.
    pub fn value(&self) -> Option<Value> {
        match &*self.state.borrow() {
            ThunkState::Done(value) => Some(value.clone()),
            _ => None,
        }
    }

    /// Takes the state out for forcing, leaving a black hole.
    pub fn begin(&self) -> ThunkState {
        let mut state = self.state.borrow_mut();
        match &*state {
            ThunkState::Done(value) => ThunkState::Done(value.clone()),
            ThunkState::Blackhole => ThunkState::Blackhole,
            _ => std::mem::replace(&mut *state, ThunkState::Blackhole),
        }
    }

    /// Stores the result of forcing.
    pub fn finish(&self, value: Value) {
        *self.state.borrow_mut() = ThunkState::Done(value);
    }

    /// Puts back the state taken by [`Thunk::begin`] after a failed force.
    pub fn restore(&self, state: ThunkState) {
        *self.state.borrow_mut() = state;
    }
}

/// One scope's variable slots.
pub struct Env {
    slots: RefCell<Vec<Value>>,
    parent: Option<Rc<Env>>,
}

impl Env {
    /// A new environment with `size` empty slots.
    pub fn new(size: usize, parent: Option<Rc<Env>>) -> Rc<Env> {
        Rc::new(Env {
            slots: RefCell::new(vec![Value::Null; size]),
            parent,
        })
    }

    /// A new environment with the given slots.
    pub fn with_slots(slots: Vec<Value>, parent: Option<Rc<Env>>) -> Rc<Env> {
        Rc::new(Env {
            slots: RefCell::new(slots),
            parent,
        })
    }

    /// Fills a slot.
    pub fn set(&self, slot: usize, value: Value) {
        if let Some(place) = self.slots.borrow_mut().get_mut(slot) {
            *place = value;
        }
    }

    /// Reads a slot `depth` scopes up.
    pub fn lookup(self: &Rc<Env>, depth: u32, slot: u32) -> Option<Value> {
        let mut env = self;
        for _ in 0..depth {
            env = env.parent.as_ref()?;
        }
        env.slots.borrow().get(slot as usize).cloned()
    }

    /// The parent scope.
    pub fn parent(&self) -> Option<&Rc<Env>> {
        self.parent.as_ref()
    }
}
