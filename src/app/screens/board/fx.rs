//! The boards' store calls: each page read in one snapshot.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::domain::complaint::{Calendar, SpanCache};
use crate::domain::kpi;
use crate::store::{board, complaints, staff, workshop};

use super::{Data, Effect, Msg, Page, Stamp};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let shop = sv.settings.clone();
    let now = sv.now;
    let mut stamp = None;
    let read = match e {
        Effect::LoadWelcome => sv.store.read(|c| Ok(Data::Welcome(board::welcome(c)?))),
        Effect::Load(page, day, have) => {
            // Taken before the read: a commit in between makes the next look read again.
            stamp = sv.store.revision().ok().map(|r| Stamp::new(r, day, now));
            if have.is_some() && have == stamp {
                return vec![Msg::Current];
            }
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
    };
    match read {
        Ok(d) => vec![Msg::Loaded(d, stamp)],
        Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
    }
}
