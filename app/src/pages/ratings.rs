//! 好差评 for citizens: the rating forms on an application's receipt and
//! progress page (plain forms: radio groups, no script), what was rated
//! and the departments' replies; and the public figures per department
//! and per matter.

use crate::api::{get_satisfaction_index, get_satisfaction_page};
use crate::components::layout::{set_status, Page};
use crate::errors::AppError;
use crate::i18n::{follow_up_state_name, rating_problem_text, use_lang, Lang, Msg, RateMsg};
use crate::models::{GivenRating, RatingsView, SatisfactionView};
use crate::pages::staff::posted_form;
use domain::rating::{Problem, Satisfaction, Touchpoint};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The prefix of a level's field name: `level.overall`, `level.attitude`.
pub const LEVEL_FIELD: &str = "level.";

/// Which page a rating form is on, so a refusal shows that page again.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RatedFrom {
    Receipt,
    Progress,
}

impl RatedFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            RatedFrom::Receipt => "receipt",
            RatedFrom::Progress => "progress",
        }
    }
}

/// Why a rating was not taken, besides its content (the words live here,
/// beside the error they explain: the messages do not look up errors).
fn rating_block_text(lang: Lang, b: crate::errors::RatingBlock) -> &'static str {
    use crate::errors::RatingBlock;
    match b {
        RatingBlock::NotApplicant => RateMsg::NotApplicant.get(lang),
        RatingBlock::NotDue => RateMsg::NotDue.get(lang),
        RatingBlock::AlreadyRated => RateMsg::AlreadyRated.get(lang),
    }
}

/// The refused rating being shown again: its touchpoint, what was posted,
/// and why not.
struct Refused {
    touchpoint: String,
    pairs: Vec<(String, String)>,
    reasons: Vec<String>,
}

fn refused(lang: Lang) -> Option<Refused> {
    let posted = posted_form()?;
    let reasons = match &posted.error {
        AppError::RatingRefused(problems) => problems
            .iter()
            .map(|p| rating_problem_text(lang, *p).to_string())
            .collect(),
        AppError::RatingBlocked(b) => vec![rating_block_text(lang, *b).to_string()],
        _ => return None,
    };
    set_status(posted.error.status());
    Some(Refused {
        touchpoint: posted
            .pairs
            .iter()
            .find(|(k, _)| k == "touchpoint")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        pairs: posted.pairs,
        reasons,
    })
}

/// The ratings part of an application's page (none: nothing to show).
pub fn ratings_section(
    lang: Lang,
    number: &str,
    ratings: Option<RatingsView>,
    from: RatedFrom,
) -> Option<AnyView> {
    let refused = refused(lang);
    let Some(ratings) = ratings else {
        // Refused to a visit that does not speak for the applicant: why.
        return refused.map(|r| {
            let text = r.reasons.join(" ");
            view! {
                <section class="ratings no-print" id="ratings" aria-labelledby="ratings-heading">
                    <h2 id="ratings-heading">{RateMsg::Heading.get(lang)}</h2>
                    <p class="notice error" role="alert" data-testid="rating-errors">{text}</p>
                </section>
            }
            .into_any()
        });
    };
    if ratings.due.is_empty() && ratings.given.is_empty() && ratings.follow_ups.is_empty() {
        return None;
    }
    let rated = use_query_map().read_untracked().get("rated").is_some();
    // A refusal for a touchpoint that has no form now (rated meanwhile):
    // said above the forms.
    let stray = refused
        .as_ref()
        .filter(|r| !ratings.due.iter().any(|(t, _)| t.as_str() == r.touchpoint))
        .map(|r| view! { <p class="notice error" role="alert" data-testid="rating-errors">{r.reasons.join(" ")}</p> });
    let forms = ratings
        .due
        .iter()
        .map(|(t, again)| {
            let mine = refused.as_ref().filter(|r| r.touchpoint == t.as_str());
            rating_form(
                lang,
                &crate::urls::rate(number),
                *t,
                *again,
                Some(from),
                mine,
            )
        })
        .collect::<Vec<_>>();
    let follow_ups = ratings
        .follow_ups
        .into_iter()
        .map(|f| {
            let body = match f.reply {
                Some((callback, rectification, at)) => view! {
                    <dl class="facts">
                        <div><dt>{RateMsg::Callback.get(lang)}</dt><dd>{callback}</dd></div>
                        <div><dt>{RateMsg::Rectification.get(lang)}</dt><dd>{rectification}</dd></div>
                        <div><dt>{RateMsg::RepliedAt.get(lang)}</dt><dd><time>{at}</time></dd></div>
                    </dl>
                }
                .into_any(),
                None => view! {
                    <p>{RateMsg::FollowUpOpen
                        .with_n(lang, f.department.get(lang))
                        .replace("{d}", &f.due_on)}</p>
                }
                .into_any(),
            };
            view! {
                <li data-testid="follow-up-reply">
                    <h4>{f.touchpoint.name(lang)}" · "{follow_up_state_name(lang, f.state)}</h4>
                    {body}
                </li>
            }
        })
        .collect::<Vec<_>>();
    let given = (!ratings.given.is_empty()).then(|| {
        let items = ratings
            .given
            .iter()
            .map(|g| given_item(lang, g))
            .collect::<Vec<_>>();
        view! {
            <h3>{RateMsg::GivenHeading.get(lang)}</h3>
            <ul class="given-ratings">{items}</ul>
        }
    });
    let follow_ups = (!follow_ups.is_empty()).then(|| {
        view! {
            <h3>{RateMsg::FollowUpHeading.get(lang)}</h3>
            <ul class="follow-up-replies">{follow_ups}</ul>
        }
    });
    Some(
        view! {
            <section class="ratings no-print" id="ratings" aria-labelledby="ratings-heading" data-testid="ratings">
                <h2 id="ratings-heading">{RateMsg::Heading.get(lang)}</h2>
                <p class="hint">{RateMsg::Intro.get(lang)}</p>
                {rated.then(|| view! { <p class="notice success" role="status" data-testid="rated">{RateMsg::Thanks.get(lang)}</p> })}
                {stray}
                {forms}
                {given}
                {follow_ups}
            </section>
        }
        .into_any(),
    )
}

fn given_item(lang: Lang, g: &GivenRating) -> AnyView {
    let details = g
        .levels
        .iter()
        .map(|(i, s)| format!("{}：{}", i.name(lang), s.name(lang)))
        .chain(g.problems.iter().map(|p| p.name(lang).to_string()))
        .collect::<Vec<_>>()
        .join("；");
    let again = g.again.then(|| RateMsg::Again.get(lang));
    view! {
        <li data-testid="given-rating">
            <p><strong>{g.touchpoint.name(lang)}</strong>{again}"："{g.overall.name(lang)}
               " · "<time>{g.at.clone()}</time></p>
            {(!details.is_empty()).then(|| view! { <p class="hint">{details}</p> })}
            {(!g.comment.is_empty()).then(|| view! { <blockquote>{g.comment.clone()}</blockquote> })}
        </li>
    }
    .into_any()
}

/// One touchpoint's form, posting to `action` (`from`: the page a
/// refusal shows again, where there are two).
fn rating_form(
    lang: Lang,
    action: &str,
    touchpoint: Touchpoint,
    again: bool,
    from: Option<RatedFrom>,
    refused: Option<&Refused>,
) -> AnyView {
    let t = touchpoint.as_str();
    let posted = |k: &str, v: &str| {
        refused.is_some_and(|r| r.pairs.iter().any(|(pk, pv)| pk == k && pv == v))
    };
    let comment = refused
        .and_then(|r| {
            r.pairs
                .iter()
                .find(|(k, _)| k == "comment")
                .map(|(_, v)| v.clone())
        })
        .unwrap_or_default();
    let errors_id = format!("rating-errors-{t}");
    let errors = refused.map(|r| {
        let items = r.reasons.iter().map(|e| view! { <li>{e.clone()}</li> }).collect::<Vec<_>>();
        view! { <ul class="field-error" id=errors_id.clone() role="alert" data-testid="rating-errors">{items}</ul> }
    });
    let groups = touchpoint
        .indicators()
        .iter()
        .map(|indicator| {
            let name = format!("{LEVEL_FIELD}{}", indicator.as_str());
            let overall = *indicator == domain::rating::Indicator::Overall;
            let choices = Satisfaction::ALL
                .iter()
                .map(|s| {
                    let id = format!("{t}-{}-{}", indicator.as_str(), s.as_str());
                    let checked = posted(&name, s.as_str());
                    view! {
                        <label class="level">
                            <input type="radio" id=id name=name.clone() value=s.as_str()
                                checked=checked required=overall/>
                            {s.name(lang)}
                        </label>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <fieldset class=if overall { "levels overall" } else { "levels" }>
                    <legend>{indicator.name(lang)}
                        {overall.then(|| view! { <span class="hint">" "{RateMsg::OverallHint.get(lang)}</span> })}
                    </legend>
                    <div class="level-choices">{choices}</div>
                </fieldset>
            }
        })
        .collect::<Vec<_>>();
    let problems = Problem::ALL
        .iter()
        .map(|p| {
            let id = format!("{t}-problem-{}", p.as_str());
            view! {
                <label class="problem">
                    <input type="checkbox" id=id name="problem" value=p.as_str()
                        checked=posted("problem", p.as_str())/>
                    {p.name(lang)}
                </label>
            }
        })
        .collect::<Vec<_>>();
    let heading = if again {
        RateMsg::AgainOf.with_n(lang, touchpoint.name(lang))
    } else {
        RateMsg::FormOf.with_n(lang, touchpoint.name(lang))
    };
    let comment_id = format!("{t}-comment");
    view! {
        <form method="post" action=action.to_string() class="rating-form"
            data-testid=format!("rating-form-{t}")
            aria-describedby=refused.map(|_| format!("rating-errors-{t}"))>
            <h3>{heading}</h3>
            {errors}
            <input type="hidden" name="touchpoint" value=t/>
            {from.map(|f| view! { <input type="hidden" name="from" value=f.as_str()/> })}
            {groups}
            <fieldset class="problems">
                <legend>{RateMsg::ProblemsLegend.get(lang)}</legend>
                <div class="problem-choices">{problems}</div>
            </fieldset>
            <label for=comment_id.clone()>{RateMsg::CommentLabel.get(lang)}</label>
            <textarea id=comment_id name="comment" maxlength="500" rows="3">{comment}</textarea>
            <p><button type="submit" class="primary">{RateMsg::Submit.get(lang)}</button></p>
        </form>
    }
    .into_any()
}

/// One table of figures (departments or matters).
pub(crate) fn figures_table(
    lang: Lang,
    label: &'static str,
    rows: Vec<SatisfactionView>,
) -> AnyView {
    let none = RateMsg::NoRatings.get(lang);
    let rows = rows
        .into_iter()
        .map(|v| {
            view! {
                <tr data-testid="satisfaction-row">
                    <th scope="row"><a href=v.href>{v.name.get(lang).to_string()}</a></th>
                    <td>{v.ratings}</td>
                    <td>{v.satisfied.unwrap_or_else(|| none.to_string())}</td>
                    <td>{v.follow_ups}</td>
                    <td>{v.follow_up_rate.unwrap_or_else(|| "—".to_string())}</td>
                    <td>{v.on_time_rate.unwrap_or_else(|| "—".to_string())}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=label>
            <table class="staff-table figures">
                <thead><tr>
                    <th scope="col">{RateMsg::ColName.get(lang)}</th>
                    <th scope="col">{RateMsg::ColRatings.get(lang)}</th>
                    <th scope="col">{RateMsg::ColSatisfied.get(lang)}</th>
                    <th scope="col">{RateMsg::ColFollowUps.get(lang)}</th>
                    <th scope="col">{RateMsg::ColFollowUpRate.get(lang)}</th>
                    <th scope="col">{RateMsg::ColOnTime.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/ratings`: every department and matter.
#[component]
pub fn SatisfactionIndexPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        {crate::pages::awaited(get_satisfaction_index, move |index| match index {
            Ok(v) => view! {
                <Page title=RateMsg::PublicHeading.get(lang)>
                    <p class="lead">{RateMsg::PublicIntro.get(lang)}</p>
                    <h2>{RateMsg::Departments.get(lang)}</h2>
                    {figures_table(lang, RateMsg::Departments.get(lang), v.departments)}
                    <h2>{RateMsg::Matters.get(lang)}</h2>
                    {figures_table(lang, RateMsg::Matters.get(lang), v.matters)}
                </Page>
            }
            .into_any(),
            Err(e) => view! {
                <Page title=RateMsg::PublicHeading.get(lang)>{super::error_notice(&e, Msg::PageNotFound)}</Page>
            }
            .into_any(),
        })}
    }
}

/// `/ratings/matters/{code}`
#[component]
pub fn MatterSatisfactionPage() -> impl IntoView {
    satisfaction_page(false)
}

/// `/ratings/departments/{code}`
#[component]
pub fn DepartmentSatisfactionPage() -> impl IntoView {
    satisfaction_page(true)
}

fn satisfaction_page(department: bool) -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    view! {
        {crate::pages::awaited(move || get_satisfaction_page(department, code.clone()), move |page| match page {
            Ok(v) => {
                let s = v.subject;
                let title = format!("{} · {}", RateMsg::PublicHeading.get(lang), s.name.get(lang));
                let counts = s
                    .counts
                    .iter()
                    .map(|(level, n)| view! { <tr><th scope="row">{level.name(lang)}</th><td>{*n}</td></tr> })
                    .collect::<Vec<_>>();
                let matters = (!v.matters.is_empty()).then(|| view! {
                    <h2>{RateMsg::MattersOf.get(lang)}</h2>
                    {figures_table(lang, RateMsg::MattersOf.get(lang), v.matters)}
                });
                view! {
                    <Page title>
                        <dl class="facts headline" data-testid="satisfaction-headline">
                            <div><dt>{RateMsg::ColRatings.get(lang)}</dt><dd>{s.ratings}</dd></div>
                            <div><dt>{RateMsg::ColSatisfied.get(lang)}</dt>
                            <dd data-testid="satisfied-rate">{s.satisfied.unwrap_or_else(|| RateMsg::NoRatings.get(lang).to_string())}</dd></div>
                            <div><dt>{RateMsg::ColFollowUpRate.get(lang)}</dt><dd>{s.follow_up_rate.unwrap_or_else(|| "—".into())}</dd></div>
                            <div><dt>{RateMsg::ColOnTime.get(lang)}</dt><dd>{s.on_time_rate.unwrap_or_else(|| "—".into())}</dd></div>
                        </dl>
                        <table class="staff-table figures">
                            <caption>{RateMsg::CountsCaption.get(lang)}</caption>
                            <tbody>{counts}</tbody>
                        </table>
                        <table class="staff-table figures">
                            <caption>{RateMsg::FollowUpsCaption.get(lang)}</caption>
                            <tbody>
                                <tr><th scope="row">{RateMsg::FollowUpsOpened.get(lang)}</th><td>{s.follow_ups}</td></tr>
                                <tr><th scope="row">{RateMsg::FollowUpsReplied.get(lang)}</th><td>{s.replied}</td></tr>
                                <tr><th scope="row">{RateMsg::FollowUpsOnTime.get(lang)}</th><td>{s.replied_on_time}</td></tr>
                            </tbody>
                        </table>
                        {matters}
                        <p><a href=crate::urls::SATISFACTION>{RateMsg::AllRatings.get(lang)}</a></p>
                    </Page>
                }
                .into_any()
            }
            Err(e) => view! {
                <Page title=RateMsg::PublicHeading.get(lang)>{super::error_notice(&e, Msg::PageNotFound)}</Page>
            }
            .into_any(),
        })}
    }
}

/// 评价器: the rating form for the desk's current application, with any
/// refusal of the last post.
pub fn window_rating_form(lang: Lang, touchpoint: Touchpoint) -> AnyView {
    let refused = refused(lang);
    rating_form(
        lang,
        crate::urls::WINDOW_RATING,
        touchpoint,
        false,
        None,
        refused.as_ref(),
    )
}
