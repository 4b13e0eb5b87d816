//! The page: mounts the playground into `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<fixpoint_web::components::Playground>::new().render();
}
