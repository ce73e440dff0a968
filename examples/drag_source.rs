//! XDND drag source for the end-to-end drop test.
//!
//! The e2e test has to prove that a file dragged from another X client onto the kiosk window
//! does nothing. xdotool can move the pointer and press buttons but cannot offer drag data, so
//! this helper opens a small always-on-top window that offers a file's `file://` URI as
//! `text/uri-list` when a button-1 drag starts inside it.
//!
//! Usage: `drag_source <file-path> [x y w h]` (default 0 0 200 200). Prints `ready` once the
//! window is mapped; exits on SIGTERM or after 60 s.

#[cfg(target_os = "linux")]
fn main() {
    linux::main()
}

/// X11 and GTK, like the end-to-end layer that uses it.
#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("drag_source is a Linux test helper (X11, GTK)");
    std::process::exit(2);
}

#[cfg(target_os = "linux")]
mod linux {
    use gtk::prelude::*;
    use gtk::{gdk, glib};

    pub fn main() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let numbers: Option<Vec<i32>> = args.iter().skip(1).map(|a| a.parse().ok()).collect();
        let (path, [x, y, w, h]) = match (args.first(), numbers.as_deref()) {
            (Some(path), Some([])) => (path, [0, 0, 200, 200]),
            (Some(path), Some(&[x, y, w, h])) => (path, [x, y, w, h]),
            _ => {
                eprintln!("usage: drag_source <file-path> [x y w h]");
                std::process::exit(2);
            }
        };
        let path = std::fs::canonicalize(path).expect("file to drag must exist");
        let uri = glib::filename_to_uri(&path, None).expect("path converts to a file:// URI");
        gtk::init().expect("GTK initialises (is DISPLAY set?)");

        // Override-redirect: the window manager cannot stack it under the fullscreen kiosk.
        let window = gtk::Window::new(gtk::WindowType::Popup);
        window.move_(x, y);
        window.set_default_size(w, h);
        window.set_keep_above(true);

        let source = gtk::EventBox::new();
        source.add(&gtk::Label::new(Some("drag me")));
        let targets = [gtk::TargetEntry::new(
            "text/uri-list",
            gtk::TargetFlags::empty(),
            0,
        )];
        source.drag_source_set(
            gdk::ModifierType::BUTTON1_MASK,
            &targets,
            gdk::DragAction::COPY,
        );
        source.connect_drag_data_get(move |_, _, data, _, _| {
            data.set_uris(&[&uri]);
        });
        window.add(&source);

        window.connect_map_event(|_, _| {
            println!("ready");
            glib::Propagation::Proceed
        });
        glib::unix_signal_add_local(15, || {
            gtk::main_quit();
            glib::ControlFlow::Break
        });
        glib::timeout_add_seconds_local(60, || {
            gtk::main_quit();
            glib::ControlFlow::Break
        });

        window.show_all();
        gtk::main();
    }
}
