//! The redistribution MIP of DESIGN §6, built with good_lp. One function per
//! constraint family (`define_*`), all called from [`build`] in one place; each states
//! its math. Rows carry stable structured names (`pool-reserve-POOL-MUNI`) so MPS
//! exports, reports and infeasibility explanations can cite them. No solver here.

mod absorb;
mod grant;
mod merge;
mod objective;
mod pool;
mod reclaim;

pub use crate::rules::{name_part, Candidates};

use crate::domain::Scenario;
use crate::policy::Policy;
use crate::rules::Relaxation;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};
use std::collections::BTreeMap;

/// A variable of the model with its column index (= order of creation).
#[derive(Clone, Copy, Debug)]
pub struct Var {
    pub var: Variable,
    pub col: usize,
}

/// reclaim[u,t] ∈ [0, max]: quota reclaimed from line (unit, ty) into `pool`.
#[derive(Clone, Debug)]
pub struct ReclaimVar {
    pub unit: String,
    pub ty: String,
    pub pool: String,
    pub vacancy: i64,
    pub max: i64,
    pub v: Var,
}

/// merge[u,h] ∈ {0,1}: unit merged into host.
#[derive(Clone, Debug)]
pub struct MergeVar {
    pub unit: String,
    pub host: String,
    pub v: Var,
}

/// absorb_out[u,t] ∈ [0, excess] or absorb_in[w,t] ∈ [0, cap], in one hub.
#[derive(Clone, Debug)]
pub struct AbsorbVar {
    pub unit: String,
    pub ty: String,
    pub hub: usize,
    pub max: i64,
    pub v: Var,
}

/// grant[p,r] ∈ [0, amount]: quota granted from pool to request.
#[derive(Clone, Debug)]
pub struct GrantVar {
    pub pool: String,
    pub request: String,
    pub v: Var,
}

/// Where each decision lives in the model; plan extraction reads values through it.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub reclaim: Vec<ReclaimVar>,
    /// donor[u] ∈ {0,1} ⇔ Σ_t reclaim[u,t] > 0.
    pub donor: BTreeMap<String, Var>,
    pub merge: Vec<MergeVar>,
    /// unit → indices into `merge` of its merge variables (as the merged unit).
    pub merges_of: BTreeMap<String, Vec<usize>>,
    pub absorb_out: Vec<AbsorbVar>,
    pub absorb_in: Vec<AbsorbVar>,
    /// absorbs[w,t] ∈ {0,1}, one per `absorb_in` entry (same order): w takes absorbed staff.
    pub absorb_z: Vec<Var>,
    /// Hub key (type, sector, level, region) per hub id.
    pub hubs: Vec<(String, String, String, String)>,
    pub grant: Vec<GrantVar>,
    /// granted[r] ∈ {0,1} ⇔ Σ_p grant[p,r] > 0.
    pub granted: BTreeMap<String, Var>,
    /// Elastic slack per relaxable rule group (only in the elastic model).
    pub slacks: Vec<(Relaxation, Var)>,
}

/// A built model: good_lp variables, objective and named rows, plus the index.
pub struct Mip {
    pub vars: ProblemVariables,
    pub var_names: Vec<String>,
    pub objective: Expression,
    pub rows: Vec<Constraint>,
    pub row_names: Vec<String>,
    pub index: Index,
    /// The elastic model minimises rule slack instead of the policy objective.
    pub elastic: bool,
}

impl Mip {
    fn new(elastic: bool) -> Mip {
        Mip {
            vars: ProblemVariables::new(),
            var_names: Vec::new(),
            objective: Expression::from(0.0),
            rows: Vec::new(),
            row_names: Vec::new(),
            index: Index::default(),
            elastic,
        }
    }

    /// Integer variable in [0, max].
    fn int(&mut self, name: String, max: i64) -> Var {
        let var = self.vars.add(variable().integer().min(0.0).max(max as f64));
        self.push_name(name, var)
    }

    fn binary(&mut self, name: String) -> Var {
        let var = self.vars.add(variable().binary());
        self.push_name(name, var)
    }

    /// Continuous variable in [0, ∞) (elastic slack).
    fn slack(&mut self, name: String) -> Var {
        let var = self.vars.add(variable().min(0.0));
        self.push_name(name, var)
    }

    fn push_name(&mut self, name: String, var: Variable) -> Var {
        let col = self.var_names.len();
        self.var_names.push(name);
        Var { var, col }
    }

    fn row(&mut self, name: String, c: Constraint) {
        self.rows.push(c);
        self.row_names.push(name);
    }

    pub fn n_cols(&self) -> usize {
        self.var_names.len()
    }
}

/// Builds the model. `elastic` adds one named slack per relaxable rule group (pool
/// reserves, forced merges, the merge cap) and minimises their sum: used to explain
/// infeasibility. Conservation and "nobody in post loses a post" are never relaxed:
/// they are built into the variables' meaning, not rows that could carry slack.
pub fn build_model(s: &Scenario, p: &Policy, elastic: bool) -> Mip {
    let c = Candidates::new(s, p);
    let mut m = Mip::new(elastic);
    reclaim::define_reclaim(&mut m, &c);
    merge::define_merges(&mut m, &c);
    grant::define_grants(&mut m, &c);
    absorb::define_absorb(&mut m, &c);
    merge::define_merge_receiving(&mut m, &c);
    pool::define_pool_balance(&mut m, &c);
    if elastic {
        objective::define_elastic_objective(&mut m);
    } else {
        objective::define_objective(&mut m, &c);
    }
    m
}

/// Σ coef·var as an expression.
fn sum<'a>(terms: impl IntoIterator<Item = (f64, &'a Var)>) -> Expression {
    let mut e = Expression::from(0.0);
    for (k, v) in terms {
        e.add_mul(k, v.var);
    }
    e
}

/// merged[u] = Σ_h merge[u,h] (0 when u cannot be merged).
fn merged_expr(m: &Mip, unit: &str) -> Option<Expression> {
    let idx = m.index.merges_of.get(unit)?;
    Some(sum(idx.iter().map(|&i| (1.0, &m.index.merge[i].v))))
}

#[cfg(test)]
pub(crate) mod tests {
    //! Tiny fixtures for the constraint families: one type (`institution`), one level,
    //! units of kind institution. Each family's test lives beside its code.
    use crate::domain::{Function, Line, Pool, Request, Scenario, Sectors, Unit, UnitKind};
    use crate::policy::Policy;
    use crate::solve::{Session, SolveOptions, Status};
    use std::collections::BTreeMap;

    /// (id, parent, sector, function, protected)
    pub type U<'a> = (&'a str, &'a str, &'a str, &'a str, bool);

    /// Two requests of one sector, neither granted in full: R1 (5 asked) gets the 3
    /// POOL-MUNI has above its reserve of 1 while POOL-EDU is empty, and R2's unit U2 is
    /// 2 over quota. Explanations and the report are checked on it.
    pub fn short_and_overstaffed() -> (Scenario, Policy) {
        fixture(
            "[reserve]\nmin_available = { POOL-MUNI = 1 }",
            &[("U1", "P", "教育", "active", false), ("U2", "P", "教育", "active", false)],
            &[("U1", 10, 10), ("U2", 10, 12)],
            &[("POOL-MUNI", 4, "*", 0), ("POOL-EDU", 0, "教育", 0)],
            &[("R1", "U1", 5, "key", 0), ("R2", "U2", 2, "key", 0)],
        )
    }

    /// Builds a scenario and a policy. `sections` are TOML sections appended to a
    /// base with [model], [types] (institution only) and [tiers] key/emergency/
    /// operations; a default `[reclaim] into = { institution = "POOL-MUNI" }` is added
    /// when `sections` has no [reclaim].
    pub fn fixture(
        sections: &str,
        units: &[U],
        lines: &[(&str, i64, i64)],
        pools: &[(&str, i64, &str, i64)],
        requests: &[(&str, &str, i64, &str, i64)],
    ) -> (Scenario, Policy) {
        let mut text = String::from(
            "[model]\nname = \"fixture\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\nemergency = { label = \"保应急\", weight = 60 }\noperations = { label = \"保运转\", weight = 20 }\n",
        );
        text.push_str(sections);
        text.push('\n');
        if !sections.contains("[reclaim]") {
            text.push_str("[reclaim]\ninto = { institution = \"POOL-MUNI\" }\n");
        }
        let policy = Policy::parse(&text, "fixture.toml").expect("fixture policy parses");
        let mut us: Vec<Unit> = units
            .iter()
            .map(|&(id, parent, sector, function, protected)| Unit {
                id: id.into(),
                name: format!("单位{id}"),
                parent: (!parent.is_empty()).then(|| parent.to_string()),
                sector: sector.into(),
                level: "市".into(),
                kind: UnitKind::Institution,
                function: match function {
                    "vanished" => Function::Vanished,
                    "shrinking" => Function::Shrinking,
                    _ => Function::Active,
                },
                protected,
                leader_posts: None,
                leaders: None,
                region: String::new(),
            })
            .collect();
        us.sort_by(|a, b| a.id.cmp(&b.id));
        let mut ls: Vec<Line> = lines
            .iter()
            .map(|&(u, q, s)| Line { unit: u.into(), ty: "institution".into(), quota: q, staff: s, retiring: Vec::new() })
            .collect();
        ls.sort_by(|a, b| a.unit.cmp(&b.unit));
        let mut ps: Vec<Pool> = pools
            .iter()
            .map(|&(id, available, sectors, per_unit_max)| Pool {
                id: id.into(),
                name: format!("池{id}"),
                ty: "institution".into(),
                available,
                sectors: if sectors == "*" {
                    Sectors::All
                } else {
                    Sectors::Only(sectors.split(';').map(str::to_string).collect())
                },
                per_unit_max,
                region: String::new(),
                collects: false,
            })
            .collect();
        ps.sort_by(|a, b| a.id.cmp(&b.id));
        let mut rs: Vec<Request> = requests
            .iter()
            .map(|&(id, unit, amount, tier, min)| Request {
                id: id.into(),
                unit: unit.into(),
                ty: "institution".into(),
                amount,
                tier: tier.into(),
                min,
                reason: String::new(),
                year: None,
            })
            .collect();
        rs.sort_by(|a, b| a.id.cmp(&b.id));
        let scenario = Scenario {
            name: "fixture".into(),
            as_of: String::new(),
            units: us,
            lines: ls,
            pools: ps,
            requests: rs,
            grants: Vec::new(),
            digest: "sha256:fixture".into(),
        };
        (scenario, policy)
    }

    /// Solves the model and returns column values by name; panics unless optimal.
    pub fn solve_values(s: &Scenario, p: &Policy) -> BTreeMap<String, f64> {
        let mip = super::build_model(s, p, false);
        let mut session = Session::new(mip, SolveOptions::default());
        let out = session.solve();
        assert_eq!(out.status, Status::Optimal, "fixture must solve to optimality");
        session.col_names.iter().cloned().zip(out.values.iter().map(|v| v.round())).collect()
    }

    /// Solve status of the model.
    pub fn solve_status(s: &Scenario, p: &Policy) -> Status {
        let mip = super::build_model(s, p, false);
        Session::new(mip, SolveOptions::default()).solve().status
    }
}
