//! 好差评's citizen posts, each a [`VisitForm`]: the applicant's rating
//! (the visit is whom the use case checks speaks for the applicant), and
//! the window's rating screen — pairing, and rating the desk's current
//! application (the desk's posts, unpairing included, are in `staff`).

use crate::visit_form::VisitForm;
use app::errors::AppError;
use app::pages::ratings::LEVEL_FIELD;
use app::state::AppState;
use app::urls;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::rating::{RatingAnswers, RatingChannel, RatingProblem};

/// The rating form's fields besides its `level.*` groups.
const RATING_FIELDS: [&str; 4] = ["touchpoint", "from", "problem", "comment"];

/// The rating form's answers; a field the form does not have is refused,
/// not dropped quietly.
fn answers(form: &VisitForm) -> Result<RatingAnswers<'_>, AppError> {
    let unknown = form
        .pairs
        .iter()
        .any(|(k, _)| !k.starts_with(LEVEL_FIELD) && !RATING_FIELDS.contains(&k.as_str()));
    if unknown {
        return Err(AppError::RatingRefused(vec![RatingProblem::UnknownChoice]));
    }
    Ok(RatingAnswers {
        levels: form
            .pairs
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(LEVEL_FIELD)?, v.as_str())))
            .collect(),
        problems: form
            .pairs
            .iter()
            .filter(|(k, _)| k == "problem")
            .map(|(_, v)| v.as_str())
            .collect(),
        comment: form.field("comment"),
    })
}

pub async fn rate(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: VisitForm,
) -> Response {
    let (number, progress) = crate::collect::progress_page(&number);
    let here = if form.field("from") == "receipt" {
        urls::receipt(&number)
    } else {
        progress
    };
    let channel = if form.at_kiosk() {
        RatingChannel::Kiosk
    } else {
        RatingChannel::Phone
    };
    let done = match answers(&form) {
        Err(e) => Err(e),
        Ok(answers) => state
            .hall
            .rate(
                &number,
                form.field("touchpoint"),
                &answers,
                &form.token,
                channel,
            )
            .await
            .map(|t| format!("{here}?rated={}#ratings", t.as_str()))
            .map_err(AppError::from),
    };
    form.reply(done, &here, true).await
}

pub async fn pair_screen(State(state): State<AppState>, form: VisitForm) -> Response {
    let done = state
        .hall
        .pair_window_screen(form.field("code"), &form.token, &form.client)
        .await
        .map(|()| urls::WINDOW.to_string());
    // A code is not shown again.
    form.reply(done, urls::WINDOW, false).await
}

pub async fn rate_at_window(State(state): State<AppState>, form: VisitForm) -> Response {
    let done = match answers(&form) {
        Err(e) => Err(e),
        Ok(answers) => state
            .hall
            .rate_at_window(&form.token, &answers)
            .await
            .map(|_| format!("{}?rated=1", urls::WINDOW))
            .map_err(AppError::from),
    };
    form.reply(done, urls::WINDOW, true).await
}
