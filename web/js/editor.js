// The CodeMirror 6 editor behind the playground's Editor component.
//
// The Rust side (web/src/bindings.rs) owns the file text; CodeMirror owns
// the selection and the undo history. The module exports:
//   create(parent, text, onChange, onRun, options?) -> handle  ({ readOnly })
//   setDoc(handle, text)              replace the text (a remote change)
//   setDiagnostics(handle, list)      draw [{from, to, severity, message}]
//   select(handle, from, to)          select a range, scroll to it, focus
//   destroy(handle)
// Positions given to setDiagnostics are UTF-16 offsets (CodeMirror's unit);
// the Rust bridge converts from the evaluator's byte offsets.
//
// Changes made by setDoc are annotated as remote, so onChange is not called
// for them: echoes of the Rust state never come back as edits.
//
// Theme: the editor follows the page. The page's theme is `data-theme` on
// the root element ("light" or "dark", set by the toggle in
// web/src/hooks/use_theme.rs) or, when the attribute is absent, the system's
// `prefers-color-scheme`. Each editor keeps its theme in a Compartment and
// reconfigures it when either of those changes, so the colours switch in
// place without losing the text, selection or undo history. The editor's
// root says which one it has: `data-editor-theme="light|dark"`.
import { EditorState, Annotation, Compartment } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle, HighlightStyle } from '@codemirror/language';
import { setDiagnostics as setLintDiagnostics, lintGutter } from '@codemirror/lint';
import { tags as t } from '@lezer/highlight';
import { nix } from '@replit/codemirror-lang-nix';

const remote = Annotation.define();

// ------------------------------------------------------------------ themes

// The editor's chrome takes the page's own colours (playground.css and
// views.css define the variables for both themes), so it always matches the
// panes around it; `dark` tells CodeMirror's base theme which of its
// built-in defaults (selection, bracket match, lint marks) to use.
function chrome(dark) {
  return EditorView.theme(
    {
      '&': { color: 'var(--fg)', backgroundColor: 'var(--panel)' },
      '.cm-content': { caretColor: dark ? '#f5f7fa' : '#1d1f21' },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: dark ? '#f5f7fa' : '#1d1f21' },
      '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
        { backgroundColor: dark ? '#2f4a6e' : '#cfe0f7' },
      '.cm-activeLine': { backgroundColor: dark ? '#24282e' : '#f3f5f0' },
      '.cm-gutters': {
        backgroundColor: 'var(--bg)',
        color: 'var(--muted)',
        borderRight: '1px solid var(--border)',
      },
      '.cm-activeLineGutter': { backgroundColor: dark ? '#24282e' : '#eceee8', color: 'var(--fg)' },
      '&.cm-focused .cm-matchingBracket': {
        backgroundColor: dark ? '#3a4a3a' : '#d6ecd2',
        outline: dark ? '1px solid #5f8a5f' : '1px solid #9cc896',
      },
      '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: dark ? '#5a2a2a' : '#f6d0d0' },
      '.cm-tooltip': {
        backgroundColor: 'var(--panel)',
        color: 'var(--fg)',
        border: '1px solid var(--border)',
      },
      '.cm-diagnostic-error': { borderLeftColor: dark ? '#f28b82' : '#d23c3c' },
      '.cm-diagnostic-warning': { borderLeftColor: dark ? '#f0b35e' : '#e08a1e' },
      '.cm-panels': { backgroundColor: 'var(--bg)', color: 'var(--fg)' },
    },
    { dark },
  );
}

// Syntax colours for a dark background, chosen for contrast on the dark
// panel (#1e2125): every token colour is at least 4.5:1 against it.
const darkHighlight = HighlightStyle.define(
  [
    { tag: [t.keyword, t.controlKeyword], color: '#d4a8ff' },
    { tag: [t.string, t.special(t.string)], color: '#a9d98c' },
    { tag: [t.integer, t.float, t.number], color: '#f2b880' },
    { tag: [t.bool, t.null, t.atom], color: '#f2b880', fontWeight: '600' },
    { tag: [t.lineComment, t.blockComment, t.comment], color: '#8f98a3', fontStyle: 'italic' },
    { tag: t.propertyName, color: '#9ccaff' },
    { tag: [t.url, t.literal], color: '#7fd6cf' },
    { tag: [t.paren, t.brace, t.squareBracket, t.punctuation, t.operator], color: '#c3c9d1' },
    { tag: t.escape, color: '#ffcf70' },
    { tag: t.invalid, color: '#ff8f8f' },
  ],
  { themeType: 'dark' },
);

function themeFor(dark) {
  return [
    chrome(dark),
    dark ? syntaxHighlighting(darkHighlight) : syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    EditorView.editorAttributes.of({ 'data-editor-theme': dark ? 'dark' : 'light' }),
  ];
}

const darkQuery = typeof window !== 'undefined' && window.matchMedia
  ? window.matchMedia('(prefers-color-scheme: dark)')
  : null;

/** Whether the page shows its dark theme now. */
function pageIsDark() {
  const chosen = document.documentElement.getAttribute('data-theme');
  if (chosen === 'dark') return true;
  if (chosen === 'light') return false;
  return Boolean(darkQuery && darkQuery.matches);
}

// Every live editor, with its theme compartment and the theme it has.
const themed = new Map();
let watching = null;

function retheme() {
  const dark = pageIsDark();
  for (const [view, entry] of themed) {
    if (entry.dark === dark) continue;
    entry.dark = dark;
    view.dispatch({ effects: entry.compartment.reconfigure(themeFor(dark)) });
  }
}

// One observer of the root's data-theme and one media-query listener for
// all editors; both go away with the last editor.
function watchTheme() {
  if (watching) return;
  const observer = new MutationObserver(retheme);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  if (darkQuery) darkQuery.addEventListener('change', retheme);
  watching = () => {
    observer.disconnect();
    if (darkQuery) darkQuery.removeEventListener('change', retheme);
  };
}

function unwatchTheme() {
  if (themed.size === 0 && watching) {
    watching();
    watching = null;
  }
}

// ------------------------------------------------------------------ editor

// `options.readOnly` (the embed page's read-only option): the text can be
// read, selected and copied but not changed.
export function create(parent, text, onChange, onRun, options) {
  const readOnly = Boolean(options && options.readOnly);
  const theme = new Compartment();
  const dark = pageIsDark();
  const view = new EditorView({
    parent,
    // The page hears of an edit before CodeMirror redraws for it (about
    // 5 ms per keystroke), so the evaluation starts first; the redraw then
    // overlaps it. Text set by setDoc is remote and not reported.
    dispatchTransactions: (transactions, target) => {
      try {
        const edited = transactions.some((tr) => tr.docChanged)
          && !transactions.every((tr) => tr.annotation(remote));
        if (edited) onChange(transactions[transactions.length - 1].state.doc.toString());
      } finally {
        target.update(transactions);
      }
    },
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        bracketMatching(),
        indentOnInput(),
        theme.of(themeFor(dark)),
        lintGutter(),
        nix(),
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's
        // documented way out of the Tab capture).
        keymap.of([
          { key: 'Mod-Enter', run: () => { onRun(); return true; } },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': 'Nix source', 'data-testid': 'code-editor' }),
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
      ],
    }),
  });
  themed.set(view, { compartment: theme, dark });
  watchTheme();
  return view;
}

export function setDoc(view, text) {
  if (view.state.doc.toString() === text) return;
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    annotations: [remote.of(true)],
  });
}

export function setDiagnostics(view, diagnostics) {
  const length = view.state.doc.length;
  const list = diagnostics.map((d) => ({
    from: Math.min(d.from, length),
    to: Math.min(Math.max(d.to, d.from), length),
    severity: d.severity,
    message: d.message,
  }));
  view.dispatch(setLintDiagnostics(view.state, list));
}

export function select(view, from, to) {
  const length = view.state.doc.length;
  const anchor = Math.min(from, length);
  const head = Math.min(Math.max(to, from), length);
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
  view.focus();
}

export function destroy(view) {
  themed.delete(view);
  unwatchTheme();
  view.destroy();
}
