//! Simple uploads: one row per stored file, owned by whoever uploaded it.

use chrono::{DateTime, Utc};
use portal_core::complaint::Attachment;

use super::Db;

/// Who uploaded a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploader {
    /// A policyholder's id.
    Policyholder(i64),
    /// A staff member's id.
    Staff(i64),
}

impl Uploader {
    fn columns(self) -> (Option<i64>, Option<i64>) {
        match self {
            Uploader::Policyholder(id) => (Some(id), None),
            Uploader::Staff(id) => (None, Some(id)),
        }
    }
}

/// A stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRow {
    /// The opaque id.
    pub id: String,
    /// Who uploaded it.
    pub uploader: Uploader,
    /// The name the device gave.
    pub file_name: String,
    /// The type detected from the bytes.
    pub content_type: String,
    /// The type the client declared, if any.
    pub declared_type: Option<String>,
    /// Bytes.
    pub size: i64,
    /// Where it lies in the object store.
    pub object_path: String,
    /// Unix seconds.
    pub created_at: i64,
}

impl UploadRow {
    /// The API's view of the file.
    pub fn attachment(&self) -> Attachment {
        Attachment {
            id: self.id.clone(),
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            size: u64::try_from(self.size).unwrap_or(0),
            uploaded_at: DateTime::<Utc>::from_timestamp(self.created_at, 0).unwrap_or_default(),
        }
    }
}

type UploadTuple = (
    String,
    Option<i64>,
    Option<i64>,
    String,
    String,
    Option<String>,
    i64,
    String,
    i64,
);

fn from_tuple(t: UploadTuple) -> Option<UploadRow> {
    let (id, holder, staff, file_name, content_type, declared_type, size, object_path, created_at) =
        t;
    let uploader = match (holder, staff) {
        (Some(id), _) => Uploader::Policyholder(id),
        (None, Some(id)) => Uploader::Staff(id),
        (None, None) => return None,
    };
    Some(UploadRow {
        id,
        uploader,
        file_name,
        content_type,
        declared_type,
        size,
        object_path,
        created_at,
    })
}

const COLUMNS: &str = "id, policyholder_id, staff_id, file_name, content_type, declared_type, size, \
                       object_path, created_at";

/// Stores the row of a file already written to the object store.
pub async fn insert(db: &Db, row: &UploadRow) -> sqlx::Result<()> {
    let (holder, staff) = row.uploader.columns();
    sqlx::query(
        "INSERT INTO uploads (id, policyholder_id, staff_id, file_name, content_type, \
                              declared_type, size, object_path, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(holder)
    .bind(staff)
    .bind(&row.file_name)
    .bind(&row.content_type)
    .bind(&row.declared_type)
    .bind(row.size)
    .bind(&row.object_path)
    .bind(row.created_at)
    .execute(db)
    .await?;
    Ok(())
}

/// The file with this id, whoever uploaded it.
pub async fn find(db: &Db, id: &str) -> sqlx::Result<Option<UploadRow>> {
    let row: Option<UploadTuple> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM uploads WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(from_tuple))
}

/// The files with these ids (missing ones left out), in the order asked.
pub async fn find_many(db: &Db, ids: &[String]) -> sqlx::Result<Vec<UploadRow>> {
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = find(db, id).await? {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// Whether every id names a file this uploader uploaded.
pub async fn all_owned_by(db: &Db, uploader: Uploader, ids: &[String]) -> sqlx::Result<bool> {
    for id in ids {
        match find(db, id).await? {
            Some(row) if row.uploader == uploader => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}
