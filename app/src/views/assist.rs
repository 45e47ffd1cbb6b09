//! 帮你办's view models from the use cases' results.

use crate::errors::AppError;
use crate::models::{
    AssistDeskView, AssistTarget, AssistedContent, AssistedDraftLine, ShownConfirmation, StepBody,
};
use crate::urls;
use domain::time::in_hall_time;
use domain::ApplyTarget;
use hall::{AssistedDraft, AssistedLine, CatalogIndex, ConfirmationLink, StaffSession};

/// `matter:CODE` / `bundle:CODE`, as the start form posts a target.
pub fn target_value(target: &ApplyTarget) -> String {
    format!("{}:{}", target.kind(), target.code())
}

pub fn desk_view(
    index: &CatalogIndex,
    session: &StaffSession,
    lines: Vec<AssistedLine>,
) -> AssistDeskView {
    let catalog = index.catalog();
    let bundles = catalog.bundles.iter().filter_map(|b| {
        let target = ApplyTarget::Bundle(b.code.clone());
        index.subject(&target).map(|s| AssistTarget {
            value: target_value(&target),
            name: s.name.clone(),
            bundle: true,
        })
    });
    let matters = catalog.matters.iter().filter_map(|m| {
        let target = ApplyTarget::Matter(m.code.clone());
        index.subject(&target).map(|s| AssistTarget {
            value: target_value(&target),
            name: s.name.clone(),
            bundle: false,
        })
    });
    AssistDeskView {
        me: super::common::header(session),
        targets: bundles.chain(matters).collect(),
        drafts: lines
            .into_iter()
            .filter_map(|line| {
                let subject = index.subject(&line.target)?;
                let id = line.id.as_str();
                Some(AssistedDraftLine {
                    name: subject.name.clone(),
                    href: urls::draft_step(id, &line.step),
                    confirm: urls::staff_assist(id),
                    saved_at: in_hall_time(line.saved_at)
                        .format("%m-%d %H:%M")
                        .to_string(),
                })
            })
            .collect(),
    }
}

/// What the desk, the sheet and the phone show of the form.
pub fn content(assisted: &AssistedDraft) -> AssistedContent {
    let subject = &assisted.open.subject;
    let sections = match super::drafts::check_body(&assisted.open) {
        StepBody::Check { sections, .. } => sections,
        _ => Vec::new(),
    };
    AssistedContent {
        name: subject.name.clone(),
        matters: subject.matters.iter().map(|m| m.name.clone()).collect(),
        sections,
        check_code: assisted.check.shown(),
        ready: assisted.ready,
    }
}

pub fn shown_link(
    public_base_url: &str,
    link: &ConfirmationLink,
) -> Result<ShownConfirmation, AppError> {
    let url = format!(
        "{}{}",
        public_base_url.trim_end_matches('/'),
        urls::applicant_confirm(&link.token)
    );
    Ok(ShownConfirmation {
        qr_svg: super::qr::qr_svg(&url)?,
        url,
        until: in_hall_time(link.expires_at).format("%H:%M").to_string(),
    })
}
