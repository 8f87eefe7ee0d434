import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Filesystems whose changes often come from elsewhere (another machine, the Windows side of WSL, a FUSE
/// daemon): inotify only reports writes made through this kernel, so the watcher polls there instead.
enum EventlessFilesystem {
    /// Filesystem types (as `/proc/self/mountinfo` names them) that get polled; `fuse.*` matches every FUSE fs.
    static let types: Set<String> = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuseblk", "coda", "ncpfs", "afs"]

    /// The type of the filesystem holding `path` when it is one of those, else nil (also off Linux, or when
    /// `/proc` cannot be read).
    static func name(at path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        guard let info = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        return classify(mountinfo: info, path: String(cString: resolved))
    }

    /// The polled filesystem type of the longest mount point containing `path`, from mountinfo text.
    static func classify(mountinfo: String, path: String) -> String? {
        var best: (length: Int, type: String)?
        for line in mountinfo.split(separator: "\n") {
            // `ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL…] - FSTYPE SOURCE SUPER`
            let fields = line.split(separator: " ")
            guard fields.count > 4, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count else { continue }
            let mount = unescape(fields[4])
            let inside = path == mount || mount == "/" || path.hasPrefix(mount + "/")
            if inside, mount.count > (best?.length ?? -1) { best = (mount.count, String(fields[dash + 1])) }
        }
        guard let type = best?.type else { return nil }
        return types.contains(type) || type.hasPrefix("fuse.") ? type : nil
    }

    /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
    private static func unescape(_ field: Substring) -> String {
        var out = ""
        var i = field.startIndex
        while i < field.endIndex {
            if field[i] == "\\", let end = field.index(i, offsetBy: 4, limitedBy: field.endIndex),
                let code = UInt8(field[field.index(after: i)..<end], radix: 8)
            {
                out.unicodeScalars.append(Unicode.Scalar(code))
                i = end
            } else {
                out.append(field[i])
                i = field.index(after: i)
            }
        }
        return out
    }
}
