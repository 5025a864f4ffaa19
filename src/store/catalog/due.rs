//! The package that matches a vehicle's next service due, for the booking form.
//!
//! The service is due at the mileage the last order recorded (预计下次保养里程, written at
//! check-in), taken to the nearest multiple of the shortest package interval (28,456 km
//! is the 30,000 km service); a vehicle with none recorded is due at the next multiple
//! above its last odometer reading. Mileage packages repeat: the one for exactly that
//! mileage, else the one with the largest mileage that divides it (50,000 km is a
//! 10,000 km service when there is no 50,000 km package).

use crate::store::db::{Connection, OptionalExtension};

use super::{PackageLine, Result, package_lines};

/// Where the due mileage comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueFrom {
    /// Recorded on this order.
    Order(String),
    /// Estimated from the last odometer reading (km).
    Odometer(i64),
}

/// The package for a vehicle's next service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The service's mileage (a multiple of the shortest package interval).
    pub due_km: i64,
    pub from: DueFrom,
    pub package_id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// What its lines add up to (labour at the shop's rate where an operation has none).
    pub total_cents: i64,
    /// Its labour hours ×100, for the booking's estimate.
    pub labour_centi: i64,
}

/// The package `packages` (id, due km) has for `due_km`.
pub fn matching(packages: &[(i64, i64)], due_km: i64) -> Option<i64> {
    if due_km <= 0 {
        return None;
    }
    packages
        .iter()
        .find(|(_, km)| *km == due_km)
        .or_else(|| {
            packages
                .iter()
                .filter(|(_, km)| *km > 0 && due_km % km == 0)
                .max_by_key(|(_, km)| *km)
        })
        .map(|(id, _)| *id)
}

/// A recorded mileage as the service it stands for: the nearest multiple of `interval`
/// (at least one interval).
pub fn service_km(km: i64, interval: i64) -> i64 {
    (((km.max(0) + interval / 2) / interval).max(1)) * interval
}

/// The mileage due after `last_km` for packages every `interval` km.
pub fn next_due(last_km: i64, interval: i64) -> i64 {
    (last_km.max(0) / interval + 1) * interval
}

/// The package for `vehicle_id`'s next service, with its total at `rate_cents` an hour;
/// `None` when the catalog has no mileage package or nothing is known of the vehicle's
/// mileage.
pub fn due_package(conn: &Connection, vehicle_id: i64, rate_cents: i64) -> Result<Option<Due>> {
    let mut st = conn.prepare_cached(
        "SELECT id, due_km FROM catalog_packages WHERE active = 1 AND due_km IS NOT NULL \
         ORDER BY due_km",
    )?;
    let packages: Vec<(i64, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::store::db::Result<_>>()?;
    let Some(interval) = packages.first().map(|p| p.1) else {
        return Ok(None);
    };
    let recorded: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT number, next_service_km FROM repair_orders WHERE vehicle_id = ?1 \
             ORDER BY created_at DESC, id DESC LIMIT 1",
        )?
        .query_row([vehicle_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .and_then(|(n, km): (String, Option<i64>)| km.map(|k| (n, k)));
    let (due_km, from) = match recorded {
        Some((number, km)) => (service_km(km, interval), DueFrom::Order(number)),
        None => {
            let last: Option<i64> = conn
                .prepare_cached("SELECT last_odometer_km FROM vehicles WHERE id = ?1")?
                .query_row([vehicle_id], |r| r.get(0))
                .optional()?
                .flatten();
            match last {
                Some(km) => (next_due(km, interval), DueFrom::Odometer(km)),
                None => return Ok(None),
            }
        }
    };
    let Some(id) = matching(&packages, due_km) else {
        return Ok(None);
    };
    let (code, name_zh, name_en): (String, String, String) = conn
        .prepare_cached("SELECT code, name_zh, name_en FROM catalog_packages WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let lines = package_lines(conn, id)?;
    let (total_cents, labour_centi) = totals(&lines, rate_cents);
    Ok(Some(Due {
        due_km,
        from,
        package_id: id,
        code,
        name_zh,
        name_en,
        total_cents,
        labour_centi,
    }))
}

/// A package's total (as the lines it fills add up) and its labour hours ×100.
pub fn totals(lines: &[PackageLine], rate_cents: i64) -> (i64, i64) {
    let mut total = 0;
    let mut labour = 0;
    for l in lines {
        let price = l
            .unit_price_cents
            .unwrap_or(if l.labour { rate_cents } else { 0 });
        total += crate::store::repair_orders::line_amount_cents(l.quantity_centi, price);
        if l.labour {
            labour += l.quantity_centi;
        }
    }
    (total, labour)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mileage_packages_repeat_by_their_largest_divisor() {
        let p = [(1, 5_000), (2, 10_000), (3, 20_000), (4, 40_000)];
        assert_eq!(matching(&p, 20_000), Some(3));
        assert_eq!(matching(&p, 50_000), Some(2));
        assert_eq!(matching(&p, 80_000), Some(4));
        assert_eq!(matching(&p, 15_000), Some(1));
        assert_eq!(matching(&p, 12_345), None);
        assert_eq!(matching(&p, 0), None);
        assert_eq!(next_due(18_230, 5_000), 20_000);
        assert_eq!(next_due(20_000, 5_000), 25_000);
        assert_eq!(next_due(0, 5_000), 5_000);
        assert_eq!(service_km(28_456, 5_000), 30_000);
        assert_eq!(service_km(27_400, 5_000), 25_000);
        assert_eq!(service_km(1_000, 5_000), 5_000);
    }
}
