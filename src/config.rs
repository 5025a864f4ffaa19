//! The config file (TOML): what belongs to one machine — language, the staff member
//! remembered at this counter, whether a PIN is asked at sign-in, and key overrides.
//! Every error names the file and the line.
//!
//! `timezone`, `labour_rate` and `comeback_days` are shop settings now, kept in the
//! database ([`crate::store::settings`]): still read (and checked) here so that they are
//! taken over into a database that has no value yet, once, and then ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::keymap::{Keymap, KeymapError, RawKeys, line_of};
use crate::clock::Zone;
use crate::i18n::Lang;
use crate::store::settings::Legacy;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    lang: Option<toml::Spanned<String>>,
    timezone: Option<toml::Spanned<String>>,
    staff: Option<String>,
    /// Ask for the staff member's PIN at sign-in.
    require_pin: Option<bool>,
    /// Default labour rate per hour in yuan, e.g. "300.00".
    labour_rate: Option<toml::Spanned<String>>,
    /// Days after a delivery within which the same vehicle back is a comeback.
    comeback_days: Option<toml::Spanned<i64>>,
    /// The lounge welcome board's greeting line on this machine.
    welcome_greeting: Option<String>,
    keys: Option<RawKeys>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub lang: Option<Lang>,
    /// The zone this counter used before the shop's zone was a database setting
    /// (`timezone`, else the system's): only for a database that holds no zone yet.
    pub zone: Zone,
    /// Staff code remembered for this counter.
    pub staff: Option<String>,
    /// Sign-in asks for the staff member's PIN.
    pub require_pin: bool,
    /// The welcome board's greeting line (`welcome_greeting`), when this machine sets one.
    pub welcome_greeting: Option<String>,
    /// Shop settings found in this file, to be taken over into the database once.
    pub legacy: Legacy,
    pub keymap: Keymap,
}

pub type ConfigError = KeymapError;

impl Config {
    /// Reads `path`; a missing file means all defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(ConfigError {
                    file,
                    line: 1,
                    message: format!("cannot read: {e}"),
                });
            }
        };
        Config::parse(&src, path)
    }

    pub fn parse(src: &str, path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let err = |pos: usize, message: String| ConfigError {
            file: file.clone(),
            line: line_of(src, pos),
            message,
        };
        let raw: RawConfig = toml::from_str(src).map_err(|e| {
            err(
                e.span().map(|s| s.start).unwrap_or(0),
                e.message().trim().to_string(),
            )
        })?;
        let lang = match &raw.lang {
            Some(l) => Some(Lang::parse(l.get_ref()).ok_or_else(|| {
                err(
                    l.span().start,
                    format!("lang {:?}: use \"zh-CN\" or \"en\"", l.get_ref()),
                )
            })?),
            None => None,
        };
        let zone = match &raw.timezone {
            Some(z) => Zone::parse(z.get_ref()).map_err(|m| err(z.span().start, m))?,
            None => Zone::System,
        };
        let mut legacy = Legacy {
            time_zone: match zone {
                Zone::Named(tz) => Some(tz),
                Zone::System => None,
            },
            ..Legacy::default()
        };
        if let Some(r) = &raw.labour_rate {
            legacy.labour_rate_cents = Some(
                crate::domain::money::Cents::parse_yuan(r.get_ref())
                    .map_err(|e| {
                        err(
                            r.span().start,
                            format!("labour_rate {:?}: {e}", r.get_ref()),
                        )
                    })?
                    .0,
            );
        }
        if let Some(d) = &raw.comeback_days {
            if !(1..=365).contains(d.get_ref()) {
                return Err(err(
                    d.span().start,
                    "comeback_days must be between 1 and 365".into(),
                ));
            }
            legacy.comeback_days = Some(*d.get_ref());
        }
        let mut keymap = Keymap::defaults()?;
        if let Some(keys) = &raw.keys {
            keymap.apply(keys, &file, src)?;
        }
        Ok(Config {
            path: path.to_path_buf(),
            lang,
            zone,
            staff: raw.staff.filter(|s| !s.trim().is_empty()),
            require_pin: raw.require_pin.unwrap_or(false),
            welcome_greeting: raw
                .welcome_greeting
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty()),
            legacy,
            keymap,
        })
    }

    /// The shop settings of this file to take over into a database without them: the
    /// file's `timezone`, else the zone this machine has used so far (its system zone,
    /// when it has an IANA name), and the file's labour rate and comeback window.
    pub fn takeover(&self) -> Legacy {
        let mut l = self.legacy.clone();
        if l.time_zone.is_none() {
            l.time_zone = system_zone();
        }
        l
    }

    /// The keys of this file that are shop settings now (ignored but for the takeover).
    pub fn moved_keys(&self) -> Vec<&'static str> {
        let l = &self.legacy;
        [
            (l.time_zone.is_some(), "timezone"),
            (l.labour_rate_cents.is_some(), "labour_rate"),
            (l.comeback_days.is_some(), "comeback_days"),
        ]
        .into_iter()
        .filter_map(|(set, k)| set.then_some(k))
        .collect()
    }

    /// Remembers the staff member at this counter in the config file, keeping the rest
    /// of the file (comments included) as it is.
    pub fn remember_staff(path: &Path, code: &str) -> Result<(), String> {
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let mut doc: toml_edit::DocumentMut = src
            .parse()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        doc["staff"] = toml_edit::value(code);
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::paths::create_private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        // Write beside, then rename: a crash never leaves half a config file.
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, doc.to_string()).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The system's zone by IANA name: `TZ` when it names one, else the target of
/// /etc/localtime (`…/zoneinfo/Europe/Berlin`).
fn system_zone() -> Option<chrono_tz::Tz> {
    if let Ok(tz) = std::env::var("TZ")
        && let Ok(z) = tz.trim_start_matches(':').parse()
    {
        return Some(z);
    }
    let target = std::fs::read_link("/etc/localtime").ok()?;
    let s = target.to_string_lossy();
    let (_, name) = s.split_once("zoneinfo/")?;
    name.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_all_defaults() {
        let c = Config::parse("", Path::new("c.toml")).unwrap();
        assert_eq!(c.lang, None);
        assert_eq!(c.zone, Zone::System);
        assert_eq!(c.keymap, Keymap::defaults().unwrap());
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Config::parse(
            "lang = \"en\"\n\ncolour = \"red\"\n",
            Path::new("/x/c.toml"),
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.to_string().starts_with("/x/c.toml:3:"), "{e}");
        let e = Config::parse("lang = \"fr\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, 1);
        let e = Config::parse(
            "timezone = \"Asia/Shanghai\"\n[keys.list]\n\"q\" = \"teleport\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("teleport"));
        let e = Config::parse("timezone = \"Moon/Base\"\n", Path::new("c.toml")).unwrap_err();
        assert!(e.message.contains("Moon/Base"));
        let e = Config::parse("\nlabour_rate = \"lots\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, 2);
        let e = Config::parse("comeback_days = 0\n", Path::new("c.toml")).unwrap_err();
        assert!(e.message.contains("comeback_days"));
        let c = Config::parse(
            "labour_rate = \"¥280.50\"\ncomeback_days = 45\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(
            c.legacy,
            Legacy {
                time_zone: None,
                labour_rate_cents: Some(28_050),
                comeback_days: Some(45)
            }
        );
        assert!(!c.require_pin);
        let c = Config::parse(
            "require_pin = true
",
            Path::new("c.toml"),
        )
        .unwrap();
        assert!(c.require_pin);
    }

    #[test]
    fn remembering_staff_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/config.toml");
        Config::remember_staff(&p, "A01").unwrap();
        std::fs::write(&p, "# my counter\nlang = \"zh-CN\"\nstaff = \"A01\"\n").unwrap();
        Config::remember_staff(&p, "A02").unwrap();
        let s = std::fs::read_to_string(&p).unwrap();
        assert!(
            s.contains("# my counter") && s.contains("lang = \"zh-CN\""),
            "{s}"
        );
        let c = Config::load(&p).unwrap();
        assert_eq!(c.staff.as_deref(), Some("A02"));
        assert_eq!(c.lang, Some(Lang::ZhCn));
    }
}
