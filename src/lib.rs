//! ppcert: an offline linter and toolkit for Microsoft Power Platform custom connectors.
//!
//! The pipeline is visible in the modules: [`connector`] finds and loads connector folders,
//! [`lint`] runs the [`rules`] over the [`swagger`] and [`props`] views of each, and [`report`]
//! renders the [`diagnostic`]s.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod connector;
pub mod convert;
pub mod deploy;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod fingerprint;
pub mod fix;
pub mod git;
pub mod json;
pub mod lint;
pub mod props;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod server;
pub mod solution;
pub mod submit;
pub mod swagger;
pub mod workspace;
