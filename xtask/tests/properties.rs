//! Properties of the release rules, on random data and random histories:
//! the version never falls below a plain bump of the largest class, no
//! semver-major reaches an LTS line, and preparing twice changes nothing.

mod common;

use common::{day, Fixture};
use proptest::prelude::*;
use semver::Version;
use xtask::commits::{Class, CommitMeta};
use xtask::lines::Phase;
use xtask::release::rules::{bump, decide, next_version, Candidate, Decision, LineState};

fn class() -> impl Strategy<Value = Class> {
    prop_oneof![Just(Class::Patch), Just(Class::Minor), Just(Class::Major)]
}

fn message() -> impl Strategy<Value = String> {
    let subject = prop_oneof![Just("fix: a"), Just("feat: b"), Just("docs: c"), Just("fs: d"), Just("feat!: e"), Just("security: f")];
    let semver = prop_oneof![Just(""), Just("\nSemver: patch"), Just("\nSemver: minor"), Just("\nSemver: major")];
    let extra = prop_oneof![Just(""), Just("\nDont-Land-On: v24.x"), Just("\nBackport-To: v24.x"), Just("\nSecurity: CVE-1")];
    (subject, semver, extra).prop_map(|(s, v, e)| format!("{s}\n{v}{e}\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn version_never_below_a_plain_bump(maj in 1u64..40, min in 0u64..30, pat in 0u64..30, classes in prop::collection::vec(class(), 1..8), promo in any::<bool>()) {
        let last = Version::new(maj, min, pat);
        let largest = *classes.iter().max().unwrap();
        let next = next_version(maj, Some(&last), Phase::ActiveLts, Some(largest), promo).unwrap();
        prop_assert!(next >= bump(&last, largest), "{next} < bump({last}, {largest})");
        prop_assert!(next > last);
    }

    #[test]
    fn no_major_is_taken_on_a_released_line(msg in message(), phase in prop_oneof![Just(Phase::Current), Just(Phase::ActiveLts), Just(Phase::Maintenance)], baked in 0i64..40, released_somewhere in any::<bool>()) {
        let meta = CommitMeta::parse(&msg);
        let first_release = released_somewhere.then(|| (day("2026-06-15") - chrono::Duration::days(baked), "26.1.0".to_string()));
        let c = Candidate { meta: meta.clone(), landed: None, first_release };
        let state = LineState { major: 24, phase, date: day("2026-06-15"), bake_days: 14, released: true };
        let (decision, reason) = decide(&c, &state);
        if decision == Decision::Take {
            prop_assert!(meta.class != Class::Major, "took a major: {reason}");
            prop_assert!(!meta.dont_land_on.contains(&24));
            if phase.is_lts() && meta.kind != xtask::commits::Kind::Security {
                prop_assert!(baked >= 14 && released_somewhere, "{reason}");
            }
        }
    }
}

proptest! {
    // Each case builds real repositories; a few cases keep the suite fast.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_histories_release_safely_and_idempotently(msgs in prop::collection::vec(message(), 1..7), lts_date in 0i64..20) {
        let f = Fixture::new();
        f.change("lib/base.js", "fs: base", "2025-04-01");
        f.prepare(24, "2025-05-06");
        for (i, m) in msgs.iter().enumerate() {
            f.change(&format!("lib/c{i}.js"), m, "2026-03-01");
        }
        f.prepare(26, "2026-04-22");
        let date = (day("2026-05-01") + chrono::Duration::days(lts_date)).to_string();
        let (plan, applied) = f.prepare(24, &date);
        let shipped: Vec<_> = plan.shipping().collect();
        prop_assert!(shipped.iter().all(|c| c.class != Class::Major));
        if let Some(a) = &applied {
            let v = Version::parse(&a.version).unwrap();
            let largest = shipped.iter().map(|c| c.class).max().unwrap_or(Class::Patch);
            prop_assert!(v >= bump(&Version::new(24, 0, 0), largest));
        }
        let refs = f.refs();
        let (_, again) = f.prepare(24, &date);
        prop_assert!(again.is_none());
        prop_assert_eq!(f.refs(), refs);
    }
}
