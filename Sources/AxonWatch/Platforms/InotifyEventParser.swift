/// Parsing of the variable-length `inotify_event` records read from an inotify descriptor.
///
/// Layout (linux/inotify.h): `int32 wd; uint32 mask; uint32 cookie; uint32 len; char name[len]` where `name`
/// is NUL-padded to `len` bytes. Records are read unaligned from the byte buffer, so this is plain Swift and
/// tested on every platform.
enum InotifyEventParser {
    static let headerSize = 16

    /// Every complete record in `bytes`, in order. A truncated trailing record (the kernel never splits one
    /// across reads, so only a corrupt buffer has one) is dropped.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [RawEvent] {
        var events: [RawEvent] = []
        var offset = 0
        while offset + headerSize <= bytes.count {
            let wd = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            guard nameStart + length <= bytes.count else { break }
            var name: String? = nil
            if length > 0 {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + length)])
                let trimmed = raw.prefix { $0 != 0 }
                name = trimmed.isEmpty ? nil : String(validating: trimmed, as: UTF8.self)
                // A name that is not UTF-8 is kept as an event on an unnamed entry so the directory is rescanned.
                if name == nil && !trimmed.isEmpty { name = "\u{FFFD}invalid-utf8" }
            }
            events.append(RawEvent(wd: wd, mask: mask, cookie: cookie, name: name))
            offset = nameStart + length
        }
        return events
    }
}
