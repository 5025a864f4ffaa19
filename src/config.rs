//! The config file (TOML): language, time zone, the staff member remembered at this
//! counter, and key overrides. Every error names the file and the line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::keymap::{Keymap, KeymapError, RawKeys, line_of};
use crate::clock::Zone;
use crate::i18n::Lang;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    lang: Option<toml::Spanned<String>>,
    timezone: Option<toml::Spanned<String>>,
    staff: Option<String>,
    /// Default labour rate per hour in yuan, e.g. "300.00".
    labour_rate: Option<toml::Spanned<String>>,
    /// Days after a delivery within which the same vehicle back is a comeback.
    comeback_days: Option<toml::Spanned<i64>>,
    keys: Option<RawKeys>,
}

/// Shop settings the console uses when it proposes values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub labour_rate_cents: i64,
    pub comeback_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            labour_rate_cents: 30_000,
            comeback_days: crate::domain::repair_order::DEFAULT_COMEBACK_DAYS,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub lang: Option<Lang>,
    pub zone: Zone,
    /// Staff code remembered for this counter.
    pub staff: Option<String>,
    pub settings: Settings,
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
        let mut settings = Settings::default();
        if let Some(r) = &raw.labour_rate {
            settings.labour_rate_cents = crate::domain::money::Cents::parse_yuan(r.get_ref())
                .map_err(|e| {
                    err(
                        r.span().start,
                        format!("labour_rate {:?}: {e}", r.get_ref()),
                    )
                })?
                .0;
        }
        if let Some(d) = &raw.comeback_days {
            if !(1..=365).contains(d.get_ref()) {
                return Err(err(
                    d.span().start,
                    "comeback_days must be between 1 and 365".into(),
                ));
            }
            settings.comeback_days = *d.get_ref();
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
            settings,
            keymap,
        })
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
            c.settings,
            Settings {
                labour_rate_cents: 28_050,
                comeback_days: 45
            }
        );
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
