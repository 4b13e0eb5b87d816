//! JavaScript the app calls: the CodeMirror editor module (`web/js/editor.js`).
//!
//! The editor is bundled by esbuild into `editor.js` next to the page (a
//! Trunk pre-build hook, see Trunk.toml) and loaded with a dynamic `import()`
//! after the page has started, so the page never waits for it: the Editor
//! component shows a plain textarea until [`load_editor`] calls back, and
//! keeps it if loading fails.
//!
//! Invariant: this is the only module with `extern "C"` JS declarations.
//! Positions passed to [`EditorModule::set_diagnostics`] are UTF-16 offsets
//! (`crate::source_position::Utf16Pos`).
//!
//! Tests: the end-to-end tests in `tests/e2e/` type into the loaded editor.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Where the bundled editor module is served, relative to the page.
pub const EDITOR_MODULE: &str = "./editor.js";

#[wasm_bindgen(inline_js = "
export function importRelativeToPage(path, onLoaded, onFailed) {
  import(new URL(path, document.baseURI).href).then(onLoaded, onFailed);
}
")]
extern "C" {
    #[wasm_bindgen(js_name = importRelativeToPage)]
    fn import_relative_to_page(path: &str, on_loaded: &JsValue, on_failed: &JsValue);
}

#[wasm_bindgen]
extern "C" {
    /// The loaded `editor.js` module.
    #[derive(Clone)]
    pub type EditorModule;

    /// One mounted CodeMirror view.
    #[derive(Clone)]
    pub type EditorView;

    /// Mounts an editor holding `text` into `parent`; `on_change` receives the
    /// whole text after each user edit, `on_run` is called on Ctrl/Cmd+Enter.
    #[wasm_bindgen(method)]
    pub fn create(
        this: &EditorModule,
        parent: &Element,
        text: &str,
        on_change: &Function,
        on_run: &Function,
    ) -> EditorView;

    /// [`EditorModule::create`] with options: `{ readOnly: true }` mounts
    /// an editor whose text cannot be changed (the embed's read-only option).
    #[wasm_bindgen(method, js_name = create)]
    pub fn create_with_options(
        this: &EditorModule,
        parent: &Element,
        text: &str,
        on_change: &Function,
        on_run: &Function,
        options: &JsValue,
    ) -> EditorView;

    /// Replaces the text; not reported back through `on_change`.
    #[wasm_bindgen(method, js_name = setDoc)]
    pub fn set_doc(this: &EditorModule, view: &EditorView, text: &str);

    /// Draws diagnostics: an array of `{from, to, severity, message}`.
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    pub fn set_diagnostics(this: &EditorModule, view: &EditorView, diagnostics: &JsValue);

    /// Selects `from..to` (UTF-16 offsets), scrolls it into view and
    /// focuses the editor.
    #[wasm_bindgen(method, js_name = select)]
    pub fn select(this: &EditorModule, view: &EditorView, from: u32, to: u32);

    /// Unmounts the editor.
    #[wasm_bindgen(method)]
    pub fn destroy(this: &EditorModule, view: &EditorView);
}

/// Starts loading the editor module. `on_loaded` is called with the
/// [`EditorModule`], or `on_failed` with the error; both are JS functions
/// (for example from `Closure::once_into_js`, which frees itself after the
/// call).
pub fn load_editor(on_loaded: &JsValue, on_failed: &JsValue) {
    import_relative_to_page(EDITOR_MODULE, on_loaded, on_failed);
}
