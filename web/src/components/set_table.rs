//! The Set view: the resolved set as a table, nested sets expanding in
//! place.
//!
//! Each row shows the attribute's name, kind, short value, the layer that
//! defined it (a coloured badge) with the chain of layers that touched it,
//! its `final.x` / `prev.y` reads, and whether it must be rebuilt. A row
//! whose forcing failed shows its own error (and the trap hint) under it;
//! the other rows are unaffected.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::layer_badge::LayerBadge;
use crate::protocol::set::{WireChange, WireLayer, WireRow};
use crate::state::Expansion;

/// Properties of [`SetTable`].
#[derive(Properties, PartialEq)]
pub struct SetTableProps {
    /// The view's layers.
    pub layers: Rc<[WireLayer]>,
    /// The top-level rows.
    pub rows: Rc<[WireRow]>,
    /// Nested sets expanded in place.
    pub expanded: BTreeMap<Vec<String>, Expansion>,
    /// The selected attribute.
    pub selected: Option<Vec<String>>,
    /// Select an attribute.
    pub on_select: Callback<Vec<String>>,
    /// Expand or collapse a nested set.
    pub on_toggle: Callback<Vec<String>>,
    /// Show the derivation of the row at this path.
    pub on_derivation: Callback<Vec<String>>,
}

/// The marker of the changed column.
fn change_marker(change: WireChange) -> Html {
    let (class, text, title) = match change {
        WireChange::Rebuild => (
            "change rebuild",
            "rebuild",
            "its output path differs from the base without overlays",
        ),
        WireChange::DrvOnly => (
            "change drv-only",
            "drv only",
            "its .drv differs but its output path does not: nothing is rebuilt",
        ),
        WireChange::Added => ("change added", "added", "not in the base without overlays"),
        WireChange::Unchanged => ("change unchanged", "same", "same store paths as the base"),
        WireChange::NotCompared | WireChange::Other => return html! {},
    };
    html! { <span {class} {title}>{ text }</span> }
}

fn change_name(change: WireChange) -> &'static str {
    match change {
        WireChange::Rebuild => "rebuild",
        WireChange::DrvOnly => "drv_only",
        WireChange::Added => "added",
        WireChange::Unchanged => "unchanged",
        WireChange::NotCompared | WireChange::Other => "not_compared",
    }
}

/// The Set view.
#[component]
pub fn SetTable(props: &SetTableProps) -> Html {
    let mut body = Vec::new();
    for row in props.rows.iter() {
        render_row(props, row, 0, &mut body);
    }
    html! {
        <table class="set-table" data-testid="set-table">
            <thead>
                <tr>
                    <th scope="col">{"attribute"}</th>
                    <th scope="col">{"kind"}</th>
                    <th scope="col">{"value"}</th>
                    <th scope="col">{"defined by"}</th>
                    <th scope="col">{"reads"}</th>
                    <th scope="col">{"changed"}</th>
                </tr>
            </thead>
            <tbody>{ for body }</tbody>
        </table>
    }
}

fn render_row(props: &SetTableProps, row: &WireRow, depth: usize, out: &mut Vec<Html>) {
    let path = row.path.clone();
    let dotted = row.path.join(".");
    let selected = props.selected.as_ref() == Some(&row.path);
    let expansion = props.expanded.get(&row.path);
    let on_select = {
        let on_select = props.on_select.clone();
        let path = path.clone();
        Callback::from(move |_: MouseEvent| on_select.emit(path.clone()))
    };
    let toggle = row.expandable.then(|| {
        let on_toggle = props.on_toggle.clone();
        let path = path.clone();
        let open = expansion.is_some();
        let label = if open {
            format!("collapse {dotted}")
        } else {
            format!("expand {dotted}")
        };
        html! {
            <button type="button" class="expand" aria-expanded={open.to_string()}
                aria-label={label} data-testid="expand"
                onclick={Callback::from(move |_: MouseEvent| on_toggle.emit(path.clone()))}>
                { if open { "▾" } else { "▸" } }
            </button>
        }
    });
    let reads = row
        .reads
        .iter()
        .map(|read| {
            let class = classes!("read", (!read.found).then_some("missing"));
            let title = if read.found {
                "looked up"
            } else {
                "looked up, not found"
            };
            html! { <span {class} {title}>{ format!("{}.{}", read.via, read.name) }</span> }
        })
        .collect::<Html>();
    let chain = (row.chain.len() > 1).then(|| {
        html! {
            <span class="chain" title="every layer that set it, bottom first">
                { for row.chain.iter().map(|index| html! {
                    <LayerBadge layers={props.layers.clone()} index={*index} small=true />
                }) }
            </span>
        }
    });
    let derivation = row
        .store
        .as_ref()
        .and_then(|store| store.drv_path.as_ref())
        .map(|_| {
            let on_derivation = props.on_derivation.clone();
            let path = path.clone();
            html! {
                <button type="button" class="link" data-testid="show-derivation"
                    title="show the derivation (.drv)"
                    onclick={Callback::from(move |_: MouseEvent| on_derivation.emit(path.clone()))}>
                    {".drv"}
                </button>
            }
        });
    let class = classes!(
        "row",
        selected.then_some("selected"),
        row.error.is_some().then_some("has-error"),
        format!("depth-{}", depth.min(6))
    );
    let indent = format!("padding-left: {}rem", 0.4 + depth as f32 * 1.1);
    out.push(html! {
        <tr key={format!("row:{dotted}")} {class} data-testid="row" data-path={dotted.clone()}
            data-change={change_name(row.change)} aria-selected={selected.to_string()}>
            <td class="name" style={indent}>
                { for toggle }
                <button type="button" class="attr" onclick={on_select}>{ row.name().to_owned() }</button>
            </td>
            <td class="kind">{ row.kind.label() }</td>
            <td class="short" title={row.store.as_ref().and_then(|s| s.out_path.clone()).unwrap_or_default()}>
                { row.short.clone() }{ for derivation }
            </td>
            <td class="defined">
                { for row.defined_by.map(|index| html! {
                    <LayerBadge layers={props.layers.clone()} index={index} />
                }) }
                { for chain }
            </td>
            <td class="reads">{ reads }</td>
            <td class="changed">{ change_marker(row.change) }</td>
        </tr>
    });
    if let Some(error) = &row.error {
        out.push(html! {
            <tr key={format!("error:{dotted}")} class="row-error" data-testid="row-error">
                <td colspan="6">
                    <span class="error-message">{ format!("error: {}", error.message) }</span>
                    { for error.hint.as_ref().or(row.hint.as_ref()).map(|hint| html! {
                        <div class="hint">{ format!("hint: {}", hint.message) }</div>
                    }) }
                </td>
            </tr>
        });
    } else if let Some(hint) = &row.hint {
        out.push(html! {
            <tr key={format!("hint:{dotted}")} class="row-hint">
                <td colspan="6"><div class="hint">{ format!("hint: {}", hint.message) }</div></td>
            </tr>
        });
    }
    match expansion {
        Some(Expansion::Loading) => out.push(html! {
            <tr key={format!("loading:{dotted}")} class="row-note"><td colspan="6">{"listing…"}</td></tr>
        }),
        Some(Expansion::Failed(reason)) => out.push(html! {
            <tr key={format!("failed:{dotted}")} class="row-error"><td colspan="6">{ format!("cannot list: {reason}") }</td></tr>
        }),
        Some(Expansion::Rows(rows)) => {
            for child in rows.iter() {
                render_row(props, child, depth + 1, out);
            }
        }
        None => {}
    }
}
