//! The shop settings at the command line's edge: the config file's old shop values taken
//! over into the database once, the shop's zone for the clock, and `frontdesk shop`'s
//! view of the settings (the workshop policy included; it is changed on the settings
//! panel, like the calendar).

use chrono::{DateTime, Utc};

use crate::clock::{Clock, Zone};
use crate::config::Config;
use crate::i18n::I18n;
use crate::store::Store;
use crate::store::settings::{self, ShopSettings};

/// For a read-write start: takes the config file's `timezone`, `labour_rate` and
/// `comeback_days` over into a database without them (once; logged and audited), then
/// reads the shop's settings.
pub fn prepare(
    store: &mut Store,
    config: &Config,
    now: DateTime<Utc>,
) -> anyhow::Result<ShopSettings> {
    let taken = settings::take_over(store, None, now, &config.takeover())?;
    if !taken.is_empty() {
        tracing::info!(keys = ?taken, config = %config.path.display(), "shop settings taken over from the config file into the database");
    }
    let moved = config.moved_keys();
    if !moved.is_empty() {
        tracing::info!(keys = ?moved, config = %config.path.display(), "these config keys are shop settings in the database now and are ignored");
    }
    Ok(store.read(settings::load)?)
}

/// The shop's zone: the database's, else (a database no program of this version has
/// written yet) the zone this counter used before.
pub fn zone(store: &Store, config: &Config) -> anyhow::Result<Zone> {
    Ok(settings::stored_zone(store.conn())?.unwrap_or(config.zone))
}

/// `clock` showing times in `zone` (frozen at the same instant when it is frozen).
pub fn in_zone(clock: Clock, zone: Zone) -> Clock {
    if clock.is_frozen() {
        Clock::frozen(clock.now(), zone)
    } else {
        Clock::system(zone)
    }
}

/// The shop's settings for `frontdesk shop` (after name, address and phone), and a hint
/// when the config file still holds values that now live in the database.
pub fn print(store: &mut Store, config: &Config, t: &I18n) -> anyhow::Result<()> {
    let s = store.read(settings::load)?;
    for line in lines(&s, t) {
        println!("{line}");
    }
    let moved = config.moved_keys();
    if !moved.is_empty() {
        println!(
            "{}",
            t.tf(
                "settings.config_moved",
                &[
                    ("keys", moved.join(", ")),
                    ("file", config.path.display().to_string())
                ]
            )
        );
    }
    Ok(())
}

/// One line per setting other than the shop's details, in the user's language.
pub fn lines(s: &ShopSettings, t: &I18n) -> Vec<String> {
    let mut out = vec![
        format!(
            "{}: {}",
            t.t("settings.field.time_zone"),
            s.time_zone.name()
        ),
        format!(
            "{}: {}",
            t.t("settings.field.labour_rate"),
            crate::domain::money::Cents(s.labour_rate_cents)
        ),
        format!(
            "{}: {}",
            t.t("settings.field.comeback_days"),
            s.comeback_days
        ),
    ];
    for (i, key) in crate::fmt::WEEKDAY_KEYS.iter().enumerate() {
        let h = match s.week.hours[i] {
            Some((o, c)) => format!("{}–{}", o.format("%H:%M"), c.format("%H:%M")),
            None => t.t("settings.closed").to_string(),
        };
        out.push(format!("{}: {h}", t.t(key)));
    }
    let c = s.week.capacity;
    out.push(format!(
        "{}: {} × {} min × {}% × {}%",
        t.t("settings.capacity"),
        c.technicians,
        c.minutes_per_tech,
        c.productivity_pct,
        c.booking_rate_pct
    ));
    let w = &s.workshop;
    out.extend([
        format!(
            "{}: {}",
            t.t("settings.field.approval_wait"),
            t.tf(
                "settings.approval_wait_value",
                &[("minutes", w.approval_wait_minutes.to_string())]
            )
        ),
        format!(
            "{}: {}",
            t.t("settings.field.discount_limit"),
            t.tf(
                "settings.discount_limit_value",
                &[(
                    "amount",
                    crate::domain::money::Cents(w.discount_limit_cents).to_string()
                )]
            )
        ),
        format!(
            "{}: {}",
            t.t("settings.field.follow_up_days"),
            t.tf(
                "settings.follow_up_value",
                &[
                    ("days", w.follow_up_days.to_string()),
                    ("tries", w.follow_up_tries.to_string())
                ]
            )
        ),
        format!(
            "{}: {}",
            t.t("settings.field.qc_checklist"),
            w.qc_checklist
                .iter()
                .map(|i| t.t(i))
                .collect::<Vec<_>>()
                .join(t.t("settings.qc_separator"))
        ),
    ]);
    let days: Vec<String> = s
        .holidays
        .iter()
        .map(|h| match &h.name {
            Some(n) => format!("{} {n}", h.day.format("%Y-%m-%d")),
            None => h.day.format("%Y-%m-%d").to_string(),
        })
        .collect();
    out.push(format!(
        "{}: {}",
        t.t("settings.holidays"),
        if days.is_empty() {
            t.t("settings.none").to_string()
        } else {
            days.join(", ")
        }
    ));
    out
}
