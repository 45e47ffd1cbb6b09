//! Reading the catalog: from memory (loaded and checked at start-up).

use crate::api::{
    ApplyTarget, BundleSummary, BundleView, CatalogOverview, DepartmentEntry, MatterFilter,
    MatterGuide, MatterSummary,
};
use crate::errors::AppError;
use crate::state::AppState;
use domain::catalog::{Audience, Bundle, Matter, Visits};
use domain::{merge_forms, BundleCode, FormSchema, Localized, MatterCode};

/// Most results a search page lists.
const SEARCH_LIMIT: usize = 50;

fn department_name(state: &AppState, code: &str) -> Localized {
    state
        .catalog
        .departments
        .iter()
        .find(|d| d.code.as_str() == code)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| Localized::new(code, code))
}

pub fn find_matter<'a>(state: &'a AppState, code: &str) -> Result<&'a Matter, AppError> {
    let code = MatterCode::parse(code).map_err(|_| AppError::NotFound)?;
    state.catalog.matter(&code).ok_or(AppError::NotFound)
}

fn summary(state: &AppState, m: &Matter) -> MatterSummary {
    MatterSummary {
        code: m.code.to_string(),
        name: m.name.clone(),
        department: department_name(state, m.department.as_str()),
        audience: m.audience,
        promised_days: m.promised_days,
        visits: m.visits.into(),
    }
}

fn count(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

pub fn overview(state: &AppState) -> CatalogOverview {
    let matters = &state.catalog.matters;
    let with = |f: &dyn Fn(&Matter) -> bool| count(matters.iter().filter(|m| f(m)).count());
    CatalogOverview {
        personal: with(&|m| m.audience == Audience::Personal),
        enterprise: with(&|m| m.audience == Audience::Enterprise),
        one_visit: with(&|m| m.visits == Visits::One),
        online: with(&|m| m.visits == Visits::Zero),
        departments: state
            .catalog
            .departments
            .iter()
            .map(|d| DepartmentEntry {
                code: d.code.to_string(),
                name: d.name.clone(),
                matter_count: with(&|m| m.department == d.code),
            })
            .filter(|d| d.matter_count > 0)
            .collect(),
        bundles: state
            .catalog
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

/// Search (best first) or browse (catalog order), then the filters.
pub fn find(state: &AppState, filter: &MatterFilter) -> Vec<MatterSummary> {
    let matters = &state.catalog.matters;
    let candidates: Vec<&Matter> = if filter.q.trim().is_empty() {
        matters.iter().collect()
    } else {
        state
            .search
            .search(&filter.q, SEARCH_LIMIT)
            .into_iter()
            .filter_map(|i| matters.get(i))
            .collect()
    };
    let audience = match filter.audience.as_str() {
        "personal" => Some(Audience::Personal),
        "enterprise" => Some(Audience::Enterprise),
        _ => None,
    };
    let visits = match filter.list.as_str() {
        "one-visit" => Some(Visits::One),
        "online" => Some(Visits::Zero),
        _ => None,
    };
    candidates
        .into_iter()
        .filter(|m| audience.is_none_or(|a| m.audience == a))
        .filter(|m| visits.is_none_or(|v| m.visits == v))
        .filter(|m| filter.department.is_empty() || m.department.as_str() == filter.department)
        .map(|m| summary(state, m))
        .collect()
}

pub fn matter_guide(state: &AppState, code: &str) -> Result<MatterGuide, AppError> {
    let m = find_matter(state, code)?;
    Ok(MatterGuide {
        code: m.code.to_string(),
        name: m.name.clone(),
        kind: m.kind,
        department: department_name(state, m.department.as_str()),
        audience: m.audience,
        legal_days: m.legal_days,
        promised_days: m.promised_days,
        visits: m.visits.into(),
        summary: m.summary.clone(),
        guide: m.guide.clone(),
        fields: m.form.fields.clone(),
        bundles: state
            .catalog
            .bundles
            .iter()
            .filter(|b| b.matters.contains(&m.code))
            .map(|b| (b.code.to_string(), b.name.clone()))
            .collect(),
        reviews: m
            .reviews
            .iter()
            .map(|r| {
                (
                    department_name(state, r.department.as_str()),
                    r.part.clone(),
                    r.days,
                )
            })
            .collect(),
    })
}

/// A bundle and its matters (all present: checked at start-up).
fn find_bundle<'a>(
    state: &'a AppState,
    code: &str,
) -> Result<(&'a Bundle, Vec<&'a Matter>), AppError> {
    let code = BundleCode::parse(code).map_err(|_| AppError::NotFound)?;
    let b = state.catalog.bundle(&code).ok_or(AppError::NotFound)?;
    Ok((
        b,
        b.matters
            .iter()
            .filter_map(|c| state.catalog.matter(c))
            .collect(),
    ))
}

pub fn bundle(state: &AppState, code: &str) -> Result<BundleView, AppError> {
    let (b, matters) = find_bundle(state, code)?;
    Ok(BundleView {
        code: b.code.to_string(),
        name: b.name.clone(),
        summary: b.summary.clone(),
        matters: matters.iter().map(|m| summary(state, m)).collect(),
        guide: state.catalog.bundle_guide(b),
        matter_names: matters
            .iter()
            .map(|m| (m.code.to_string(), m.name.clone()))
            .collect(),
    })
}

/// What an application form is for, resolved against the catalog.
pub struct ApplySubject<'a> {
    pub name: Localized,
    pub matters: Vec<&'a Matter>,
    /// One matter's form, or the bundle's matters' forms merged.
    pub form: FormSchema,
}

impl ApplySubject<'_> {
    /// The matters run in parallel: the longest promise is the promise.
    pub fn promised_days(&self) -> u16 {
        self.matters
            .iter()
            .map(|m| m.promised_days)
            .max()
            .unwrap_or(0)
    }
}

pub fn apply_subject<'a>(
    state: &'a AppState,
    target: &ApplyTarget,
) -> Result<ApplySubject<'a>, AppError> {
    match target {
        ApplyTarget::Matter(code) => {
            let m = find_matter(state, code)?;
            Ok(ApplySubject {
                name: m.name.clone(),
                matters: vec![m],
                form: m.form.clone(),
            })
        }
        ApplyTarget::Bundle(code) => {
            let (b, matters) = find_bundle(state, code)?;
            let forms: Vec<(&str, &FormSchema)> =
                matters.iter().map(|m| (m.code.as_str(), &m.form)).collect();
            // The catalog check rules conflicts out; should one slip through, refuse.
            let form = merge_forms(&forms).map_err(|conflicts| {
                tracing::error!(bundle = %b.code, ?conflicts, "bundle forms do not merge");
                AppError::Internal
            })?;
            Ok(ApplySubject {
                name: b.name.clone(),
                matters,
                form,
            })
        }
    }
}
