//! Names: Chinese numerals, name templates and made-up place names.

use super::*;

/// Chinese numeral for 1 ≤ n < 10,000 as used in unit names (第十二中学).
pub(super) fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return DIGITS[0].to_string();
    }
    if (10..20).contains(&n) {
        return if n == 10 {
            "十".to_string()
        } else {
            format!("十{}", DIGITS[n - 10])
        };
    }
    let units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut out = String::new();
    let mut pending_zero = false;
    let mut started = false;
    for (value, name) in units {
        let d = (n / value) % 10;
        if d == 0 {
            if started {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push_str(DIGITS[0]);
            pending_zero = false;
        }
        out.push_str(DIGITS[d]);
        out.push_str(name);
        started = true;
    }
    out
}

/// Puts the place prefix into a name template (in front unless `{}` says where).
pub(super) fn render(template: &str, prefix: &str) -> String {
    if template.contains("{}") {
        template.replace("{}", prefix)
    } else {
        format!("{prefix}{template}")
    }
}

/// Made-up two-character place names, distinct until the 1,600 combinations run out.
pub(super) struct PlaceNames {
    pub(super) next: usize,
    pub(super) offset: usize,
}

impl PlaceNames {
    pub(super) fn new(rng: &mut Rng) -> PlaceNames {
        PlaceNames {
            next: 0,
            offset: rng.below(1 << 20) as usize,
        }
    }

    pub(super) fn next(&mut self) -> String {
        let combos = PLACE_FIRST.len() * PLACE_SECOND.len();
        loop {
            // 977 is prime and does not divide 1,600, so the walk visits every combination.
            let k = (self.offset + self.next * 977) % combos;
            self.next += 1;
            let (a, b) = (
                PLACE_FIRST[k / PLACE_SECOND.len()],
                PLACE_SECOND[k % PLACE_SECOND.len()],
            );
            if a != b {
                return format!("{a}{b}");
            }
        }
    }
}
