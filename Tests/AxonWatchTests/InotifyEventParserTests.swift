import Testing

@testable import AxonWatch

@Suite struct InotifyEventParserTests {
    /// Builds the kernel's byte layout: header (wd, mask, cookie, len) then a NUL-padded name.
    private func record(wd: Int32, mask: UInt32, cookie: UInt32 = 0, name: String?, padTo: Int = 16) -> [UInt8] {
        var bytes: [UInt8] = []
        var nameBytes = Array((name ?? "").utf8)
        if name != nil {
            nameBytes.append(0)
            while nameBytes.count % padTo != 0 { nameBytes.append(0) }
        }
        withUnsafeBytes(of: wd.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: cookie.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt32(nameBytes.count).littleEndian) { bytes += $0 }
        return bytes + nameBytes
    }

    @Test func parsesVariableLengthRecordsBackToBack() {
        let buffer =
            record(wd: 1, mask: InotifyMask.create, name: "a")
            + record(wd: 2, mask: InotifyMask.movedTo, cookie: 7, name: "a-much-longer-file-name.swift")
            + record(wd: 1, mask: InotifyMask.deleteSelf, name: nil)
        let events = buffer.withUnsafeBytes { InotifyEventParser.parse($0) }
        #expect(
            events == [
                RawEvent(wd: 1, mask: InotifyMask.create, cookie: 0, name: "a"),
                RawEvent(wd: 2, mask: InotifyMask.movedTo, cookie: 7, name: "a-much-longer-file-name.swift"),
                RawEvent(wd: 1, mask: InotifyMask.deleteSelf, cookie: 0, name: nil),
            ])
    }

    @Test func dropsATruncatedTrailingRecord() {
        let buffer =
            record(wd: 3, mask: InotifyMask.closeWrite, name: "f") + record(wd: 4, mask: 0, name: "g").prefix(20)
        let events = buffer.withUnsafeBytes { InotifyEventParser.parse($0) }
        #expect(events.map(\.wd) == [3])
    }

    @Test func readsUnalignedRecords() {
        let buffer = [0xAA] + record(wd: 9, mask: InotifyMask.modify, name: "x", padTo: 3)
        let events = buffer.withUnsafeBytes {
            InotifyEventParser.parse(UnsafeRawBufferPointer(rebasing: $0.dropFirst()))
        }
        #expect(events == [RawEvent(wd: 9, mask: InotifyMask.modify, cookie: 0, name: "x")])
    }
}
