//! `frontdesk demo`: the demo shop, or years of a busy dealer with a progress bar.

use crate::clock::Clock;
use crate::i18n::I18n;
use crate::paths::Paths;
use crate::store::file::{self, FileKind};
use crate::store::{Access, Store, meta};

use super::error::{self, Failure};

/// `frontdesk demo`: fills a new file, an empty frontdesk database, or (with `--force`)
/// one that holds nothing but an earlier demo. A shop's own database is never replaced,
/// and no file is ever deleted: an earlier demo is emptied in place, in one transaction.
pub(super) fn demo(
    paths: &Paths,
    clock: Clock,
    i18n: &I18n,
    seed: u64,
    force: bool,
    scale: Option<crate::demo::scale::Scale>,
) -> anyhow::Result<()> {
    let p = || vec![("path", paths.db.display().to_string())];
    let kind = file::inspect(&paths.db).map_err(|e| error::io(&e, &paths.db))?;
    // Decided on a read-only handle, so a refused database is not even migrated.
    let mut empty_first = false;
    if let FileKind::Ours { .. } = kind {
        let mut ro = Store::open(&paths.db, Access::ReadOnly)?;
        // A database older than shop_settings (schema 3) holds no demo marker.
        let (seed_before, holds) =
            ro.read(|c| Ok((meta::demo_seed(c).ok().flatten(), meta::holds_data(c)?)))?;
        match (holds, seed_before) {
            (false, _) => {}
            (true, Some(_)) if force => empty_first = true,
            (true, Some(_)) => return Err(Failure::new("cli.error.demo_exists", p()).into()),
            (true, None) => return Err(Failure::new("cli.error.demo_real_shop", p()).into()),
        }
    }
    let mut store = Store::open(&paths.db, Access::ReadWrite)?;
    if empty_first {
        meta::empty_demo(&mut store, clock.now())?;
        tracing::info!(db = %paths.db.display(), "emptied the earlier demo");
    }
    let n = match scale {
        None => crate::demo::fill(&mut store, seed, clock.now(), crate::demo::ZONE)?,
        Some(scale) => {
            let bar = indicatif::ProgressBar::new(scale.sizes().progress_total());
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:40}] {percent:>3}% {human_pos}/{human_len} rows, {elapsed}",
                )
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .progress_chars("=> "),
            );
            bar.set_message(i18n.t("cli.demo.building").to_string());
            let ticks = bar.clone();
            let started = std::time::Instant::now();
            let n = crate::demo::scale::fill(
                &mut store,
                scale,
                seed,
                clock.now(),
                crate::demo::ZONE,
                move |rows| ticks.inc(rows as u64),
            );
            bar.finish_and_clear();
            let n = n?;
            tracing::info!(
                ?scale,
                seconds = started.elapsed().as_secs_f64(),
                "scale demo built"
            );
            n
        }
    };
    let args = [
        ("path", paths.db.display().to_string()),
        ("staff", n.staff.to_string()),
        ("customers", n.customers.to_string()),
        ("vehicles", n.vehicles.to_string()),
        ("appointments", n.appointments.to_string()),
        ("orders", n.repair_orders.to_string()),
        ("complaints", n.complaints.to_string()),
        ("parts", n.parts.to_string()),
        ("operations", n.operations.to_string()),
        ("packages", n.packages.to_string()),
    ];
    println!("{}", i18n.tf("cli.demo.done", &args));
    Ok(())
}
