//! 统一出件 at the issuing window: `/staff/issuing` (approved and issued
//! applications), `/staff/issuing/{number}` (seal and issue, record the
//! posting), `/staff/issuing/{number}/handover` (送达回证, printable) and
//! `/staff/pickup` (scan or type a pickup code, check the ID, hand over).

use super::review::{error_summary, error_summary_headed};
use super::{posted_form, staff_error, Csrf, StaffPage};
use crate::api::{
    get_handover, get_issuing_file, get_issuing_queue, DeliveryView, HandoverView, HandoverWayView,
    IssuingFileView, PickupScanView,
};
use crate::components::application_card::status_text;
use crate::components::print_button::PrintButton;
use crate::errors::AppError;
use crate::i18n::{use_lang, IssuingMsg, Lang};
use domain::catalog::IssuedForm;
use domain::issuing::{Collector, DeliveryProblem, PickupProblem};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn delivery_text(lang: Lang, d: Option<&DeliveryView>) -> String {
    match d {
        None => IssuingMsg::DeliveryNotChosen.get(lang).into(),
        Some(DeliveryView::Window { proxy: None }) => IssuingMsg::DeliveryWindow.get(lang).into(),
        Some(DeliveryView::Window {
            proxy: Some((name, id)),
        }) => format!(
            "{}（{}：{name} {id}）",
            IssuingMsg::DeliveryWindow.get(lang),
            IssuingMsg::DeliveryProxy.get(lang)
        ),
        Some(DeliveryView::Post {
            recipient,
            phone,
            address,
        }) => format!(
            "{}：{recipient} {phone} {address}",
            IssuingMsg::DeliveryPost.get(lang)
        ),
    }
}

fn delivery_problem(lang: Lang, p: &DeliveryProblem) -> &'static str {
    use DeliveryProblem as P;
    match p {
        P::NoMethod => IssuingMsg::ProblemNoMethod,
        P::NoRecipient => IssuingMsg::ProblemNoRecipient,
        P::BadPhone => IssuingMsg::ProblemBadPhone,
        P::NoAddress => IssuingMsg::ProblemNoAddress,
        P::NoProxyName => IssuingMsg::ProblemNoProxyName,
        P::BadProxyId => IssuingMsg::ProblemBadProxyId,
        P::TooLong { .. } => IssuingMsg::ProblemTooLong,
        P::Invisible { .. } => IssuingMsg::ProblemInvisible,
        P::NoLetter { .. } => IssuingMsg::ProblemNoLetter,
        P::NoCarrier => IssuingMsg::ProblemNoCarrier,
        P::BadTracking => IssuingMsg::ProblemBadTracking,
    }
    .get(lang)
}

/// Each delivery problem by its field (shown beside it).
pub fn delivery_problems(lang: Lang, e: Option<&AppError>) -> Vec<(String, String)> {
    match e {
        Some(AppError::DeliveryRefused(problems)) => problems
            .iter()
            .map(|p| (p.field().to_string(), delivery_problem(lang, p).to_string()))
            .collect(),
        _ => vec![],
    }
}

/// Why a post of issuing was refused, in the desk's (or citizen's) words.
pub fn refusal_lines(lang: Lang, e: &AppError) -> Vec<String> {
    let one = |m: IssuingMsg| vec![m.get(lang).to_string()];
    match e {
        AppError::PickupRefused(p) => match p {
            PickupProblem::Malformed => one(IssuingMsg::ProblemMalformed),
            PickupProblem::Forged => one(IssuingMsg::ProblemForged),
            PickupProblem::Expired(on) => vec![IssuingMsg::ProblemExpired.with_n(lang, on)],
            PickupProblem::Revoked => one(IssuingMsg::ProblemRevoked),
            PickupProblem::UnknownCode => one(IssuingMsg::ProblemUnknownCode),
            PickupProblem::OtherApplication => one(IssuingMsg::ProblemOtherApplication),
        },
        AppError::AlreadyHandedOver(h) => vec![IssuingMsg::ProblemAlready
            .get(lang)
            .replace("{at}", &h.at)
            .replace("{place}", &h.place)
            .replace("{by}", &h.by_name)],
        AppError::IdentityNotChecked => one(IssuingMsg::ProblemIdentity),
        AppError::NoProxy => one(IssuingMsg::ProblemNoProxy),
        AppError::TooManyGuesses { wait } => {
            vec![IssuingMsg::ProblemTooMany.with_n(lang, wait.div_ceil(60).max(1))]
        }
        AppError::NotIssuable(status) => {
            vec![IssuingMsg::ProblemStatus.with_n(lang, status_text(*status).get(lang))]
        }
        AppError::DeferredOwed(by) => vec![IssuingMsg::DeferredOwed.with_n(
            lang,
            by.as_ref()
                .map(|d| IssuingMsg::DeferredBy.with_n(lang, d))
                .unwrap_or_default(),
        )],
        AppError::DeliveryRefused(problems) => problems
            .iter()
            .map(|p| delivery_problem(lang, p).to_string())
            .collect(),
        AppError::WrongProof { left } => vec![IssuingMsg::ProblemWrongProof.with_n(lang, left)],
        AppError::NotProven => one(IssuingMsg::ProblemNotProven),
        other => vec![super::error_text(lang, other)],
    }
}

fn refusal() -> Option<AnyView> {
    let lang = use_lang();
    posted_form().map(|p| error_summary(lang, refusal_lines(lang, &p.error)))
}

/// `/staff/issuing`
#[component]
pub fn IssuingQueuePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        {crate::pages::awaited(get_issuing_queue, move |queue| {
                let view = match queue {
                    Ok(v) => v,
                    Err(e) => return staff_error(&e),
                };
                let rows = view.lines.iter().map(|l| view! {
                    <tr>
                        <th scope="row"><a class="application-number" href=crate::urls::staff_issuing(&l.number)>{l.number_display.clone()}</a></th>
                        <td>{l.applicant_masked.clone()}</td>
                        <td>{l.items.iter().map(|i| i.get(lang).to_string()).collect::<Vec<_>>().join("、")}</td>
                        <td>{delivery_text(lang, l.delivery.as_ref())}</td>
                        <td data-testid="issuing-status">{status_text(l.status).get(lang)}</td>
                        <td>{l.promised_by.clone()}</td>
                    </tr>
                }).collect_view();
                let table = if view.lines.is_empty() {
                    view! { <p class="notice">{IssuingMsg::QueueEmpty.get(lang)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll" role="region" tabindex="0" aria-label=IssuingMsg::QueueTableLabel.get(lang)>
                            <table class="staff-table queue">
                                <thead><tr>
                                    <th scope="col">{crate::i18n::StaffMsg::ColNumber.get(lang)}</th>
                                    <th scope="col">{IssuingMsg::ColApplicant.get(lang)}</th>
                                    <th scope="col">{IssuingMsg::ColResults.get(lang)}</th>
                                    <th scope="col">{IssuingMsg::ColDelivery.get(lang)}</th>
                                    <th scope="col">{IssuingMsg::ColStatus.get(lang)}</th>
                                    <th scope="col">{IssuingMsg::ColPromised.get(lang)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                };
                let refusal = refusal();
                let has_errors = refusal.is_some();
                view! {
                    <StaffPage title=IssuingMsg::QueueTitle.get(lang) me=Some(view.me.clone()) has_errors>
                        {refusal}
                        <p class="hint">{IssuingMsg::QueueHelp.get(lang)}</p>
                        <p><a class="button" href=crate::urls::STAFF_PICKUP>{IssuingMsg::ScanTitle.get(lang)}</a></p>
                        {table}
                    </StaffPage>
                }.into_any()
            })}
    }
}

fn forms_text(lang: Lang, forms: &[IssuedForm]) -> String {
    forms
        .iter()
        .map(|f| match f {
            IssuedForm::Electronic => IssuingMsg::Electronic.get(lang),
            IssuedForm::Paper => IssuingMsg::Paper.get(lang),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn file_page(v: IssuingFileView) -> AnyView {
    let lang = use_lang();
    let posted = posted_form();
    let typed = |k: &str| {
        posted
            .as_ref()
            .and_then(|p| p.pairs.iter().find(|(key, _)| key == k))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (carrier, tracking) = (typed("carrier"), typed("tracking"));
    let refusal = refusal();
    let has_errors = refusal.is_some();
    let results = v
        .to_issue
        .iter()
        .map(|t| {
            view! {
                <li>
                    <strong>{t.name.get(lang).to_string()}</strong>
                    <span class="line hint">{format!("{} · {}：{} · {}", t.matter.get(lang), IssuingMsg::Validity.get(lang), t.validity.get(lang), forms_text(lang, &t.forms))}</span>
                </li>
            }
        })
        .collect_view();
    let owed = v.deferred_owed.as_ref().map(|by| {
        let by = by
            .as_ref()
            .map(|d| IssuingMsg::DeferredBy.with_n(lang, d))
            .unwrap_or_default();
        view! { <p class="notice flag" data-testid="deferred-owed">{IssuingMsg::DeferredOwed.with_n(lang, by)}</p> }
    });
    let issue = v.can_issue.then(|| {
        view! {
            <form method="post" action=crate::urls::staff_issue(&v.number) class="decision-form">
                <Csrf token=v.me.csrf_token.clone()/>
                <p class="hint">{IssuingMsg::IssueHelp.get(lang)}</p>
                <button type="submit" class="primary">{IssuingMsg::IssueButton.get(lang)}</button>
            </form>
        }
    });
    let licences = (!v.licences.is_empty()).then(|| {
        let items = v
            .licences
            .iter()
            .map(|l| {
                view! {
                    <li data-testid="licence">
                        <strong>{l.name.get(lang).to_string()}</strong>
                        " "
                        <span class="code">{l.code_display.clone()}</span>
                        " "
                        <a href=l.verify_url.clone()>{IssuingMsg::OpenLicence.get(lang)}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="licences">
                <h2 id="licences">{IssuingMsg::Issued.get(lang)}</h2>
                <ul>{items}</ul>
                {v.pickup_expires.clone().map(|d| view! { <p class="hint">{IssuingMsg::PickupValid.with_n(lang, d)}</p> })}
            </section>
        }
    });
    let post = v.can_post.then(|| {
        view! {
            <section aria-labelledby="post">
                <h2 id="post">{IssuingMsg::PostHeading.get(lang)}</h2>
                <form method="post" action=crate::urls::staff_post(&v.number) class="decision-form">
                    <Csrf token=v.me.csrf_token.clone()/>
                    <p>
                        <label for="carrier">{IssuingMsg::Carrier.get(lang)}</label>
                        <input id="carrier" name="carrier" value=carrier maxlength="40" autocomplete="off"/>
                    </p>
                    <p>
                        <label for="tracking">{IssuingMsg::Tracking.get(lang)}</label>
                        <input id="tracking" name="tracking" value=tracking maxlength="40" autocomplete="off" spellcheck="false"/>
                    </p>
                    <button type="submit" class="primary">{IssuingMsg::PostButton.get(lang)}</button>
                </form>
            </section>
        }
    });
    let handover = v.handover.as_ref().map(|_| {
        view! { <p><a class="button" href=crate::urls::staff_handover(&v.number)>{IssuingMsg::HandoverLink.get(lang)}</a></p> }
    });
    view! {
        <StaffPage title=format!("{} {}", IssuingMsg::FileTitle.get(lang), v.number_display) me=Some(v.me.clone()) has_errors>
            {refusal}
            <dl class="facts">
                <div><dt>{IssuingMsg::ColStatus.get(lang)}</dt><dd data-testid="issuing-status">{status_text(v.status).get(lang)}</dd></div>
                <div><dt>{IssuingMsg::Holder.get(lang)}</dt><dd>{v.holder.clone()}</dd></div>
                <div><dt>{IssuingMsg::HolderId.get(lang)}</dt><dd>{v.holder_id.clone()}</dd></div>
                <div><dt>{IssuingMsg::ColDelivery.get(lang)}</dt><dd data-testid="delivery">{delivery_text(lang, v.delivery.as_ref())}</dd></div>
            </dl>
            <section aria-labelledby="to-issue">
                <h2 id="to-issue">{IssuingMsg::ToIssue.get(lang)}</h2>
                <ul>{results}</ul>
            </section>
            {owed}
            {issue}
            {licences}
            {post}
            {handover}
        </StaffPage>
    }
    .into_any()
}

/// `/staff/issuing/{number}`
#[component]
pub fn IssuingFilePage() -> impl IntoView {
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let data = super::once(get_issuing_file(number));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| match found {
                        Ok(v) => file_page(v),
                        Err(e) => staff_error(&e),
        })}
    }
}

/// 送达回证 as a document (the desk's page prints it on A4).
pub fn handover_document(lang: Lang, h: &HandoverView) -> AnyView {
    let (way, to) = match &h.way {
        HandoverWayView::Window {
            collector,
            name,
            id_masked,
        } => (
            IssuingMsg::WayWindow.get(lang).to_string(),
            format!(
                "{name}（{}，{id_masked}）",
                match collector {
                    Collector::Applicant => IssuingMsg::CollectorApplicant.get(lang),
                    Collector::Proxy => IssuingMsg::CollectorProxy.get(lang),
                }
            ),
        ),
        HandoverWayView::Post {
            carrier,
            tracking,
            recipient,
        } => (
            format!("{}（{carrier} {tracking}）", IssuingMsg::WayPost.get(lang)),
            recipient.clone(),
        ),
    };
    view! {
        <section class="notice-document handover-document" data-testid="handover">
            <h2>{IssuingMsg::HandoverTitle.get(lang)}</h2>
            <dl class="facts">
                <div><dt>{IssuingMsg::LicenceNumber.get(lang)}</dt><dd>{h.number_display.clone()}</dd></div>
                <div><dt>{IssuingMsg::HandoverItems.get(lang)}</dt><dd>{h.items.join("、")}</dd></div>
                <div><dt>{IssuingMsg::HandoverWay.get(lang)}</dt><dd>{way}</dd></div>
                <div><dt>{IssuingMsg::HandoverTo.get(lang)}</dt><dd data-testid="handover-to">{to}</dd></div>
                <div><dt>{IssuingMsg::HandoverAt.get(lang)}</dt><dd>{h.at.clone()}</dd></div>
                <div><dt>{IssuingMsg::HandoverPlace.get(lang)}</dt><dd>{h.place.clone()}</dd></div>
                <div><dt>{IssuingMsg::HandoverBy.get(lang)}</dt><dd>{h.by_name.clone()}</dd></div>
            </dl>
            <div class="signature-lines">
                <p>{IssuingMsg::SignRecipient.get(lang)}</p>
                <p>{IssuingMsg::SignDeliverer.get(lang)}</p>
            </div>
        </section>
    }
    .into_any()
}

/// `/staff/issuing/{number}/handover`
#[component]
pub fn HandoverPage() -> impl IntoView {
    let lang = use_lang();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let data = super::once(get_handover(number));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| match found {
                        Ok(v) => view! {
                            <StaffPage title=IssuingMsg::HandoverTitle.get(lang) me=Some(v.me.clone()) interactive=true>
                                {handover_document(lang, &v.handover)}
                                <p class="no-print">
                                    <PrintButton label=IssuingMsg::PrintHandover.get(lang).to_string()/>
                                    " "
                                    <a class="button" href=crate::urls::STAFF_PICKUP>{IssuingMsg::ScanAgain.get(lang)}</a>
                                </p>
                            </StaffPage>
                        }.into_any(),
                        Err(e) => staff_error(&e),
        })}
    }
}

/// What the scan post put into the re-rendered request: the pickup found.
#[derive(Clone, Debug)]
pub struct ScannedPickup(pub PickupScanView);

fn scanned() -> Option<PickupScanView> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ScannedPickup>().cloned())
            .map(|s| s.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

fn confirm_form(lang: Lang, csrf: String, s: PickupScanView) -> AnyView {
    let proxy = s.proxy.clone().map(|(name, id)| {
        view! {
            <label class="choice">
                <input type="radio" name="collector" value="proxy"/>
                {format!("{}：{name}（{id}）", IssuingMsg::CollectorProxy.get(lang))}
            </label>
        }
    });
    view! {
        <section aria-labelledby="pickup" data-testid="pickup-file">
            <h2 id="pickup">{format!("{} {}", IssuingMsg::LicenceNumber.get(lang), s.number_display)}</h2>
            <dl class="facts">
                <div><dt>{IssuingMsg::ColApplicant.get(lang)}</dt><dd data-testid="pickup-applicant">{s.applicant.clone()}</dd></div>
                <div><dt>{IssuingMsg::HolderId.get(lang)}</dt><dd>{s.applicant_id_masked.clone()}</dd></div>
                <div><dt>{IssuingMsg::ToCollect.get(lang)}</dt><dd data-testid="pickup-items">{s.items.join("、")}</dd></div>
                <div><dt>{IssuingMsg::ValidUntil.get(lang)}</dt><dd>{s.expires.clone()}</dd></div>
            </dl>
            <form method="post" action=crate::urls::STAFF_PICKUP_CONFIRM class="decision-form">
                <Csrf token=csrf/>
                <input type="hidden" name="scan" value=s.scan.clone()/>
                <input type="hidden" name="number" value=s.number.clone()/>
                <fieldset>
                    <legend>{IssuingMsg::CollectorLegend.get(lang)}</legend>
                    <label class="choice">
                        <input type="radio" name="collector" value="applicant" checked/>
                        {format!("{}：{}", IssuingMsg::CollectorApplicant.get(lang), s.applicant)}
                    </label>
                    {proxy}
                </fieldset>
                <p>
                    <label class="choice">
                        <input type="checkbox" name="id_checked" value="on"/>
                        {IssuingMsg::IdChecked.get(lang)}
                    </label>
                </p>
                <button type="submit" class="primary">{IssuingMsg::ConfirmButton.get(lang)}</button>
            </form>
        </section>
    }
    .into_any()
}

/// `/staff/pickup`: the scan form (a USB scanner types into the focused
/// field and presses Enter), and after a scan the confirmation.
#[component]
pub fn PickupScanPage() -> impl IntoView {
    let lang = use_lang();
    let me = super::current_header();
    let Some(me) = me else {
        return staff_error(&AppError::Unauthorized);
    };
    // The scan post checks the role again; this page only shows the form.
    if me.role != domain::StaffRole::Issuing {
        return staff_error(&AppError::Forbidden);
    }
    let found = scanned();
    let refusal = posted_form().map(|p| {
        error_summary_headed(
            IssuingMsg::ScanRefused.get(lang),
            refusal_lines(lang, &p.error),
        )
    });
    let has_errors = refusal.is_some();
    let confirm = found
        .clone()
        .map(|s| confirm_form(lang, me.csrf_token.clone(), s));
    // After a scan the confirmation has the focus; otherwise the field.
    let focus_field = found.is_none();
    // This page alone may use the camera (every other page: camera=()).
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::HeaderName::from_static("permissions-policy"),
            http::HeaderValue::from_static(
                "camera=(self), microphone=(), geolocation=(), payment=()",
            ),
        );
    }
    let camera = found.is_none().then(|| {
        view! {
            <section class="camera no-print" aria-labelledby="camera-heading">
                <h2 id="camera-heading">{IssuingMsg::CameraHeading.get(lang)}</h2>
                <button type="button" id="camera-start" hidden>{IssuingMsg::CameraStart.get(lang)}</button>
                <video id="scan-video" muted hidden aria-label=IssuingMsg::CameraVideo.get(lang)></video>
                <p id="camera-status" role="status"
                    data-on=IssuingMsg::CameraOn.get(lang)
                    data-denied=IssuingMsg::CameraDenied.get(lang)
                    data-found=IssuingMsg::CameraFound.get(lang)></p>
                <script type="module" src=format!("{}/start.js", crate::urls::SCANNER)></script>
            </section>
        }
    });
    view! {
        <StaffPage title=IssuingMsg::ScanTitle.get(lang) me=Some(me.clone()) has_errors>
            {refusal}
            {confirm}
            <form method="post" action=crate::urls::STAFF_PICKUP class="scan-form" role="search">
                <Csrf token=me.csrf_token.clone()/>
                <p class="hint" id="scan-help">{IssuingMsg::ScanHelp.get(lang)}</p>
                <label for="scan">{IssuingMsg::ScanLabel.get(lang)}</label>
                <input id="scan" name="scan" autocomplete="off" spellcheck="false" autocapitalize="characters"
                    aria-describedby="scan-help" autofocus=focus_field size="40" maxlength="200"/>
                <button type="submit">{IssuingMsg::ScanButton.get(lang)}</button>
            </form>
            {camera}
        </StaffPage>
    }
    .into_any()
}
