//! The boards' store calls: each page read in one snapshot.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::domain::complaint::{Calendar, SpanCache};
use crate::domain::kpi;
use crate::store::{board, complaints, staff, workshop};

use super::{Data, Effect, Msg, Page, Stamp};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let now = sv.now;
    let (read, stamp) = match e {
        Effect::LoadWelcome => (
            sv.store.read(|c| Ok(Data::Welcome(board::welcome(c)?))),
            None,
        ),
        Effect::Load(page, day, have) => {
            // Taken before the read: a commit in between makes the next look read again.
            let stamp = sv
                .store
                .revision()
                .ok()
                .map(|r| Stamp::new(r, page, day, now));
            if have.is_some() && have == stamp {
                return vec![Msg::Current];
            }
            (read_page(sv, page, day), stamp)
        }
        Effect::ReadAhead(pages) => {
            let Ok(revision) = sv.store.revision() else {
                return vec![Msg::AheadDone];
            };
            let stale = pages.into_iter().find_map(|(page, day, have)| {
                let stamp = Stamp::new(revision, page, day, now);
                (have != Some(stamp)).then_some((page, day, stamp))
            });
            let Some((page, day, stamp)) = stale else {
                return vec![Msg::AheadDone];
            };
            (read_page(sv, page, day), Some(stamp))
        }
    };
    match read {
        Ok(d) => vec![Msg::Loaded(d, stamp)],
        Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
    }
}

/// One page's figures for local `day`, in one snapshot.
fn read_page(sv: &mut Services, page: Page, day: chrono::NaiveDate) -> crate::store::Result<Data> {
    let shop = sv.settings.clone();
    let now = sv.now;
    sv.store.read(|c| {
        Ok(match page {
            Page::Today => Data::Today(board::today(c, day, &shop)?),
            Page::Workshop => Data::Workshop(
                workshop::board(c)?,
                workshop::policy(c)?.approval_wait_minutes,
                staff::list(c, false)?,
            ),
            Page::Complaints => {
                let cache = SpanCache::default();
                let cal = Calendar::new(shop.zone(), &shop.week).cached(&cache);
                Data::Complaints(
                    complaints::open_heads(c)?
                        .into_iter()
                        .map(|h| {
                            let clocks = h.clocks(&shop.complaints, cal, now);
                            (h, clocks)
                        })
                        .collect(),
                )
            }
            Page::Kpis => Data::Kpis(kpi::series(&board::kpi_days(c, day, &shop, now)?)),
            Page::Week => Data::Week(board::week(c, day, &shop)?),
        })
    })
}
