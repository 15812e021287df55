//! Acceptance tests of a sweep (`--accept "rate.key >= baseline - 0.02"`), in the
//! manner of Nextmv's: a metric, an operator, and a bound that is a number or the
//! baseline variant's value of the same metric moved by a tolerance (absolute `± T`,
//! relative `± T%`, or a factor `* F`). Each variant row is tested against the baseline
//! row of the same scenario and repeat.

use crate::error::did_you_mean;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "==")]
    Eq,
}

impl Op {
    const ALL: [(&'static str, Op); 5] = [(">=", Op::Ge), ("<=", Op::Le), ("==", Op::Eq), (">", Op::Gt), ("<", Op::Lt)];

    fn holds(self, a: f64, b: f64) -> bool {
        // Metrics are sums of integers or shares of them; a hair of float noise in a
        // share must not fail an equality.
        let eps = 1e-9 * (1.0 + a.abs().max(b.abs()));
        match self {
            Op::Ge => a >= b - eps,
            Op::Le => a <= b + eps,
            Op::Gt => a > b + eps,
            Op::Lt => a < b - eps,
            Op::Eq => (a - b).abs() <= eps,
        }
    }

    fn text(self) -> &'static str {
        Op::ALL.iter().find(|(_, o)| *o == self).map(|(t, _)| *t).unwrap_or("?")
    }
}

/// The right-hand side of a test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// A fixed number.
    Value(f64),
    /// The baseline's value plus `add`, times `times`; `percent` when `add` was written
    /// as a share of the baseline's value.
    Baseline { add: f64, times: f64, percent: bool },
}

/// One `--accept` test.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptTest {
    /// As written, whitespace normalised: the column name in every output.
    pub text: String,
    pub metric: String,
    pub op: Op,
    pub bound: Bound,
}

impl fmt::Display for AcceptTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AcceptTest {
    /// Parses `METRIC OP BOUND`, where BOUND is a number, `baseline`, `baseline ± T`,
    /// `baseline ± T%` or `baseline * F`.
    pub fn parse(written: &str) -> Result<AcceptTest, String> {
        let usage = || {
            format!(
                "--accept \"{written}\": expected METRIC OP BOUND, for example \"rate.key >= baseline - 0.02\", \"staff_moved <= baseline * 1.1\" or \"requests_funded >= 60\" (OP is >=, <=, >, < or ==)"
            )
        };
        let (at, op_text, op) = Op::ALL
            .iter()
            .filter_map(|(t, o)| written.find(t).map(|i| (i, *t, *o)))
            .min_by_key(|(i, t, _)| (*i, std::cmp::Reverse(t.len())))
            .ok_or_else(usage)?;
        let metric = written[..at].trim().to_string();
        let rest = written[at + op_text.len()..].trim();
        if metric.is_empty() || metric.contains(char::is_whitespace) || rest.is_empty() {
            return Err(usage());
        }
        let number = |s: &str| -> Result<f64, String> {
            s.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| format!("--accept \"{written}\": `{}` is not a number; {}", s.trim(), usage()))
        };
        let bound = match rest.strip_prefix("baseline") {
            None => Bound::Value(number(rest)?),
            Some(tail) => {
                let tail = tail.trim();
                if tail.is_empty() {
                    Bound::Baseline { add: 0.0, times: 1.0, percent: false }
                } else {
                    let (sign, amount) = tail.split_at(1);
                    let (amount, percent) = match amount.trim().strip_suffix('%') {
                        Some(a) => (a, true),
                        None => (amount, false),
                    };
                    let v = number(amount)?;
                    match (sign, percent) {
                        ("+", _) => Bound::Baseline { add: v, times: 1.0, percent },
                        ("-", _) => Bound::Baseline { add: -v, times: 1.0, percent },
                        ("*", false) => Bound::Baseline { add: 0.0, times: v, percent: false },
                        _ => return Err(usage()),
                    }
                }
            }
        };
        let text = format!("{metric} {} {}", op.text(), rest.split_whitespace().collect::<Vec<_>>().join(" "));
        Ok(AcceptTest { text, metric, op, bound })
    }

    pub fn needs_baseline(&self) -> bool {
        matches!(self.bound, Bound::Baseline { .. })
    }

    /// Whether the metric is one the sweep measures; a "did you mean" otherwise.
    pub fn check_metric<'a>(&self, metrics: impl IntoIterator<Item = &'a str> + Clone) -> Result<(), String> {
        if metrics.clone().into_iter().any(|m| m == self.metric) {
            return Ok(());
        }
        let hint = did_you_mean(&self.metric, metrics.clone()).map(|b| format!("; did you mean `{b}`?")).unwrap_or_default();
        let listed: Vec<&str> = metrics.into_iter().collect();
        Err(format!("--accept \"{}\": no metric `{}`{hint} (metrics: {})", self.text, self.metric, listed.join(", ")))
    }

    /// Tests a value against the baseline's; `Err` says why it fails.
    pub fn judge(&self, value: Option<f64>, baseline: Option<f64>) -> Verdict {
        let Some(v) = value else {
            return Verdict { pass: false, bound: None, why: Some(format!("no value of {}", self.metric)) };
        };
        let bound = match self.bound {
            Bound::Value(b) => b,
            Bound::Baseline { add, times, percent } => match baseline {
                None => return Verdict { pass: false, bound: None, why: Some(format!("the baseline has no value of {}", self.metric)) },
                Some(b) if percent => b * (1.0 + add / 100.0),
                Some(b) => b * times + add,
            },
        };
        let pass = self.op.holds(v, bound);
        let why = (!pass).then(|| format!("{} = {} is not {} {}", self.metric, short(v), self.op.text(), short(bound)));
        Verdict { pass, bound: Some(bound), why }
    }
}

/// A test's outcome on one row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub pass: bool,
    /// The bound the value was held to, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// A number as a person reads it: integers without a fraction, else up to 6 decimals.
pub fn short(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_parse_every_bound_form() {
        let t = AcceptTest::parse("rate.key >= baseline - 0.02").unwrap();
        assert_eq!((t.metric.as_str(), t.op), ("rate.key", Op::Ge));
        assert_eq!(t.bound, Bound::Baseline { add: -0.02, times: 1.0, percent: false });
        assert_eq!(t.text, "rate.key >= baseline - 0.02");
        let t = AcceptTest::parse("staff_moved<=baseline*1.1").unwrap();
        assert_eq!(t.bound, Bound::Baseline { add: 0.0, times: 1.1, percent: false });
        assert_eq!(t.text, "staff_moved <= baseline*1.1");
        let t = AcceptTest::parse("objective > baseline + 5%").unwrap();
        assert_eq!(t.bound, Bound::Baseline { add: 5.0, times: 1.0, percent: true });
        assert_eq!(AcceptTest::parse("requests_funded == 60").unwrap().bound, Bound::Value(60.0));
        assert_eq!(AcceptTest::parse("merges < baseline").unwrap().op, Op::Lt);
        for bad in ["rate.key", "rate.key >= ", ">= 3", "rate.key >= baseline ^ 2", "rate.key >= lots", "a b >= 1", "x >= baseline * 5%"] {
            assert!(AcceptTest::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn verdicts_hold_values_to_the_bound() {
        let t = AcceptTest::parse("rate.key >= baseline - 0.02").unwrap();
        assert!(t.judge(Some(0.80), Some(0.81)).pass);
        let v = t.judge(Some(0.78), Some(0.81));
        assert!(!v.pass);
        assert_eq!(v.why.as_deref(), Some("rate.key = 0.78 is not >= 0.79"));
        assert!(!t.judge(None, Some(0.8)).pass, "an infeasible variant fails");
        assert!(t.judge(Some(0.8), None).why.unwrap().contains("baseline has no value"));
        let pct = AcceptTest::parse("objective >= baseline - 10%").unwrap();
        assert!(pct.judge(Some(90.0), Some(100.0)).pass);
        assert!(!pct.judge(Some(89.9), Some(100.0)).pass);
        assert!(AcceptTest::parse("rate.key == 0.3").unwrap().judge(Some(0.1 + 0.2), None).pass, "float noise is no failure");
    }

    #[test]
    fn metrics_are_checked_with_a_suggestion() {
        let t = AcceptTest::parse("rate.kye >= 0.5").unwrap();
        let e = t.check_metric(["rate.key", "merges"]).unwrap_err();
        assert!(e.contains("did you mean `rate.key`?"), "{e}");
    }
}
