//! Several matters as one application: their materials merged (each
//! once, the strictest requirement wins), their promise (parallel, or the
//! longest chain where 联办 links order them), and what a link fills in.

use super::*;

/// A material of a bundle's merged list, with the matters that ask for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedMaterial {
    pub material: Material,
    pub needed_by: Vec<MatterCode>,
}

/// What a bundle's guide shows: one list of materials, duplicates merged,
/// and the longest promised time (the matters run in parallel).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleGuide {
    pub materials: Vec<MergedMaterial>,
    pub promised_days: u16,
    pub legal_days: u16,
    pub visits: Visits,
}

/// The matters as a bundle with these links asks for them: without the
/// form keys filled from another's result nor the materials another
/// produces.
pub fn as_linked(matters: &[&Matter], links: &[Link]) -> Vec<Matter> {
    matters
        .iter()
        .map(|m| {
            let mut m = (*m).clone();
            let mine: Vec<&Link> = links.iter().filter(|l| l.matter == m.code).collect();
            m.form
                .fields
                .retain(|f| !mine.iter().any(|l| l.fills.contains_key(f.key.as_str())));
            m.guide
                .materials
                .retain(|x| !mine.iter().any(|l| l.provides.contains(&x.key)));
            m
        })
        .collect()
}

/// The promise of matters reviewed in parallel except where linked: the
/// longest chain of promises (a linked matter starts when its
/// prerequisite ends), not the longest single matter.
pub fn chain_promise(matters: &[&Matter], links: &[Link]) -> u16 {
    fn chain(code: &MatterCode, matters: &[&Matter], links: &[Link], depth: usize) -> u16 {
        let own = matters
            .iter()
            .find(|m| &m.code == code)
            .map_or(0, |m| m.promised_days);
        // `Catalog::new` refuses cycles; the depth only guards the recursion.
        let before = if depth > links.len() {
            0
        } else {
            links
                .iter()
                .filter(|l| &l.matter == code)
                .map(|l| chain(&l.after, matters, links, depth + 1))
                .max()
                .unwrap_or(0)
        };
        own.saturating_add(before)
    }
    matters
        .iter()
        .map(|m| chain(&m.code, matters, links, 0))
        .max()
        .unwrap_or(0)
}

/// 并联审批: matters applied for together are reviewed in parallel, so the
/// longest promise is the promise of the whole application.
pub fn parallel_promise(matters: &[&Matter]) -> u16 {
    matters.iter().map(|m| m.promised_days).max().unwrap_or(0)
}

/// Union of the matters' materials, each once (in first-seen order): the
/// strictest requirement wins (required if any requires it, original
/// checked if any checks it, most copies, deferrable only if every matter
/// allows it). Time: the longest promise, as the matters run in parallel.
pub fn merge_guides(matters: &[&Matter]) -> BundleGuide {
    let mut merged: Vec<MergedMaterial> = Vec::new();
    for m in matters {
        for mat in &m.guide.materials {
            match merged.iter_mut().find(|x| x.material.key == mat.key) {
                Some(x) => {
                    x.material.required |= mat.required;
                    x.material.original_check |= mat.original_check;
                    x.material.copies = x.material.copies.max(mat.copies);
                    x.material.may_defer &= mat.may_defer;
                    x.material.file_types.retain(|t| mat.file_types.contains(t));
                    // Asked unconditionally by one matter: asked.
                    if x.material.needed_when != mat.needed_when {
                        x.material.needed_when = None;
                    }
                    if x.material.supplied_by != mat.supplied_by {
                        x.material.supplied_by = None;
                    }
                    if !x.needed_by.contains(&m.code) {
                        x.needed_by.push(m.code.clone());
                    }
                }
                None => merged.push(MergedMaterial {
                    material: mat.clone(),
                    needed_by: vec![m.code.clone()],
                }),
            }
        }
    }
    BundleGuide {
        materials: merged,
        promised_days: parallel_promise(matters),
        legal_days: matters.iter().map(|m| m.legal_days).max().unwrap_or(0),
        visits: if matters.iter().all(|m| m.visits == Visits::Zero) {
            Visits::Zero
        } else {
            Visits::One
        },
    }
}
