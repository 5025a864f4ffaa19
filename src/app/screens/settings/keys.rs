//! Keys of the settings panel: `e` edits (supervisors and managers), `h` adds a holiday,
//! `d` removes the selected one (asking first); the form saves with Ctrl-S.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::FormEvent;
use crate::app::widgets::list::step_for;
use crate::domain::appointment as rules;
use crate::i18n::{I18n, Note};

use super::form::{self, HolidayField};
use super::{Effect, Msg, Settings};

pub fn key(s: &mut Settings, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if s.holiday.is_some() {
        return holiday_key(s, cx, r);
    }
    if s.edit.is_some() {
        return edit_key(s, cx, r);
    }
    let Some(current) = &s.current else {
        return vec![];
    };
    match r {
        Resolved::Action(Action::EditSettings | Action::AddHoliday | Action::RemoveHoliday)
            if !cx.is_supervisor() =>
        {
            cx.note(Note::error("settings.read_only", vec![]));
        }
        Resolved::Action(Action::EditSettings) => {
            let t = I18n::new(cx.lang);
            s.edit = Some((form::form(current, &t), Box::new(current.clone())));
            cx.clear_note();
        }
        Resolved::Action(Action::AddHoliday) => {
            s.holiday = Some(form::holiday_form());
            cx.clear_note();
        }
        Resolved::Action(Action::RemoveHoliday) => {
            if let Some(h) = current.holidays.get(s.selected) {
                let t = I18n::new(cx.lang);
                let body = Note::info_args(
                    "settings.holiday.remove.body",
                    vec![
                        ("day", h.day.format("%Y-%m-%d").to_string()),
                        ("name", h.name.clone().unwrap_or_default()),
                        ("weekday", t.t(crate::fmt::weekday_key(h.day)).to_string()),
                    ],
                );
                cx.confirm(
                    Confirm::new(
                        "settings.holiday.remove.title",
                        body,
                        "settings.holiday.remove.keys",
                    ),
                    Msg::RemoveHoliday {
                        id: h.id,
                        version: h.version,
                        day: h.day,
                    },
                );
            }
        }
        Resolved::Action(a) => {
            if let Some(d) = step_for(a) {
                let n = current.holidays.len() as isize;
                if n > 0 {
                    s.selected = (s.selected as isize + d).clamp(0, n - 1) as usize;
                }
            }
        }
        _ => {}
    }
    vec![]
}

fn edit_key(s: &mut Settings, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some((f, base)) = s.edit.as_mut() else {
        return vec![];
    };
    match f.handle(r) {
        FormEvent::Cancel if f.dirty => cx.confirm(Confirm::discard(), Msg::Discard),
        FormEvent::Cancel => s.edit = None,
        FormEvent::Submit => {
            let t = I18n::new(cx.lang);
            match form::read(f, base, t.t("settings.closed")) {
                Some(new) => {
                    let mut same = new.clone();
                    same.versions.clone_from(&base.versions);
                    if same == **base {
                        s.edit = None;
                        cx.note(Note::info("settings.unchanged"));
                        return vec![];
                    }
                    return vec![Effect::Save(Box::new(new))];
                }
                None => {
                    f.focus_first_error();
                    cx.note(Note::error("settings.error.fix", vec![]));
                }
            }
        }
        _ => {}
    }
    vec![]
}

fn holiday_key(s: &mut Settings, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(f) = s.holiday.as_mut() else {
        return vec![];
    };
    match f.handle(r) {
        FormEvent::Cancel if f.dirty => cx.confirm(Confirm::discard(), Msg::Discard),
        FormEvent::Cancel => s.holiday = None,
        FormEvent::Submit => {
            f.clear_errors();
            match rules::parse_day(f.text(HolidayField::Date), cx.today()) {
                Ok(day) => {
                    let name = f.text(HolidayField::Name).trim().to_string();
                    return vec![Effect::AddHoliday {
                        day,
                        name: (!name.is_empty()).then_some(name),
                    }];
                }
                Err(_) => {
                    f.set_error(
                        HolidayField::Date,
                        Note::error("settings.holiday.error.date", vec![]),
                    );
                    f.focus_on(HolidayField::Date);
                }
            }
        }
        _ => {}
    }
    vec![]
}
