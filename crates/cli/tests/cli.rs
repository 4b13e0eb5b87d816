//! The `fixpoint` command's integration tests: one binary (`autotests = false`) that runs the
//! built executable in scratch directories through the [`test::Test`] builder. One module per
//! subcommand; sample inputs live in `data/`.

mod check_docs;
mod embed;
mod open;
mod share;
mod test;
