//! Demo data: two policyholders with a policy of every kind, a handler and a supervisor.
//! Seeded only in demo mode, and only into a database without policyholders.

use chrono::{Days, Months, NaiveDate};
use portal_core::api::{DemoAccounts, DemoPolicyholder, DemoStaff, StaffRole};
use portal_core::policy::{Money, PolicyKind, PolicyStatus};

use crate::auth::secret;
use crate::db::{self, Db, accounts, policies};

/// The demo policyholders: name and login number.
pub const POLICYHOLDERS: [(&str, &str); 2] = [("张伟", "13800138000"), ("李娜", "13900139000")];

/// The demo staff: username, name, role, password.
pub const STAFF: [(&str, &str, StaffRole, &str); 2] = [
    ("handler", "王芳", StaffRole::Handler, "handler-demo"),
    (
        "supervisor",
        "刘强",
        StaffRole::Supervisor,
        "supervisor-demo",
    ),
];

/// Whether a number is one of the demo policyholders'.
pub fn is_demo_phone(phone: &str) -> bool {
    POLICYHOLDERS.iter().any(|(_, p)| *p == phone)
}

/// The accounts shown on the login screen in demo mode.
pub fn accounts() -> DemoAccounts {
    DemoAccounts {
        policyholders: POLICYHOLDERS
            .iter()
            .map(|(name, phone)| DemoPolicyholder {
                name: (*name).into(),
                phone: (*phone).into(),
            })
            .collect(),
        staff: STAFF
            .iter()
            .map(|(username, _, role, password)| DemoStaff {
                username: (*username).into(),
                password: (*password).into(),
                role: *role,
            })
            .collect(),
    }
}

/// A demo policy, its period relative to the day of seeding so that "in force" stays true.
struct DemoPolicy {
    number: &'static str,
    product_name: &'static str,
    kind: PolicyKind,
    status: PolicyStatus,
    insured_name: &'static str,
    /// Days between the start of cover and the day of seeding.
    started_days_ago: u64,
    /// Length of cover in months.
    months: u32,
    /// In yuan.
    sum_insured_yuan: i64,
    /// In fen.
    premium_fen: i64,
}

fn policies_of(holder: usize) -> Vec<DemoPolicy> {
    use PolicyKind::*;
    use PolicyStatus::*;
    let p =
        |number, product_name, kind, status, insured_name, days, months, sum, premium| DemoPolicy {
            number,
            product_name,
            kind,
            status,
            insured_name,
            started_days_ago: days,
            months,
            sum_insured_yuan: sum,
            premium_fen: premium,
        };
    if holder == 0 {
        vec![
            p(
                "P3101202500012873",
                "安心百万医疗保险（2025版）",
                Medical,
                InForce,
                "张伟",
                120,
                12,
                6_000_000,
                356_00,
            ),
            p(
                "P3101202400487215",
                "综合意外伤害保险（个人版）",
                Accident,
                Expired,
                "张伟",
                420,
                12,
                500_000,
                198_00,
            ),
            p(
                "PDAA202531010000068852",
                "机动车商业保险（沪A·D5K821）",
                Auto,
                InForce,
                "张伟",
                75,
                12,
                2_000_000,
                4_860_50,
            ),
            p(
                "PQEF202531010000003416",
                "家庭财产综合保险",
                Property,
                InForce,
                "张伟",
                200,
                12,
                1_000_000,
                420_00,
            ),
            p(
                "P3101202200931604",
                "定期寿险（20年期）",
                Life,
                InForce,
                "张伟",
                1_100,
                240,
                1_000_000,
                2_350_00,
            ),
        ]
    } else {
        vec![
            p(
                "P1101202500035519",
                "少儿住院医疗保险",
                Medical,
                InForce,
                "王子涵",
                60,
                12,
                2_000_000,
                268_00,
            ),
            p(
                "P1101202500071942",
                "出行无忧意外险",
                Accident,
                InForce,
                "李娜",
                30,
                12,
                300_000,
                99_00,
            ),
            p(
                "PDAA202511010000124470",
                "机动车商业保险（京N·8K3L2）",
                Auto,
                InForce,
                "李娜",
                150,
                12,
                1_500_000,
                3_982_00,
            ),
            p(
                "PQEF202511010000008873",
                "家庭财产综合保险（燃气意外）",
                Property,
                InForce,
                "李娜",
                10,
                12,
                500_000,
                150_00,
            ),
            p(
                "P1101201900264038",
                "终身寿险（分红型）",
                Life,
                Lapsed,
                "李娜",
                2_500,
                792,
                800_000,
                12_600_00,
            ),
        ]
    }
}

/// Seeds the demo data unless the database already has policyholders. Returns whether it did.
pub async fn seed(db: &Db) -> Result<bool, SeedError> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM policyholders")
        .fetch_one(db)
        .await?;
    if count > 0 {
        return Ok(false);
    }
    // Hashing is slow on purpose; do it before the transaction and off the async threads.
    let hashes = tokio::task::spawn_blocking(|| {
        STAFF
            .iter()
            .map(|(_, _, _, password)| secret::hash_password(password))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| SeedError::Hash(e.to_string()))?
    .map_err(|e| SeedError::Hash(e.to_string()))?;

    let now = db::now();
    let today = chrono::Utc::now().date_naive();
    let mut tx = db.begin().await?;
    for (index, (name, phone)) in POLICYHOLDERS.iter().enumerate() {
        let holder_id = accounts::insert_policyholder(&mut tx, name, phone, now).await?;
        for demo in policies_of(index) {
            let starts_on = today - Days::new(demo.started_days_ago);
            let ends_on = add_months(starts_on, demo.months);
            policies::insert(
                &mut tx,
                &policies::NewPolicy {
                    holder_id,
                    number: demo.number,
                    product_name: demo.product_name,
                    kind: demo.kind,
                    status: demo.status,
                    insured_name: demo.insured_name,
                    starts_on,
                    ends_on,
                    sum_insured: Money(demo.sum_insured_yuan * 100),
                    premium: Money(demo.premium_fen),
                },
            )
            .await?;
        }
    }
    for ((username, name, role, _), hash) in STAFF.iter().zip(&hashes) {
        accounts::insert_staff(&mut tx, username, name, *role, hash, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The last day of cover of a period of whole months.
fn add_months(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

/// Seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// The database refused.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A password could not be hashed.
    #[error("hashing a demo password: {0}")]
    Hash(String),
}
