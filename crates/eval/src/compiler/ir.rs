//! The lowered expression tree the VM evaluates.
//!
//! Variables are already resolved to `(depth, slot)` pairs; nested attribute
//! paths are merged; string literals are unescaped and indentation-stripped;
//! relative paths are absolute. Every node that can fail carries a span.

use std::rc::Rc;

use crate::source::SrcSpan;
use crate::symbols::Symbol;
use crate::value::Value;

/// A shared expression node.
pub type ExprRef = Rc<Expr>;

/// Binary operators (after desugaring `-x` and the pipe operators).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `++`
    Concat,
    /// `//`
    Update,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Less,
    /// `<=`
    LessEq,
    /// `>`
    More,
    /// `>=`
    MoreEq,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `->`
    Implies,
}

/// An attribute name in a select or has-attr path.
pub enum AttrKey {
    /// A name known at lowering time.
    Static(Symbol),
    /// `${e}` or a string with interpolation.
    Dynamic(ExprRef, SrcSpan),
}

/// A statically named attribute of a set literal.
pub struct StaticAttr {
    /// The name.
    pub name: Symbol,
    /// The value expression (evaluated in the set's environment).
    pub value: ExprRef,
    /// Where the name was written.
    pub pos: SrcSpan,
}

/// A dynamically named attribute of a set literal.
pub struct DynamicAttr {
    /// The name expression.
    pub name: ExprRef,
    /// The value expression.
    pub value: ExprRef,
    /// Where the name was written.
    pub pos: SrcSpan,
}

/// A set literal.
pub struct AttrsDef {
    /// `rec { … }` (or a `let { … }` body).
    pub rec: bool,
    /// Slots of the set's own environment; `0` means values are evaluated in the
    /// enclosing environment. For `rec` sets slot `i` is `statics[i]`; the
    /// `inherit (e)` sources follow the statics.
    pub env_slots: u32,
    /// The `inherit (e)` source expressions, in slot order.
    pub inherit_sources: Vec<ExprRef>,
    /// Statically named attributes, sorted by name.
    pub statics: Vec<StaticAttr>,
    /// Dynamically named attributes, in source order.
    pub dynamics: Vec<DynamicAttr>,
    /// Span of the whole literal.
    pub span: SrcSpan,
}

/// A function's parameter.
pub enum Param {
    /// `x: …` (slot 0).
    Ident(Symbol),
    /// `{ a, b ? d, … } @ x: …`: formals in slots `0..n`, the `@` name in slot `n`.
    Pattern {
        /// The formals in source order.
        formals: Vec<Formal>,
        /// Whether `...` was given.
        ellipsis: bool,
        /// The `@` name, if any.
        bind: Option<Symbol>,
    },
}

/// One formal of a pattern.
pub struct Formal {
    /// Its name.
    pub name: Symbol,
    /// The default, evaluated in the function's environment.
    pub default: Option<ExprRef>,
    /// Where it was written.
    pub span: SrcSpan,
}

/// A lowered function.
pub struct LambdaDef {
    /// The name it is bound to (for traces), if any.
    pub name: Option<Symbol>,
    /// Its parameter.
    pub param: Param,
    /// The body.
    pub body: ExprRef,
    /// Slots in the function's environment.
    pub env_size: u32,
    /// The whole lambda.
    pub span: SrcSpan,
    /// Whether this is a one-parameter lambda whose body forces the
    /// parameter before anything else happens ([`forces_parameter_first`]);
    /// the machine may then compute a simple argument before the call.
    pub strict_param: bool,
}

/// How far [`forces_parameter_first`] looks into a body.
const FIRST_FORCE_DEPTH: u32 = 4;

/// Whether evaluating a one-parameter lambda's `body` forces the parameter
/// (slot 0 of its own scope) before anything else happens: the body is the
/// parameter, or an operation or `if` whose first-evaluated part is (left
/// operands are forced first). Looks a few levels deep at most, so it never
/// recurses in proportion to the program.
pub fn forces_parameter_first(body: &Expr) -> bool {
    let mut node = body;
    for _ in 0..=FIRST_FORCE_DEPTH {
        match node {
            Expr::Var {
                depth: 0, slot: 0, ..
            } => return true,
            Expr::Binary { lhs, .. } => node = lhs,
            Expr::If { cond, .. } => node = cond,
            _ => return false,
        }
    }
    false
}

/// A lowered expression.
pub enum Expr {
    /// A literal value.
    Const(Value),
    /// A lexically bound variable.
    Var {
        /// How many scopes up.
        depth: u32,
        /// Slot in that scope.
        slot: u32,
        /// The name (for printing expressions).
        name: Symbol,
        /// Where it was used.
        span: SrcSpan,
    },
    /// A variable only a `with` can provide.
    WithVar {
        /// The name.
        name: Symbol,
        /// Depths of the enclosing `with` scopes, innermost first.
        withs: Vec<u32>,
        /// Where it was used.
        span: SrcSpan,
    },
    /// `<name/rest>`.
    SearchPath {
        /// The text between the angle brackets.
        path: Rc<str>,
        /// Where it was written.
        span: SrcSpan,
    },
    /// `~/rest`.
    HomePath {
        /// The text after `~`.
        rest: Rc<str>,
        /// Where it was written.
        span: SrcSpan,
    },
    /// A string or path with interpolations: the parts are concatenated.
    Interpolate {
        /// The parts in order.
        parts: Vec<ExprRef>,
        /// Whether the result is a path (the first part is a path literal).
        is_path: bool,
        /// The whole literal.
        span: SrcSpan,
    },
    /// `[ … ]`.
    List(Vec<ExprRef>),
    /// `{ … }` / `rec { … }`.
    Attrs(Rc<AttrsDef>),
    /// `let … in body`: the bindings fill a new environment.
    Let {
        /// One expression per slot.
        slots: Vec<ExprRef>,
        /// The body, evaluated in the new environment.
        body: ExprRef,
    },
    /// A function literal.
    Lambda(Rc<LambdaDef>),
    /// `f a b …`.
    Apply {
        /// The function.
        func: ExprRef,
        /// The arguments.
        args: Vec<ExprRef>,
        /// The whole application.
        span: SrcSpan,
    },
    /// `e.a.b` / `e.a.b or d`.
    Select {
        /// The set.
        subject: ExprRef,
        /// The attribute path.
        path: Vec<AttrKey>,
        /// The `or` default.
        default: Option<ExprRef>,
        /// The whole expression.
        span: SrcSpan,
    },
    /// `e ? a.b`.
    HasAttr {
        /// The set.
        subject: ExprRef,
        /// The attribute path.
        path: Vec<AttrKey>,
        /// The whole expression.
        span: SrcSpan,
    },
    /// A binary operator.
    Binary {
        /// The operator.
        op: BinOp,
        /// The operator token (Nix reports desugared builtin calls there).
        op_span: SrcSpan,
        /// Left operand.
        lhs: ExprRef,
        /// Right operand.
        rhs: ExprRef,
        /// The whole expression.
        span: SrcSpan,
    },
    /// `!e`.
    Not {
        /// The operand.
        operand: ExprRef,
        /// The whole expression.
        span: SrcSpan,
    },
    /// `if c then a else b`.
    If {
        /// The condition.
        cond: ExprRef,
        /// The `then` branch.
        then: ExprRef,
        /// The `else` branch.
        otherwise: ExprRef,
        /// The whole expression.
        span: SrcSpan,
    },
    /// `assert c; body`.
    Assert {
        /// The condition.
        cond: ExprRef,
        /// When the condition is `a == b`: both operands and the operator's
        /// span, so a failure can explain which parts differ.
        equality: Option<(ExprRef, ExprRef, SrcSpan)>,
        /// The body.
        body: ExprRef,
        /// The condition as Nix prints it in the failure message.
        text: Rc<str>,
        /// The whole expression.
        span: SrcSpan,
    },
    /// `with e; body`: `e` is stored in a one-slot environment.
    With {
        /// The namespace.
        namespace: ExprRef,
        /// The body, evaluated in the new environment.
        body: ExprRef,
    },
    /// `__curPos`.
    CurPos(SrcSpan),
}

impl Expr {
    /// The source range of this expression, when it has one.
    pub fn span(&self) -> Option<SrcSpan> {
        match self {
            Expr::Const(_) | Expr::List(_) | Expr::Let { .. } | Expr::With { .. } => None,
            Expr::Var { span, .. }
            | Expr::WithVar { span, .. }
            | Expr::SearchPath { span, .. }
            | Expr::HomePath { span, .. }
            | Expr::Interpolate { span, .. }
            | Expr::Apply { span, .. }
            | Expr::Select { span, .. }
            | Expr::HasAttr { span, .. }
            | Expr::Binary { span, .. }
            | Expr::Not { span, .. }
            | Expr::If { span, .. }
            | Expr::Assert { span, .. } => Some(*span),
            Expr::CurPos(span) => Some(*span),
            Expr::Attrs(def) => Some(def.span),
            Expr::Lambda(def) => Some(def.span),
        }
    }
}
