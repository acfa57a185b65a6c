//! The exit status: each `--fail-on` policy, and usage errors.

use super::*;

#[test]
fn each_fail_on_policy_sets_the_exit_status() {
    let cases: [(&str, Vec<String>, [i32; 5]); 4] = [
        // none, any, live, production, live-production
        ("live-prod", vec![live_production()], [0, 1, 1, 1, 1]),
        ("old-prod", vec![expired_production()], [0, 1, 0, 1, 0]),
        ("sandbox", vec![live_sandbox()], [0, 1, 1, 0, 0]),
        ("clean", vec![], [0, 0, 0, 0, 0]),
    ];
    let policies = ["none", "any", "live", "production", "live-production"];
    for (name, tokens, codes) in cases {
        let tree = Tree::new(&format!("policy-{name}"));
        let text: String = tokens.iter().map(|t| format!("x {t} y\n")).collect();
        tree.write("logs/app.log", format!("start\n{text}end\n"));
        for (policy, code) in policies.iter().zip(codes) {
            let out = tree.scan(&["--fail-on", policy, "."]);
            assert_eq!(out.status.code(), Some(code), "{name} --fail-on {policy}");
        }
        // The default is `any`, for paths and standard input alike.
        assert_eq!(tree.scan(&["."]).status.code(), Some(codes[1]), "{name}");
        let stdin = common::cli(&["scan", "--now", NOW, "-"])
            .stdin(&text)
            .secret(&all_tokens())
            .may_close_stdin()
            .run();
        assert_eq!(
            stdin.status.code(),
            Some(codes[1]),
            "{name} on standard input"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let tree = Tree::new("usage");
    tree.write("bad-baseline", "702a866402c991f1 fine\nnot-hex a note\n");
    let out = tree.scan(&["--fail-on", "sometimes", "."]);
    assert_eq!(out.status.code(), Some(2));
    let out = tree.scan(&["--summary", "--format", "sarif", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "usertoken: --summary has no SARIF form: use --format jsonl or text\n"
    );
    let out = tree.scan(&["--baseline", "bad-baseline", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "usertoken: invalid fingerprint on line 2 of the baseline bad-baseline: expected 16 hex digits\n"
    );
    let out = tree.scan(&["--baseline", "no-such-baseline", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "usertoken: cannot read the baseline no-such-baseline: no such file or directory\n"
    );
    assert_eq!(tree.scan(&["-j", "0", "."]).status.code(), Some(2));
}
