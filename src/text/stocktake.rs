//! The stock-take's notes on a unit (`analyze::UnitFact`) as a sentence: its lines over
//! quota, its quota (a shrinking or vanished unit), its leaders against its quota
//! (官多兵少). `analyze` keeps the facts; the terminal and `analyze --format json`
//! print these words, in Chinese as they always have.

use super::Lang;
use crate::analyze::UnitFact;
use crate::policy::Policy;

/// What a note says about its unit, in `lang`.
pub fn unit_note(p: &Policy, fact: &UnitFact, lang: Lang) -> String {
    match (fact, lang) {
        (UnitFact::Overstaffed(lines), Lang::Zh) => {
            lines.iter().map(|(ty, excess)| format!("{} 超编{excess}名", p.type_label(ty))).collect::<Vec<_>>().join("；")
        }
        (UnitFact::Overstaffed(lines), Lang::En) => {
            lines.iter().map(|(ty, excess)| format!("{excess} over its {ty} quota")).collect::<Vec<_>>().join("; ")
        }
        (UnitFact::Quota(quota), Lang::Zh) => format!("编制{quota}名"),
        (UnitFact::Quota(quota), Lang::En) => format!("quota {quota}"),
        (UnitFact::Leaders { leaders, quota }, Lang::Zh) => format!("实配领导{leaders}名，编制{quota}名"),
        (UnitFact::Leaders { leaders, quota }, Lang::En) => format!("{leaders} leaders in post, quota {quota}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::short_and_overstaffed;

    #[test]
    fn a_note_reads_its_facts_in_either_language() {
        let (_, p) = short_and_overstaffed();
        let over = UnitFact::Overstaffed(vec![("institution".into(), 2)]);
        assert_eq!(unit_note(&p, &over, Lang::Zh), "事业编制 超编2名");
        assert_eq!(unit_note(&p, &over, Lang::En), "2 over its institution quota");
        assert_eq!(unit_note(&p, &UnitFact::Leaders { leaders: 4, quota: 6 }, Lang::Zh), "实配领导4名，编制6名");
        assert_eq!(unit_note(&p, &UnitFact::Quota(3), Lang::Zh), "编制3名");
    }
}
