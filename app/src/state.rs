use crate::errors::AppError;
use axum::extract::FromRef;
use hall::Hall;
use leptos::prelude::*;

/// Everything a request needs, shared by axum handlers and server functions.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The use cases, with storage, catalog and calendar behind them.
    pub hall: Hall,
    /// Where citizens reach the hall, e.g. `https://hall.example.gov.cn`;
    /// the QR codes on receipts point here.
    pub public_base_url: String,
    /// The hall is served over https (from the public base URL): cookies
    /// are `Secure` and `__Host-` named.
    pub secure_cookies: bool,
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
