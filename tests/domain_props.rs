//! Property tests of the domain parsers: no input panics, display forms parse back to the
//! same value, arithmetic matches an i128 reference, the welcome board never shows a full
//! name, plate or phone number.

use frontdesk::domain::masking::{welcome_name, welcome_plate};
use frontdesk::domain::money::{Cents, MoneyError, line_amount, parse_centi};
use frontdesk::domain::odometer::{MAX_KM, OdometerError, check_reading, parse_km};
use frontdesk::domain::phone::{Phone, PhoneError, phone_search_digits};
use frontdesk::domain::plate::{PROVINCES, Plate, PlateError, plate_search_key};
use frontdesk::domain::text::{group_thousands, normalize_input, to_halfwidth};
use frontdesk::domain::workshop::WorkError;
use proptest::prelude::*;

/// Input that looks like what staff type: digits, letters, separators, currency and unit
/// words, full-width forms, CJK, combining marks.
const TYPED: &str =
    "[0-9a-zA-Z粤京沪学港元公里·•・･\\-_., ¥￥+()xX#转０-９Ａ-Ｚａ-ｚ\u{3000}\u{301}é😀]{0,24}";

fn every_parser(s: &str) {
    let _ = Plate::parse(s).map(|p| {
        (
            p.display(),
            p.province(),
            p.without_province().len(),
            welcome_plate(&p),
        )
    });
    let _ = plate_search_key(s);
    let _ = Phone::parse(s).map(|p| (p.display(), p.masked()));
    let _ = phone_search_digits(s);
    let _ = Cents::parse_yuan(s).map(|c| (c.to_string(), c.yuan()));
    let _ = parse_centi(s);
    let _ = parse_km(s);
    let _ = check_reading(1, Some(2), Some(s));
    let _ = normalize_input(s);
    let _ = to_halfwidth(s);
    for sal in [None, Some("mr"), Some("ms"), Some(s)] {
        let _ = welcome_name(s, sal, true);
        let _ = welcome_name(s, sal, false);
    }
}

fn plate_strategy() -> impl Strategy<Value = String> {
    let provinces: Vec<char> = PROVINCES.chars().collect();
    prop_oneof![
        // standard-looking plates
        (
            prop::sample::select(provinces),
            "[A-Z]",
            "[A-HJ-NP-Z0-9]{4,6}",
            "[学警港澳挂领试超]?"
        )
            .prop_map(|(p, l, s, x)| format!("{p}{l}{s}{x}")),
        // anything plate-like
        "[A-Z0-9粤京港澳使领]{1,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_parser_panics_on_arbitrary_unicode(s in any::<String>()) {
        every_parser(&s);
    }

    #[test]
    fn no_parser_panics_on_typed_looking_input(s in TYPED) {
        every_parser(&s);
    }

    #[test]
    fn plate_display_round_trips(s in plate_strategy()) {
        let plate = Plate::parse(&s).unwrap();
        prop_assert_eq!(&Plate::parse(&plate.display()).unwrap(), &plate);
        prop_assert_eq!(&Plate::parse(plate.as_str()).unwrap(), &plate);
        prop_assert_eq!(plate_search_key(&plate.display()), plate.as_str());
        let lower = plate.display().to_lowercase();
        prop_assert_eq!(&Plate::parse(&lower).unwrap(), &plate);
        prop_assert!(plate.as_str().ends_with(plate.without_province()));
    }

    #[test]
    fn welcome_plate_never_shows_the_full_plate(s in plate_strategy()) {
        let plate = Plate::parse(&s).unwrap();
        let shown = welcome_plate(&plate);
        prop_assert!(shown.contains("***"));
        prop_assert!(!shown.contains(plate.as_str()), "{} → {}", plate.as_str(), shown);
        prop_assert!(!shown.contains(&plate.display()));
        prop_assert!(!plate_search_key(&shown).contains(plate.as_str()));
    }

    #[test]
    fn mobile_round_trips(d in "1[3-9][0-9]{9}", sep in "[ \\-.]?", code in "(|\\+86 |0086|86)") {
        let phone = Phone::parse(&d).unwrap();
        prop_assert!(phone.is_mobile());
        prop_assert_eq!(phone.as_str(), d.as_str());
        prop_assert_eq!(&Phone::parse(&phone.display()).unwrap(), &phone);
        let typed = format!("{code}{}{sep}{}{sep}{}", &d[..3], &d[3..7], &d[7..]);
        prop_assert_eq!(&Phone::parse(&typed).unwrap(), &phone);
        let masked = phone.masked();
        prop_assert!(!masked.contains(&d));
        prop_assert!(!masked.contains(&phone.display()));
        prop_assert_eq!(phone_search_digits(&phone.display()), Some(d.clone()));
    }

    #[test]
    fn landline_round_trips(d in "0[1-9][0-9]{8,10}") {
        let phone = Phone::parse(&d).unwrap();
        prop_assert!(!phone.is_mobile());
        prop_assert_eq!(&Phone::parse(&phone.display()).unwrap(), &phone);
        let masked = phone.masked();
        prop_assert!(!masked.contains(&d));
        prop_assert!(!masked.contains(&phone.display()));
        prop_assert!(!masked.contains(&d[d.len() - 8..]), "the local number is hidden");
    }

    #[test]
    fn cents_display_round_trips(c in 0i64..=10_000_000_000_000) {
        let cents = Cents(c);
        prop_assert_eq!(Cents::parse_yuan(&cents.to_string()), Ok(cents));
        prop_assert_eq!(Cents::parse_yuan(&cents.yuan()), Ok(cents));
        prop_assert_eq!(Cents::parse_yuan(&format!("{}元", cents)), Ok(cents));
        let plain = format!("{}.{:02}", c / 100, c % 100);
        prop_assert_eq!(Cents::parse_yuan(&plain), Ok(cents));
    }

    #[test]
    fn cents_display_round_trips_any_non_negative(c in 0i64..=i64::MAX) {
        prop_assert_eq!(Cents::parse_yuan(&Cents(c).to_string()), Ok(Cents(c)));
    }

    #[test]
    fn line_amount_matches_i128_reference(q in any::<i64>(), p in any::<i64>()) {
        let product = i128::from(q) * i128::from(p);
        let magnitude = (product.abs() + 50) / 100;
        let reference = if product < 0 { -magnitude } else { magnitude };
        let expected = i64::try_from(reference).map(Cents).map_err(|_| MoneyError::Overflow);
        prop_assert_eq!(line_amount(q, p), expected);
    }

    #[test]
    fn line_amount_matches_reference_on_realistic_values(q in 1i64..100_000, p in 0i64..100_000_000) {
        let product = i128::from(q) * i128::from(p);
        prop_assert_eq!(line_amount(q, p), Ok(Cents(((product + 50) / 100) as i64)));
    }

    #[test]
    fn sum_matches_i128_reference(v in prop::collection::vec(any::<i64>(), 0..8)) {
        let total: i128 = v.iter().map(|&x| i128::from(x)).sum();
        let result = Cents::sum(v.iter().copied().map(Cents));
        // The checked fold fails when any partial sum overflows, even if the total fits.
        let partials_fit = v.iter().try_fold(0i64, |acc, &x| acc.checked_add(x)).is_some();
        if partials_fit {
            prop_assert_eq!(result, Ok(Cents(total as i64)));
        } else {
            prop_assert_eq!(result, Err(MoneyError::Overflow));
        }
    }

    #[test]
    fn centi_round_trips(v in 1i64..=1_000_000_000) {
        prop_assert_eq!(parse_centi(&format!("{}.{:02}", v / 100, v % 100)), Ok(v));
        prop_assert_eq!(parse_centi(&Cents(v).to_string()), Ok(v));
    }

    #[test]
    fn km_round_trips(km in 0u32..=MAX_KM) {
        prop_assert_eq!(parse_km(&km.to_string()), Ok(km));
        prop_assert_eq!(parse_km(&group_thousands(u64::from(km))), Ok(km));
        prop_assert_eq!(parse_km(&format!("{km} km")), Ok(km));
        prop_assert_eq!(parse_km(&format!("{km}公里")), Ok(km));
    }

    #[test]
    fn km_above_max_is_refused(km in (MAX_KM as u64 + 1)..=u64::MAX) {
        prop_assert_eq!(parse_km(&km.to_string()), Err(OdometerError::TooLarge { max: MAX_KM }));
    }

    #[test]
    fn lower_reading_needs_a_reason(new in any::<u32>(), last in any::<u32>(), reason in "\\PC{0,8}") {
        let without = check_reading(new, Some(last), None);
        prop_assert_eq!(without.is_err(), new < last);
        let with = check_reading(new, Some(last), Some(&reason));
        prop_assert_eq!(with.is_err(), new < last && reason.trim().is_empty());
        prop_assert_eq!(check_reading(new, None, None), Ok(()));
    }

    #[test]
    fn chinese_names_never_appear_whole(
        name in "(欧阳|司马|[王李张刘陈杨黄赵周吴])[小明华娜伟芳先生女士一-龥]{1,3}",
        sal in prop::option::of("(mr|ms|mrs|miss|dr|)"),
        zh in any::<bool>(),
    ) {
        let shown = welcome_name(&name, sal.as_deref(), zh);
        prop_assert!(!shown.is_empty());
        prop_assert!(!shown.contains(&name), "{} → {}", name, shown);
    }

    #[test]
    fn latin_names_never_appear_whole(
        name in "[A-Z][a-z]{0,8}( [A-Z][a-z]{0,8}){0,3}",
        sal in prop::option::of("(mr|ms|mrs|miss|dr|)"),
        zh in any::<bool>(),
    ) {
        let shown = welcome_name(&name, sal.as_deref(), zh);
        prop_assert!(!shown.is_empty());
        prop_assert!(!shown.contains(&name), "{} → {}", name, shown);
    }

    #[test]
    fn welcome_name_never_shows_a_phone_number(d in "1[3-9][0-9]{9}", sal in prop::option::of("(mr|ms)")) {
        // A phone typed into the name field must not reach the board either.
        let shown = welcome_name(&d, sal.as_deref(), true);
        prop_assert!(!shown.contains(&d));
    }
}

/// An error's Display, i18n key and i18n arguments.
type ErrorView = (String, &'static str, Vec<(&'static str, String)>);

/// One value of every error variant, to check keys and placeholders.
fn every_error() -> Vec<ErrorView> {
    let mut out = Vec::new();
    for e in [
        PlateError::Empty,
        PlateError::TooLong { len: 13, max: 12 },
        PlateError::InvalidChar { ch: '!' },
    ] {
        out.push((e.to_string(), e.i18n_key(), e.i18n_args()));
    }
    for e in [
        PhoneError::Empty,
        PhoneError::InvalidChar { ch: 'a' },
        PhoneError::Extension,
        PhoneError::CountryCode,
        PhoneError::TooShort { digits: 4 },
        PhoneError::TooLong { digits: 13 },
        PhoneError::BadPrefix,
    ] {
        out.push((e.to_string(), e.i18n_key(), e.i18n_args()));
    }
    for e in [
        MoneyError::Empty,
        MoneyError::Negative,
        MoneyError::InvalidChar { ch: 'a' },
        MoneyError::NotANumber {
            input: "1.2.3".into(),
        },
        MoneyError::BadGrouping,
        MoneyError::TooManyDecimals,
        MoneyError::Overflow,
        MoneyError::NotPositive,
    ] {
        out.push((e.to_string(), e.i18n_key(), e.i18n_args()));
    }
    for e in [
        OdometerError::Empty,
        OdometerError::NotANumber {
            input: "abc".into(),
        },
        OdometerError::TooLarge { max: MAX_KM },
        OdometerError::BelowLast { last: 12_345 },
    ] {
        out.push((e.to_string(), e.i18n_key(), e.i18n_args()));
    }
    for e in every_work_error() {
        out.push((e.to_string(), e.i18n_key(), e.i18n_args()));
    }
    out
}

/// Every variant of the workshop's errors (a new variant without a line here fails to
/// compile the match below).
fn every_work_error() -> Vec<WorkError> {
    use frontdesk::domain::kinds::{JobState, QcLevel, RepairOrderState};
    let all = vec![
        WorkError::Move {
            from: RepairOrderState::Written,
            step: "deliver",
        },
        WorkError::TechnicianRequired,
        WorkError::BayRequired,
        WorkError::JobsOpen { open: 2 },
        WorkError::ApprovalPending,
        WorkError::Job {
            state: JobState::Done,
            action: "start",
        },
        WorkError::NotApproved,
        WorkError::Declined,
        WorkError::NotALabourLine,
        WorkError::NotDispatched,
        WorkError::BadProgress,
        WorkError::AlreadyDecided,
        WorkError::ApproverRequired,
        WorkError::NumberRequired,
        WorkError::ApprovalInFuture,
        WorkError::ApprovalBeforeProposal {
            proposed: "10:30".into(),
        },
        WorkError::QcWrongLevel {
            expected: QcLevel::Final,
        },
        WorkError::QcSelfCheckByTechnician,
        WorkError::QcSamePerson {
            level: QcLevel::SelfCheck,
        },
        WorkError::QcChecklistIncomplete,
        WorkError::QcReasonRequired,
        WorkError::SpotRequired,
        WorkError::OdometerBelowIn { km_in: 100 },
        WorkError::WashWanted,
        WorkError::DiscountNegative,
        WorkError::DiscountAboveTotal,
        WorkError::DiscountReasonRequired,
        WorkError::DiscountNeedsSupervisor {
            limit: "¥200.00".into(),
        },
        WorkError::NotPaid,
        WorkError::OldPartsNotReturned,
        WorkError::CancelReasonRequired,
        WorkError::BadScore,
        WorkError::ProblemRequired,
        WorkError::FollowUpNotDue,
    ];
    for e in &all {
        // Exhaustive: a new variant must be added to the list above.
        match e {
            WorkError::Move { .. }
            | WorkError::TechnicianRequired
            | WorkError::BayRequired
            | WorkError::JobsOpen { .. }
            | WorkError::ApprovalPending
            | WorkError::Job { .. }
            | WorkError::NotApproved
            | WorkError::Declined
            | WorkError::NotALabourLine
            | WorkError::NotDispatched
            | WorkError::BadProgress
            | WorkError::AlreadyDecided
            | WorkError::ApproverRequired
            | WorkError::NumberRequired
            | WorkError::ApprovalInFuture
            | WorkError::ApprovalBeforeProposal { .. }
            | WorkError::QcWrongLevel { .. }
            | WorkError::QcSelfCheckByTechnician
            | WorkError::QcSamePerson { .. }
            | WorkError::QcChecklistIncomplete
            | WorkError::QcReasonRequired
            | WorkError::SpotRequired
            | WorkError::OdometerBelowIn { .. }
            | WorkError::WashWanted
            | WorkError::DiscountNegative
            | WorkError::DiscountAboveTotal
            | WorkError::DiscountReasonRequired
            | WorkError::DiscountNeedsSupervisor { .. }
            | WorkError::NotPaid
            | WorkError::OldPartsNotReturned
            | WorkError::CancelReasonRequired
            | WorkError::BadScore
            | WorkError::ProblemRequired
            | WorkError::FollowUpNotDue => {}
        }
    }
    all
}

#[test]
fn every_error_has_a_distinct_key_and_an_english_sentence() {
    let errors = every_error();
    let mut keys: Vec<&str> = errors.iter().map(|(_, k, _)| *k).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), errors.len(), "keys must be distinct");
    for (display, key, args) in &errors {
        assert!(key.starts_with("error."), "{key}");
        assert!(
            display.ends_with('.') && display.chars().next().is_some_and(|c| !c.is_lowercase()),
            "{display}"
        );
        for (name, value) in args {
            assert!(!name.is_empty() && !value.is_empty(), "{key}: {name}");
            // An argument that is a catalog key (`ro_state.written`, `step.deliver`) is
            // translated by the note; the English sentence shows its stored name.
            let en = frontdesk::i18n::I18n::new(frontdesk::i18n::Lang::En);
            let shown = match value.rsplit_once('.') {
                Some((_, stored)) if en.has(value) => stored,
                _ => value.as_str(),
            };
            assert!(
                display.contains(shown),
                "{key}: Display should show {name}={value}: {display}"
            );
        }
    }
}

/// Both UI catalogs hold every domain error key, with exactly the placeholders its
/// arguments provide.
#[test]
fn catalogs_have_every_domain_error_key() {
    for (lang, text) in [
        ("en", frontdesk::i18n::Lang::En.source()),
        ("zh-CN", frontdesk::i18n::Lang::ZhCn.source()),
    ] {
        let table: toml::Table = toml::from_str(text).expect("parse the catalog");
        check_catalog(lang, &table);
    }
}

fn check_catalog(lang: &str, table: &toml::Table) {
    for (_, key, args) in every_error() {
        let message = table
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("[{lang}] lacks {key}"));
        let mut placeholders: Vec<&str> = message
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        placeholders.sort_unstable();
        let mut names: Vec<&str> = args.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        assert_eq!(placeholders, names, "[{lang}] {key}: {message}");
    }
}

/// A province abbreviation.
fn province() -> impl Strategy<Value = char> {
    let p: Vec<char> = PROVINCES.chars().collect();
    proptest::sample::select(p)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Ordinary plates: province + letter + 5 serial characters (no I or O).
    #[test]
    fn ordinary_plates_conform(p in province(), letter in "[A-Z]", serial in "[A-HJ-NP-Z0-9]{5}") {
        let plate = Plate::parse(&format!("{p}{letter}{serial}")).unwrap();
        prop_assert!(plate.conforms(), "{plate:?}");
        prop_assert_eq!(Plate::parse(&plate.display()).unwrap(), plate);
    }

    /// New-energy plates: D/F + serial + 4 digits (small), 5 digits + D/F (large).
    #[test]
    fn new_energy_plates_conform(
        p in province(),
        letter in "[A-Z]",
        kind in "[DF]",
        second in "[A-HJ-NP-Z0-9]",
        digits in "[0-9]{5}",
    ) {
        let small = format!("{p}{letter}{kind}{second}{}", &digits[..4]);
        let large = format!("{p}{letter}{digits}{kind}");
        prop_assert!(Plate::parse(&small).unwrap().conforms(), "{small}");
        prop_assert!(Plate::parse(&large).unwrap().conforms(), "{large}");
    }

    /// The special series: 4 serial characters and 警, 学, 挂, 领, 港, 澳…; embassy plates
    /// 使 + 6 digits.
    #[test]
    fn special_series_conform(
        p in province(),
        letter in "[A-Z]",
        serial in "[A-HJ-NP-Z0-9]{4}",
        suffix in "[警学挂领港澳试超]",
        embassy in "[0-9]{6}",
    ) {
        let special = format!("{p}{letter}{serial}{suffix}");
        let consular = format!("使{embassy}");
        prop_assert!(Plate::parse(&special).unwrap().conforms(), "{special}");
        prop_assert!(Plate::parse(&consular).unwrap().conforms(), "{consular}");
    }

    /// Anything else parses (it may be a real plate of another kind) but does not
    /// conform, so the counter asks before keeping it and flags it.
    #[test]
    fn other_plates_do_not_conform(
        first in "[一-龥]",
        letter in "[A-Z]",
        serial in "[A-HJ-NP-Z0-9]{5}",
        short in "[A-Z0-9]{1,6}",
    ) {
        prop_assume!(!PROVINCES.contains(first.as_str()) && first != "使");
        let foreign = format!("{first}{letter}{serial}");
        prop_assert!(!Plate::parse(&foreign).unwrap().conforms(), "{foreign}");
        prop_assert!(!Plate::parse(&short).unwrap().conforms(), "{short}");
        // A serial with I or O is not a standard one.
        let with_o = format!("京A{}O", &serial[..4]);
        prop_assert!(!Plate::parse(&with_o).unwrap().conforms(), "{with_o}");
    }
}
