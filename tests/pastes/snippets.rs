//! Link snippets: every style the issuer documents, the sandbox setting,
//! comments and strings, the size limit, and the command line.

use super::*;

/// The five styles of Link initialisation the issuer documents, written
/// here with `TOKEN` for the token and `SANDBOX` for the setting.
fn snippets() -> [(&'static str, &'static str); 5] {
    [
        (
            "javascript",
            r#"<script src="https://plugin.argyle.com/argyle.web.v5.js"></script>
<script type="text/javascript">
    const linkInstance = Argyle.create({
        linkKey: 'my-link-key-0123456789',
        userToken: 'TOKEN',
        // sandbox: false,
        sandbox: SANDBOX // Set to false for production environment.
    })
    linkInstance.open()
</script>"#,
        ),
        (
            "swift",
            r#"var config = LinkConfig(
    userToken: "TOKEN",
    /* sandbox: false while testing */
    sandbox: SANDBOX // Set to false for production environment.
)

ArgyleLink.start(from: viewController, config: config)"#,
        ),
        (
            "kotlin",
            r#"val config = LinkConfig(
    userToken = "TOKEN",
    sandbox = SANDBOX // Set to false for production environment.
)
ArgyleLink.start(context, config)"#,
        ),
        (
            "react-native",
            r#"import { ArgyleLink } from '@argyleio/argyle-plugin-react-native';

// ...

const config = {
    userToken: 'TOKEN',
    accountId: '018051aa-0e2b-4e2b-8a42-0a3b5b5e1f00',
    sandbox: SANDBOX // Set to false for production environment.
};

ArgyleLink.start(config);"#,
        ),
        (
            "flutter",
            r#"import 'package:argyle_link_flutter/link_config.dart';

final config = LinkConfig (
    userToken: 'TOKEN',
    sandbox: SANDBOX // Set to false for production environment.
);

ArgyleLink.start(config);"#,
        ),
    ]
}

fn snippet(style: &str, token: &str, sandbox: bool) -> String {
    style
        .replace("TOKEN", token)
        .replace("SANDBOX", if sandbox { "true" } else { "false" })
}

#[test]
fn every_link_snippet_style_gives_its_token_and_sandbox() {
    let now = at(1_700_000_000);
    for (name, style) in snippets() {
        for (token, sandbox_token) in [(production(), false), (sandbox(), true)] {
            for sandbox in [false, true] {
                let text = snippet(style, &token, sandbox);
                let reports = Inspector::new().inspect_snippet(&text, now);
                assert_eq!(reports.len(), 1, "{name}");
                let report = &reports[0];
                let user = if sandbox_token { SANDBOX_USER } else { USER };
                assert_eq!(report.claims().unwrap().user_id(), Some(user), "{name}");
                let offset = text.find(&token).unwrap();
                assert_eq!(report.source().map(|s| s.offset()), Some(offset), "{name}");
                let (severity, message) = only(report, Code::LinkSnippet);
                assert_eq!(severity, Severity::Info);
                let mut expected = format!(
                    "a Link configuration: the token from its userToken, sandbox: {sandbox} from the snippet for the environment check"
                );
                if name == "javascript" {
                    expected.push_str(", a linkKey (not shown)");
                }
                if name == "react-native" {
                    expected.push_str(", an accountId (not shown)");
                }
                assert_eq!(message, expected, "{name}");
                let mismatch = codes(report).contains(&"environment-mismatch");
                assert_eq!(
                    mismatch,
                    sandbox != sandbox_token,
                    "{name} sandbox {sandbox}"
                );
                if mismatch {
                    assert_eq!(only(report, Code::EnvironmentMismatch).0, Severity::Error);
                }
                let shown = [
                    report.human().to_string(),
                    report.summary().to_string(),
                    serde_json::to_string(report).unwrap(),
                ]
                .concat();
                for secret in ["my-link-key-0123456789", "018051aa-0e2b", "viewController"] {
                    assert!(!shown.contains(secret), "{secret} shown for {name}");
                }
            }
        }
    }
}

#[test]
fn a_sandbox_given_outright_counts_over_the_snippet() {
    let text = snippet(snippets()[0].1, &production(), true);
    let report = &Inspector::new()
        .expect_sandbox(false)
        .inspect_snippet(&text, at(0))[0];
    assert!(!codes(report).contains(&"environment-mismatch"));
    assert!(only(report, Code::LinkSnippet)
        .1
        .contains("sandbox: true in the snippet, but sandbox: false as given is checked"));
}

#[test]
fn a_snippet_with_a_placeholder_says_so() {
    let text = snippet(snippets()[4].1, "USER_TOKEN", true);
    let reports = Inspector::new().inspect_snippet(&text, at(0));
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert!(report.error().is_some());
    assert_eq!(report.source(), None);
    assert!(codes(report).contains(&"no-token-found"));
    assert!(only(report, Code::LinkSnippet)
        .1
        .starts_with("a Link configuration: its userToken is not a readable token, sandbox: true"));
}

/// The one report of `text` read as a snippet: the production token
/// taken, with the `link-snippet` note `note`.
#[track_caller]
fn takes_production(text: &str, note: &str) -> usertoken::Report {
    let mut reports = Inspector::new().inspect_snippet(text, at(0));
    assert_eq!(reports.len(), 1, "{text:?}");
    let report = reports.remove(0);
    assert_eq!(report.claims().unwrap().user_id(), Some(USER), "{text:?}");
    assert_eq!(only(&report, Code::LinkSnippet).1, note, "{text:?}");
    report
}

/// The note when the token and `sandbox: false` are taken from a snippet.
const TAKEN_SANDBOX_FALSE: &str = "a Link configuration: the token from its userToken, sandbox: false from the snippet for the environment check";

/// Comments, a commented-out setting and a division around the settings,
/// with a comment first in the text.
#[test]
fn a_snippet_is_read_through_its_comments() {
    let (token, old) = (production(), sandbox());
    let texts = [
        format!(
            "// userToken: '{old}', sandbox: true\nconst half = 60 / 2; Argyle.create({{ userToken: // from POST /user-tokens\n  '{token}', sandbox: false }})"
        ),
        format!(
            "/* userToken: '{old}' */userToken: /* from POST /user-tokens */ '{token}',\n/* sandbox: true */sandbox: false"
        ),
    ];
    for text in texts {
        let report = takes_production(&text, TAKEN_SANDBOX_FALSE);
        assert_eq!(
            report.source().map(|s| s.offset()),
            text.rfind(&token),
            "{text:?}"
        );
        assert!(!codes(&report).contains(&"environment-mismatch"));
    }
}

/// A name runs from a letter, `_` or `$`: `_userToken` and `$sandbox` are
/// other names, not the settings.
#[test]
fn names_that_only_end_in_a_setting_are_not_the_setting() {
    let (token, old) = (production(), sandbox());
    let text = format!(
        "const _userToken = '{old}', $sandbox = true;\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
    );
    takes_production(&text, TAKEN_SANDBOX_FALSE);
}

/// Strings as the snippets' languages write them: a backslash escapes the
/// next character, a quote string ends at the end of its line, a template
/// string runs over lines. Settings inside a string are not settings.
#[test]
fn settings_inside_strings_are_not_settings() {
    let (token, old) = (production(), sandbox());
    let texts = [
        format!(
            "const note = 'it\\'s not userToken: \\'{old}\\' nor sandbox: true, see the docs at https://docs.argyle.com/link/user-tokens';\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
        ),
        format!(
            "const unterminated = \"a quote left open\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
        ),
        format!(
            "const help = `set\nuserToken: '{old}'\nsandbox: true`;\nArgyle.create({{ userToken: '{token}', sandbox: false }})"
        ),
    ];
    for text in texts {
        takes_production(&text, TAKEN_SANDBOX_FALSE);
    }
}

/// The first value of each setting counts; a snippet setting only one of
/// them is still a Link configuration.
#[test]
fn the_first_of_each_setting_counts_and_either_alone_is_a_configuration() {
    let (token, old) = (production(), sandbox());
    let twice = format!(
        "Argyle.create({{ userToken: '{token}', sandbox: false }});\nArgyle.create({{ userToken: '{old}', sandbox: true }})"
    );
    let only_token = format!("Argyle.create({{ userToken: '{token}' }})");
    let only_sandbox = format!("link init sandbox=true token {token}");
    let expected = [
        (twice, TAKEN_SANDBOX_FALSE, false),
        (
            only_token,
            "a Link configuration: the token from its userToken, no sandbox setting",
            false,
        ),
        (
            only_sandbox,
            "a Link configuration: sandbox: true from the snippet for the environment check",
            true,
        ),
    ];
    for (text, note, mismatch) in expected {
        let report = takes_production(&text, note);
        assert_eq!(
            codes(&report).contains(&"environment-mismatch"),
            mismatch,
            "{text:?}"
        );
    }
}

/// A snippet as long as the limit is read; one byte longer is too large.
#[test]
fn a_snippet_up_to_the_limit_is_read() {
    let text = format!("Argyle.create({{ userToken: '{}' }})", production());
    let at_limit = Inspector::new()
        .max_len(text.len())
        .inspect_snippet(&text, at(0));
    assert_eq!(at_limit.len(), 1);
    assert!(at_limit[0].error().is_none());
    assert!(codes(&at_limit[0]).contains(&"link-snippet"));
    let over = Inspector::new()
        .max_len(text.len() - 1)
        .inspect_snippet(&text, at(0));
    assert_eq!(over.len(), 1);
    assert_eq!(
        over[0].error().map(|e| e.kind()),
        Some(usertoken::ErrorKind::TooLarge)
    );
}

#[test]
fn text_without_a_link_configuration_is_searched_whole() {
    let (a, b) = (production(), sandbox());
    let text = format!("ticket #123\n\nfirst try:\n  {a}\nsecond try:\n  {b}\n");
    let reports = Inspector::new().inspect_snippet(&text, at(0));
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| !codes(r).contains(&"link-snippet")));
    assert_eq!(
        reports[1].source().map(|s| (s.index(), s.of())),
        Some((2, 2))
    );
}

#[test]
fn cli_inspect_paste_reads_a_snippet_whole() {
    let token = production();
    let now = ["--now", NOW];
    for (name, style) in snippets() {
        let text = snippet(style, &token, true);
        // Standard input and an argument read alike.
        let from_stdin = run(
            &["inspect", "--paste", "--json", now[0], now[1]],
            &text,
            &[&token],
        );
        let from_arg = run(
            &["inspect", "--paste", "--json", now[0], now[1], "--", &text],
            "",
            &[&token],
        );
        assert_eq!(from_stdin.stdout, from_arg.stdout, "{name}");
        assert_eq!(from_stdin.status.code(), Some(0), "{name}");
        let lines = json_lines(&from_stdin);
        assert_eq!(lines.len(), 1, "{name}");
        let codes: Vec<&str> = lines[0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"link-snippet"), "{name}: {codes:?}");
        assert!(codes.contains(&"environment-mismatch"), "{name}: {codes:?}");
        let human = run(
            &["inspect", "--paste", "--color", "never", now[0], now[1]],
            &text,
            &[&token],
        );
        let human = stdout(&human);
        assert!(
            human.contains("Link is set up with sandbox: true, but the token is for production"),
            "{human}"
        );
        assert!(!human.contains("my-link-key"), "{human}");
    }
    // Without --paste each line is its own input.
    let text = snippet(snippets()[0].1, &token, true);
    let lines = run(&["inspect", "--json", now[0], now[1]], &text, &[&token]);
    assert!(json_lines(&lines).len() > 1);
}
