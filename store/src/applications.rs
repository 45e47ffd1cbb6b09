//! Reading applications back, one text for both backends. Submitting is
//! where they truly differ (SQLite's group-commit writer, PostgreSQL's
//! one-statement insert), so each backend's `ApplicationStore` keeps its
//! own `submit` and calls these for the rest. Full paths, so the macro
//! sits beside the backend's own imports.

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
                visit_sha256: Option<&str>,
            ) -> Result<Option<(hall::ports::ApplicationRecord, bool)>, hall::StorageError> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    #[sqlx(flatten)]
                    application: crate::rows::ApplicationColumns,
                    proven: bool,
                }
                let row: Option<Row> = sqlx::query_as(&format!(
                    "SELECT {}, EXISTS (SELECT 1 FROM applicant_proofs p
                                        WHERE p.number = a.number AND p.visit_sha256 = $2)
                                AS proven
                     FROM applications a WHERE number = $1",
                    super::APPLICATION_COLUMNS
                ))
                .bind(number.as_str())
                .bind(visit_sha256)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::errors::storage)?;
                row.map(|r| Ok((r.application.try_into()?, r.proven)))
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
