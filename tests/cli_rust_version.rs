//! The Rust that `rust-version` in Cargo.toml names can build hearth: no dependency in the lock
//! file asks for a newer one. (The code's own needs are checked by clippy's `incompatible_msrv`,
//! which reads the same field.)

use std::process::Command;

/// `1.91` or `1.88.0` as numbers to compare.
fn version(text: &str) -> Vec<u32> {
    let numbers = text.split('.').map(|part| part.parse().expect("a number"));
    let mut numbers: Vec<u32> = numbers.collect();
    numbers.resize(3, 0);
    numbers
}

#[test]
fn no_dependency_needs_a_newer_rust_than_rust_version_says() {
    let metadata = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&metadata.stdout).expect("cargo metadata prints JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let hearth = packages
        .iter()
        .find(|package| package["name"] == "hearth")
        .expect("hearth itself");
    let ours = hearth["rust_version"].as_str().expect("a rust-version");
    let too_new: Vec<String> = packages
        .iter()
        .filter_map(|package| {
            let wanted = package["rust_version"].as_str()?;
            let name = package["name"].as_str()?;
            let number = package["version"].as_str()?;
            (version(wanted) > version(ours)).then(|| format!("{name} {number} needs {wanted}"))
        })
        .collect();
    assert_eq!(too_new, Vec::<String>::new(), "rust-version is {ours}");
}
