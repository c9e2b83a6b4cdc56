//! An installed Chromium, found on PATH (or named by `HEARTH_CHROMIUM`), printing one URL to PDF
//! headless with the page's CSS paper size (`--print-to-pdf`, no browser header or footer).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The names Chromium is installed under, in the order they are tried.
pub const NAMES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome-stable",
    "google-chrome",
    "chrome",
];

/// How long one page may take to print.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Finds Chromium: `HEARTH_CHROMIUM` when set, else the first of [`NAMES`] on `path` (PATH).
pub fn find(explicit: Option<OsString>, path: Option<OsString>) -> Result<PathBuf, String> {
    if let Some(explicit) = explicit.filter(|value| !value.is_empty()) {
        let explicit = PathBuf::from(explicit);
        return if is_executable(&explicit) {
            Ok(explicit)
        } else {
            Err(format!(
                "HEARTH_CHROMIUM is {}, which is not an executable file; expected the path of Chromium",
                explicit.display()
            ))
        };
    }
    let folders: Vec<PathBuf> = path
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    NAMES
        .iter()
        .flat_map(|name| folders.iter().map(move |folder| folder.join(name)))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(not_found_message)
}

pub fn not_found_message() -> String {
    format!(
        "no Chromium found to print with: looked for {} on PATH; install it (Debian, Ubuntu: `apt-get install chromium`) or set HEARTH_CHROMIUM to its path",
        NAMES.join(", ")
    )
}

fn is_executable(path: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.is_file() && metadata.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        metadata.is_file()
    }
}

/// Prints `url` to PDF with a fresh profile (so no answers of anyone's are in it); the PDF's bytes.
pub fn print_to_pdf(chromium: &Path, url: &str) -> Result<Vec<u8>, String> {
    let scratch = tempfile::Builder::new()
        .prefix("hearth-pdf-")
        .tempdir()
        .map_err(|error| format!("cannot make a temporary folder: {error}"))?;
    let pdf = scratch.path().join("page.pdf");
    // Chromium's own log goes to a file: a pipe nobody reads while waiting could fill up.
    let log_path = scratch.path().join("chromium.log");
    let log = std::fs::File::create(&log_path)
        .map_err(|error| format!("cannot make a temporary file: {error}"))?;
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log));
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot start {}: {error}", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "Chromium did not finish printing {url} within {} s",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(error) => return Err(format!("cannot wait for Chromium: {error}")),
        }
    };
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    if status.success() && bytes.starts_with(b"%PDF") {
        return Ok(bytes);
    }
    let stderr = std::fs::read_to_string(&log_path).unwrap_or_default();
    let last = stderr
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("no message");
    Err(format!("Chromium could not print {url} ({status}): {last}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_chromium_on_path_the_message_names_the_package() {
        let empty = tempfile::tempdir().unwrap();
        let error = find(None, Some(empty.path().as_os_str().to_owned())).unwrap_err();
        assert_eq!(error, not_found_message());
        assert!(error.contains("apt-get install chromium"), "{error}");
    }

    #[test]
    fn hearth_chromium_names_the_browser() {
        let error = find(Some("/no/such/chromium".into()), None).unwrap_err();
        assert_eq!(
            error,
            "HEARTH_CHROMIUM is /no/such/chromium, which is not an executable file; expected the path of Chromium"
        );
    }
}
