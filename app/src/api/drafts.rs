use crate::errors::AppError;
#[cfg(feature = "ssr")]
use domain::{Localized, StepKind};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

/// `check`: show the problems of what is stored (after a post that had some).
#[server]
pub async fn get_draft_step(
    id: String,
    step: String,
    check: bool,
    handoff: Option<String>,
) -> Result<DraftStepView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let visitor = crate::visit::request_token().map_err(fail)?;
    let open = state
        .hall
        .open_unsubmitted_draft(&id, &visitor)
        .await
        .map_err(|e| fail(e.into()))?;
    let is_materials = open
        .step(&step)
        .map(|s| s.kind == StepKind::Materials)
        .unwrap_or(false);
    let materials = if is_materials {
        Some(
            state
                .hall
                .slots_of(&open)
                .await
                .map_err(|e| fail(e.into()))?,
        )
    } else {
        None
    };
    let mut view = crate::views::drafts::step_view(&open, &step, check, materials).map_err(fail)?;
    // 扫码上传: offered on a kiosk, and the code shown once made (only a
    // code of this kiosk visit for this draft).
    let kiosk = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<crate::visit::Visit>()
                .map(|v| v.kiosk.is_some())
        })
        .unwrap_or(false);
    if let (true, StepBody::Materials { handoff: slot, .. }) = (kiosk, &mut view.body) {
        let shown = match handoff {
            Some(token) => state
                .hall
                .kiosk_handoff(&id, &visitor, &token)
                .await
                .map_err(|e| fail(e.into()))?,
            None => None,
        };
        let shown = match shown {
            Some(h) => {
                let url = format!(
                    "{}{}",
                    state.public_base_url.trim_end_matches('/'),
                    crate::urls::handoff(&h.token)
                );
                Some(ShownHandoff {
                    qr_svg: crate::views::qr::qr_svg(&url).map_err(fail)?,
                    url,
                    until: domain::time::in_hall_time(h.expires_at)
                        .format("%H:%M")
                        .to_string(),
                    events: crate::urls::draft_material_events(&id),
                })
            }
            None => None,
        };
        *slot = Some(HandoffView {
            start: crate::urls::handoff_start(&id),
            minutes: state.hall.handoff_minutes(),
            shown,
        });
    }
    Ok(view)
}

/// 扫码上传: the phone's upload page (binds the code to this phone).
#[server]
pub async fn get_phone_upload(token: String) -> Result<PhoneUploadView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let phone = crate::visit::request_token().map_err(fail)?;
    let h = state
        .hall
        .handoff_materials(&token, &phone)
        .await
        .map_err(|e| fail(e.into()))?;
    let name_of = |code: &domain::MatterCode| Localized::new(code.as_str(), code.as_str());
    Ok(PhoneUploadView {
        token: token.clone(),
        name: h.name,
        slots: h
            .materials
            .slots
            .iter()
            .map(|s| {
                let mut view = crate::views::drafts::slot_view(s, &name_of, |_| String::new());
                // Names withheld (not yet this phone's code): the count only.
                if !h.held_here {
                    view.files.clear();
                }
                view
            })
            .collect(),
        bytes_per_file: h.materials.limits.bytes_per_file,
        until: domain::time::in_hall_time(h.expires_at)
            .format("%H:%M")
            .to_string(),
    })
}

#[server]
pub async fn get_saved_draft(id: String) -> Result<SavedDraftView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let visitor = crate::visit::request_token().map_err(fail)?;
    let open = state
        .hall
        .open_unsubmitted_draft(&id, &visitor)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::drafts::saved_view(&open, &state.public_base_url).map_err(fail)
}
