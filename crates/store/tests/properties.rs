//! Property tests: encodings round-trip, and nothing a user can type makes the parsers or the
//! derivation builder panic.

use std::collections::BTreeMap;

use fixpoint_store::{
    nixbase32, Derivation, DerivationBuilder, DerivationOutput, Hash, HashAlgo, HashFormat,
    MemoryStore, StorePath,
};
use proptest::prelude::*;

fn algo() -> impl Strategy<Value = HashAlgo> {
    prop::sample::select(HashAlgo::ALL.to_vec())
}

proptest! {
    #[test]
    fn nix32_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        let text = nixbase32::encode(&bytes);
        prop_assert_eq!(text.len(), nixbase32::encoded_len(bytes.len()));
        prop_assert_eq!(nixbase32::decode(&text, bytes.len()), Ok(bytes));
    }

    #[test]
    fn nix32_decode_never_panics(text in any::<String>(), len in 0usize..70) {
        let _ = nixbase32::decode(&text, len);
    }

    #[test]
    fn hashes_round_trip_through_every_format(algo in algo(), data in any::<Vec<u8>>()) {
        let hash = Hash::digest(algo, &data);
        for format in [HashFormat::Base16, HashFormat::Nix32, HashFormat::Base64, HashFormat::Sri] {
            for with_algo in [false, true] {
                let text = hash.to_format(format, with_algo);
                prop_assert_eq!(Hash::parse(&text, Some(algo)), Ok(hash.clone()), "{}", text);
            }
        }
    }

    #[test]
    fn hash_parse_never_panics(text in any::<String>(), algo in prop::option::of(algo())) {
        if let Ok(hash) = Hash::parse(&text, algo) {
            prop_assert_eq!(hash.as_bytes().len(), hash.algo().digest_len());
        }
        let _ = Hash::parse_allow_empty(&text, algo);
    }

    #[test]
    fn store_path_parse_never_panics(text in any::<String>()) {
        if let Ok(path) = StorePath::from_absolute_path(&text) {
            prop_assert_eq!(path.to_string(), text.clone());
        }
        let _ = StorePath::from_base_name(&text);
        let _ = StorePath::from_absolute_path(&format!("/nix/store/{text}"));
    }

    #[test]
    fn aterm_round_trips(
        system in any::<String>(),
        builder in any::<String>(),
        args in prop::collection::vec(any::<String>(), 0..4),
        env in prop::collection::btree_map(any::<String>(), any::<String>(), 0..6),
        outputs in prop::collection::btree_set("[a-z]{1,6}", 1..4),
    ) {
        let drv = Derivation {
            name: "x".to_owned(),
            outputs: outputs.into_iter().map(|o| (o, DerivationOutput::default())).collect(),
            system,
            builder,
            args,
            env,
            ..Derivation::default()
        };
        prop_assert_eq!(Derivation::from_aterm(&drv.to_aterm(), "x"), Ok(drv));
    }

    #[test]
    fn aterm_parse_never_panics(text in any::<String>()) {
        let _ = Derivation::from_aterm(&text, "x");
        let _ = Derivation::from_aterm(&format!("Derive([{text}"), "x");
    }

    #[test]
    fn builder_never_panics(
        name in any::<String>(),
        attrs in prop::collection::btree_map(
            prop::sample::select(vec![
                "builder", "system", "outputs", "outputHash", "outputHashAlgo",
                "outputHashMode", "name", "out", "foo",
            ]),
            any::<String>(),
            0..8,
        ),
    ) {
        let mut builder = DerivationBuilder::new(name);
        let mut accepted = true;
        for (key, value) in attrs {
            accepted &= builder.attr(key, value).is_ok();
        }
        if accepted {
            if let Ok(built) = builder.finish(&BTreeMap::new()) {
                prop_assert!(built.out_path().is_some());
                prop_assert_eq!(built.derivation.drv_path(), Ok(built.drv_path.clone()));
                let mut store = MemoryStore::new();
                store.insert_built(&built);
                prop_assert_eq!(store.derivation(&built.drv_path), Some(&built.derivation));
            }
        }
    }
}
