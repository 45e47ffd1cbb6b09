use crate::api::{get_draft_step, get_saved_draft, AnswerText, DraftStepView, StepBody};
use crate::components::layout::{set_status, Notice, Page};
use crate::components::material_slots::{material_slots, SlotError};
use crate::components::step_form::StepForm;
use crate::errors::AppError;
use crate::i18n::{problem_text, use_lang, FileMsg, FormMsg, Lang, Msg};
use crate::pages::apply::step_title;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/drafts/:id/:step`: one step of the guided application, or (`saved`)
/// the page to continue later.
#[component]
pub fn DraftPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let id = params.get("id").unwrap_or_default();
    let step = params.get("step").unwrap_or_default();
    let query = use_query_map().read_untracked();
    let check = query.get("check").is_some();
    let from_check = query.get("from").as_deref() == Some("check");
    let flash = Flash {
        added: query.get("added").and_then(|n| n.parse().ok()),
        removed: query.get("removed").is_some(),
    };
    let handoff = query.get("handoff");
    if step == "saved" {
        view! { <SavedDraft id/> }.into_any()
    } else {
        view! { <DraftStep id step check from_check flash handoff/> }.into_any()
    }
}

/// A draft that cannot be shown: gone, or already submitted.
fn draft_problem(e: &AppError, lang: Lang) -> AnyView {
    set_status(e.status());
    match e {
        AppError::AlreadySubmitted(number) => {
            let receipt = crate::urls::receipt(number);
            view! {
                <Page title=Msg::DraftSubmitted.get(lang)>
                    <p class="notice"><a href=receipt>{Msg::OpenReceipt.get(lang)}</a></p>
                </Page>
            }
            .into_any()
        }
        AppError::NotHeldHere => view! {
            <Page title=Msg::ResumeHeading.get(lang)>
                <p class="notice" role="status">{Msg::DraftHeldElsewhere.get(lang)}</p>
                <super::resume::ResumeForm typed=String::new() error=None/>
            </Page>
        }
        .into_any(),
        AppError::NotFound => view! {
            <Page title=Msg::DraftGone.get(lang)>
                <super::resume::ResumeForm typed=String::new() error=None/>
            </Page>
        }
        .into_any(),
        _ => view! {
            <Page title=Msg::PageNotFound.get(lang)>
                <Notice text=FormMsg::ServiceUnavailable.get(lang).to_string() back_home=true/>
            </Page>
        }
        .into_any(),
    }
}

/// What the materials step says after a post (post/redirect/get).
#[derive(Clone, Copy, Debug, Default)]
struct Flash {
    added: Option<u32>,
    removed: bool,
}

#[component]
fn DraftStep(
    id: String,
    step: String,
    check: bool,
    from_check: bool,
    flash: Flash,
    handoff: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    super::awaited(
        move || get_draft_step(id.clone(), step.clone(), check, handoff.clone()),
        move |found| match found {
            Ok(v) => step_page(v, lang, from_check, flash),
            Err(e) => draft_problem(&e, lang),
        },
    )
}

fn step_page(v: DraftStepView, lang: Lang, from_check: bool, flash: Flash) -> AnyView {
    let current = &v.steps[v.current];
    let title = step_title(current, lang);
    let id = v.draft_id.as_str();
    let total = v.steps.len();
    let position = Msg::StepOf
        .get(lang)
        .replace("{n}", &(v.current + 1).to_string())
        .replace("{m}", &total.to_string());
    let progress = v
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = step_title(s, lang);
            let href = crate::urls::draft_step(id, &s.slug);
            // A step already reached stays a link, also those after the one
            // being changed; only those saved without problems say "done".
            let done = v.done.get(i).copied().unwrap_or(false);
            if i != v.current && done {
                view! { <li class="done"><a href=href>{name}<span class="visually-hidden">{format!(" ({})", Msg::StepDone.get(lang))}</span></a></li> }.into_any()
            } else if i == v.current {
                view! { <li class="current" aria-current="step">{name}</li> }.into_any()
            } else if i < v.current || i <= v.reached {
                view! { <li><a href=href>{name}</a></li> }.into_any()
            } else {
                view! { <li>{name}</li> }.into_any()
            }
        })
        .collect_view();
    let here = crate::urls::draft_step(id, &current.slug);
    let next = v
        .steps
        .get(v.current + 1)
        .map(|s| crate::urls::draft_step(id, &s.slug));
    let previous = v
        .current
        .checked_sub(1)
        .map(|i| crate::urls::draft_step(id, &v.steps[i].slug));
    // A question step has its own "save for later" button: no second one.
    let asks_questions = matches!(v.body, StepBody::Questions { .. });
    let has_errors = match &v.body {
        StepBody::Questions { errors, .. } => !errors.is_empty(),
        StepBody::Declaration { missing_tick } => *missing_tick,
        _ => false,
    };
    let body = match v.body {
        StepBody::Questions {
            fields,
            values,
            rows,
            errors,
        } => {
            if !errors.is_empty() {
                set_status(422);
            }
            view! {
                <StepForm lang action=here.clone() fields values rows errors first=v.current == 0 today=v.today.clone() return_to_check=from_check/>
            }
            .into_any()
        }
        StepBody::Materials {
            slots,
            several_matters,
            bytes_used,
            bytes_per_file,
            bytes_per_application,
            handoff,
        } => {
            let error = crate::pages::staff::posted_form().map(|p| {
                set_status(p.error.status());
                SlotError {
                    material: p
                        .pairs
                        .iter()
                        .find(|(k, _)| k == "material")
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default(),
                    error: p.error,
                }
            });
            let flash = match (flash.added, flash.removed) {
                (Some(n), _) => Some(FileMsg::Added.with_n(lang, n)),
                (None, true) => Some(FileMsg::Removed.get(lang).to_string()),
                _ => None,
            };
            const MB: f64 = 1024.0 * 1024.0;
            let used = (bytes_used > 0).then(|| {
                FileMsg::Used
                    .with_n(lang, bytes_per_application / (1024 * 1024))
                    .replace("{used}", &format!("{:.1}", bytes_used as f64 / MB))
            });
            let upload = |key: &str| crate::urls::draft_upload(id, key);
            let remove = |file: &str| crate::urls::draft_file_remove(id, file);
            view! {
                <p>{FileMsg::Intro.get(lang)}</p>
                {flash.map(|f| view! { <p class="notice success" role="status" data-testid="flash">{f}</p> })}
                {used.map(|u| view! { <p class="hint">{u}</p> })}
                {handoff.map(|h| handoff_section(lang, h))}
                {material_slots(lang, slots, several_matters, bytes_per_file, error, &upload, &remove)}
                <script type="module" src=crate::urls::UPLOADER_SCRIPT></script>
                <StepLinks lang next previous/>
            }
            .into_any()
        }
        StepBody::Check { sections, problems } => {
            let summary = (problems > 0).then(|| {
                let items = sections
                    .iter()
                    .flat_map(|s| {
                        let href = crate::urls::draft_step_from_check(id, &s.step.slug, true);
                        s.items.iter().filter_map(move |item| {
                            item.problem.as_ref().map(|p| {
                                let text =
                                    format!("{}: {}", item.label.get(lang), problem_text(lang, p));
                                view! { <li><a href=href.clone()>{text}</a></li> }
                            })
                        })
                    })
                    .collect_view();
                view! {
                    <div class="error-summary" role="alert" data-testid="error-summary">
                        <h2>{Msg::CheckProblems.get(lang)}</h2>
                        <ul>{items}</ul>
                    </div>
                }
            });
            let sections = sections
                .into_iter()
                .map(|s| {
                    let heading = step_title(&s.step, lang);
                    let change = crate::urls::draft_step_from_check(id, &s.step.slug, false);
                    let items = s
                        .items
                        .into_iter()
                        .map(|item| {
                            let answer = match item.answer {
                                AnswerText::Text(t) => t,
                                AnswerText::Options(labels) => labels.iter().map(|l| l.get(lang)).collect::<Vec<_>>().join("、"),
                                AnswerText::NotAnswered => Msg::NotAnswered.get(lang).to_string(),
                            };
                            let problem = item.problem.map(|p| problem_text(lang, &p));
                            let has_problem = problem.is_some();
                            view! {
                                <div class:has-error=has_problem>
                                    <dt>{item.label.get(lang).to_string()}</dt>
                                    <dd>{answer}{problem.map(|p| view! { <span class="field-error">{p}</span> })}</dd>
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="check-section">
                            <div class="check-heading">
                                <h2>{heading.clone()}</h2>
                                <a href=change aria-label=format!("{} {}", Msg::Change.get(lang), heading)>{Msg::Change.get(lang)}</a>
                            </div>
                            <dl class="answers">{items}</dl>
                        </section>
                    }
                })
                .collect_view();
            view! {
                {summary}
                <p>{Msg::CheckIntro.get(lang)}</p>
                {sections}
                <StepLinks lang next previous/>
            }
            .into_any()
        }
        StepBody::Declaration { .. } if v.assisted.is_some() => {
            let panel = v.assisted.clone().unwrap_or_default();
            view! {
                <p>{crate::i18n::AssistMsg::DeclarationStep.get(lang)}</p>
                <p><a class="button primary" href=panel data-testid="assist-confirm">{crate::i18n::AssistMsg::ToConfirm.get(lang)}</a></p>
            }
            .into_any()
        }
        StepBody::Declaration { missing_tick } => {
            if missing_tick {
                set_status(422);
            }
            view! {
                <form method="post" action=here.clone() class="application-form declaration">
                    <p class="declaration-text">{Msg::DeclarationText.get(lang)}</p>
                    <div class="field choice" class:has-error=missing_tick>
                        {missing_tick.then(|| view! { <p class="field-error" id="declaration-error" role="alert" tabindex="-1" autofocus>{Msg::DeclarationRequired.get(lang)}</p> })}
                        <input type="checkbox" id="declaration" name="declaration" value="yes"
                            aria-invalid=missing_tick.then_some("true")
                            aria-describedby=missing_tick.then_some("declaration-error")/>
                        <label for="declaration">{Msg::DeclarationAgree.get(lang)}</label>
                    </div>
                    <div class="step-buttons">
                        <button type="submit" class="primary" data-testid="submit">{FormMsg::SubmitApplication.get(lang)}</button>
                        {previous.map(|p| view! { <a class="button secondary" href=p>{FormMsg::Back.get(lang)}</a> })}
                    </div>
                </form>
            }
            .into_any()
        }
    };
    let saved_href = crate::urls::draft_saved(id);
    view! {
        <Page title interactive=true has_errors>
            {v.assisted.is_some().then(|| view! { <p class="notice assisted-banner" data-testid="assisted-banner">{crate::i18n::AssistMsg::Banner.get(lang)}</p> })}
            <p class="step-position" data-testid="step-position">{v.name.get(lang).to_string()} " · " {position}</p>
            <nav aria-label=Msg::StepsLabel.get(lang) class="progress">
                <ol>{progress}</ol>
            </nav>
            {body}
            {match v.assisted.clone() {
                Some(panel) => view! {
                    <p class="resume-aside"><a href=panel data-testid="assist-panel">{crate::i18n::AssistMsg::BackToPanel.get(lang)}</a></p>
                }
                .into_any(),
                None => view! {
                    <aside class="resume-aside" aria-label=Msg::ResumeCode.get(lang)>
                        <p>{Msg::DraftAside.get(lang)} " " <strong class="resume-code" data-testid="resume-code">{v.resume_code.clone()}</strong></p>
                        {(!asks_questions).then(|| view! { <a href=saved_href>{FormMsg::SaveForLater.get(lang)}</a> })}
                    </aside>
                }
                .into_any(),
            }}
        </Page>
    }
    .into_any()
}

/// 扫码上传 on a kiosk: the button, or the code being shown with the
/// address the kiosk listens on for new files (and a plain refresh).
fn handoff_section(lang: Lang, h: crate::api::HandoffView) -> AnyView {
    let body = match h.shown {
        None => view! {
            <p>{FileMsg::HandoffIntro.with_n(lang, h.minutes)}</p>
            <form method="post" action=h.start>
                <button type="submit" class="secondary" data-testid="handoff-start">{FileMsg::HandoffButton.get(lang)}</button>
            </form>
        }
        .into_any(),
        Some(shown) => view! {
            <p>{FileMsg::HandoffIntro.with_n(lang, h.minutes)}</p>
            <figure class="qr" data-testid="handoff-qr" data-url=shown.url.clone()>
                <div class="qr-image" role="img" aria-label=FileMsg::HandoffQrLabel.get(lang) inner_html=shown.qr_svg></div>
                <figcaption>{format!("{} {}", FileMsg::ValidUntil.get(lang), shown.until)}</figcaption>
            </figure>
            <p><a href="" data-events=shown.events data-testid="handoff-refresh">{FileMsg::HandoffRefresh.get(lang)}</a></p>
        }
        .into_any(),
    };
    view! {
        <section class="handoff" id="handoff" aria-labelledby="handoff-heading">
            <h2 id="handoff-heading">{FileMsg::HandoffHeading.get(lang)}</h2>
            {body}
        </section>
    }
    .into_any()
}

#[component]
fn StepLinks(lang: Lang, next: Option<String>, previous: Option<String>) -> impl IntoView {
    view! {
        <div class="step-buttons">
            // Nothing is saved on these pages: "continue", not "save and continue".
            {next.map(|n| view! { <a class="button primary" href=n data-testid="continue">{Msg::GoOn.get(lang)}</a> })}
            {previous.map(|p| view! { <a class="button secondary" href=p>{FormMsg::Back.get(lang)}</a> })}
        </div>
    }
}

#[component]
fn SavedDraft(id: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        {super::awaited(move || get_saved_draft(id.clone()), move |saved| match saved {
                        Ok(s) => view! {
                            <Page title=Msg::SavedHeading.get(lang)>
                                <p class="lead">{s.name.get(lang).to_string()}</p>
                                <section class="application-card saved-card">
                                    <dl>
                                        <div class="number-row">
                                            <dt>{Msg::ResumeCode.get(lang)}</dt>
                                            <dd class="application-number" data-testid="saved-resume-code">{s.resume_code.clone()}</dd>
                                        </div>
                                    </dl>
                                    <p>{Msg::SavedIntro.get(lang)}</p>
                                    <p>{Msg::DraftExpires.with_n(lang, &s.expires_on)}</p>
                                    {crate::visit::use_visit().kiosk.is_some().then(|| view! {
                                        <p class="notice" role="status" data-testid="kiosk-finish-reminder">{Msg::KioskSavedReminder.get(lang)}</p>
                                    })}
                                    <figure class="qr">
                                        <div class="qr-image" inner_html=s.qr_svg.clone()></div>
                                        <figcaption>{Msg::ScanToResume.get(lang)}</figcaption>
                                    </figure>
                                </section>
                                <div class="step-buttons">
                                    <a class="button primary" href=crate::urls::draft_step(&s.draft_id, &s.continue_step)>{Msg::ContinueDraft.get(lang)}</a>
                                    <form method="post" action=crate::urls::draft_saved(&s.draft_id)>
                                        <button type="submit" class="secondary danger" name="_action" value="delete" data-testid="delete-draft">{Msg::DeleteDraft.get(lang)}</button>
                                    </form>
                                </div>
                            </Page>
                        }.into_any(),
                        Err(e) => draft_problem(&e, lang),
        })}
    }
}

/// After "delete draft".
#[component]
pub fn DraftDeletedPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Page title=Msg::DraftDeleted.get(lang)>
            <Notice text=Msg::DraftDeleted.get(lang).to_string() back_home=true/>
        </Page>
    }
}
