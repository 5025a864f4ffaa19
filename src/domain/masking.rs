//! What the lounge welcome board (预约欢迎看板) may show: never a full name, phone number
//! or full plate.

use super::plate::Plate;
use super::text::{is_cjk_ideograph, nfc};

/// Two-character Chinese surnames, kept whole.
const COMPOUND_SURNAMES: [&str; 15] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Salutation {
    Mr,
    Ms,
}

fn salutation(s: Option<&str>) -> Option<Salutation> {
    let s = s?.trim().trim_end_matches('.').to_ascii_lowercase();
    match s.as_str() {
        "mr" => Some(Salutation::Mr),
        "ms" | "mrs" | "miss" => Some(Salutation::Ms),
        _ => None,
    }
}

/// The greeting name for the welcome board: `"王先生"`, `"欧阳女士"`, `"王**"` (Chinese
/// names: surname + 先生/女士, or `**` when the salutation is unknown); `"Ms. Chen"`,
/// `"Mr. Chen"`, `"Chen"` for Latin-script names in English, `"Chen 女士"` in Chinese.
/// The full name never appears.
pub fn welcome_name(full_name: &str, salutation_code: Option<&str>, lang_is_zh: bool) -> String {
    let name = nfc(full_name);
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let sal = salutation(salutation_code);
    let mut candidates = Vec::new();
    if compact.starts_with(is_cjk_ideograph) {
        let surname: String = match COMPOUND_SURNAMES.iter().find(|s| compact.starts_with(**s)) {
            Some(s) => (*s).to_string(),
            None => compact.chars().take(1).collect(),
        };
        if let Some(sal) = sal {
            let title = if sal == Salutation::Mr {
                "先生"
            } else {
                "女士"
            };
            candidates.push(format!("{surname}{title}"));
        }
        candidates.push(format!("{surname}**"));
    } else if !compact.is_empty() {
        let family = latin_family_name(&name);
        let words = name.split_whitespace().filter(|w| *w != ",").count();
        // A one-word name would be shown whole: use its initial instead.
        let shown = if words > 1 || name.contains(',') {
            family.to_string()
        } else {
            format!("{}.", family.chars().next().unwrap_or('*'))
        };
        match (sal, lang_is_zh) {
            (Some(Salutation::Mr), false) => candidates.push(format!("Mr. {shown}")),
            (Some(Salutation::Ms), false) => candidates.push(format!("Ms. {shown}")),
            (Some(Salutation::Mr), true) => candidates.push(format!("{shown} 先生")),
            (Some(Salutation::Ms), true) => candidates.push(format!("{shown} 女士")),
            (None, _) => candidates.push(shown),
        }
        candidates.push(format!("{}**", family.chars().next().unwrap_or('*')));
    }
    candidates.push(if lang_is_zh {
        "贵宾".to_string()
    } else {
        "Guest".to_string()
    });
    let trimmed = name.trim();
    candidates
        .into_iter()
        .find(|c| trimmed.is_empty() || (!c.contains(trimmed) && !c.contains(compact.as_str())))
        .unwrap_or_else(|| "***".to_string())
}

/// The family name of a Latin-script name: the part before a comma (`"Chen, Emily"`),
/// else the last word (`"Emily Chen"`).
fn latin_family_name(name: &str) -> &str {
    let family = match name.split_once(',') {
        Some((before, _)) if !before.trim().is_empty() => before.trim(),
        _ => name.split_whitespace().rfind(|w| *w != ",").unwrap_or(""),
    };
    family.trim_matches(',')
}

/// The plate for the welcome board: `"粤B·***45"` for a standard plate (province and
/// authority letter, the last two characters); else the first character, `***` and the
/// last two. Short plates show fewer characters so the whole plate never appears.
pub fn welcome_plate(plate: &Plate) -> String {
    let chars: Vec<char> = plate.as_str().chars().collect();
    let n = chars.len();
    if plate.conforms() {
        let head: String = chars[..2].iter().collect();
        let tail: String = chars[n - 2..].iter().collect();
        return format!("{head}\u{B7}***{tail}");
    }
    let tail_len = match n {
        0 | 1 => return "***".to_string(),
        2 | 3 => 0,
        4 => 1,
        _ => 2,
    };
    let tail: String = chars[n - tail_len..].iter().collect();
    format!("{}***{tail}", chars[0])
}

/// Where a car stands, in the words the lounge shows a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerStage {
    Received,
    InRepair,
    QualityCheck,
    Washing,
    Ready,
}

impl CustomerStage {
    pub const ALL: [CustomerStage; 5] = [
        CustomerStage::Received,
        CustomerStage::InRepair,
        CustomerStage::QualityCheck,
        CustomerStage::Washing,
        CustomerStage::Ready,
    ];

    /// The catalog key of its words.
    pub fn label_key(self) -> &'static str {
        match self {
            CustomerStage::Received => "welcome.stage.received",
            CustomerStage::InRepair => "welcome.stage.in_repair",
            CustomerStage::QualityCheck => "welcome.stage.quality_check",
            CustomerStage::Washing => "welcome.stage.washing",
            CustomerStage::Ready => "welcome.stage.ready",
        }
    }
}

/// An open order's state as the customer's stage: written → received; dispatched, in
/// repair, waiting for parts or for an approval → in repair (the workshop's reasons are
/// the advisor's to explain); quality check; wash → washing (or ready when no wash was
/// asked for: it only waits for its parking spot); ready. `None` for a closed order.
pub fn customer_stage(
    state: super::kinds::RepairOrderState,
    wash_wanted: bool,
) -> Option<CustomerStage> {
    use super::kinds::RepairOrderState as S;
    Some(match state {
        S::Written => CustomerStage::Received,
        S::Dispatched | S::InRepair | S::WaitingParts | S::WaitingApproval => {
            CustomerStage::InRepair
        }
        S::QualityCheck => CustomerStage::QualityCheck,
        S::Wash if wash_wanted => CustomerStage::Washing,
        S::Wash | S::Ready => CustomerStage::Ready,
        S::Delivered | S::Cancelled => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names() {
        assert_eq!(welcome_name("王小明", Some("mr"), true), "王先生");
        assert_eq!(welcome_name("王小明", Some("mr"), false), "王先生");
        assert_eq!(welcome_name("李娜", Some("ms"), true), "李女士");
        assert_eq!(welcome_name("李娜", Some("Ms."), true), "李女士");
        assert_eq!(welcome_name("王小明", None, true), "王**");
        assert_eq!(welcome_name("王小明", Some("dr"), true), "王**");
        assert_eq!(welcome_name("欧阳娜娜", Some("ms"), true), "欧阳女士");
        assert_eq!(welcome_name("司马光", Some("mr"), true), "司马先生");
        assert_eq!(welcome_name("诸葛亮", None, true), "诸葛**");
        assert_eq!(welcome_name(" 王 小明 ", Some("mr"), true), "王先生");
        // "王先" + 先生 would contain the full name: fall back to the masked form.
        assert_eq!(welcome_name("王先", Some("mr"), true), "王**");
    }

    #[test]
    fn latin_names() {
        assert_eq!(welcome_name("Emily Chen", Some("ms"), false), "Ms. Chen");
        assert_eq!(welcome_name("John Smith", Some("mr"), false), "Mr. Smith");
        assert_eq!(welcome_name("Emily Chen", None, false), "Chen");
        assert_eq!(welcome_name("Emily Chen", Some("ms"), true), "Chen 女士");
        assert_eq!(welcome_name("Chen, Emily", Some("ms"), false), "Ms. Chen");
        assert_eq!(
            welcome_name("Anne Marie van Dyke", Some("mrs"), false),
            "Ms. Dyke"
        );
        assert_eq!(welcome_name("Madonna", None, false), "M.");
        assert_eq!(welcome_name("Madonna", Some("ms"), false), "Ms. M.");
    }

    #[test]
    fn empty_names() {
        assert_eq!(welcome_name("", Some("mr"), true), "贵宾");
        assert_eq!(welcome_name("   ", None, false), "Guest");
    }

    #[test]
    fn names_never_appear_whole() {
        let names = [
            "王小明",
            "李娜",
            "欧阳娜娜",
            "王先",
            "Emily Chen",
            "Chen, Emily",
            "Madonna",
            "A B",
        ];
        for name in names {
            for sal in [None, Some("mr"), Some("ms"), Some("x")] {
                for zh in [true, false] {
                    let shown = welcome_name(name, sal, zh);
                    assert!(!shown.contains(name), "{name:?} {sal:?} {zh} → {shown:?}");
                    assert!(!shown.is_empty());
                }
            }
        }
    }

    #[test]
    fn plates() {
        let p = |s: &str| Plate::parse(s).unwrap();
        assert_eq!(welcome_plate(&p("粤B12345")), "粤B·***45");
        assert_eq!(welcome_plate(&p("粤B12323")), "粤B·***23");
        assert_eq!(welcome_plate(&p("京AD12345")), "京A·***45");
        assert_eq!(welcome_plate(&p("WJ123456")), "W***56");
        assert_eq!(welcome_plate(&p("ABCD")), "A***D");
        assert_eq!(welcome_plate(&p("ABC")), "A***");
        assert_eq!(welcome_plate(&p("AB")), "A***");
        assert_eq!(welcome_plate(&p("A")), "***");
        for s in [
            "粤B12345",
            "京AD12345",
            "WJ123456",
            "ABCDE",
            "ABCD",
            "ABC",
            "AB",
            "A",
            "粤B1234学",
        ] {
            let plate = p(s);
            let shown = welcome_plate(&plate);
            assert!(!shown.contains(plate.as_str()), "{s} → {shown}");
            assert!(!shown.contains(&plate.display()), "{s} → {shown}");
            assert!(!shown.contains(plate.without_province()), "{s} → {shown}");
        }
    }

    #[test]
    fn every_state_has_the_customers_words_or_none_when_closed() {
        use crate::domain::kinds::RepairOrderState as S;
        let table = [
            (S::Written, true, Some(CustomerStage::Received)),
            (S::Dispatched, true, Some(CustomerStage::InRepair)),
            (S::InRepair, true, Some(CustomerStage::InRepair)),
            (S::WaitingParts, true, Some(CustomerStage::InRepair)),
            (S::WaitingApproval, true, Some(CustomerStage::InRepair)),
            (S::QualityCheck, true, Some(CustomerStage::QualityCheck)),
            (S::Wash, true, Some(CustomerStage::Washing)),
            (S::Wash, false, Some(CustomerStage::Ready)),
            (S::Ready, true, Some(CustomerStage::Ready)),
            (S::Delivered, true, None),
            (S::Cancelled, false, None),
        ];
        for (state, wash, want) in table {
            assert_eq!(customer_stage(state, wash), want, "{state:?} wash {wash}");
        }
        assert_eq!(S::ALL.len(), 10, "a new state needs its words here");
    }
}
