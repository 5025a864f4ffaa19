//! Catalog lookup over assets/i18n/*.toml. Every UI string comes from there.
//!
//! Sits below both `app/` and `ui/`: the language, the catalog, [`Note`] (a message as a
//! catalog key plus arguments, translated when drawn) and [`DomainError`], which names the
//! catalog key of a domain rule's error.
//!
//! Catalog files are TOML tables; nested tables flatten to dotted keys
//! (`[tab] checkin = "…"` is `tab.checkin`). Messages may hold `{name}` placeholders.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// `zh-CN`, `zh`, `zh_CN`, `en`, `en-US`… (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        if s == "zh" || s.starts_with("zh-") {
            Some(Lang::ZhCn)
        } else if s == "en" || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// From the locale variables (LC_ALL, LC_MESSAGES, LANG): a Chinese locale gives zh-CN,
    /// anything else English.
    pub fn from_locale(vars: impl Fn(&str) -> Option<String>) -> Lang {
        for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(val) = vars(v).filter(|s| !s.is_empty()) {
                return if val.to_ascii_lowercase().starts_with("zh") {
                    Lang::ZhCn
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// The whole catalog: the main file joined with the files of `assets/i18n/<lang>/`
    /// (dotted keys only, so joining them is one table; a key defined twice is a parse
    /// error, which the catalog tests catch).
    pub fn source(self) -> &'static str {
        match self {
            Lang::ZhCn => concat!(
                include_str!("../assets/i18n/zh-CN.toml"),
                "\n",
                include_str!("../assets/i18n/zh-CN/workshop.toml"),
                "\n",
                include_str!("../assets/i18n/zh-CN/work_orders.toml"),
                "\n",
                include_str!("../assets/i18n/zh-CN/settlement.toml"),
                "\n",
                include_str!("../assets/i18n/zh-CN/workshop_settings.toml"),
                "\n",
                include_str!("../assets/i18n/zh-CN/catalog.toml"),
                "\n",
                include_str!("../assets/i18n/zh-CN/complaints.toml"),
                "\n",
                include_str!("../assets/i18n/zh-CN/boards.toml"),
            ),
            Lang::En => concat!(
                include_str!("../assets/i18n/en.toml"),
                "\n",
                include_str!("../assets/i18n/en/workshop.toml"),
                "\n",
                include_str!("../assets/i18n/en/work_orders.toml"),
                "\n",
                include_str!("../assets/i18n/en/settlement.toml"),
                "\n",
                include_str!("../assets/i18n/en/workshop_settings.toml"),
                "\n",
                include_str!("../assets/i18n/en/catalog.toml"),
                "\n",
                include_str!("../assets/i18n/en/complaints.toml"),
                "\n",
                include_str!("../assets/i18n/en/boards.toml"),
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct I18n {
    lang: Lang,
    map: HashMap<String, String>,
}

/// Flattens a catalog's tables into dotted keys.
pub fn flatten(src: &str) -> Result<HashMap<String, String>, String> {
    let table: toml::Table = src.parse().map_err(|e| format!("{e}"))?;
    let mut out = HashMap::new();
    fn walk(
        prefix: &str,
        t: &toml::Table,
        out: &mut HashMap<String, String>,
    ) -> Result<(), String> {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                toml::Value::Table(t) => walk(&key, t, out)?,
                _ => return Err(format!("{key}: catalog values must be strings")),
            }
        }
        Ok(())
    }
    walk("", &table, &mut out)?;
    Ok(out)
}

impl I18n {
    pub fn new(lang: Lang) -> I18n {
        // The catalogs are compiled in and checked by tests; a broken one is a build defect.
        let map = flatten(lang.source()).unwrap_or_default();
        I18n { lang, map }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message for `key`; the key itself when missing (tests make that impossible).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The message for `key` with `{name}` placeholders filled in.
    pub fn tf(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self.t(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

/// A message: a catalog key and its arguments, translated when drawn. Arguments that
/// are themselves catalog keys (state names…) are translated too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub key: String,
    pub args: Vec<(&'static str, String)>,
    pub error: bool,
}

impl Note {
    pub fn info(key: &str) -> Note {
        Note {
            key: key.into(),
            args: vec![],
            error: false,
        }
    }

    /// An informational message with arguments.
    pub fn info_args(key: &str, args: Vec<(&'static str, String)>) -> Note {
        Note {
            key: key.into(),
            args,
            error: false,
        }
    }

    pub fn error(key: &str, args: Vec<(&'static str, String)>) -> Note {
        Note {
            key: key.into(),
            args,
            error: true,
        }
    }
}

impl I18n {
    /// A note in this language; arguments that are catalog keys are translated as well.
    pub fn note(&self, n: &Note) -> String {
        let plain: Vec<(&str, String)> = n.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        // An argument that is a key reads with the note's other arguments ("“{char}”
        // cannot be part of an amount" inside "Price: {reason}").
        let args: Vec<(&str, String)> = n
            .args
            .iter()
            .map(|(k, v)| {
                (
                    *k,
                    if self.has(v) {
                        self.tf(v, &plain)
                    } else {
                        v.clone()
                    },
                )
            })
            .collect();
        self.tf(&n.key, &args)
    }
}

/// A domain rule's error names its catalog key and arguments, so any layer can show it
/// in the user's language.
pub trait DomainError {
    fn key(&self) -> &'static str;
    fn args(&self) -> Vec<(&'static str, String)>;
    /// The error as a message to put next to a field.
    fn note(&self) -> Note {
        Note::error(self.key(), self.args())
    }
}

macro_rules! domain_errors {
    ($($t:ty),* $(,)?) => {$(
        impl DomainError for $t {
            fn key(&self) -> &'static str { self.i18n_key() }
            fn args(&self) -> Vec<(&'static str, String)> { self.i18n_args() }
        }
    )*};
}

domain_errors!(
    crate::domain::appointment::BookingError,
    crate::domain::catalog::CatalogError,
    crate::domain::appointment::CapacityError,
    crate::domain::appointment::TransitionError,
    crate::domain::plate::PlateError,
    crate::domain::phone::PhoneError,
    crate::domain::repair_order::LineError,
    crate::domain::repair_order::PromiseError,
    crate::domain::odometer::OdometerError,
    crate::domain::inspection::WalkaroundError,
    crate::domain::money::MoneyError,
    crate::domain::workshop::WorkError,
);
