//! 好差评: the applicant's rating, a [`VisitForm`] — the visit is whom the
//! use case checks speaks for the applicant (the desk's follow-up posts
//! are in `staff::follow_ups`).

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
    // A field the form does not have is not dropped quietly.
    let unknown = form
        .pairs
        .iter()
        .any(|(k, _)| !k.starts_with(LEVEL_FIELD) && !RATING_FIELDS.contains(&k.as_str()));
    let done = if unknown {
        Err(AppError::RatingRefused(vec![RatingProblem::UnknownChoice]))
    } else {
        let answers = RatingAnswers {
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
        };
        let channel = if form.at_kiosk() {
            RatingChannel::Kiosk
        } else {
            RatingChannel::Phone
        };
        state
            .hall
            .rate(&number, form.field("touchpoint"), &answers, &form.token, channel)
            .await
            .map(|t| format!("{here}?rated={}#ratings", t.as_str()))
            .map_err(AppError::from)
    };
    form.reply(done, &here, true).await
}
