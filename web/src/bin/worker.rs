//! The evaluation worker: answers `protocol::ToWorker` messages.

fn main() {
    console_error_panic_hook::set_once();
    fixpoint_web::worker::run();
}
