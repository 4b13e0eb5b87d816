// The CodeMirror 6 editor behind the playground's Editor component.
//
// The Rust side (web/src/bindings.rs) owns the file text; CodeMirror owns
// the selection and the undo history. The module exports four functions:
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
import { EditorState, Annotation } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { setDiagnostics as setLintDiagnostics, lintGutter } from '@codemirror/lint';
import { nix } from '@replit/codemirror-lang-nix';

const remote = Annotation.define();

// `options.readOnly` (the embed page's read-only option): the text can be
// read, selected and copied but not changed.
export function create(parent, text, onChange, onRun, options) {
  const readOnly = Boolean(options && options.readOnly);
  const view = new EditorView({
    parent,
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
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
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
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          if (update.transactions.every((tr) => tr.annotation(remote))) return;
          onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
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
  view.destroy();
}
