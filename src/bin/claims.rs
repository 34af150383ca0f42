//! `claims.html`: set the panic hook and mount the claims app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(portal_web::apps::claims::App);
}
