//! The v1 payload: a snapshot as a sequence of tagged, length-prefixed sections.
//!
//! `payload = section*`, `section = tag:u8 ‖ length:varint ‖ body`. Tags are strictly
//! increasing, so each section appears at most once and every snapshot has exactly one
//! encoding. `docs/share-links.md` gives each body's layout; the constants below are that table.

use std::collections::BTreeMap;

use crate::error::{DecodeError, EncodeError, MalformedPayload};
use crate::snapshot::{
    Base, EmbedOptions, ExpressionMode, File, Mode, Overlay, Panes, ResultTab, SetMode, Snapshot,
    Theme,
};
use crate::v1::wire::{Reader, Writer};
use crate::validate::{InvalidSnapshot, MAX_FILES, MAX_PAYLOAD_BYTES, MAX_SELECTED_DEPTH};

/// Required: the files.
const SECTION_FILES: u8 = 1;
/// Required: the mode.
const SECTION_MODE: u8 = 2;
/// Optional: the active file; absent means none.
const SECTION_ACTIVE: u8 = 3;
/// Optional: the selected attribute path; absent means nothing selected.
const SECTION_SELECTED: u8 = 4;
/// Optional: the result tab; absent means [`ResultTab::default_for`] the mode.
const SECTION_TAB: u8 = 5;
/// Optional: embed options; absent means [`EmbedOptions::default`].
const SECTION_EMBED: u8 = 6;

const MODE_SET: u8 = 0;
const MODE_EXPRESSION: u8 = 1;

const BASE_MINI_NIXPKGS: u8 = 0;
const BASE_EMPTY: u8 = 1;
const BASE_PYPROJECT_PYTHON: u8 = 2;
const BASE_CUSTOM: u8 = 3;

const TAB_SET: u8 = 0;
const TAB_GRAPH: u8 = 1;
const TAB_TRACE: u8 = 2;
const TAB_VALUE: u8 = 3;
const TAB_PROBLEMS: u8 = 4;

const THEME_SYSTEM: u8 = 0;
const THEME_LIGHT: u8 = 1;
const THEME_DARK: u8 = 2;

const PANE_EDITOR: u8 = 1 << 0;
const PANE_SET: u8 = 1 << 1;
const PANE_GRAPH: u8 = 1 << 2;
const PANE_TRACE: u8 = 1 << 3;
const PANE_VALUE: u8 = 1 << 4;
const PANE_PROBLEMS: u8 = 1 << 5;
const PANES_KNOWN: u8 = 0b0011_1111;

/// Serializes a snapshot, which must be valid.
pub(crate) fn encode_payload(snapshot: &Snapshot) -> Result<Vec<u8>, EncodeError> {
    snapshot.validate().map_err(EncodeError::Invalid)?;
    // Validation guarantees every named file exists; the index lookups below rely on it.
    let index: BTreeMap<&str, usize> = snapshot
        .files
        .iter()
        .enumerate()
        .map(|(position, file)| (file.path.as_str(), position))
        .collect();
    let file_index = |path: &str| index.get(path).copied().unwrap_or(usize::MAX);

    let mut payload = Writer::default();

    let mut files = Writer::default();
    files.varint(snapshot.files.len());
    for file in &snapshot.files {
        files.string(&file.path);
        files.string(&file.text);
    }
    payload.section(SECTION_FILES, files);

    let mut mode = Writer::default();
    match &snapshot.mode {
        Mode::Set(set) => {
            mode.byte(MODE_SET);
            match &set.base {
                Base::MiniNixpkgs => mode.byte(BASE_MINI_NIXPKGS),
                Base::Empty => mode.byte(BASE_EMPTY),
                Base::PyprojectPython => mode.byte(BASE_PYPROJECT_PYTHON),
                Base::Custom { file } => {
                    mode.byte(BASE_CUSTOM);
                    mode.varint(file_index(file));
                }
            }
            mode.varint(set.overlays.len());
            for overlay in &set.overlays {
                mode.varint(file_index(&overlay.file));
                mode.bool(overlay.enabled);
            }
        }
        Mode::Expression(expression) => {
            mode.byte(MODE_EXPRESSION);
            mode.varint(file_index(&expression.entry));
        }
    }
    payload.section(SECTION_MODE, mode);

    if let Some(active) = &snapshot.active {
        let mut section = Writer::default();
        section.varint(file_index(active));
        payload.section(SECTION_ACTIVE, section);
    }

    if !snapshot.selected.is_empty() {
        let mut section = Writer::default();
        section.varint(snapshot.selected.len());
        for name in &snapshot.selected {
            section.string(name);
        }
        payload.section(SECTION_SELECTED, section);
    }

    if snapshot.tab != ResultTab::default_for(&snapshot.mode) {
        let mut section = Writer::default();
        section.byte(tab_byte(snapshot.tab));
        payload.section(SECTION_TAB, section);
    }

    if !snapshot.embed.is_default() {
        let embed = &snapshot.embed;
        let mut section = Writer::default();
        section.bool(embed.read_only);
        section.bool(embed.toolbar);
        section.byte(pane_bits(&embed.panes));
        section.byte(theme_byte(embed.theme));
        payload.section(SECTION_EMBED, section);
    }

    let bytes = payload.into_bytes();
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(EncodeError::TooLarge { size: bytes.len() });
    }
    Ok(bytes)
}

/// Parses and validates a v1 payload.
pub(crate) fn decode_payload(bytes: &[u8]) -> Result<Snapshot, DecodeError> {
    let mut reader = Reader::new(bytes);
    let mut files: Option<Vec<File>> = None;
    let mut mode: Option<Mode> = None;
    let mut active = None;
    let mut selected = Vec::new();
    let mut tab = None;
    let mut embed = EmbedOptions::default();
    let mut previous_tag = 0u8;

    while !reader.is_at_end() {
        let tag_offset = reader.offset();
        let tag = reader.byte()?;
        if !(SECTION_FILES..=SECTION_EMBED).contains(&tag) {
            return Err(reader.error_at(tag_offset, MalformedPayload::UnknownSection(tag)));
        }
        if tag <= previous_tag {
            return Err(reader.error_at(tag_offset, MalformedPayload::SectionOutOfOrder(tag)));
        }
        previous_tag = tag;
        let length = reader.length()?;
        let mut section = reader.sub_reader(length)?;
        if tag == SECTION_FILES {
            files = Some(read_files(&mut section)?);
        } else {
            // Every other section refers to files by index, and FILES has the lowest tag.
            let known = files.as_deref().ok_or_else(|| {
                reader.error_at(tag_offset, MalformedPayload::MissingSection(SECTION_FILES))
            })?;
            match tag {
                SECTION_MODE => mode = Some(read_mode(&mut section, known)?),
                SECTION_ACTIVE => active = Some(read_file_ref(&mut section, known)?),
                SECTION_SELECTED => selected = read_selected(&mut section)?,
                SECTION_TAB => tab = Some(read_tab(&mut section)?),
                _ => embed = read_embed(&mut section)?,
            }
        }
        if !section.is_at_end() {
            return Err(section.error(MalformedPayload::SectionTooLong(tag)));
        }
    }

    let end = reader.offset();
    let files = files
        .ok_or_else(|| reader.error_at(end, MalformedPayload::MissingSection(SECTION_FILES)))?;
    let mode =
        mode.ok_or_else(|| reader.error_at(end, MalformedPayload::MissingSection(SECTION_MODE)))?;
    let tab = tab.unwrap_or_else(|| ResultTab::default_for(&mode));
    let mut snapshot = Snapshot::new(mode, files);
    snapshot.active = active;
    snapshot.selected = selected;
    snapshot.tab = tab;
    snapshot.embed = embed;
    snapshot.validate().map_err(DecodeError::Invalid)?;
    Ok(snapshot)
}

fn read_files(reader: &mut Reader<'_>) -> Result<Vec<File>, DecodeError> {
    let count = reader.length()?;
    // Checked before allocating, so a hostile count cannot reserve memory.
    if count > MAX_FILES {
        return Err(DecodeError::Invalid(InvalidSnapshot::TooManyFiles {
            count: count as u64,
        }));
    }
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        let path = reader.string()?;
        let text = reader.string()?;
        files.push(File::new(path, text));
    }
    Ok(files)
}

fn read_file_ref(reader: &mut Reader<'_>, files: &[File]) -> Result<String, DecodeError> {
    let offset = reader.offset();
    let index = reader.varint()?;
    usize::try_from(index)
        .ok()
        .and_then(|index| files.get(index))
        .map(|file| file.path.clone())
        .ok_or_else(|| reader.error_at(offset, MalformedPayload::FileIndexOutOfRange(index)))
}

fn read_mode(reader: &mut Reader<'_>, files: &[File]) -> Result<Mode, DecodeError> {
    let offset = reader.offset();
    match reader.byte()? {
        MODE_SET => {
            let base_offset = reader.offset();
            let base = match reader.byte()? {
                BASE_MINI_NIXPKGS => Base::MiniNixpkgs,
                BASE_EMPTY => Base::Empty,
                BASE_PYPROJECT_PYTHON => Base::PyprojectPython,
                BASE_CUSTOM => Base::Custom {
                    file: read_file_ref(reader, files)?,
                },
                other => {
                    return Err(reader.error_at(base_offset, MalformedPayload::UnknownBase(other)))
                }
            };
            let count = reader.length()?;
            let overlays = read_overlays(reader, files, count)?;
            Ok(Mode::Set(SetMode::new(base, overlays)))
        }
        MODE_EXPRESSION => Ok(Mode::Expression(ExpressionMode::new(read_file_ref(
            reader, files,
        )?))),
        other => Err(reader.error_at(offset, MalformedPayload::UnknownMode(other))),
    }
}

fn read_overlays(
    reader: &mut Reader<'_>,
    files: &[File],
    count: usize,
) -> Result<Vec<Overlay>, DecodeError> {
    // Overlays are distinct files, so the capacity never needs to exceed the file count; a
    // larger hostile count runs out of data or repeats a file, both reported below.
    let mut overlays = Vec::with_capacity(count.min(files.len()));
    for _ in 0..count {
        let file = read_file_ref(reader, files)?;
        let enabled = reader.bool()?;
        overlays.push(Overlay::new(file, enabled));
    }
    Ok(overlays)
}

fn read_selected(reader: &mut Reader<'_>) -> Result<Vec<String>, DecodeError> {
    let count = reader.length()?;
    if count > MAX_SELECTED_DEPTH {
        return Err(DecodeError::Invalid(InvalidSnapshot::SelectionTooDeep {
            depth: count as u64,
        }));
    }
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        names.push(reader.string()?.to_owned());
    }
    Ok(names)
}

fn read_tab(reader: &mut Reader<'_>) -> Result<ResultTab, DecodeError> {
    let offset = reader.offset();
    match reader.byte()? {
        TAB_SET => Ok(ResultTab::Set),
        TAB_GRAPH => Ok(ResultTab::Graph),
        TAB_TRACE => Ok(ResultTab::Trace),
        TAB_VALUE => Ok(ResultTab::Value),
        TAB_PROBLEMS => Ok(ResultTab::Problems),
        other => Err(reader.error_at(offset, MalformedPayload::UnknownTab(other))),
    }
}

fn read_embed(reader: &mut Reader<'_>) -> Result<EmbedOptions, DecodeError> {
    let read_only = reader.bool()?;
    let toolbar = reader.bool()?;
    let panes_offset = reader.offset();
    let bits = reader.byte()?;
    if bits & !PANES_KNOWN != 0 {
        return Err(reader.error_at(panes_offset, MalformedPayload::UnknownPanes(bits)));
    }
    let theme_offset = reader.offset();
    let theme = match reader.byte()? {
        THEME_SYSTEM => Theme::System,
        THEME_LIGHT => Theme::Light,
        THEME_DARK => Theme::Dark,
        other => return Err(reader.error_at(theme_offset, MalformedPayload::UnknownTheme(other))),
    };
    Ok(EmbedOptions {
        read_only,
        toolbar,
        panes: panes_from_bits(bits),
        theme,
    })
}

fn tab_byte(tab: ResultTab) -> u8 {
    match tab {
        ResultTab::Set => TAB_SET,
        ResultTab::Graph => TAB_GRAPH,
        ResultTab::Trace => TAB_TRACE,
        ResultTab::Value => TAB_VALUE,
        ResultTab::Problems => TAB_PROBLEMS,
    }
}

fn theme_byte(theme: Theme) -> u8 {
    match theme {
        Theme::System => THEME_SYSTEM,
        Theme::Light => THEME_LIGHT,
        Theme::Dark => THEME_DARK,
    }
}

fn pane_bits(panes: &Panes) -> u8 {
    [
        (panes.editor, PANE_EDITOR),
        (panes.set, PANE_SET),
        (panes.graph, PANE_GRAPH),
        (panes.trace, PANE_TRACE),
        (panes.value, PANE_VALUE),
        (panes.problems, PANE_PROBLEMS),
    ]
    .into_iter()
    .filter(|(shown, _)| *shown)
    .fold(0, |bits, (_, bit)| bits | bit)
}

fn panes_from_bits(bits: u8) -> Panes {
    Panes {
        editor: bits & PANE_EDITOR != 0,
        set: bits & PANE_SET != 0,
        graph: bits & PANE_GRAPH != 0,
        trace: bits & PANE_TRACE != 0,
        value: bits & PANE_VALUE != 0,
        problems: bits & PANE_PROBLEMS != 0,
    }
}
