//! A small, deterministic mutation engine for the fuzz harness (tests/fuzz.rs): a seeded PRNG and
//! mutators over bytes, JSON structure, text encodings and PNG chunks. Stable Rust, no new crates:
//! the same seed gives the same inputs on every machine, so a failure is replayed by its seed.

use serde_json::Value;

/// SplitMix64: tiny, fast, and good enough to drive mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Mostly small sizes, sometimes large ones: bugs hide at both ends.
    pub fn size(&mut self, small: usize, large: usize) -> usize {
        if self.chance(85) {
            1 + self.below(small)
        } else {
            1 + self.below(large)
        }
    }
}

/// Tokens that matter to the parsers and rules: JSON syntax, references, paths, encodings,
/// markdown and C# structure, numbers at the edges.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "-0",
    "1e999999",
    "123456789012345678901234567890",
    "\u{feff}",
    "\r\n",
    "\r",
    "\t",
    "\0",
    "é",
    "日本",
    "🎉",
    "\"$ref\": \"#/definitions/A\"",
    "{\"$ref\": \"#\"}",
    "#/definitions/",
    "#/paths/",
    "\"x-ms-visibility\": \"internal\"",
    "\"type\": \"object\"",
    "\"properties\": {",
    "\"required\": [\"a\"]",
    "\"allOf\": [",
    "../../../../etc/passwd",
    "/dev/zero",
    "C:\\\\Windows",
    "# ",
    "## ",
    "```",
    "<script>",
    "[link](",
    "class Script : ScriptBase",
    "namespace ",
    "using System;",
    "new HttpClient()",
    "select = [\"ALL\"]",
    "[[overrides]]",
    "paths = [\"**\"]",
    "severity = {",
    "profile = \"certified\"",
    "exclude = [\"*\"]",
    "openapi: 3.1.0",
    "$ref: '#'",
    "&anchor",
    "*anchor",
    "<<: *anchor",
    "- ",
    "? ",
    "!!binary",
    "%YAML 1.2",
    "---",
    "...",
];

/// A YAML alias bomb ("billion laughs"): each level doubles the one before.
pub fn alias_bomb(levels: usize) -> String {
    let mut out = String::from("l0: &l0 [\"lol\", \"lol\"]\n");
    for i in 1..levels {
        out += &format!("l{i}: &l{i} [*l{}, *l{}]\n", i - 1, i - 1);
    }
    out
}

/// Bytes that break or steer parsers.
const BYTES: &[u8] = &[
    0x00, 0xFF, 0xFE, 0xC3, 0x80, b'"', b'{', b'}', b'[', b']', b',', b':', b'\\', b'\n', b'\r',
    b'#', b'-', b'\t', b' ', b'0', b'9', b'e', b'.',
];

/// A chunk of `len` bytes starting somewhere in `data`.
fn chunk(rng: &mut Rng, data: &[u8], max: usize) -> Vec<u8> {
    if data.is_empty() {
        return Vec::new();
    }
    let start = rng.below(data.len());
    let len = rng.size(max, data.len()).min(data.len() - start);
    data[start..start + len].to_vec()
}

/// One byte-level mutation.
pub fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>, donors: &[Vec<u8>]) {
    let at = rng.below(data.len() + 1);
    match rng.below(10) {
        0 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] ^= 1 << rng.below(8);
        }
        1 if !data.is_empty() => {
            let i = rng.below(data.len());
            data[i] = *rng.pick(BYTES);
        }
        2 if !data.is_empty() => {
            let len = rng
                .size(64, data.len())
                .min(data.len() - at.min(data.len() - 1));
            let start = at.min(data.len() - 1);
            data.drain(start..start + len);
        }
        3 => {
            let piece = chunk(rng, data, 256);
            data.splice(at..at, piece);
        }
        4 => {
            let token = rng.pick(TOKENS).as_bytes().to_vec();
            data.splice(at..at, token);
        }
        5 => data.truncate(at),
        6 if !donors.is_empty() => {
            // Splice: our prefix, another seed's suffix.
            let donor = rng.pick(donors).clone();
            let from = rng.below(donor.len() + 1);
            data.truncate(at);
            data.extend_from_slice(&donor[from..]);
        }
        7 => {
            // Something huge: a long run of one token (deep nesting, long strings, many lines).
            let token = rng.pick(&["[", "{\"a\":", "a", "#", "\n", "é", "x ", "- [", "\\\\"]);
            let times = rng.size(1_000, 200_000);
            data.splice(at..at, token.repeat(times).into_bytes());
        }
        _ => {
            let byte = rng.below(256) as u8;
            data.insert(at, byte);
        }
    }
}

/// Every node of a JSON value, as paths of keys and indexes.
fn paths(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if out.len() > 20_000 {
        return;
    }
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                paths(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'v>(value: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    let mut v = value;
    for part in path {
        v = match v {
            Value::Object(map) => map.get_mut(part)?,
            Value::Array(items) => items.get_mut(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// One structural mutation of a JSON document: a value replaced by one of another type, a
/// subtree copied elsewhere, a `$ref` to anywhere (cycles included), deep nesting or a huge
/// string. Returns `false` when `data` is not JSON.
pub fn mutate_json(rng: &mut Rng, data: &mut Vec<u8>) -> bool {
    let text = String::from_utf8_lossy(data);
    let Ok(mut doc) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) else {
        return false;
    };
    let mut all = Vec::new();
    paths(&doc, &mut Vec::new(), &mut all);
    let target = rng.pick(&all).clone();
    let donor = rng.pick(&all).clone();
    let donor_value = node_mut(&mut doc, &donor).map(|v| v.clone());
    let replacement = match rng.below(9) {
        0 => Value::Null,
        1 => Value::from(rng.next() as i64),
        2 => Value::from("x".repeat(rng.size(40, 300_000))),
        3 => serde_json::json!([]),
        4 => serde_json::json!({}),
        5 => {
            let to = pointer(rng.pick(&all[..]).as_slice());
            serde_json::json!({ "$ref": format!("#{to}") })
        }
        6 => donor_value.unwrap_or(Value::Null),
        7 => {
            let mut v = Value::from("deep");
            for _ in 0..rng.size(40, 300) {
                v = serde_json::json!({ "type": "object", "properties": { "p": v } });
            }
            v
        }
        _ => {
            // A schema that references itself twice: a branching $ref graph.
            let here = pointer(&target);
            serde_json::json!({"type": "object", "properties": {
                "l": {"$ref": format!("#{here}")}, "r": {"$ref": format!("#{here}")}}})
        }
    };
    if let Some(slot) = node_mut(&mut doc, &target) {
        *slot = replacement;
    }
    *data = if rng.chance(30) {
        serde_json::to_vec(&doc).unwrap() // minified: one long line
    } else {
        serde_json::to_vec_pretty(&doc).unwrap()
    };
    true
}

/// The whole file re-encoded: UTF-16 with a BOM, a UTF-8 BOM, CRLF line breaks, or Latin-1.
pub fn mutate_encoding(rng: &mut Rng, data: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(data).into_owned();
    *data = match rng.below(4) {
        0 => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        1 => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        2 => text.replace('\n', "\r\n").into_bytes(),
        _ => text
            .chars()
            .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
            .collect(),
    };
}

/// CRC-32 (IEEE), for PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG mutation that keeps the chunk structure, so decoding gets past the signature: huge or
/// zero dimensions (a decompression bomb), odd bit depths and colour types, chunk lengths that
/// lie, and each chunk's CRC recomputed (or not).
pub fn mutate_png(rng: &mut Rng, data: &mut Vec<u8>) {
    // IHDR starts at byte 8 (length), 12 (type), 16 (width), 20 (height), 24 (depth), 25 (colour).
    if data.len() >= 33 && &data[12..16] == b"IHDR" {
        match rng.below(5) {
            0 => data[16..20].copy_from_slice(&(rng.below(1 << 20) as u32).to_be_bytes()),
            1 => data[20..24].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]),
            2 => data[24] = *rng.pick(&[0, 1, 2, 3, 16, 255]),
            3 => data[25] = *rng.pick(&[0, 1, 2, 3, 4, 6, 7, 255]),
            _ => {
                let i = 8 + rng.below(data.len() - 8);
                data[i] ^= 0xFF;
            }
        }
        if rng.chance(80) {
            let crc = crc32(&data[12..29]);
            data[29..33].copy_from_slice(&crc.to_be_bytes());
        }
    } else {
        mutate_bytes(rng, data, &[]);
    }
}

/// A fresh, valid PNG with random dimensions, colour type and bit depth (palette, transparency
/// and 16-bit included) and random pixels: the icon rules then decode unusual but valid images.
pub fn random_png(rng: &mut Rng) -> Vec<u8> {
    use png::{BitDepth, ColorType};
    const KINDS: [(ColorType, BitDepth, usize); 12] = [
        (ColorType::Grayscale, BitDepth::One, 1),
        (ColorType::Grayscale, BitDepth::Four, 1),
        (ColorType::Grayscale, BitDepth::Eight, 1),
        (ColorType::Grayscale, BitDepth::Sixteen, 1),
        (ColorType::GrayscaleAlpha, BitDepth::Eight, 2),
        (ColorType::Rgb, BitDepth::Eight, 3),
        (ColorType::Rgb, BitDepth::Sixteen, 3),
        (ColorType::Rgba, BitDepth::Eight, 4),
        (ColorType::Rgba, BitDepth::Sixteen, 4),
        (ColorType::Indexed, BitDepth::One, 1),
        (ColorType::Indexed, BitDepth::Two, 1),
        (ColorType::Indexed, BitDepth::Eight, 1),
    ];
    let (color, depth, samples) = *rng.pick(&KINDS);
    let side = |rng: &mut Rng| {
        if rng.chance(30) {
            230
        } else {
            let max = if rng.chance(90) { 400 } else { 4000 };
            1 + rng.below(max) as u32
        }
    };
    let (width, height) = (side(rng), side(rng));
    let bits = depth as usize;
    let row = (width as usize * samples * bits).div_ceil(8);
    let pixels: Vec<u8> = (0..row * height as usize)
        .map(|_| rng.below(256) as u8)
        .collect();
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(depth);
        if color == ColorType::Indexed {
            let entries = 1usize << bits;
            encoder.set_palette(
                (0..entries * 3)
                    .map(|_| rng.below(256) as u8)
                    .collect::<Vec<_>>(),
            );
            if rng.chance(50) {
                encoder.set_trns(
                    (0..entries)
                        .map(|_| rng.below(256) as u8)
                        .collect::<Vec<_>>(),
                );
            }
        }
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&pixels).unwrap();
    }
    out
}
