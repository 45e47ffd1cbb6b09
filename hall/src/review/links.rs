//! 联办: a waiting matter starts once what it waits for is approved, with
//! the answers the results fill.

use super::*;

impl Hall {
    /// 联办 after a task moved: a waiting matter whose prerequisites are
    /// all approved starts today (with the answers their results fill); one
    /// whose prerequisite was rejected is closed, as it cannot go on.
    pub(super) fn follow_links(
        &self,
        tasks: &[ReviewTaskRecord],
        today: NaiveDate,
    ) -> (TaskUpdates, Vec<(String, String)>) {
        let codes: Vec<domain::MatterCode> = tasks.iter().map(|t| t.matter.clone()).collect();
        let links = self.catalog.catalog().links_among(&codes);
        fn of<'a>(
            tasks: &'a [ReviewTaskRecord],
            m: &'a domain::MatterCode,
        ) -> impl Iterator<Item = &'a ReviewTaskRecord> {
            tasks.iter().filter(move |t| &t.matter == m)
        }
        let approved =
            |m: &domain::MatterCode| of(tasks, m).all(|t| t.status == ReviewStatus::Approved);
        let rejected =
            |m: &domain::MatterCode| of(tasks, m).any(|t| t.status == ReviewStatus::Rejected);
        let mut updates = Vec::new();
        let mut fill = Vec::new();
        let mut started = std::collections::BTreeSet::new();
        for t in tasks.iter().filter(|t| t.status == ReviewStatus::Waiting) {
            let before: Vec<_> = links.iter().filter(|l| l.matter == t.matter).collect();
            if before.iter().any(|l| rejected(&l.after)) {
                let state = self.task_state(ReviewStatus::Closed, t.deadline.clone(), Some(t));
                updates.push((t.id, state));
            } else if before.iter().all(|l| approved(&l.after)) {
                let days = self
                    .part_of(t)
                    .map_or(t.deadline.working_days, |(_, p)| u32::from(p.days));
                let state = self.task_state(
                    ReviewStatus::InReview,
                    Deadline::start(today, days),
                    Some(t),
                );
                updates.push((t.id, state));
                if started.insert(t.matter.clone()) {
                    for l in &before {
                        let results: BTreeMap<&str, &str> = of(tasks, &l.after)
                            .filter_map(|p| match &p.decision {
                                Some(ReviewDecision::Approve { results }) => Some(results),
                                _ => None,
                            })
                            .flatten()
                            .map(|(k, v)| (k.as_str(), v.as_str()))
                            .collect();
                        for (key, result) in &l.fills {
                            if let Some(v) = results.get(result.as_str()) {
                                fill.push((key.clone(), v.to_string()));
                            }
                        }
                    }
                }
            }
        }
        (updates, fill)
    }

    /// The results this task records on approving: the matter's, when
    /// this is its handling department's part.
    pub(crate) fn results_owed(&self, matter: &Matter, task: &ReviewTaskRecord) -> FormSchema {
        let handling = matter
            .review_parts()
            .iter()
            .position(|p| p.department == matter.department);
        if handling.is_some_and(|i| usize::from(task.part) == i) {
            FormSchema {
                fields: matter.results.clone(),
            }
        } else {
            FormSchema::default()
        }
    }
}
