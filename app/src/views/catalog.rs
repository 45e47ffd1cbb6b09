//! The catalog as the citizen pages show it.

use crate::errors::AppError;
use crate::models::{
    ApplyStart, BundleSummary, BundleView, CatalogOverview, DepartmentEntry, MatterFilter,
    MatterGuide, MatterSummary,
};
use crate::views::drafts::step_link;
use domain::catalog::{Audience, Matter, Visits};
use domain::ApplyTarget;
use hall::CatalogIndex;

fn summary(index: &CatalogIndex, m: &Matter) -> MatterSummary {
    MatterSummary {
        code: m.code.to_string(),
        name: m.name.clone(),
        department: index.department_name(m.department.as_str()),
        audience: m.audience,
        promised_days: m.promised_days,
        visits: m.visits.into(),
    }
}

fn count(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

pub fn overview(index: &CatalogIndex) -> CatalogOverview {
    let counts = index.counts();
    CatalogOverview {
        personal: count(counts.personal),
        enterprise: count(counts.enterprise),
        one_visit: count(counts.one_visit),
        online: count(counts.online),
        departments: counts
            .departments
            .into_iter()
            .map(|(d, n)| DepartmentEntry {
                code: d.code.to_string(),
                name: d.name,
                matter_count: count(n),
            })
            .collect(),
        bundles: index
            .catalog()
            .bundles
            .iter()
            .map(|b| BundleSummary {
                code: b.code.to_string(),
                name: b.name.clone(),
                audience: b.audience,
                matter_count: count(b.matters.len()),
            })
            .collect(),
    }
}

/// The list page's filter as typed in its URL (unknown values: no filter).
pub fn find(index: &CatalogIndex, filter: &MatterFilter) -> Vec<MatterSummary> {
    let filter = hall::MatterFilter {
        q: filter.q.clone(),
        audience: match filter.audience.as_str() {
            "personal" => Some(Audience::Personal),
            "enterprise" => Some(Audience::Enterprise),
            _ => None,
        },
        department: (!filter.department.is_empty()).then(|| filter.department.clone()),
        visits: match filter.list.as_str() {
            "one-visit" => Some(Visits::One),
            "online" => Some(Visits::Zero),
            _ => None,
        },
    };
    index
        .find(&filter)
        .into_iter()
        .map(|m| summary(index, m))
        .collect()
}

pub fn matter_guide(index: &CatalogIndex, code: &str) -> Result<MatterGuide, AppError> {
    let m = index.matter(code).ok_or(AppError::NotFound)?;
    Ok(MatterGuide {
        code: m.code.to_string(),
        name: m.name.clone(),
        kind: m.kind,
        department: index.department_name(m.department.as_str()),
        audience: m.audience,
        legal_days: m.legal_days,
        promised_days: m.promised_days,
        visits: m.visits.into(),
        summary: m.summary.clone(),
        guide: m.guide.clone(),
        fields: m.form.fields.clone(),
        bundles: index
            .bundles_with(&m.code)
            .map(|b| (b.code.to_string(), b.name.clone()))
            .collect(),
        reviews: m
            .reviews
            .iter()
            .map(|r| {
                (
                    index.department_name(r.department.as_str()),
                    r.part.clone(),
                    r.days,
                )
            })
            .collect(),
    })
}

pub fn bundle(index: &CatalogIndex, code: &str) -> Result<BundleView, AppError> {
    let (b, matters) = index.bundle(code).ok_or(AppError::NotFound)?;
    Ok(BundleView {
        code: b.code.to_string(),
        name: b.name.clone(),
        summary: b.summary.clone(),
        matters: matters.iter().map(|m| summary(index, m)).collect(),
        guide: index.catalog().bundle_guide(b),
        matter_names: matters
            .iter()
            .map(|m| (m.code.to_string(), m.name.clone()))
            .collect(),
    })
}

/// The start page of an application: what it covers and its steps.
pub fn apply_start(index: &CatalogIndex, target: ApplyTarget) -> Result<ApplyStart, AppError> {
    let subject = index.subject(&target).ok_or(AppError::NotFound)?;
    Ok(ApplyStart {
        name: subject.name.clone(),
        matters: subject
            .matters
            .iter()
            .map(|m| (m.code.to_string(), m.name.clone()))
            .collect(),
        steps: subject
            .wizard
            .steps
            .iter()
            .map(|s| step_link(&subject, s))
            .collect(),
        target,
    })
}
