//! fixpoint-web: the playground's Yew app and its evaluation worker.
