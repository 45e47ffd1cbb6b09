use crate::errors::AppError;
use axum::extract::FromRef;
use domain::catalog::Catalog;
use domain::search::SearchIndex;
use domain::WorkingDayCalendar;
use leptos::prelude::*;
use std::sync::Arc;
use store::Store;

/// Everything a request needs, shared by axum handlers and server functions.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub calendar: Arc<WorkingDayCalendar>,
    /// The catalog as loaded and checked at start-up: pages read it from memory.
    pub catalog: Arc<Catalog>,
    pub search: Arc<SearchIndex>,
    /// Where citizens reach the hall, e.g. `https://hall.example.gov.cn`;
    /// the QR codes on receipts point here.
    pub public_base_url: String,
    /// How long a draft is kept after its last save.
    pub draft_ttl: std::time::Duration,
    /// Idle times of a kiosk whose start URL gives none.
    pub kiosk_defaults: crate::visit::KioskTerminal,
}

impl AppState {
    pub fn from_context() -> Result<Self, AppError> {
        use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from context");
            AppError::Internal
        })
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
