//! The `fixpoint` command's integration tests: one binary (`autotests = false`) that runs the
//! built executable in scratch directories through the [`test::Test`] builder. One module per
//! subcommand; sample inputs live in `data/`.

mod check_docs;
mod embed;
mod eval;
mod open;
mod set;
mod share;
mod test;
