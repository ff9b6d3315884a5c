//! A small PNG writer for the command line's pictures (`polyamine-sim
//! tissue … --png`, `make poster`): no dependency, deterministic bytes.
//!
//! Pictures with at most 256 colours (a cells picture is a handful) are
//! written as indexed-colour PNGs, others as RGB (the pixels are opaque).
//! The image data is compressed with DEFLATE: LZ77 with hash chains over
//! a 32 KiB window, coded with the fixed Huffman codes of RFC 1951 §3.2.6.

/// Encode `width × height` opaque RGBA pixels (alpha is dropped) as a PNG.
/// Panics if `rgba` is shorter than `4 · width · height`.
pub fn encode_rgba(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let (w, h) = (width as usize, height as usize);
    let px = &rgba[..4 * w * h];
    // A palette if the picture has at most 256 colours.
    let mut palette: Vec<[u8; 3]> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut indexed = true;
    for p in px.chunks_exact(4) {
        let c = [p[0], p[1], p[2]];
        if !index.contains_key(&c) {
            if palette.len() == 256 {
                indexed = false;
                break;
            }
            index.insert(c, palette.len() as u8);
            palette.push(c);
        }
    }
    // Scanlines, each with its filter byte: 0 (none) for indices, 1 (sub) for RGB.
    let mut raw = Vec::with_capacity(h * (1 + 3 * w));
    for row in px.chunks_exact(4 * w) {
        if indexed {
            raw.push(0);
            raw.extend(row.chunks_exact(4).map(|p| index[&[p[0], p[1], p[2]]]));
        } else {
            raw.push(1);
            for (k, p) in row.chunks_exact(4).enumerate() {
                for c in 0..3 {
                    let left = if k > 0 { row[4 * (k - 1) + c] } else { 0 };
                    raw.push(p[c].wrapping_sub(left));
                }
            }
        }
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, if indexed { 3 } else { 2 }, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    if indexed {
        chunk(&mut out, b"PLTE", &palette.concat());
    }
    chunk(&mut out, b"IDAT", &zlib(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend(kind);
    out.extend(data);
    let crc = crc32(&out[start..]);
    out.extend(crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (n, t) in table.iter_mut().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    !bytes.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in bytes.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    (b << 16) | a
}

/// A zlib stream (RFC 1950) of `data`: header, one fixed-Huffman DEFLATE
/// block, Adler-32.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits::default();
    // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (fastest, no dictionary; 0x7801 % 31 == 0).
    bits.out.extend([0x78, 0x01]);
    deflate_fixed(data, &mut bits);
    let mut out = bits.finish();
    out.extend(adler32(data).to_be_bytes());
    out
}

/// LSB-first bit writer.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code of `len` bits, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The fixed literal/length code of `sym` (0–287).
fn fixed_literal(bits: &mut Bits, sym: u32) {
    match sym {
        0..=143 => bits.code(0x30 + sym, 8),
        144..=255 => bits.code(0x190 + sym - 144, 9),
        256..=279 => bits.code(sym - 256, 7),
        _ => bits.code(0xC0 + sym - 280, 8),
    }
}

const LENGTH_BASE: [u32; 29] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u32; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: [u32; 30] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA: [u32; 30] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

const WINDOW: usize = 32 * 1024;
const MAX_MATCH: usize = 258;
const MIN_MATCH: usize = 3;
/// Candidates tried per position (longer chains compress a little better, slower).
const MAX_CHAIN: usize = 128;
const HASH_BITS: u32 = 15;

fn deflate_fixed(data: &[u8], bits: &mut Bits) {
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE 01: fixed Huffman codes
    let hash = |i: usize| -> usize {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    };
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; data.len()];
    let insert = |i: usize, head: &mut Vec<usize>, prev: &mut Vec<usize>| {
        if i + MIN_MATCH <= data.len() {
            let h = hash(i);
            prev[i] = head[h];
            head[h] = i;
        }
    };
    let mut i = 0;
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        if i + MIN_MATCH <= data.len() {
            let mut cand = head[hash(i)];
            let max = MAX_MATCH.min(data.len() - i);
            let mut chain = 0;
            while cand != usize::MAX && i - cand <= WINDOW && chain < MAX_CHAIN {
                let len = data[cand..].iter().zip(&data[i..i + max]).take_while(|(a, b)| a == b).count();
                if len > best_len {
                    (best_len, best_dist) = (len, i - cand);
                    if len == max {
                        break;
                    }
                }
                cand = prev[cand];
                chain += 1;
            }
        }
        if best_len >= MIN_MATCH {
            let l = LENGTH_BASE.iter().rposition(|&b| b as usize <= best_len).expect("length ≥ 3");
            fixed_literal(bits, 257 + l as u32);
            bits.put(best_len as u32 - LENGTH_BASE[l], LENGTH_EXTRA[l]);
            let d = DIST_BASE.iter().rposition(|&b| b as usize <= best_dist).expect("distance ≥ 1");
            bits.code(d as u32, 5);
            bits.put(best_dist as u32 - DIST_BASE[d], DIST_EXTRA[d]);
            for k in i..i + best_len {
                insert(k, &mut head, &mut prev);
            }
            i += best_len;
        } else {
            fixed_literal(bits, u32::from(data[i]));
            insert(i, &mut head, &mut prev);
            i += 1;
        }
    }
    fixed_literal(bits, 256); // end of block
}


/// Decode a PNG written by [`encode_rgba`] (one fixed-Huffman IDAT, filters
/// 0 and 1, indexed or RGB colour) into RGBA pixels: `(width, height, rgba)`.
/// For tests of the command line's pictures; panics on anything else.
pub fn decode_own(png: &[u8]) -> (u32, u32, Vec<u8>) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (mut pos, mut ihdr, mut plte, mut idat) = (8, Vec::new(), Vec::new(), Vec::new());
    while pos < png.len() {
        let len = u32::from_be_bytes(png[pos..pos + 4].try_into().unwrap()) as usize;
        let (kind, data) = (&png[pos + 4..pos + 8], &png[pos + 8..pos + 8 + len]);
        assert_eq!(crc32(&png[pos + 4..pos + 8 + len]).to_be_bytes(), png[pos + 8 + len..pos + 12 + len], "CRC");
        match kind {
            b"IHDR" => ihdr = data.to_vec(),
            b"PLTE" => plte = data.to_vec(),
            b"IDAT" => idat.extend(data),
            _ => {}
        }
        pos += 12 + len;
    }
    let (w, h) = (u32::from_be_bytes(ihdr[..4].try_into().unwrap()), u32::from_be_bytes(ihdr[4..8].try_into().unwrap()));
    let raw = inflate(&idat);
    let indexed = ihdr[9] == 3;
    let stride = 1 + w as usize * if indexed { 1 } else { 3 };
    let mut rgba = Vec::with_capacity(4 * (w * h) as usize);
    for row in raw.chunks_exact(stride) {
        let mut prev = [0u8; 3];
        for px in row[1..].chunks_exact(if indexed { 1 } else { 3 }) {
            let c = if indexed {
                let k = 3 * px[0] as usize;
                [plte[k], plte[k + 1], plte[k + 2]]
            } else {
                assert_eq!(row[0], 1, "sub filter");
                let c = [px[0].wrapping_add(prev[0]), px[1].wrapping_add(prev[1]), px[2].wrapping_add(prev[2])];
                prev = c;
                c
            };
            rgba.extend([c[0], c[1], c[2], 255]);
        }
    }
    (w, h, rgba)
}

/// Inflate a zlib stream written by [`zlib`] (one fixed-Huffman block).
pub fn inflate(z: &[u8]) -> Vec<u8> {
    assert_eq!(&z[..2], &[0x78, 0x01]);
    let body = &z[2..z.len() - 4];
    let mut pos = 0usize;
    let mut bit = |n: u32| -> u32 {
        let mut v = 0;
        for k in 0..n {
            let b = (body[pos / 8] >> (pos % 8)) & 1;
            v |= u32::from(b) << k;
            pos += 1;
        }
        v
    };
    assert_eq!(bit(1), 1, "final block");
    assert_eq!(bit(2), 1, "fixed codes");
    let mut out: Vec<u8> = Vec::new();
    // Read a Huffman code MSB first.
    let code = |bit: &mut dyn FnMut(u32) -> u32| -> u32 {
        let mut c = 0;
        for len in 1..=9 {
            c = (c << 1) | bit(1);
            match (len, c) {
                (7, 0..=0x17) => return 256 + c,
                (8, 0x30..=0xBF) => return c - 0x30,
                (8, 0xC0..=0xC7) => return 280 + c - 0xC0,
                (9, 0x190..=0x1FF) => return 144 + c - 0x190,
                _ => {}
            }
        }
        panic!("bad code");
    };
    loop {
        let sym = code(&mut bit);
        match sym {
            0..=255 => out.push(sym as u8),
            256 => break,
            _ => {
                let l = (sym - 257) as usize;
                let len = (LENGTH_BASE[l] + bit(LENGTH_EXTRA[l])) as usize;
                let mut d = 0;
                for _ in 0..5 {
                    d = (d << 1) | bit(1);
                }
                let dist = (DIST_BASE[d as usize] + bit(DIST_EXTRA[d as usize])) as usize;
                for _ in 0..len {
                    out.push(out[out.len() - dist]);
                }
            }
        }
    }
    assert_eq!(u32::from_be_bytes(z[z.len() - 4..].try_into().unwrap()), adler32(&out));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zlib_round_trips_through_an_inflater() {
        let mut data: Vec<u8> = (0..70_000u32).map(|i| ((i * i) >> 7) as u8).collect();
        data.extend(std::iter::repeat(7).take(5000));
        data.extend(b"abcabcabcabcabcabcxyz");
        for d in [&data[..], &[][..], &[42][..], &b"aaaa"[..]] {
            assert_eq!(inflate(&zlib(d)), d);
        }
        assert!(zlib(&vec![9u8; 100_000]).len() < 2000, "runs compress");
    }

    #[test]
    fn png_has_its_chunks_and_crcs() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        let rgba: Vec<u8> = (0..16).flat_map(|i| [i as u8 * 16, 0, 0, 255]).collect();
        let png = encode_rgba(4, 4, &rgba);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(png[25], 3, "16 colours: indexed");
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
        let many: Vec<u8> = (0..300u32).flat_map(|i| [i as u8, (i >> 8) as u8, 1, 255]).collect();
        assert_eq!(encode_rgba(300, 1, &many)[25], 2, "300 colours: RGB");
    }
}
