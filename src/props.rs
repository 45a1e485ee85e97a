//! The apiProperties.json view: the `properties` object and every connection parameter.

use crate::connector::JsonFile;
use crate::json::JsonRef;

pub struct Props<'a> {
    pub file: &'a JsonFile,
    pub root: JsonRef<'a>,
    /// The top-level `properties` object, when there is one.
    pub properties: Option<JsonRef<'a>>,
    pub connection_parameters: Vec<ConnectionParameter<'a>>,
}

/// One entry of `connectionParameters`, or of a `connectionParameterSets` value's `parameters`.
#[derive(Clone, Copy)]
pub struct ConnectionParameter<'a> {
    pub name: &'a str,
    pub node: JsonRef<'a>,
    /// The name of the parameter set it belongs to, for multi-auth connectors.
    pub set: Option<&'a str>,
}

impl<'a> ConnectionParameter<'a> {
    /// The connection parameters of a `properties` object: those of `connectionParameters`,
    /// then those of each `connectionParameterSets` value, in file order.
    pub fn all_in(properties: JsonRef<'a>) -> Vec<ConnectionParameter<'a>> {
        let mut out = Vec::new();
        if let Some(params) = properties.get("connectionParameters") {
            out.extend(params.members().map(|(name, node)| ConnectionParameter {
                name,
                node,
                set: None,
            }));
        }
        let sets = properties
            .get("connectionParameterSets")
            .and_then(|s| s.get("values"));
        for set in sets.into_iter().flat_map(|v| v.items()) {
            let set_name = set.get_str("name");
            for (name, node) in set.get("parameters").into_iter().flat_map(|p| p.members()) {
                out.push(ConnectionParameter {
                    name,
                    node,
                    set: set_name,
                });
            }
        }
        out
    }

    pub fn type_name(&self) -> Option<&'a str> {
        self.node.get_str("type")
    }
}

impl<'a> Props<'a> {
    pub fn new(file: &'a JsonFile) -> Option<Props<'a>> {
        let root = file.doc()?.root();
        let properties = root.get("properties").filter(|p| p.is_object());
        let connection_parameters = properties
            .map(ConnectionParameter::all_in)
            .unwrap_or_default();
        Some(Props {
            file,
            root,
            properties,
            connection_parameters,
        })
    }

    /// `properties.<key>`.
    pub fn get(&self, key: &str) -> Option<JsonRef<'a>> {
        self.properties.and_then(|p| p.get(key))
    }

    /// Every `oAuthSettings` object of the file's `oauthSetting` connection parameters.
    pub fn oauth_settings(
        &self,
    ) -> impl Iterator<Item = (&ConnectionParameter<'a>, JsonRef<'a>)> + '_ {
        self.connection_parameters
            .iter()
            .filter_map(|p| p.node.get("oAuthSettings").map(|o| (p, o)))
    }
}
