//! Test support shared by integration tests.

pub mod fake_github;
pub mod fake_powerplatform;
pub mod zipbuild;
