use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

#[server]
pub async fn get_catalog_overview() -> Result<CatalogOverview, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    Ok(crate::views::catalog::overview(state.hall.catalog()))
}

#[server]
pub async fn find_matters(filter: MatterFilter) -> Result<Vec<MatterSummary>, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    Ok(crate::views::catalog::find(state.hall.catalog(), &filter))
}

#[server]
pub async fn get_matter_guide(code: String) -> Result<MatterGuide, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::views::catalog::matter_guide(state.hall.catalog(), &code).map_err(fail)
}

#[server]
pub async fn get_bundle(code: String) -> Result<BundleView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::views::catalog::bundle(state.hall.catalog(), &code).map_err(fail)
}
