//! How names are made from `name_data`: Chinese numerals, name templates and made-up
//! place names.

use super::rng::Rng;

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

/// The syllables place names are made of: one of `first`, then one or more of `second`.
pub(super) struct Syllables {
    pub(super) first: &'static [&'static str],
    pub(super) second: &'static [&'static str],
}

/// Made-up place names, one draw after another, never the same name twice however many
/// are drawn. Uniqueness is structural: the first |first|·|second| names have two
/// syllables, the next |first|·|second|² three, and so on; a name's length says which
/// block it is from, and inside a block of `size` names the k-th draw is the
/// mixed-radix decoding of (offset + k·step) mod size with `step` coprime to `size`, a
/// bijection on 0..size. Two-syllable names come first, in the order of the original
/// walk (step 977 over 1,600), so the scenarios made before names grew a third syllable
/// keep theirs.
pub(super) struct PlaceNames {
    syllables: &'static Syllables,
    /// Syllables of the names of the current block.
    length: u32,
    /// Names drawn from the current block.
    drawn: usize,
    offset: usize,
}

impl PlaceNames {
    pub(super) fn new(syllables: &'static Syllables, rng: &mut Rng) -> PlaceNames {
        PlaceNames {
            syllables,
            length: 2,
            drawn: 0,
            offset: rng.below(1 << 20) as usize,
        }
    }

    fn block_size(&self) -> usize {
        let (f, s) = (self.syllables.first.len(), self.syllables.second.len());
        f.saturating_mul(s.saturating_pow(self.length - 1))
    }

    pub(super) fn next(&mut self) -> String {
        let mut size = self.block_size();
        if self.drawn == size {
            self.length += 1;
            self.drawn = 0;
            size = self.block_size();
        }
        let k = ((self.offset as u128 + self.drawn as u128 * coprime_step(size) as u128) % size as u128) as usize;
        self.drawn += 1;
        // Digits of k: the last syllables are the low digits in base |second|.
        let second = self.syllables.second;
        let mut rest = k;
        let mut tail = Vec::with_capacity(self.length as usize - 1);
        for _ in 1..self.length {
            tail.push(second[rest % second.len()]);
            rest /= second.len();
        }
        let mut name = self.syllables.first[rest].to_string();
        for s in tail.iter().rev() {
            name.push_str(s);
        }
        name
    }
}

/// The walk's step through a block of `size` names: 977 (prime, coprime to the 1,600
/// two-syllable names of the catalog and to every power of 40), or the next number
/// coprime to `size` when a table makes 977 share a factor with it.
fn coprime_step(size: usize) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    (977..).find(|&s| gcd(s, size) == 1).expect("some number is coprime to size")
}
