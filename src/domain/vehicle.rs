//! Makes and models: a small built-in catalog of the cars most often seen at Chinese
//! service centers (zh and en names), to complete what the advisor types and to split
//! "大众 帕萨特" into make 大众 and model 帕萨特.

/// A make with its models; each name as (zh, en).
pub struct Make {
    pub zh: &'static str,
    pub en: &'static str,
    pub models: &'static [(&'static str, &'static str)],
}

/// The catalog.
pub const CATALOG: &[Make] = &[
    Make {
        zh: "大众",
        en: "Volkswagen",
        models: &[
            ("帕萨特", "Passat"),
            ("迈腾", "Magotan"),
            ("朗逸", "Lavida"),
            ("速腾", "Sagitar"),
            ("宝来", "Bora"),
            ("途观", "Tiguan"),
            ("探岳", "Tayron"),
            ("ID.4", "ID.4"),
        ],
    },
    Make {
        zh: "丰田",
        en: "Toyota",
        models: &[
            ("卡罗拉", "Corolla"),
            ("凯美瑞", "Camry"),
            ("雷凌", "Levin"),
            ("RAV4荣放", "RAV4"),
            ("汉兰达", "Highlander"),
            ("亚洲龙", "Avalon"),
        ],
    },
    Make {
        zh: "本田",
        en: "Honda",
        models: &[
            ("雅阁", "Accord"),
            ("思域", "Civic"),
            ("CR-V", "CR-V"),
            ("飞度", "Fit"),
            ("缤智", "Vezel"),
        ],
    },
    Make {
        zh: "日产",
        en: "Nissan",
        models: &[
            ("轩逸", "Sylphy"),
            ("天籁", "Teana"),
            ("奇骏", "X-Trail"),
            ("逍客", "Qashqai"),
        ],
    },
    Make {
        zh: "别克",
        en: "Buick",
        models: &[
            ("英朗", "Excelle"),
            ("君威", "Regal"),
            ("君越", "LaCrosse"),
            ("GL8", "GL8"),
            ("昂科威", "Envision"),
        ],
    },
    Make {
        zh: "比亚迪",
        en: "BYD",
        models: &[
            ("秦", "Qin"),
            ("宋", "Song"),
            ("汉", "Han"),
            ("唐", "Tang"),
            ("元", "Yuan"),
            ("海豚", "Dolphin"),
            ("海豹", "Seal"),
        ],
    },
    Make {
        zh: "吉利",
        en: "Geely",
        models: &[
            ("帝豪", "Emgrand"),
            ("博越", "Boyue"),
            ("星越", "Xingyue"),
            ("缤越", "Binyue"),
        ],
    },
    Make {
        zh: "长安",
        en: "Changan",
        models: &[
            ("CS75", "CS75"),
            ("CS55", "CS55"),
            ("逸动", "Eado"),
            ("UNI-K", "UNI-K"),
        ],
    },
    Make {
        zh: "哈弗",
        en: "Haval",
        models: &[("H6", "H6"), ("大狗", "Dargo"), ("H9", "H9")],
    },
    Make {
        zh: "奔驰",
        en: "Mercedes-Benz",
        models: &[
            ("C级", "C-Class"),
            ("E级", "E-Class"),
            ("GLC", "GLC"),
            ("GLE", "GLE"),
        ],
    },
    Make {
        zh: "宝马",
        en: "BMW",
        models: &[
            ("3系", "3 Series"),
            ("5系", "5 Series"),
            ("X1", "X1"),
            ("X3", "X3"),
            ("X5", "X5"),
        ],
    },
    Make {
        zh: "奥迪",
        en: "Audi",
        models: &[("A4L", "A4L"), ("A6L", "A6L"), ("Q3", "Q3"), ("Q5L", "Q5L")],
    },
    Make {
        zh: "特斯拉",
        en: "Tesla",
        models: &[("Model 3", "Model 3"), ("Model Y", "Model Y")],
    },
    Make {
        zh: "现代",
        en: "Hyundai",
        models: &[
            ("伊兰特", "Elantra"),
            ("途胜", "Tucson"),
            ("索纳塔", "Sonata"),
        ],
    },
    Make {
        zh: "起亚",
        en: "Kia",
        models: &[("K3", "K3"), ("K5", "K5"), ("智跑", "Sportage")],
    },
    Make {
        zh: "福特",
        en: "Ford",
        models: &[("福克斯", "Focus"), ("蒙迪欧", "Mondeo"), ("锐界", "Edge")],
    },
    Make {
        zh: "雪佛兰",
        en: "Chevrolet",
        models: &[
            ("科鲁兹", "Cruze"),
            ("迈锐宝", "Malibu"),
            ("探界者", "Equinox"),
        ],
    },
    Make {
        zh: "马自达",
        en: "Mazda",
        models: &[
            ("昂克赛拉", "Axela"),
            ("阿特兹", "Atenza"),
            ("CX-5", "CX-5"),
        ],
    },
    Make {
        zh: "五菱",
        en: "Wuling",
        models: &[("宏光", "Hongguang"), ("宏光MINI EV", "Hongguang Mini EV")],
    },
    Make {
        zh: "长城",
        en: "Great Wall",
        models: &[("炮", "Poer")],
    },
    Make {
        zh: "蔚来",
        en: "NIO",
        models: &[("ES6", "ES6"), ("ET5", "ET5"), ("ES8", "ES8")],
    },
    Make {
        zh: "理想",
        en: "Li Auto",
        models: &[("L7", "L7"), ("L8", "L8"), ("L9", "L9")],
    },
    Make {
        zh: "小鹏",
        en: "XPeng",
        models: &[("P7", "P7"), ("G6", "G6"), ("G9", "G9")],
    },
];

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn starts(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The make a name stands for (zh or en, any case).
pub fn make_named(name: &str) -> Option<&'static Make> {
    CATALOG.iter().find(|m| eq(m.zh, name) || eq(m.en, name))
}

/// Make and model as typed: "大众 帕萨特" → (大众, 帕萨特); "Volkswagen Passat" → (Volkswagen,
/// Passat); a model alone that the catalog knows ("帕萨特") gets its make. `None` when the
/// text does not name both (the advisor is asked for the make and the model).
pub fn split(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // A known make written first, with or without a space after it.
    for m in CATALOG {
        for name in [m.zh, m.en] {
            if starts(text, name) {
                let rest = text[name.len()..].trim();
                if !rest.is_empty() {
                    return Some((name.to_string(), rest.to_string()));
                }
            }
        }
    }
    // A known model alone.
    for m in CATALOG {
        for (zh, en) in m.models {
            if eq(text, zh) {
                return Some((m.zh.to_string(), zh.to_string()));
            }
            if eq(text, en) {
                return Some((m.en.to_string(), en.to_string()));
            }
        }
    }
    // Anything else: make, a space, model.
    let (make, model) = text.split_once(char::is_whitespace)?;
    let model = model.trim();
    (!model.is_empty()).then(|| (make.to_string(), model.to_string()))
}

/// The catalog entry that completes what was typed ("大众 帕" → "大众 帕萨特", "帕萨" →
/// "大众 帕萨特", "volks" → "Volkswagen"), in the script the advisor is typing; `None`
/// when nothing matches or the text is already complete.
pub fn complete(text: &str) -> Option<String> {
    let t = text.trim_start();
    if t.is_empty() {
        return None;
    }
    let mut out = None;
    'search: for m in CATALOG {
        for (i, name) in [m.zh, m.en].into_iter().enumerate() {
            if starts(t, name) {
                let rest = t[name.len()..].trim_start();
                for model in m.models {
                    let model_name = if i == 0 { model.0 } else { model.1 };
                    if starts(model_name, rest) {
                        out = Some(format!("{name} {model_name}"));
                        break 'search;
                    }
                }
            } else if starts(name, t) {
                out = Some(name.to_string());
                break 'search;
            }
        }
        for (zh, en) in m.models {
            if starts(zh, t) {
                out = Some(format!("{} {zh}", m.zh));
                break 'search;
            }
            if t.is_ascii() && t.len() >= 2 && starts(en, t) {
                out = Some(format!("{} {en}", m.en));
                break 'search;
            }
        }
    }
    out.filter(|c| c.trim() != t.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_and_model_are_split_as_typed() {
        assert_eq!(split("大众 帕萨特"), Some(("大众".into(), "帕萨特".into())));
        assert_eq!(split("大众帕萨特"), Some(("大众".into(), "帕萨特".into())));
        assert_eq!(
            split("volkswagen passat"),
            Some(("Volkswagen".into(), "passat".into()))
        );
        assert_eq!(split("帕萨特"), Some(("大众".into(), "帕萨特".into())));
        assert_eq!(split("Camry"), Some(("Toyota".into(), "Camry".into())));
        assert_eq!(split("红旗 H5"), Some(("红旗".into(), "H5".into())));
        assert_eq!(split("大众"), None, "a make alone is not enough");
        assert_eq!(split("  "), None);
    }

    #[test]
    fn typing_is_completed_from_the_catalog() {
        assert_eq!(complete("大众 帕"), Some("大众 帕萨特".into()));
        assert_eq!(complete("帕萨"), Some("大众 帕萨特".into()));
        assert_eq!(complete("Volks"), Some("Volkswagen".into()));
        assert_eq!(complete("Volkswagen Pa"), Some("Volkswagen Passat".into()));
        assert_eq!(complete("大众 帕萨特"), None, "already complete");
        assert_eq!(complete("zzz"), None);
        assert_eq!(complete(""), None);
    }
}
