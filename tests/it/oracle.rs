//! Exhaustive brute-force oracle for ranked plans.
//!
//! Tiny random scenarios (≤ 5 institutions) are generated deterministically from a
//! seed; every plan the moves could make is enumerated (reclaim amounts per line,
//! merge assignments, absorb flows per (sector, level) group, grant amounts per
//! (pool, request)) and judged by the independent checker `verify::evaluate` alone.
//! The best objective per distinct pattern, sorted, must be exactly what
//! `solve_ranked` returns for k = 3; when no combination is feasible the solver must
//! say `Infeasible`.
//!
//! Pruning: a "lenient" enumeration prunes only structure (a merged unit gives,
//! receives and requests nothing; a host is not merged; kinds) and lets `evaluate`
//! reject the rest; when that is too large, a "strict" enumeration also prunes by the
//! DESIGN §6 rules that are cheap to state (small/vanished, groups, limits). Either
//! way a disagreement with the solver fails the test, so pruning cannot hide a bug in
//! the model (the solver's plans are verified too), only one in the pruning itself.
//!
//! The scenario generator in [`tiny`] is shared with `properties`.

use bianzhi::testkit;
use bianzhi::{evaluate, solve_ranked, verify_plan, Error, Move, Plan, Policy, Scenario, SolveOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Deterministic scenario generator (own PRNG, no external state).
pub(crate) mod tiny {
    use bianzhi::testkit::{line, pool, request, unit};
    use bianzhi::{Function, Policy, Pool, Scenario, UnitKind};

    /// splitmix64: tiny, good enough, and stable across platforms.
    pub struct Rng(u64);

    impl Rng {
        pub fn new(seed: u64) -> Rng {
            Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
        }

        pub fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform in lo..=hi.
        pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
            assert!(lo <= hi);
            lo + (self.next() % ((hi - lo + 1) as u64)) as i64
        }

        /// True with probability `percent`/100.
        pub fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }

        pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
            &xs[(self.next() % xs.len() as u64) as usize]
        }
    }

    /// How big the generated scenario is.
    #[derive(Clone, Copy, Debug)]
    pub struct Size {
        pub units: (i64, i64),
        pub quota_max: i64,
        pub pool_max: i64,
        pub requests: (i64, i64),
        pub amount_max: i64,
        /// Percent of institutions whose function is vanished.
        pub vanished: i64,
        pub max_merges: (i64, i64),
        /// A second type, `admin`: parents (and some institutions) hold admin lines,
        /// with pool `POOL-A` receiving and lending it.
        pub admin: bool,
        /// Two regions (北县, 南县): units by their parent's region, sometimes a
        /// collecting pool in 北县, a pool lending only in 南县, and a per-region merge cap.
        pub regions: bool,
    }

    /// ≤ 5 institutions, quotas 0–6, one type: small enough to enumerate every plan.
    pub const TINY: Size = Size {
        units: (2, 5),
        quota_max: 6,
        pool_max: 4,
        requests: (0, 3),
        amount_max: 3,
        vanished: 13,
        max_merges: (1, 3),
        admin: false,
        regions: false,
    };

    /// [`TINY`] with regions, collecting pools and per-region merge caps.
    pub const TINY_REGIONS: Size = Size { regions: true, ..TINY };

    /// 5–25 institutions, quotas 0–20, two types: for invariants over solver output.
    pub const MEDIUM: Size = Size {
        units: (5, 25),
        quota_max: 20,
        pool_max: 15,
        requests: (0, 6),
        amount_max: 5,
        vanished: 6,
        max_merges: (2, 8),
        admin: true,
        regions: false,
    };

    /// [`MEDIUM`] with regions, collecting pools and per-region merge caps.
    pub const MEDIUM_REGIONS: Size = Size { regions: true, ..MEDIUM };

    pub const SECTORS: [&str; 2] = ["教育", "卫健"];
    pub const TIERS: [&str; 3] = ["key", "emergency", "operations"];
    pub const REGIONS: [&str; 2] = ["北县", "南县"];

    /// A generated case: scenario, policy and the policy text it was parsed from.
    pub struct Case {
        pub seed: u64,
        pub scenario: Scenario,
        pub policy: Policy,
        pub policy_text: String,
    }

    /// Institutions `U01…` under admin parents `P1`/`P2` or at top level, in type
    /// `institution` (plus `admin` lines and pool `POOL-A` when `size.admin`; parents
    /// have no lines otherwise); 1–2 institution pools, the first receiving reclaimed
    /// and released quota. Collections sorted as a validated scenario has them.
    pub fn generate(seed: u64, size: Size) -> Case {
        let mut rng = Rng::new(seed);
        let n_sectors = rng.range(1, 2) as usize;
        let sectors = &SECTORS[..n_sectors];
        let n_parents = rng.range(1, 2);
        let parents: Vec<String> = (1..=n_parents).map(|i| format!("P{i}")).collect();
        let n_units = rng.range(size.units.0, size.units.1);

        let mut units = Vec::new();
        let mut lines = Vec::new();
        let region_of_parent: Vec<String> =
            parents.iter().map(|_| if size.regions { rng.pick(&REGIONS).to_string() } else { String::new() }).collect();
        for (pi, p) in parents.iter().enumerate() {
            if size.admin {
                let quota = rng.range(3, size.quota_max);
                let staff = if rng.chance(15) { quota + rng.range(1, 2) } else { (quota - rng.range(0, 4)).max(0) };
                lines.push(line(p, quota, staff).ty("admin").build());
            }
            units.push(unit(p).name(&format!("主管部门{p}")).sector(sectors[0]).kind(UnitKind::Admin).region(&region_of_parent[pi]).build());
        }
        for i in 1..=n_units {
            let id = format!("U{i:02}");
            let roll = rng.range(0, 99);
            let function = if roll < size.vanished {
                Function::Vanished
            } else if roll < size.vanished + 12 {
                Function::Shrinking
            } else {
                Function::Active
            };
            let parent = if rng.chance(85) { Some(rng.pick(&parents).clone()) } else { None };
            let region = match (&parent, size.regions) {
                (_, false) => String::new(),
                (Some(p), true) => region_of_parent[parents.iter().position(|x| x == p).expect("a parent")].clone(),
                (None, true) => rng.pick(&REGIONS).to_string(),
            };
            // Builder arguments are evaluated in order, so the draws are those of the
            // fields in this order: sector, then protected.
            let sector: &str = rng.pick::<&str>(sectors);
            let mut institution = unit(&id).sector(sector).function(function).protected(rng.chance(12)).region(&region);
            if let Some(p) = &parent {
                institution = institution.parent(p);
            }
            units.push(institution.build());
            if rng.chance(90) {
                let quota = rng.range(0, size.quota_max);
                let staff = if rng.chance(18) { quota + rng.range(1, 2) } else { (quota - rng.range(0, 3)).max(0) };
                lines.push(line(&id, quota, staff).build());
            }
            if size.admin && rng.chance(15) {
                let quota = rng.range(0, 4);
                lines.push(line(&id, quota, (quota - rng.range(-1, 2)).max(0)).ty("admin").build());
            }
        }
        units.sort_by(|a, b| a.id.cmp(&b.id));
        lines.sort_by(|a, b| (&a.unit, &a.ty).cmp(&(&b.unit, &b.ty)));
        let institutions: Vec<String> =
            units.iter().filter(|u| u.kind == UnitKind::Institution).map(|u| u.id.clone()).collect();

        let n_pools = rng.range(1, 2);
        let mut pools: Vec<Pool> = (1..=n_pools)
            .map(|i| {
                let lending = pool(&format!("POOL-{i}"), rng.range(0, size.pool_max)).name(&format!("周转池{i}"));
                let lending = if rng.chance(60) { lending } else { lending.serves(&[*rng.pick(sectors)]) };
                lending.per_unit_max(if rng.chance(70) { 0 } else { 2 }).build()
            })
            .collect();
        if size.regions {
            if pools.len() > 1 && rng.chance(50) {
                pools[1].region = REGIONS[1].to_string();
            }
            if rng.chance(60) {
                pools.push(pool("POOL-N", rng.range(0, size.pool_max)).name("北县收回池").region(REGIONS[0]).collects().build());
            }
        }
        if size.admin {
            pools.push(pool("POOL-A", rng.range(0, size.pool_max)).name("行政编制周转池").ty("admin").build());
        }
        pools.sort_by(|a, b| a.id.cmp(&b.id));
        let all_units: Vec<String> = units.iter().map(|u| u.id.clone()).collect();

        let n_requests = rng.range(size.requests.0, size.requests.1);
        let requests = (1..=n_requests)
            .map(|i| {
                let amount = rng.range(1, size.amount_max);
                let admin = size.admin && rng.chance(25);
                // In the draws' order: the unit, the tier, the least useful amount.
                let asking: &String = rng.pick(if admin { &all_units } else { &institutions });
                let tier: &str = rng.pick::<&str>(&TIERS);
                request(&format!("R{i}"), asking, amount)
                    .ty(if admin { "admin" } else { "institution" })
                    .tier(tier)
                    .min(rng.range(0, amount))
                    .build()
            })
            .collect();

        let weight = |rng: &mut Rng| *rng.pick(&[-1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0]);
        let mut text = String::from(
            "[model]\nname = \"oracle\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\n\
             key = { label = \"保重点\", weight = 100 }\n\
             emergency = { label = \"保应急\", weight = 60 }\n\
             operations = { label = \"保运转\", weight = 20 }\n",
        );
        if size.admin {
            text = text.replace("[tiers]", "admin = \"行政编制\"\n[tiers]");
        }
        let admin_into = if size.admin { ", admin = \"POOL-A\"" } else { "" };
        text += &format!(
            "[reclaim]\nkeep_vacant = {}\nmax_share = {}\ninto = {{ institution = \"{}\"{admin_into} }}\n",
            rng.range(0, 1),
            if rng.chance(50) { "1.0" } else { "0.5" },
            pools[0].id
        );
        text += &format!(
            "[consolidation]\nmax_quota = {}\nkinds = [\"institution\"]\nsame_parent = {}\nsame_sector = {}\nmax_merges = {}\nvanished_must_merge = {}\n",
            rng.range(3, 5),
            rng.chance(50),
            rng.chance(50),
            rng.range(size.max_merges.0, size.max_merges.1),
            rng.chance(50)
        );
        if size.regions && rng.chance(50) {
            text += "max_merges_per_region = 1\n";
        }
        text += &format!("[receiving]\noverstaffed_may_receive = {}\n", rng.chance(30));
        if rng.chance(30) {
            let pool = rng.pick(&pools).id.clone();
            text += &format!("[reserve]\nmin_available = {{ {pool} = {} }}\n", rng.range(1, 2));
        }
        text += "[weights]\n";
        for name in ["reclaimed", "released", "donor_units", "merges", "absorbed", "staff_moved"] {
            text += &format!("{name} = {:?}\n", weight(&mut rng));
        }
        let policy = Policy::parse(&text, "oracle.toml").unwrap_or_else(|e| panic!("seed {seed}: policy does not parse: {e:#?}\n{text}"));
        let scenario = Scenario {
            name: format!("oracle-{seed}"),
            as_of: "2025-06-30".into(),
            units,
            lines,
            pools,
            requests,
            grants: Vec::new(),
            digest: format!("sha256:oracle-{seed}"),
        };
        Case { seed, scenario, policy, policy_text: text }
    }
}

/// Pattern as `evaluate` reports it.
type Pattern = (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>);

/// At most this many combinations per case are enumerated.
const LIMIT: u64 = 20_000;
/// At least this many cases must be compared with the solver.
const MIN_COMPARED: usize = 200;
/// Seeds tried (cases over the limit are skipped, not compared).
const SEEDS: u64 = 400;

/// One (unit, host) merge assignment: indices into `s.units`.
type MergeSet = Vec<(usize, usize)>;

/// Everything the enumeration iterates over for one merge assignment.
struct Block {
    merges: Vec<Move>,
    /// (line index, bound)
    reclaims: Vec<(usize, i64)>,
    /// Absorb move lists, the empty one included.
    absorbs: Vec<Vec<Move>>,
    /// (pool index, request index, bound)
    grants: Vec<(usize, usize, i64)>,
}

impl Block {
    fn count(&self) -> u64 {
        let r: u64 = self.reclaims.iter().map(|&(_, b)| (b + 1) as u64).product();
        let g: u64 = self.grants.iter().map(|&(_, _, b)| (b + 1) as u64).product();
        r.saturating_mul(g).saturating_mul(self.absorbs.len() as u64)
    }
}

struct Enumerator<'a> {
    s: &'a Scenario,
    p: &'a Policy,
    strict: bool,
}

impl<'a> Enumerator<'a> {
    fn eligible_kind(&self, u: usize) -> bool {
        self.p.consolidation.kinds.contains(&self.s.units[u].kind)
    }

    fn overstaffed_any(&self, u: usize) -> bool {
        self.s.lines_of(&self.s.units[u].id).iter().any(|l| l.staff > l.quota)
    }

    /// Whether `u` may be merged into `h` as far as this enumeration prunes.
    fn merge_candidate(&self, u: usize, h: usize) -> bool {
        if u == h || !self.eligible_kind(u) || !self.eligible_kind(h) {
            return false;
        }
        if !self.strict {
            return true;
        }
        let c = &self.p.consolidation;
        let (uu, hh) = (&self.s.units[u], &self.s.units[h]);
        let small = self.s.total_quota(&uu.id) <= c.max_quota;
        let vanished = uu.function == bianzhi::Function::Vanished;
        (small || vanished)
            && !uu.protected
            && (!c.same_parent || uu.parent == hh.parent)
            && (!c.same_sector || uu.sector == hh.sector)
            && uu.level == hh.level
            && uu.region == hh.region
            && (self.p.receiving.overstaffed_may_receive || !self.overstaffed_any(h))
    }

    /// Every merge assignment (a merged unit is no host); strict also applies the
    /// budget and the forced merges of vanished units.
    fn merge_sets(&self) -> Vec<MergeSet> {
        let n = self.s.units.len();
        let cap = if self.strict { self.p.consolidation.max_merges } else { self.p.consolidation.max_merges + 1 };
        let mut out = Vec::new();
        let mut choice: Vec<Option<usize>> = vec![None; n];
        fn rec(e: &Enumerator, i: usize, n: usize, cap: i64, choice: &mut Vec<Option<usize>>, out: &mut Vec<MergeSet>) {
            if i == n {
                let set: MergeSet = choice.iter().enumerate().filter_map(|(u, h)| h.map(|h| (u, h))).collect();
                if set.iter().any(|&(_, h)| choice[h].is_some()) {
                    return;
                }
                if e.strict && e.p.consolidation.vanished_must_merge {
                    let forced_missing = (0..n).any(|u| {
                        e.s.units[u].function == bianzhi::Function::Vanished && e.eligible_kind(u) && choice[u].is_none()
                    });
                    if forced_missing {
                        return;
                    }
                }
                out.push(set);
                return;
            }
            rec(e, i + 1, n, cap, choice, out);
            let used = choice.iter().filter(|c| c.is_some()).count() as i64;
            if used >= cap {
                return;
            }
            for h in 0..n {
                if e.merge_candidate(i, h) {
                    choice[i] = Some(h);
                    rec(e, i + 1, n, cap, choice, out);
                    choice[i] = None;
                }
            }
        }
        rec(self, 0, n, cap, &mut choice, &mut out);
        out
    }

    fn block(&self, set: &MergeSet) -> Block {
        let s = self.s;
        let p = self.p;
        let merged: BTreeSet<&str> = set.iter().map(|&(u, _)| s.units[u].id.as_str()).collect();
        // Hosts that receive a line (of the one type) through a merge.
        let receiving_host: BTreeSet<&str> = set
            .iter()
            .filter(|&&(u, _)| !s.lines_of(&s.units[u].id).is_empty())
            .map(|&(_, h)| s.units[h].id.as_str())
            .collect();
        let merges = set
            .iter()
            .map(|&(u, h)| {
                let lines = s.lines_of(&s.units[u].id);
                Move::Merge {
                    from: s.units[u].id.clone(),
                    to: s.units[h].id.clone(),
                    staff: lines.iter().map(|l| l.staff).sum(),
                    released: lines.iter().map(|l| (l.quota - l.staff).max(0)).sum(),
                    rule: "consolidation.small".into(),
                    reason: String::new(),
                }
            })
            .collect();
        let requesting: BTreeSet<(&str, &str)> = s.requests.iter().map(|r| (r.unit.as_str(), r.ty.as_str())).collect();

        let mut reclaims = Vec::new();
        for (i, l) in s.lines.iter().enumerate() {
            if merged.contains(l.unit.as_str()) {
                continue;
            }
            let v = (l.quota - l.staff).max(0);
            let bound = if self.strict {
                let u = s.unit(&l.unit).unwrap();
                if u.protected || requesting.contains(&(l.unit.as_str(), l.ty.as_str())) || receiving_host.contains(l.unit.as_str()) {
                    0
                } else {
                    let share = (p.reclaim.max_share * v as f64 + 1e-9).floor() as i64;
                    (v - p.reclaim.keep_vacant).min(share).max(0)
                }
            } else {
                v
            };
            if bound > 0 {
                reclaims.push((i, bound));
            }
        }

        let mut grants = Vec::new();
        for (ri, r) in s.requests.iter().enumerate() {
            if merged.contains(r.unit.as_str()) {
                continue;
            }
            let u = s.unit(&r.unit).unwrap();
            let overstaffed = s.line(&r.unit, &r.ty).is_some_and(|l| l.staff > l.quota);
            for (pi, pool) in s.pools.iter().enumerate() {
                if pool.ty != r.ty {
                    continue;
                }
                let mut bound = r.amount;
                if self.strict {
                    let other_region = !pool.region.is_empty() && pool.region != u.region;
                    if !pool.sectors.admits(&u.sector) || other_region || (overstaffed && !p.receiving.overstaffed_may_receive) {
                        continue;
                    }
                    if pool.per_unit_max > 0 {
                        bound = bound.min(pool.per_unit_max);
                    }
                }
                grants.push((pi, ri, bound));
            }
        }

        // Absorb: per (sector, level) group, out-amounts per overstaffed line and
        // in-amounts per other unit with equal totals, paired greedily in id order.
        let mut absorbs: Vec<Vec<Move>> = vec![Vec::new()];
        // (sector, level, region) → (senders, receivers), each (unit, bound).
        type Side<'s> = Vec<(&'s str, i64)>;
        let mut groups: BTreeMap<(&str, &str, &str), (Side, Side)> = BTreeMap::new();
        for u in &s.units {
            if merged.contains(u.id.as_str()) {
                continue;
            }
            let line = s.line(&u.id, "institution");
            let entry = groups.entry((u.sector.as_str(), u.level.as_str(), u.region.as_str())).or_default();
            match line {
                Some(l) if l.staff > l.quota => {
                    if !(self.strict && receiving_host.contains(u.id.as_str())) {
                        entry.0.push((u.id.as_str(), l.staff - l.quota));
                    }
                }
                _ => {
                    let vacancy = line.map(|l| (l.quota - l.staff).max(0)).unwrap_or(0);
                    let asked: i64 = s.requests.iter().filter(|r| r.unit == u.id && r.ty == "institution").map(|r| r.amount).sum();
                    let bound = vacancy + asked;
                    if bound > 0 {
                        entry.1.push((u.id.as_str(), bound));
                    }
                }
            }
        }
        for (_, (senders, receivers)) in groups {
            if senders.is_empty() || receivers.is_empty() {
                continue;
            }
            let total_excess: i64 = senders.iter().map(|x| x.1).sum();
            let receivers: Vec<(&str, i64)> = receivers.into_iter().map(|(u, b)| (u, b.min(total_excess))).collect();
            let outs = vectors(&senders);
            let ins = vectors(&receivers);
            let mut options: Vec<Vec<Move>> = Vec::new();
            for o in &outs {
                let t: i64 = o.iter().sum();
                if t == 0 {
                    continue;
                }
                for i in ins.iter().filter(|i| i.iter().sum::<i64>() == t) {
                    options.push(pair(&senders, o, &receivers, i));
                }
            }
            let mut next = Vec::with_capacity(absorbs.len() * (options.len() + 1));
            for base in &absorbs {
                next.push(base.clone());
                for opt in &options {
                    let mut v = base.clone();
                    v.extend(opt.iter().cloned());
                    next.push(v);
                }
            }
            absorbs = next;
        }
        Block { merges, reclaims, absorbs, grants }
    }
}

/// Every vector x with 0 ≤ x_i ≤ bound_i.
fn vectors(items: &[(&str, i64)]) -> Vec<Vec<i64>> {
    let mut out = vec![Vec::new()];
    for &(_, b) in items {
        out = out.into_iter().flat_map(|v| (0..=b).map(move |x| { let mut w = v.clone(); w.push(x); w })).collect();
    }
    out
}

/// Pairs out-amounts and in-amounts (same total) greedily in id order.
fn pair(senders: &[(&str, i64)], out: &[i64], receivers: &[(&str, i64)], inn: &[i64]) -> Vec<Move> {
    let mut o: Vec<(&str, i64)> = senders.iter().zip(out).map(|(s, &x)| (s.0, x)).filter(|x| x.1 > 0).collect();
    let mut r: Vec<(&str, i64)> = receivers.iter().zip(inn).map(|(s, &x)| (s.0, x)).filter(|x| x.1 > 0).collect();
    let (mut i, mut j) = (0, 0);
    let mut moves = Vec::new();
    while i < o.len() && j < r.len() {
        let x = o[i].1.min(r[j].1);
        moves.push(Move::Absorb {
            ty: "institution".into(),
            from: o[i].0.to_string(),
            to: r[j].0.to_string(),
            amount: x,
            rule: "absorb".into(),
            reason: String::new(),
        });
        o[i].1 -= x;
        r[j].1 -= x;
        if o[i].1 == 0 {
            i += 1;
        }
        if r[j].1 == 0 {
            j += 1;
        }
    }
    moves
}

/// What the enumeration of one case found.
pub(crate) struct Found {
    /// Combinations evaluated.
    pub(crate) plans: u64,
    /// Feasible combinations.
    pub(crate) feasible: u64,
    /// Best objective per pattern, with the moves reaching it.
    pub(crate) best: BTreeMap<Pattern, (f64, Vec<Move>)>,
    pub(crate) strict: bool,
    /// With [`enumerate_grants`]: per request, per amount granted to it, the best
    /// objective of a feasible plan granting that amount (for `--ranges`).
    by_grant: Option<BTreeMap<String, BTreeMap<i64, f64>>>,
}

impl Found {
    /// The least and most granted to `request` over all feasible plans with objective
    /// ≥ `floor` (None without `enumerate_grants`, or when no plan reaches the floor).
    pub(crate) fn grant_range(&self, request: &str, floor: f64) -> Option<(i64, i64)> {
        let amounts = self.by_grant.as_ref()?.get(request)?;
        let mut within = amounts.iter().filter(|(_, &v)| v >= floor - 1e-6).map(|(&a, _)| a);
        let min = within.next()?;
        Some((min, within.next_back().unwrap_or(min)))
    }
}

/// Enumerates one case, or None when it is over the limit even with strict pruning.
pub(crate) fn enumerate(s: &Scenario, p: &Policy) -> Option<Found> {
    enumerate_with(s, p, false)
}

/// [`enumerate`], also recording per request the best objective of each amount granted.
pub(crate) fn enumerate_grants(s: &Scenario, p: &Policy) -> Option<Found> {
    enumerate_with(s, p, true)
}

fn enumerate_with(s: &Scenario, p: &Policy, by_grant: bool) -> Option<Found> {
    for strict in [false, true] {
        let e = Enumerator { s, p, strict };
        let sets = e.merge_sets();
        let mut blocks = Vec::with_capacity(sets.len());
        let mut total = 0u64;
        for set in &sets {
            let b = e.block(set);
            total = total.saturating_add(b.count());
            if total > LIMIT {
                break;
            }
            blocks.push(b);
        }
        if total > LIMIT {
            continue;
        }
        let mut found = Found { plans: 0, feasible: 0, best: BTreeMap::new(), strict, by_grant: by_grant.then(BTreeMap::new) };
        for b in &blocks {
            run_block(s, p, b, &mut found);
        }
        assert_eq!(found.plans, total, "enumeration visits exactly the combinations it counted");
        return Some(found);
    }
    None
}

fn run_block(s: &Scenario, p: &Policy, b: &Block, found: &mut Found) {
    let mut r = vec![0i64; b.reclaims.len()];
    loop {
        let mut g = vec![0i64; b.grants.len()];
        loop {
            for absorbs in &b.absorbs {
                let mut moves = b.merges.clone();
                for (k, &(li, _)) in b.reclaims.iter().enumerate() {
                    if r[k] > 0 {
                        let l = &s.lines[li];
                        // Its region's collecting pool, else the model's (restated here,
                        // not taken from the library).
                        let region = &s.unit(&l.unit).expect("a unit").region;
                        let collector = s.pools.iter().find(|pl| pl.collects && !region.is_empty() && pl.region == *region && pl.ty == l.ty);
                        moves.push(Move::Reclaim {
                            ty: l.ty.clone(),
                            from: l.unit.clone(),
                            to: collector.map_or_else(|| p.into_pool(&l.ty).expect("oracle policies name a pool").to_string(), |pl| pl.id.clone()),
                            amount: r[k],
                            rule: "reclaim".into(),
                            reason: String::new(),
                        });
                    }
                }
                moves.extend(absorbs.iter().cloned());
                for (k, &(pi, ri, _)) in b.grants.iter().enumerate() {
                    if g[k] > 0 {
                        let req = &s.requests[ri];
                        moves.push(Move::Grant {
                            ty: req.ty.clone(),
                            from: s.pools[pi].id.clone(),
                            to: req.unit.clone(),
                            request: req.id.clone(),
                            amount: g[k],
                            rule: format!("grant.{}", req.tier),
                            reason: String::new(),
                        });
                    }
                }
                found.plans += 1;
                let ev = evaluate(s, p, &moves);
                if ev.violations.is_empty() {
                    found.feasible += 1;
                    if let Some(by_grant) = &mut found.by_grant {
                        for (ri, req) in s.requests.iter().enumerate() {
                            let granted: i64 = b.grants.iter().zip(&g).filter(|((_, r, _), _)| *r == ri).map(|(_, &x)| x).sum();
                            let best = by_grant.entry(req.id.clone()).or_default().entry(granted).or_insert(f64::NEG_INFINITY);
                            *best = best.max(ev.objective);
                        }
                    }
                    let better = found.best.get(&ev.pattern).is_none_or(|(v, _)| ev.objective > *v);
                    if better {
                        found.best.insert(ev.pattern, (ev.objective, moves));
                    }
                }
            }
            if !advance(&mut g, b.grants.iter().map(|x| x.2)) {
                break;
            }
        }
        if !advance(&mut r, b.reclaims.iter().map(|x| x.1)) {
            break;
        }
    }
}

/// Mixed-radix increment; false when it wraps around.
fn advance(digits: &mut [i64], bounds: impl Iterator<Item = i64>) -> bool {
    for (d, b) in digits.iter_mut().zip(bounds) {
        if *d < b {
            *d += 1;
            return true;
        }
        *d = 0;
    }
    false
}

fn show_moves(moves: &[Move]) -> String {
    moves.iter().map(|m| format!("    {}", serde_json::to_string(m).unwrap())).collect::<Vec<_>>().join("\n")
}

fn show_case(case: &tiny::Case) -> String {
    let s = &case.scenario;
    let mut t = format!("seed {}\n--- policy ---\n{}--- units ---\n", case.seed, case.policy_text);
    for u in &s.units {
        t += &format!(
            "  {} parent={:?} sector={} kind={} function={} protected={}\n",
            u.id,
            u.parent,
            u.sector,
            u.kind.key(),
            u.function.key(),
            u.protected
        );
    }
    for l in &s.lines {
        t += &format!("  line {} {} quota={} staff={}\n", l.unit, l.ty, l.quota, l.staff);
    }
    for p in &s.pools {
        t += &format!("  pool {} available={} sectors={:?} per_unit_max={}\n", p.id, p.available, p.sectors, p.per_unit_max);
    }
    for r in &s.requests {
        t += &format!("  request {} unit={} amount={} min={} tier={}\n", r.id, r.unit, r.amount, r.min, r.tier);
    }
    t
}

fn show_plans(plans: &[Plan]) -> String {
    plans
        .iter()
        .map(|pl| format!("  plan {} objective {}\n{}", pl.rank, pl.objective, show_moves(&pl.moves)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn show_oracle(ranked: &[(&Pattern, &(f64, Vec<Move>))]) -> String {
    ranked
        .iter()
        .take(4)
        .map(|(pat, (v, moves))| format!("  oracle {v} pattern {pat:?}\n{}", show_moves(moves)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares one case; Err with a full description on disagreement.
fn compare(case: &tiny::Case, found: &Found) -> Result<bool, String> {
    let (s, p) = (&case.scenario, &case.policy);
    let mut ranked: Vec<(&Pattern, &(f64, Vec<Move>))> = found.best.iter().collect();
    ranked.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
    let fail = |what: String, plans: &[Plan]| {
        Err(format!(
            "{what}\n{}--- oracle ({} combos, {} feasible, {} patterns, strict={}) ---\n{}\n--- solver ---\n{}",
            show_case(case),
            found.plans,
            found.feasible,
            found.best.len(),
            found.strict,
            show_oracle(&ranked),
            show_plans(plans)
        ))
    };
    let result = solve_ranked(s, p, 3, &SolveOptions::default());
    let doc = match (result, ranked.is_empty()) {
        (Err(Error::Infeasible(_)), true) => return Ok(true),
        (Err(e), true) => return fail(format!("oracle finds no feasible plan; expected Infeasible, got {e}"), &[]),
        (Err(e), false) => return fail(format!("oracle finds feasible plans, solver fails: {e}"), &[]),
        (Ok(r), true) => return fail("oracle finds no feasible plan but the solver returns plans".into(), &r.doc.plans),
        (Ok(r), false) => r.doc,
    };
    let plans = &doc.plans;
    let expected = ranked.len().min(3);
    if plans.len() != expected {
        return fail(format!("solver returns {} plan(s), oracle has {} pattern(s)", plans.len(), ranked.len()), plans);
    }
    let mut seen = BTreeSet::new();
    for (i, plan) in plans.iter().enumerate() {
        let want = ranked[i].1 .0;
        if (plan.objective - want).abs() > 1e-6 {
            return fail(format!("plan {} objective {} but the oracle's #{} pattern value is {want}", i + 1, plan.objective, i + 1), plans);
        }
        if plan.rank != i + 1 {
            return fail(format!("plan at position {i} has rank {}", plan.rank), plans);
        }
        let violations = verify_plan(s, p, plan);
        if !violations.is_empty() {
            return fail(format!("plan {} fails verify: {violations:?}", i + 1), plans);
        }
        let ev = evaluate(s, p, &plan.moves);
        match found.best.get(&ev.pattern) {
            Some((v, _)) if (v - plan.objective).abs() <= 1e-6 => {}
            other => {
                return fail(
                    format!(
                        "plan {} pattern {:?}: oracle's best for it is {:?}, plan says {}",
                        i + 1,
                        ev.pattern,
                        other.map(|x| x.0),
                        plan.objective
                    ),
                    plans,
                )
            }
        }
        if !seen.insert(ev.pattern) {
            return fail(format!("plan {} repeats an earlier plan's pattern", i + 1), plans);
        }
    }
    Ok(false)
}

/// Enumerates `seeds` cases of `size` and compares each with the solver; returns the
/// cases compared and the move kinds seen in the oracle's best plans.
fn run_oracle(size: tiny::Size, seeds: u64, min_compared: usize) -> (usize, BTreeMap<&'static str, usize>) {
    let started = Instant::now();
    let (mut compared, mut infeasible, mut skipped, mut enumerated, mut strict) = (0usize, 0usize, 0usize, 0u64, 0usize);
    let mut failures = Vec::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for seed in 0..seeds {
        let case = tiny::generate(seed, size);
        let Some(found) = enumerate(&case.scenario, &case.policy) else {
            skipped += 1;
            continue;
        };
        enumerated += found.plans;
        strict += found.strict as usize;
        // Move kinds seen in any pattern's best plan: the generator must exercise all.
        for (_, moves) in found.best.values() {
            for m in moves {
                *kinds.entry(m.kind()).or_insert(0usize) += 1;
            }
        }
        match compare(&case, &found) {
            Ok(was_infeasible) => {
                compared += 1;
                infeasible += was_infeasible as usize;
            }
            Err(text) => failures.push(text),
        }
    }
    eprintln!(
        "oracle: {compared} cases compared ({infeasible} infeasible, {strict} with strict pruning), {skipped} skipped over the limit, {} failed; {enumerated} plans enumerated in {:.1} s; moves in best-per-pattern plans {kinds:?}",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        panic!("{} case(s) disagree with the oracle; the first:\n{}", failures.len(), failures[..failures.len().min(2)].join("\n\n=====\n\n"));
    }
    assert!(compared >= min_compared, "only {compared} cases compared, want at least {min_compared}");
    assert!(infeasible < compared, "every case infeasible: the generator is broken");
    (compared, kinds)
}

#[test]
fn ranked_plans_match_exhaustive_enumeration() {
    let (_, kinds) = run_oracle(tiny::TINY, SEEDS, MIN_COMPARED);
    for kind in ["reclaim", "merge", "absorb", "grant"] {
        assert!(kinds.get(kind).copied().unwrap_or(0) >= 20, "too few {kind} moves in oracle plans: {kinds:?}");
    }
}

#[test]
fn ranked_plans_match_exhaustive_enumeration_with_regions() {
    // The generator must exercise what regions add: collecting pools that receive
    // reclaims, pools that lend in one region only, and the per-region merge cap.
    let cases: Vec<tiny::Case> = (0..SEEDS / 2).map(|seed| tiny::generate(seed, tiny::TINY_REGIONS)).collect();
    let with = |f: &dyn Fn(&tiny::Case) -> bool| cases.iter().filter(|c| f(c)).count();
    assert!(with(&|c| c.scenario.pools.iter().any(|p| p.collects)) >= 50, "too few cases with a collecting pool");
    assert!(with(&|c| c.scenario.pools.iter().any(|p| !p.collects && !p.region.is_empty())) >= 20, "too few regional pools");
    assert!(with(&|c| c.policy.consolidation.max_merges_per_region.is_some()) >= 50, "too few per-region caps");
    let regions: BTreeSet<&str> = cases.iter().flat_map(|c| c.scenario.units.iter().map(|u| u.region.as_str())).collect();
    assert_eq!(regions, tiny::REGIONS.iter().copied().collect(), "every unit has one of the two regions");
    let (_, kinds) = run_oracle(tiny::TINY_REGIONS, SEEDS / 2, MIN_COMPARED / 2);
    for kind in ["reclaim", "merge", "absorb", "grant"] {
        assert!(kinds.get(kind).copied().unwrap_or(0) >= 10, "too few {kind} moves in oracle plans: {kinds:?}");
    }
}

#[test]
fn enumeration_counts_combinations_it_visits() {
    // The oracle itself: a hand-made case with a known answer. U01 (vacancy 2) may give
    // 1 (keep_vacant 1) to POOL-1; R1 at U02 asks 1 (key, weight 100).
    let text = "[model]\nname = \"o\"\n[types]\ninstitution = \"事业编制\"\n[tiers]\nkey = { label = \"保重点\", weight = 100 }\n\
                [reclaim]\nkeep_vacant = 1\ninto = { institution = \"POOL-1\" }\n[consolidation]\nmax_quota = 0\nvanished_must_merge = false\n\
                [weights]\nreclaimed = 1.0\ndonor_units = -0.5\n";
    let p = Policy::parse(text, "o.toml").unwrap();
    let s = testkit::scenario()
        .name("o")
        .digest("sha256:o")
        .unit(testkit::unit("U01").name("U01"))
        .unit(testkit::unit("U02").name("U02"))
        .line(testkit::line("U01", 7, 5))
        .line(testkit::line("U02", 6, 6))
        .pool(testkit::pool("POOL-1", 0).name("p"))
        .request(testkit::request("R1", "U02", 1))
        .build();
    let found = enumerate(&s, &p).expect("tiny");
    // Lenient: reclaim 0..=2 from U01, merges none (max_quota 0 but lenient tries
    // U01→U02, U02→U01: 3 merge sets), grant 0..=1: counted and visited.
    assert!(!found.strict);
    assert!(found.plans >= 6, "{}", found.plans);
    let mut values: Vec<f64> = found.best.values().map(|x| x.0).collect();
    values.sort_by(|a, b| b.total_cmp(a));
    // Best: reclaim 1, grant 1: 100 + 1 − 0.5; then reclaim 1 alone (0.5); then nothing (0).
    assert_eq!(values, vec![100.5, 0.5, 0.0]);
    let case = tiny::Case { seed: 0, scenario: s, policy: p, policy_text: text.into() };
    assert_eq!(compare(&case, &found), Ok(false));

    // The comparison can fail: an oracle that missed the best pattern disagrees.
    let mut missing = enumerate(&case.scenario, &case.policy).unwrap();
    let top = missing.best.iter().max_by(|a, b| a.1 .0.total_cmp(&b.1 .0)).map(|(k, _)| k.clone()).unwrap();
    missing.best.remove(&top);
    let err = compare(&case, &missing).unwrap_err();
    assert!(err.contains("objective"), "{err}");
}
