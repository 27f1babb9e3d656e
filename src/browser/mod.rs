//! The one thin module that touches browser APIs: a clock and the panic hook.
//! Everything else in the app is plain Rust over the engine.
//!
//! Length: it is the one module that touches browser APIs (besides
//! `store.rs`), each a few lines; keeping them together keeps that boundary
//! in one place.

pub mod store;

/// Milliseconds from the page's time origin, or 0 outside a browser.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Shows a readable message instead of a dead page if the app panics.
/// A release build aborts after a panic, so the message says to reload.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| show_panic_message(&info.to_string())));
}

/// Puts the "stopped working" message at the top of the page, once.
pub fn show_panic_message(detail: &str) {
    web_sys::console::error_1(&detail.into());
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("panic").is_some() {
        return;
    }
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("panic");
    let _ = div.set_attribute("role", "alert");
    let _ = div.set_attribute("class", "panic");
    div.set_inner_html(
        "<h2>Sorry, the simulator stopped working</h2>\
         <p>Something went wrong that it could not recover from. Reload the page to start again. \
         Nothing you entered was sent anywhere.</p><p class=\"panic-detail\"></p>",
    );
    if let Ok(Some(p)) = div.query_selector(".panic-detail") {
        p.set_text_content(Some(&format!("Technical detail: {detail}")));
    }
    let _ = body.prepend_with_node_1(&div);
}

/// The URL fragment the page was opened with (without `#`), if any.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The page's address without its fragment, for share links.
pub fn address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// Records a state in the browser's history. The address bar shows `shown`
/// (a rules-only link, so the practice's figures are never in the address
/// bar to be copied by accident); the history entry keeps `full`, which
/// back and forward restore. `push` makes a new entry (a deliberate change);
/// otherwise the current one is replaced (typing).
pub fn record_history(full: &str, shown: &str, push: bool) {
    let Some(w) = web_sys::window() else { return };
    let Ok(h) = w.history() else { return };
    let state = wasm_bindgen::JsValue::from_str(full);
    let url = format!("#{shown}");
    let _ = if push {
        h.push_state_with_url(&state, "", Some(&url))
    } else {
        h.replace_state_with_url(&state, "", Some(&url))
    };
}

/// The full state text of the current history entry, if it has one.
pub fn history_state() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .and_then(|s| s.as_string())
}

/// The link the page opens on: the history entry's state (a reload keeps
/// the whole state there), else the address's fragment; none when that is
/// empty or only a place on the page (`#main`, see `link::is_link`).
pub fn opening_link() -> Option<String> {
    let text = history_state().unwrap_or_else(fragment);
    crate::sharing::link::is_link(&text).then_some(text)
}

/// Calls `f` with the history entry's state text (or the fragment) when the
/// user goes back or forward. The listener lives as long as the page.
pub fn on_history_move(f: impl Fn(String) + 'static) {
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let cb = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::PopStateEvent)>::new(
        move |e: web_sys::PopStateEvent| {
            let text = e.state().as_string().unwrap_or_else(fragment);
            f(text)
        },
    );
    let _ = w.add_event_listener_with_callback("popstate", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// Copies text to the clipboard, then calls `done` with whether it worked.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(w) = web_sys::window() else {
        done(false);
        return;
    };
    let promise = w.navigator().clipboard().write_text(text);
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let settle = |worked: bool| {
        let done = done.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
            move |_: wasm_bindgen::JsValue| {
                if let Some(d) = done.borrow_mut().take() {
                    d(worked)
                }
            },
        )
    };
    let (ok, fail) = (settle(true), settle(false));
    let _ = promise.then2(&ok, &fail);
    // The promise settles once, later; the closures must outlive this call.
    ok.forget();
    fail.forget();
}

/// Today's date for people, as "29 November 2026" (empty outside a browser).
pub fn today() -> String {
    if web_sys::window().is_none() {
        return String::new();
    }
    let d = js_sys::Date::new_0();
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS.get(d.get_month() as usize).copied().unwrap_or("");
    format!("{} {} {}", d.get_date(), month, d.get_full_year())
}

/// A job that runs once, shared by its timer and by whoever finishes it early.
type Job = std::rc::Rc<std::cell::RefCell<Option<Box<dyn FnOnce()>>>>;

/// Work waiting for the user to pause typing: replacing the history entry
/// and keeping the last session.
struct Pending {
    timer: i32,
    job: Job,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

thread_local! {
    static PENDING: std::cell::RefCell<Option<Pending>> = const { std::cell::RefCell::new(None) };
}

/// Like [`record_history`] for typing: the current entry is replaced, and
/// `also` runs (keeping the last session), once the user pauses (300 ms),
/// not on every keystroke, which keeps keystrokes fast. A deliberate change
/// (`push`) first finishes any pending work, so the entry it leaves behind
/// holds what was typed, then adds its own entry and runs `also` at once.
pub fn record_history_soon(full: String, shown: String, push: bool, also: impl FnOnce() + 'static) {
    let Some(w) = web_sys::window() else { return };
    if let Some(p) = PENDING.with(|p| p.borrow_mut().take()) {
        w.clear_timeout_with_handle(p.timer);
        if push {
            if let Some(job) = p.job.borrow_mut().take() {
                job();
            }
        }
    }
    if push {
        record_history(&full, &shown, true);
        also();
        return;
    }
    let job: Job = std::rc::Rc::new(std::cell::RefCell::new(Some(Box::new(move || {
        record_history(&full, &shown, false);
        also();
    }))));
    // The callback leaves PENDING alone (dropping it would drop the running
    // closure); the job runs once, and the next call clears the slot.
    let run = job.clone();
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if let Some(j) = run.borrow_mut().take() {
            j();
        }
    });
    use wasm_bindgen::JsCast;
    if let Ok(timer) = w.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.as_ref().unchecked_ref(),
        300,
    ) {
        PENDING.with(|p| {
            *p.borrow_mut() = Some(Pending {
                timer,
                job,
                _callback: callback,
            })
        });
    }
}

/// Saves `file` through the browser's download, from a `blob:` address made
/// here (nothing is fetched). Returns false if the browser refused.
pub fn download(file: &crate::sharing::files::File) -> bool {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&file.text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(file.media_type);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return false;
    };
    a.set_href(&url);
    a.set_download(&file.name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    true
}

/// Reads a file the user chose or dropped as text, then calls `done` with
/// its name and text, or a message saying why it could not be read.
pub fn read_file(file: web_sys::File, done: impl FnOnce(String, Result<String, String>) + 'static) {
    let name = file.name();
    let blob = gloo_file::Blob::from(file);
    wasm_bindgen_futures::spawn_local(async move {
        let text = gloo_file::futures::read_as_text(&blob)
            .await
            .map_err(|e| format!("{name} could not be read: {e}"));
        done(name, text);
    });
}

/// Replaces the page with `to` (no history entry); false if it could not.
pub fn replace_location(to: &str) -> bool {
    web_sys::window()
        .map(|w| w.location().replace(to).is_ok())
        .unwrap_or(false)
}

/// Removes the page's element with this id, if there is one.
pub fn remove_element(id: &str) {
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        e.remove();
    }
}

/// The page's query string (`?embed&…`), or empty.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Whether the page is inside a frame (an article's `<iframe>`).
pub fn in_frame() -> bool {
    web_sys::window()
        .and_then(|w| w.parent().ok().flatten().map(|p| p != w))
        .unwrap_or(false)
}

/// Posts the content's height to the parent page in every format hosts
/// listen for (see `embed.rs`).
pub fn post_height(mode: &crate::sharing::embed::Mode, height: u32) {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    if let Some(id) = &mode.pym_id {
        let _ = parent.post_message(
            &wasm_bindgen::JsValue::from_str(&crate::sharing::embed::pym_message(id, height)),
            "*",
        );
    }
    for text in crate::sharing::embed::object_messages(height) {
        if let Ok(v) = js_sys::JSON::parse(&text) {
            let _ = parent.post_message(&v, "*");
        }
    }
}

/// The height the embed posts to its host: its content's bottom edge in the
/// page, plus the body's bottom margin, never the frame's own height.
/// `watch_height` and `measure_embed` both read it, so the fixed height the
/// share panel offers is the height the embed would post.
fn content_height(el: &web_sys::Element, w: &web_sys::Window) -> u32 {
    let top = w.scroll_y().unwrap_or(0.0);
    (el.get_bounding_client_rect().bottom() + top + 16.0)
        .ceil()
        .max(0.0) as u32
}

/// Calls `f` with the height of element `id`'s content (from the top of the
/// page to its bottom edge) whenever it changes, at most every 100 ms and
/// only when it changed by a pixel or more. The element's height is its
/// content's, never the frame's, so applying it cannot loop.
pub fn watch_height(id: &str, f: impl Fn(u32) + 'static) {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let Some(el) = w.document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    let last = Rc::new(Cell::new(0u32));
    let pending = Rc::new(Cell::new(false));
    let f = Rc::new(f);
    let measure = {
        let el = el.clone();
        let (last, pending, f, w) = (last.clone(), pending.clone(), f.clone(), w.clone());
        Closure::<dyn FnMut()>::new(move || {
            pending.set(false);
            let h = content_height(&el, &w);
            if h.abs_diff(last.get()) >= 1 {
                last.set(h);
                f(h);
            }
        })
    };
    let measure_fn: js_sys::Function = measure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    measure.forget();
    let schedule = {
        let w = w.clone();
        Closure::<dyn FnMut()>::new(move || {
            if !pending.replace(true) {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&measure_fn, 100);
            }
        })
    };
    if let Ok(observer) = web_sys::ResizeObserver::new(schedule.as_ref().unchecked_ref()) {
        observer.observe(&el);
    }
    // Fonts or a window resize can move the content without resizing the
    // element's box; measuring on resize too costs nothing.
    let _ = w.add_event_listener_with_callback("resize", schedule.as_ref().unchecked_ref());
    schedule.forget();
}

/// The Web Worker (`national-worker.js`, running the worker's own
/// WebAssembly: the national view, find my practice, reading practice
/// files). Requests go as JSON objects; replies come back as JSON text to
/// `on_reply`. Dropping it stops the worker.
///
/// If the worker's own script cannot be loaded (offline before the service
/// worker has kept it, say), the browser says so only with an `error` event:
/// `on_reply` then gets a failure for the last request sent, in words, so a
/// view never waits for ever, and [`Worker::failed`] tells its owner to
/// start another for the next request.
pub struct Worker {
    inner: web_sys::Worker,
    failed: std::rc::Rc<std::cell::Cell<bool>>,
    last_id: std::rc::Rc<std::cell::Cell<u64>>,
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

/// Why the worker could not be loaded, in words.
fn worker_unreachable() -> &'static str {
    let offline = web_sys::window().is_some_and(|w| !w.navigator().on_line());
    if offline {
        "This part of the simulator could not be loaded: this device is offline, and it is kept for offline use only once the simulator has been opened online and finished loading. Connect to the internet and try again."
    } else {
        "This part of the simulator could not be loaded: the site could not be reached. Check the connection and try again."
    }
}

impl Worker {
    /// Starts the worker, or `None` if the browser refuses.
    pub fn start(on_reply: impl Fn(String) + 'static) -> Option<Worker> {
        use std::cell::Cell;
        use std::rc::Rc;
        use wasm_bindgen::JsCast;
        let inner = web_sys::Worker::new("national-worker.js").ok()?;
        let on_reply = Rc::new(on_reply);
        let (failed, last_id) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(0u64)));
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new({
            let on_reply = on_reply.clone();
            move |e: web_sys::MessageEvent| {
                if let Some(text) = e.data().as_string() {
                    on_reply(text);
                }
            }
        });
        inner.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new({
            let (failed, last_id) = (failed.clone(), last_id.clone());
            move |e: web_sys::Event| {
                e.prevent_default();
                if failed.replace(true) {
                    return;
                }
                let reply = serde_json::json!({
                    "id": last_id.get(),
                    "ok": false,
                    "error": worker_unreachable(),
                });
                on_reply(reply.to_string());
            }
        });
        inner.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Worker {
            inner,
            failed,
            last_id,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request, given as JSON text. False if it could not be sent
    /// (or the worker could not be loaded).
    pub fn send(&self, request: &str) -> bool {
        if self.failed.get() {
            return false;
        }
        match js_sys::JSON::parse(request) {
            Ok(v) => {
                // Requests' ids are small whole numbers (a view's counter).
                if let Some(id) = js_sys::Reflect::get(&v, &"id".into())
                    .ok()
                    .and_then(|i| i.as_f64())
                    .filter(|i| i.fract() == 0.0 && *i >= 0.0 && *i < 9.0e15)
                {
                    self.last_id.set(id as u64);
                }
                self.inner.post_message(&v).is_ok()
            }
            Err(_) => false,
        }
    }

    /// True once the worker's script could not be loaded: start another.
    pub fn failed(&self) -> bool {
        self.failed.get()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.inner.terminate();
    }
}

/// Calls `f` once after `ms` milliseconds (a progress note, say); dropping
/// the returned handle first cancels it.
pub struct Timeout {
    id: i32,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

pub fn after(ms: i32, f: impl FnOnce() + 'static) -> Option<Timeout> {
    use wasm_bindgen::JsCast;
    let w = web_sys::window()?;
    let mut f = Some(f);
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = f.take() {
            f()
        }
    });
    let id = w
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            ms,
        )
        .ok()?;
    Some(Timeout {
        id,
        _callback: callback,
    })
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}

/// Measures how tall the embed at `src` (this site's `embed.html#…`) is in a
/// column `width` pixels wide, by opening it in a frame of that width out of
/// sight and reading the height it would post to a host (its content's, as
/// `watch_height` measures it). `done` gets the height once two readings a
/// quarter-second apart agree, or `None` after ten seconds; the frame then
/// goes. Dropping the returned handle stops the measurement.
pub fn measure_embed(
    src: &str,
    width: u32,
    done: impl FnOnce(Option<u32>) + 'static,
) -> Option<Measuring> {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let w = web_sys::window()?;
    let doc = w.document()?;
    let frame: web_sys::HtmlIFrameElement = doc.create_element("iframe").ok()?.dyn_into().ok()?;
    frame.set_src(src);
    frame.set_title("Measuring the embed's height");
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("tabindex", "-1");
    let _ = frame.set_attribute("class", "embed-measure");
    // Styles set through the object model, which the page's
    // Content-Security-Policy allows (a style attribute it would not).
    let style = frame.style();
    let _ = style.set_property("width", &format!("{width}px"));
    let _ = style.set_property("height", "800px");
    doc.body()?.append_child(&frame).ok()?;
    let done = Rc::new(RefCell::new(Some(done)));
    let last = Rc::new(Cell::new(0u32));
    let ticks = Rc::new(Cell::new(0u32));
    let id = Rc::new(Cell::new(0i32));
    let tick = {
        let (frame, done, last, ticks, id, w) = (
            frame.clone(),
            done.clone(),
            last.clone(),
            ticks.clone(),
            id.clone(),
            w.clone(),
        );
        Closure::<dyn FnMut()>::new(move || {
            ticks.set(ticks.get() + 1);
            let height = frame.content_document().and_then(|d| {
                d.query_selector(".card-total").ok().flatten()?;
                Some(content_height(
                    &d.get_element_by_id("embed")?,
                    &frame.content_window()?,
                ))
            });
            let settled = height.is_some_and(|h| h > 0 && h == last.get());
            if let Some(h) = height {
                last.set(h);
            }
            if settled || ticks.get() >= 40 {
                w.clear_interval_with_handle(id.get());
                frame.remove();
                if let Some(f) = done.borrow_mut().take() {
                    // Called after this tick returns, so `done` may drop the
                    // measurement (and this closure) safely.
                    let h = settled.then(|| last.get());
                    let later = Closure::once_into_js(move || f(h));
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        later.unchecked_ref(),
                        0,
                    );
                }
            }
        })
    };
    id.set(
        w.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            250,
        )
        .ok()?,
    );
    Some(Measuring {
        id: id.get(),
        frame,
        _tick: tick,
    })
}

/// A measurement in progress; dropping it stops it and removes its frame.
pub struct Measuring {
    id: i32,
    frame: web_sys::HtmlIFrameElement,
    _tick: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for Measuring {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.id);
        }
        self.frame.remove();
    }
}

/// Brings the element with `id` into view and gives it the focus (a field
/// the "How sure" panel opened in the scenario editor).
pub fn focus_and_show(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    el.scroll_into_view();
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}
