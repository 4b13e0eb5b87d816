// Share links (format v1, docs/share-links.md) written and read in plain
// JavaScript, so the end-to-end tests can make links for the pages and
// check the links the pages make, independently of the Rust code.
//
// Only what the tests need: expression and set mode, ACTIVE, TAB and EMBED.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const TABS = ['set', 'graph', 'trace', 'value', 'problems'];
const PANES = ['editor', 'set', 'graph', 'trace', 'value', 'problems'];
const BASES = ['mini-nixpkgs', 'empty', 'pyproject-python'];
const THEMES = ['system', 'light', 'dark'];

function varint(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function string(text) {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...varint(bytes.length), ...bytes];
}

function section(tag, body) {
  return [tag, ...varint(body.length), ...body];
}

/**
 * `{ files: [{path, text}], entry }` (expression mode) or
 * `{ files, base, overlays: [{file, enabled}] }` (set mode), with optional
 * `active`, `tab` and `embed: { readOnly, toolbar, panes: [...], theme }`.
 * Returns the fragment without `#`.
 */
export function encodeLink(workspace) {
  const index = (path) => {
    const i = workspace.files.findIndex((file) => file.path === path);
    if (i < 0) throw new Error(`no file ${path}`);
    return varint(i);
  };
  const payload = [];
  payload.push(...section(1, [
    ...varint(workspace.files.length),
    ...workspace.files.flatMap((file) => [...string(file.path), ...string(file.text)]),
  ]));
  let mode;
  if (workspace.entry !== undefined) {
    mode = [1, ...index(workspace.entry)];
  } else {
    const base = workspace.base ?? 'mini-nixpkgs';
    const baseBytes = BASES.includes(base) ? [BASES.indexOf(base)] : [3, ...index(base)];
    const overlays = workspace.overlays ?? [];
    mode = [0, ...baseBytes, ...varint(overlays.length),
      ...overlays.flatMap((overlay) => [...index(overlay.file), overlay.enabled ? 1 : 0])];
  }
  payload.push(...section(2, mode));
  if (workspace.active !== undefined) payload.push(...section(3, index(workspace.active)));
  const defaultTab = workspace.entry !== undefined ? 'value' : 'set';
  if (workspace.tab !== undefined && workspace.tab !== defaultTab) {
    payload.push(...section(5, [TABS.indexOf(workspace.tab)]));
  }
  if (workspace.embed) {
    const embed = workspace.embed;
    const panes = (embed.panes ?? PANES).reduce((bits, pane) => bits | (1 << PANES.indexOf(pane)), 0);
    payload.push(...section(6, [embed.readOnly ? 1 : 0, embed.toolbar === false ? 0 : 1, panes,
      THEMES.indexOf(embed.theme ?? 'system')]));
  }
  const bytes = Buffer.from(payload);
  const frame = Buffer.alloc(8);
  frame.writeUInt32LE(crc32(bytes), 0);
  frame.writeUInt32LE(bytes.length, 4);
  const data = Buffer.concat([frame, deflateRawSync(bytes)]);
  return 'v1.' + data.toString('base64url');
}

/** Reads a fragment (or a whole URL) back; throws on anything unexpected. */
export function decodeLink(link) {
  const fragment = link.includes('#') ? link.slice(link.indexOf('#') + 1) : link;
  if (!fragment.startsWith('v1.')) throw new Error(`not a v1 link: ${fragment.slice(0, 20)}`);
  const data = Buffer.from(fragment.slice(3), 'base64url');
  const payload = inflateRawSync(data.subarray(8));
  if (payload.length !== data.readUInt32LE(4)) throw new Error('length mismatch');
  if (crc32(payload) !== data.readUInt32LE(0)) throw new Error('checksum mismatch');
  let at = 0;
  const readVarint = (bytes) => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      n |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return n >>> 0;
      shift += 7;
    }
  };
  const result = { files: [], active: null, tab: null, embed: null };
  const readString = () => {
    const length = readVarint(payload);
    const text = payload.subarray(at, at + length).toString('utf8');
    at += length;
    return text;
  };
  while (at < payload.length) {
    const tag = payload[at++];
    const length = readVarint(payload);
    const end = at + length;
    if (tag === 1) {
      const count = readVarint(payload);
      for (let i = 0; i < count; i++) result.files.push({ path: readString(), text: readString() });
    } else if (tag === 2) {
      const kind = payload[at++];
      if (kind === 1) {
        result.entry = result.files[readVarint(payload)].path;
      } else {
        const base = payload[at++];
        result.base = base === 3 ? result.files[readVarint(payload)].path : BASES[base];
        result.overlays = [];
        const count = readVarint(payload);
        for (let i = 0; i < count; i++) {
          const file = result.files[readVarint(payload)].path;
          result.overlays.push({ file, enabled: payload[at++] === 1 });
        }
      }
    } else if (tag === 3) {
      result.active = result.files[readVarint(payload)].path;
    } else if (tag === 4) {
      const count = readVarint(payload);
      result.selected = [];
      for (let i = 0; i < count; i++) result.selected.push(readString());
    } else if (tag === 5) {
      result.tab = TABS[payload[at++]];
    } else if (tag === 6) {
      result.embed = {
        readOnly: payload[at] === 1,
        toolbar: payload[at + 1] === 1,
        panes: PANES.filter((_, bit) => payload[at + 2] & (1 << bit)),
        theme: THEMES[payload[at + 3]],
      };
    }
    at = end;
  }
  return result;
}
