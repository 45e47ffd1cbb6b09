//! 帮你办 on the applicant's phone: "confirm and submit" for the form the
//! desk filled (the link is the key; the page's check code must still name
//! the content).

use crate::visit_form::VisitForm;
use app::errors::AppError;
use app::urls;
use axum::extract::Path;
use axum::response::Response;
use domain::{FieldError, FieldProblem};
use hall::PhoneConfirmation;

pub async fn confirm(Path(token): Path<String>, form: VisitForm) -> Response {
    let here = urls::applicant_confirm(&token);
    let done = form
        .hall()
        .confirm_on_phone(
            &token,
            form.field("declaration") == "yes",
            form.field("seen"),
        )
        .await
        .map_err(AppError::from)
        .and_then(|outcome| match outcome {
            PhoneConfirmation::Submitted(_) => Ok(here.clone()),
            PhoneConfirmation::ContentChanged => Ok(urls::applicant_confirm_changed(&token)),
            PhoneConfirmation::NotDeclared => Err(AppError::Invalid(vec![FieldError::new(
                "declaration",
                FieldProblem::Required,
            )])),
        });
    form.reply(done, &here, true).await
}
