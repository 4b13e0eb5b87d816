//! `fixpoint set`: the resolved set of Pill 17 as a table and as JSON, overlays switched off,
//! per-row errors with their hint, and a forcing trace.

use serde_json::Value;

use crate::test::Test;

/// Nix Pill 17's override, as an overlay on the mini nixpkgs.
const PILL17: &str = "final: prev: { graphviz = prev.graphviz.override { xlibs = null; }; }\n";

/// The table row of `name`, split on whitespace: name, kind, layer, change, ….
fn table_row(stdout: &str, name: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|line| {
            line.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find(|fields| fields.first().map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no row {name} in:\n{stdout}"))
}

#[test]
fn pill17_table_marks_graphviz_and_asciidoc_full_for_rebuild() {
    let run = Test::new()
        .file("pill.nix", PILL17)
        .args(["set", "pill.nix"])
        .run()
        .success()
        .stdout_has("[1] overlay 1: pill.nix");
    let graphviz = table_row(&run.stdout, "graphviz");
    assert_eq!(
        graphviz[1..4],
        ["derivation", "[1]*", "REBUILD"],
        "{graphviz:?}"
    );
    assert!(graphviz.iter().any(|field| field == "prev.graphviz"));
    assert_eq!(table_row(&run.stdout, "asciidocFull")[3], "REBUILD");
    assert_eq!(table_row(&run.stdout, "asciidoc")[3], "same");
}

#[test]
fn an_overlay_switched_off_changes_nothing() {
    let run = Test::new()
        .file("pill.nix", PILL17)
        .args(["set", "--off", "pill.nix"])
        .run()
        .success();
    let graphviz = table_row(&run.stdout, "graphviz");
    assert_eq!(graphviz[2], "[0]", "{graphviz:?}");
    assert!(!run.stdout.contains("REBUILD"), "{}", run.stdout);
}

#[test]
fn json_carries_layers_changes_and_reads() {
    let run = Test::new()
        .file("pill.nix", PILL17)
        .args(["set", "pill.nix", "--json"])
        .run()
        .success();
    let json: Value = serde_json::from_str(&run.stdout).expect("fixpoint set --json prints JSON");
    let rows = json["set"]["rows"].as_array().expect("rows");
    let row = |name: &str| {
        rows.iter()
            .find(|row| row["path"] == serde_json::json!([name]))
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    assert_eq!(row("graphviz")["change"], "rebuild");
    assert_eq!(row("graphviz")["defined_by"], 1);
    assert_eq!(row("asciidocFull")["change"], "rebuild");
    assert_eq!(row("asciidoc")["change"], "unchanged");
    let reads = row("asciidocFull")["reads"].as_array().expect("reads");
    assert!(reads.iter().any(|read| read["via"] == "final"
        && read["name"] == "graphviz"
        && read["answered_by"] == 1));
    assert_eq!(json["set"]["layers"][1]["label"], "overlay 1: pill.nix");
    // A row's reads are what forcing that row looked up; the overlays-off
    // comparison of the rebuild column forces its own set and adds none.
    let names = |name: &str| -> Vec<String> {
        row(name)["reads"]
            .as_array()
            .expect("reads")
            .iter()
            .map(|read| {
                format!(
                    "{}.{}",
                    read["via"].as_str().unwrap_or("?"),
                    read["name"].as_str().unwrap_or("?")
                )
            })
            .collect()
    };
    assert_eq!(
        names("asciidoc"),
        [
            "final.callPackage",
            "final.stdenv",
            "final.lib",
            "final.python",
            "pkgs.zlib",
            "final.zlib",
            "pkgs.openssl",
            "final.openssl"
        ]
    );
}

#[test]
fn a_failing_row_has_its_error_and_hint_and_the_rest_resolve() {
    let run = Test::new()
        .file(
            "modern.nix",
            "final: prev: { graphviz = prev.graphviz.override { withXorg = false; }; }\n",
        )
        .args(["set", "modern.nix"])
        .run()
        .success()
        .stdout_has("called with unexpected argument 'withXorg'")
        .stdout_has("hint: `.override` calls the function")
        .stdout_has("xlibs = null");
    assert_eq!(table_row(&run.stdout, "graphviz")[1], "error");
    assert_eq!(table_row(&run.stdout, "asciidoc")[1], "derivation");
}

#[test]
fn trace_pages_through_the_forcing_of_one_attribute() {
    Test::new()
        .file("pill.nix", PILL17)
        .args(["set", "pill.nix", "--trace", "asciidocFull"])
        .run()
        .success()
        .stdout_has("trace of asciidocFull: events 0..")
        .stdout_has("force [asciidocFull]")
        .stdout_has("graphviz -> layer [1]");
}
