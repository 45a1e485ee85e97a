//! ## What it checks
//! The validation keywords of schemas, non-body parameters and response headers (with their
//! nested `items`):
//! - `minimum` ≤ `maximum`, `minLength` ≤ `maxLength`, `minItems` ≤ `maxItems`,
//!   `minProperties` ≤ `maxProperties`;
//! - `minLength`, `maxLength`, `minItems`, `maxItems`, `minProperties`, `maxProperties` ≥ 0;
//! - `multipleOf` > 0;
//! - `exclusiveMinimum: true` / `exclusiveMaximum: true` only next to `minimum` / `maximum`;
//! - `pattern` is a valid regular expression.
//!
//! Each finding carries the Swagger Validator code of its check (`MinimumShouldBeLessThanOrEqualToMaximum`,
//! `MaxLengthMustBeGreaterThanOrEqualToZero`, `MultipleOfMustBeGreaterThanZero`,
//! `ExclusiveMaximumRequiresMaximum`, `PatternShouldBeValidRegularExpression`, ...). The
//! validator publishes no code for `minProperties` > `maxProperties`; it is reported without one.
//!
//! Patterns are run by .NET on the service and by JavaScript in the designer, and the three
//! regex dialects involved (with this tool's own) disagree on look-around, named groups, inline
//! options and more. So a pattern is only reported for faults every dialect rejects: unbalanced
//! parentheses, an unclosed `[`, a quantifier with nothing to repeat or stacked on another
//! (`a**`), `{5,2}`, a backwards class range (`[z-a]`) and a trailing backslash.
//!
//! ## Why it matters for certification
//! Contradictory bounds make every value invalid, and a broken pattern makes the platform fail
//! when it validates input. The Swagger Validator rejects these in its metadata checks.
//!
//! ## Example
//! ```json
//! "quantity": { "type": "integer", "minimum": 10, "maximum": 1, "exclusiveMinimum": true },
//! "code": { "type": "string", "pattern": "^([A-Z]{2,3}$" }
//! ```
//! Use instead:
//! ```json
//! "quantity": { "type": "integer", "minimum": 1, "maximum": 10 },
//! "code": { "type": "string", "pattern": "^[A-Z]{2,3}$" }
//! ```
//!
//! ## Fix safety
//! Safe: `exclusiveMinimum: true` without `minimum` (or `exclusiveMaximum` without `maximum`) is removed; without its bound it has no effect. Contradictory bounds, negative counts, a `multipleOf` of 0 or less and broken patterns get no fix: the right value is the API's.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use util::schemas::pattern_error;

pub struct SchemaNumericConstraints;

/// The keywords this rule reads, in slot order.
const KEYS: [&str; 12] = [
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
];
const MULTIPLE_OF: usize = 8;
const EXCLUSIVE_MINIMUM: usize = 9;
const PATTERN: usize = 11;

/// `(lower slot, upper slot, code when lower > upper)`.
const PAIRS: [(usize, usize, Option<&str>); 4] = [
    (0, 1, Some("MinimumShouldBeLessThanOrEqualToMaximum")),
    (2, 3, Some("MinLengthShouldBeLessThanOrEqualToMaxLength")),
    (4, 5, Some("MinItemsShouldBeLessThanOrEqualToMaxItems")),
    (6, 7, None),
];

/// `(slot, code when negative)`.
const COUNTS: [(usize, &str); 6] = [
    (2, "MinLengthMustBeGreaterThanOrEqualToZero"),
    (3, "MaxLengthMustBeGreaterThanOrEqualToZero"),
    (4, "MinItemsMustBeGreaterThanOrEqualToZero"),
    (5, "MaxItemsMustBeGreaterThanOrEqualToZero"),
    (6, "MinPropertiesMustBeGreaterThanOrEqualToZero"),
    (7, "MaxPropertiesMustBeGreaterThanOrEqualToZero"),
];

fn check(cx: &mut Checker, node: JsonRef) {
    // One pass over the keywords: this runs for every schema, and most have none of these.
    let mut slots: [Option<JsonRef>; KEYS.len()] = [None; KEYS.len()];
    let mut any = false;
    for (key, value) in node.members() {
        if !matches!(key.as_bytes().first(), Some(b'm' | b'e' | b'p')) {
            continue;
        }
        if let Some(i) = KEYS.iter().position(|k| *k == key) {
            slots[i] = Some(value);
            any = true;
        }
    }
    if !any {
        return;
    }
    let number = |i: usize| slots[i].and_then(|v| v.as_f64().map(|n| (v, n)));
    for (low, high, code) in PAIRS {
        if let (Some((lv, l)), Some((hv, h))) = (number(low), number(high))
            && l > h
        {
            let d = cx.report(
                lv,
                format!(
                    "`{}` {} is greater than `{}` {}",
                    KEYS[low],
                    lv.raw(),
                    KEYS[high],
                    hv.raw()
                ),
            );
            if let Some(code) = code {
                d.code(code);
            }
        }
    }
    for (i, code) in COUNTS {
        if let Some((v, n)) = number(i)
            && n < 0.0
        {
            cx.report(v, format!("`{}` is {}; it must be 0 or more", KEYS[i], v.raw()))
                .code(code);
        }
    }
    if let Some((v, n)) = number(MULTIPLE_OF)
        && n <= 0.0
    {
        cx.report(v, format!("`multipleOf` is {}; it must be greater than 0", v.raw()))
            .code("MultipleOfMustBeGreaterThanZero");
    }
    for (flag, bound, code) in [
        (EXCLUSIVE_MINIMUM, 0, "ExclusiveMinimumRequiresMinimum"),
        (EXCLUSIVE_MINIMUM + 1, 1, "ExclusiveMaximumRequiresMaximum"),
    ] {
        if let Some(v) = slots[flag]
            && v.as_bool() == Some(true)
            && slots[bound].is_none()
        {
            // Without its bound the flag has no effect: removing it changes nothing.
            let fix = util::edits::remove_member(node, KEYS[flag])
                .map(|e| Fix::safe(format!("Remove `{}`", KEYS[flag]), vec![e]));
            cx.report_key(v, format!("`{}: true` without `{}`", KEYS[flag], KEYS[bound]))
                .code(code)
                .help(format!("add `{}`, or remove `{}`", KEYS[bound], KEYS[flag]))
                .fix_if(fix);
        }
    }
    if let Some(p) = slots[PATTERN]
        && let Some(text) = p.as_str()
        && let Some(why) = pattern_error(text)
    {
        cx.report(p, format!("`pattern` is not a valid regular expression: {why}"))
            .code("PatternShouldBeValidRegularExpression");
    }
}

impl Rule for SchemaNumericConstraints {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::AnySchema]
    }

    fn any_schema(&self, cx: &mut Checker, _sw: &Swagger, node: JsonRef) {
        check(cx, node);
    }
}
