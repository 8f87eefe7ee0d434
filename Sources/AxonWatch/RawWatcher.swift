/// One kernel event as the platform layer reads it (inotify's `inotify_event`, parsed).
struct RawEvent: Sendable, Equatable {
    var wd: Int32
    var mask: UInt32
    var cookie: UInt32
    /// The entry name inside the watched directory; nil for events on the directory itself, and for names
    /// that are not valid UTF-8 (those files are never part of a snapshot).
    var name: String?

    /// The kernel queue overflowed: events were lost, only a full rescan is trustworthy.
    static let overflow = RawEvent(wd: -1, mask: InotifyMask.queueOverflow, cookie: 0, name: nil)
}

/// Why the platform layer could not do what was asked.
enum RawError: Error, Equatable {
    /// ENOSPC from `inotify_add_watch`.
    case watchLimit
    /// EMFILE from `inotify_init1`.
    case instanceLimit
    /// The path vanished or is not a directory (ENOENT, ENOTDIR): not a failure of the watcher.
    case gone
    /// EACCES and friends: the directory is skipped.
    case denied
    case other(call: String, errno: Int32)
}

/// The syscall seam of the watcher: the real conformer is ``Inotify`` (Linux); tests wrap it to inject
/// overflow, ENOSPC and lost events without touching machine-wide sysctls.
///
/// Requirements: `events` yields batches in kernel order and finishes after `close()`; `addWatch` on a
/// directory already watched returns the same descriptor (inotify semantics); `removeWatch` of an unknown
/// descriptor is harmless. `close()` is idempotent.
protocol RawWatcher: AnyObject, Sendable {
    var events: AsyncStream<[RawEvent]> { get }
    func addWatch(_ absolutePath: String, mask: UInt32) throws(RawError) -> Int32
    func removeWatch(_ wd: Int32)
    func close()
}

/// The inotify ABI constants (stable Linux values), spelled here so the module compiles everywhere.
enum InotifyMask {
    static let modify: UInt32 = 0x2
    static let attrib: UInt32 = 0x4
    static let closeWrite: UInt32 = 0x8
    static let movedFrom: UInt32 = 0x40
    static let movedTo: UInt32 = 0x80
    static let create: UInt32 = 0x100
    static let delete: UInt32 = 0x200
    static let deleteSelf: UInt32 = 0x400
    static let moveSelf: UInt32 = 0x800
    static let unmount: UInt32 = 0x2000
    static let queueOverflow: UInt32 = 0x4000
    static let ignored: UInt32 = 0x8000
    static let onlyDirectory: UInt32 = 0x0100_0000
    static let dontFollow: UInt32 = 0x0200_0000
    static let excludeUnlinked: UInt32 = 0x0400_0000
    static let isDirectory: UInt32 = 0x4000_0000

    /// What every watched directory asks for. No IN_ACCESS/IN_OPEN (reads would wake us), no IN_ATTRIB
    /// (a `touch` is not a content change).
    static let directoryWatch: UInt32 =
        modify | closeWrite | movedFrom | movedTo | create | delete | deleteSelf | moveSelf
        | onlyDirectory | dontFollow | excludeUnlinked
}
