#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a session's control socket lives.
///
/// `.axon/sessions/<session>.sock` in the repo, unless that path is longer than a Unix socket address holds
/// (107 bytes on Linux): then `/tmp/axon-<uid>/<repo-hash>-<session>.sock` (or `<hash of both>.sock` if even
/// that is too long). Socket directories are created with mode 0700.
public enum ControlSocketPath {
    /// The longest path `sockaddr_un.sun_path` holds with its terminating NUL.
    public static let maxLength = 107

    public static func resolve(repoRoot: String, session: String, uid: UInt32? = nil, tmp: String = "/tmp")
        -> String
    {
        resolve(repoRoot: repoRoot, directory: "sessions", name: session, uid: uid, tmp: tmp)
    }

    /// The socket of fleet agent instance `instance` (`scout.1`): `.axon/fleet/agent-<instance>.sock`, with the same
    /// `/tmp` fallback. Stable across the instance's restarts, so `axon request -a AGENT` finds it by name.
    public static func agent(repoRoot: String, instance: String, uid: UInt32? = nil, tmp: String = "/tmp")
        -> String
    {
        resolve(repoRoot: repoRoot, directory: "fleet", name: "agent-" + instance, uid: uid, tmp: tmp)
    }

    /// The fleet supervisor's socket: `.axon/fleet/supervisor.sock`, with the same `/tmp` fallback.
    public static func supervisor(repoRoot: String, uid: UInt32? = nil, tmp: String = "/tmp") -> String {
        resolve(repoRoot: repoRoot, directory: "fleet", name: "supervisor", uid: uid, tmp: tmp)
    }

    static func resolve(repoRoot: String, directory: String, name: String, uid: UInt32?, tmp: String) -> String {
        let uid = uid ?? getuid()
        let inRepo = repoRoot + "/.axon/" + directory + "/" + name + ".sock"
        if inRepo.utf8.count <= maxLength { return inRepo }
        let dir = tmp + "/axon-\(uid)"
        let keyed = dir + "/" + hex(fnv1a(repoRoot)).prefix(12) + "-" + name + ".sock"
        if keyed.utf8.count <= maxLength { return keyed }
        return dir + "/" + hex(fnv1a(repoRoot + "\0" + name)) + ".sock"
    }

    /// Creates the socket's directory (and parents) with mode 0700 and checks it is a real directory of ours.
    public static func prepareDirectory(for socketPath: String) throws(ControlError) {
        guard let slash = socketPath.lastIndex(of: "/") else { return }
        let dir = String(socketPath[..<slash])
        var prefix = ""
        for part in dir.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw .socket(operation: "mkdir", path: prefix, errno: errno)
            }
        }
        var st = stat()
        guard lstat(dir, &st) == 0, st.st_mode & 0o170000 == 0o040000, st.st_uid == getuid() else {
            throw .unsafeDirectory(path: dir)
        }
        if st.st_mode & 0o777 != 0o700, chmod(dir, 0o700) != 0 {
            throw .socket(operation: "chmod", path: dir, errno: errno)
        }
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
