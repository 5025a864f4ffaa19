//! The walk-around record (环车检查 / 预检单, domain.md §2): body damage marks by zone, fuel
//! level, tools, lighter, warning lights, valuables, old parts, wash, engine bay; its
//! checks and the text diagram of the car that shows the marks.

use super::kinds::{DamageKind, DamageZone, FuelLevel};

/// Most damage marks on one walk-around.
pub const MAX_DAMAGE_MARKS: usize = 40;
/// Longest note (general note, warning lights, each damage note), in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// A refused walk-around.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkaroundError {
    #[error("Confirm with the customer that no valuables are left in the car.")]
    ValuablesNotConfirmed,
    #[error("At most {max} damage marks.")]
    TooManyDamageMarks { max: usize },
    #[error("A note can be at most {max} characters.")]
    NoteTooLong { max: usize },
}

impl WalkaroundError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            WalkaroundError::ValuablesNotConfirmed => "error.walkaround.valuables_not_confirmed",
            WalkaroundError::TooManyDamageMarks { .. } => "error.walkaround.too_many_damage_marks",
            WalkaroundError::NoteTooLong { .. } => "error.walkaround.note_too_long",
        }
    }

    /// The named placeholders of the message.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            WalkaroundError::ValuablesNotConfirmed => vec![],
            WalkaroundError::TooManyDamageMarks { max } | WalkaroundError::NoteTooLong { max } => {
                vec![("max", max.to_string())]
            }
        }
    }
}

/// One body damage mark (车辆损毁标志).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Damage {
    pub zone: DamageZone,
    pub kind: DamageKind,
    pub note: String,
}

/// What the advisor and the customer check together around the car.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Walkaround {
    /// 燃油位置.
    pub fuel: FuelLevel,
    /// Dashboard / warning-light state (仪表状态), free text.
    pub warning_lights: String,
    /// On-board tools present (随车工具).
    pub tools_present: bool,
    pub lighter_present: bool,
    /// The customer confirmed no valuables are left in the car (车内无贵重物品确认).
    pub valuables_removed: bool,
    /// The customer wants the replaced parts back (取回旧件).
    pub return_old_parts: bool,
    pub wash: bool,
    pub engine_bay_clean: bool,
    pub damage: Vec<Damage>,
    pub note: String,
}

impl Default for Walkaround {
    fn default() -> Self {
        Walkaround {
            fuel: FuelLevel::Half,
            warning_lights: String::new(),
            tools_present: true,
            lighter_present: true,
            valuables_removed: false,
            return_old_parts: false,
            wash: true,
            engine_bay_clean: false,
            damage: Vec::new(),
            note: String::new(),
        }
    }
}

/// Checks, in this order: valuables confirmed removed, at most [`MAX_DAMAGE_MARKS`] marks,
/// every note (general, warning lights, each damage note) at most [`MAX_NOTE_CHARS`]
/// characters.
pub fn validate(w: &Walkaround) -> Result<(), WalkaroundError> {
    if !w.valuables_removed {
        return Err(WalkaroundError::ValuablesNotConfirmed);
    }
    if w.damage.len() > MAX_DAMAGE_MARKS {
        return Err(WalkaroundError::TooManyDamageMarks {
            max: MAX_DAMAGE_MARKS,
        });
    }
    let too_long = |s: &str| s.chars().count() > MAX_NOTE_CHARS;
    if too_long(&w.note)
        || too_long(&w.warning_lights)
        || w.damage.iter().any(|d| too_long(&d.note))
    {
        return Err(WalkaroundError::NoteTooLong {
            max: MAX_NOTE_CHARS,
        });
    }
    Ok(())
}

/// The letter a damage kind shows on the diagram: S scratch, D dent, C crack, O other.
pub fn damage_letter(kind: DamageKind) -> char {
    match kind {
        DamageKind::Scratch => 'S',
        DamageKind::Dent => 'D',
        DamageKind::Crack => 'C',
        DamageKind::Other => 'O',
    }
}

/// The car seen from above, front at the top, the car's left on the left. Every `.` is a
/// zone marker (see [`MARKERS`]); the rest is outline.
const OUTLINE: [&str; 11] = [
    "            .            ",
    "      /-----.-----\\      ",
    "      |     .     |      ",
    "      |-----------|      ",
    "      |.         .|      ",
    "    . |     .     | .    ",
    "      |.         .|      ",
    "      |-----------|      ",
    "      |     .     |      ",
    "      \\-----.-----/      ",
    "            .            ",
];

/// Where each zone's marker sits in [`OUTLINE`]: (zone, row, column), in `DamageZone::ALL`
/// order.
const MARKERS: [(DamageZone, usize, usize); 13] = [
    (DamageZone::Front, 0, 12),
    (DamageZone::Rear, 10, 12),
    (DamageZone::Left, 5, 4),
    (DamageZone::Right, 5, 20),
    (DamageZone::Roof, 5, 12),
    (DamageZone::FrontBumper, 1, 12),
    (DamageZone::RearBumper, 9, 12),
    (DamageZone::FrontLeftDoor, 4, 7),
    (DamageZone::FrontRightDoor, 4, 17),
    (DamageZone::RearLeftDoor, 6, 7),
    (DamageZone::RearRightDoor, 6, 17),
    (DamageZone::Hood, 2, 12),
    (DamageZone::Trunk, 8, 12),
];

/// The text vehicle diagram (top view, front at the top), one `String` per row, every row
/// the same width (25 columns × 11 rows, ASCII only: box-drawing and block glyphs are
/// ambiguous-width in CJK terminals). A zone with damage shows the letter of its first
/// mark's kind ([`damage_letter`]); an undamaged zone shows `.`. Also returns, for every
/// zone in `DamageZone::ALL` order, the (row, column) of its marker, so the UI can
/// highlight the selected zone (columns are character = display-cell indices).
pub fn diagram(damage: &[Damage]) -> (Vec<String>, Vec<(DamageZone, usize, usize)>) {
    let mut grid: Vec<Vec<char>> = OUTLINE.iter().map(|r| r.chars().collect()).collect();
    for &(zone, row, col) in &MARKERS {
        if let Some(d) = damage.iter().find(|d| d.zone == zone) {
            grid[row][col] = damage_letter(d.kind);
        }
    }
    let rows = grid.into_iter().map(String::from_iter).collect();
    (rows, MARKERS.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(zone: DamageZone, kind: DamageKind) -> Damage {
        Damage {
            zone,
            kind,
            note: String::new(),
        }
    }

    fn confirmed() -> Walkaround {
        Walkaround {
            valuables_removed: true,
            ..Walkaround::default()
        }
    }

    #[test]
    fn defaults() {
        let w = Walkaround::default();
        assert_eq!(w.fuel, FuelLevel::Half);
        assert!(w.tools_present && w.lighter_present && w.wash);
        assert!(!w.valuables_removed && !w.return_old_parts && !w.engine_bay_clean);
        assert!(w.damage.is_empty());
        assert_eq!(validate(&w), Err(WalkaroundError::ValuablesNotConfirmed));
        assert_eq!(validate(&confirmed()), Ok(()));
    }

    #[test]
    fn limits() {
        let mut w = confirmed();
        w.damage = vec![mark(DamageZone::Hood, DamageKind::Dent); MAX_DAMAGE_MARKS];
        assert_eq!(validate(&w), Ok(()));
        w.damage.push(mark(DamageZone::Roof, DamageKind::Dent));
        assert_eq!(
            validate(&w),
            Err(WalkaroundError::TooManyDamageMarks { max: 40 })
        );
        let long = Err(WalkaroundError::NoteTooLong { max: 500 });
        let mut w = confirmed();
        w.note = "划".repeat(500);
        assert_eq!(validate(&w), Ok(()));
        w.note.push('痕');
        assert_eq!(validate(&w), long);
        let mut w = confirmed();
        w.warning_lights = "x".repeat(501);
        assert_eq!(validate(&w), long);
        let mut w = confirmed();
        w.damage = vec![Damage {
            note: "y".repeat(501),
            ..mark(DamageZone::Trunk, DamageKind::Scratch)
        }];
        assert_eq!(validate(&w), long);
    }

    #[test]
    fn markers_cover_every_zone_in_order_and_sit_on_dots() {
        let zones: Vec<DamageZone> = MARKERS.iter().map(|m| m.0).collect();
        assert_eq!(zones, DamageZone::ALL);
        for &(zone, r, c) in &MARKERS {
            assert_eq!(OUTLINE[r].as_bytes()[c], b'.', "{zone}");
        }
        let dots: usize = OUTLINE.iter().map(|r| r.matches('.').count()).sum();
        assert_eq!(dots, MARKERS.len());
    }

    #[test]
    fn damage_shows_its_letter() {
        let (rows, markers) = diagram(&[
            mark(DamageZone::FrontLeftDoor, DamageKind::Scratch),
            mark(DamageZone::FrontLeftDoor, DamageKind::Crack),
            mark(DamageZone::Trunk, DamageKind::Other),
        ]);
        let at = |z: DamageZone| {
            let &(_, r, c) = markers.iter().find(|m| m.0 == z).unwrap();
            rows[r].as_bytes()[c]
        };
        assert_eq!(at(DamageZone::FrontLeftDoor), b'S');
        assert_eq!(at(DamageZone::Trunk), b'O');
        assert_eq!(at(DamageZone::Hood), b'.');
    }

    #[test]
    fn error_keys_and_args() {
        let e = WalkaroundError::NoteTooLong { max: 500 };
        assert_eq!(e.i18n_key(), "error.walkaround.note_too_long");
        assert_eq!(e.i18n_args(), vec![("max", "500".to_string())]);
        assert_eq!(e.to_string(), "A note can be at most 500 characters.");
        assert_eq!(WalkaroundError::ValuablesNotConfirmed.i18n_args(), vec![]);
    }
}
