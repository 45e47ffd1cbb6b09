//! The catalog on both backends from one text: replaced whole at start-up
//! (after the backend's `lock_catalog` hook, so servers starting together
//! replace it one at a time), read in the catalog's order.

macro_rules! catalog_store {
    ($store:ty) => {
        use crate::errors::{corrupt, json, storage};
        use crate::rows::from_json;
        use async_trait::async_trait;
        use domain::catalog::{Catalog, Department, Matter};
        use domain::{DepartmentCode, Localized, MatterCode};
        use hall::ports::CatalogStore;
        use hall::StorageError;

        #[async_trait]
        impl CatalogStore for $store {
            async fn replace_catalog(&self, catalog: &Catalog) -> Result<(), StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                super::lock_catalog(&mut tx).await.map_err(storage)?;
                sqlx::query("DELETE FROM matters")
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                sqlx::query("DELETE FROM departments")
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                for d in &catalog.departments {
                    sqlx::query(
                        "INSERT INTO departments (code, name_zh, name_en) VALUES ($1, $2, $3)",
                    )
                    .bind(d.code.as_str())
                    .bind(&d.name.zh)
                    .bind(&d.name.en)
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                }
                for (position, m) in catalog.matters.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO matters
                           (code, department, name_zh, name_en, visits, position, matter_json)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(m.code.as_str())
                    .bind(m.department.as_str())
                    .bind(&m.name.zh)
                    .bind(&m.name.en)
                    .bind(i32::from(u8::from(m.visits)))
                    .bind(i32::try_from(position).unwrap_or(i32::MAX))
                    .bind(json(m)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                }
                tx.commit().await.map_err(storage)?;
                Ok(())
            }

            async fn departments(&self) -> Result<Vec<Department>, StorageError> {
                let rows: Vec<(String, String, String)> =
                    sqlx::query_as("SELECT code, name_zh, name_en FROM departments ORDER BY code")
                        .fetch_all(&self.pool)
                        .await
                        .map_err(storage)?;
                rows.into_iter()
                    .map(|(code, zh, en)| {
                        Ok(Department {
                            code: DepartmentCode::parse(&code)
                                .map_err(|e| corrupt(e.to_string()))?,
                            name: Localized::new(zh, en),
                        })
                    })
                    .collect()
            }

            async fn matters(&self) -> Result<Vec<Matter>, StorageError> {
                let rows: Vec<(String,)> =
                    sqlx::query_as("SELECT matter_json FROM matters ORDER BY position")
                        .fetch_all(&self.pool)
                        .await
                        .map_err(storage)?;
                rows.iter().map(|(j,)| from_json(j, "matter")).collect()
            }

            async fn matter(&self, code: &MatterCode) -> Result<Option<Matter>, StorageError> {
                let row: Option<(String,)> =
                    sqlx::query_as("SELECT matter_json FROM matters WHERE code = $1")
                        .bind(code.as_str())
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(storage)?;
                row.map(|(j,)| from_json(&j, format_args!("matter {code}")))
                    .transpose()
            }
        }
    };
}

pub(crate) use catalog_store;
