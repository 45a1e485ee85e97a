//! Where the new folder goes, and how `ppcert lint` will know its profile.
//!
//! In a PowerPlatformConnectors checkout the repository layout decides both: the connector goes
//! into its track's folder, and the path gives the profile (what reviewers' tooling and
//! `ppcert submit` go by). Elsewhere the folder gets a `.ppcert.toml` pinning the profile, so
//! `ppcert lint` does not have to infer it from the files (placeholders included).

use crate::connector::profile::from_path;
use crate::connector::{Profile, display_path};
use std::path::{Path, PathBuf};

/// The three track folders of microsoft/PowerPlatformConnectors.
pub const TRACKS: [(&str, Profile); 3] = [
    ("certified-connectors", Profile::Certified),
    (
        "independent-publisher-connectors",
        Profile::IndependentPublisher,
    ),
    ("custom-connectors", Profile::Custom),
];

/// The configuration file written outside a checkout. A dot file, so that it never counts as
/// an extra artifact of the connector folder (`pr-no-extra-artifacts` skips dot files).
pub const CONFIG_FILE: &str = ".ppcert.toml";

/// How the folder's place gives its profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// In the track folder of a checkout rooted at the base folder (`certified-connectors/NAME`).
    Repository { track: &'static str },
    /// The base folder is (inside) a track folder already: the path decides.
    InTrack { track: &'static str },
    /// Anywhere else: `.ppcert.toml` in the new folder pins the profile.
    Standalone,
}

/// The folder to create and its profile.
#[derive(Debug, Clone)]
pub struct Place {
    pub folder: PathBuf,
    pub profile: Profile,
    pub placement: Placement,
}

fn track_name(profile: Profile) -> &'static str {
    TRACKS
        .iter()
        .find(|(_, p)| *p == profile)
        .map_or("custom-connectors", |(name, _)| name)
}

/// Whether `dir` is the root of a PowerPlatformConnectors checkout: it holds one of the track
/// folders (a fork or a sparse checkout may lack the others).
pub fn is_checkout(dir: &Path) -> bool {
    TRACKS.iter().any(|(name, _)| dir.join(name).is_dir())
}

/// Where `name` goes when created from `base` (the current folder, or `--out`), as `profile`
/// (`None`: only a track folder may decide). Refusals are messages for the user.
pub fn locate(name: &str, profile: Option<Profile>, base: &Path) -> Result<Place, String> {
    let choose =
        "choose one with --profile certified, --profile independent-publisher or --profile custom";
    if is_checkout(base) {
        let Some(profile) = profile else {
            return Err(format!(
                "`{}` is a PowerPlatformConnectors checkout: which track is the connector for? {choose}",
                display_path(base)
            ));
        };
        let track = track_name(profile);
        return Ok(Place {
            folder: base.join(track).join(name),
            profile,
            placement: Placement::Repository { track },
        });
    }
    let folder = base.join(name);
    if let Some((by_path, track)) = from_path(&folder) {
        return match profile {
            Some(p) if p != by_path => Err(format!(
                "`{}` is inside {track}/, where connectors are judged as {}; a {} connector belongs \
                 in {}/ (use --out, or --profile {})",
                display_path(base),
                by_path.as_str(),
                p.as_str(),
                track_name(p),
                by_path.as_str()
            )),
            _ => Ok(Place {
                folder,
                profile: by_path,
                placement: Placement::InTrack { track },
            }),
        };
    }
    let Some(profile) = profile else {
        return Err(format!("which track is the connector for? {choose}"));
    };
    Ok(Place {
        folder,
        profile,
        placement: Placement::Standalone,
    })
}

/// Refuses a target that exists and is not an empty folder: `ppcert new` never mixes its files
/// with someone else's. Links are refused too, whatever they point to, so nothing is written
/// outside the folder named.
pub fn check_target(folder: &Path) -> Result<(), String> {
    let shown = display_path(folder);
    let meta = match std::fs::symlink_metadata(folder) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot look at `{shown}`: {e}")),
    };
    if meta.file_type().is_symlink() {
        return Err(format!("`{shown}` is a symbolic link; nothing was written"));
    }
    if !meta.is_dir() {
        return Err(format!(
            "`{shown}` exists and is not a folder; nothing was written"
        ));
    }
    let mut entries =
        std::fs::read_dir(folder).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    if entries.next().is_some() {
        return Err(format!(
            "`{shown}` already exists and is not empty; nothing was written (choose another name or --out)"
        ));
    }
    Ok(())
}

/// The `.ppcert.toml` that pins `profile` for a folder outside a checkout.
pub fn config_text(profile: Profile) -> String {
    format!(
        "# Written by `ppcert new`: `ppcert lint` judges this connector as {p}.\n\
         # ppcert reads only the nearest ppcert.toml or .ppcert.toml above a connector, so this file\n\
         # replaces any configuration further up for this folder. Delete it when the folder moves\n\
         # into {track}/ of a PowerPlatformConnectors checkout, whose layout gives the profile.\n\
         profile = \"{p}\"\n",
        p = profile.as_str(),
        track = track_name(profile),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        let p = locate("Contoso", Some(Profile::Custom), base).unwrap();
        assert_eq!(p.placement, Placement::Standalone);
        assert_eq!(p.folder, base.join("Contoso"));
        assert!(locate("Contoso", None, base).is_err());

        std::fs::create_dir(base.join("certified-connectors")).unwrap();
        let p = locate("Contoso", Some(Profile::IndependentPublisher), base).unwrap();
        assert_eq!(
            p.folder,
            base.join("independent-publisher-connectors")
                .join("Contoso")
        );
        assert!(locate("Contoso", None, base).is_err());

        let track = base.join("certified-connectors");
        let p = locate("Contoso", None, &track).unwrap();
        assert_eq!(p.profile, Profile::Certified);
        assert!(locate("Contoso", Some(Profile::Custom), &track).is_err());
    }

    #[test]
    fn targets() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("x");
        assert!(check_target(&t).is_ok());
        std::fs::create_dir(&t).unwrap();
        assert!(check_target(&t).is_ok());
        std::fs::write(t.join("f"), "").unwrap();
        assert!(check_target(&t).is_err());
        assert!(check_target(&t.join("f")).is_err());
    }
}
