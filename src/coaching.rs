//! The response coaching beside the complaint intake: for each nature of a complaint,
//! how to recognise it, how to respond, what to do and what never to say, in both
//! languages, with what applies to every complaint. The built-in text is
//! `assets/coaching.toml`; a shop's own version (same shape) is kept in its database
//! and replaces it whole.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::kinds::ComplaintNature;
use crate::i18n::Lang;

/// The built-in coaching.
pub const BUILT_IN: &str = include_str!("../assets/coaching.toml");

/// One text in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Both<T> {
    #[serde(rename = "zh-CN")]
    pub zh: T,
    pub en: T,
}

impl<T> Both<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// What applies to every complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct General {
    #[serde(rename = "do")]
    pub dos: Both<Vec<String>>,
    pub never: Both<Vec<String>>,
}

/// The coaching for one nature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    pub recognise: Both<String>,
    pub respond: Both<String>,
    #[serde(rename = "do")]
    pub dos: Both<Vec<String>>,
    pub never: Both<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coaching {
    pub general: General,
    /// By the nature's stored name.
    pub natures: BTreeMap<String, Advice>,
}

/// Why a coaching file is refused, in English (the command line shows it).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CoachingError {
    #[error("the coaching file is not valid TOML of the expected shape: {0}")]
    Shape(String),
    #[error("the coaching file has no section [{0}]")]
    Missing(&'static str),
    #[error("the coaching file names [{0}], which is not a nature of complaints")]
    Unknown(String),
    #[error("[{0}] leaves a text empty in one of the languages")]
    Empty(String),
}

#[derive(Deserialize)]
struct File {
    general: General,
    #[serde(flatten)]
    natures: BTreeMap<String, Advice>,
}

impl Coaching {
    /// Parses and checks a coaching file: every nature and [general], every text in
    /// both languages, nothing else.
    pub fn parse(text: &str) -> Result<Coaching, CoachingError> {
        let f: File = toml::from_str(text).map_err(|e| CoachingError::Shape(e.to_string()))?;
        if let Some(k) = f
            .natures
            .keys()
            .find(|k| k.parse::<ComplaintNature>().is_err())
        {
            return Err(CoachingError::Unknown(k.clone()));
        }
        for n in ComplaintNature::ALL {
            let Some(a) = f.natures.get(n.as_str()) else {
                return Err(CoachingError::Missing(n.as_str()));
            };
            let blank = |s: &String| s.trim().is_empty();
            let texts = [
                &a.recognise.zh,
                &a.recognise.en,
                &a.respond.zh,
                &a.respond.en,
            ];
            let lists = [&a.dos.zh, &a.dos.en, &a.never.zh, &a.never.en];
            if texts.iter().any(|s| blank(s))
                || lists.iter().any(|l| l.is_empty() || l.iter().any(blank))
            {
                return Err(CoachingError::Empty(n.as_str().to_string()));
            }
        }
        let g = &f.general;
        if [&g.dos.zh, &g.dos.en, &g.never.zh, &g.never.en]
            .iter()
            .any(|l| l.is_empty() || l.iter().any(|s| s.trim().is_empty()))
        {
            return Err(CoachingError::Empty("general".into()));
        }
        Ok(Coaching {
            general: f.general,
            natures: f.natures,
        })
    }

    /// The built-in coaching (checked by a test).
    pub fn built_in() -> Coaching {
        Coaching::parse(BUILT_IN).unwrap_or_else(|_| Coaching {
            general: General::default(),
            natures: BTreeMap::new(),
        })
    }

    pub fn advice(&self, n: ComplaintNature) -> Option<&Advice> {
        self.natures.get(n.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_coaching_covers_every_nature_in_both_languages() {
        let c = Coaching::parse(BUILT_IN).unwrap();
        for n in ComplaintNature::ALL {
            let a = c.advice(*n).unwrap();
            assert!(!a.never.get(Lang::En).is_empty());
            assert!(!a.respond.get(Lang::ZhCn).is_empty());
        }
        assert!(c.general.never.en.iter().any(|s| s.contains("argue")));
    }

    #[test]
    fn a_broken_file_is_refused_with_what_is_wrong() {
        let cut = BUILT_IN.replace("[vent]", "[venting]");
        assert_eq!(
            Coaching::parse(&cut),
            Err(CoachingError::Unknown("venting".into()))
        );
        let empty = BUILT_IN.replace(
            "respond.en = \"Mostly listen, until the customer is calm\"",
            "respond.en = \"  \"",
        );
        assert_eq!(
            Coaching::parse(&empty),
            Err(CoachingError::Empty("vent".into()))
        );
        assert!(matches!(
            Coaching::parse("general = 3"),
            Err(CoachingError::Shape(_))
        ));
    }
}
