//! CLI-wide behaviour: completions that do not drift, help, exit codes for usage errors.

use crate::support::{evt_cmd, run};

#[test]
fn committed_completions_match_the_cli() {
    let home = tempfile::tempdir().unwrap();
    for (shell, file) in [
        ("bash", "evt.bash"),
        ("zsh", "_evt"),
        ("fish", "evt.fish"),
        ("elvish", "evt.elv"),
        ("powershell", "_evt.ps1"),
    ] {
        let mut c = evt_cmd(home.path());
        c.args(["completions", shell]);
        let r = run(c).ok();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("completions")
            .join(file);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == r.stdout,
            "completions/{file} is out of date: run scripts/gen-completions.sh and commit"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.arg("no-such-command");
    assert_eq!(run(c).code(), 2);
}
