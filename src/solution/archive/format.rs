//! The zip format's records: the end of central directory (zip64 aware), central headers, data descriptors.

use super::*;

pub(super) const LOCAL_LEN: usize = 30;
pub(super) const CENTRAL_LEN: usize = 46;
pub(super) const EOCD_LEN: usize = 22;
pub(super) const ZIP64_LOCATOR_LEN: usize = 20;
pub(super) const ZIP64_EOCD_LEN: usize = 56;
pub(super) const ZIP64_EXTRA: u16 = 0x0001;
pub(super) const FLAG_ENCRYPTED: u16 = 1;
pub(super) const FLAG_DESCRIPTOR: u16 = 1 << 3;
pub(super) const STORED: u16 = 0;
pub(super) const DEFLATE: u16 = 8;
pub(super) const S_IFMT: u32 = 0o170_000;
pub(super) const S_IFLNK: u32 = 0o120_000;
pub(super) const HOST_UNIX: u16 = 3;
pub(super) const HOST_OSX: u16 = 19;

pub(super) fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

pub(super) fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

pub(super) fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

pub(super) fn to_usize(v: u64) -> Option<usize> {
    usize::try_from(v).ok()
}

/// Where the central directory is, from the end-of-central-directory record (zip64 aware).
pub(super) struct Directory {
    pub(super) declared: u64,
    pub(super) offset: u64,
    pub(super) size: u64,
}

pub(super) fn find_directory(b: &[u8]) -> Result<Directory, String> {
    if b.len() < EOCD_LEN {
        return Err(format!(
            "it is {} bytes long, shorter than the smallest zip ({EOCD_LEN} bytes)",
            b.len()
        ));
    }
    // The record is the last thing in the file, followed only by a comment of at most 64 KiB. A
    // record whose comment ends exactly at the end of the file wins over one found earlier.
    let last = b.len() - EOCD_LEN;
    let first = b.len().saturating_sub(EOCD_LEN + usize::from(u16::MAX));
    let mut found = None;
    for pos in (first..=last).rev() {
        if le32(b, pos) != Some(EOCD_SIG) {
            continue;
        }
        let comment = usize::from(le16(b, pos + 20).unwrap_or(0));
        let end = pos + EOCD_LEN + comment;
        if end == b.len() {
            found = Some(pos);
            break;
        }
        if end < b.len() && found.is_none() {
            found = Some(pos);
        }
    }
    let Some(pos) = found else {
        return Err(
            "it has no end-of-central-directory record: it is not a zip, or it was cut short"
                .into(),
        );
    };
    let field16 = |at| u64::from(le16(b, pos + at).unwrap_or(0));
    let field32 = |at| u64::from(le32(b, pos + at).unwrap_or(0));
    let (disk, cd_disk) = (field16(4), field16(6));
    let (on_disk, mut declared) = (field16(8), field16(10));
    let (mut size, mut offset) = (field32(12), field32(16));
    let mut bound = pos as u64;
    let saturated =
        declared == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || on_disk == 0xFFFF;
    let locator = pos.checked_sub(ZIP64_LOCATOR_LEN);
    if let Some(loc) = locator.filter(|&l| le32(b, l) == Some(ZIP64_LOCATOR_SIG)) {
        let record = le64(b, loc + 8).and_then(to_usize);
        let fits = |r: usize| r.checked_add(ZIP64_EOCD_LEN).is_some_and(|e| e <= loc);
        match record.filter(|&r| fits(r) && le32(b, r) == Some(ZIP64_EOCD_SIG)) {
            Some(r) => {
                if le32(b, r + 16) != Some(0) || le32(b, r + 20) != Some(0) {
                    return Err("it is split across several files (a spanned archive); join it into one zip".into());
                }
                declared = le64(b, r + 32).unwrap_or(0);
                size = le64(b, r + 40).unwrap_or(0);
                offset = le64(b, r + 48).unwrap_or(0);
                bound = r as u64;
            }
            None if saturated => {
                return Err("its zip64 end record is missing or damaged".into());
            }
            None => {}
        }
    } else if disk != 0 || cd_disk != 0 || (on_disk != declared && !saturated) {
        return Err(
            "it is split across several files (a spanned archive); join it into one zip".into(),
        );
    }
    match offset.checked_add(size) {
        Some(end) if end <= bound => Ok(Directory {
            declared,
            offset,
            size,
        }),
        _ => Err(format!(
            "its central directory (at byte {offset}, {size} bytes) runs past its end record: the file was cut short or damaged"
        )),
    }
}

/// A central directory header, zip64 sizes resolved.
pub(super) struct Central<'a> {
    pub(super) made_by: u16,
    pub(super) flags: u16,
    pub(super) method: u16,
    pub(super) crc: u32,
    pub(super) csize: u64,
    pub(super) size: u64,
    pub(super) external: u32,
    pub(super) local_offset: u64,
    pub(super) name: &'a [u8],
}

/// The zip64 extended-information field of `extra`, if any.
pub(super) fn zip64_field(extra: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = le16(extra, at)?;
        let len = usize::from(le16(extra, at + 2)?);
        let data = extra.get(at + 4..at + 4 + len)?;
        if id == ZIP64_EXTRA {
            return Some(data);
        }
        at += 4 + len;
    }
    None
}

/// Replaces the 32-bit values saturated at 0xFFFFFFFF by the zip64 field's, in the field's order.
pub(super) fn resolve_zip64(extra: &[u8], values: &mut [&mut u64]) {
    let field = zip64_field(extra).unwrap_or(&[]);
    let mut at = 0;
    for v in values.iter_mut() {
        if **v == 0xFFFF_FFFF
            && let Some(big) = le64(field, at)
        {
            **v = big;
            at += 8;
        }
    }
}

pub(super) fn parse_central(
    b: &[u8],
    pos: usize,
    end: usize,
) -> Result<(Central<'_>, usize), String> {
    let head = b
        .get(pos..pos + CENTRAL_LEN)
        .filter(|_| pos + CENTRAL_LEN <= end)
        .ok_or("the directory ends in the middle of a header")?;
    if le32(head, 0) != Some(CENTRAL_SIG) {
        return Err(format!(
            "there is no central header signature at byte {pos}"
        ));
    }
    let f16 = |at| le16(head, at).unwrap_or(0);
    let f32 = |at| le32(head, at).unwrap_or(0);
    let (name_len, extra_len, comment_len) = (
        usize::from(f16(28)),
        usize::from(f16(30)),
        usize::from(f16(32)),
    );
    let name_at = pos + CENTRAL_LEN;
    let next = name_at + name_len + extra_len + comment_len;
    if next > end {
        return Err("a header's name, extra field or comment runs past the directory".into());
    }
    let name = &b[name_at..name_at + name_len];
    let extra = &b[name_at + name_len..name_at + name_len + extra_len];
    let mut size = u64::from(f32(24));
    let mut csize = u64::from(f32(20));
    let mut local_offset = u64::from(f32(42));
    resolve_zip64(extra, &mut [&mut size, &mut csize, &mut local_offset]);
    Ok((
        Central {
            made_by: f16(4),
            flags: f16(8),
            method: f16(10),
            crc: f32(16),
            csize,
            size,
            external: f32(38),
            local_offset,
            name,
        },
        next,
    ))
}

/// How many central headers follow `pos`, skipped without being kept.
pub(super) fn count_headers(b: &[u8], mut pos: usize, end: usize) -> usize {
    let mut count = 0;
    while let Ok((_, next)) = parse_central(b, pos, end) {
        count += 1;
        pos = next;
    }
    count
}

/// Whether the data descriptor at `at` agrees with the central header: it may start with a
/// signature and carry 4- or 8-byte sizes. `None` when there are too few bytes for one.
pub(super) fn descriptor_matches(b: &[u8], at: usize, c: &Central<'_>) -> Option<bool> {
    let mut room = false;
    for signed in [true, false] {
        let base = if signed {
            if le32(b, at) != Some(DESCRIPTOR_SIG) {
                continue;
            }
            at + 4
        } else {
            at
        };
        if let (Some(crc), Some(cs), Some(us)) =
            (le32(b, base), le32(b, base + 4), le32(b, base + 8))
        {
            room = true;
            if crc == c.crc && u64::from(cs) == c.csize && u64::from(us) == c.size {
                return Some(true);
            }
        }
        if let (Some(crc), Some(cs), Some(us)) =
            (le32(b, base), le64(b, base + 4), le64(b, base + 12))
            && crc == c.crc
            && cs == c.csize
            && us == c.size
        {
            return Some(true);
        }
    }
    room.then_some(false)
}
