//! Running the `hearth` binary as a person does: through a pipe, or on a pseudo-terminal made
//! by `script` (util-linux), with the escape codes it prints taken apart from the text.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const HEARTH: &str = env!("CARGO_BIN_EXE_hearth");

/// `hearth args…` in `folder`, its output through pipes (not a terminal); `env` is added to an
/// environment without `NO_COLOR`.
pub fn piped(folder: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(HEARTH)
        .current_dir(folder)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("HEARTH_PROGRESS_DELAY_MS")
        .envs(env.iter().copied())
        .output()
        .expect("hearth runs")
}

/// What a terminal shows of `hearth args…` run in `folder` on a pseudo-terminal 100 columns
/// wide (standard output and error together, as `script` records them), and its exit code.
pub fn on_terminal(folder: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, Option<i32>) {
    let quoted: Vec<String> = std::iter::once(HEARTH)
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', r"'\''")))
        .collect();
    let command = format!("stty cols 100 rows 30; exec {}", quoted.join(" "));
    let output = Command::new("script")
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .current_dir(folder)
        .env_remove("NO_COLOR")
        .env_remove("HEARTH_PROGRESS_DELAY_MS")
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs");
    (
        String::from_utf8(output.stdout).expect("UTF-8"),
        output.status.code(),
    )
}

/// The escape sequences in `text` that set colours and styles (`ESC [ … m`).
pub fn colour_codes(text: &str) -> Vec<&str> {
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("\x1b[") {
        let after = &rest[start + 2..];
        let end = after
            .find(|c: char| ('@'..='~').contains(&c))
            .unwrap_or(after.len());
        if after[end..].starts_with('m') {
            codes.push(&rest[start..start + 2 + end + 1]);
        }
        rest = &after[(end + 1).min(after.len())..];
    }
    codes
}

/// `text` without escape sequences and carriage returns: the words a terminal showed, in order.
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('\x1b') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let skip = if let Some(sequence) = after.strip_prefix('[') {
            1 + sequence
                .find(|c: char| ('@'..='~').contains(&c))
                .map_or(sequence.len(), |end| end + 1)
        } else {
            after.chars().next().map_or(0, char::len_utf8)
        };
        rest = &after[skip.min(after.len())..];
    }
    out.push_str(rest);
    out.replace('\r', "")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// A summary with its time (which changes from run to run) written as `N`.
pub fn without_time(summary: &str) -> String {
    let (before, after) = summary.split_once(") in ").expect("a time in the summary");
    let (_, after) = after.split_once(" ms").expect("milliseconds");
    format!("{before}) in N ms{after}")
}
