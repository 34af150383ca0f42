//! Sets the panic hook and mounts the policyholder app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(portal_web::app::App);
}
