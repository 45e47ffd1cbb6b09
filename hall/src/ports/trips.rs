//! 跑动: how an application was filed and each later trip to the hall.

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::trip::{Channel, TripReason};
use domain::ApplicationNumber;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trips {
    /// Where it was filed (a kiosk or a window is the first trip).
    pub submitted_via: Channel,
    pub submitted_at: DateTime<Utc>,
    /// Later trips, oldest first.
    pub later: Vec<(TripReason, Channel, DateTime<Utc>)>,
    /// 帮你办: who filled it at the desk and how the applicant confirmed.
    pub assisted: Option<domain::assisted::AssistedFiling>,
}

impl Trips {
    /// Every trip to the hall: the filing if in person, and each later.
    pub fn count(&self) -> u32 {
        let later = u32::try_from(self.later.len()).unwrap_or(u32::MAX);
        later.saturating_add(u32::from(self.submitted_via.in_person()))
    }
}

#[async_trait]
pub trait TripStore: Send + Sync {
    /// Records a trip (once per application, reason and instant).
    async fn record_trip(
        &self,
        number: &ApplicationNumber,
        reason: TripReason,
        channel: Channel,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;

    async fn trips_of(&self, number: &ApplicationNumber) -> Result<Option<Trips>, StorageError>;
}
