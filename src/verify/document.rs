//! The document's own identity (DESIGN §7): its format, and the digests of the input
//! and the model it was made from, against the scenario and model it is checked on.

use super::{Found, Violation};
use crate::domain::{PlansDoc, Scenario, PLANS_FORMAT};
use crate::policy::Policy;
use crate::rules::Rule;

/// The format, scenario digest and model digest of `doc` (rank 0).
pub(super) fn check_identity(scenario: &Scenario, policy: &Policy, doc: &PlansDoc) -> Vec<Violation> {
    let mut found = Found::default();
    if doc.format != PLANS_FORMAT {
        found.flag(Rule::DocumentFormat, format!("format is {:?}, expected {:?}", doc.format, PLANS_FORMAT));
    }
    if doc.scenario.input_digest != scenario.digest {
        found.flag(
            Rule::DocumentScenario,
            format!(
                "plans were made for input {} but the scenario is {}",
                doc.scenario.input_digest, scenario.digest
            ),
        );
    }
    if doc.model.digest != policy.digest {
        found.flag(
            Rule::DocumentModel,
            format!(
                "plans were made with model {} ({}) but the model is {} ({})",
                doc.model.name, doc.model.digest, policy.name, policy.digest
            ),
        );
    }
    found.0
}

#[cfg(test)]
mod tests {
    use crate::domain::{ModelRef, PlansDoc, ScenarioRef, SolverRef};
    use crate::verify::fixture::*;
    use crate::verify::verify_doc;

    #[test]
    fn document_identity_is_checked() {
        let (s, p) = (scenario(), policy());
        let doc = PlansDoc {
            format: "bianzhi.plans/0".into(),
            scenario: ScenarioRef { name: s.name.clone(), input_digest: "sha256:other".into() },
            model: ModelRef { name: p.name.clone(), digest: "sha256:other".into() },
            solver: SolverRef { name: "highs".into(), status: "optimal".into(), seconds: 0.1, gap: 0.0 },
            plans: vec![plan_for(valid_moves())],
            diverse: None,
            decisions: Default::default(),
            ranges: None,
            years: None,
        };
        let violations = verify_doc(&s, &p, &doc);
        assert_eq!(rules_of(&violations), vec!["document.format", "document.scenario", "document.model"]);
        assert_eq!(violations[0].rank, 0);
    }
}
