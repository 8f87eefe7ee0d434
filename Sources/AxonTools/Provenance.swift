public import AxonCore
import AxonPolicy
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `data/provenance.jsonl`: who wrote each tool file, and which versions a human approved or rejected
/// (docs/tools.md#provenance-and-trust).
///
/// Append-only, one JSON object per line, each appended with one `write(2)` on an `O_APPEND` descriptor and
/// fsynced, so concurrent sessions never interleave and a record survives a crash once `append` returns.
/// Every record names a file by its repo-relative path and a version by the SHA-256 of its full content: an
/// approval covers exactly the bytes that were reviewed. Reading never fails: damaged lines are skipped and
/// reported, and a missing file is an empty record.
public struct Provenance: Sendable {
    /// The file, absolute.
    public let path: String

    /// The record of the repo at `root`.
    public init(root: String) { path = root + "/" + PathPolicy.provenanceFile }

    /// What `Entry.author` says of a file no agent is recorded to have written (a human, or a shell).
    public static let unknownAuthor = "unknown"

    /// One line of the file.
    public struct Record: Sendable, Equatable {
        public enum Kind: String, Sendable { case write, approve, reject }
        public var kind: Kind
        /// The tool file, repo-relative (`src/tools/x.sh`).
        public var path: String
        /// SHA-256 (lowercase hex) of the file's full content after the write, or of the content reviewed.
        public var hash: String
        /// `write`: the agent that wrote it, and its session (when known).
        public var agent: String?
        public var session: String?
        /// `approve`/`reject`: who decided (`$USER`, else `user`).
        public var by: String?
        public var ts: Timestamp

        public static func write(path: String, hash: String, agent: String, session: String?) -> Record {
            Record(kind: .write, path: path, hash: hash, agent: agent, session: session, by: nil, ts: .now())
        }

        public static func decision(_ kind: Kind, path: String, hash: String, by: String) -> Record {
            Record(kind: kind, path: path, hash: hash, agent: nil, session: nil, by: by, ts: .now())
        }
    }

    /// Appends `record` as one line and fsyncs; creates `data/` and the file when missing.
    public func append(_ record: Record) throws(POSIX.Failure) {
        try POSIX.makeDirectories(String(path[..<path.lastIndex(of: "/")!]))
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIX.Failure(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        // A crash mid-append can leave a torn last line; start on a fresh line so only that one is damaged.
        var info = stat()
        var last: UInt8 = 0
        let torn = fstat(fd, &info) == 0 && info.st_size > 0 && pread(fd, &last, 1, info.st_size - 1) == 1 && last != 10
        let line = (torn ? "\n" : "") + record.line + "\n"
        if let e = Array(line.utf8).withUnsafeBytes({ POSIX.writeAll(fd, $0) }) {
            throw POSIX.Failure(path: path, operation: "write", errno: e)
        }
        guard fsync(fd) == 0 else { throw POSIX.Failure(path: path, operation: "fsync", errno: errno) }
    }

    /// Every readable record, oldest first, and one problem per damaged line (or for an unreadable file).
    public func read() -> Ledger {
        let bytes: [UInt8]
        do {
            bytes = try POSIX.readFile(path)
        } catch {
            if error.errno == ENOENT { return Ledger(records: [], problems: [], unreadable: nil) }
            let why = "\(PathPolicy.provenanceFile): cannot be read: \(error.reason)"
            return Ledger(records: [], problems: [why], unreadable: error.reason)
        }
        var records: [Record] = []
        var problems: [String] = []
        for (index, line) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            if let record = Record(line: String(decoding: line, as: UTF8.self)) {
                records.append(record)
            } else {
                problems.append("\(PathPolicy.provenanceFile):\(index + 1): malformed line; skipped")
            }
        }
        return Ledger(records: records, problems: problems, unreadable: nil)
    }
}

extension Provenance {
    /// The record as read: the queries `ToolCatalog.load` and `axon tools approve|reject` ask.
    public struct Ledger: Sendable {
        public var records: [Record]
        /// `data/provenance.jsonl:5: malformed line; skipped`, or why the file cannot be read.
        public var problems: [String]
        /// Why the file exists but cannot be read; then nobody's authorship is known and review fails closed.
        public var unreadable: String?

        /// Whether a human has decided about one version of a file.
        public enum Review: Sendable, Equatable {
            case pending
            case approved(by: String, at: Timestamp)
            case rejected(by: String, at: Timestamp)
        }

        /// The agent that last wrote exactly this content at `path`; nil when no agent did (the file was
        /// written by a human or a shell, or edited since the agent's write).
        public func author(path: String, hash: String) -> String? {
            records.last { $0.kind == .write && $0.path == path && $0.hash == hash }?.agent
        }

        /// The latest decision about this content at `path`: approval is pinned to the hash, so any change
        /// to the file is pending again.
        public func review(path: String, hash: String) -> Review {
            guard let last = records.last(where: { $0.kind != .write && $0.path == path && $0.hash == hash })
            else { return .pending }
            let by = last.by ?? "user"
            return last.kind == .approve ? .approved(by: by, at: last.ts) : .rejected(by: by, at: last.ts)
        }
    }
}

extension Provenance.Record {
    /// The compact JSON line (keys sorted, no newline).
    var line: String {
        var fields: [String: JSONValue] = [
            "kind": .string(kind.rawValue), "path": .string(path), "hash": .string(hash), "ts": .string(ts.rfc3339),
        ]
        if let agent { fields["agent"] = .string(agent) }
        if let session { fields["session"] = .string(session) }
        if let by { fields["by"] = .string(by) }
        return JSONValue.object(fields).serialized()
    }

    /// Parses one line; nil for anything that is not a complete, well-formed record (a torn or edited line).
    init?(line: String) {
        guard let json = try? JSONValue(parsing: line), let kind = json["kind"]?.stringValue.flatMap(Kind.init),
            let path = json["path"]?.stringValue, !path.isEmpty, let hash = json["hash"]?.stringValue,
            hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
            let ts = json["ts"]?.stringValue.flatMap(Timestamp.init(parsing:))
        else { return nil }
        let agent = json["agent"]?.stringValue
        let by = json["by"]?.stringValue
        // A write without its agent, or a decision without who made it, says nothing usable.
        guard kind == .write ? agent?.isEmpty == false : by?.isEmpty == false else { return nil }
        self.init(
            kind: kind, path: path, hash: hash, agent: agent, session: json["session"]?.stringValue, by: by, ts: ts)
    }
}
