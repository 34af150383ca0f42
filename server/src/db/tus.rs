//! Resumable (tus) uploads: the resume state of each upload and the parts it is stored in.
//! Every change that moves an upload on is conditional on the state it was read in, so two
//! requests (or two replicas) racing on one upload cannot both win.

use std::collections::BTreeMap;

use super::Db;
use super::cases::{json, parse};
use super::uploads::Uploader;

/// Where an upload stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TusState {
    /// Taking bytes.
    Receiving,
    /// Every byte is in; the parts are being joined into the document.
    Assembling,
    /// The document is stored and listed in `uploads`.
    Completed,
    /// Refused for what it is (`problem_code`); its bytes are dropped.
    Rejected,
    /// Ended by its owner.
    Terminated,
    /// Not finished in time.
    Expired,
}

impl TusState {
    /// The column's text.
    pub fn as_str(self) -> &'static str {
        match self {
            TusState::Receiving => "receiving",
            TusState::Assembling => "assembling",
            TusState::Completed => "completed",
            TusState::Rejected => "rejected",
            TusState::Terminated => "terminated",
            TusState::Expired => "expired",
        }
    }

    fn parse(text: &str) -> Option<TusState> {
        Some(match text {
            "receiving" => TusState::Receiving,
            "assembling" => TusState::Assembling,
            "completed" => TusState::Completed,
            "rejected" => TusState::Rejected,
            "terminated" => TusState::Terminated,
            "expired" => TusState::Expired,
            _ => return None,
        })
    }
}

/// What a new upload is, before any byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTusUpload {
    /// The opaque id (also the id of the finished document in `uploads`).
    pub id: String,
    /// Who creates it; nobody else may see it.
    pub owner: Uploader,
    /// The declared length in bytes (> 0).
    pub length: i64,
    /// Every decoded `Upload-Metadata` pair.
    pub metadata: BTreeMap<String, String>,
    /// The claim its `claim_id` metadata names, once checked.
    pub claim_id: Option<i64>,
    /// The cleaned file name.
    pub file_name: String,
    /// The type the client declared (`filetype`), if any.
    pub declared_type: Option<String>,
    /// Unix seconds.
    pub now: i64,
    /// Unix seconds after which an unfinished upload is dropped.
    pub expires_at: i64,
}

/// An upload as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TusUpload {
    /// The opaque id.
    pub id: String,
    /// Who created it.
    pub owner: Uploader,
    /// The declared length in bytes.
    pub length: i64,
    /// Bytes persisted so far.
    pub offset: i64,
    /// Every decoded `Upload-Metadata` pair.
    pub metadata: BTreeMap<String, String>,
    /// The cleaned file name.
    pub file_name: String,
    /// The type the client declared.
    pub declared_type: Option<String>,
    /// Where it stands.
    pub state: TusState,
    /// Why it was rejected.
    pub problem_code: Option<String>,
    /// The type detected from the first bytes.
    pub content_type: Option<String>,
    /// The SHA-256 state of the persisted bytes ([`crate::tus::digest::ResumableSha256::saved`]).
    pub hash_state: Vec<u8>,
    /// Hex SHA-256 of the whole file, once complete.
    pub sha256: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
}

/// One stored piece of an upload.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TusPart {
    /// Its first byte's offset in the file.
    pub start: i64,
    /// Bytes.
    pub length: i64,
    /// Where it lies in the object store.
    pub object_path: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    policyholder_id: Option<i64>,
    staff_id: Option<i64>,
    upload_length: i64,
    upload_offset: i64,
    metadata: String,
    file_name: String,
    declared_type: Option<String>,
    state: String,
    problem_code: Option<String>,
    content_type: Option<String>,
    hash_state: Vec<u8>,
    sha256: Option<String>,
    created_at: i64,
    updated_at: i64,
    expires_at: i64,
}

impl Row {
    /// The upload; a row with no owner, an unknown state or unreadable metadata is an error.
    fn upload(self) -> sqlx::Result<TusUpload> {
        let decode = |what: String| sqlx::Error::Decode(what.into());
        let owner = match (self.policyholder_id, self.staff_id) {
            (Some(id), _) => Uploader::Policyholder(id),
            (None, Some(id)) => Uploader::Staff(id),
            (None, None) => return Err(decode(format!("upload {}: no owner", self.id))),
        };
        let state = TusState::parse(&self.state)
            .ok_or_else(|| decode(format!("upload {}: state {:?}", self.id, self.state)))?;
        Ok(TusUpload {
            id: self.id,
            owner,
            length: self.upload_length,
            offset: self.upload_offset,
            metadata: parse(&self.metadata)?,
            file_name: self.file_name,
            declared_type: self.declared_type,
            state,
            problem_code: self.problem_code,
            content_type: self.content_type,
            hash_state: self.hash_state,
            sha256: self.sha256,
            created_at: self.created_at,
            updated_at: self.updated_at,
            expires_at: self.expires_at,
        })
    }
}

fn owner_columns(owner: Uploader) -> (Option<i64>, Option<i64>) {
    match owner {
        Uploader::Policyholder(id) => (Some(id), None),
        Uploader::Staff(id) => (None, Some(id)),
    }
}

/// Records a new upload, with no byte yet; returns it as stored.
pub async fn insert(db: &Db, new: NewTusUpload) -> sqlx::Result<TusUpload> {
    let (holder, staff) = owner_columns(new.owner);
    let metadata = json(&new.metadata)?;
    sqlx::query(
        "INSERT INTO tus_uploads (id, policyholder_id, staff_id, upload_length, metadata, \
             file_name, declared_type, purpose, claim_id, slot, state, hash_state, created_at, \
             updated_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'receiving', x'', ?, ?, ?)",
    )
    .bind(&new.id)
    .bind(holder)
    .bind(staff)
    .bind(new.length)
    .bind(metadata)
    .bind(&new.file_name)
    .bind(&new.declared_type)
    .bind(new.metadata.get("purpose"))
    .bind(new.claim_id.map(|id| id.to_string()))
    .bind(new.metadata.get("slot"))
    .bind(new.now)
    .bind(new.now)
    .bind(new.expires_at)
    .execute(db)
    .await?;
    Ok(TusUpload {
        id: new.id,
        owner: new.owner,
        length: new.length,
        offset: 0,
        metadata: new.metadata,
        file_name: new.file_name,
        declared_type: new.declared_type,
        state: TusState::Receiving,
        problem_code: None,
        content_type: None,
        hash_state: Vec::new(),
        sha256: None,
        created_at: new.now,
        updated_at: new.now,
        expires_at: new.expires_at,
    })
}

/// The upload with this id, whoever created it.
pub async fn find(db: &Db, id: &str) -> sqlx::Result<Option<TusUpload>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, policyholder_id, staff_id, upload_length, upload_offset, metadata, file_name, \
                declared_type, state, problem_code, content_type, hash_state, sha256, created_at, \
                updated_at, expires_at \
         FROM tus_uploads WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(Row::upload).transpose()
}

/// An owner's uploads for one claim that are still worth continuing, oldest first: receiving
/// (not past their expiry) or assembling, or completed but never a document of this claim.
///
/// The claim is matched on the `claim_id` column, which holds the id of the claim the
/// `claim_id` metadata named, in its plain form (`"7"`, whether `"7"` or `"007"` was sent).
/// A completed upload is left out
/// while it is a document of any claim (`claim_documents`), and once it has been one of this
/// claim (a `document_uploaded` event in `claim_events`), even if it was removed since.
pub async fn resumable_for_claim(
    db: &Db,
    owner: Uploader,
    claim_id: i64,
    now: i64,
) -> sqlx::Result<Vec<TusUpload>> {
    let (holder, staff) = owner_columns(owner);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.id, t.policyholder_id, t.staff_id, t.upload_length, t.upload_offset, \
                t.metadata, t.file_name, t.declared_type, t.state, t.problem_code, \
                t.content_type, t.hash_state, t.sha256, t.created_at, t.updated_at, t.expires_at \
         FROM tus_uploads t \
         WHERE t.claim_id = ? AND t.policyholder_id IS ? AND t.staff_id IS ? \
           AND ((t.state = 'receiving' AND t.expires_at > ?) \
                OR t.state = 'assembling' \
                OR (t.state = 'completed' \
                    AND NOT EXISTS (SELECT 1 FROM claim_documents d WHERE d.upload_id = t.id) \
                    AND NOT EXISTS ( \
                        SELECT 1 FROM claim_events e \
                        WHERE e.claim_id = ? \
                          AND json_extract(e.event, '$.change.type') = 'document_uploaded' \
                          AND json_extract(e.event, '$.change.document.id') = t.id))) \
         ORDER BY t.created_at, t.rowid",
    )
    .bind(claim_id.to_string())
    .bind(holder)
    .bind(staff)
    .bind(now)
    .bind(claim_id)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Row::upload).collect()
}

/// Bytes an owner has uploaded, or is uploading, for one claim (rejected and ended ones aside).
pub async fn claim_total(db: &Db, owner: Uploader, claim_id: i64) -> sqlx::Result<i64> {
    let (holder, staff) = owner_columns(owner);
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(upload_length), 0) FROM tus_uploads \
         WHERE claim_id = ? AND policyholder_id IS ? AND staff_id IS ? \
           AND state IN ('receiving', 'assembling', 'completed')",
    )
    .bind(claim_id.to_string())
    .bind(holder)
    .bind(staff)
    .fetch_one(db)
    .await
}

/// Appends a stored part at `part.start`, if the upload is still receiving at that offset;
/// `false` if another request moved it on first (the part is then not the upload's).
pub async fn append_part(
    db: &Db,
    id: &str,
    part: &TusPart,
    hash_state: &[u8],
    now: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE tus_uploads SET upload_offset = upload_offset + ?, hash_state = ?, updated_at = ? \
         WHERE id = ? AND upload_offset = ? AND state = 'receiving' \
           AND upload_offset + ? <= upload_length",
    )
    .bind(part.length)
    .bind(hash_state)
    .bind(now)
    .bind(id)
    .bind(part.start)
    .bind(part.length)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO tus_parts (upload_id, start, length, object_path) VALUES (?, ?, ?, ?)",
    )
    .bind(id)
    .bind(part.start)
    .bind(part.length)
    .bind(&part.object_path)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The parts of an upload, in file order.
pub async fn parts(db: &Db, id: &str) -> sqlx::Result<Vec<TusPart>> {
    sqlx::query_as(
        "SELECT start, length, object_path FROM tus_parts WHERE upload_id = ? ORDER BY start",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// Notes the type told by the first bytes.
pub async fn set_content_type(db: &Db, id: &str, content_type: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE tus_uploads SET content_type = ? WHERE id = ?")
        .bind(content_type)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Moves an upload from one state to another; `false` if it was not in `from` any more.
pub async fn change_state(
    db: &Db,
    id: &str,
    from: &[TusState],
    to: TusState,
    problem_code: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let marks = vec!["?"; from.len()].join(", ");
    let sql = format!(
        "UPDATE tus_uploads SET state = ?, problem_code = COALESCE(?, problem_code), \
                                updated_at = ? \
         WHERE id = ? AND state IN ({marks})"
    );
    let mut query = sqlx::query(&sql)
        .bind(to.as_str())
        .bind(problem_code)
        .bind(now)
        .bind(id);
    for state in from {
        query = query.bind(state.as_str());
    }
    Ok(query.execute(db).await?.rows_affected() > 0)
}

/// The finished document, as `uploads` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedDocument<'a> {
    /// The type told by the bytes.
    pub content_type: &'a str,
    /// Hex SHA-256 of the whole file.
    pub sha256: &'a str,
    /// Where the joined file lies.
    pub object_path: &'a str,
}

/// Marks an assembling upload completed and lists its document in `uploads`, in one
/// transaction; `false` if it was not assembling any more.
pub async fn complete(
    db: &Db,
    upload: &TusUpload,
    document: &FinishedDocument<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE tus_uploads SET state = 'completed', content_type = ?, sha256 = ?, updated_at = ? \
         WHERE id = ? AND state = 'assembling'",
    )
    .bind(document.content_type)
    .bind(document.sha256)
    .bind(now)
    .bind(&upload.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved != 1 {
        return Ok(false);
    }
    let (holder, staff) = owner_columns(upload.owner);
    sqlx::query(
        "INSERT INTO uploads (id, policyholder_id, staff_id, file_name, content_type, \
                              declared_type, size, object_path, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&upload.id)
    .bind(holder)
    .bind(staff)
    .bind(&upload.file_name)
    .bind(document.content_type)
    .bind(&upload.declared_type)
    .bind(upload.length)
    .bind(document.object_path)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Marks every unfinished upload past its expiry as expired; returns their ids.
pub async fn expire_due(db: &Db, now: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "UPDATE tus_uploads SET state = 'expired', updated_at = ? \
         WHERE state = 'receiving' AND expires_at <= ? RETURNING id",
    )
    .bind(now)
    .bind(now)
    .fetch_all(db)
    .await
}

/// Finished or ended uploads whose parts may still lie in the object store.
pub async fn with_parts_left(db: &Db, limit: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT id FROM tus_uploads \
         WHERE state IN ('completed', 'rejected', 'terminated', 'expired') \
           AND parts_removed_at IS NULL \
         ORDER BY updated_at LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Notes that an upload's parts are gone from the object store.
pub async fn parts_removed(db: &Db, id: &str, now: i64) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM tus_parts WHERE upload_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE tus_uploads SET parts_removed_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Uploads that have every byte but were left unfinished (a replica stopped while joining).
pub async fn stalled(db: &Db, updated_before: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT id FROM tus_uploads \
         WHERE state IN ('receiving', 'assembling') AND upload_offset = upload_length \
           AND updated_at < ?",
    )
    .bind(updated_before)
    .fetch_all(db)
    .await
}
