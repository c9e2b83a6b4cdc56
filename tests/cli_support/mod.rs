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
    let output = terminal_command(folder, args, env)
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs");
    (
        String::from_utf8(output.stdout).expect("UTF-8"),
        output.status.code(),
    )
}

/// `script` running `hearth args…` in `folder` on a pseudo-terminal 100 columns wide.
pub fn terminal_command(folder: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let quoted: Vec<String> = std::iter::once(HEARTH)
        .chain(args.iter().copied())
        .map(|word| format!("'{}'", word.replace('\'', r"'\''")))
        .collect();
    let command = format!("stty cols 100 rows 30; exec {}", quoted.join(" "));
    let mut script = Command::new("script");
    script
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .current_dir(folder)
        .env_remove("NO_COLOR")
        .env_remove("HEARTH_PROGRESS_DELAY_MS")
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied());
    script
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

/// The lines a terminal shows once `text` is printed: a carriage return goes back to the start
/// of the line, `ESC [ 2K` clears it, other escape sequences draw nothing (progress bars that
/// were cleared are gone; what was printed over them is what stays).
pub fn screen(text: &str) -> String {
    let mut lines = Vec::new();
    for printed in plain_keeping_clears(text).split('\n') {
        let mut line: Vec<char> = Vec::new();
        let mut column = 0;
        for c in printed.chars() {
            match c {
                '\r' => column = 0,
                CLEAR_LINE => line.clear(),
                c => {
                    if column < line.len() {
                        line[column] = c;
                    } else {
                        line.push(c);
                    }
                    column += 1;
                }
            }
        }
        lines.push(line.into_iter().collect::<String>().trim_end().to_string());
    }
    lines.join("\n")
}

/// Stands for `ESC [ 2K` in `plain_keeping_clears`.
const CLEAR_LINE: char = '\u{1}';

/// `text` with `ESC [ 2K` as [`CLEAR_LINE`], other escape sequences taken out, carriage returns
/// kept.
fn plain_keeping_clears(text: &str) -> String {
    let marked = text.replace("\x1b[2K", &CLEAR_LINE.to_string());
    let mut out = String::new();
    for (index, part) in marked.split('\r').enumerate() {
        if index > 0 {
            out.push('\r');
        }
        out.push_str(&plain(part));
    }
    out
}

/// The counted frames of progress bars in `words` (as [`plain`] gives them): for
/// `Building [===>   ] 12/40 render`, `(12, 40, "render")`.
pub fn counted_frames(words: &str) -> Vec<(usize, usize, String)> {
    let mut frames = Vec::new();
    for frame in words.split("] ").skip(1) {
        let Some((count, rest)) = frame.split_once(' ') else {
            continue;
        };
        let Some((done, total)) = count.split_once('/') else {
            continue;
        };
        let (Ok(done), Ok(total)) = (done.parse(), total.parse()) else {
            continue;
        };
        let stage = rest.split_whitespace().next().unwrap_or_default();
        frames.push((done, total, stage.to_string()));
    }
    frames
}
