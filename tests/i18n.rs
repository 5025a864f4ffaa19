//! The two catalogs hold the same keys, and every key the code uses exists.

use std::collections::BTreeSet;
use std::path::Path;

use frontdesk::app::action::Action;
use frontdesk::app::keymap::Mode;
use frontdesk::domain::kinds::*;
use frontdesk::i18n::{I18n, Lang, flatten};

fn keys(lang: Lang) -> BTreeSet<String> {
    flatten(lang.source())
        .expect("catalog parses")
        .into_keys()
        .collect()
}

#[test]
fn both_catalogs_have_the_same_keys() {
    let zh = keys(Lang::ZhCn);
    let en = keys(Lang::En);
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "only in zh-CN: {only_zh:?}\nonly in en: {only_en:?}"
    );
}

#[test]
fn placeholders_match_between_languages() {
    let zh = flatten(Lang::ZhCn.source()).unwrap();
    let en = flatten(Lang::En.source()).unwrap();
    let names = |s: &str| -> BTreeSet<String> {
        s.split('{')
            .skip(1)
            .filter_map(|r| r.split_once('}').map(|(n, _)| n.to_string()))
            .collect()
    };
    for (k, v) in &en {
        assert_eq!(names(v), names(&zh[k]), "placeholders differ for {k}");
    }
}

/// Keys built at run time from enums.
fn dynamic_keys() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    v.extend(Action::ALL.iter().map(|a| a.label_key()));
    v.extend(Mode::ALL.iter().map(|m| format!("help.mode.{}", m.name())));
    v.extend(
        frontdesk::app::App::new(
            frontdesk::app::RunMode::Console,
            Lang::En,
            frontdesk::clock::Zone::parse("UTC").unwrap(),
            chrono::DateTime::UNIX_EPOCH,
            String::new(),
        )
        .tabs()
        .into_iter()
        .map(|(_, tab)| tab.title_key.to_string()),
    );
    v.extend(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .map(|d| format!("weekday.{d}")),
    );
    macro_rules! vocab {
        ($($t:ty),*) => { $( v.extend(<$t>::ALL.iter().map(|x| x.label_key().to_string())); )* };
    }
    vocab!(
        StaffRole,
        ServiceType,
        AppointmentKind,
        AppointmentChannel,
        PartsStatus,
        AppointmentState,
        ReminderOutcome,
        RepairOrderState,
        FuelLevel,
        WaitingMode,
        PaymentMethod,
        LineKind,
        DamageKind,
        ComplaintChannel,
        ComplaintNature,
        ComplaintCategory,
        ComplaintStage,
        ComplaintEventKind,
        JobState,
        PauseReason,
        LineApproval,
        QcLevel,
        FollowUpOutcome,
        FollowUpState,
        ComplaintSeverity,
        VisitOutcome
    );
    v
}

/// String literals in the UI code that look like catalog keys (`word.word…`).
fn literal_keys() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app"),
    ];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let src = std::fs::read_to_string(&p).unwrap();
            for (i, part) in src.split('"').enumerate() {
                let is_file_name = [".toml", ".rs", ".sqlite", ".log"]
                    .iter()
                    .any(|x| part.ends_with(x));
                let is_key = i % 2 == 1
                    && !is_file_name
                    && part.contains('.')
                    && part.split('.').all(|s| {
                        !s.is_empty()
                            && s.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    })
                    && part
                        .split('.')
                        .next()
                        .is_some_and(|s| s.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
                if is_key {
                    out.push((part.to_string(), p.display().to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_key_used_in_code_exists_in_both_catalogs() {
    for lang in Lang::ALL {
        let cat = I18n::new(lang);
        for k in dynamic_keys() {
            assert!(cat.has(&k), "{} lacks {k}", lang.code());
        }
        let found = literal_keys();
        assert!(
            found.len() > 50,
            "the scan found too few keys ({}); is it broken?",
            found.len()
        );
        for (k, file) in found {
            assert!(cat.has(&k), "{} lacks {k} (used in {file})", lang.code());
        }
    }
}

#[test]
fn the_locale_decides_when_nothing_else_does() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])),
        Lang::ZhCn
    );
    assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
    assert_eq!(
        Lang::from_locale(env(&[("LC_ALL", "zh_TW.UTF-8"), ("LANG", "en_US.UTF-8")])),
        Lang::ZhCn
    );
    assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    assert_eq!(Lang::parse("zh-CN"), Some(Lang::ZhCn));
    assert_eq!(Lang::parse("EN"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
}
