//! Property tests: any valid snapshot survives encode → decode unchanged, links use only
//! URL-safe characters, and decoding arbitrary input never panics.

use fixpoint_share::{
    decode, encode, link_length, with_fragment, Base, EmbedOptions, ExpressionMode, File, Mode,
    Overlay, Panes, ResultTab, SetMode, Snapshot, Theme, MAX_PATH_BYTES,
};
use proptest::prelude::*;

fn path_component() -> impl Strategy<Value = String> {
    "[^/\\\\:\\p{Cc}]{1,12}".prop_filter("not `.` or `..`", |component| {
        component != "." && component != ".."
    })
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(path_component(), 1..4)
        .prop_map(|components| components.join("/"))
        .prop_filter("fits the path limit", |path| path.len() <= MAX_PATH_BYTES)
}

/// Files with unique paths, in any order.
fn files() -> impl Strategy<Value = Vec<File>> {
    prop::collection::btree_map(path(), any::<String>(), 0..8)
        .prop_map(|files| {
            files
                .into_iter()
                .map(|(path, text)| File::new(path, text))
                .collect::<Vec<_>>()
        })
        .prop_shuffle()
}

fn tab() -> impl Strategy<Value = ResultTab> {
    prop::sample::select(vec![
        ResultTab::Set,
        ResultTab::Graph,
        ResultTab::Trace,
        ResultTab::Value,
        ResultTab::Problems,
    ])
}

fn embed() -> impl Strategy<Value = EmbedOptions> {
    let theme = prop::sample::select(vec![Theme::System, Theme::Light, Theme::Dark]);
    (any::<bool>(), any::<bool>(), 1u8..64, theme).prop_map(|(read_only, toolbar, bits, theme)| {
        let mut panes = Panes::none();
        panes.editor = bits & 1 != 0;
        panes.set = bits & 2 != 0;
        panes.graph = bits & 4 != 0;
        panes.trace = bits & 8 != 0;
        panes.value = bits & 16 != 0;
        panes.problems = bits & 32 != 0;
        let mut embed = EmbedOptions::default();
        embed.read_only = read_only;
        embed.toolbar = toolbar;
        embed.panes = panes;
        embed.theme = theme;
        embed
    })
}

/// A mode whose file references are all among `paths`.
fn mode(paths: Vec<String>) -> BoxedStrategy<Mode> {
    let count = paths.len();
    let order: Vec<usize> = (0..count).collect();
    let set_paths = paths.clone();
    let set = (
        0u8..4,
        Just(order).prop_shuffle(),
        0..=count,
        prop::collection::vec(any::<bool>(), count),
    )
        .prop_map(move |(base_choice, order, overlay_count, enabled)| {
            let (base, candidates) = match (base_choice, order.split_first()) {
                (3, Some((first, rest))) => (
                    Base::Custom {
                        file: set_paths[*first].clone(),
                    },
                    rest,
                ),
                (1, _) => (Base::Empty, order.as_slice()),
                (2, _) => (Base::PyprojectPython, order.as_slice()),
                _ => (Base::MiniNixpkgs, order.as_slice()),
            };
            let overlays = candidates
                .iter()
                .take(overlay_count)
                .map(|index| Overlay::new(set_paths[*index].clone(), enabled[*index]))
                .collect();
            Mode::Set(SetMode::new(base, overlays))
        });
    if count == 0 {
        return set.boxed();
    }
    let expression =
        prop::sample::select(paths).prop_map(|entry| Mode::Expression(ExpressionMode::new(entry)));
    prop_oneof![set, expression].boxed()
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    files().prop_flat_map(|files| {
        let paths: Vec<String> = files.iter().map(|file| file.path.clone()).collect();
        let active = if paths.is_empty() {
            Just(None).boxed()
        } else {
            prop::option::of(prop::sample::select(paths.clone())).boxed()
        };
        let selected = prop::collection::vec(any::<String>(), 0..5);
        let embed = prop_oneof![Just(EmbedOptions::default()), embed()];
        (Just(files), mode(paths), active, selected, tab(), embed).prop_map(
            |(files, mode, active, selected, tab, embed)| {
                let mut snapshot = Snapshot::new(mode, files);
                snapshot.active = active;
                snapshot.selected = selected;
                snapshot.tab = tab;
                snapshot.embed = embed;
                snapshot
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_snapshot_survives_a_link(snapshot in snapshot()) {
        let fragment = encode(&snapshot).expect("a valid snapshot encodes");
        prop_assert!(fragment.starts_with("v1."));
        prop_assert!(fragment
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"._-".contains(&byte)));
        prop_assert_eq!(decode(&fragment), Ok(snapshot.clone()));

        let url = with_fragment("https://example.org/play/#old", &fragment);
        prop_assert_eq!(link_length("https://example.org/play/#old", &fragment), url.chars().count());
        prop_assert_eq!(decode(&url), Ok(snapshot));
    }

    #[test]
    fn decoding_any_text_returns(text in any::<String>()) {
        let _ = decode(&text);
        let _ = decode(&format!("v1.{text}"));
    }

    #[test]
    fn decoding_any_base64_returns(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        use base64::Engine;
        let body = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let link = format!("v1.{body}");
        prop_assert!(decode(&link).is_err());
    }
}
