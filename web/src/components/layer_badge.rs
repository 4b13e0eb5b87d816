//! A layer's coloured badge, shared by the Set, Graph and Trace views.

use yew::prelude::*;

use crate::protocol::set::{WireLayer, WireLayerKind};

/// How many distinct layer colours the style sheet defines.
pub const LAYER_COLOURS: usize = 8;

/// The CSS class colouring layer `index`: user layers get a colour each,
/// prelude layers are grey.
pub fn layer_class(layers: &[WireLayer], index: usize) -> String {
    match layers.get(index).map(|layer| layer.kind) {
        Some(WireLayerKind::Prelude) | None => "layer-prelude".to_owned(),
        Some(_) => format!("layer-{}", index % LAYER_COLOURS),
    }
}

/// The short text of a badge: `base`, the overlay's file, the file.
pub fn layer_short(layers: &[WireLayer], index: usize) -> String {
    let Some(layer) = layers.get(index) else {
        return format!("#{index}");
    };
    match layer.kind {
        WireLayerKind::Base => "base".to_owned(),
        _ => match layer.label.split_once(": ") {
            Some((_, name)) => name.to_owned(),
            None => layer.label.clone(),
        },
    }
}

/// Properties of [`LayerBadge`].
#[derive(Properties, PartialEq)]
pub struct LayerBadgeProps {
    /// Every layer of the view.
    pub layers: std::rc::Rc<[WireLayer]>,
    /// The layer shown.
    pub index: usize,
    /// A smaller badge (chains).
    #[prop_or_default]
    pub small: bool,
}

/// One layer badge.
#[component]
pub fn LayerBadge(props: &LayerBadgeProps) -> Html {
    let title = props
        .layers
        .get(props.index)
        .map(|layer| layer.label.clone())
        .unwrap_or_default();
    let class = classes!(
        "badge",
        layer_class(&props.layers, props.index),
        props.small.then_some("small")
    );
    html! {
        <span {class} {title} data-testid="layer-badge">{ layer_short(&props.layers, props.index) }</span>
    }
}
