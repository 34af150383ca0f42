//! Demo data: two policyholders with a policy of every kind, a handler and a supervisor, and a
//! year of closed cases with survey answers under synthetic policyholders (see
//! [`crate::kpi::history`]).
//! Seeded only in demo mode, and only into a database without policyholders.

use chrono::{Datelike, Days, Months, NaiveDate};
use portal_core::api::{DemoAccounts, DemoPolicyholder, DemoStaff, StaffRole};
use portal_core::complaint::IdType;
use portal_core::policy::{Money, PolicyKind, PolicyStatus};

use crate::db::{self, Db, accounts, policies};

/// The demo policyholders: name and login number.
pub const POLICYHOLDERS: [(&str, &str); 2] = [("张伟", "13800138000"), ("李娜", "13900139000")];

/// The demo policyholders' resident ID numbers (valid GB 11643 checksums), in the order above.
pub const ID_NUMBERS: [&str; 2] = ["310101198503151232", "110105199002281525"];

/// The demo staff: username, name, role, password, and its argon2id hash (computed once, so that
/// seeding, and every test that seeds, costs no hashing time).
pub const STAFF: [(&str, &str, StaffRole, &str, &str); 2] = [
    (
        "handler",
        "王芳",
        StaffRole::Handler,
        "handler-demo",
        "$argon2id$v=19$m=19456,t=2,p=1$1EomHNBzDaJUBxkgXVBujg$iOoUZ02rKolYD10HHJE73KdrJr0/nuUvMh9tCASxVqY",
    ),
    (
        "supervisor",
        "刘强",
        StaffRole::Supervisor,
        "supervisor-demo",
        "$argon2id$v=19$m=19456,t=2,p=1$e3x+E2VMycG7xQqvpC2ZVg$W27/aknXDdOouAmsT+pJl3FzAfTeIY/buvl6qCk77Ys",
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
            .map(|(username, _, role, password, _)| DemoStaff {
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
                "P3101{Y}00012873",
                "安心百万医疗保险（2025版）",
                Medical,
                InForce,
                "张伟",
                120,
                12,
                6_000_000,
                35_600,
            ),
            p(
                "P3101{Y}00487215",
                "综合意外伤害保险（个人版）",
                Accident,
                Expired,
                "张伟",
                420,
                12,
                500_000,
                19_800,
            ),
            p(
                "PDAA{Y}31010000068852",
                "机动车商业保险（沪A·D5K821）",
                Auto,
                InForce,
                "张伟",
                75,
                12,
                2_000_000,
                486_050,
            ),
            p(
                "PQEF{Y}31010000003416",
                "家庭财产综合保险",
                Property,
                InForce,
                "张伟",
                200,
                12,
                1_000_000,
                42_000,
            ),
            p(
                "P3101{Y}00931604",
                "定期寿险（20年期）",
                Life,
                InForce,
                "张伟",
                1_100,
                240,
                1_000_000,
                235_000,
            ),
        ]
    } else {
        vec![
            p(
                "P1101{Y}00035519",
                "少儿住院医疗保险",
                Medical,
                InForce,
                "王子涵",
                60,
                12,
                2_000_000,
                26_800,
            ),
            p(
                "P1101{Y}00071942",
                "出行无忧意外险",
                Accident,
                InForce,
                "李娜",
                30,
                12,
                300_000,
                9_900,
            ),
            p(
                "PDAA{Y}11010000124470",
                "机动车商业保险（京N·8K3L2）",
                Auto,
                InForce,
                "李娜",
                150,
                12,
                1_500_000,
                398_200,
            ),
            p(
                "PQEF{Y}11010000008873",
                "家庭财产综合保险（燃气意外）",
                Property,
                InForce,
                "李娜",
                10,
                12,
                500_000,
                15_000,
            ),
            p(
                "P1101{Y}00264038",
                "终身寿险（分红型）",
                Life,
                Lapsed,
                "李娜",
                2_500,
                792,
                800_000,
                1_260_000,
            ),
        ]
    }
}

/// Seeds the demo data unless the database already has policyholders, and the year of history
/// when `history` is asked for ([`seed_history`]). Returns whether it seeded the demo accounts.
pub async fn seed(db: &Db, history: bool) -> Result<bool, SeedError> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM policyholders")
        .fetch_one(db)
        .await?;
    if count > 0 {
        if history {
            seed_history(db).await?;
        }
        return Ok(false);
    }
    let now = db::now();
    let today = chrono::Utc::now().date_naive();
    let mut tx = db.begin().await?;
    for (index, (name, phone)) in POLICYHOLDERS.iter().enumerate() {
        let holder_id = accounts::insert_policyholder(&mut tx, name, phone, now).await?;
        if let Some(id_number) = ID_NUMBERS.get(index) {
            db::complaints::set_identity(&mut tx, holder_id, IdType::MainlandId, id_number).await?;
        }
        for demo in policies_of(index) {
            let starts_on = today - Days::new(demo.started_days_ago);
            let ends_on = add_months(starts_on, demo.months);
            // Policy numbers carry the year the cover started, like real ones do.
            let number = demo.number.replace("{Y}", &starts_on.year().to_string());
            policies::insert(
                &mut tx,
                &policies::NewPolicy {
                    holder_id,
                    number: &number,
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
    for (username, name, role, _, hash) in STAFF {
        accounts::insert_staff(&mut tx, username, name, role, hash, now).await?;
    }
    accounts::mark_demo_staff(&mut tx, &STAFF.map(|(username, ..)| username)).await?;
    tx.commit().await?;
    if history {
        seed_history(db).await?;
    }
    Ok(true)
}

/// Seeds twelve months of closed complaints and claims with their survey answers and return
/// visits, for the KPIs, under synthetic policyholders (the demo accounts' own cases stay as
/// they are); see [`crate::kpi::history`]. Needs the demo staff; does nothing when the history
/// is there already or the demo staff are not. Returns whether it seeded.
pub async fn seed_history(db: &Db) -> Result<bool, SeedError> {
    // The write lock from the start: a read first could not be upgraded once another
    // connection (the survey sweeper, say) has written in between.
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let (done,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff WHERE username = ?")
        .bind(crate::kpi::history::MARKER)
        .fetch_one(&mut *tx)
        .await?;
    let mut staff = Vec::new();
    for (username, ..) in STAFF {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM staff WHERE username = ?")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        staff.extend(id);
    }
    if done > 0 || staff.len() != STAFF.len() {
        return Ok(false);
    }
    crate::kpi::history::seed(&mut tx, &staff, db::now()).await?;
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
}
