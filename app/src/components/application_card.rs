use crate::api::ApplicationView;
use crate::i18n::{use_lang, Msg};
use domain::ApplicationStatus;
use leptos::prelude::*;

pub(crate) fn status_text(status: ApplicationStatus) -> Msg {
    match status {
        ApplicationStatus::Submitted => Msg::StatusSubmitted,
        ApplicationStatus::Accepted => Msg::StatusAccepted,
        ApplicationStatus::AcceptedWithDeficiency => Msg::StatusAcceptedWithDeficiency,
        ApplicationStatus::ReturnedForCorrection => Msg::StatusReturnedForCorrection,
        ApplicationStatus::Refused => Msg::StatusRefused,
        ApplicationStatus::Withdrawn => Msg::StatusWithdrawn,
        ApplicationStatus::CorrectionDuringReview => Msg::StatusCorrectionDuringReview,
        ApplicationStatus::Approved => Msg::StatusApproved,
        ApplicationStatus::Rejected => Msg::StatusRejected,
        ApplicationStatus::Issued => Msg::StatusIssued,
        ApplicationStatus::Delivered => Msg::StatusDelivered,
        ApplicationStatus::Terminated => Msg::StatusTerminated,
    }
}

/// The public facts of one application: number, services, status, dates,
/// and the QR code that opens its progress page — with a link to tap as
/// well (`progress_link`) where the card is not on that page: a phone
/// cannot scan its own screen.
#[component]
pub fn ApplicationCard(
    app: ApplicationView,
    #[prop(optional)] progress_link: bool,
) -> impl IntoView {
    let lang = use_lang();
    let link = progress_link.then(|| {
        view! {
            <p class="no-print progress-link">
                <a class="button" href=crate::urls::progress(&app.number) data-testid="progress-link">{Msg::OpenProgress.get(lang)}</a>
            </p>
        }
    });
    let matters = app
        .matters
        .iter()
        .map(|(code, name)| view! { <li>{name.get(lang).to_string()} " " <span class="code">"(" {code.clone()} ")"</span></li> })
        .collect_view();
    view! {
        <section class="application-card" aria-label=Msg::ApplicationDetails.get(lang)>
            <dl>
                <div class="number-row">
                    <dt>{Msg::ApplicationNumber.get(lang)}</dt>
                    <dd class="application-number" data-testid="application-number">{app.number_display.clone()}</dd>
                </div>
                <div>
                    <dt>{Msg::Matters.get(lang)}</dt>
                    <dd><ul class="plain">{matters}</ul></dd>
                </div>
                <div>
                    <dt>{Msg::Applicant.get(lang)}</dt>
                    <dd data-testid="applicant">{app.applicant_masked.clone()}</dd>
                </div>
                <div>
                    <dt>{Msg::SubmittedAt.get(lang)}</dt>
                    <dd>{app.submitted_at.clone()}</dd>
                </div>
                <div>
                    <dt>{Msg::PromisedBy.get(lang)}</dt>
                    <dd data-testid="promised-by">{app.promised_by.clone()}</dd>
                </div>
                <div>
                    <dt>{Msg::Status.get(lang)}</dt>
                    <dd data-testid="status">{status_text(app.status).get(lang)}</dd>
                </div>
            </dl>
            <figure class="qr">
                // The code itself means nothing read aloud: the caption says what it is for.
                <div class="qr-image" inner_html=app.qr_svg.clone()></div>
                <figcaption>{Msg::ScanToTrack.get(lang)}</figcaption>
            </figure>
            {link}
        </section>
    }
}
