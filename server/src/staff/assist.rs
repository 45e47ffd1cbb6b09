//! 帮你办 at the desk: start a form for a walk-in, show the applicant's
//! phone a confirmation code, or submit on the signed declaration. Each is
//! a [`StaffForm`] calling one use case (which checks the role and that
//! the desk's visit holds the draft).

use super::form::StaffForm;
use app::errors::AppError;
use app::state::AppState;
use app::urls;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::{ApplyTarget, BundleCode, MatterCode};

/// `matter:CODE` or `bundle:CODE`, as the start form's choice posts it.
fn target(value: &str) -> Option<ApplyTarget> {
    match value.split_once(':')? {
        ("matter", code) => MatterCode::parse(code).ok().map(ApplyTarget::Matter),
        ("bundle", code) => BundleCode::parse(code).ok().map(ApplyTarget::Bundle),
        _ => None,
    }
}

pub async fn start(State(state): State<AppState>, form: StaffForm) -> Response {
    let done = async {
        let target = target(form.field("target")).ok_or(AppError::NotFound)?;
        let desk = form.desk_visit()?;
        let (id, first) = state
            .hall
            .start_assisted_draft(form.actor(), &target, &desk, form.field("applicant_id"))
            .await?;
        Ok::<_, AppError>(urls::draft_step(id.as_str(), &first))
    }
    .await;
    form.reply(done, urls::STAFF_ASSIST).await
}

pub async fn phone(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let here = urls::staff_assist(&id);
    let done = async {
        let desk = form.desk_visit()?;
        let link = state
            .hall
            .start_phone_confirmation(form.actor(), &id, &desk)
            .await?;
        Ok::<_, AppError>(urls::staff_assist_link(&id, &link.token))
    }
    .await;
    form.reply(done, &here).await
}

pub async fn signed(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let here = urls::staff_assist(&id);
    let done = async {
        let desk = form.desk_visit()?;
        let signed = form.field("signed") == "yes";
        let number = state
            .hall
            .submit_signed_declaration(form.actor(), &id, &desk, signed, form.field("check"))
            .await?;
        Ok::<_, AppError>(urls::staff_application(number.as_str()))
    }
    .await;
    form.reply(done, &here).await
}
