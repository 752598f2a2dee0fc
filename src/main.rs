//! The browser entry point: mounts the app. Built by Trunk for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    partner_insights::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("partner-insights is the browser app: build it with `trunk build`; the native command is `insights`.");
    std::process::exit(2);
}
