//! The Graph view: attributes as nodes, reads as edges, drawn as SVG.
//!
//! Layout (our own, deliberately simple): an attribute's column is the
//! length of the longest read chain below it (attributes that read nothing
//! of the set stand in column 0). Edges go left to right, from what was
//! read to the attribute that read it: the way a rebuild ripples. Within a column, nodes keep the set's order. Nodes are
//! coloured by the layer that defined them; a red outline marks *rebuild*,
//! an orange one *drv only*.
//!
//! Only attributes that take part in a read between rows are drawn (the
//! rest of a large base set would only add noise); the count left out is
//! said under the graph.
//!
//! Tests: [`layout`] is pure and tested below (native).

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::layer_badge::layer_class;
use crate::protocol::set::{WireChange, WireLayer, WireRow};

/// A node placed in the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Index into the rows.
    pub row: usize,
    /// Column (read depth).
    pub column: usize,
    /// Position within the column.
    pub slot: usize,
}

/// The placed graph: nodes and edges `(from, to)` as row indices, from
/// the attribute read to the attribute that read it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    /// Nodes drawn.
    pub nodes: Vec<Node>,
    /// Edges between drawn nodes.
    pub edges: Vec<(usize, usize)>,
    /// Rows left out (no reads between rows).
    pub left_out: usize,
}

/// Places the rows. Reads through `final`, `self`, `pkgs` and `prev`, `super`
/// of a name that is a row count as edges (a `prev.x` read is drawn to the
/// row `x` too: it is the same attribute one layer down).
pub fn layout(rows: &[WireRow]) -> Layout {
    let index: BTreeMap<&str, usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.path.len() == 1)
        .map(|(i, row)| (row.name(), i))
        .collect();
    let mut edges = Vec::new();
    for (reader, row) in rows.iter().enumerate() {
        for read in &row.reads {
            if let Some(&read_row) = index.get(read.name.as_str()) {
                if read_row != reader && !edges.contains(&(read_row, reader)) {
                    edges.push((read_row, reader));
                }
            }
        }
    }
    let mut involved: Vec<bool> = vec![false; rows.len()];
    for &(a, b) in &edges {
        if let Some(slot) = involved.get_mut(a) {
            *slot = true;
        }
        if let Some(slot) = involved.get_mut(b) {
            *slot = true;
        }
    }
    // Longest path from a source, relaxed at most `rows.len()` times so a
    // cycle (a loop the user is debugging) cannot spin forever.
    let mut column = vec![0usize; rows.len()];
    for _ in 0..rows.len() {
        let mut moved = false;
        for &(from, to) in &edges {
            let wanted = column.get(from).copied().unwrap_or(0) + 1;
            if let Some(slot) = column.get_mut(to) {
                if *slot < wanted && wanted < rows.len() {
                    *slot = wanted;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    let mut per_column: BTreeMap<usize, usize> = BTreeMap::new();
    let mut nodes = Vec::new();
    for (row, used) in involved.iter().enumerate() {
        if !used {
            continue;
        }
        let col = column.get(row).copied().unwrap_or(0);
        let slot = per_column.entry(col).or_insert(0);
        nodes.push(Node {
            row,
            column: col,
            slot: *slot,
        });
        *slot += 1;
    }
    let left_out = rows.len() - nodes.len();
    Layout {
        nodes,
        edges,
        left_out,
    }
}

/// Properties of [`Graph`].
#[derive(Properties, PartialEq)]
pub struct GraphProps {
    /// The view's layers.
    pub layers: Rc<[WireLayer]>,
    /// The top-level rows.
    pub rows: Rc<[WireRow]>,
    /// The selected attribute.
    pub selected: Option<Vec<String>>,
    /// Select an attribute.
    pub on_select: Callback<Vec<String>>,
}

const NODE_W: f32 = 150.0;
const NODE_H: f32 = 28.0;
const GAP_X: f32 = 60.0;
const GAP_Y: f32 = 14.0;
const MARGIN: f32 = 10.0;

fn position(node: &Node) -> (f32, f32) {
    (
        MARGIN + node.column as f32 * (NODE_W + GAP_X),
        MARGIN + node.slot as f32 * (NODE_H + GAP_Y),
    )
}

/// The Graph view.
#[component]
pub fn Graph(props: &GraphProps) -> Html {
    let placed = use_memo(props.rows.clone(), |rows| layout(rows));
    if placed.nodes.is_empty() {
        return html! {
            <p class="empty" data-testid="graph-empty">
                {"No attribute of this set reads another one, so there is nothing to draw."}
            </p>
        };
    }
    let at: BTreeMap<usize, (f32, f32)> = placed
        .nodes
        .iter()
        .map(|node| (node.row, position(node)))
        .collect();
    let width = at.values().map(|(x, _)| *x).fold(0.0, f32::max) + NODE_W + MARGIN;
    let height = at.values().map(|(_, y)| *y).fold(0.0, f32::max) + NODE_H + MARGIN;
    let edges = placed.edges.iter().filter_map(|(from, to)| {
        let (x1, y1) = at.get(from)?;
        let (x2, y2) = at.get(to)?;
        let changed = props
            .rows
            .get(*to)
            .is_some_and(|row| row.change == WireChange::Rebuild)
            && props
                .rows
                .get(*from)
                .is_some_and(|row| row.change == WireChange::Rebuild);
        let (sx, sy) = (x1 + NODE_W, y1 + NODE_H / 2.0);
        let (ex, ey) = (*x2, y2 + NODE_H / 2.0);
        let bend = (ex - sx).abs() / 2.0 + 10.0;
        let d = format!(
            "M{sx},{sy} C{},{sy} {},{ey} {ex},{ey}",
            sx + bend,
            ex - bend
        );
        let class = classes!("edge", changed.then_some("changed"));
        Some(html! { <path {class} {d} marker-end="url(#arrow)" /> })
    });
    let nodes = placed.nodes.iter().filter_map(|node| {
        let row = props.rows.get(node.row)?;
        let (x, y) = position(node);
        let layer = row
            .defined_by
            .map(|index| layer_class(&props.layers, index))
            .unwrap_or_else(|| "layer-prelude".to_owned());
        let change = match row.change {
            WireChange::Rebuild => Some("rebuild"),
            WireChange::DrvOnly => Some("drv-only"),
            _ => None,
        };
        let selected = props.selected.as_ref() == Some(&row.path);
        let class = classes!(
            "node",
            layer,
            change,
            selected.then_some("selected"),
            row.error.is_some().then_some("has-error")
        );
        let path = row.path.clone();
        let on_select = props.on_select.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_select.emit(path.clone()));
        let name = row.name().to_owned();
        let label: String = if name.chars().count() > 18 {
            name.chars().take(17).chain(['…']).collect()
        } else {
            name.clone()
        };
        Some(html! {
            <g {class} transform={format!("translate({x},{y})")} {onclick}
                data-testid="graph-node" data-path={name.clone()}
                data-change={change.unwrap_or("none")}>
                <title>{ format!("{name}: {}", row.short) }</title>
                <rect width={NODE_W.to_string()} height={NODE_H.to_string()} rx="6" />
                <text x="8" y="18">{ label }</text>
            </g>
        })
    });
    html! {
        <div class="graph" data-testid="graph">
            <svg width={width.to_string()} height={height.to_string()}
                viewBox={format!("0 0 {width} {height}")} role="img"
                aria-label="attributes and the reads between them">
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5"
                        markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow" />
                    </marker>
                </defs>
                { for edges }
                { for nodes }
            </svg>
            <p class="legend">
                {"Arrows go from an attribute to the attributes that read it. "}
                <span class="change rebuild">{"red"}</span>{": rebuilt; "}
                <span class="change drv-only">{"orange"}</span>{": only the .drv changes."}
                { if placed.left_out > 0 { format!(" {} attributes without reads between them are not drawn.", placed.left_out) } else { String::new() } }
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::set::{WireKind, WireRead};

    fn row(name: &str, reads: &[&str]) -> WireRow {
        WireRow {
            path: vec![name.to_owned()],
            kind: WireKind::Value,
            short: String::new(),
            defined_by: None,
            chain: Vec::new(),
            definition: None,
            reads: reads
                .iter()
                .map(|name| WireRead {
                    via: "final".to_owned(),
                    name: (*name).to_owned(),
                    answered_by: None,
                    found: true,
                })
                .collect(),
            store: None,
            change: WireChange::NotCompared,
            error: None,
            hint: None,
            expandable: false,
            steps: 0,
        }
    }

    #[test]
    fn columns_follow_the_longest_read_chain() {
        let rows = [
            row("stdenv", &[]),
            row("graphviz", &["stdenv"]),
            row("asciidocFull", &["stdenv", "graphviz"]),
            row("alone", &[]),
        ];
        let placed = layout(&rows);
        let column = |r: usize| placed.nodes.iter().find(|n| n.row == r).map(|n| n.column);
        assert_eq!(column(0), Some(0));
        assert_eq!(column(1), Some(1));
        assert_eq!(column(2), Some(2));
        assert_eq!(column(3), None, "no reads: left out");
        assert_eq!(placed.left_out, 1);
        assert!(placed.edges.contains(&(1, 2)));
    }

    #[test]
    fn a_read_cycle_ends() {
        let rows = [row("a", &["b"]), row("b", &["a"])];
        let placed = layout(&rows);
        assert_eq!(placed.nodes.len(), 2);
        assert!(placed.nodes.iter().all(|node| node.column < rows.len()));
    }
}
