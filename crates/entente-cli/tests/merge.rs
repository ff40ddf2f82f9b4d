//! `--shard K/N` and `entente merge`: for N in {1, 2, 7}, the shards of a forecast Monte Carlo,
//! of a sampled power estimate and of the deterrence Monte Carlo, written to files and merged, print the same bytes as the
//! command without `--shard`; the merge refuses an incomplete set with a usage error.

mod common;

use common::entente;

fn shard_files(dir: &std::path::Path, args: &[&str], n: usize) -> Vec<String> {
    (1..=n)
        .map(|k| {
            let shard = format!("{k}/{n}");
            let mut full = args.to_vec();
            full.extend(["--shard", &shard]);
            let (code, out, err) = entente(&full);
            assert_eq!(code, 0, "{full:?}: {err}");
            let path = dir.join(format!("shard-{k}-of-{n}.jsonl"));
            std::fs::write(&path, out).unwrap();
            path.display().to_string()
        })
        .collect()
}

fn same_bytes(args: &[&str], tag: &str) {
    let dir = std::env::temp_dir().join(format!("entente-merge-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut whole_args = args.to_vec();
    whole_args.extend(["--format", "json"]);
    let (code, whole, err) = entente(&whole_args);
    assert_eq!(code, 0, "{err}");
    for n in [1, 2, 7] {
        let files = shard_files(&dir, args, n);
        let mut merge: Vec<&str> = vec!["merge"];
        merge.extend(files.iter().rev().map(String::as_str));
        merge.extend(["--format", "json"]);
        let (code, merged, err) = entente(&merge);
        assert_eq!(code, 0, "{err}");
        assert_eq!(merged, whole, "{tag}: {n} shards");
    }
    let files = shard_files(&dir, args, 3);
    let (code, _, err) = entente(&["merge", &files[0], &files[2]]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("shard 2/3 is missing"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn forecast_shards_merge_to_the_same_bytes() {
    same_bytes(
        &[
            "forecast",
            "--runs",
            "30",
            "--seed",
            "4",
            "--position-sd",
            "5",
            "--band",
            "40:60",
        ],
        "forecast",
    );
}

#[test]
fn sampled_power_shards_merge_to_the_same_bytes() {
    same_bytes(
        &[
            "power",
            "--institution",
            "eu_council",
            "--decision",
            "qmv",
            "--as-of",
            "2024-06-01",
            "--method",
            "monte-carlo",
            "--samples",
            "30000",
            "--seed",
            "3",
        ],
        "power",
    );
}

#[test]
fn deterrence_shards_merge_to_the_same_bytes() {
    same_bytes(
        &[
            "deter",
            "status_quo",
            "coalition_guarantee",
            "--state",
            "UKR",
            "--state",
            "FIN",
            "--draws",
            "40",
            "--seed",
            "2",
        ],
        "deter",
    );
    let (code, _, err) = entente(&["deter", "--draws", "0", "--shard", "1/2"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("none are asked for"), "{err}");
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    let (code, _, err) = entente(&["forecast", "--runs", "5", "--shard", "3/2"]);
    assert_eq!(code, 2);
    assert!(err.contains("K must be from 1 to N"), "{err}");
}
