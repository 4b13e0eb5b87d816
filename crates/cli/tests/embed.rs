//! `fixpoint embed`: the snippet, its options in the link, and escaping of hostile input.

use fixpoint_share::{ResultTab, Theme};

use crate::test::Test;

/// The value of the first `name="…"` attribute in `html`.
fn attribute<'a>(html: &'a str, name: &str) -> &'a str {
    let needle = format!(" {name}=\"");
    let start = html
        .find(&needle)
        .map(|at| at + needle.len())
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find('"').unwrap_or(rest.len())]
}

#[test]
fn snippet_is_a_lazy_iframe_with_a_readable_fallback() {
    let run = Test::new()
        .file("overlay.nix", "final: prev: {\n  hello = prev.hello;\n}\n")
        .args([
            "embed",
            "--overlay",
            "overlay.nix",
            "--site",
            "https://docs.example.org/play",
            "--height",
            "300",
            "--read-only",
            "--theme",
            "dark",
            "--panes",
            "editor,set",
            "--tab",
            "graph",
        ])
        .run()
        .success();
    let html = &run.stdout;
    assert!(
        html.starts_with("<div class=\"fixpoint-embed\">\n  <iframe "),
        "{html}"
    );
    let src = attribute(html, "src");
    assert!(
        src.starts_with("https://docs.example.org/play/embed.html#v1."),
        "{src}"
    );
    assert_eq!(attribute(html, "height"), "300");
    assert_eq!(attribute(html, "loading"), "lazy");
    assert_eq!(attribute(html, "title"), "Fixpoint playground: overlay.nix");

    let snapshot = fixpoint_share::decode(src).unwrap_or_else(|e| panic!("{e}"));
    assert!(snapshot.embed.read_only);
    assert!(snapshot.embed.toolbar);
    assert_eq!(snapshot.embed.theme, Theme::Dark);
    assert!(snapshot.embed.panes.editor && snapshot.embed.panes.set);
    assert!(!snapshot.embed.panes.graph && !snapshot.embed.panes.value);
    assert_eq!(snapshot.tab, ResultTab::Graph);

    // Without JavaScript: a link to the playground (embed options reset) and the code.
    let noscript = &html[html.find("<noscript>").unwrap_or(0)..];
    let href = attribute(noscript, "href");
    assert!(
        href.starts_with("https://docs.example.org/play#v1."),
        "{href}"
    );
    let opened = fixpoint_share::decode(href).unwrap_or_else(|e| panic!("{e}"));
    assert!(opened.embed.is_default());
    assert_eq!(opened.files, snapshot.files);
    assert!(noscript.contains(
        "<pre><code class=\"language-nix\">final: prev: {\n  hello = prev.hello;\n}\n</code></pre>"
    ));
    assert!(html.trim_end().ends_with("</noscript>\n</div>"));
}

#[test]
fn hostile_names_and_contents_are_escaped() {
    let name = "a\"><script>alert('x')</script>&.nix";
    let text = "</noscript><script>alert(1)</script> & \"quoted\" 'single' <b>";
    let run = Test::new()
        .file(name, text)
        .args(["embed", name, "--title", "\"><img src=x onerror=alert(2)>"])
        .run()
        .success();
    let html = &run.stdout;
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert_eq!(html.matches("</noscript>").count(), 1, "{html}");
    assert!(html.contains(
        "&lt;/noscript&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39; &lt;b&gt;"
    ));
    assert!(html.contains(
        "<p><code>a&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;.nix</code></p>"
    ));
    assert_eq!(
        attribute(html, "title"),
        "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
    );
    // Every attribute value ends at its own closing quote: no stray quote in the markup.
    let iframe = html.lines().nth(1).unwrap_or_default();
    assert_eq!(iframe.matches('"').count(), 2 * 6, "{iframe}");
    // The file still travels intact inside the link.
    let snapshot = fixpoint_share::decode(attribute(html, "src")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(snapshot.file(name), Some(text));
}

#[test]
fn a_hostile_site_is_escaped_too() {
    let run = Test::new()
        .file("a.nix", "1")
        .args([
            "embed",
            "a.nix",
            "--site",
            "https://x.example/\"onload=\"alert(1)",
        ])
        .run()
        .success();
    assert!(run
        .stdout
        .contains("src=\"https://x.example/&quot;onload=&quot;alert(1)/embed.html#v1."));
}

#[test]
fn bad_options_are_usage_errors() {
    let test = Test::new().file("a.nix", "1");
    let test = test.args(["embed", "a.nix", "--height", "0"]);
    test.run()
        .code(2)
        .stderr_has("invalid value '0' for '--height'");
    let test = test.args(["embed", "a.nix", "--panes", "editor,sidebar"]);
    test.run()
        .code(2)
        .stderr_has("invalid value 'editor,sidebar' for '--panes'");
    let test = test.args(["embed", "a.nix", "--panes", ","]);
    test.run().code(2).stderr_has("for '--panes'");
    let test = test.args(["embed", "a.nix", "--theme", "solarized"]);
    test.run()
        .code(2)
        .stderr_has("expected system, light or dark");
}
