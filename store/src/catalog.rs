use crate::{Store, StoreError};
use domain::catalog::{Catalog, Department, Matter};
use domain::{DepartmentCode, Localized, MatterCode};
use sqlx::Row;

impl Store {
    /// Makes the stored catalog equal to `catalog`, atomically: a reader
    /// sees either the old catalog or the new one, never half of each.
    pub async fn replace_catalog(&self, catalog: &Catalog) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM matters").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM departments")
            .execute(&mut *tx)
            .await?;
        for d in &catalog.departments {
            sqlx::query("INSERT INTO departments (code, name_zh, name_en) VALUES (?, ?, ?)")
                .bind(d.code.as_str())
                .bind(&d.name.zh)
                .bind(&d.name.en)
                .execute(&mut *tx)
                .await?;
        }
        for (position, m) in catalog.matters.iter().enumerate() {
            let json = serde_json::to_string(m).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            sqlx::query(
                "INSERT INTO matters (code, department, name_zh, name_en, visits, position, matter_json)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(m.code.as_str())
            .bind(m.department.as_str())
            .bind(&m.name.zh)
            .bind(&m.name.en)
            .bind(i64::from(u8::from(m.visits)))
            .bind(position as i64)
            .bind(json)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn departments(&self) -> Result<Vec<Department>, StoreError> {
        let rows = sqlx::query("SELECT code, name_zh, name_en FROM departments ORDER BY code")
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let code: String = r.get("code");
                Ok(Department {
                    code: DepartmentCode::parse(&code)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    name: Localized::new(
                        r.get::<String, _>("name_zh"),
                        r.get::<String, _>("name_en"),
                    ),
                })
            })
            .collect()
    }

    /// All matters in catalog order.
    pub async fn matters(&self) -> Result<Vec<Matter>, StoreError> {
        let rows = sqlx::query("SELECT matter_json FROM matters ORDER BY position")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| decode_matter(r.get("matter_json")))
            .collect()
    }

    pub async fn matter(&self, code: &MatterCode) -> Result<Option<Matter>, StoreError> {
        let row = sqlx::query("SELECT matter_json FROM matters WHERE code = ?")
            .bind(code.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| decode_matter(r.get("matter_json"))).transpose()
    }
}

fn decode_matter(json: &str) -> Result<Matter, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("matter: {e}")))
}
