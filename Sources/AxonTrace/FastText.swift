import AxonCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte-level fast paths for the append hot path (measured by `axon-bench trace-append`).
///
/// Most trace text needs no JSON escaping and contains no secret; checking that on the UTF-8 bytes is far
/// cheaper than walking unicode scalars or building a substring searcher per call. When a fast check fails,
/// the general code runs, so output bytes are identical either way (the golden tests pin them).
enum FastText {
    /// `JSONText.quote(s, into:)`, skipping the scalar walk when no byte needs escaping.
    static func quote(_ s: String, into out: inout String) {
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes in
            // `"` `\` controls, and 0xE2 (lead byte of U+2028/U+2029, which JSONText escapes).
            !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
        }
        if plain == true {
            out += "\""
            out += s
            out += "\""
        } else {
            JSONText.quote(s, into: &out)
        }
    }

    /// True when `haystack` contains `needle` (byte comparison of UTF-8; both are NFC-agnostic literals).
    static func contains(_ haystack: String, _ needle: [UInt8]) -> Bool {
        var h = haystack
        return h.withUTF8 { hb in
            needle.withUnsafeBufferPointer { nb in
                guard hb.count >= nb.count, nb.count > 0 else { return false }
                return find(nb, in: hb, from: 0) != nil
            }
        }
    }

    /// `haystack` with every non-overlapping occurrence of `needle` replaced, scanning left to right.
    static func replacing(_ needle: [UInt8], in haystack: String, with replacement: [UInt8]) -> String {
        var h = haystack
        return h.withUTF8 { hb in
            needle.withUnsafeBufferPointer { nb in
                var out: [UInt8] = []
                out.reserveCapacity(hb.count)
                var i = 0
                while let at = find(nb, in: hb, from: i) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: hb[i..<at]))
                    out.append(contentsOf: replacement)
                    i = at + nb.count
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: hb[i..<hb.count]))
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// The offset of the first `needle` in `hay` at or after `from` (memchr for the first byte, memcmp the rest;
    /// `memmem` is a GNU extension the Glibc module does not export).
    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, from: Int)
        -> Int?
    {
        guard needle.count > 0, let base = hay.baseAddress else { return nil }
        var i = from
        while hay.count - i >= needle.count {
            guard let p = memchr(base + i, Int32(needle[0]), hay.count - i - needle.count + 1) else { return nil }
            let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
