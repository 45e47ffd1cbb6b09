//! An application's receipt and progress page.

use crate::errors::AppError;
use crate::models::{ApplicationView, MessageView, MyApplicationsView, SmsState};
use crate::urls;
use domain::time::in_hall_time;
use domain::Localized;
use hall::ports::{ApplicationRecord, DeliveryState, StoredNotification};
use hall::{ApplicationPage, CatalogIndex, MyApplicationsPage};

/// The page from what the use case read (no further lookups).
pub fn application_page_view(
    index: &CatalogIndex,
    public_base_url: &str,
    page: ApplicationPage,
) -> Result<ApplicationView, AppError> {
    let notice = page
        .notice
        .as_ref()
        .map(|latest| super::staff::public_notice(index, public_base_url, &page.record, latest));
    let none = |_: &domain::MatterCode| Localized::new("", "");
    let corrections = page.corrections.map(|m| {
        (
            m.slots
                .iter()
                .map(|s| super::drafts::slot_view(s, &none, |_| String::new()))
                .collect(),
            m.limits.bytes_per_file,
        )
    });
    let collect = if page.proven {
        page.issuing
            .map(|(record, pass)| super::issuing::applicant_view(record, pass))
            .transpose()?
    } else {
        Some(super::issuing::unproven_view(&page.record))
    };
    let messages = page.messages.iter().map(message_view).collect();
    let ratings = page
        .ratings
        .speaks_for
        .then(|| super::ratings::ratings_view(index, page.ratings));
    let mut view = application_view(index, public_base_url, page.record)?;
    view.messages = messages;
    view.notice = notice;
    view.review = super::review::progress_steps(&page.progress);
    view.review_notice = super::review::notice_view(&page.progress);
    view.corrections = corrections;
    view.collect = collect;
    view.ratings = ratings;
    Ok(view)
}

/// 我的办件: each application as its progress page shows it.
pub fn my_applications_view(
    index: &CatalogIndex,
    public_base_url: &str,
    page: MyApplicationsPage,
) -> Result<MyApplicationsView, AppError> {
    Ok(match page {
        MyApplicationsPage::AskMobile => MyApplicationsView::AskMobile,
        MyApplicationsPage::CodeSent { to } => MyApplicationsView::CodeSent { to },
        MyApplicationsPage::List(list) => MyApplicationsView::List {
            mobile_masked: list.mobile_masked,
            applications: list
                .applications
                .into_iter()
                .map(|page| application_page_view(index, public_base_url, page))
                .collect::<Result<_, _>>()?,
        },
    })
}

fn application_view(
    index: &CatalogIndex,
    public_base_url: &str,
    record: ApplicationRecord,
) -> Result<ApplicationView, AppError> {
    let number = record.number;
    // A matter since removed from the catalog still shows its code.
    let matters = record
        .matters
        .iter()
        .map(|code| {
            let name = index.matter(code.as_str()).map(|m| m.name.clone());
            (
                code.to_string(),
                name.unwrap_or_else(|| Localized::new(code.as_str(), code.as_str())),
            )
        })
        .collect();
    let progress_url = urls::public(public_base_url, &urls::progress(number.as_str()));
    Ok(ApplicationView {
        number: number.as_str().to_string(),
        number_display: number.to_string(),
        status: record.status,
        matters,
        applicant_masked: record.applicant_masked,
        submitted_at: in_hall_time(record.submitted_at)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        promised_by: record.promised_by.to_string(),
        qr_svg: super::qr::qr_svg(&progress_url)?,
        progress_url,
        notice: None,
        review: vec![],
        review_notice: None,
        corrections: None,
        collect: None,
        messages: vec![],
        ratings: None,
    })
}

fn message_view(m: &StoredNotification) -> MessageView {
    let n = &m.notification;
    let sms = n.recipient.as_ref().and_then(|to| {
        let state = match m.state {
            DeliveryState::Sent => SmsState::Sent,
            DeliveryState::Pending => SmsState::Pending,
            DeliveryState::Failed => SmsState::Failed,
            DeliveryState::PageOnly => return None,
        };
        Some((state, to.masked()))
    });
    MessageView {
        at: in_hall_time(m.created_at)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        text: Localized::new(n.text_zh(&m.number), n.text_en(&m.number)),
        sms,
    }
}
