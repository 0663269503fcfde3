//! Walking a body's keys against a split schema ([`FieldChecks`]), the bookkeeping the
//! publisher's direct path, the typed path and the one-pass reader share: which declared
//! field each key is (looked up from the last one found), which are present, and whether a
//! key repeats. A repeated key is declined everywhere: `decode`'s map keeps its last value,
//! which a walk in body order cannot vouch for.

use std::borrow::Cow;

use super::direct::MAX_FIELDS;
use crate::schema::fields::FieldChecks;

/// What one key is.
pub(super) enum Step {
    /// The declared field at this index, seen for the first time.
    Declared(usize),
    /// A field the schema does not declare, seen for the first time.
    Undeclared,
    /// A repeated key, or more undeclared ones than the repeat check (quadratic) takes.
    Decline,
}

pub(super) struct FieldWalk<'c, 'k> {
    pub checks: &'c FieldChecks,
    /// Declared fields present, by index.
    pub present: u64,
    guess: usize,
    undeclared: Vec<Cow<'k, str>>,
}

impl<'c, 'k> FieldWalk<'c, 'k> {
    pub fn new(checks: &'c FieldChecks) -> Self {
        FieldWalk {
            checks,
            present: 0,
            guess: 0,
            undeclared: Vec::new(),
        }
    }

    // A `Cow`, not `&str`: an undeclared key is kept as given, borrowed from the body
    // wherever the parser could.
    #[allow(clippy::ptr_arg)]
    pub fn step(&mut self, key: &Cow<'k, str>) -> Step {
        match self.checks.field_near(key, self.guess) {
            Some((at, _)) => {
                let bit = 1u64 << at;
                if self.present & bit != 0 {
                    return Step::Decline;
                }
                self.present |= bit;
                self.guess = at + 1;
                Step::Declared(at)
            }
            None => {
                if self.undeclared.len() >= MAX_FIELDS || self.undeclared.contains(key) {
                    return Step::Decline;
                }
                self.undeclared.push(key.clone());
                Step::Undeclared
            }
        }
    }

    /// Every required field was seen.
    pub fn complete(&self) -> bool {
        self.checks.required_present(self.present)
    }
}
