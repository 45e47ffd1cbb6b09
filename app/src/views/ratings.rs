//! 好差评's view models from the use cases' results.

use super::common::{header, minutes};
use crate::models::{
    FollowUpFileView, FollowUpLine, FollowUpListView, FollowUpReplyView, GivenRating, RatingsView,
    SatisfactionIndexView, SatisfactionPageView, SatisfactionView,
};
use crate::urls;
use domain::rating::{percent, FollowUpState, RatingRound, Satisfaction, SatisfactionTally};
use domain::time::hall_date;
use hall::ports::{FollowUp, StoredRating};
use hall::{ApplicationRatings, CatalogIndex, FollowUpFile, StaffSession};

pub fn ratings_view(index: &CatalogIndex, r: ApplicationRatings) -> RatingsView {
    RatingsView {
        due: r
            .due
            .into_iter()
            .map(|(t, round)| (t, round == RatingRound::AfterFollowUp))
            .collect(),
        given: r.given.iter().map(given).collect(),
        follow_ups: r
            .follow_ups
            .iter()
            .map(|f| FollowUpReplyView {
                touchpoint: f.touchpoint,
                department: index.department_name(f.department.as_str()),
                state: f.state,
                due_on: f.due_on.to_string(),
                reply: f.reply.as_ref().map(|r| {
                    (
                        r.reply.callback().to_string(),
                        r.reply.rectification().to_string(),
                        minutes(r.at),
                    )
                }),
            })
            .collect(),
    }
}

pub fn given(r: &StoredRating) -> GivenRating {
    GivenRating {
        touchpoint: r.rating.touchpoint(),
        again: r.round == RatingRound::AfterFollowUp,
        overall: r.rating.overall(),
        levels: r
            .rating
            .levels()
            .iter()
            .filter(|(i, _)| **i != domain::rating::Indicator::Overall)
            .map(|(i, s)| (*i, *s))
            .collect(),
        problems: r.rating.problems().iter().copied().collect(),
        comment: r.rating.comment().to_string(),
        at: minutes(r.at),
    }
}

pub fn satisfaction_view(
    name: domain::Localized,
    href: String,
    t: &SatisfactionTally,
) -> SatisfactionView {
    SatisfactionView {
        name,
        href,
        counts: Satisfaction::ALL
            .iter()
            .map(|s| (*s, t.count(*s)))
            .collect(),
        ratings: t.ratings(),
        satisfied: t.satisfied_permille().map(percent),
        follow_ups: t.follow_ups,
        replied: t.replied,
        replied_on_time: t.replied_on_time,
        follow_up_rate: t.follow_up_permille().map(percent),
        on_time_rate: t.on_time_permille().map(percent),
    }
}

type Index = (
    Vec<(domain::DepartmentCode, SatisfactionTally)>,
    Vec<(domain::MatterCode, SatisfactionTally)>,
);

pub fn index_view(index: &CatalogIndex, (departments, matters): Index) -> SatisfactionIndexView {
    SatisfactionIndexView {
        departments: departments
            .iter()
            .map(|(d, t)| {
                satisfaction_view(
                    index.department_name(d.as_str()),
                    urls::satisfaction_of_department(d.as_str()),
                    t,
                )
            })
            .collect(),
        matters: matters
            .iter()
            .map(|(m, t)| matter_view(index, m, t))
            .collect(),
    }
}

fn matter_view(
    index: &CatalogIndex,
    m: &domain::MatterCode,
    t: &SatisfactionTally,
) -> SatisfactionView {
    let name = index
        .matter(m.as_str())
        .map(|m| m.name.clone())
        .unwrap_or_else(|| domain::Localized::new(m.as_str(), m.as_str()));
    satisfaction_view(name, urls::satisfaction_of_matter(m.as_str()), t)
}

/// One matter's page, or one department's with each of its matters.
pub fn page_view(
    index: &CatalogIndex,
    all: Index,
    department: bool,
    code: &str,
) -> Option<SatisfactionPageView> {
    let (departments, matters) = all;
    if department {
        let (d, t) = departments.iter().find(|(d, _)| d.as_str() == code)?;
        let own: Vec<_> = matters
            .iter()
            .filter(|(m, _)| {
                index
                    .matter(m.as_str())
                    .is_some_and(|matter| &matter.department == d)
            })
            .map(|(m, t)| matter_view(index, m, t))
            .collect();
        Some(SatisfactionPageView {
            subject: satisfaction_view(
                index.department_name(d.as_str()),
                urls::satisfaction_of_department(d.as_str()),
                t,
            ),
            department: true,
            matters: own,
        })
    } else {
        let (m, t) = matters.iter().find(|(m, _)| m.as_str() == code)?;
        Some(SatisfactionPageView {
            subject: matter_view(index, m, t),
            department: false,
            matters: vec![],
        })
    }
}

fn line(index: &CatalogIndex, f: &FollowUp, today: chrono::NaiveDate) -> FollowUpLine {
    FollowUpLine {
        number: f.number.as_str().to_string(),
        number_display: f.number.to_string(),
        touchpoint: f.touchpoint,
        department: index.department_name(f.department.as_str()),
        state: f.state,
        opened_at: minutes(f.opened_at),
        due_on: f.due_on.to_string(),
        overdue: f.state == FollowUpState::Open && f.due_on < today,
        href: urls::staff_follow_up(f.number.as_str(), f.touchpoint.as_str()),
    }
}

pub fn follow_up_list_view(
    index: &CatalogIndex,
    session: &StaffSession,
    follow_ups: Vec<FollowUp>,
) -> FollowUpListView {
    let today = hall_date(chrono::Utc::now());
    FollowUpListView {
        me: header(session),
        lines: follow_ups.iter().map(|f| line(index, f, today)).collect(),
    }
}

pub fn follow_up_file_view(
    index: &CatalogIndex,
    session: &StaffSession,
    file: FollowUpFile,
) -> FollowUpFileView {
    let today = hall_date(chrono::Utc::now());
    let f = &file.follow_up;
    let actor = &session.actor;
    let (n, t) = (f.number.as_str(), f.touchpoint.as_str());
    FollowUpFileView {
        me: header(session),
        line: FollowUpLine {
            overdue: file.overdue,
            ..line(index, f, today)
        },
        status: file.record.status,
        matters: super::staff::matter_names(index, &file.record),
        applicant_masked: file.record.applicant_masked.clone(),
        ratings: file.ratings.iter().map(given).collect(),
        reply: f.reply.as_ref().map(|r| {
            (
                r.reply.callback().to_string(),
                r.reply.rectification().to_string(),
                r.by.clone(),
                minutes(r.at),
            )
        }),
        closed: f.closed.as_ref().map(|(by, at)| (by.clone(), minutes(*at))),
        may_reply: f.state == FollowUpState::Open && actor.reviews_for(&f.department),
        may_close: f.state == FollowUpState::Replied && actor.role == domain::StaffRole::Supervisor,
        reply_action: urls::staff_follow_up_reply(n, t),
        close_action: urls::staff_follow_up_close(n, t),
    }
}

pub fn window_screen_view(
    index: &CatalogIndex,
    screen: hall::WindowScreen,
) -> crate::models::WindowScreenView {
    use crate::models::WindowScreenView as V;
    match screen {
        hall::WindowScreen::Unpaired => V::Unpaired,
        hall::WindowScreen::Waiting { desk } => V::Waiting { desk },
        hall::WindowScreen::Rate {
            desk,
            record,
            touchpoint,
        } => V::Rate {
            desk,
            number_display: record.number.to_string(),
            applicant_masked: record.applicant_masked.clone(),
            matters: super::staff::matter_names(index, &record),
            touchpoint,
        },
    }
}

pub fn desk_window_view(
    session: &StaffSession,
    w: hall::DeskWindow,
) -> crate::models::DeskWindowView {
    crate::models::DeskWindowView {
        me: header(session),
        code: w.code.map(|(code, until)| {
            (
                format!("{} {}", &code[..4], &code[4..]),
                domain::time::in_hall_time(until)
                    .format("%H:%M")
                    .to_string(),
            )
        }),
        paired_at: w.paired_at.map(minutes),
    }
}

pub fn supervision_view(
    index: &CatalogIndex,
    session: &StaffSession,
    now: hall::SupervisionNow,
) -> crate::models::SupervisionView {
    use crate::models::{DepartmentWatchView, MatterWatchView, PastDeemedLine};
    crate::models::SupervisionView {
        me: header(session),
        scope: super::common::oversight_name(index, &now.oversight),
        as_of: minutes(now.as_of),
        tasks: now.hall_tasks(),
        departments: now
            .departments
            .iter()
            .map(|(code, w)| DepartmentWatchView {
                name: index.department_name(code.as_str()),
                tasks: w.tasks,
                extended: w.extended,
                follow_ups: w.follow_ups,
            })
            .collect(),
        matters: now
            .matters
            .iter()
            .filter(|(_, w)| w.applications.open > 0)
            .map(|(code, w)| MatterWatchView {
                name: index
                    .matter(code.as_str())
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| domain::Localized::new(code.as_str(), code.as_str())),
                applications: w.applications,
                at_front_desk: w.at_front_desk,
                at_issuing: w.at_issuing,
            })
            .collect(),
        past_deemed: now
            .past_deemed
            .iter()
            .map(|r| PastDeemedLine {
                number: r.number.as_str().to_string(),
                number_display: r.number.to_string(),
                matters: super::staff::matter_names(index, r)
                    .iter()
                    .map(|(_, n)| n.zh.clone())
                    .collect::<Vec<_>>()
                    .join("、"),
                waiting_since: minutes(r.submitted_at),
            })
            .collect(),
        past_deemed_count: now.past_deemed_count,
        queue: Vec::new(),
    }
}
