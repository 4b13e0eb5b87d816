//! SEMANTICS §6.13 test vectors V1–V20, the §6.14 worked example step by step, and scenario
//! S25 (§7), each reproduced through the public API. Input derivations are built with the API;
//! only hashes the vectors themselves state appear as literals.

use std::collections::BTreeSet;

use fixpoint_store::derivation::aterm::{write_aterm, AtermOptions};
use fixpoint_store::encoding::base16_encode;
use fixpoint_store::hash::{compress, sha256};
use fixpoint_store::nixbase32;
use fixpoint_store::store_path::store_path_fingerprint;
use fixpoint_store::{
    make_source_path, make_text_path, nar_sha256, placeholder, BuiltDerivation, DerivationBuilder,
    DrvHash, Hash, MemoryStore, NarNode, StorePath,
};

const SRI: &str = "sha256-Q3QXOoy+iN4VK2CflvRulYvPZXYgF0dO7FoF7CvWFTA=";

/// Builds a derivation from `attrs` (already coerced, exported in the order given).
fn build(store: &mut MemoryStore, name: &str, attrs: &[(&str, &str)]) -> BuiltDerivation {
    store
        .add_derivation(builder(name, attrs))
        .unwrap_or_else(|err| panic!("{name} should build: {err}"))
}

fn builder(name: &str, attrs: &[(&str, &str)]) -> DerivationBuilder {
    let mut builder = DerivationBuilder::new(name);
    builder.attr("name", name).expect("name is not special");
    for (key, value) in attrs {
        builder
            .attr(key, *value)
            .unwrap_or_else(|err| panic!("attribute {key}: {err}"));
    }
    builder
}

fn path(built: &BuiltDerivation, output: &str) -> String {
    built
        .output_path(output)
        .map(StorePath::to_absolute_path)
        .unwrap_or_default()
}

fn out(built: &BuiltDerivation) -> String {
    built
        .out_path()
        .map(StorePath::to_absolute_path)
        .unwrap_or_default()
}

fn drv(built: &BuiltDerivation) -> String {
    built.drv_path.to_absolute_path()
}

const FOO_ATTRS: &[(&str, &str)] = &[("builder", "/bin/sh"), ("system", "x86_64-linux")];

fn myfile_source() -> StorePath {
    make_source_path(
        "myfile",
        &nar_sha256(&NarNode::file("mycontent\n")),
        &BTreeSet::new(),
        false,
    )
    .expect("valid name")
}

#[test]
fn v1_nar_hash_of_a_file() {
    assert_eq!(
        base16_encode(&nar_sha256(&NarNode::file("mycontent\n"))),
        "2bfef67de873c54551d884fdab3055d84d573e654efa79db3c0d7b98883f9ee3"
    );
}

#[test]
fn v2_source_path() {
    assert_eq!(
        myfile_source().to_absolute_path(),
        "/nix/store/xv2iccirbrvklck36f1g7vldn5v58vck-myfile"
    );
}

#[test]
fn v3_v4_v5_derivation_with_a_source_builder() {
    let mut store = MemoryStore::new();
    let myfile = store
        .add_source("myfile", &NarNode::file("mycontent\n"))
        .expect("valid name");
    let mut foo = builder(
        "foo",
        &[
            ("builder", &myfile.to_absolute_path()),
            ("system", "x86_64-linux"),
        ],
    );
    foo.input_src(myfile.clone());
    let foo = store.add_derivation(foo).expect("builds");
    let masked = foo
        .derivation
        .hash_modulo(&store, true)
        .expect("no unknown inputs");
    assert_eq!(
        base16_encode(masked.digest()),
        "1bdc41b9649a0d59f270a92d69ce6b5af0bc82b46cb9d9441ebc6620665f40b5"
    );
    assert_eq!(out(&foo), "/nix/store/hs0yi5n5nw6micqhy8l1igkbhqdkzqa1-foo");
    assert_eq!(
        drv(&foo),
        "/nix/store/y4h73bmrc9ii5bxg6i7ck6hsf5gqv8ck-foo.drv"
    );
    assert_eq!(foo.derivation.references(), [myfile].into_iter().collect());
}

#[test]
fn v6_flat_fixed_output() {
    let bar = build(
        &mut MemoryStore::new(),
        "bar",
        &[
            ("system", "x86_64-linux"),
            ("builder", "none"),
            ("outputHashMode", "flat"),
            ("outputHashAlgo", "sha256"),
            (
                "outputHash",
                "f3f3c4763037e059b4d834eaf68595bbc02ba19f6d2a500dce06d124e2cd99bb",
            ),
        ],
    );
    assert_eq!(out(&bar), "/nix/store/a00d5f71k0vp5a6klkls0mvr1f7sx6ch-bar");
    assert_eq!(
        drv(&bar),
        "/nix/store/ymsf5zcqr9wlkkqdjwhqllgwa97rff5i-bar.drv"
    );
}

#[test]
fn v7_plain_derivation() {
    let foo = build(&mut MemoryStore::new(), "foo", FOO_ATTRS);
    assert_eq!(out(&foo), "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo");
    assert_eq!(
        drv(&foo),
        "/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv"
    );
}

#[test]
fn v8_args() {
    let mut foo = builder("foo", FOO_ATTRS);
    foo.arg("--foo").arg("42").arg("--bar");
    let foo = MemoryStore::new().add_derivation(foo).expect("builds");
    assert_eq!(out(&foo), "/nix/store/365gi78n2z7vwc1bvgb98k0a9cqfp6as-foo");
}

#[test]
fn v9_multiple_outputs_first_is_out_path() {
    let mut attrs = FOO_ATTRS.to_vec();
    attrs.push(("outputs", "foo bar"));
    let foo = build(&mut MemoryStore::new(), "foo", &attrs);
    assert_eq!(
        out(&foo),
        "/nix/store/hkwdinvz2jpzgnjy9lv34d2zxvclj4s3-foo-foo"
    );
    assert_eq!(foo.output_names, ["foo", "bar"]);
    assert!(path(&foo, "bar").ends_with("-foo-bar"));
}

#[test]
fn v10_recursive_sha256_in_every_encoding() {
    let hash = Hash::parse(SRI, None).expect("valid SRI");
    let hex = hash.to_base16();
    let nix32 = hash.to_nix32();
    assert!(hex.starts_with("4374173a") && hex.ends_with("1530"));
    assert!(nix32.starts_with("0c0msqmy") && nix32.ends_with("1fx23"));
    let expected = "/nix/store/17wgs52s7kcamcyin4ja58njkf91ipq8-foo";
    let with_algo = [SRI.to_owned(), hex, nix32, hash.to_base64()];
    for text in &with_algo {
        let mut attrs = FOO_ATTRS.to_vec();
        attrs.extend([
            ("outputHashMode", "recursive"),
            ("outputHashAlgo", "sha256"),
            ("outputHash", text.as_str()),
        ]);
        assert_eq!(
            out(&build(&mut MemoryStore::new(), "foo", &attrs)),
            expected,
            "{text}"
        );
    }
    let mut attrs = FOO_ATTRS.to_vec();
    attrs.extend([("outputHashMode", "recursive"), ("outputHash", SRI)]);
    assert_eq!(
        out(&build(&mut MemoryStore::new(), "foo", &attrs)),
        expected
    );
}

#[test]
fn v11_flat_sri() {
    let mut explicit = FOO_ATTRS.to_vec();
    explicit.extend([
        ("outputHashMode", "flat"),
        ("outputHashAlgo", "sha256"),
        ("outputHash", SRI),
    ]);
    let mut alone = FOO_ATTRS.to_vec();
    alone.push(("outputHash", SRI));
    for attrs in [&explicit, &alone] {
        assert_eq!(
            out(&build(&mut MemoryStore::new(), "foo", attrs)),
            "/nix/store/q4pkwkxdib797fhk22p0k3g1q32jmxvf-foo"
        );
    }
    assert_eq!(
        out(&build(&mut MemoryStore::new(), "foo2", &alone)),
        "/nix/store/znw17xlmx9r6gw8izjkqxkl6s28sza4l-foo2"
    );
}

#[test]
fn v12_recursive_md5() {
    let mut attrs = FOO_ATTRS.to_vec();
    attrs.extend([
        ("outputHashMode", "recursive"),
        ("outputHash", "md5-07BzhNET7exJ6qYjitX/AA=="),
    ]);
    assert_eq!(
        out(&build(&mut MemoryStore::new(), "foo", &attrs)),
        "/nix/store/gmmxgpy1jrzs86r5y05wy6wiy2m15xgi-foo"
    );
}

/// V13/V14: `__ignoreNulls` is never exported and null-skipping is the caller's job, so the
/// caller passes only what survives: V13 has nothing beyond the basics; V14 exports `foo = null`
/// as the empty string.
#[test]
fn v13_v14_ignore_nulls() {
    let basics: &[(&str, &str)] = &[("builder", ":"), ("system", ":")];
    let v13 = build(&mut MemoryStore::new(), "foo", basics);
    let with_flag = build(
        &mut MemoryStore::new(),
        "foo",
        &[("__ignoreNulls", "1"), ("builder", ":"), ("system", ":")],
    );
    assert_eq!(with_flag, v13);
    assert_eq!(
        drv(&v13),
        "/nix/store/xa96w6d7fxrlkk60z1fmx2ffp2wzmbqx-foo.drv"
    );
    assert_eq!(out(&v13), "/nix/store/pk2agn9za8r9bxsflgh1y7fyyrmwcqkn-foo");
    let v14 = build(
        &mut MemoryStore::new(),
        "foo",
        &[("builder", ":"), ("foo", ""), ("system", ":")],
    );
    assert_eq!(
        drv(&v14),
        "/nix/store/xwkwbajfiyhdqmksrbzm0s4g4ib8d4ms-foo.drv"
    );
    assert_eq!(out(&v14), "/nix/store/2n2jqm6l7r2ahi19m58pl896ipx9cyx6-foo");
}

#[test]
fn v15_structured_attrs() {
    let mut foo = DerivationBuilder::new("foo");
    foo.structured_attrs(r#"{"builder":":","foo":"bar","name":"foo","system":":"}"#)
        .set_builder(":")
        .set_system(":");
    let foo = MemoryStore::new().add_derivation(foo).expect("builds");
    assert_eq!(
        drv(&foo),
        "/nix/store/k6rlb4k10cb9iay283037ml1nv3xma2f-foo.drv"
    );
    assert_eq!(out(&foo), "/nix/store/6lmv3hyha1g4cb426iwjyifd7nrdv1xn-foo");
}

fn v16_bar(store: &mut MemoryStore) -> BuiltDerivation {
    build(
        store,
        "bar",
        &[
            ("builder", ":"),
            (
                "outputHash",
                "08813cbee9903c62be4c5027726a418a300da4500b2d369d3af9286f4815ceba",
            ),
            ("outputHashAlgo", "sha256"),
            ("outputHashMode", "recursive"),
            ("system", ":"),
        ],
    )
}

#[test]
fn v16_recursive_fixed_output_and_its_hash_modulo() {
    let bar = v16_bar(&mut MemoryStore::new());
    assert_eq!(out(&bar), "/nix/store/4q0pg5zpfmznxscq3avycvf9xdvx50n3-bar");
    assert_eq!(
        drv(&bar),
        "/nix/store/0hm2f1psjpcwg8fijsmr4wwxrx59s092-bar.drv"
    );
    assert!(matches!(bar.hash_modulo(), DrvHash::FixedOutput(_)));
    assert_eq!(
        bar.hash_modulo().to_hex(),
        "724f3e3634fce4cbbbd3483287b8798588e80280660b9a63fd13a1bc90485b33"
    );
}

#[test]
fn v17_v18_dependant_of_a_fixed_output() {
    let mut store = MemoryStore::new();
    let bar = v16_bar(&mut store);
    let bar_out = out(&bar);

    let mut inherit = builder(
        "foo",
        &[("bar", &bar_out), ("builder", ":"), ("system", ":")],
    );
    inherit.input_drv_output(bar.drv_path.clone(), "out");
    let inherit = store.add_derivation(inherit).expect("builds");
    assert_eq!(
        out(&inherit),
        "/nix/store/5vyvcwah9l9kf07d52rcgdk70g2f4y13-foo"
    );
    assert_eq!(
        drv(&inherit),
        "/nix/store/4wvvbi4jwn0prsdxb7vs673qa5h9gr7x-foo.drv"
    );

    let mut via_args = builder("foo", &[("builder", ":"), ("system", ":")]);
    via_args
        .arg(bar_out)
        .input_drv_output(bar.drv_path.clone(), "out");
    let via_args = store.add_derivation(via_args).expect("builds");
    assert_eq!(
        drv(&via_args),
        "/nix/store/50yl2gmmljyl0lzyrp1mcyhn53vhjhkd-foo.drv"
    );
}

#[test]
fn v19_multiple_outputs() {
    let multi = build(
        &mut MemoryStore::new(),
        "has-multi-out",
        &[("builder", ":"), ("outputs", "out lib"), ("system", ":")],
    );
    assert_eq!(
        path(&multi, "out"),
        "/nix/store/55lwldka5nyxa08wnvlizyqw02ihy8ic-has-multi-out"
    );
    assert_eq!(
        path(&multi, "lib"),
        "/nix/store/2vixb94v0hy2xc6p7mbnxxcyc095yyia-has-multi-out-lib"
    );
    assert_eq!(
        drv(&multi),
        "/nix/store/h32dahq0bx5rp1krcdx3a53asj21jvhk-has-multi-out.drv"
    );
}

#[test]
fn v20_to_file_and_placeholder() {
    let mut store = MemoryStore::new();
    let foo = store
        .add_text("foo", b"bar", BTreeSet::new())
        .expect("valid name");
    assert_eq!(
        foo.to_absolute_path(),
        "/nix/store/vxjiwkjkn7x4079qvh1jkl5pn05j2aw0-foo"
    );
    assert_eq!(
        placeholder("out"),
        "/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9"
    );
    // §6.5: a text file mentioning `foo` references it.
    let baz = make_text_path(
        "baz",
        foo.to_absolute_path().as_bytes(),
        &[foo].into_iter().collect(),
    )
    .expect("valid name");
    assert_eq!(
        baz.to_absolute_path(),
        "/nix/store/5xd714cbfnkz02h2vbsj4fm03x3f15nf-baz"
    );
}

#[test]
fn worked_example_v7_step_by_step() {
    let foo = build(&mut MemoryStore::new(), "foo", FOO_ATTRS);
    // Step 1–2: the masked ATerm.
    let masked = foo.derivation.to_masked_aterm();
    assert_eq!(
        masked,
        r#"Derive([("out","","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","foo"),("out",""),("system","x86_64-linux")])"#
    );
    // The hash-modulo text is the same here: there are no inputs to replace.
    let inputs = Default::default();
    let modulo_text = write_aterm(
        &foo.derivation,
        AtermOptions {
            mask_outputs: true,
            replaced_inputs: Some(&inputs),
        },
    );
    assert_eq!(modulo_text, masked);
    // Step 3.
    let hash_modulo = sha256(masked.as_bytes());
    assert_eq!(
        base16_encode(&hash_modulo),
        "2d37dafaba6020f742c19744d16603327205eff17f1354edd261b32867a051ff"
    );
    // Step 4.
    let fingerprint = store_path_fingerprint("output:out", &hash_modulo, "foo");
    assert_eq!(
        fingerprint,
        "output:out:sha256:2d37dafaba6020f742c19744d16603327205eff17f1354edd261b32867a051ff:/nix/store:foo"
    );
    let fingerprint_hash = base16_encode(&sha256(fingerprint.as_bytes()));
    assert!(fingerprint_hash.starts_with("26824a78") && fingerprint_hash.ends_with("a560edf9"));
    let folded = compress::<20>(&sha256(fingerprint.as_bytes()));
    assert_eq!(
        base16_encode(&folded),
        "b9c28b75a5b86bf3e932c6e09509d7a5ebbed9ed"
    );
    assert_eq!(
        nixbase32::encode(&folded),
        "xpcvxsx5sw4rbq666blz6sxqlmsqphmr"
    );
    assert_eq!(out(&foo), "/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo");
    // Step 5.
    let final_text = foo.derivation.to_aterm();
    assert_eq!(
        final_text,
        r#"Derive([("out","/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo","","")],[],[],"x86_64-linux","/bin/sh",[],[("builder","/bin/sh"),("name","foo"),("out","/nix/store/xpcvxsx5sw4rbq666blz6sxqlmsqphmr-foo"),("system","x86_64-linux")])"#
    );
    let final_hash = base16_encode(&sha256(final_text.as_bytes()));
    assert!(final_hash.starts_with("fb14ec9c") && final_hash.ends_with("29603e79"));
    assert!(
        store_path_fingerprint("text", &sha256(final_text.as_bytes()), "foo.drv")
            .starts_with("text:sha256:fb14ec9c")
    );
    assert_eq!(
        drv(&foo),
        "/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv"
    );
    // The parsed-back derivation is identical.
    assert_eq!(
        fixpoint_store::Derivation::from_aterm(&final_text, "foo").as_ref(),
        Ok(&foo.derivation)
    );
}

/// S25: changing how a fixed-output source is fetched changes every `.drv` downstream but no
/// output path.
#[test]
fn s25_drv_path_versus_out_path() {
    let mut store = MemoryStore::new();
    let src = |store: &mut MemoryStore, builder_path: &str| {
        build(
            store,
            "src.tar.gz",
            &[
                ("builder", builder_path),
                ("outputHash", SRI),
                ("outputHashAlgo", "sha256"),
                ("outputHashMode", "flat"),
                ("system", "x86_64-linux"),
            ],
        )
    };
    let with_dep = |store: &mut MemoryStore, name: &str, key: &str, dep: &BuiltDerivation| {
        let mut b = builder(
            name,
            &[
                ("builder", "/bin/sh"),
                (key, &out(dep)),
                ("system", "x86_64-linux"),
            ],
        );
        b.input_drv_output(dep.drv_path.clone(), "out");
        store.add_derivation(b).expect("builds")
    };
    let plain = build(&mut store, "foo", FOO_ATTRS);
    assert_eq!(
        drv(&plain),
        "/nix/store/9d794zbx10n43fa6zaqf33pfymdrm4r2-foo.drv"
    );

    let a = src(&mut store, "/bin/sh");
    let b = src(&mut store, "/bin/bash");
    for fod in [&a, &b] {
        assert_eq!(
            out(fod),
            "/nix/store/bi3f53xk79a0qflp263bkvn9q5q6mif9-src.tar.gz"
        );
    }
    assert_eq!(
        drv(&a),
        "/nix/store/bv5cr0a1bys49wn656yy2m6ib3bhvgs6-src.tar.gz.drv"
    );
    assert_eq!(
        drv(&b),
        "/nix/store/6iibh7hbxscj905i10n7q3kd6vvjzj0f-src.tar.gz.drv"
    );

    let lib_a = with_dep(&mut store, "lib1", "dep", &a);
    let app_a = with_dep(&mut store, "app", "lib", &lib_a);
    let lib_b = with_dep(&mut store, "lib1", "dep", &b);
    let app_b = with_dep(&mut store, "app", "lib", &lib_b);
    for app in [&app_a, &app_b] {
        assert_eq!(out(app), "/nix/store/rpa5cih52yh9vwd26qqz16qd9znyl7w6-app");
    }
    assert_eq!(
        drv(&app_a),
        "/nix/store/kxc41gkkjgny1m4fbfjvfsc9xmczlxsb-app.drv"
    );
    assert_eq!(
        drv(&app_b),
        "/nix/store/dpgla8wih4m5sax7zw22zhjn662pcbc4-app.drv"
    );
    assert_eq!(lib_a.hash_modulo(), lib_b.hash_modulo());
}

#[test]
fn derivation_errors_are_typed() {
    use fixpoint_store::{DerivationError, HashParseError, StorePathError};
    let mut store = MemoryStore::new();
    let attempt = |store: &mut MemoryStore, name: &str, attrs: &[(&str, &str)]| {
        let mut b = DerivationBuilder::new(name);
        for (key, value) in attrs {
            b.attr(key, *value)?;
        }
        store.add_derivation(b)
    };
    assert_eq!(
        attempt(&mut store, "foo", &[("system", ":")]),
        Err(DerivationError::MissingBuilder)
    );
    assert_eq!(
        attempt(&mut store, "foo", &[("builder", ":"), ("system", "")]),
        Err(DerivationError::MissingSystem)
    );
    assert_eq!(
        attempt(&mut store, "foo.drv", &[("builder", ":"), ("system", ":")]),
        Err(DerivationError::NameEndsInDrv("foo.drv".to_owned()))
    );
    assert_eq!(
        attempt(&mut store, "", &[("builder", ":"), ("system", ":")]),
        Err(DerivationError::InvalidName(StorePathError::EmptyName))
    );
    assert!(matches!(
        attempt(&mut store, "a b", &[("builder", ":"), ("system", ":")]),
        Err(DerivationError::InvalidName(
            StorePathError::InvalidCharacter { character: ' ', .. }
        ))
    ));
    assert!(matches!(
        attempt(
            &mut store,
            &"a".repeat(208),
            &[("builder", ":"), ("system", ":")]
        ),
        Err(DerivationError::InvalidName(
            StorePathError::NameTooLong { .. }
        ))
    ));
    assert_eq!(
        attempt(&mut store, "foo", &[("outputs", "out out")]),
        Err(DerivationError::DuplicateOutput("out".to_owned()))
    );
    assert_eq!(
        attempt(&mut store, "foo", &[("outputs", "drv")]),
        Err(DerivationError::InvalidOutputName("drv".to_owned()))
    );
    assert_eq!(
        attempt(&mut store, "foo", &[("outputs", "out drvPath")]).map_err(|err| err.to_string()),
        Err("invalid derivation output name 'drvPath'".to_owned())
    );
    assert_eq!(
        attempt(&mut store, "foo", &[("outputs", " ")]),
        Err(DerivationError::NoOutputs)
    );
    assert_eq!(
        attempt(&mut store, "foo", &[("outputHashMode", "text")]),
        Err(DerivationError::InvalidHashMode("text".to_owned()))
    );
    assert_eq!(
        attempt(
            &mut store,
            "foo",
            &[
                ("builder", ":"),
                ("outputHash", SRI),
                ("outputs", "out dev"),
                ("system", ":")
            ]
        ),
        Err(DerivationError::FixedOutputNotSingleOut)
    );
    assert!(matches!(
        attempt(
            &mut store,
            "foo",
            &[
                ("builder", ":"),
                ("outputHash", "abc"),
                ("outputHashAlgo", "sha256"),
                ("system", ":")
            ]
        ),
        Err(DerivationError::InvalidOutputHash(
            HashParseError::WrongLength { .. }
        ))
    ));
    // An unknown algorithm counts as absent, so a bare hash has no type (as in Nix 2.8).
    assert!(matches!(
        attempt(
            &mut store,
            "foo",
            &[
                ("builder", ":"),
                (
                    "outputHash",
                    "08813cbee9903c62be4c5027726a418a300da4500b2d369d3af9286f4815ceba"
                ),
                ("outputHashAlgo", "sha257"),
                ("system", ":")
            ]
        ),
        Err(DerivationError::InvalidOutputHash(
            HashParseError::MissingAlgo(_)
        ))
    ));
    assert!(matches!(
        attempt(
            &mut store,
            "foo",
            &[
                ("builder", ":"),
                ("outputHash", SRI),
                ("outputHashAlgo", "sha1"),
                ("system", ":")
            ]
        ),
        Err(DerivationError::InvalidOutputHash(
            HashParseError::AlgoMismatch { .. }
        ))
    ));
}

/// Two input derivations with the same hash modulo (they differ only in a fixed-output input's
/// recipe) used through different outputs. Expected paths from Nix 2.8 (`nix-instantiate`).
#[test]
fn inputs_with_equal_hash_modulo() {
    let mut store = MemoryStore::new();
    let lib1 = |store: &mut MemoryStore, fetcher: &str| {
        let src = build(
            store,
            "src.tar.gz",
            &[
                ("builder", fetcher),
                ("outputHash", SRI),
                ("outputHashAlgo", "sha256"),
                ("outputHashMode", "flat"),
                ("system", "x86_64-linux"),
            ],
        );
        let mut lib = builder(
            "lib1",
            &[
                ("builder", "/bin/sh"),
                ("dep", &out(&src)),
                ("outputs", "out dev"),
                ("system", "x86_64-linux"),
            ],
        );
        lib.input_drv_output(src.drv_path.clone(), "out");
        store.add_derivation(lib).expect("builds")
    };
    let lib_a = lib1(&mut store, "/bin/sh");
    let lib_b = lib1(&mut store, "/bin/bash");
    assert_eq!(
        drv(&lib_a),
        "/nix/store/hfmdi1sim4q758lpqlzyfb8z0mf75v80-lib1.drv"
    );
    assert_eq!(
        drv(&lib_b),
        "/nix/store/g4h3qxz93dc3cflcl1j5f3pxkllv8nf9-lib1.drv"
    );
    let mut c = builder(
        "c",
        &[
            ("builder", ":"),
            ("system", ":"),
            ("x", &path(&lib_a, "out")),
            ("y", &path(&lib_b, "dev")),
        ],
    );
    c.input_drv_output(lib_a.drv_path.clone(), "out")
        .input_drv_output(lib_b.drv_path.clone(), "dev");
    let c = store.add_derivation(c).expect("builds");
    assert_eq!(drv(&c), "/nix/store/d3v9xw5y162gi6dj3gmbgl2jqjjr11mf-c.drv");
    assert_eq!(out(&c), "/nix/store/nyvp9ava6z2p0f7m3g7fvd0acdjdzdvh-c");
}
