//! View models of 统一出件: the issuing window, the licence and its
//! check, the proof of delivery, the desk's scan and the applicant's pass.

use super::common::header;
use crate::errors::AppError;
use crate::models::{
    ApplicantIssuingView, DeliveryView, IssuingFileView, IssuingLineView, IssuingQueueView,
    LicenceCheckView, LicenceState, LicenceView, PassView, PickupScanView, ToIssueView,
};
use domain::issuing::{Delivery, Licence};
use domain::time::in_hall_time;
use domain::{ApplicationNumber, ApplicationStatus, StaffRole};
use hall::issuing::{IssuingFile, IssuingLine, LicenceCheck, PickupFile, PickupPass};
use hall::ports::IssuingRecord;
use hall::StaffSession;

/// `whole`: the issuing window's file and the applicant's own page show
/// the phone in full (a label needs it); lists mask it.
pub fn delivery_view(d: &Delivery, whole: bool) -> DeliveryView {
    match d {
        Delivery::Window { proxy } => DeliveryView::Window {
            proxy: proxy.as_ref().map(|p| (p.name.clone(), p.id_masked())),
        },
        Delivery::Post(a) => DeliveryView::Post {
            recipient: a.recipient.clone(),
            phone: if whole {
                a.phone.as_str().to_string()
            } else {
                a.phone.masked()
            },
            address: a.address.clone(),
        },
    }
}

pub fn queue_view(session: &StaffSession, lines: Vec<IssuingLine>) -> IssuingQueueView {
    IssuingQueueView {
        me: header(session),
        lines: lines
            .into_iter()
            .map(|l| {
                let a = &l.record.application;
                IssuingLineView {
                    number: a.number.as_str().to_string(),
                    number_display: a.number.to_string(),
                    applicant_masked: a.applicant_masked.clone(),
                    items: l.items,
                    delivery: l.record.delivery.as_ref().map(|d| delivery_view(d, false)),
                    status: a.status,
                    promised_by: a.promised_by.to_string(),
                }
            })
            .collect(),
    }
}

pub fn licence_view(base_url: &str, l: &Licence) -> Result<LicenceView, AppError> {
    let verify_url = crate::urls::public(base_url, &crate::urls::verify(l.code.as_str()));
    Ok(LicenceView {
        code_display: l.code.to_string(),
        name: l.name.clone(),
        validity: l.validity.clone(),
        holder: l.holder.clone(),
        holder_id: l.holder_id.clone(),
        particulars: l.particulars.clone(),
        issued_on: l.issued_on.to_string(),
        issuer: l.issuer.clone(),
        number_display: l.number.to_string(),
        qr_svg: super::qr::QR_CODES.svg(&verify_url)?.to_string(),
        verify_url,
    })
}

pub fn file_view(
    session: &StaffSession,
    base_url: &str,
    file: IssuingFile,
) -> Result<IssuingFileView, AppError> {
    let a = &file.record.application;
    let issuing = session.actor.role == StaffRole::Issuing;
    let issued = a.status == ApplicationStatus::Issued;
    let post = file.record.delivery.as_ref().is_some_and(Delivery::is_post);
    Ok(IssuingFileView {
        me: header(session),
        number: a.number.as_str().to_string(),
        number_display: a.number.to_string(),
        status: a.status,
        holder: file.holder.clone(),
        holder_id: file.holder_id.clone(),
        to_issue: file
            .to_issue
            .iter()
            .map(|t| ToIssueView {
                matter: t.matter.clone(),
                name: t.document.name.clone(),
                validity: t.document.validity.clone(),
                forms: t.document.forms.clone(),
            })
            .collect(),
        delivery: file
            .record
            .delivery
            .as_ref()
            .map(|d| delivery_view(d, true)),
        deferred_owed: file.deferred_owed.map(|by| by.map(|d| d.to_string())),
        licences: file
            .licences
            .iter()
            .map(|l| licence_view(base_url, l))
            .collect::<Result<_, _>>()?,
        pickup_expires: file
            .record
            .pickup
            .as_ref()
            .filter(|p| p.is_live())
            .map(|p| p.expires.to_string()),
        handover: file
            .record
            .handover
            .as_ref()
            .map(crate::models::HandoverView::from),
        can_issue: issuing
            && a.status == ApplicationStatus::Approved
            && file.deferred_owed.is_none(),
        can_post: issuing && issued && post && file.record.handover.is_none(),
    })
}

pub fn check_view(base_url: &str, check: LicenceCheck) -> Result<LicenceCheckView, AppError> {
    Ok(match check {
        LicenceCheck::Genuine(l) => LicenceCheckView {
            state: LicenceState::Genuine,
            licence: Some(licence_view(base_url, &l)?),
        },
        LicenceCheck::Revoked(l, at, reason) => LicenceCheckView {
            state: LicenceState::Revoked {
                on: in_hall_time(at).format("%Y-%m-%d").to_string(),
                reason,
            },
            licence: Some(licence_view(base_url, &l)?),
        },
        LicenceCheck::NotValid => LicenceCheckView {
            state: LicenceState::NotValid,
            licence: None,
        },
        LicenceCheck::Unknown => LicenceCheckView {
            state: LicenceState::Unknown,
            licence: None,
        },
    })
}

pub fn scan_view(scan: &str, file: &PickupFile) -> PickupScanView {
    let number: &ApplicationNumber = &file.pickup.number;
    PickupScanView {
        number: number.as_str().to_string(),
        number_display: number.to_string(),
        scan: scan.trim().to_string(),
        applicant: file.applicant.clone(),
        applicant_id_masked: file.applicant_id_masked.clone(),
        items: file.items.clone(),
        proxy: file
            .record
            .delivery
            .as_ref()
            .and_then(Delivery::proxy)
            .map(|p| (p.name.clone(), p.id_masked())),
        expires: file.pickup.expires.to_string(),
    }
}

fn pass_view(p: &PickupPass) -> Result<PassView, AppError> {
    Ok(PassView {
        qr_svg: super::qr::QR_CODES.svg(&p.token)?.to_string(),
        token: p.token.clone(),
        code: p.code.to_string(),
        expires: p.expires.to_string(),
        items: p.items.clone(),
        proxy_name: p.proxy.as_ref().map(|x| x.name.clone()),
    })
}

/// What a visit that has not proved it is the applicant sees: how to.
pub fn unproven_view(record: &hall::ports::ApplicationRecord) -> ApplicantIssuingView {
    ApplicantIssuingView {
        number: record.number.as_str().to_string(),
        status: record.status,
        proven: false,
        delivery: None,
        can_choose: false,
        pass: None,
        handover: None,
    }
}

pub fn applicant_view(
    record: IssuingRecord,
    pass: Option<PickupPass>,
) -> Result<ApplicantIssuingView, AppError> {
    let status = record.application.status;
    Ok(ApplicantIssuingView {
        number: record.application.number.as_str().to_string(),
        status,
        proven: true,
        delivery: record.delivery.as_ref().map(|d| delivery_view(d, true)),
        can_choose: status != ApplicationStatus::Issued && !status.is_final(),
        pass: pass.as_ref().map(pass_view).transpose()?,
        handover: record
            .handover
            .as_ref()
            .map(crate::models::HandoverView::from),
    })
}
