//! Reading the catalog: from memory, loaded and checked at start-up. The
//! form, wizard and promise of every matter and bundle are worked out
//! once here, not per request.

use domain::catalog::{Audience, Bundle, Catalog, Matter, Visits};
use domain::search::SearchIndex;
use domain::{ApplySubject, ApplyTarget, BundleCode, MatterCode, SubjectError};
use std::collections::HashMap;
use std::sync::Arc;

/// Most results a search lists.
const SEARCH_LIMIT: usize = 50;

/// The checked catalog with its search index and every subject resolved.
#[derive(Debug)]
pub struct CatalogIndex {
    catalog: Catalog,
    search: SearchIndex,
    subjects: HashMap<ApplyTarget, Arc<ApplySubject>>,
}

/// Which matters a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatterFilter {
    /// Search text: Chinese, code, English or pinyin initials.
    pub q: String,
    pub audience: Option<Audience>,
    pub department: Option<String>,
    /// 最多跑一次 (One) or 全程网办 (Zero).
    pub visits: Option<Visits>,
}

/// What the start page counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogCounts {
    pub personal: usize,
    pub enterprise: usize,
    pub one_visit: usize,
    pub online: usize,
    /// Departments with at least one matter, in catalog order, with counts.
    pub departments: Vec<(domain::Department, usize)>,
}

impl CatalogIndex {
    /// Resolves every matter and bundle; a bundle whose forms do not merge
    /// (which `catalog check` rules out) refuses the whole catalog.
    pub fn new(catalog: Catalog, search: SearchIndex) -> Result<Self, SubjectError> {
        let targets = catalog
            .matters
            .iter()
            .map(|m| ApplyTarget::Matter(m.code.clone()))
            .chain(
                catalog
                    .bundles
                    .iter()
                    .map(|b| ApplyTarget::Bundle(b.code.clone())),
            );
        let mut subjects = HashMap::new();
        for target in targets {
            let subject = ApplySubject::resolve(&catalog, &target)?;
            subjects.insert(target, Arc::new(subject));
        }
        Ok(Self {
            catalog,
            search,
            subjects,
        })
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// What `target` applies for; None once it left the catalog.
    pub fn subject(&self, target: &ApplyTarget) -> Option<Arc<ApplySubject>> {
        self.subjects.get(target).cloned()
    }

    pub fn matter(&self, code: &str) -> Option<&Matter> {
        self.catalog.matter(&MatterCode::parse(code).ok()?)
    }

    /// A bundle and its matters (all present: checked at start-up).
    pub fn bundle(&self, code: &str) -> Option<(&Bundle, Vec<&Matter>)> {
        let b = self.catalog.bundle(&BundleCode::parse(code).ok()?)?;
        let matters = b
            .matters
            .iter()
            .filter_map(|c| self.catalog.matter(c))
            .collect();
        Some((b, matters))
    }

    /// Life events `code` is part of.
    pub fn bundles_with<'a>(
        &'a self,
        code: &'a MatterCode,
    ) -> impl Iterator<Item = &'a Bundle> + 'a {
        self.catalog
            .bundles
            .iter()
            .filter(move |b| b.matters.contains(code))
    }

    pub fn department_name(&self, code: &str) -> domain::Localized {
        self.catalog
            .departments
            .iter()
            .find(|d| d.code.as_str() == code)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| domain::Localized::new(code, code))
    }

    /// Search (best first) or browse (catalog order), then the filters.
    pub fn find(&self, filter: &MatterFilter) -> Vec<&Matter> {
        let matters = &self.catalog.matters;
        let candidates: Vec<&Matter> = if filter.q.trim().is_empty() {
            matters.iter().collect()
        } else {
            self.search
                .search(&filter.q, SEARCH_LIMIT)
                .into_iter()
                .filter_map(|i| matters.get(i))
                .collect()
        };
        candidates
            .into_iter()
            .filter(|m| filter.audience.is_none_or(|a| m.audience == a))
            .filter(|m| filter.visits.is_none_or(|v| m.visits == v))
            .filter(|m| {
                filter
                    .department
                    .as_deref()
                    .is_none_or(|d| m.department.as_str() == d)
            })
            .collect()
    }

    pub fn counts(&self) -> CatalogCounts {
        let matters = &self.catalog.matters;
        let with = |f: &dyn Fn(&Matter) -> bool| matters.iter().filter(|m| f(m)).count();
        CatalogCounts {
            personal: with(&|m| m.audience == Audience::Personal),
            enterprise: with(&|m| m.audience == Audience::Enterprise),
            one_visit: with(&|m| m.visits == Visits::One),
            online: with(&|m| m.visits == Visits::Zero),
            departments: self
                .catalog
                .departments
                .iter()
                .map(|d| (d.clone(), with(&|m| m.department == d.code)))
                .filter(|(_, n)| *n > 0)
                .collect(),
        }
    }
}
