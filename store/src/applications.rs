//! Reading applications back, one text for both backends. Submitting is
//! where they truly differ (SQLite's group-commit writer, PostgreSQL's
//! one-statement insert), so each backend's `ApplicationStore` keeps its
//! own `submit` and calls these for the rest. Full paths, so the macro
//! sits beside the backend's own imports.

/// This visit (`$2`: its token's hash) proved it is the applicant.
pub(crate) const PROVEN: &str =
    "EXISTS (SELECT 1 FROM applicant_proofs p WHERE p.number = a.number AND p.visit_sha256 = $2)";

/// This visit may speak for the applicant: proven, holds the draft that
/// became the application (`$3`: its token; a draft staff filled is held
/// by nobody once submitted), or is in a 我的办件 session (live at `$4`)
/// of the applicant's mobile.
pub(crate) const SPEAKS_FOR: &str = "(EXISTS (SELECT 1 FROM applicant_proofs p
              WHERE p.number = a.number AND p.visit_sha256 = $2)
     OR EXISTS (SELECT 1 FROM drafts d WHERE d.application_number = a.number AND d.holder = $3)
     OR EXISTS (SELECT 1 FROM citizen_sessions s
                WHERE s.visit_sha256 = $2 AND s.mobile_key = a.applicant_mobile_key
                  AND s.expires_at_us > $4))";

macro_rules! application_reads {
    ($store:ty) => {
        impl $store {
            async fn read_application(
                &self,
                number: &domain::ApplicationNumber,
            ) -> Result<Option<hall::ports::ApplicationRecord>, hall::StorageError> {
                let row: Option<crate::rows::ApplicationColumns> = sqlx::query_as(&format!(
                    "SELECT {} FROM applications a WHERE number = $1",
                    super::APPLICATION_COLUMNS
                ))
                .bind(number.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::errors::storage)?;
                row.map(hall::ports::ApplicationRecord::try_from)
                    .transpose()
            }

            async fn read_application_for_visit(
                &self,
                number: &domain::ApplicationNumber,
                visit: Option<&hall::ports::VisitRef<'_>>,
            ) -> Result<
                Option<(hall::ports::ApplicationRecord, hall::ports::VisitStanding)>,
                hall::StorageError,
            > {
                #[derive(sqlx::FromRow)]
                struct Row {
                    #[sqlx(flatten)]
                    application: crate::rows::ApplicationColumns,
                    proven: bool,
                    speaks_for: bool,
                }
                let row: Option<Row> = sqlx::query_as(&format!(
                    "SELECT {}, {} AS proven, {} AS speaks_for
                     FROM applications a WHERE number = $1",
                    super::APPLICATION_COLUMNS,
                    crate::applications::PROVEN,
                    crate::applications::SPEAKS_FOR,
                ))
                .bind(number.as_str())
                .bind(visit.map(|v| v.sha256))
                .bind(visit.map(|v| v.token))
                .bind(visit.map_or(0, |v| v.now.timestamp_micros()))
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::errors::storage)?;
                row.map(|r| {
                    Ok((
                        r.application.try_into()?,
                        hall::ports::VisitStanding {
                            proven: r.proven,
                            speaks_for: r.speaks_for,
                        },
                    ))
                })
                .transpose()
            }

            async fn read_latest_of_applicant(
                &self,
                applicant_id_key: &str,
            ) -> Result<Option<(domain::ApplicationNumber, domain::FormValues)>, hall::StorageError>
            {
                let row: Option<(String, String)> = sqlx::query_as(
                    "SELECT number, form_json FROM applications
                     WHERE applicant_id_key = $1
                     ORDER BY submitted_at_us DESC LIMIT 1",
                )
                .bind(applicant_id_key)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::errors::storage)?;
                row.map(|(number, form)| {
                    let number = domain::ApplicationNumber::parse(&number)
                        .map_err(|e| crate::errors::corrupt(e.to_string()))?;
                    let values = serde_json::from_str(&form).map_err(|_| {
                        crate::errors::corrupt(format!("application {number}: form"))
                    })?;
                    Ok((number, values))
                })
                .transpose()
            }

            async fn read_application_count(&self) -> Result<u64, hall::StorageError> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM applications")
                    .fetch_one(&self.pool)
                    .await
                    .map_err(crate::errors::storage)?;
                Ok(u64::try_from(n).unwrap_or(0))
            }
        }
    };
}

pub(crate) use application_reads;
